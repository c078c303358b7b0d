/** A level's OTel severity for the wire encoders: the sink's table, `info` for an unknown level. */
import type { LogLevel } from '@dashtam/logger-protocol';
import { OTEL_SEVERITY } from '../record-mapping.js';

export function severityOf(level: LogLevel): { readonly number: number; readonly text: string } {
  return OTEL_SEVERITY[level] ?? OTEL_SEVERITY.info;
}

import { Logger, type LogLevel } from '@dashtam/logger-protocol';
import { parseJsonLines } from '@dashtam/logger-protocol/testing';
import type { OtlpProtocol, OtlpSinkOptions } from '../src/index.js';
import { OtlpSink } from '../src/index.js';

/** A fallback destination that keeps what is written: record lines and the sink's own reports. */
export class FallbackLines {
  readonly chunks: string[] = [];
  write(chunk: string): void {
    this.chunks.push(chunk);
  }
  /** Every JSON line written. */
  get lines(): Record<string, unknown>[] {
    return parseJsonLines(this.chunks.join(''));
  }
  /** The record lines (the sink's own reports left out). */
  get records(): Record<string, unknown>[] {
    return this.lines.filter((l) => l.source !== 'dashtam-otlp-adapter');
  }
  get reports(): Record<string, unknown>[] {
    return this.lines.filter((l) => l.source === 'dashtam-otlp-adapter');
  }
}

/** A sink to `endpoint` and a logger over it; small delays so tests do not wait on defaults. */
export function otlpLogger(
  endpoint: string,
  protocol: OtlpProtocol,
  options: Partial<OtlpSinkOptions> = {},
  logger: { level?: LogLevel; traceContext?: () => string } = {},
): { sink: OtlpSink; logger: Logger; fallback: FallbackLines } {
  const fallback = new FallbackLines();
  const sink = new OtlpSink({
    endpoint,
    protocol,
    serviceName: 'orders',
    serviceVersion: '1.4.2',
    deploymentEnvironment: 'testing',
    flushInterval: 20,
    retryBaseDelay: 10,
    retryMaxDelay: 50,
    fallback,
    ...options,
  });
  return {
    sink,
    fallback,
    logger: new Logger({
      sink,
      level: logger.level ?? 'debug',
      traceContext: logger.traceContext ?? (() => 'no-trace'),
    }),
  };
}

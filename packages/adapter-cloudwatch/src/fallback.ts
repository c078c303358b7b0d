import type { FallbackDestination } from '@dashtam/fd-writer';
import { FallbackWriter as SharedFallbackWriter } from '@dashtam/fd-writer/internal';
import { Redactor } from '@dashtam/logger-protocol/internal';

const reportRedactor = new Redactor();

/** The redaction of the sink's reports (also the spool's, on both threads). */
export function redactReport(text: string): string {
  return reportRedactor.redactString(text);
}

/**
 * The adapter's fallback (the spec's "fallback to console"): JSON lines on stderr, written
 * synchronously so they survive an exit right after; its reports say `dashtam-cloudwatch-adapter`
 * and are redacted (an SDK error can name a proxy URL with credentials). Never throws.
 */
export class FallbackWriter extends SharedFallbackWriter {
  constructor(destination: FallbackDestination) {
    super(destination, { source: 'dashtam-cloudwatch-adapter', redact: redactReport });
  }
}

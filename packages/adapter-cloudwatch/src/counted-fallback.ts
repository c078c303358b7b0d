import type { DeliveryCounters } from './counters.js';
import type { FallbackWriter } from './fallback.js';

/**
 * The keys of delivery's own reports. Each kind is written once until a batch gets through; a
 * failing request also reports `retry:<error name>` or `give_up:<error name>`.
 */
export const REPORT = {
  overflow: 'overflow',
  deadline: 'deadline',
  exit: 'exit',
  closed: 'closed',
  sender: 'sender',
  rejected: 'rejected',
  createStreamDenied: 'create_stream_denied',
  createGroupDenied: 'create_group_denied',
  retentionDenied: 'retention_denied',
} as const;

/** A report's key: one of {@link REPORT}, or a failure by error name. */
export type ReportKey = (typeof REPORT)[keyof typeof REPORT] | `retry:${string}` | `give_up:${string}`;

/**
 * The fallback as delivery uses it: every record handed over is counted in `fallback`, so the
 * stats say how many records went there whichever part of delivery sent them.
 */
export class CountedFallback {
  readonly #writer: FallbackWriter;
  readonly #counters: DeliveryCounters;

  constructor(writer: FallbackWriter, counters: DeliveryCounters) {
    this.#writer = writer;
    this.#counters = counters;
  }

  /** Writes records to the fallback, counted. */
  records(messages: readonly string[]): void {
    this.#counters.fallback += messages.length;
    this.#writer.records(messages);
  }

  /** Reports one of delivery's own failures, once per `key` until {@link CountedFallback.resetReports}. */
  report(key: ReportKey, message: string, fields?: Record<string, unknown>): void {
    this.#writer.report(key, message, fields);
  }

  /** A batch got through: the next failure is reported again. */
  resetReports(): void {
    this.#writer.resetReports();
  }
}

import { type ExportResult, ExportResultCode } from '@opentelemetry/core';
import type { LogRecordExporter, ReadableLogRecord } from '@opentelemetry/sdk-logs';
import type { FallbackWriter } from './fallback.js';
import { FallbackReason, type Ledger } from './ledger.js';
import type { OtlpSinkConfig } from './options.js';

// The statuses OTLP/HTTP says to retry (the SDK retries exactly these too, a few times).
const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);

/**
 * True unless the collector answered with a status that is not retried. The SDK reports a
 * response it will not retry as an `OTLPExporterError` whose `code` is the HTTP status; every
 * other failure has no numeric code: a network error (ECONNREFUSED, ECONNRESET, a timeout), the
 * SDK's own retries running out on 429/502/503/504 ("Export failed with retryable status"), or
 * its concurrency limit. Those are retried here until a flush deadline.
 */
export function isRetryable(error: unknown): boolean {
  const status = (error as { code?: unknown } | undefined)?.code;
  return typeof status === 'number' ? RETRYABLE_STATUS.has(status) : true;
}

function describe(error: unknown): Record<string, unknown> {
  if (error instanceof Error) {
    const { code } = error as { code?: unknown };
    return {
      error_type: error.name,
      error_message: error.message,
      ...(code !== undefined ? { error_code: code } : {}),
    };
  }
  return { error_message: String(error) };
}

/**
 * The exporter the SDK's batch processor calls: it hands the batch to the OTLP exporter and
 * settles each record in the ledger, exported or in the fallback. Records already settled (at a
 * flush deadline) are left out of the request. When the OTLP exporter fails in a way that may
 * pass (its own retries are over), the batch is tried again after a backoff, until it succeeds,
 * is refused for good, or its records are settled by a deadline, an exit or `close()`.
 */
export class SettlingExporter implements LogRecordExporter {
  readonly #inner: LogRecordExporter;
  readonly #ledger: Ledger;
  readonly #seqOf: WeakMap<object, number>;
  readonly #config: OtlpSinkConfig;
  readonly #reports: FallbackWriter;
  readonly #sleepers = new Set<() => void>();
  #stopped = false;

  constructor(
    inner: LogRecordExporter,
    ledger: Ledger,
    seqOf: WeakMap<object, number>,
    config: OtlpSinkConfig,
    reports: FallbackWriter,
  ) {
    this.#inner = inner;
    this.#ledger = ledger;
    this.#seqOf = seqOf;
    this.#config = config;
    this.#reports = reports;
  }

  export(records: ReadableLogRecord[], done: (result: ExportResult) => void): void {
    this.#attempt(records, 0, done);
  }

  /** Wakes retries that wait, so they see records settled by a deadline or `close()` at once. */
  wake(): void {
    for (const wake of this.#sleepers) wake();
    this.#sleepers.clear();
  }

  forceFlush(): Promise<void> {
    return this.#inner.forceFlush?.() ?? Promise.resolve();
  }

  shutdown(): Promise<void> {
    this.#stopped = true;
    this.wake();
    return this.#inner.shutdown();
  }

  #attempt(records: ReadableLogRecord[], attempt: number, done: (result: ExportResult) => void): void {
    const open = records.filter((r) => this.#ledger.isOpen(this.#seqOf.get(r) ?? 0));
    if (open.length === 0 || this.#stopped) {
      done({ code: ExportResultCode.SUCCESS });
      return;
    }
    const seqs = open.map((r) => this.#seqOf.get(r) ?? 0);
    try {
      this.#inner.export(open, (result) => {
        if (result.code === ExportResultCode.SUCCESS) {
          this.#ledger.markExported(seqs);
          this.#reports.resetReports();
          done(result);
        } else if (isRetryable(result.error)) {
          this.#ledger.retries += 1;
          this.#reports.report(
            'retry',
            'OTLP export failed, retrying until it gets through or a flush deadline',
            describe(result.error),
          );
          void this.#sleep(attempt).then(() => this.#attempt(records, attempt + 1, done));
        } else {
          this.#ledger.toFallback(seqs, FallbackReason.Rejected);
          this.#reports.report(
            'rejected',
            'OTLP export refused, records written to the fallback',
            describe(result.error),
          );
          done(result);
        }
      });
    } catch (error) {
      this.#ledger.toFallback(seqs, FallbackReason.Failed);
      this.#reports.report('failed', 'OTLP export threw, records written to the fallback', describe(error));
      done({ code: ExportResultCode.FAILED, error: error instanceof Error ? error : new Error(String(error)) });
    }
  }

  /** Full-jitter exponential backoff; an unref'd timer (a flush's deadline keeps the process up). */
  #sleep(attempt: number): Promise<void> {
    const ceiling = Math.min(this.#config.retryMaxDelay, this.#config.retryBaseDelay * 2 ** Math.min(attempt, 30));
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.#sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, Math.random() * ceiling);
      timer.unref();
      this.#sleepers.add(wake);
    });
  }
}

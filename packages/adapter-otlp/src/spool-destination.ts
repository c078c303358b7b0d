import type { FallbackWriter } from '@dashtam/fd-writer/internal';
import type { LogLevel } from '@dashtam/logger-protocol';
import type { Destination, Refused, ShipResult, SpoolRecord } from '@dashtam/spool/worker';
import { encodeLogsRequest } from './wire/encode.js';
import { postLogs } from './wire/transport.js';
import type { WireContext, WireProtocol, WireRecord } from './wire/types.js';

/** Where a spooled OTLP sink's records go, recorded in its spool: a replay sends them with the resource they were logged with. */
export interface OtlpSpoolTarget {
  readonly resource: WireContext['resource'];
  readonly scope: WireContext['scope'];
}

/** What the worker needs to post: the collector, the encoding, the batching and the retry bounds. */
export interface OtlpDestinationSettings {
  readonly endpoint: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly protocol: WireProtocol;
  readonly exportTimeout: number;
  readonly maxExportBatchSize: number;
  readonly flushInterval: number;
  readonly retryBaseDelay: number;
  readonly retryMaxDelay: number;
}

// The longest Retry-After honoured: a collector asking for more is asked again after this.
const MAX_RETRY_AFTER_MS = 300_000;
const LEVELS = new Set<string>(['debug', 'info', 'warning', 'error', 'critical']);

/**
 * OTLP/HTTP from the spool, in the worker thread: records are encoded without the SDK (protobuf or
 * JSON) and posted. 429/502/503/504 and network failures are retried by the shipper, after the
 * collector's `Retry-After` when it gives one; any other refusal sends the batch to the fallback,
 * counted as rejected. A `partial_success` answer names how many records the collector refused,
 * not which: the whole batch is written to the fallback (every refused record is there; the
 * accepted ones may be there too, at least once) and the refused count is counted as rejected,
 * never as exported.
 */
export class OtlpDestination implements Destination {
  readonly maxRecords: number;
  readonly maxChars = 4 * 1024 * 1024;
  // Requests in flight at once: encoding the next batches while one is answered (a done always
  // consumes the whole batch, as pipelining needs).
  readonly concurrency = 4;
  readonly flushIntervalMs: number;
  readonly retryBaseDelayMs: number;
  readonly retryMaxDelayMs: number;
  readonly #settings: OtlpDestinationSettings;
  readonly #reports: FallbackWriter;
  // One context object per recorded target: the encoder keeps each context's bytes by identity.
  readonly #contexts = new Map<string, WireContext>();

  constructor(settings: OtlpDestinationSettings, reports: FallbackWriter) {
    this.#settings = settings;
    this.#reports = reports;
    this.maxRecords = settings.maxExportBatchSize;
    this.flushIntervalMs = settings.flushInterval;
    this.retryBaseDelayMs = settings.retryBaseDelay;
    this.retryMaxDelayMs = settings.retryMaxDelay;
  }

  async ship(
    records: readonly SpoolRecord[],
    where: Readonly<Record<string, unknown>>,
    replayed: boolean,
  ): Promise<ShipResult> {
    const wire: WireRecord[] = records.map((r) => ({
      line: r.line,
      level: (LEVELS.has(r.level) ? r.level : 'info') as LogLevel,
      time: r.time,
      ...(replayed ? { replayed: true } : {}),
    }));
    const body = encodeLogsRequest(wire, this.#contextOf(where), this.#settings.protocol);
    const outcome = await postLogs({
      url: this.#settings.endpoint,
      headers: this.#settings.headers,
      body,
      protocol: this.#settings.protocol,
      timeoutMs: this.#settings.exportTimeout,
    });
    if (outcome.kind === 'retry') {
      return {
        kind: 'retry',
        reason: outcome.reason,
        ...(outcome.retryAfterMs !== undefined ? { afterMs: Math.min(outcome.retryAfterMs, MAX_RETRY_AFTER_MS) } : {}),
      };
    }
    const lines = () => records.map((r) => r.line);
    if (outcome.kind === 'refused') {
      return {
        kind: 'done',
        consumed: records.length,
        refused: [{ lines: lines(), reason: `refused: ${outcome.reason}`, byBackend: true }],
      };
    }
    if (outcome.rejected <= 0) return { kind: 'done', consumed: records.length };
    const rejected = Math.min(outcome.rejected, records.length);
    this.#reports.report(
      'partial_success',
      'The collector refused records of a batch (partial_success); the batch is written to this fallback',
      {
        rejected,
        records: records.length,
        ...(outcome.message !== undefined ? { collector_message: outcome.message } : {}),
      },
    );
    const refused: Refused = {
      lines: lines(),
      reason: `partial_success: ${rejected} of ${records.length} refused${outcome.message !== undefined ? `: ${outcome.message}` : ''}`,
      byBackend: true,
      counted: rejected,
    };
    return { kind: 'done', consumed: records.length, refused: [refused] };
  }

  #contextOf(where: Readonly<Record<string, unknown>>): WireContext {
    const key = JSON.stringify(where);
    let context = this.#contexts.get(key);
    if (context === undefined) {
      const target = where as unknown as Partial<OtlpSpoolTarget>;
      context = {
        resource: { ...(target.resource ?? {}) },
        scope: { ...(target.scope ?? { name: '@dashtam/adapter-otlp' }) },
      };
      this.#contexts.set(key, context);
    }
    return context;
  }
}

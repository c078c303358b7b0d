import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { LogSink, SinkStats } from '@dashtam/logger-protocol';
import { Spool, type SpoolStats } from '@dashtam/spool';
import { SPOOL_WORKER } from '#spool-worker-path';
import { type ClientSettings, newCloudWatchClient } from './client.js';
import { type CloudWatchStats, Delivery } from './delivery.js';
import { FallbackWriter, redactReport } from './fallback.js';
import { type CloudWatchSinkConfig, type CloudWatchSinkOptions, resolveCloudWatchConfig } from './options.js';
import type { CloudWatchSpoolTarget } from './spool-destination.js';
import type { CloudWatchWorkerData } from './spool-worker.js';

/**
 * The CloudWatch Logs sink: records batched to PutLogEvents off the call path. A write only
 * enqueues (never waits on the network, never throws). Batches follow the API's limits;
 * throttling, 5xx and network failures are retried with backoff and jitter; a full buffer, a dead
 * backend at a flush deadline, an unrecoverable error or a `process.exit` sends records to the
 * fallback (JSON lines on stderr), counted in `stats()`.
 *
 * @example
 * ```ts
 * const sink = new CloudWatchSink({ logGroup: '/dashtam/production/app', region: 'us-east-1', retentionInDays: 30 });
 * const logger = new Logger({ sink, level: 'info' });
 * logger.info('User registered', { user_id });
 * await logger.close(); // delivers what is buffered, within flushTimeout
 * ```
 */
export class CloudWatchSink implements LogSink {
  readonly name = 'cloudwatch';
  readonly #delivery: Delivery;
  readonly #client: CloudWatchLogsClient;
  readonly #ownsClient: boolean;
  readonly #settings: CloudWatchSinkConfig;
  readonly #spool: Spool | undefined;
  #closed = false;

  /** @throws {InvalidCloudWatchOptionsError} naming the option that is wrong and what is accepted. */
  constructor(options: CloudWatchSinkOptions) {
    const settings = resolveCloudWatchConfig(options);
    this.#client = options.client ?? newCloudWatchClient(clientSettings(options, settings.requestTimeout));
    this.#delivery = new Delivery(this.#client, settings, new FallbackWriter(settings.fallback));
    this.#ownsClient = options.client === undefined;
    this.#settings = settings;
    this.#spool = settings.spool === undefined ? undefined : this.#openSpool(options, settings);
  }

  #openSpool(options: CloudWatchSinkOptions, settings: CloudWatchSinkConfig): Spool | undefined {
    const spool = settings.spool;
    if (spool === undefined || settings.streamTarget === undefined) return undefined;
    const target: CloudWatchSpoolTarget = {
      logGroup: settings.logGroup,
      stream: settings.streamTarget,
      ...(settings.logFormat !== undefined ? { logFormat: settings.logFormat } : {}),
      ...(settings.retentionInDays !== undefined ? { retentionInDays: settings.retentionInDays } : {}),
    };
    const data: CloudWatchWorkerData = {
      client: clientSettings(options, settings.requestTimeout),
      settings: {
        batchSize: settings.batchSize,
        maxEventBytes: settings.maxEventBytes,
        flushInterval: settings.flushInterval,
        retryBaseDelay: settings.retryBaseDelay,
        retryMaxDelay: settings.retryMaxDelay,
      },
    };
    return Spool.open({
      dir: spool.dir,
      kind: 'cloudwatch',
      // Region, endpoint (as given; empty: the SDK's defaults) and log group: records of another
      // region, endpoint or service's group are not ours to ship (nor to send with our credentials).
      route: `cloudwatch|${options.region ?? ''}|${options.endpoint ?? ''}|${settings.logGroup}`,
      destination: { ...target },
      worker: { entry: SPOOL_WORKER, data },
      maxBytes: spool.maxBytes,
      exitWaitMs: spool.exitWaitMs,
      segmentBytes: spool.segmentBytes,
      fallback: settings.fallback,
      source: 'dashtam-cloudwatch-adapter',
      redact: redactReport,
      // A write the disk refused: those records, and every later one, wait in memory as without a spool.
      onLost: (records) => {
        for (const r of records) this.#delivery.enqueue(r.line, r.time);
      },
    });
  }

  /** The spool's directory, or undefined when records wait in memory. */
  get spoolDir(): string | undefined {
    return this.#spool?.dir;
  }

  /** The resolved delivery settings. */
  get settings(): CloudWatchSinkConfig {
    return this.#settings;
  }

  write(line: string, level: string, time: number): void {
    // After close() nothing is sent any more, but nothing is lost either: delivery hands the record
    // to the fallback, counted. A time that is not a finite date (a broken clock) would make every
    // batch it heads fail: it is sent with the time it arrived instead.
    const at = Number.isFinite(time) && Math.abs(time) <= 8.64e15 ? time : Date.now();
    if (this.#closed || this.#spool?.append(line, level, at) !== true) this.#delivery.enqueue(line, at);
  }

  /**
   * Counters: enqueued, delivered, batches, retries, rejected, truncated, overflowed, fallback,
   * buffered; with a spool also spooled, shipped, replayed, spool_bytes and torn (the totals
   * count the spool's records too: delivered = shipped + replayed + what went from memory).
   */
  stats(): CloudWatchStats & Partial<SpoolStats> & SinkStats {
    const d = this.#delivery.stats();
    const s = this.#spool?.stats();
    if (s === undefined) return { ...d };
    return {
      ...d,
      ...s,
      enqueued: d.enqueued + s.spooled,
      delivered: d.delivered + s.shipped + s.replayed,
      retries: d.retries + s.spool_retries,
      rejected: d.rejected + s.spool_rejected,
      truncated: d.truncated + s.spool_truncated,
      overflowed: d.overflowed + s.spool_overflowed,
      fallback: d.fallback + s.spool_fallback,
    };
  }

  /**
   * Resolves when every record written before the call is delivered or handed to the fallback,
   * within `flushTimeout`. Never rejects.
   */
  async flush(): Promise<void> {
    await Promise.all([this.#delivery.flush(), this.#spool?.flush(this.#settings.flushTimeout)]);
  }

  /**
   * Flushes (within `flushTimeout`), then hands what is still undelivered (records logged while it
   * waited) to the fallback, stops the timer and releases the client. Later records go to the
   * fallback, counted. Never rejects.
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    // What the spool has not shipped by the deadline stays on disk for the next start.
    await this.#spool?.close(this.#settings.flushTimeout);
    await this.#delivery.flush();
    this.#delivery.close();
    if (this.#ownsClient) this.#client.destroy();
  }
}

// The client's settings from the sink's options (plain data: the spool's worker gets them too).
function clientSettings(options: CloudWatchSinkOptions, requestTimeout: number): ClientSettings {
  return {
    ...(options.region !== undefined ? { region: options.region } : {}),
    ...(options.endpoint !== undefined ? { endpoint: options.endpoint } : {}),
    ...(options.credentials !== undefined ? { credentials: { ...options.credentials } } : {}),
    requestTimeout,
  };
}

import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { LogSink, SinkStats } from '@dashtam/logger-protocol';
import { type CloudWatchStats, Delivery } from './delivery.js';
import { FallbackWriter } from './fallback.js';
import { type CloudWatchSinkConfig, type CloudWatchSinkOptions, resolveCloudWatchConfig } from './options.js';

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
  #closed = false;

  /** @throws {InvalidCloudWatchOptionsError} naming the option that is wrong and what is accepted. */
  constructor(options: CloudWatchSinkOptions) {
    const settings = resolveCloudWatchConfig(options);
    this.#client =
      options.client ??
      new CloudWatchLogsClient({
        ...(options.region !== undefined ? { region: options.region } : {}),
        ...(options.endpoint !== undefined ? { endpoint: options.endpoint } : {}),
        ...(options.credentials !== undefined ? { credentials: options.credentials } : {}),
        // Our own loop retries with backoff; SDK retries on top would multiply the attempts.
        maxAttempts: 1,
        requestHandler: { requestTimeout: settings.requestTimeout, connectionTimeout: settings.requestTimeout },
      });
    this.#delivery = new Delivery(this.#client, settings, new FallbackWriter(settings.fallback));
    this.#ownsClient = options.client === undefined;
    this.#settings = settings;
  }

  /** The resolved delivery settings. */
  get settings(): CloudWatchSinkConfig {
    return this.#settings;
  }

  write(line: string, _level: unknown, time: number): void {
    // After close() nothing is sent any more, but nothing is lost either: delivery hands the record
    // to the fallback, counted. A time that is not a finite date (a broken clock) would make every
    // batch it heads fail: it is sent with the time it arrived instead.
    this.#delivery.enqueue(line, Number.isFinite(time) && Math.abs(time) <= 8.64e15 ? time : Date.now());
  }

  /** Counters: enqueued, delivered, batches, retries, rejected, truncated, overflowed, fallback, buffered. */
  stats(): CloudWatchStats & SinkStats {
    return { ...this.#delivery.stats() };
  }

  /**
   * Resolves when every record written before the call is delivered or handed to the fallback,
   * within `flushTimeout`. Never rejects.
   */
  flush(): Promise<void> {
    return this.#delivery.flush();
  }

  /**
   * Flushes (within `flushTimeout`), then hands what is still undelivered (records logged while it
   * waited) to the fallback, stops the timer and releases the client. Later records go to the
   * fallback, counted. Never rejects.
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#delivery.flush();
    this.#delivery.close();
    if (this.#ownsClient) this.#client.destroy();
  }
}

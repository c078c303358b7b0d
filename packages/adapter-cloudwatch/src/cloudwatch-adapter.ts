import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { type ManagedLogger, RecordLogger, type RecordSink } from '@dashtam/logger-protocol';
import { type CloudWatchStats, Delivery } from './delivery.js';
import { FallbackWriter } from './fallback.js';
import { type CloudWatchAdapterConfig, type CloudWatchAdapterOptions, resolveCloudWatchConfig } from './options.js';

class CloudWatchSink implements RecordSink {
  closed = false;
  constructor(
    readonly delivery: Delivery,
    readonly fallback: FallbackWriter,
  ) {}
  write(line: string, _level: unknown, time: number): void {
    if (this.closed) {
      // After close() nothing is sent any more, but nothing is lost either.
      this.fallback.records([line]);
      return;
    }
    this.delivery.enqueue(line, time);
  }
}

/**
 * The CloudWatch Logs adapter: the shared record schema, batched to PutLogEvents off the call path.
 * A log call only enqueues (never waits on the network, never throws). Batches follow the API's
 * limits; throttling, 5xx and network failures are retried with backoff and jitter; a full buffer,
 * a dead backend at a flush deadline, or an unrecoverable error sends records to the fallback
 * (JSON lines on stderr), counted in `stats()`.
 *
 * @example
 * ```ts
 * const logger = new CloudWatchAdapter({ logGroup: '/dashtam/production/app', region: 'us-east-1', retentionInDays: 30 });
 * logger.info('User registered', { user_id });
 * await logger.close(); // delivers what is buffered, within flushTimeout
 * ```
 */
export class CloudWatchAdapter extends RecordLogger implements ManagedLogger {
  readonly #delivery: Delivery;
  readonly #sink: CloudWatchSink;
  readonly #client: CloudWatchLogsClient;
  readonly #ownsClient: boolean;
  readonly #settings: CloudWatchAdapterConfig;

  constructor(options: CloudWatchAdapterOptions) {
    const settings = resolveCloudWatchConfig(options);
    const fallback = new FallbackWriter(settings.fallback);
    const client =
      options.client ??
      new CloudWatchLogsClient({
        ...(options.region !== undefined ? { region: options.region } : {}),
        ...(options.endpoint !== undefined ? { endpoint: options.endpoint } : {}),
        ...(options.credentials !== undefined ? { credentials: options.credentials } : {}),
        // Our own loop retries with backoff; SDK retries on top would multiply the attempts.
        maxAttempts: 1,
        requestHandler: { requestTimeout: settings.requestTimeout, connectionTimeout: settings.requestTimeout },
      });
    const delivery = new Delivery(client, settings, fallback);
    const sink = new CloudWatchSink(delivery, fallback);
    super({
      ...options,
      sink,
      onError:
        options.onError ??
        ((e: unknown) =>
          fallback.report(`internal:${(e as Error)?.name}`, 'dashtam logger internal error', { error: String(e) })),
    });
    this.#delivery = delivery;
    this.#sink = sink;
    this.#client = client;
    this.#ownsClient = options.client === undefined;
    this.#settings = settings;
  }

  /** The resolved delivery settings. */
  get settings(): CloudWatchAdapterConfig {
    return this.#settings;
  }

  /** Counters: enqueued, delivered, batches, retries, rejected, truncated, overflowed, fallback, buffered. */
  stats(): CloudWatchStats {
    return this.#delivery.stats();
  }

  /**
   * Resolves when every record logged before the call is delivered or handed to the fallback,
   * within `flushTimeout`. Never rejects.
   */
  flush(): Promise<void> {
    return this.#delivery.flush();
  }

  /** Flushes, stops the timer and releases the client. Later calls go to the fallback. Never rejects. */
  async close(): Promise<void> {
    if (this.#sink.closed) return;
    await this.#delivery.flush();
    this.#sink.closed = true;
    this.#delivery.stop();
    if (this.#ownsClient) this.#client.destroy();
  }
}

import { createHash } from 'node:crypto';
import { onExit } from '@dashtam/fd-writer/internal';
import type { LogLevel, LogSink, SinkStats } from '@dashtam/logger-protocol';
import { Spool, type SpoolStats } from '@dashtam/spool';
import type { Logger as OtelLogger } from '@opentelemetry/api-logs';
import { OTLPLogExporter as JsonLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPLogExporter as ProtobufLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import {
  BatchLogRecordProcessor,
  LoggerProvider,
  type LogRecordExporter,
  type LogRecordProcessor,
} from '@opentelemetry/sdk-logs';
import { SPOOL_WORKER } from '#spool-worker-path';
import { FallbackWriter, redactReport } from './fallback.js';
import { FallbackReason, Ledger, type OtlpStats } from './ledger.js';
import { type OtlpSinkConfig, type OtlpSinkOptions, resolveOtlpConfig } from './options.js';
import { toOtelLogRecord } from './record-mapping.js';
import { SettlingExporter } from './settling-exporter.js';
import type { OtlpDestinationSettings, OtlpSpoolTarget } from './spool-destination.js';
import { wireContextOf } from './wire/context.js';

// The headers a collector is sent, as a short digest (none: nothing, as before): a spool's route
// tells tenants apart without writing their credentials into the owner file.
function headersDigest(headers: Readonly<Record<string, string>>): string {
  const entries = Object.entries(headers)
    .map(([k, v]) => [k.toLowerCase(), v] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (entries.length === 0) return '';
  return `|headers:${createHash('sha256').update(JSON.stringify(entries)).digest('hex').slice(0, 16)}`;
}

// setTimeout's largest delay: the batch processor must wait for our exporter, which bounds itself.
const NO_EXPORT_TIMEOUT = 2 ** 31 - 1;

function exporterFor(config: OtlpSinkConfig): LogRecordExporter {
  // url, headers and timeout given here win over the SDK's own reading of OTEL_EXPORTER_OTLP_*
  // (headers from the environment are still merged in by the SDK, see the README).
  const exporterConfig = {
    url: config.endpoint,
    headers: { ...config.headers },
    timeoutMillis: config.exportTimeout,
    // One request at a time comes from the batch processor; the limit only guards a stuck socket.
    concurrencyLimit: 4,
  };
  return config.protocol === 'http/json'
    ? new JsonLogExporter(exporterConfig)
    : new ProtobufLogExporter(exporterConfig);
}

/**
 * The OpenTelemetry logs sink: each record becomes an OTel log record (severity, body, attributes,
 * trace context, resource) exported over OTLP/HTTP, protobuf or JSON, by the OpenTelemetry JS logs
 * SDK (`LoggerProvider`, `BatchLogRecordProcessor`, the OTLP exporters). A write parses the line,
 * hands it to the SDK and returns (never waits on the network, never throws). What the collector
 * does not take (queue over `maxQueueSize`, a refused export, a collector still down at a flush
 * deadline, an exit) goes to the fallback (JSON lines on stderr), counted in `stats()`.
 *
 * @example
 * ```ts
 * const sink = new OtlpSink({ endpoint: 'http://127.0.0.1:4318/v1/logs', serviceName: 'orders', deploymentEnvironment: 'production' });
 * const logger = new Logger({ sink, level: 'info' });
 * logger.info('Order placed', { order_id: 'o-1' });
 * await logger.close(); // exports what is queued, within flushTimeout
 * ```
 */
export class OtlpSink implements LogSink {
  readonly name = 'otlp';
  readonly #config: OtlpSinkConfig;
  readonly #fallback: FallbackWriter;
  readonly #ledger: Ledger;
  readonly #exporter: SettlingExporter;
  readonly #provider: LoggerProvider;
  readonly #logger: OtelLogger;
  readonly #unregister: () => void;
  readonly #spool: Spool | undefined;
  // The sequence number of the record being emitted, read by the processor below (emit is synchronous).
  #emitting = 0;
  #closed = false;
  #exiting = false;

  /** @throws {InvalidOtlpOptionsError} naming the option that is wrong and what is accepted. */
  constructor(options: OtlpSinkOptions) {
    const config = resolveOtlpConfig(options);
    this.#config = config;
    this.#fallback = new FallbackWriter(config.fallback);
    this.#ledger = new Ledger(this.#fallback);
    const seqOf = new WeakMap<object, number>();
    this.#exporter = new SettlingExporter(exporterFor(config), this.#ledger, seqOf, config, this.#fallback);
    const batch = new BatchLogRecordProcessor({
      exporter: this.#exporter,
      maxQueueSize: config.maxQueueSize,
      maxExportBatchSize: config.maxExportBatchSize,
      scheduledDelayMillis: config.flushInterval,
      exportTimeoutMillis: NO_EXPORT_TIMEOUT,
    });
    // Tags each SDK log record with its ledger entry, then hands it to the batch processor.
    const tagging: LogRecordProcessor = {
      onEmit: (record) => {
        seqOf.set(record, this.#emitting);
        this.#emitting = 0;
        batch.onEmit(record);
      },
      forceFlush: () => batch.forceFlush(),
      shutdown: () => batch.shutdown(),
    };
    this.#provider = new LoggerProvider({
      resource: defaultResource().merge(resourceFromAttributes({ ...config.resourceAttributes })),
      processors: [tagging],
      // Every key of a record is kept: the SDK's default keeps 128 attributes and drops the rest.
      logRecordLimits: { attributeCountLimit: 1_000_000 },
    });
    this.#logger = this.#provider.getLogger('@dashtam/adapter-otlp');
    this.#unregister = onExit('drain', this, 'drainSync');
    this.#spool = config.spool === undefined ? undefined : this.#openSpool(config);
  }

  #openSpool(config: OtlpSinkConfig): Spool | undefined {
    const spool = config.spool;
    if (spool === undefined) return undefined;
    const context = wireContextOf(config);
    const target: OtlpSpoolTarget = { resource: context.resource, scope: context.scope };
    const data: OtlpDestinationSettings = {
      endpoint: config.endpoint,
      headers: { ...config.headers },
      protocol: config.protocol,
      exportTimeout: config.exportTimeout,
      maxExportBatchSize: config.maxExportBatchSize,
      flushInterval: config.flushInterval,
      retryBaseDelay: config.retryBaseDelay,
      retryMaxDelay: config.retryMaxDelay,
    };
    return Spool.open({
      dir: spool.dir,
      kind: 'otlp',
      // The collector's URL and the headers sent to it (credentials, tenant): records of another
      // collector, or sent as another tenant, are not ours to send. The headers only as a digest.
      route: `otlp|${config.endpoint}${headersDigest(config.headers)}`,
      destination: { ...target },
      worker: { entry: SPOOL_WORKER, data },
      maxBytes: spool.maxBytes,
      exitWaitMs: spool.exitWaitMs,
      segmentBytes: spool.segmentBytes,
      fallback: config.fallback,
      source: 'dashtam-otlp-adapter',
      redact: redactReport,
      // A write the disk refused: those records, and every later one, go through the SDK as without a spool.
      onLost: (records) => {
        for (const r of records) this.#emit(r.line, r.level as LogLevel, r.time);
      },
    });
  }

  /** The spool's directory, or undefined when records wait in memory. */
  get spoolDir(): string | undefined {
    return this.#spool?.dir;
  }

  /** The resolved settings. */
  get settings(): OtlpSinkConfig {
    return this.#config;
  }

  write(line: string, level: LogLevel, time: number): void {
    if (!this.#closed && this.#spool?.append(line, level, time) === true) return;
    this.#emit(line, level, time);
  }

  // The in-memory path: the record to the SDK's batch processor, accounted in the ledger.
  #emit(line: string, level: LogLevel, time: number): void {
    const ledger = this.#ledger;
    ledger.written += 1;
    if (this.#closed || this.#exiting) {
      ledger.direct(line, this.#exiting ? FallbackReason.Exit : FallbackReason.Closed);
      return;
    }
    if (ledger.size >= this.#config.maxQueueSize) {
      ledger.direct(line, FallbackReason.Overflow);
      this.#fallback.report('overflow', 'OTLP queue full, records written to the fallback', {
        max_queue_size: this.#config.maxQueueSize,
      });
      return;
    }
    let seq = 0;
    try {
      const record = toOtelLogRecord(
        line,
        level,
        Number.isFinite(time) && Math.abs(time) <= 8.64e15 ? time : Date.now(),
      );
      seq = ledger.open(line);
      this.#emitting = seq;
      this.#logger.emit(record);
      if (this.#emitting !== 0) {
        // The SDK did not pass the record to the processor (it never does while running).
        this.#emitting = 0;
        ledger.toFallback([seq], FallbackReason.Failed);
        this.#fallback.report('failed', 'the OpenTelemetry SDK did not take a record; written to the fallback');
      }
    } catch (error) {
      this.#emitting = 0;
      if (seq !== 0) ledger.toFallback([seq], FallbackReason.Failed);
      else ledger.direct(line, FallbackReason.Failed);
      this.#fallback.report(
        'failed',
        'a record could not be handed to the OpenTelemetry SDK; written to the fallback',
        {
          error_message: error instanceof Error ? error.message : String(error),
        },
      );
    }
  }

  /**
   * Counters: written, exported, queued, fallback (and `fallback_reasons`: overflow, rejected,
   * deadline, exit, closed, failed), retries, duplicated, dropped (0).
   */
  stats(): OtlpStats & Partial<SpoolStats> & SinkStats {
    const l = this.#ledger.stats();
    const s = this.#spool?.stats();
    if (s === undefined) return l;
    return {
      ...l,
      ...s,
      written: l.written + s.spooled,
      exported: l.exported + s.shipped + s.replayed,
      fallback: l.fallback + s.spool_fallback,
      retries: l.retries + s.spool_retries,
      fallback_reasons: {
        ...l.fallback_reasons,
        rejected: l.fallback_reasons.rejected + s.spool_rejected,
        overflow: l.fallback_reasons.overflow + s.spool_overflowed,
      },
    };
  }

  /**
   * Resolves when every record written before the call is exported or handed to the fallback,
   * within `flushTimeout`: what is still unexported then goes to the fallback. Never rejects.
   */
  async flush(): Promise<void> {
    await Promise.all([this.#flushMemory(), this.#spool?.flush(this.#config.flushTimeout)]);
  }

  async #flushMemory(): Promise<void> {
    try {
      const ledger = this.#ledger;
      const target = ledger.last;
      if (ledger.settledUpTo(target)) return;
      const settled = ledger.waitFor(target);
      // Exports what the batch processor holds now instead of at its next interval.
      this.#provider.forceFlush().catch(() => undefined);
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<void>((resolve) => {
        // A referenced timer: a flush keeps the process up until it is done or the deadline passes.
        timer = setTimeout(resolve, this.#config.flushTimeout);
      });
      await Promise.race([settled, deadline]);
      clearTimeout(timer);
      if (!ledger.settledUpTo(target)) {
        ledger.toFallback(ledger.openUpTo(target), FallbackReason.Deadline);
        this.#fallback.report(
          'deadline',
          'OTLP export not done by the flush deadline, records written to the fallback',
          {
            flush_timeout_ms: this.#config.flushTimeout,
          },
        );
        this.#exporter.wake();
      }
    } catch {
      // flush never rejects.
    }
  }

  /**
   * Flushes (within `flushTimeout`), hands what is still unexported (records written while it
   * waited) to the fallback and shuts the SDK down. Later records go to the fallback, counted.
   * Never rejects.
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    // What the spool has not exported by the deadline stays on disk for the next start.
    await this.#spool?.close(this.#config.flushTimeout);
    await this.flush();
    this.#closed = true;
    this.#ledger.toFallback(this.#ledger.openUpTo(), FallbackReason.Closed);
    this.#unregister();
    let timer: NodeJS.Timeout | undefined;
    try {
      // An export still in flight (its records are settled) may wait for its answer: not forever.
      await Promise.race([
        this.#provider.shutdown(),
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, this.#config.flushTimeout);
          timer.unref();
        }),
      ]);
    } catch {
      // close never rejects.
    } finally {
      clearTimeout(timer);
    }
  }

  /** At process exit: everything unexported goes to the fallback, synchronously. */
  drainSync(): void {
    this.#exiting = true;
    this.#ledger.toFallback(this.#ledger.openUpTo(), FallbackReason.Exit);
  }
}

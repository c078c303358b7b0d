import { hostname } from 'node:os';
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { FallbackDestination } from '@dashtam/fd-writer';
import { type IntegerRange, integerOption } from '@dashtam/logger-protocol/internal';
import { type ResolvedSpoolSettings, resolveSpoolSettings, type SpoolSettings } from '@dashtam/spool';
import { PUT_LOG_EVENTS_LIMITS } from './batch.js';
import { InvalidCloudWatchOptionsError } from './errors.js';
import { LogFormat } from './log-format.js';
import { CLOUDWATCH_RETENTION_DAYS, DEFAULT_RETENTION_DAYS, isCloudWatchRetentionDays } from './retention.js';

/** What a user may pass to a `CloudWatchSink`. Only `logGroup` is required. */
export interface CloudWatchSinkOptions {
  /** Log group, e.g. `/dashtam/production/app`. Created when missing. */
  readonly logGroup: string;
  /**
   * Stream name, fixed or per UTC day. Created when missing.
   * @default (day) => `${instanceId}/${day}` — a new stream each day at midnight UTC
   */
  readonly logStream?: string | ((day: string) => string);
  /** Prefix of the default per-day stream name. @default the host name */
  readonly instanceId?: string;
  /** A ready client (tests, custom middleware). When given, region/endpoint/credentials are ignored. */
  readonly client?: CloudWatchLogsClient;
  /** @default the SDK's default (AWS_REGION) */
  readonly region?: string;
  /** e.g. `http://127.0.0.1:4566` for a local endpoint. @default the SDK's default resolution */
  readonly endpoint?: string;
  /** @default the SDK's default credential chain */
  readonly credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /**
   * Retention set on the group when this adapter creates it: one of CloudWatch's periods (1, 3, 5,
   * 7, 14, 30, ...), or `'never'` (or 0) to keep logs forever. A group that already exists is left
   * as it is. @default 30 (the spec's retention)
   */
  readonly retentionInDays?: number | 'never';
  /** Longest wait before a partial batch is sent, in ms (the spec's `batch_interval`). @default 1000 */
  readonly flushInterval?: number;
  /** Most events in one PutLogEvents call (AWS allows 10,000). @default 10000 */
  readonly batchSize?: number;
  /** Largest event, message bytes + 26 (1 MiB today; 262144 for accounts on the old limit). @default 1048576 */
  readonly maxEventBytes?: number;
  /** Most events held in memory; beyond it new events go to the fallback. @default 100000 */
  readonly maxBufferEvents?: number;
  /** Most bytes (UTF-8) held in memory; beyond it new events go to the fallback. @default 33554432 */
  readonly maxBufferBytes?: number;
  /** Longest `flush()`/`close()` wait, in ms; what is not delivered by then goes to the fallback. @default 10000 */
  readonly flushTimeout?: number;
  /** Per-request timeout, in ms (only for the client this adapter creates). @default 5000 */
  readonly requestTimeout?: number;
  /** First retry delay ceiling, in ms (doubles per attempt, full jitter). @default 100 */
  readonly retryBaseDelay?: number;
  /** Largest retry delay ceiling, in ms. @default 5000 */
  readonly retryMaxDelay?: number;
  /** Where undeliverable records and the adapter's own failure reports go, as JSON lines. @default 2 (stderr) */
  readonly fallback?: FallbackDestination;
  /**
   * The log format declared on every PutLogEvents call (the `x-amzn-logs-format` header):
   * `'json/emf'` for a sink that carries only CloudWatch Embedded Metric Format documents (what
   * `EmfMetrics` writes), so CloudWatch extracts their metrics. Give it only to a sink of its own:
   * plain log lines must not share its calls. @default none (plain log events)
   */
  readonly logFormat?: LogFormat;
  /**
   * A spool on disk under delivery: each record is appended to a file in `spool.dir` (coalesced,
   * as the console writes) and shipped from there by a worker thread, so a kill, an outage or an
   * exit loses nothing that reached the disk; what a gone process left is shipped at the next start,
   * marked `"replayed": true`. Needs the sink to build its own client (no `client`) and a stream
   * that is a string or the default per-day one. @default none: records wait in memory
   */
  readonly spool?: SpoolSettings;
}

/** The resolved, defaulted delivery settings. */
export interface CloudWatchSinkConfig {
  readonly logGroup: string;
  readonly streamFor: (day: string) => string;
  /** Retention for a group this adapter creates; undefined keeps logs forever. */
  readonly retentionInDays: number | undefined;
  readonly flushInterval: number;
  readonly batchSize: number;
  readonly maxEventBytes: number;
  readonly maxBufferEvents: number;
  readonly maxBufferBytes: number;
  readonly flushTimeout: number;
  readonly requestTimeout: number;
  readonly retryBaseDelay: number;
  readonly retryMaxDelay: number;
  readonly fallback: FallbackDestination;
  /** The `x-amzn-logs-format` of every PutLogEvents call, or undefined for plain log events. */
  readonly logFormat: LogFormat | undefined;
  /** The spool's settings, or undefined when records wait in memory. */
  readonly spool: ResolvedSpoolSettings | undefined;
  /** The stream as the spool records it: fixed, or the per-day stream's prefix. */
  readonly streamTarget: { readonly name: string } | { readonly prefix: string } | undefined;
}

/**
 * Defaults and accepted ranges of the batching and buffer options. PutLogEvents' limits bound the
 * batch (at most 10,000 events; the byte limit, 1,048,576, is applied per batch whatever the size).
 */
export const BATCHING_LIMITS = Object.freeze({
  batchSize: { default: 10_000, min: 1, max: PUT_LOG_EVENTS_LIMITS.maxEvents },
  flushInterval: { default: 1000, min: 1, max: 3_600_000 },
  maxBufferEvents: { default: 100_000, min: 1, max: 100_000_000 },
  maxBufferBytes: { default: 32 * 1024 * 1024, min: 1024, max: 2 ** 40 },
} as const);

const GROUP_NAME = /^[.\-_/#A-Za-z0-9]{1,512}$/;
const STREAM_NAME = /^[^:*]{1,512}$/;

function integer(options: CloudWatchSinkOptions, key: keyof CloudWatchSinkOptions, range: IntegerRange): number {
  return integerOption(options[key], range, (problem) => new InvalidCloudWatchOptionsError(key, problem));
}

/** Validates the delivery options and applies defaults. @throws {InvalidCloudWatchOptionsError} */
export function resolveCloudWatchConfig(options: CloudWatchSinkOptions): CloudWatchSinkConfig {
  if (options === null || typeof options !== 'object') {
    throw new InvalidCloudWatchOptionsError('options', 'expected an object with at least logGroup');
  }
  if (typeof options.logGroup !== 'string' || !GROUP_NAME.test(options.logGroup)) {
    throw new InvalidCloudWatchOptionsError(
      'logGroup',
      `expected 1-512 characters of [.-_/#A-Za-z0-9], got ${JSON.stringify(options.logGroup)}`,
    );
  }
  const instanceId = options.instanceId ?? hostname();
  const stream = options.logStream ?? ((day: string) => `${instanceId}/${day}`);
  if (typeof stream === 'string' && !STREAM_NAME.test(stream)) {
    throw new InvalidCloudWatchOptionsError(
      'logStream',
      `expected 1-512 characters without ':' or '*', got ${JSON.stringify(stream)}`,
    );
  }
  if (typeof stream !== 'string' && typeof stream !== 'function') {
    throw new InvalidCloudWatchOptionsError('logStream', 'expected a string or a function (day) => string');
  }
  const retention = options.retentionInDays ?? DEFAULT_RETENTION_DAYS;
  if (retention !== 'never' && retention !== 0 && !isCloudWatchRetentionDays(retention)) {
    throw new InvalidCloudWatchOptionsError(
      'retentionInDays',
      `expected one of ${CLOUDWATCH_RETENTION_DAYS.join(', ')}, or 'never' (or 0) to keep logs forever, got ${String(options.retentionInDays)}`,
    );
  }
  if ('batchInterval' in options) {
    throw new InvalidCloudWatchOptionsError(
      'batchInterval',
      'removed in 0.3.0: give flushInterval in milliseconds (batchInterval: 5 is flushInterval: 5000)',
    );
  }
  const fallback = options.fallback ?? 2;
  if (
    typeof fallback !== 'number' &&
    (fallback === null || typeof fallback !== 'object' || typeof fallback.write !== 'function')
  ) {
    throw new InvalidCloudWatchOptionsError(
      'fallback',
      'expected an object with a write(chunk) method or a file descriptor',
    );
  }
  const formats: readonly unknown[] = Object.values(LogFormat);
  if (options.logFormat !== undefined && !formats.includes(options.logFormat)) {
    throw new InvalidCloudWatchOptionsError(
      'logFormat',
      `expected ${formats.map((f) => JSON.stringify(f)).join(' or ')} (or nothing, for plain log events), got ${JSON.stringify(options.logFormat)}`,
    );
  }
  const spool =
    options.spool === undefined
      ? undefined
      : resolveSpoolSettings(options.spool, (key, text) => new InvalidCloudWatchOptionsError(key, text));
  if (spool !== undefined && options.client !== undefined) {
    throw new InvalidCloudWatchOptionsError(
      'spool',
      'cannot be used with client: the worker thread builds its own client from region, endpoint and credentials',
    );
  }
  const streamTarget =
    typeof stream === 'string'
      ? { name: stream }
      : options.logStream === undefined
        ? { prefix: instanceId }
        : undefined;
  if (spool !== undefined && streamTarget === undefined) {
    throw new InvalidCloudWatchOptionsError(
      'spool',
      'needs logStream as a string or the default per-day stream (a function cannot be passed to the worker thread)',
    );
  }
  return {
    logGroup: options.logGroup,
    spool,
    streamTarget,
    streamFor: typeof stream === 'string' ? () => stream : stream,
    retentionInDays: retention === 'never' || retention === 0 ? undefined : retention,
    flushInterval: integer(options, 'flushInterval', BATCHING_LIMITS.flushInterval),
    batchSize: integer(options, 'batchSize', BATCHING_LIMITS.batchSize),
    maxEventBytes: integer(options, 'maxEventBytes', { default: 1_048_576, min: 1024, max: 1_048_576 }),
    maxBufferEvents: integer(options, 'maxBufferEvents', BATCHING_LIMITS.maxBufferEvents),
    maxBufferBytes: integer(options, 'maxBufferBytes', BATCHING_LIMITS.maxBufferBytes),
    flushTimeout: integer(options, 'flushTimeout', { default: 10_000, min: 1, max: 3_600_000 }),
    requestTimeout: integer(options, 'requestTimeout', { default: 5000, min: 1, max: 600_000 }),
    retryBaseDelay: integer(options, 'retryBaseDelay', { default: 100, min: 1, max: 60_000 }),
    retryMaxDelay: integer(options, 'retryMaxDelay', { default: 5000, min: 1, max: 600_000 }),
    fallback,
    logFormat: options.logFormat,
  };
}

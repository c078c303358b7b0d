import type { FallbackDestination } from '@dashtam/fd-writer';
import { integerOption } from '@dashtam/logger-protocol/internal';
import { type ResolvedSpoolSettings, resolveSpoolSettings, type SpoolSettings } from '@dashtam/spool';
import { InvalidOtlpOptionsError } from './errors.js';

/** The OTLP/HTTP encodings the sink speaks (the OTel spec's `OTEL_EXPORTER_OTLP_PROTOCOL` values, gRPC excepted). */
export const OtlpProtocol = {
  HttpProtobuf: 'http/protobuf',
  HttpJson: 'http/json',
} as const;
export type OtlpProtocol = (typeof OtlpProtocol)[keyof typeof OtlpProtocol];

/** What a user may pass to an `OtlpSink`. Only `endpoint` and `serviceName` are required. */
export interface OtlpSinkOptions {
  /** The logs endpoint, used as is: e.g. `http://collector:4318/v1/logs`. */
  readonly endpoint: string;
  /** @default 'http/protobuf' (the OTel spec's default) */
  readonly protocol?: OtlpProtocol;
  /** Request headers (an API key, a tenant). @default none */
  readonly headers?: Readonly<Record<string, string>>;
  /** The resource's `service.name`. */
  readonly serviceName: string;
  /** The resource's `service.version`. @default not set */
  readonly serviceVersion?: string;
  /** The resource's `deployment.environment` (and `deployment.environment.name`). @default not set */
  readonly deploymentEnvironment?: string;
  /** Further resource attributes (strings, numbers, booleans). @default none */
  readonly resourceAttributes?: Readonly<Record<string, string | number | boolean>>;
  /**
   * Most records written and not yet exported nor handed to the fallback; beyond it new records go
   * to the fallback, counted as `overflow`. Also the SDK batch processor's queue size, which this
   * bound keeps from ever filling (the SDK would drop silently). @default 2048
   */
  readonly maxQueueSize?: number;
  /** Most records in one export request. @default 512 */
  readonly maxExportBatchSize?: number;
  /** Longest wait before a partial batch is exported, in ms. @default 1000 */
  readonly flushInterval?: number;
  /**
   * The exporter's budget for one export, in ms: the HTTP request timeout and the time within which
   * the SDK's own retries (429, 502, 503, 504, network errors) must fit. @default 10000
   */
  readonly exportTimeout?: number;
  /** Longest `flush()`/`close()` wait, in ms; what is not exported by then goes to the fallback. @default 10000 */
  readonly flushTimeout?: number;
  /** First delay ceiling of the sink's own retries once the SDK gave up, in ms (doubles, full jitter). @default 500 */
  readonly retryBaseDelay?: number;
  /** Largest delay ceiling of the sink's own retries, in ms. @default 5000 */
  readonly retryMaxDelay?: number;
  /** Where records that cannot be exported, and the sink's own failure reports, go as JSON lines. @default 2 (stderr) */
  readonly fallback?: FallbackDestination;
  /**
   * A spool on disk: each record is appended to a file in `spool.dir` and exported from there by
   * a worker thread (encoded without the SDK), so a kill, an outage, a burst or an exit loses
   * nothing that reached the disk; what waits is bounded by `spool.maxBytes`, not `maxQueueSize`.
   * What a gone process left is exported at the next start with the attribute `replayed: true`.
   * @default none: records wait in the SDK's queue in memory
   */
  readonly spool?: SpoolSettings;
}

/** The resolved, defaulted settings. */
export interface OtlpSinkConfig {
  readonly endpoint: string;
  readonly protocol: OtlpProtocol;
  readonly headers: Readonly<Record<string, string>>;
  readonly resourceAttributes: Readonly<Record<string, string | number | boolean>>;
  readonly maxQueueSize: number;
  readonly maxExportBatchSize: number;
  readonly flushInterval: number;
  readonly exportTimeout: number;
  readonly flushTimeout: number;
  readonly retryBaseDelay: number;
  readonly retryMaxDelay: number;
  readonly fallback: FallbackDestination;
  /** The spool's settings, or undefined when records wait in memory. */
  readonly spool: ResolvedSpoolSettings | undefined;
}

/** Defaults and accepted ranges of the numeric options. */
export const OTLP_LIMITS = Object.freeze({
  maxQueueSize: { default: 2048, min: 1, max: 10_000_000 },
  maxExportBatchSize: { default: 512, min: 1, max: 100_000 },
  flushInterval: { default: 1000, min: 1, max: 3_600_000 },
  exportTimeout: { default: 10_000, min: 1, max: 600_000 },
  flushTimeout: { default: 10_000, min: 1, max: 3_600_000 },
  retryBaseDelay: { default: 500, min: 1, max: 60_000 },
  retryMaxDelay: { default: 5000, min: 1, max: 600_000 },
} as const);

const PROTOCOLS: readonly string[] = Object.values(OtlpProtocol);
// RFC 7230 token characters for a header name.
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// What Node's http refuses in a header value (tab, printable ASCII and latin-1 only): every request would throw.
const HEADER_VALUE_REFUSED = /[^\t\x20-\x7e\x80-\xff]/;

function integer(options: OtlpSinkOptions, key: keyof typeof OTLP_LIMITS): number {
  return integerOption(options[key], OTLP_LIMITS[key], (problem) => new InvalidOtlpOptionsError(key, problem));
}

function nonEmptyString(options: OtlpSinkOptions, key: 'serviceName' | 'serviceVersion' | 'deploymentEnvironment') {
  const value = options[key];
  if (typeof value !== 'string' || value.trim() === '') {
    throw new InvalidOtlpOptionsError(key, `expected a non-empty string, got ${JSON.stringify(value) ?? 'undefined'}`);
  }
  return value;
}

/** Validates the options and applies defaults. @throws {InvalidOtlpOptionsError} */
export function resolveOtlpConfig(options: OtlpSinkOptions): OtlpSinkConfig {
  if (options === null || typeof options !== 'object') {
    throw new InvalidOtlpOptionsError('options', 'expected an object with at least endpoint and serviceName');
  }
  let url: URL | undefined;
  try {
    url = typeof options.endpoint === 'string' ? new URL(options.endpoint) : undefined;
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new InvalidOtlpOptionsError(
      'endpoint',
      `expected an http:// or https:// URL (the logs endpoint, e.g. http://127.0.0.1:4318/v1/logs), got ${JSON.stringify(options.endpoint) ?? 'undefined'}`,
    );
  }
  const protocol = options.protocol ?? OtlpProtocol.HttpProtobuf;
  if (!PROTOCOLS.includes(protocol)) {
    throw new InvalidOtlpOptionsError(
      'protocol',
      `expected one of ${PROTOCOLS.join(', ')} (gRPC is not supported), got ${JSON.stringify(protocol)}`,
    );
  }
  const headers = options.headers ?? {};
  if (headers === null || typeof headers !== 'object') {
    throw new InvalidOtlpOptionsError('headers', 'expected an object of header names to string values');
  }
  for (const [name, value] of Object.entries(headers)) {
    if (!HEADER_NAME.test(name) || typeof value !== 'string' || HEADER_VALUE_REFUSED.test(value)) {
      throw new InvalidOtlpOptionsError(
        'headers',
        `expected header names of token characters and string values of tab, printable ASCII or latin-1 characters (without CR, LF or NUL); ${JSON.stringify(name)} is not accepted`,
      );
    }
  }
  const resource: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(options.resourceAttributes ?? {})) {
    if (key === '' || !['string', 'number', 'boolean'].includes(typeof value)) {
      throw new InvalidOtlpOptionsError(
        'resourceAttributes',
        `expected non-empty keys with string, number or boolean values; ${JSON.stringify(key)} is not accepted`,
      );
    }
    resource[key] = value;
  }
  resource['service.name'] = nonEmptyString(options, 'serviceName');
  if (options.serviceVersion !== undefined) resource['service.version'] = nonEmptyString(options, 'serviceVersion');
  if (options.deploymentEnvironment !== undefined) {
    const environment = nonEmptyString(options, 'deploymentEnvironment');
    // `deployment.environment` as the issue asks; `.name` is what semantic conventions 1.27+ call it.
    resource['deployment.environment'] = environment;
    resource['deployment.environment.name'] = environment;
  }
  const fallback = options.fallback ?? 2;
  if (
    typeof fallback !== 'number' &&
    (fallback === null || typeof fallback !== 'object' || typeof fallback.write !== 'function')
  ) {
    throw new InvalidOtlpOptionsError('fallback', 'expected an object with a write(chunk) method or a file descriptor');
  }
  const config: OtlpSinkConfig = {
    endpoint: url.href,
    protocol: protocol as OtlpProtocol,
    headers: { ...headers },
    resourceAttributes: resource,
    maxQueueSize: integer(options, 'maxQueueSize'),
    maxExportBatchSize: integer(options, 'maxExportBatchSize'),
    flushInterval: integer(options, 'flushInterval'),
    exportTimeout: integer(options, 'exportTimeout'),
    flushTimeout: integer(options, 'flushTimeout'),
    retryBaseDelay: integer(options, 'retryBaseDelay'),
    retryMaxDelay: integer(options, 'retryMaxDelay'),
    fallback,
    spool:
      options.spool === undefined
        ? undefined
        : resolveSpoolSettings(options.spool, (key, text) => new InvalidOtlpOptionsError(key, text)),
  };
  if (config.maxExportBatchSize > config.maxQueueSize) {
    throw new InvalidOtlpOptionsError(
      'maxExportBatchSize',
      `expected at most maxQueueSize (${config.maxQueueSize}), got ${config.maxExportBatchSize}`,
    );
  }
  return config;
}

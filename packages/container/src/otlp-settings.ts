import { OtlpProtocol } from '@dashtam/adapter-otlp';
import type { EnvironmentVariables } from './environment-variables.js';
import { InvalidSettingError } from './errors.js';

/** The OTLP sink's settings, read from the OpenTelemetry spec's environment variables. */
export interface OtlpSettings {
  /**
   * `OTEL_EXPORTER_OTLP_LOGS_ENDPOINT` as is, else `OTEL_EXPORTER_OTLP_ENDPOINT` with `/v1/logs`
   * appended. @default 'http://localhost:4318/v1/logs' (the spec's)
   */
  readonly endpoint: string;
  /** `OTEL_EXPORTER_OTLP_LOGS_PROTOCOL`, else `OTEL_EXPORTER_OTLP_PROTOCOL`. @default 'http/protobuf' */
  readonly protocol: OtlpProtocol;
  /** `OTEL_EXPORTER_OTLP_HEADERS`, overridden key by key by `OTEL_EXPORTER_OTLP_LOGS_HEADERS`. @default none */
  readonly headers: Readonly<Record<string, string>>;
  /** `OTEL_SERVICE_NAME`: the resource's `service.name`. @default 'dashtam' */
  readonly serviceName: string;
}

/** The service name when `OTEL_SERVICE_NAME` is unset (the name the CloudWatch group starts with). */
export const DEFAULT_SERVICE_NAME = 'dashtam';
const DEFAULT_ENDPOINT = 'http://localhost:4318/v1/logs';
const PROTOCOLS: readonly string[] = Object.values(OtlpProtocol);

function set(env: EnvironmentVariables, variable: string): string | undefined {
  const value = env[variable]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function url(variable: string, value: string): URL {
  let parsed: URL | undefined;
  try {
    parsed = new URL(value);
  } catch {
    parsed = undefined;
  }
  if (parsed === undefined || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
    throw new InvalidSettingError(
      variable,
      `${JSON.stringify(value)} is not accepted: expected an http:// or https:// URL (e.g. http://collector:4318)`,
    );
  }
  return parsed;
}

function endpoint(env: EnvironmentVariables): string {
  const logs = set(env, 'OTEL_EXPORTER_OTLP_LOGS_ENDPOINT');
  if (logs !== undefined) return url('OTEL_EXPORTER_OTLP_LOGS_ENDPOINT', logs).href;
  const base = set(env, 'OTEL_EXPORTER_OTLP_ENDPOINT');
  if (base === undefined) return DEFAULT_ENDPOINT;
  const parsed = url('OTEL_EXPORTER_OTLP_ENDPOINT', base);
  // The spec: the signal path is appended to the base URL's path (`/v1/logs` after any path it has).
  parsed.pathname = `${parsed.pathname.replace(/\/+$/, '')}/v1/logs`;
  return parsed.href;
}

function protocol(env: EnvironmentVariables): OtlpProtocol {
  for (const variable of ['OTEL_EXPORTER_OTLP_LOGS_PROTOCOL', 'OTEL_EXPORTER_OTLP_PROTOCOL']) {
    const value = set(env, variable);
    if (value === undefined) continue;
    if (!PROTOCOLS.includes(value)) {
      throw new InvalidSettingError(
        variable,
        `${JSON.stringify(value)} is not accepted: expected ${PROTOCOLS.join(' or ')}${value === 'grpc' ? ' (gRPC is not supported by the OTLP log sink)' : ''}; unset means http/protobuf`,
      );
    }
    return value as OtlpProtocol;
  }
  return OtlpProtocol.HttpProtobuf;
}

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// What Node's http refuses in a header value (tab, printable ASCII and latin-1 only): every export would fail.
const HEADER_VALUE_REFUSED = /[^\t\x20-\x7e\x80-\xff]/;

/**
 * Reads a headers variable as the OTel spec gives it: `key=value` pairs separated by commas, each
 * key and value URL-decoded, blanks around them ignored. @throws {InvalidSettingError}
 */
export function parseOtlpHeaders(variable: string, value: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  if (value === undefined || value.trim() === '') return headers;
  const accepted = 'a comma-separated list of key=value pairs, URL-encoded (e.g. "api-key=abc%3D,tenant=t1")';
  for (const item of value.split(',')) {
    if (item.trim() === '') continue;
    const at = item.indexOf('=');
    let key: string;
    let val: string;
    try {
      key = decodeURIComponent(at < 0 ? item : item.slice(0, at)).trim();
      val = decodeURIComponent(at < 0 ? '' : item.slice(at + 1)).trim();
    } catch (e) {
      // A header's value may be a secret: the message names the variable, never the value.
      throw new InvalidSettingError(variable, `an item is not valid URL encoding: expected ${accepted}`, { cause: e });
    }
    if (at < 0 || !HEADER_NAME.test(key) || HEADER_VALUE_REFUSED.test(val)) {
      throw new InvalidSettingError(
        variable,
        `an item is not key=value with a header name of token characters and a value of tab, printable ASCII or latin-1 characters${at < 0 ? '' : ` (key ${JSON.stringify(key.slice(0, 64))})`}: expected ${accepted}`,
      );
    }
    headers[key.toLowerCase()] = val;
  }
  return headers;
}

/**
 * Reads the OTLP sink's settings from the OTel spec's variables.
 *
 * @throws {InvalidSettingError} naming the variable and what is accepted.
 * @example
 * ```ts
 * loadOtlpSettings({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SERVICE_NAME: 'orders' });
 * // { endpoint: 'http://collector:4318/v1/logs', protocol: 'http/protobuf', headers: {}, serviceName: 'orders' }
 * ```
 */
export function loadOtlpSettings(env: EnvironmentVariables): OtlpSettings {
  return {
    endpoint: endpoint(env),
    protocol: protocol(env),
    headers: {
      ...parseOtlpHeaders('OTEL_EXPORTER_OTLP_HEADERS', env.OTEL_EXPORTER_OTLP_HEADERS),
      ...parseOtlpHeaders('OTEL_EXPORTER_OTLP_LOGS_HEADERS', env.OTEL_EXPORTER_OTLP_LOGS_HEADERS),
    },
    serviceName: set(env, 'OTEL_SERVICE_NAME') ?? DEFAULT_SERVICE_NAME,
  };
}

import { Redactor } from '@dashtam/logger-protocol/internal';

const CALLER_ID = /^[A-Za-z0-9._-]{1,128}$/;
const W3C_TRACE_ID = /^[0-9A-Fa-f]{32}$/;
const ALL_ZERO = /^0+$/;

/** What the accepted characters of an `X-Trace-Id` (and an `X-Request-Id`) are, as the warning for a refused one says. */
export const ACCEPTED_TRACE_ID_HEADER = '1 to 128 characters of [A-Za-z0-9._-] that do not look like a secret';

// The built-in secret patterns: an id shaped like a JWT, a bearer token or a key is a credential
// sent in the wrong header, never a trace id to echo and log.
const secrets = new Redactor();

/** What a request's `X-Trace-Id` header is, as {@link classifyTraceIdHeader} judges it. */
export type CallerTraceId =
  /** No header. */
  | { readonly kind: 'absent' }
  /** A W3C trace id (32 hex digits, any case, not all zero), lower-cased: the request joins that trace. */
  | { readonly kind: 'w3c'; readonly traceId: string; readonly value: string }
  /** Any other accepted id: kept as `correlation_id` beside the real trace id. */
  | { readonly kind: 'correlation'; readonly value: string }
  /** Refused: ignored, and reported in a warning with its sanitised value. */
  | { readonly kind: 'rejected'; readonly value: string; readonly secret: boolean };

/**
 * The one place an `X-Trace-Id` value is judged (the OpenTelemetry propagator and the middleware
 * both ask it): refused unless it is {@link ACCEPTED_TRACE_ID_HEADER}; a W3C trace id when it has
 * that shape; else a correlation id. Add a refusal rule here and both follow.
 *
 * @example
 * ```ts
 * classifyTraceIdHeader('4BF92F3577B34DA6A3CE929D0E0E4736'); // { kind: 'w3c', traceId: '4bf9…4736', … }
 * classifyTraceIdHeader('order-7781-abc');                   // { kind: 'correlation', value: 'order-7781-abc' }
 * ```
 */
export function classifyTraceIdHeader(header: string | readonly string[] | undefined): CallerTraceId {
  if (header === undefined) return { kind: 'absent' };
  const value = headerValue(header);
  const refused = refusal(value);
  if (refused !== undefined) return { kind: 'rejected', value, secret: refused.secret };
  if (W3C_TRACE_ID.test(value) && !ALL_ZERO.test(value)) return { kind: 'w3c', traceId: value.toLowerCase(), value };
  return { kind: 'correlation', value };
}

/** A header's value as one string (a repeated header's values joined by commas, as HTTP reads them). */
export function headerValue(header: string | readonly string[]): string {
  return typeof header === 'string' ? header : header.join(',');
}

/**
 * Why an id a caller sent (`X-Trace-Id`, `X-Request-Id`) is refused, or undefined when it is
 * {@link ACCEPTED_TRACE_ID_HEADER}; `secret` when it looks like a credential (never echo or write it).
 */
export function refusal(value: string): { readonly secret: boolean } | undefined {
  if (!CALLER_ID.test(value)) return { secret: secrets.isSecretId(value) };
  // A secret shape, or a part the logger would redact (`Bearer-AKIA…`): echoing it would send back
  // what the records never show.
  if (secrets.isSecretId(value) || secrets.redactString(value) !== value) return { secret: true };
  return undefined;
}

/**
 * The shapes the wire encoder and transport share: a record as the export worker reads it back
 * from the spool, the resource and scope every request carries, and how a post ended.
 */
import type { LogLevel } from '@dashtam/logger-protocol';

/** The OTLP/HTTP encodings (the OTel spec's `OTEL_EXPORTER_OTLP_PROTOCOL` values, gRPC excepted). */
export type WireProtocol = 'http/protobuf' | 'http/json';

/** One record to export: the finished line, its level, its time (ms since the epoch). */
export interface WireRecord {
  readonly line: string;
  readonly level: LogLevel;
  /** Milliseconds since the epoch, as `LogSink.write` received it. */
  readonly time: number;
  /** Sent again after a restart: carries the attribute `replayed: true`. */
  readonly replayed?: boolean;
}

/**
 * What every request of a sink carries: its resource and its instrumentation scope. The encoders
 * encode a context once and keep the bytes by object identity: build it once per sink (see
 * `wireContextOf`) and pass a new object, not a changed one, for a new context.
 */
export interface WireContext {
  readonly resource: Readonly<Record<string, string | number | boolean>>;
  readonly scope: { readonly name: string; readonly version?: string };
}

/**
 * How a post ended: `accepted` (2xx; `rejected` of its records the collector refused, from
 * `partial_success`), `retry` (429, 502, 503, 504, a network error, a timeout: the same request may
 * succeed later, not before `retryAfterMs` when the collector said so) or `refused` (any other
 * status, or a request that could not be made at all, `status` 0: sending it again will not help).
 */
export type ExportOutcome =
  | { readonly kind: 'accepted'; readonly rejected: number; readonly message?: string }
  | { readonly kind: 'retry'; readonly retryAfterMs?: number; readonly reason: string }
  | { readonly kind: 'refused'; readonly status: number; readonly reason: string };

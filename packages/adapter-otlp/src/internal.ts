/**
 * `@dashtam/adapter-otlp/internal`: the OTLP wire pieces the export worker uses without the
 * OpenTelemetry SDK: the request encoder (protobuf or JSON), the HTTP transport and the context
 * (resource, scope) `OtlpSink` exports with.
 *
 * For the dashtam packages only: not an API for applications, no semver promise (any release may
 * change or remove a name). Applications use the package root.
 */

export { wireContextOf } from './wire/context.js';
export { encodeLogsRequest } from './wire/encode.js';
export type { PostLogsRequest } from './wire/transport.js';
export { postLogs } from './wire/transport.js';
export type { ExportOutcome, WireContext, WireProtocol, WireRecord } from './wire/types.js';

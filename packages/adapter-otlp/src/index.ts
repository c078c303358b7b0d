export { InvalidOtlpOptionsError, OtlpAdapterError, OtlpAdapterErrorCode } from './errors.js';
export type { OtlpStats } from './ledger.js';
export { FallbackReason } from './ledger.js';
export type { FallbackDestination, OtlpSinkConfig, OtlpSinkOptions } from './options.js';
export { OTLP_LIMITS, OtlpProtocol } from './options.js';
export { OtlpSink } from './otlp-sink.js';
export { OTEL_SEVERITY } from './record-mapping.js';

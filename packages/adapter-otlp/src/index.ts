export { InvalidOtlpOptionsError, OtlpAdapterError, OtlpAdapterErrorCode } from './errors.js';
export type { OtlpStats } from './ledger.js';
export type { OtlpSinkOptions } from './options.js';
export { OtlpProtocol } from './options.js';
export { OtlpSink } from './otlp-sink.js';

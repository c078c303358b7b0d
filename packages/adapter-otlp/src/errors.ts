/** Stable codes for the errors this package throws. */
export const OtlpAdapterErrorCode = {
  InvalidOptions: 'DASHTAM_OTLP_INVALID_OPTIONS',
} as const;
export type OtlpAdapterErrorCode = (typeof OtlpAdapterErrorCode)[keyof typeof OtlpAdapterErrorCode];

/** Base of the errors thrown by `@dashtam/adapter-otlp` (only at construction, never from a log call). */
export class OtlpAdapterError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** An option of the OtlpSink is not valid; the message names it and says what is accepted. */
export class InvalidOtlpOptionsError extends OtlpAdapterError {
  readonly option: string;
  constructor(option: string, message: string) {
    super(OtlpAdapterErrorCode.InvalidOptions, `Invalid OtlpSink option "${option}": ${message}`);
    this.option = option;
  }
}

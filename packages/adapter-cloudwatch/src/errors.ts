/** Stable codes for the errors this package throws. */
export const CloudWatchAdapterErrorCode = {
  InvalidOptions: 'DASHTAM_CLOUDWATCH_INVALID_OPTIONS',
  InvalidEmfOptions: 'DASHTAM_CLOUDWATCH_INVALID_EMF_OPTIONS',
} as const;
export type CloudWatchAdapterErrorCode = (typeof CloudWatchAdapterErrorCode)[keyof typeof CloudWatchAdapterErrorCode];

/** Base of the errors thrown by `@dashtam/adapter-cloudwatch` (only at construction, never from a log call). */
export class CloudWatchAdapterError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** An option of the CloudWatchSink is not valid; the message names it and says what is accepted. */
export class InvalidCloudWatchOptionsError extends CloudWatchAdapterError {
  readonly option: string;
  constructor(option: string, message: string) {
    super(CloudWatchAdapterErrorCode.InvalidOptions, `Invalid CloudWatchSink option "${option}": ${message}`);
    this.option = option;
  }
}

/** An option of `EmfMetrics` is not valid; the message names it and says what is accepted. */
export class InvalidEmfOptionsError extends CloudWatchAdapterError {
  readonly option: string;
  constructor(option: string, message: string) {
    super(CloudWatchAdapterErrorCode.InvalidEmfOptions, `Invalid EmfMetrics option "${option}": ${message}`);
    this.option = option;
  }
}

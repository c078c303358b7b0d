/** Stable codes for the errors this package throws. */
export const ContainerErrorCode = {
  InvalidSetting: 'DASHTAM_INVALID_SETTING',
} as const;
export type ContainerErrorCode = (typeof ContainerErrorCode)[keyof typeof ContainerErrorCode];

/** Base of the errors thrown by `@dashtam/container`. */
export class ContainerError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** An environment variable holds a value that is not accepted; the message names both. */
export class InvalidSettingError extends ContainerError {
  readonly variable: string;
  constructor(variable: string, message: string, options?: { cause?: unknown }) {
    super(ContainerErrorCode.InvalidSetting, `Invalid ${variable}: ${message}`, options);
    this.variable = variable;
  }
}

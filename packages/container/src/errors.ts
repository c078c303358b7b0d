/** Stable codes for the errors this package throws. */
export const ContainerErrorCode = {
  InvalidSetting: 'DASHTAM_INVALID_SETTING',
  InvalidContextFields: 'DASHTAM_INVALID_CONTEXT_FIELDS',
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

/** `runWithContext` (or `runWithTraceContext`'s `fields`) was given something that cannot be scope fields. */
export class InvalidContextFieldsError extends ContainerError {
  constructor(message: string) {
    super(ContainerErrorCode.InvalidContextFields, message);
  }
}

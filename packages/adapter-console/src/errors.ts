/** Stable codes for the errors this package throws. */
export const ConsoleAdapterErrorCode = {
  InvalidOptions: 'DASHTAM_CONSOLE_INVALID_OPTIONS',
} as const;
export type ConsoleAdapterErrorCode = (typeof ConsoleAdapterErrorCode)[keyof typeof ConsoleAdapterErrorCode];

/** Base of the errors thrown by `@dashtam/adapter-console` (only at construction, never from a log call). */
export class ConsoleAdapterError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** An option of the ConsoleSink is not valid; the message names it and says what is accepted. */
export class InvalidConsoleOptionsError extends ConsoleAdapterError {
  readonly option: string;
  constructor(option: string, message: string) {
    super(ConsoleAdapterErrorCode.InvalidOptions, `Invalid ConsoleSink option "${option}": ${message}`);
    this.option = option;
  }
}

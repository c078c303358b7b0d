/** Stable codes for the errors this package throws. */
export const FdWriterErrorCode = {
  InvalidOptions: 'DASHTAM_FD_WRITER_INVALID_OPTIONS',
  WriteTimeout: 'DASHTAM_FD_WRITE_TIMEOUT',
} as const;
export type FdWriterErrorCode = (typeof FdWriterErrorCode)[keyof typeof FdWriterErrorCode];

/** Base of the errors thrown by `@dashtam/fd-writer`. */
export class FdWriterError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** An option of `writeAllSync` is not valid; the message names it and says what is accepted. */
export class InvalidFdWriterOptionsError extends FdWriterError {
  readonly option: string;
  constructor(option: string, message: string) {
    super(FdWriterErrorCode.InvalidOptions, `Invalid writeAllSync option "${option}": ${message}`);
    this.option = option;
  }
}

/**
 * The descriptor kept answering EAGAIN (a pipe whose reader stopped reading) for longer than
 * `timeoutMs`; `bytesWritten` of `bytesTotal` bytes went out, the rest did not. The last EAGAIN
 * error is the `cause`.
 */
export class FdWriteTimeoutError extends FdWriterError {
  readonly fd: number;
  readonly bytesWritten: number;
  readonly bytesTotal: number;
  constructor(fd: number, bytesWritten: number, bytesTotal: number, timeoutMs: number, cause: unknown) {
    super(
      FdWriterErrorCode.WriteTimeout,
      `fd ${fd} accepted nothing for ${timeoutMs} ms (EAGAIN); ${bytesWritten} of ${bytesTotal} bytes written`,
      { cause },
    );
    this.fd = fd;
    this.bytesWritten = bytesWritten;
    this.bytesTotal = bytesTotal;
  }
}

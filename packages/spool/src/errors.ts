/** Stable codes for the errors this package throws. */
export const SpoolErrorCode = {
  RootMissing: 'DASHTAM_SPOOL_ROOT_MISSING',
  RootNotADirectory: 'DASHTAM_SPOOL_ROOT_NOT_A_DIRECTORY',
  RootUnreadable: 'DASHTAM_SPOOL_ROOT_UNREADABLE',
} as const;
export type SpoolErrorCode = (typeof SpoolErrorCode)[keyof typeof SpoolErrorCode];

/** Base of the errors thrown by `@dashtam/spool` (never from a log call: the spool reports those to its fallback). */
export class SpoolError extends Error {
  readonly code: SpoolErrorCode;
  constructor(code: SpoolErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** The spool root given to {@link inspectSpool} is missing, not a directory, or cannot be read. */
export class SpoolRootError extends SpoolError {
  /** The path that was given. */
  readonly path: string;
  constructor(code: SpoolErrorCode, path: string, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.path = path;
  }
}

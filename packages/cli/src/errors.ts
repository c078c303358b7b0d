/** Stable codes of the errors the CLI reports. */
export const CliErrorCode = {
  Usage: 'DASHTAM_CLI_USAGE',
  CloudWatch: 'DASHTAM_CLI_CLOUDWATCH',
  Spool: 'DASHTAM_CLI_SPOOL',
} as const;
export type CliErrorCode = (typeof CliErrorCode)[keyof typeof CliErrorCode];

/** Base of the CLI's errors; `exitCode` is what the process exits with. */
export class CliError extends Error {
  readonly code: CliErrorCode;
  readonly exitCode: number;
  constructor(code: CliErrorCode, message: string, exitCode: number, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CliError';
    this.code = code;
    this.exitCode = exitCode;
  }
}

/** A command line that cannot run: unknown command or flag, missing or malformed value. Exit 2. */
export class UsageError extends CliError {
  /** The command whose `--help` to point at, if known. */
  readonly command: string | undefined;
  constructor(message: string, command?: string) {
    super(CliErrorCode.Usage, message, 2);
    this.name = 'UsageError';
    this.command = command;
  }
}

/** CloudWatch Logs refused or failed a request (after retries). Exit 1. */
export class CloudWatchReadError extends CliError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(CliErrorCode.CloudWatch, message, 1, options);
    this.name = 'CloudWatchReadError';
  }
}

/** The spool directory is missing, not a directory, or cannot be read. Exit 1. */
export class SpoolReadError extends CliError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(CliErrorCode.Spool, message, 1, options);
    this.name = 'SpoolReadError';
  }
}

import { Redactor } from '@dashtam/logger-protocol';

let redactor: Redactor | undefined;

/**
 * The console sink's default failure report: one JSON line on stderr, its text redacted with the
 * built-in rules (an error can quote what failed). Never throws.
 */
export function reportConsoleFailure(error: unknown): void {
  try {
    redactor ??= new Redactor();
    const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    process.stderr.write(
      `{"level":"error","message":"dashtam console sink failed","error_message":${JSON.stringify(redactor.redactString(text))}}\n`,
    );
  } catch {
    // Nowhere left to report to.
  }
}

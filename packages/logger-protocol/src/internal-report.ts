import { Redactor } from './redactor.js';

// Failure messages quote what failed (a getter's error, a connection error), which can hold a
// secret: the report redacts with the built-in rules.
let redactor: Redactor | undefined;

/** Writes a failure report on stderr without ever throwing; its text is redacted (built-in rules). */
export function reportToStderr(error: unknown): void {
  try {
    redactor ??= new Redactor();
    const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    process.stderr.write(
      `{"level":"error","message":"dashtam logger internal error","error_message":${JSON.stringify(redactor.redactString(text))}}\n`,
    );
  } catch {
    // Nowhere left to report to.
  }
}

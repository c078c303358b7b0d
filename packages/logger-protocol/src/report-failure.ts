import { Redactor } from './redactor.js';

// Failure messages quote what failed (a getter's error, a connection error), which can hold a
// secret: reports are redacted with the built-in rules.
let redactor: Redactor | undefined;

/**
 * Writes one failure report on stderr, as a JSON line, without ever throwing; the error's text is
 * redacted with `rules` (a logger passes its own, your keys and patterns included), else with the
 * built-in rules. The logger's default `onError`, `fanOut` and the console sink
 * report through it; a sink of yours can too (the `LogSink` contract: report your own failures
 * through one place that cannot throw).
 *
 * @example
 * ```ts
 * reportFailure(new Error('connect ECONNREFUSED'), 'acme sink failed');
 * // stderr: {"level":"error","message":"acme sink failed","error_message":"Error: connect ECONNREFUSED"}
 * ```
 */
export function reportFailure(
  error: unknown,
  message = 'dashtam logger internal error',
  rules: Redactor | undefined = undefined,
): void {
  try {
    redactor ??= new Redactor();
    const r = rules ?? redactor;
    const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    process.stderr.write(
      `{"level":"error","message":${JSON.stringify(String(message))},"error_message":${JSON.stringify(r.redactString(text))}}\n`,
    );
  } catch {
    // Nowhere left to report to.
  }
}

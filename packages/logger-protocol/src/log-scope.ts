import type { DebugTail } from './debug-tail.js';

/**
 * What the code running now carries for the records it writes (a request, a job): the container
 * keeps one per `runWithContext` / trace scope in AsyncLocalStorage and gives the logger a
 * {@link LogScopeSource}. Every field is optional.
 */
export interface LogScope {
  /** Fields added to every record written in the scope (below the bound and the call's own context). */
  readonly fields?: Readonly<Record<string, unknown>> | undefined;
  /** Records below the active level are written too, each record of the scope marked `sampled: true`. */
  readonly sampled?: boolean | undefined;
  /** Where records below the active level wait for an error (see `DebugTailBuffer`). */
  readonly tail?: DebugTail<unknown> | undefined;
}

/** Returns the scope of the code running now, or undefined outside any. Must not throw (a throw is reported and ignored). */
export type LogScopeSource = () => LogScope | undefined;

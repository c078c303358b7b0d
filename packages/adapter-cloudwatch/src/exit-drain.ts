/** Something that can hand what it holds to its fallback synchronously. */
export interface ExitDrainable {
  drainSync(): void;
}

/** Something that writes what it aggregates into its sinks synchronously (metrics). */
export interface ExitFlushable {
  flushSync(): void;
}

const live = new Set<WeakRef<ExitDrainable>>();
const feeders = new Set<WeakRef<ExitFlushable>>();
const forgetFeeder = new FinalizationRegistry<WeakRef<ExitFlushable>>((ref) => feeders.delete(ref));
let feedersInstalled = false;
// An adapter dropped without close() leaves its WeakRef behind; the registry removes it.
const forget = new FinalizationRegistry<WeakRef<ExitDrainable>>((ref) => live.delete(ref));
let installed = false;

/**
 * Drains every registered delivery. Runs as the one shared `exit` listener: on `process.exit()`, an
 * uncaught exception or an unhandled rejection Node runs only synchronous `exit` listeners, so
 * what is still buffered must be written there or it is lost.
 */
export function drainAllSync(): void {
  // Metrics first, whichever listener runs first: what they write must be in a sink before its drain.
  flushAllSync();
  for (const ref of live) ref.deref()?.drainSync();
}

/**
 * Writes what every registered metrics aggregator holds into its sink. Runs as an `exit` listener
 * put in front of the others (`prependListener`), so that the documents are in the sinks' buffers
 * before any sink's own exit listener drains them: the CloudWatch drain below, and the console
 * sink's exit flush (a listener of another package, which would otherwise run first when its sink
 * was built first). It is also the first step of {@link drainAllSync}. Idempotent: a second run
 * finds nothing left to write.
 */
export function flushAllSync(): void {
  for (const ref of feeders) ref.deref()?.flushSync();
}

/** Registers `target` to be flushed at process exit before any sink drains; returns the function that unregisters it. */
export function flushAtExit(target: ExitFlushable): () => void {
  const ref = new WeakRef(target);
  feeders.add(ref);
  forgetFeeder.register(target, ref, ref);
  if (!feedersInstalled) {
    feedersInstalled = true;
    process.prependListener('exit', flushAllSync);
  }
  return () => {
    feeders.delete(ref);
    forgetFeeder.unregister(ref);
  };
}

/** Registers `target` to be drained at process exit; returns the function that unregisters it. */
export function drainAtExit(target: ExitDrainable): () => void {
  const ref = new WeakRef(target);
  live.add(ref);
  forget.register(target, ref, ref);
  if (!installed) {
    installed = true;
    process.on('exit', drainAllSync);
  }
  return () => {
    live.delete(ref);
    forget.unregister(ref);
  };
}

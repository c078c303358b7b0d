/** Something that can hand what it holds to its fallback synchronously. */
export interface ExitDrainable {
  drainSync(): void;
}

const live = new Set<WeakRef<ExitDrainable>>();
// A sink dropped without close() leaves its WeakRef behind; the registry removes it.
const forget = new FinalizationRegistry<WeakRef<ExitDrainable>>((ref) => live.delete(ref));
let installed = false;

/**
 * Drains every registered sink. Runs as one shared `exit` listener: on `process.exit()`, an
 * uncaught exception or an unhandled rejection Node runs only synchronous `exit` listeners, so
 * what is not exported yet must be written there or it is lost.
 */
function drainAllSync(): void {
  for (const ref of live) ref.deref()?.drainSync();
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

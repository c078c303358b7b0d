// The process's one exit registry: what must be written synchronously when the process ends, in
// declared phases, run by one `exit` listener (and by the container before it re-raises a signal,
// since a death by signal runs no `exit` listener). On `process.exit()`, an uncaught exception or
// an unhandled rejection Node runs only synchronous `exit` listeners, so what is still buffered
// must be written there or it is lost; and the order matters across packages:
//
//   1. 'metrics': metrics aggregators write the documents they hold into their sinks (EmfMetrics);
//   2. 'drain':   network sinks hand what they still hold (queued, in flight) to their fallback
//                 writers, synchronously (the CloudWatch delivery, the OTLP sink);
//   3. 'final':   the last synchronous writes to the fd: console line writers flush their buffers.
//                 (A FallbackWriter holds nothing: it writes through writeAllSync at once.)
//
// Phases run in that order whatever order the targets were registered in; within a phase, in
// registration order. A target is held through a WeakRef, so an adapter dropped without close()
// is not kept alive (a FinalizationRegistry forgets it). The state lives on `globalThis` under
// Symbol.for('dashtam.exit-registry'), so two copies of this package in one process share it and
// install one `exit` listener between them. Internal to the dashtam adapters and container
// (exported as `@dashtam/fd-writer/internal`), not an API for applications.
import { processWide } from './process-wide.js';

/** The phases of the exit, in the order they run. */
export const EXIT_PHASES = ['metrics', 'drain', 'final'] as const;

/** One phase of the exit: see {@link EXIT_PHASES}. */
export type ExitPhase = (typeof EXIT_PHASES)[number];

/** Something {@link onExit} can hold: an object whose method `K` takes no argument. */
export type ExitTarget<K extends PropertyKey> = { readonly [P in K]: () => unknown };

interface Registration {
  readonly ref: WeakRef<object>;
  readonly method: PropertyKey;
  readonly phase: ExitPhase;
}

interface ExitRegistryState {
  // By phase name. Another copy of this package (another version) may have created the state with
  // other phases: a phase missing here is added when first used, and phases this copy does not
  // know still run, after the known ones (see runExitPhases).
  readonly phases: Record<string, Set<Registration> | undefined>;
  // Whether an `exit` listener is installed (by any copy of this module).
  listening: boolean;
  // Whether the phases are running: a target that ends up calling runExitPhases() again is not re-entered.
  running: boolean;
}

/** The set of `phase`, made if the state (perhaps from another copy) has none yet. */
function phaseSet(phase: string): Set<Registration> {
  let set = state.phases[phase];
  if (set === undefined) {
    set = new Set();
    state.phases[phase] = set;
  }
  return set;
}

const state = processWide<ExitRegistryState>('dashtam.exit-registry', () => ({
  phases: { metrics: new Set(), drain: new Set(), final: new Set() },
  listening: false,
  running: false,
}));

// A target dropped without unregistering leaves its registration behind; this removes it.
const forget = new FinalizationRegistry<Registration>((registration) => {
  state.phases[registration.phase]?.delete(registration);
});

/**
 * Registers `target[method]()` to run at process exit in `phase`; returns the function that
 * unregisters it (call it from the target's `close()`). `target` is held weakly.
 *
 * @example
 * ```ts
 * this.#forgetAtExit = onExit('drain', this, 'drainSync');
 * ```
 */
export function onExit<K extends PropertyKey>(phase: ExitPhase, target: ExitTarget<K>, method: K): () => void {
  const registration: Registration = { ref: new WeakRef(target), method, phase };
  phaseSet(phase).add(registration);
  forget.register(target, registration, registration);
  if (!state.listening) {
    state.listening = true;
    process.on('exit', runExitPhases);
  }
  return () => {
    state.phases[phase]?.delete(registration);
    forget.unregister(registration);
  };
}

/**
 * Runs every phase now, synchronously: the registered targets of 'metrics', then 'drain', then
 * 'final'. The `exit` listener; the container also calls it before re-raising a signal. A target
 * that throws is skipped (there is nowhere left to report at exit) and the others still run.
 * Registrations stay: the targets' methods are idempotent, so a second run finds nothing left to
 * write, and what is buffered after a first run is still written at the exit.
 */
export function runExitPhases(): void {
  if (state.running) return;
  state.running = true;
  try {
    // The known phases in their order, then any a copy of another version added.
    const unknown = Object.keys(state.phases).filter((p) => !(EXIT_PHASES as readonly string[]).includes(p));
    for (const phase of [...EXIT_PHASES, ...unknown]) {
      for (const { ref, method } of state.phases[phase] ?? []) {
        const target = ref.deref() as ExitTarget<PropertyKey> | undefined;
        try {
          target?.[method]?.();
        } catch {
          // A target must not throw; one that does must not stop the others.
        }
      }
    }
  } finally {
    state.running = false;
  }
}

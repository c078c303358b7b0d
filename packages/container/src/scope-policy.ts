// The scope policy: what a new trace scope gets (a debug tail for LOG_DEBUG_TAIL=on, a sample
// rate for LOG_SAMPLE_RATE), set by the container and the logger factory from the settings, and
// the hook that makes it the current settings' before a scope reads it.
import { processWide } from '@dashtam/fd-writer/internal';
import type { DebugTailBuffer } from '@dashtam/logger-protocol';

/** What a new trace scope gets: a debug tail buffer to open its tail in, and its sampling rate. */
export interface ScopePolicy {
  readonly debugTail: DebugTailBuffer | undefined;
  readonly sampleRate: number;
}

// The policy, set by the container (and by createLogger) from the settings, and the hook below: one
// per process, on globalThis, shared by the ESM and the CommonJS copy of this package.
const state = processWide<{ policy: ScopePolicy; ensurePolicy: () => void }>('dashtam.scope-policy.v1', () => ({
  policy: { debugTail: undefined, sampleRate: 0 },
  ensurePolicy: () => {},
}));

/** @internal Sets what new trace scopes get (the logger factory calls it). */
export function setScopePolicy(next: { debugTail: DebugTailBuffer | undefined; sampleRate: number }): void {
  state.policy = { debugTail: next.debugTail, sampleRate: next.sampleRate };
}

// Makes the policy the current settings' (the container builds its settings and tail buffer if
// not built yet) before a scope reads it: a scope opened before the first getLogger() (a worker's
// first job) or after a shutdown() would otherwise get no tail or sampling, or the old settings'.

/** @internal The container sets it. */
export function setScopePolicySource(ensure: () => void): void {
  state.ensurePolicy = ensure;
}

/** @internal The policy a scope opened now gets, made the current settings' first. */
export function currentScopePolicy(): ScopePolicy {
  state.ensurePolicy();
  return state.policy;
}

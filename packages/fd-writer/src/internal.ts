// `@dashtam/fd-writer/internal`: what the dashtam adapters and container share at process exit.
// Not an API for applications: it may change in any release.
export type { ExitPhase, ExitTarget } from './exit-registry.js';
export { EXIT_PHASES, onExit, runExitPhases } from './exit-registry.js';

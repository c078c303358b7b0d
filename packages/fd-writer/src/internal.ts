// `@dashtam/fd-writer/internal`: what the dashtam adapters and container share: the process's one
// exit registry, and the fallback writer (JSON lines to a stream or an fd, synchronously) the
// adapters put behind their network delivery.
// Not an API for applications: it may change in any release.
export type { ExitPhase, ExitTarget } from './exit-registry.js';
export { EXIT_PHASES, onExit, runExitPhases } from './exit-registry.js';
export type { FallbackWriterOptions } from './fallback-writer.js';
export { FallbackWriter } from './fallback-writer.js';

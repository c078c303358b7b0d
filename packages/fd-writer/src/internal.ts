// `@dashtam/fd-writer/internal`: what the dashtam adapters and container share: the process's one
// exit registry, the fallback writer (JSON lines to a stream or an fd, synchronously) the
// adapters put behind their network delivery, and processWide() for state that must be one per
// process however many copies (ESM and CommonJS, two versions) of a package are loaded.
// Not an API for applications: it may change in any release.
export type { ExitPhase, ExitTarget } from './exit-registry.js';
export { EXIT_PHASES, onExit, runExitPhases } from './exit-registry.js';
export type { FallbackWriterOptions } from './fallback-writer.js';
export { FallbackWriter } from './fallback-writer.js';
export { processWide } from './process-wide.js';

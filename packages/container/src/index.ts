// `@dashtam/container`: what applications use, re-exported from the file that holds each name.
// What the dashtam packages share with each other (the Express middleware's trace scope) is in
// `./internal.ts` (`@dashtam/container/internal`).
export { getCorrelationId, getSpanId, getTraceId } from './active-ids.js';
export type { ContainerOptions } from './container.js';
export {
  configureContainer,
  flushLogs,
  getEventBus,
  getLogger,
  getMetrics,
  getSettings,
  shutdown,
} from './container.js';
export { Environment } from './environment.js';
export { ContainerError, ContainerErrorCode, InvalidContextFieldsError, InvalidSettingError } from './errors.js';
export { createEventBus } from './event-wiring.js';
export { createLogger } from './logger-factory.js';
export { createMetrics } from './metrics-factory.js';
export type { Settings } from './settings.js';
export { loadSettings } from './settings.js';
export type { TraceScope } from './trace-context.js';
export { runWithContext, runWithTraceContext, runWithTraceId } from './trace-context.js';

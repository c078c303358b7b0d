// The public surface of @dashtam/container: every name a consumer may import, re-exported from
// the file that holds it.
export { getCorrelationId, getSpanId, getTraceId } from './active-ids.js';
export type { BatchingSettings } from './batching-settings.js';
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
export { checkContextFields } from './context-fields.js';
export { Environment } from './environment.js';
export { ContainerError, ContainerErrorCode, InvalidContextFieldsError, InvalidSettingError } from './errors.js';
export { createEventBus } from './event-wiring.js';
export type { LoggerDependencies } from './logger-factory.js';
export { createLogger } from './logger-factory.js';
export { createMetrics } from './metrics-factory.js';
export type { MetricsSettings } from './metrics-settings.js';
export type { OtlpSettings } from './otlp-settings.js';
export type { ScopeSettings } from './scope-settings.js';
export type { EnvironmentVariables, Settings } from './settings.js';
export { loadSettings } from './settings.js';
export type { SinkSetting } from './sinks-setting.js';
export { SinkName } from './sinks-setting.js';
export type { TraceScope, TraceScopeHandle } from './trace-context.js';
export {
  flushScopeTail,
  getLogScope,
  openTraceScope,
  runWithContext,
  runWithTraceContext,
  runWithTraceId,
} from './trace-context.js';
export { isW3cTraceId, newTraceId } from './trace-id.js';
export { isTraceSampled } from './trace-sampling.js';

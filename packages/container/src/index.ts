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
  checkContextFields,
  flushScopeTail,
  getCorrelationId,
  getLogScope,
  getSpanId,
  getTraceId,
  isTraceSampled,
  openTraceScope,
  runWithContext,
  runWithTraceContext,
  runWithTraceId,
} from './trace-context.js';
export { isW3cTraceId, newTraceId } from './trace-id.js';

import { ConsoleAdapter, type ConsoleDestination } from '@dashtam/adapter-console';
import type { ManagedLogger, TraceContext } from '@dashtam/logger-protocol';
import { AdapterUnavailableError } from './errors.js';
import type { Settings } from './settings.js';
import { getTraceId } from './trace-context.js';

/** What the factory may be given instead of its defaults (tests and embedding apps). */
export interface LoggerDependencies {
  /** Console output. @default stdout */
  readonly destination?: ConsoleDestination;
  /** @default the container's getTraceId */
  readonly traceContext?: TraceContext;
  /** @default Date.now */
  readonly clock?: () => number;
}

/**
 * Builds the logger the settings call for: `development` → pretty console, `testing`/`ci` → JSON
 * console, `staging`/`production` → CloudWatch. The only place adapters are constructed.
 */
export function createLogger(settings: Settings, deps: LoggerDependencies = {}): ManagedLogger {
  const common = {
    level: settings.logLevel,
    traceContext: deps.traceContext ?? getTraceId,
    ...(deps.clock ? { clock: deps.clock } : {}),
    ...(deps.destination !== undefined ? { destination: deps.destination } : {}),
  };
  switch (settings.environment) {
    case 'development':
      return new ConsoleAdapter({
        ...common,
        format: 'pretty',
        ...(settings.colors !== undefined ? { colors: settings.colors } : {}),
      });
    case 'testing':
    case 'ci':
      return new ConsoleAdapter({ ...common, format: 'json' });
    case 'staging':
    case 'production':
      throw new AdapterUnavailableError(
        `ENVIRONMENT=${settings.environment} needs the CloudWatch adapter, which this version of @dashtam/container does not include yet; use development, testing or ci`,
      );
  }
}

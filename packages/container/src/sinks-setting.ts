import { InvalidLogLevelError, type LogLevel, parseLogLevel } from '@dashtam/logger-protocol';
import type { Environment } from './environment.js';
import { InvalidSettingError } from './errors.js';

/** The outputs `LOG_SINKS` may name. */
export const SinkName = {
  Console: 'console',
  CloudWatch: 'cloudwatch',
  Otlp: 'otlp',
} as const;
export type SinkName = (typeof SinkName)[keyof typeof SinkName];

/** One output the container builds: which sink, and its own minimum level when one was given. */
export interface SinkSetting {
  readonly name: SinkName;
  /** From `LOG_SINKS=console:warning`; undefined means every record the logger writes. */
  readonly level: LogLevel | undefined;
}

const NAMES: readonly string[] = Object.values(SinkName);

/** Where records go when `LOG_SINKS` is unset, per environment (the spec's choice of adapter). */
export function defaultSinks(environment: Environment): readonly SinkSetting[] {
  const name = environment === 'staging' || environment === 'production' ? SinkName.CloudWatch : SinkName.Console;
  return [{ name, level: undefined }];
}

/**
 * Reads `LOG_SINKS`: a comma-separated list of outputs (`console`, `cloudwatch`, `otlp`), each
 * `name` or `name:level`, e.g. `console,cloudwatch` or `console:warning,otlp`. Unset or blank gives the environment's
 * default. Names and levels are read in any case, blanks around them ignored.
 *
 * @throws {InvalidSettingError} for an unknown name, a bad level, an empty item or a name given twice.
 * @example
 * ```ts
 * parseSinks('console:warning, CloudWatch', 'production');
 * // [{ name: 'console', level: 'warning' }, { name: 'cloudwatch', level: undefined }]
 * ```
 */
export function parseSinks(value: string | undefined, environment: Environment): readonly SinkSetting[] {
  if (value === undefined || value.trim() === '') return defaultSinks(environment);
  const accepted = `a comma-separated list of ${NAMES.join(', ')}, each optionally with :level (e.g. "console:warning,cloudwatch")`;
  const seen = new Set<string>();
  return value.split(',').map((item) => {
    const [rawName = '', rawLevel, ...rest] = item.split(':');
    const name = rawName.trim().toLowerCase();
    if (name === '' || rest.length > 0) {
      throw new InvalidSettingError('LOG_SINKS', `${JSON.stringify(value)} is not accepted: expected ${accepted}`);
    }
    if (!NAMES.includes(name)) {
      throw new InvalidSettingError(
        'LOG_SINKS',
        `unknown sink ${JSON.stringify(rawName.trim())} in ${JSON.stringify(value)}: expected ${accepted}`,
      );
    }
    if (seen.has(name)) {
      throw new InvalidSettingError('LOG_SINKS', `${JSON.stringify(name)} is named twice in ${JSON.stringify(value)}`);
    }
    seen.add(name);
    let level: LogLevel | undefined;
    if (rawLevel !== undefined) {
      try {
        level = parseLogLevel(rawLevel);
      } catch (e) {
        const detail = e instanceof InvalidLogLevelError ? e.message : String(e);
        throw new InvalidSettingError('LOG_SINKS', `${JSON.stringify(item.trim())}: ${detail}`, { cause: e });
      }
    }
    return { name: name as SinkName, level };
  });
}

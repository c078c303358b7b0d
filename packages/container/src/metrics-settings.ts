import { checkEmfNamespace } from '@dashtam/adapter-cloudwatch/internal';
import { wholeNumber } from './batching-settings.js';
import type { EnvironmentVariables } from './environment-variables.js';
import { InvalidSettingError } from './errors.js';

/** The metrics settings, read from the environment and defaulted. */
export interface MetricsSettings {
  /** `METRICS`: `on` or `off` (metrics calls do nothing). @default true (on) */
  readonly metrics: boolean;
  /** `METRICS_NAMESPACE`: the CloudWatch namespace of every metric. @default `Dashtam/{ENVIRONMENT}` */
  readonly metricsNamespace: string;
  /** `METRICS_INTERVAL`: seconds aggregated into one set of EMF documents, 1 to 3600. @default 60 */
  readonly metricsIntervalSeconds: number;
}

/**
 * Reads `METRICS`, `METRICS_NAMESPACE` and `METRICS_INTERVAL`.
 *
 * @throws {InvalidSettingError} naming the variable, what is wrong and what is accepted.
 */
export function loadMetricsSettings(env: EnvironmentVariables, environment: string): MetricsSettings {
  const switchValue = (env.METRICS ?? '').trim().toLowerCase();
  if (switchValue !== '' && switchValue !== 'on' && switchValue !== 'off') {
    throw new InvalidSettingError(
      'METRICS',
      `${JSON.stringify(env.METRICS)} is not accepted: expected "on" or "off"; unset means on`,
    );
  }
  const fallback = `Dashtam/${environment}`;
  const given = env.METRICS_NAMESPACE?.trim();
  const namespace = given === undefined || given === '' ? fallback : given;
  const problem = checkEmfNamespace(namespace);
  if (problem !== undefined) {
    throw new InvalidSettingError('METRICS_NAMESPACE', `${problem}; unset means ${JSON.stringify(fallback)}`);
  }
  return {
    metrics: switchValue !== 'off',
    metricsNamespace: namespace,
    metricsIntervalSeconds: wholeNumber(
      env,
      'METRICS_INTERVAL',
      60,
      1,
      3600,
      'seconds of values aggregated into one set of EMF documents',
    ),
  };
}

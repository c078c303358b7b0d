import { wholeNumber } from './batching-settings.js';
import type { EnvironmentVariables } from './environment-variables.js';
import { InvalidSettingError } from './errors.js';

/** The debug tail and sampling settings, read from the environment and defaulted. */
export interface ScopeSettings {
  /**
   * `LOG_DEBUG_TAIL`: `on` holds each request's records below `LOG_LEVEL` and writes them when the
   * request logs an error or answers 5xx; `off` drops them. @default off
   */
  readonly debugTail: boolean;
  /** `LOG_DEBUG_TAIL_MAX_RECORDS`: records held per request, 1 to 100,000. @default 100 */
  readonly debugTailMaxRecords: number;
  /** `LOG_DEBUG_TAIL_MAX_BYTES`: estimated bytes held per request, 1,024 to 16,777,216. @default 65536 */
  readonly debugTailMaxBytes: number;
  /** `LOG_DEBUG_TAIL_MAX_TOTAL_BYTES`: estimated bytes held over all requests, 65,536 to 2^32. @default 8388608 */
  readonly debugTailMaxTotalBytes: number;
  /**
   * `LOG_SAMPLE_RATE`: the fraction of requests (0 to 1) that write every record whatever the
   * level, decided once per trace id. @default 0
   */
  readonly sampleRate: number;
}

const ON = new Set(['on', 'true', '1', 'yes']);
const OFF = new Set(['off', 'false', '0', 'no', '']);

function onOff(env: EnvironmentVariables, variable: string): boolean {
  const raw = env[variable];
  const v = (raw ?? '').trim().toLowerCase();
  if (ON.has(v)) return true;
  if (OFF.has(v)) return false;
  throw new InvalidSettingError(
    variable,
    `${JSON.stringify(raw)} is not accepted: expected on or off (also true/false, 1/0, yes/no); unset means off`,
  );
}

function rate(env: EnvironmentVariables, variable: string): number {
  const raw = env[variable];
  if (raw === undefined || raw.trim() === '') return 0;
  const text = raw.trim();
  const n = /^(?:0(?:\.[0-9]+)?|1(?:\.0+)?|\.[0-9]+)$/.test(text) ? Number(text) : Number.NaN;
  if (!(n >= 0 && n <= 1)) {
    throw new InvalidSettingError(
      variable,
      `${JSON.stringify(raw)} is not accepted: expected a fraction from 0 to 1 (e.g. 0.01 for one request in a hundred); unset means 0`,
    );
  }
  return n;
}

/**
 * Reads `LOG_DEBUG_TAIL`, its limits and `LOG_SAMPLE_RATE`.
 *
 * @throws {InvalidSettingError} naming the variable, what is wrong and what is accepted.
 */
export function loadScopeSettings(env: EnvironmentVariables): ScopeSettings {
  return {
    debugTail: onOff(env, 'LOG_DEBUG_TAIL'),
    debugTailMaxRecords: wholeNumber(env, 'LOG_DEBUG_TAIL_MAX_RECORDS', 100, 1, 100_000, 'records held per request'),
    debugTailMaxBytes: wholeNumber(
      env,
      'LOG_DEBUG_TAIL_MAX_BYTES',
      65_536,
      1_024,
      16_777_216,
      'bytes held per request',
    ),
    debugTailMaxTotalBytes: wholeNumber(
      env,
      'LOG_DEBUG_TAIL_MAX_TOTAL_BYTES',
      8_388_608,
      65_536,
      4_294_967_296,
      'bytes held over all requests',
    ),
    sampleRate: rate(env, 'LOG_SAMPLE_RATE'),
  };
}

import { BATCHING_LIMITS, PUT_LOG_EVENTS_LIMITS } from '@dashtam/adapter-cloudwatch/internal';
import type { EnvironmentVariables } from './environment-variables.js';
import { InvalidSettingError } from './errors.js';

/** The CloudWatch batching and buffer settings, read from the environment and defaulted. */
export interface BatchingSettings {
  /** `LOG_BATCH_SIZE`: most events per PutLogEvents call, 1 to 10,000 (CloudWatch's limit). @default 10000 */
  readonly logBatchSize: number;
  /** `LOG_BATCH_INTERVAL_MS`: longest wait before a partial batch is sent, 1 to 3,600,000. @default 1000 */
  readonly logBatchIntervalMs: number;
  /** `LOG_BUFFER_MAX_EVENTS`: most events held in memory, from LOG_BATCH_SIZE to 100,000,000. @default 100000 */
  readonly logBufferMaxEvents: number;
  /**
   * `LOG_BUFFER_MAX_BYTES`: most bytes (UTF-8) held in memory, from 1,048,576 (one full PutLogEvents
   * request) to 2^40. @default 33554432
   */
  readonly logBufferMaxBytes: number;
}

/** A whole-number setting within [min, max], or `fallback` when unset. @throws {InvalidSettingError} */
export function wholeNumber(
  env: EnvironmentVariables,
  variable: string,
  fallback: number,
  min: number,
  max: number,
  why: string,
): number {
  const raw = env[variable];
  if (raw === undefined || raw.trim() === '') return fallback;
  const text = raw.trim().replaceAll('_', '');
  const n = /^[0-9]+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    const problem = Number.isSafeInteger(n) ? (n < min ? 'is too small' : 'is too large') : 'is not a whole number';
    throw new InvalidSettingError(
      variable,
      `${JSON.stringify(raw)} ${problem}: expected a whole number from ${min} to ${max} (${why}); unset means ${fallback}`,
    );
  }
  return n;
}

/**
 * Reads `LOG_BATCH_SIZE`, `LOG_BATCH_INTERVAL_MS`, `LOG_BUFFER_MAX_EVENTS` and
 * `LOG_BUFFER_MAX_BYTES`, bounded by CloudWatch's PutLogEvents limits (10,000 events and 1,048,576
 * bytes per call) and the adapter's ranges.
 *
 * @throws {InvalidSettingError} naming the variable, what is wrong and what is accepted.
 */
export function loadBatchingSettings(env: EnvironmentVariables): BatchingSettings {
  const { batchSize, flushInterval, maxBufferEvents, maxBufferBytes } = BATCHING_LIMITS;
  const logBatchSize = wholeNumber(
    env,
    'LOG_BATCH_SIZE',
    batchSize.default,
    batchSize.min,
    batchSize.max,
    `events per PutLogEvents call; CloudWatch accepts at most ${PUT_LOG_EVENTS_LIMITS.maxEvents}`,
  );
  return {
    logBatchSize,
    logBatchIntervalMs: wholeNumber(
      env,
      'LOG_BATCH_INTERVAL_MS',
      flushInterval.default,
      flushInterval.min,
      flushInterval.max,
      'milliseconds before a partial batch is sent',
    ),
    logBufferMaxEvents: wholeNumber(
      env,
      'LOG_BUFFER_MAX_EVENTS',
      maxBufferEvents.default,
      logBatchSize,
      maxBufferEvents.max,
      'events held in memory; at least LOG_BATCH_SIZE, or a batch could never fill',
    ),
    logBufferMaxBytes: wholeNumber(
      env,
      'LOG_BUFFER_MAX_BYTES',
      maxBufferBytes.default,
      PUT_LOG_EVENTS_LIMITS.maxBytes,
      maxBufferBytes.max,
      `bytes held in memory; at least ${PUT_LOG_EVENTS_LIMITS.maxBytes}, one full PutLogEvents request`,
    ),
  };
}

import { UsageError } from './errors.js';

const UNITS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;
const DURATION = /^(\d+)(ms|s|m|h|d|w)$/;

/** What `--since` and `--interval` accept, as error messages say. */
export const ACCEPTED_DURATION = 'a whole number with a unit: ms, s, m, h, d or w (e.g. 500ms, 30s, 15m, 2h, 7d)';

/**
 * Milliseconds of a duration such as `15m`.
 *
 * @throws {UsageError} naming the flag, the value and {@link ACCEPTED_DURATION}.
 * @example
 * ```ts
 * parseDuration('--since', '15m'); // 900000
 * ```
 */
export function parseDuration(flag: string, value: string, command = 'tail'): number {
  const m = DURATION.exec(value.trim());
  const amount = m === null ? Number.NaN : Number(m[1]) * UNITS[m[2] as keyof typeof UNITS];
  if (!Number.isSafeInteger(amount) || amount <= 0) {
    throw new UsageError(`${flag} ${JSON.stringify(value)} is not a duration; accepted: ${ACCEPTED_DURATION}`, command);
  }
  return amount;
}

/**
 * The start time (ms since the epoch) of `--since`: a duration back from `now`, or an ISO 8601 time.
 *
 * @example
 * ```ts
 * parseSince('15m', Date.now()); parseSince('2026-11-28T10:00:00Z', Date.now());
 * ```
 */
export function parseSince(value: string, now: number): number {
  if (/^\d{4}-\d{2}-\d{2}/.test(value)) {
    const time = Date.parse(value);
    if (Number.isNaN(time)) {
      throw new UsageError(
        `--since ${JSON.stringify(value)} is not a valid time; accepted: ${ACCEPTED_DURATION}, or an ISO 8601 time (2026-11-28T10:00:00Z)`,
        'tail',
      );
    }
    return time;
  }
  try {
    return now - parseDuration('--since', value);
  } catch {
    throw new UsageError(
      `--since ${JSON.stringify(value)} is not a duration or a time; accepted: ${ACCEPTED_DURATION}, or an ISO 8601 time (2026-11-28T10:00:00Z)`,
      'tail',
    );
  }
}

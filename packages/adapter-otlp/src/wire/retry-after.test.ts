import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from './retry-after.js';

const NOW = Date.parse('2026-12-07T06:00:00Z');

describe('parseRetryAfter', () => {
  it('reads delta-seconds as ms', () => {
    expect(parseRetryAfter('0', NOW)).toBe(0);
    expect(parseRetryAfter('7', NOW)).toBe(7000);
    expect(parseRetryAfter(' 120 ', NOW)).toBe(120_000);
  });

  it('reads the three HTTP-date forms as the time left from now, never below 0', () => {
    expect(parseRetryAfter('Mon, 07 Dec 2026 06:00:30 GMT', NOW)).toBe(30_000);
    expect(parseRetryAfter('Monday, 07-Dec-26 06:01:00 GMT', NOW)).toBe(60_000);
    expect(parseRetryAfter('Mon Dec  7 06:00:05 2026', NOW)).toBe(5000);
    expect(parseRetryAfter('Sun, 06 Nov 1994 08:49:37 GMT', NOW)).toBe(0);
  });

  it('ignores what it cannot read', () => {
    for (const value of [
      undefined,
      '',
      '-5',
      '1.5',
      'soon',
      '5s',
      '2026-12-07T06:00:30Z',
      'Mon, 07 Dec 2026 06:00:30 CET',
      '1e3',
    ]) {
      expect([value, parseRetryAfter(value, NOW)]).toEqual([value, undefined]);
    }
  });
});

import { millisToHrTime } from '@opentelemetry/core';
import { describe, expect, it } from 'vitest';
import { halves, nanoHalves, nanoText, sendableTime } from './time.js';

/** The SDK path's nanoseconds for `ms`: core's millisToHrTime, then exact BigInt arithmetic. */
function sdkNanos(ms: number): bigint {
  const [seconds, nanos] = millisToHrTime(ms);
  return BigInt.asUintN(64, BigInt(seconds) * 1_000_000_000n + BigInt(nanos));
}

// Whole and fractional ms from 1970 to past 2554 (where nanoseconds pass 2^64 and wrap).
const samples: number[] = [
  0, 1, 999, 1000, 1_796_000_000_123, 4_294_967_295_999, 4_294_967_296_000, 18_446_744_073_709, 18_446_744_073_710,
];
let seed = 7;
const random = (): number => {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed / 2_147_483_648;
};
for (let i = 0; i < 5000; i++) {
  const ms = Math.floor(random() * 20_000_000_000_000);
  samples.push(ms, ms + Math.floor(random() * 1000) / 1000, ms + random());
}

describe('nanoHalves', () => {
  it('gives the 64 bits of the SDK path nanoseconds for whole and fractional ms', () => {
    for (const ms of samples) {
      nanoHalves(ms);
      expect([ms, (BigInt(halves.high) << 32n) | BigInt(halves.low)]).toEqual([ms, sdkNanos(ms)]);
    }
  });
});

describe('nanoText', () => {
  it('gives the SDK path nanoseconds as decimal text', () => {
    for (const ms of samples) {
      expect([ms, nanoText(ms)]).toEqual([
        ms,
        (BigInt(Math.trunc(ms / 1000)) * 1_000_000_000n + BigInt(millisToHrTime(ms)[1])).toString(),
      ]);
    }
  });
});

describe('sendableTime', () => {
  it('keeps a date, sends a time before 1970 as 0 and replaces a non-date with now', () => {
    const before = Date.now();
    expect(sendableTime(1_796_000_000_123.5)).toBe(1_796_000_000_123.5);
    expect(sendableTime(-1)).toBe(0);
    const now = sendableTime(Number.POSITIVE_INFINITY);
    expect(now >= before && now <= Date.now()).toBe(true);
    expect(sendableTime(9e15)).toBeGreaterThanOrEqual(before);
  });
});

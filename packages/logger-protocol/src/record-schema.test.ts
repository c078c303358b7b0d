import { describe, expect, it } from 'vitest';
import { isoTimestamp, recordHead } from './record-schema.js';

// The reference is the platform's own formatting; the cache must never change a timestamp.
describe('isoTimestamp', () => {
  it('writes what Date#toISOString writes, across milliseconds, seconds, days and years', () => {
    const base = Date.UTC(2025, 10, 13, 19, 0, 0, 0);
    const times = [
      0,
      1,
      9,
      10,
      99,
      100,
      999,
      1000,
      1001,
      59_999,
      60_000,
      base,
      base + 1,
      base + 7,
      base + 10,
      base + 42,
      base + 99,
      base + 100,
      base + 999,
      base + 1000,
      base + 1009,
      base - 1,
      base + 86_399_999,
      base + 86_400_000,
      Date.UTC(1999, 11, 31, 23, 59, 59, 999),
      Date.UTC(2000, 0, 1, 0, 0, 0, 0),
      Date.UTC(2024, 1, 29, 12, 0, 0, 5),
      Date.UTC(9999, 11, 31, 23, 59, 59, 999),
      // Outside the fixed form: before 1970, years past 9999.
      -1,
      -999,
      -1000,
      -86_400_001,
      Date.UTC(10000, 0, 1),
      8.64e15,
      -8.64e15,
      // Fractions are cut toward zero, as a Date does.
      base + 0.4,
      base + 5.999,
      -0.5,
      -1.5,
    ];
    for (const t of times) expect(isoTimestamp(t), String(t)).toBe(new Date(t).toISOString());
  });

  it('agrees with Date#toISOString on 20,000 random times, in order and shuffled', () => {
    let seed = 12345;
    const next = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const start = Date.UTC(2026, 0, 1);
    let t = start;
    for (let i = 0; i < 10_000; i++) {
      t += Math.floor(next() * 1500); // steps within and across seconds
      expect(isoTimestamp(t)).toBe(new Date(t).toISOString());
    }
    for (let i = 0; i < 10_000; i++) {
      const r = Math.floor(next() * FIXED_END) - 5_000_000_000;
      expect(isoTimestamp(r)).toBe(new Date(r).toISOString());
    }
  });

  it('gives the same text for the same millisecond twice, and a new one for the next', () => {
    const t = Date.UTC(2026, 5, 1, 8, 30, 15, 250);
    expect(isoTimestamp(t)).toBe('2026-06-01T08:30:15.250Z');
    expect(isoTimestamp(t)).toBe('2026-06-01T08:30:15.250Z');
    expect(isoTimestamp(t + 1)).toBe('2026-06-01T08:30:15.251Z');
    expect(isoTimestamp(t + 750)).toBe('2026-06-01T08:30:16.000Z');
    expect(isoTimestamp(t)).toBe('2026-06-01T08:30:15.250Z');
  });

  it('writes the time now for a time that is not a number a Date can hold', () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, 8.64e15 + 1]) {
      const before = Date.now();
      const text = isoTimestamp(bad);
      const after = Date.now();
      const written = Date.parse(text);
      expect(written).toBeGreaterThanOrEqual(before);
      expect(written).toBeLessThanOrEqual(after);
    }
  });
});

describe('recordHead', () => {
  it('writes the head keys in order, the timestamp through isoTimestamp', () => {
    const t = Date.UTC(2026, 0, 2, 3, 4, 5, 6);
    expect(recordHead(t, 'info', '"hello"', '"abc"')).toBe(
      '{"timestamp":"2026-01-02T03:04:05.006Z","level":"info","message":"hello","trace_id":"abc"',
    );
  });
});

const FIXED_END = 253_402_300_800_000;

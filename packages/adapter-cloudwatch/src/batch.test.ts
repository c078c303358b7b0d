import { describe, expect, it } from 'vitest';
import { queuedEvent } from '../test/delivery-harness.js';
import { chronological, cutUtf8, truncateRecord, utcDay, utf8Bytes } from './batch.js';

describe('chronological', () => {
  it('keeps the queue order of many events with the same time', () => {
    const events = Array.from({ length: 40 }, (_, i) => queuedEvent(i, 7, `m${i}`));
    expect(chronological(events).map((e) => e.seq)).toEqual(events.map((e) => e.seq));
  });
});

describe('utcDay', () => {
  it('gives the UTC date of a time', () => {
    expect(utcDay(Date.UTC(2030, 0, 2, 23, 59, 59, 999))).toBe('2030-01-02');
  });
});

describe('truncateRecord', () => {
  const record = (message: string, blob: string) =>
    JSON.stringify({ timestamp: 't', level: 'info', message, trace_id: 'x', blob });

  it('fits in the limit with 26 bytes of overhead and fills most of it with the original line', () => {
    for (const limit of [300, 1000, 5000]) {
      for (const blob of ['b"\\é'.repeat(3000), 'plain'.repeat(3000)]) {
        const out = truncateRecord(record('m', blob), limit);
        expect(utf8Bytes(out) + 26, String(limit)).toBeLessThanOrEqual(limit);
        expect(JSON.parse(out).partial).toMatch(/…\[truncated\]$/);
        // Plain text is cut close to the limit (the cut leaves room for the marker).
        if (blob.startsWith('plain')) expect(limit - 26 - utf8Bytes(out), String(limit)).toBeLessThan(60);
      }
    }
  });

  it('cuts the message to a quarter of the room when it is longer, and keeps it when it fits', () => {
    const budget = 400;
    const cut = JSON.parse(truncateRecord(record('m'.repeat(101), 'b'.repeat(2000)), budget + 26));
    expect(cut.message).toBe(`${'m'.repeat(64)}…[truncated]`);
    const kept = JSON.parse(truncateRecord(record('m'.repeat(100), 'b'.repeat(2000)), budget + 26));
    expect(kept.message).toBe('m'.repeat(100));
  });

  it('keeps the leading keys in the schema order, span and correlation ids included, and no context key', () => {
    const line = JSON.stringify({
      timestamp: 't',
      level: 'error',
      message: 'm',
      trace_id: 'x',
      span_id: 's',
      trace_flags: '01',
      correlation_id: 'c',
      user_id: 'u-1',
      blob: 'b'.repeat(5000),
    });
    const out = JSON.parse(truncateRecord(line, 1024));
    expect(Object.keys(out)).toEqual([
      'timestamp',
      'level',
      'message',
      'trace_id',
      'span_id',
      'trace_flags',
      'correlation_id',
      'truncated',
      'original_bytes',
      'partial',
    ]);
    expect(out).toMatchObject({ span_id: 's', trace_flags: '01', correlation_id: 'c' });
  });

  it('writes the record fields without a partial when they alone fill the room', () => {
    const out = JSON.parse(truncateRecord(record('m'.repeat(20), 'b'.repeat(2000)), 120));
    expect(out).toMatchObject({ timestamp: 't', level: 'info', trace_id: 'x', truncated: true });
    expect(out).not.toHaveProperty('partial');
  });
});

describe('cutUtf8', () => {
  it('keeps text that fits and cuts longer text to leave room for the marker', () => {
    expect(cutUtf8('abc', 3)).toBe('abc');
    expect(cutUtf8('a'.repeat(100), 50)).toBe('a'.repeat(14));
    expect(cutUtf8('a'.repeat(100), 10)).toBe('');
  });

  it('never cuts inside a character', () => {
    expect(cutUtf8('é'.repeat(50), 41)).toBe('éé');
    expect(cutUtf8('😀'.repeat(20), 43)).toBe('😀');
  });
});

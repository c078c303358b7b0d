import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DirReader } from './reader.js';
import { SegmentWriter } from './segment-writer.js';
import { newSharedState } from './shared-state.js';

describe('SegmentWriter', () => {
  it('a record whose time is not a finite number does not tear the block it is coalesced into', () => {
    const dir = mkdtempSync(join(tmpdir(), 'spool-seg-'));
    const writer = new SegmentWriter(dir, 1, 1 << 20, newSharedState(), () => undefined);
    writer.append('{"a":1}', 'info', Date.now());
    writer.append('{"broken-clock":1}', 'info', Number.NaN);
    writer.append('{"c":3}', 'info', Number.POSITIVE_INFINITY);
    writer.append('{"d":4}', 'info', Date.now());
    writer.close();
    let torn = 0;
    const reader = new DirReader(
      dir,
      () => undefined,
      (n) => {
        torn += n;
      },
    );
    const records = reader.peek(100, 1 << 20);
    expect({ torn, lines: records.map((r) => r.line) }).toEqual({
      torn: 0,
      lines: ['{"a":1}', '{"broken-clock":1}', '{"c":3}', '{"d":4}'],
    });
    expect(records.every((r) => Number.isFinite(r.time))).toBe(true);
  });
});

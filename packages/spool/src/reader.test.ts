import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DirReader } from './reader.js';
import { SegmentWriter } from './segment-writer.js';
import { newSharedState } from './shared-state.js';

describe('DirReader', () => {
  it('a reader opened on a checkpoint within a block starts after the records the checkpoint skips', () => {
    const dir = mkdtempSync(join(tmpdir(), 'spool-reader-'));
    const writer = new SegmentWriter(dir, 1, 1 << 20, newSharedState(), () => undefined);
    for (let n = 1; n <= 5; n++) writer.append(`{"n":${n}}`, 'info', Date.now());
    writer.close();
    const first = new DirReader(
      dir,
      () => undefined,
      () => undefined,
    );
    expect(first.peek(2, 1 << 20).map((r) => r.line)).toEqual(['{"n":1}', '{"n":2}']);
    // A batch of 2 of the block's 5 records was shipped: the checkpoint is (block, skip 2).
    first.commit(2);
    expect(first.position.skip).toBe(2);
    // After a restart, or once another shipper adopted the directory:
    const again = new DirReader(
      dir,
      () => undefined,
      () => undefined,
    );
    expect(again.peek(100, 1 << 20).map((r) => r.line)).toEqual(['{"n":3}', '{"n":4}', '{"n":5}']);
  });
});

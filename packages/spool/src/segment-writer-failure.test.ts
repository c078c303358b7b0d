import * as fs from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';

// A disk that fills part way through a write: the first writeSync after `failNext` is set writes
// half of what it is given, the next one throws ENOSPC.
let failNext = false;
vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  let half = false;
  return {
    ...real,
    writeSync: ((fd: number, buffer: Buffer, offset?: number, length?: number) => {
      if (failNext && !half) {
        half = true;
        return real.writeSync(fd, buffer, offset ?? 0, Math.floor((length ?? buffer.length) / 2));
      }
      if (failNext && half) {
        failNext = false;
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      }
      return (real.writeSync as (...a: unknown[]) => number)(fd, buffer, offset, length);
    }) as typeof real.writeSync,
  };
});

const { DirReader } = await import('./reader.js');
const { SegmentWriter } = await import('./segment-writer.js');
const { newSharedState } = await import('./shared-state.js');

describe('SegmentWriter on a full disk', () => {
  it('a block cut short by the failed write is not left in the segment (its records went back to the sink, not torn)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'spool-full-'));
    const lost: string[] = [];
    const writer = new SegmentWriter(dir, 1, 1 << 20, newSharedState(), (_e, records) =>
      lost.push(...records.map((r) => r.line)),
    );
    writer.append('{"a":1}', 'info', Date.now());
    writer.flushSync();
    failNext = true;
    writer.append('{"b":2}', 'info', Date.now());
    writer.append('{"c":3}', 'info', Date.now());
    writer.flushSync();
    writer.close();
    expect(lost).toEqual(['{"b":2}', '{"c":3}']);
    // The writer is gone: the directory is read to its end, as an adopter would.
    let torn = 0;
    const reader = new DirReader(
      dir,
      () => undefined,
      (n) => {
        torn += n;
      },
    );
    expect(reader.peek(100, 1 << 20).map((r) => r.line)).toEqual(['{"a":1}']);
    expect(torn).toBe(0);
    expect(fs.existsSync(dir)).toBe(true);
  });
});

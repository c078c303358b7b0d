import { appendFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CheckpointFile, type Position } from './checkpoint.js';
import { SpoolErrorCode, SpoolRootError } from './errors.js';
import { inspectSpool } from './inspect.js';
import type { LivenessProbe, OwnerInfo } from './owner.js';
import { SegmentWriter, segmentName } from './segment-writer.js';
import { newSharedState } from './shared-state.js';

function writeCheckpoint(dir: string, at: Position): void {
  const file = new CheckpointFile(dir);
  file.write(at);
  file.close();
}

const T0 = Date.parse('2026-12-07T06:00:00.000Z');
const self = { pid: 1, hostname: 'box', bootId: 'boot-a', token: 'me', startTicks: 50, startedAt: T0 };
// Pid 100 is alive (started at tick 100); any other pid is gone.
const probe: LivenessProbe = {
  self,
  exists: (pid) => pid === 100,
  startTicks: (pid) => (pid === 100 ? 100 : null),
  now: () => T0,
  staleMs: 60_000,
};

function owner(over: Partial<OwnerInfo> = {}): OwnerInfo {
  return {
    version: 1,
    token: 'other',
    pid: 100,
    hostname: 'box',
    startTicks: 100,
    bootId: 'boot-a',
    created: T0 - 60_000,
    kind: 'cloudwatch',
    route: 'cloudwatch|eu-west-1|',
    destination: { logGroup: '/dashtam/production/app', stream: { prefix: 'web-1' } },
    ...over,
  };
}

// A spool directory written as a sink writes it: one block per flush (`blocks`: records per block),
// a record every second from `from`.
function spoolDir(dir: string, info: OwnerInfo, blocks: number[], from = T0, segmentBytes = 8 << 20): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'owner.json'), JSON.stringify(info));
  const writer = new SegmentWriter(dir, 1, segmentBytes, newSharedState(), () => {
    throw new Error('write failed');
  });
  let time = from;
  for (const count of blocks) {
    for (let i = 0; i < count; i++) {
      writer.append(JSON.stringify({ message: `record ${time}` }), 'info', time);
      time += 1000;
    }
    writer.flushSync();
  }
  writer.close();
  return dir;
}

// Every file under `dir` with its bytes and mtime.
function snapshot(dir: string): Map<string, { bytes: string; mtimeMs: number }> {
  const out = new Map<string, { bytes: string; mtimeMs: number }>();
  for (const name of readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()) {
    const path = join(dir, name);
    const stat = statSync(path);
    out.set(name, { bytes: stat.isFile() ? readFileSync(path).toString('base64') : 'dir', mtimeMs: stat.mtimeMs });
  }
  return out;
}

function root(): string {
  return mkdtempSync(join(tmpdir(), 'spool-inspect-'));
}

// A record's bytes on disk: its time is written as the distance from its block's first record's.
const recordBytes = (time: number, base = time) =>
  Buffer.byteLength(`${time - base} info ${`{"message":"record ${time}"}`.length} {"message":"record ${time}"}\n`);

describe('inspectSpool', () => {
  it('counts every record of a directory without a checkpoint, and its owner', () => {
    const r = root();
    const dir = spoolDir(join(r, 'cloudwatch-100-aa'), owner(), [3, 2]);
    const before = snapshot(r);
    const report = inspectSpool(r, { probe, now: () => T0 });
    expect(report.dirs).toHaveLength(1);
    const [d] = report.dirs;
    expect(d).toMatchObject({
      path: dir,
      adoptedBy: null,
      kind: 'cloudwatch',
      route: 'cloudwatch|eu-west-1|',
      label: '/dashtam/production/app web-1/<day>',
      pid: 100,
      hostname: 'box',
      state: 'alive',
      records: 5,
      torn: 0,
      oldest: T0,
      newest: T0 + 4000,
      segments: 1,
    });
    const size = statSync(join(dir, segmentName(1))).size;
    expect(d?.bytes).toBe(size);
    expect(d?.diskBytes).toBe(size);
    expect(report.total).toMatchObject({ dirs: 1, records: 5, bytes: size, oldest: T0, newest: T0 + 4000 });
    expect(snapshot(r)).toEqual(before);
  });

  it('counts only what waits after the checkpoint, within a block and across segments', () => {
    const r = root();
    // Blocks of 4 records; about 45 bytes a record: every segment past 200 bytes rotates.
    const dir = spoolDir(join(r, 'cloudwatch-7-bb'), owner({ pid: 7 }), [4, 4, 4, 4], T0, 200);
    const segments = readdirSync(dir).filter((n) => n.endsWith('.seg'));
    expect(segments.length).toBeGreaterThan(1);
    // Done: every record of segment 1 and the first record of segment 2's first block.
    writeCheckpoint(dir, { segment: 2, offset: 0, skip: 1 });
    const before = snapshot(r);
    const [d] = inspectSpool(r, { probe }).dirs;
    const first = readFileSync(join(dir, segmentName(1)));
    const recordsInFirst =
      first
        .toString('latin1')
        .split('\n')
        .filter((l) => l.startsWith('#')).length * 4;
    const waiting = 16 - recordsInFirst - 1;
    expect(d?.records).toBe(waiting);
    expect(d?.oldest).toBe(T0 + (recordsInFirst + 1) * 1000);
    expect(d?.newest).toBe(T0 + 15_000);
    const after = segments.slice(1).reduce((n, s) => n + statSync(join(dir, s)).size, 0);
    expect(d?.bytes).toBe(after - recordBytes(T0 + recordsInFirst * 1000));
    expect(d?.diskBytes).toBe(after + first.length);
    expect(d?.state).toBe('gone');
    expect(snapshot(r)).toEqual(before);
  });

  it('counts the records of a torn block and of a block cut short at the end of a gone owner', () => {
    const r = root();
    const dir = spoolDir(join(r, 'cloudwatch-7-cc'), owner({ pid: 7 }), [2, 3, 2]);
    const file = join(dir, segmentName(1));
    const bytes = readFileSync(file);
    // The second block's payload changed on disk: its 3 records are torn, the third block still read.
    const second = bytes.indexOf('\n#') + 1;
    const changed = Buffer.from(bytes);
    changed[bytes.indexOf('\n', second) + 3] = 0x78;
    // And a block cut short at the end (a kill mid-write), claiming 5 records.
    writeFileSync(file, Buffer.concat([changed, Buffer.from('#400 0badf00d 5\n1764000000000 info 3 {}')]));
    const before = snapshot(r);
    const [d] = inspectSpool(r, { probe }).dirs;
    expect(d).toMatchObject({ records: 4, torn: 8, oldest: T0, newest: T0 + 6000 });
    expect(snapshot(r)).toEqual(before);
  });

  it('does not count as torn the block a live owner is writing', () => {
    const r = root();
    const dir = spoolDir(join(r, 'cloudwatch-100-dd'), owner(), [2]);
    appendFileSync(join(dir, segmentName(1)), '#400 0badf00d 5\n1764000000000 info 3 {}');
    expect(inspectSpool(r, { probe }).dirs[0]).toMatchObject({ state: 'alive', records: 2, torn: 0 });
  });

  it('reports adopted directories, nested, with the directory that adopted them, and totals per destination', () => {
    const r = root();
    const top = spoolDir(join(r, 'cloudwatch-100-ee'), owner(), [1]);
    const adopted = spoolDir(join(top, 'adopted', 'cloudwatch-5-ff'), owner({ pid: 5 }), [2], T0 - 100_000);
    const nested = spoolDir(
      join(adopted, 'adopted', 'cloudwatch-4-gg'),
      owner({ pid: 4, closed: true }),
      [3],
      T0 - 200_000,
    );
    const otlp = spoolDir(
      join(r, 'otlp-100-hh'),
      owner({
        kind: 'otlp',
        route: 'otlp|http://collector:4318/v1/logs',
        destination: { endpoint: 'http://collector:4318/v1/logs' },
      }),
      [4],
    );
    mkdirSync(join(r, '.cloudwatch-100-ii'));
    writeFileSync(join(r, 'stray-file'), 'x');
    const before = snapshot(r);
    const report = inspectSpool(r, { probe });
    expect(report.dirs.map((d) => [d.path, d.adoptedBy, d.state, d.records])).toEqual([
      [top, null, 'alive', 1],
      [adopted, top, 'gone', 2],
      [nested, adopted, 'closed', 3],
      [otlp, null, 'alive', 4],
    ]);
    expect(report.destinations.map((d) => [d.label, d.dirs, d.records, d.oldest])).toEqual([
      ['/dashtam/production/app web-1/<day>', 3, 6, T0 - 200_000],
      ['http://collector:4318/v1/logs', 1, 4, T0],
    ]);
    expect(report.total).toMatchObject({ dirs: 4, records: 10, torn: 0, oldest: T0 - 200_000, newest: T0 + 3000 });
    expect(snapshot(r)).toEqual(before);
  });

  it('reports an empty root as holding nothing', () => {
    const report = inspectSpool(root(), { probe, now: () => T0 });
    expect(report).toMatchObject({
      dirs: [],
      destinations: [],
      inspectedAt: T0,
      total: { dirs: 0, records: 0, bytes: 0, torn: 0, oldest: null, newest: null, diskBytes: 0 },
    });
  });

  it('throws SpoolRootError with a stable code for a missing root or a file given as the root', () => {
    const missing = join(root(), 'nope');
    expect(() => inspectSpool(missing)).toThrow(SpoolRootError);
    try {
      inspectSpool(missing);
    } catch (error) {
      expect(error).toMatchObject({ code: SpoolErrorCode.RootMissing, path: missing, name: 'SpoolRootError' });
      expect((error as Error).message).toBe(`spool directory ${missing} does not exist`);
    }
    const file = join(root(), 'file');
    writeFileSync(file, 'not a spool');
    const before = snapshot(join(file, '..'));
    expect(() => inspectSpool(file)).toThrow(
      expect.objectContaining({
        code: SpoolErrorCode.RootNotADirectory,
        message: expect.stringContaining('is not a directory'),
      }),
    );
    expect(snapshot(join(file, '..'))).toEqual(before);
  });
});

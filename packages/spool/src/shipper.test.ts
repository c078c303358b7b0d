import {
  appendFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Destination, ShipResult } from './destination.js';
import { markReplayed } from './destination.js';
import type { SpoolRecord } from './frame.js';
import type { LivenessProbe, OwnerInfo } from './owner.js';
import { SegmentWriter, segmentName } from './segment-writer.js';
import { F, I, newSharedState, type SharedState } from './shared-state.js';
import { Shipper, type ShipperFallback, waitOn } from './shipper.js';

interface Shipped {
  line: string;
  replayed: boolean;
  destination: Record<string, unknown>;
}

class FakeDestination implements Destination {
  readonly maxRecords = 100;
  readonly maxChars = 1 << 20;
  readonly flushIntervalMs = 20;
  readonly retryBaseDelayMs = 1;
  readonly retryMaxDelayMs = 5;
  readonly shipped: Shipped[] = [];
  answers: ((records: readonly SpoolRecord[]) => ShipResult)[] = [];
  async ship(
    records: readonly SpoolRecord[],
    destination: Readonly<Record<string, unknown>>,
    replayed: boolean,
  ): Promise<ShipResult> {
    const answer = this.answers.shift();
    const result = answer ? answer(records) : ({ kind: 'done', consumed: records.length } as const);
    if (result.kind === 'done') {
      for (const r of records.slice(0, result.consumed))
        this.shipped.push({ line: r.line, replayed, destination: { ...destination } });
    }
    return result;
  }
}

class Fallback implements ShipperFallback {
  readonly lines: string[] = [];
  readonly reports: string[] = [];
  records(lines: readonly string[]): void {
    this.lines.push(...lines);
  }
  report(key: string): void {
    this.reports.push(key);
  }
  resetReports(): void {}
}

const probe: LivenessProbe = {
  self: { pid: process.pid, hostname: 'h', bootId: null, token: 'me', startTicks: null, startedAt: 0 },
  exists: () => false,
  startTicks: () => null,
  now: Date.now,
  staleMs: 60_000,
};

function makeDir(root: string, name: string, owner: Partial<OwnerInfo> = {}): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  const info: OwnerInfo = {
    version: 1,
    token: name,
    pid: 999_999,
    hostname: 'h',
    startTicks: null,
    bootId: null,
    created: 0,
    kind: 'test',
    route: 'test',
    destination: { name },
    ...owner,
  };
  writeFileSync(join(dir, 'owner.json'), JSON.stringify(info));
  return dir;
}

function setup(opts: { maxBytes?: number } = {}) {
  const root = mkdtempSync(join(tmpdir(), 'spool-'));
  const own = makeDir(root, 'own', { token: 'me', pid: process.pid });
  const state = newSharedState();
  const writer = new SegmentWriter(own, 1, 256, state, () => undefined);
  const destination = new FakeDestination();
  const fallback = new Fallback();
  const shipper = new Shipper({
    root,
    own,
    route: 'test',
    state,
    destination,
    fallback,
    maxBytes: opts.maxBytes ?? 1 << 30,
    probe,
    adoptEveryMs: 10,
  });
  return { root, own, state, writer, destination, fallback, shipper };
}

async function until(state: SharedState, done: () => boolean): Promise<void> {
  while (!done()) await waitOn(state.ints, I.shipped, Atomics.load(state.ints, I.shipped), 20);
}

function stop(state: SharedState): void {
  Atomics.store(state.ints, I.stop, 1);
  Atomics.add(state.ints, I.written, 1);
  Atomics.notify(state.ints, I.written);
}

describe('Shipper', () => {
  it('ships what the writer appends, across segments, and checkpoints it', async () => {
    const t = setup();
    const running = t.shipper.run();
    for (let i = 0; i < 50; i++) t.writer.append(`{"n":${i}}`, 'info', Date.now());
    t.writer.flushSync();
    for (let i = 50; i < 100; i++) {
      t.writer.append(`{"n":${i}}`, 'info', Date.now());
      t.writer.flushSync();
    }
    await until(t.state, () => t.destination.shipped.length === 100);
    stop(t.state);
    await running;
    expect(t.destination.shipped.map((s) => JSON.parse(s.line).n)).toEqual([...Array(100).keys()]);
    expect(t.destination.shipped.every((s) => !s.replayed)).toBe(true);
    expect(t.state.floats[F.shipped]).toBe(100);
    // All shipped at stop: the directory is gone.
    expect(existsSync(t.own)).toBe(false);
  });

  it('says the backend fails while a batch is retried, and clears it once the batch is accepted', async () => {
    const t = setup();
    const failing: boolean[] = [];
    const retry = () => {
      failing.push(Atomics.load(t.state.ints, I.failing) === 1);
      return { kind: 'retry', reason: 'down' } as const;
    };
    t.destination.answers = [retry, retry];
    const running = t.shipper.run();
    t.writer.append('{"n":1}', 'info', Date.now());
    t.writer.flushSync();
    await until(t.state, () => t.destination.shipped.length === 1);
    expect(Atomics.load(t.state.ints, I.failing)).toBe(0);
    stop(t.state);
    await running;
    // Not failing before the first answer; failing when the second attempt went out.
    expect(failing).toEqual([false, true]);
  });

  it('replays a gone process directory first, marked, to its own destination, then removes it', async () => {
    const t = setup();
    const dead = makeDir(t.root, 'dead');
    const other = new SegmentWriter(dead, 1, 1 << 20, newSharedState(), () => undefined);
    other.append('{"old":1}', 'info', Date.now());
    other.append('{"old":2}', 'info', Date.now());
    other.close();
    const otherKind = makeDir(t.root, 'other-kind', { route: 'otlp|http://elsewhere' });
    const running = t.shipper.run();
    t.writer.append('{"new":1}', 'info', Date.now());
    t.writer.flushSync();
    await until(t.state, () => t.destination.shipped.length === 3);
    stop(t.state);
    await running;
    expect(t.destination.shipped).toEqual([
      { line: '{"old":1}', replayed: true, destination: { name: 'dead' } },
      { line: '{"old":2}', replayed: true, destination: { name: 'dead' } },
      { line: '{"new":1}', replayed: false, destination: { name: 'own' } },
    ]);
    expect(t.state.floats[F.replayed]).toBe(2);
    expect(existsSync(dead)).toBe(false);
    // A directory of another route (kind, endpoint) is not this shipper's to replay.
    expect(existsSync(otherKind)).toBe(true);
  });

  it('skips a torn block, counts its records, ships the rest', async () => {
    const t = setup();
    const dead = makeDir(t.root, 'dead');
    const other = new SegmentWriter(dead, 1, 1 << 20, newSharedState(), () => undefined);
    other.append('{"a":1}', 'info', Date.now());
    other.flushSync();
    other.append('{"b":2}', 'info', Date.now());
    other.close();
    // A kill part way through the last write.
    appendFileSync(join(dead, segmentName(1)), '#100 0123abcd 3\n1 info 7 {"c":3}');
    const running = t.shipper.run();
    await until(t.state, () => !existsSync(dead));
    stop(t.state);
    await running;
    expect(t.destination.shipped.map((s) => s.line)).toEqual(['{"a":1}', '{"b":2}']);
    expect(t.state.floats[F.torn]).toBe(3);
    expect(t.fallback.reports).toContain('torn');
  });

  it('retries what may pass, sends refused records to the fallback, counted', async () => {
    const t = setup();
    t.destination.answers = [
      () => ({ kind: 'retry', reason: 'throttled' }),
      () => ({ kind: 'retry', reason: 'throttled', afterMs: 1 }),
      (records) => ({
        kind: 'done',
        consumed: records.length,
        refused: [{ lines: [records[0]?.line ?? ''], reason: 'too_old', byBackend: true }],
      }),
    ];
    const running = t.shipper.run();
    t.writer.append('{"x":1}', 'info', 0);
    t.writer.append('{"x":2}', 'info', Date.now());
    t.writer.flushSync();
    // While the backend fails the writer is told (a flush stops waiting); a success clears it.
    await until(t.state, () => Atomics.load(t.state.ints, I.failing) === 1);
    await until(t.state, () => t.state.floats[F.shipped] === 1);
    expect(Atomics.load(t.state.ints, I.failing)).toBe(0);
    stop(t.state);
    await running;
    expect(t.state.floats[F.retries]).toBe(2);
    expect(t.fallback.lines).toEqual(['{"x":1}']);
    expect(t.state.floats[F.rejected]).toBe(1);
    expect(t.state.floats[F.fallback]).toBe(1);
  });

  it('keeps the spool within maxBytes while the backend is down: the oldest go to the fallback', async () => {
    const t = setup({ maxBytes: 2000 });
    t.destination.answers = Array.from({ length: 1000 }, () => () => ({ kind: 'retry', reason: 'down' }) as const);
    const running = t.shipper.run();
    for (let i = 0; i < 200; i++) {
      t.writer.append(`{"n":${i},"pad":"${'x'.repeat(40)}"}`, 'info', Date.now());
      t.writer.flushSync();
    }
    await until(
      t.state,
      () => (t.state.floats[F.overflowed] as number) > 0 && (t.state.floats[F.spoolBytes] as number) <= 2000,
    );
    stop(t.state);
    await running;
    const dropped = t.fallback.lines.map((l) => JSON.parse(l).n);
    expect(dropped[0]).toBe(0);
    expect(dropped).toEqual([...dropped].sort((a, b) => a - b));
    expect(t.fallback.reports).toContain('spool_full');
    // What is left is still on disk for later, and the directory is kept (marked closed).
    expect(readdirSync(t.own).some((n) => n.endsWith('.seg'))).toBe(true);
  });

  it('marks a replayed JSON line', () => {
    expect(markReplayed('{"a":1}')).toBe('{"a":1,"replayed":true}');
    expect(markReplayed('{}')).toBe('{"replayed":true}');
    expect(markReplayed('not json')).toBe('not json');
  });
});

describe('Shipper review', () => {
  it('pipelined batches: a shed while the first batch retries does not ship the later (accepted) batches again unmarked', async () => {
    const t = setup({ maxBytes: 3000 });
    const dest = t.destination as FakeDestination & { concurrency?: number; maxRecords: number };
    Object.defineProperty(dest, 'maxRecords', { value: 10 });
    Object.defineProperty(dest, 'concurrency', { value: 2 });
    // The first batch fails once (retried after 600 ms); the second is accepted at once.
    t.destination.answers = [() => ({ kind: 'retry', reason: 'throttled', afterMs: 600 })];
    const running = t.shipper.run();
    for (let i = 0; i < 20; i++) {
      t.writer.append(`{"n":${i},"pad":"${'x'.repeat(20)}"}`, 'info', Date.now());
      t.writer.flushSync();
    }
    await until(t.state, () => (t.state.floats[F.retries] as number) >= 1);
    // While the first batch waits for its retry, the spool goes a little over its bound.
    t.writer.append(`{"big":1,"pad":"${'y'.repeat(2000)}"}`, 'info', Date.now());
    t.writer.flushSync();
    await until(t.state, () => t.destination.shipped.some((s) => s.line.includes('"big"')));
    stop(t.state);
    await running;
    const unmarked = t.destination.shipped.filter((s) => !s.replayed).map((s) => s.line);
    const twice = unmarked.filter((line, i) => unmarked.indexOf(line) !== i);
    const shippedAndFallback = unmarked.filter((line) => t.fallback.lines.includes(line));
    expect({ twice, shippedAndFallback }).toEqual({ twice: [], shippedAndFallback: [] });
  });
});

describe('Shipper budget', () => {
  it('a spool a little over its bound sheds about the excess, not the whole oldest block', async () => {
    const t = setup({ maxBytes: 5000 });
    t.destination.answers = Array.from({ length: 1000 }, () => () => ({ kind: 'retry', reason: 'down' }) as const);
    // One block of 100 records of about 60 bytes on disk each: some 6 KB, 1 KB over the bound.
    for (let i = 0; i < 100; i++) t.writer.append(`{"n":${i},"pad":"${'x'.repeat(33)}"}`, 'info', Date.now());
    t.writer.flushSync();
    const onDisk = statSync(join(t.own, segmentName(1))).size;
    expect(onDisk).toBeGreaterThan(5500);
    const running = t.shipper.run();
    await until(t.state, () => (t.state.floats[F.overflowed] as number) > 0);
    await new Promise((r) => setTimeout(r, 600));
    stop(t.state);
    await running;
    expect(t.state.floats[F.overflowed]).toBeLessThan(50);
  });
});

describe('Shipper release', () => {
  it('an adopted directory whose checkpoint cannot be written (a full disk) is not deleted with its records at stop', async () => {
    const t = setup();
    const dead = makeDir(t.root, 'dead');
    const other = new SegmentWriter(dead, 1, 1 << 20, newSharedState(), () => undefined);
    other.append('{"old":1}', 'info', Date.now());
    other.flushSync();
    other.append('{"old":2}', 'info', Date.now());
    other.close();
    // Its checkpoint cannot be written (ENOSPC on a full disk; EISDIR here).
    mkdirSync(join(dead, 'checkpoint'));
    const limited = t.destination as FakeDestination;
    Object.defineProperty(limited, 'maxRecords', { value: 1 });
    const running = t.shipper.run();
    await until(t.state, () => t.fallback.reports.includes('checkpoint'));
    stop(t.state);
    await running;
    // {"old":2} was never shipped: it must still be on disk for a later shipper.
    const shipped = t.destination.shipped.map((s) => s.line);
    expect(shipped).not.toContain('{"old":2}');
    expect(existsSync(join(t.own, 'adopted', 'dead', segmentName(1)))).toBe(true);
  });
});

describe('Shipper heartbeat', () => {
  it('goes on while a request hangs (a long request timeout): the directory is not taken for abandoned', async () => {
    const t = setup();
    let release: (() => void) | undefined;
    t.destination.answers = [];
    const hanging = t.destination as FakeDestination;
    const ship = hanging.ship.bind(hanging);
    hanging.ship = async (records, destination, replayed) => {
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      return ship(records, destination, replayed);
    };
    const running = t.shipper.run();
    t.writer.append('{"n":1}', 'info', Date.now());
    t.writer.flushSync();
    await until(t.state, () => release !== undefined);
    const hungAt = Date.now();
    await new Promise((r) => setTimeout(r, 6500));
    const beat = statSync(join(t.own, 'owner.json')).mtimeMs;
    release?.();
    stop(t.state);
    await running;
    expect(beat).toBeGreaterThan(hungAt);
  }, 15_000);
});

describe('Shipper and half-made directories', () => {
  it('removes a directory left under its dot name by a process that died while opening, once it is stale; not a fresh one', async () => {
    const t = setup();
    const stale = join(t.root, '.test-123-0123456789abcdef');
    const fresh = join(t.root, '.test-124-fedcba9876543210');
    const other = join(t.root, '.not-a-spool');
    for (const dir of [stale, fresh, other]) {
      mkdirSync(dir);
      writeFileSync(join(dir, 'owner.json'), '{}');
    }
    const old = (Date.now() - 10 * 60_000) / 1000;
    utimesSync(stale, old, old);
    utimesSync(other, old, old);
    const running = t.shipper.run();
    stop(t.state);
    await running;
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(fresh)).toBe(true);
    expect(existsSync(other)).toBe(true);
  });
});

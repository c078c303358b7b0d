import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SpoolRecord } from './frame.js';
import { DirReader } from './reader.js';
import { SegmentWriter } from './segment-writer.js';
import { newSharedState } from './shared-state.js';
import { Spool } from './spool.js';

// A worker entry that can never build its destination: the spool restarts it, then gives up.
function failingWorker(dir: string): string {
  const entry = join(dir, 'failing-worker.mjs');
  writeFileSync(entry, "throw new Error('destination cannot be built');\n");
  return entry;
}

function openFailing(root: string, lost: SpoolRecord[], reports: string[]): Spool {
  const spool = Spool.open({
    dir: root,
    kind: 'test',
    route: 'test',
    destination: {},
    worker: { entry: failingWorker(mkdtempSync(join(tmpdir(), 'spool-entry-'))), data: {} },
    maxBytes: 1 << 30,
    exitWaitMs: 0,
    fallback: { write: (chunk: string) => reports.push(chunk) },
    source: 'test',
    onLost: (records) => lost.push(...records),
  });
  if (spool === undefined) throw new Error('spool did not open');
  return spool;
}

async function until(done: () => boolean, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('Spool gives up on its worker', () => {
  it('keeps the records of directories its worker had adopted (they are not its own to hand over or delete)', async () => {
    const root = mkdtempSync(join(tmpdir(), 'spool-giveup-'));
    const lost: SpoolRecord[] = [];
    const reports: string[] = [];
    const spool = openFailing(root, lost, reports);
    // A gone process's directory, adopted (as an earlier worker would have) before the worker died for good.
    const adopted = join(spool.dir, 'adopted', 'test-1-gone');
    mkdirSync(adopted, { recursive: true });
    writeFileSync(
      join(adopted, 'owner.json'),
      JSON.stringify({
        version: 1,
        token: 'gone',
        pid: 1,
        hostname: 'h',
        startTicks: null,
        bootId: null,
        created: 0,
        kind: 'test',
        route: 'test',
        destination: {},
      }),
    );
    const w = new SegmentWriter(adopted, 1, 1 << 20, newSharedState(), () => undefined);
    w.append('{"old":1}', 'info', Date.now());
    w.append('{"old":2}', 'info', Date.now());
    w.close();
    spool.append('{"own":1}', 'info', Date.now());
    await until(() => lost.length > 0);
    expect(lost.map((r) => r.line)).toEqual(['{"own":1}']);
    // The adopted records are still on disk somewhere under the root, for a shipper to replay.
    const left: string[] = [];
    const walk = (dir: string): void => {
      if (!existsSync(dir)) return;
      for (const name of readdirSync(dir, { withFileTypes: true })) {
        if (!name.isDirectory()) continue;
        const sub = join(dir, name.name);
        if (readdirSync(sub).some((n) => n.endsWith('.seg'))) {
          left.push(
            ...new DirReader(
              sub,
              () => undefined,
              () => undefined,
            )
              .peek(100, 1 << 20)
              .map((r) => r.line),
          );
        }
        walk(sub);
      }
    };
    walk(root);
    expect(left).toEqual(['{"old":1}', '{"old":2}']);
  });

  it('a checkpoint it cannot write while giving up does not throw out of the worker exit handler', async () => {
    const root = mkdtempSync(join(tmpdir(), 'spool-giveup-'));
    const lost: SpoolRecord[] = [];
    const reports: string[] = [];
    const errors: unknown[] = [];
    const onUncaught = (error: unknown) => errors.push(error);
    process.prependListener('uncaughtException', onUncaught);
    try {
      const spool = openFailing(root, lost, reports);
      // The checkpoint cannot be written (as on a file system remounted read-only).
      mkdirSync(join(spool.dir, 'checkpoint'));
      spool.append('{"own":1}', 'info', Date.now());
      await until(() => lost.length > 0);
      await new Promise((r) => setTimeout(r, 200));
    } finally {
      process.removeListener('uncaughtException', onUncaught);
    }
    expect(errors).toEqual([]);
    expect(lost.map((r) => r.line)).toEqual(['{"own":1}']);
  });
});

describe('Spool stats', () => {
  it('records handed back to the sink (a write failed, the worker gave up) are not counted spooled as well', async () => {
    const root = mkdtempSync(join(tmpdir(), 'spool-stats-'));
    const lost: SpoolRecord[] = [];
    const spool = Spool.open({
      dir: root,
      kind: 'test',
      route: 'test',
      destination: {},
      worker: { entry: failingWorker(mkdtempSync(join(tmpdir(), 'spool-entry-'))), data: {} },
      maxBytes: 1 << 30,
      exitWaitMs: 0,
      segmentBytes: 4096,
      fallback: { write: () => undefined },
      source: 'test',
      onLost: (records) => lost.push(...records),
    });
    if (spool === undefined) throw new Error('spool did not open');
    const line = (n: number) => `{"n":${n},"pad":"${'x'.repeat(80)}"}`;
    // The first block (16 KiB) fills segment 1; the next write must rotate, and cannot.
    for (let n = 0; n < 170; n++) spool.append(line(n), 'info', Date.now());
    writeFileSync(join(spool.dir, '00000002.seg'), '');
    for (let n = 170; n < 200; n++) spool.append(line(n), 'info', Date.now());
    await until(() => lost.length === 200);
    // Every record is counted once: kept by the spool, or handed back to the sink (which counts it again).
    expect(spool.stats().spooled + lost.length).toBe(200);
  });
});

describe('Spool restarts its worker', () => {
  it('records a dead worker may have sent are sent again only marked replayed', async () => {
    const root = mkdtempSync(join(tmpdir(), 'spool-restart-'));
    const work = mkdtempSync(join(tmpdir(), 'spool-entry-'));
    const entry = join(work, 'crashing-worker.mjs');
    const dist = (name: string) => JSON.stringify(new URL(`../dist/${name}`, import.meta.url).href);
    // The backend receives the batch, then the worker dies before it learns so (the first time).
    writeFileSync(
      entry,
      `import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import { runSpoolWorker } from ${dist('worker.js')};
void runSpoolWorker((data) => ({
  maxRecords: 100, maxChars: 1 << 20, flushIntervalMs: 1, retryBaseDelayMs: 1, retryMaxDelayMs: 5,
  async ship(records, where, replayed) {
    for (const r of records) appendFileSync(data.out, JSON.stringify({ line: r.line, replayed }) + '\\n');
    if (!existsSync(data.marker)) { writeFileSync(data.marker, ''); process.exit(1); }
    return { kind: 'done', consumed: records.length };
  },
}));
`,
    );
    const out = join(work, 'received.jsonl');
    writeFileSync(out, '');
    // A process of its own (a worker started from the test runner would load the sources).
    const app = join(work, 'app.mjs');
    writeFileSync(
      app,
      `import { Spool } from ${dist('index.js')};
const spool = Spool.open({
  dir: ${JSON.stringify(root)}, kind: 'test', route: 'test', destination: {},
  worker: { entry: ${JSON.stringify(entry)}, data: { out: ${JSON.stringify(out)}, marker: ${JSON.stringify(join(work, 'crashed'))} } },
  maxBytes: 1 << 30, exitWaitMs: 0, fallback: 2, source: 'test', onLost: () => undefined,
});
spool.append('{"n":1}', 'info', Date.now());
spool.append('{"n":2}', 'info', Date.now());
const deadline = Date.now() + 10000;
while (spool.stats().shipped < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
await spool.close(5000);
console.log(JSON.stringify(spool.stats()));
`,
    );
    const run = spawnSync(process.execPath, [app], { encoding: 'utf8', timeout: 30_000 });
    expect(run.status, run.stderr).toBe(0);
    const received = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { line: string; replayed: boolean });
    expect(received.length).toBeGreaterThanOrEqual(4);
    const unmarked = received.filter((r) => !r.replayed).map((r) => r.line);
    expect(unmarked.filter((line, i) => unmarked.indexOf(line) !== i)).toEqual([]);
  });
});

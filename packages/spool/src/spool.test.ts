import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SpoolRecord } from './frame.js';
import { Spool, type SpoolOptions, workerFlags } from './spool.js';

// The main thread's side with a real worker thread: the fixture ships to a file (the worker runs
// the built @dashtam/spool/worker).
const fileWorker = new URL('../test/fixtures/file-worker.mjs', import.meta.url);
const brokenWorker = new URL('../test/fixtures/broken-worker.mjs', import.meta.url);

function setup(root = mkdtempSync(join(tmpdir(), 'spool-main-'))) {
  const work = mkdtempSync(join(tmpdir(), 'spool-out-'));
  const out = join(work, 'out.jsonl');
  const downFile = join(work, 'down');
  const warnings: string[] = [];
  const lost: SpoolRecord[] = [];
  const options: SpoolOptions = {
    dir: root,
    kind: 'test',
    route: 'test|here',
    destination: { name: 'dest' },
    worker: { entry: fileWorker, data: { out, downFile } },
    maxBytes: 1 << 20,
    exitWaitMs: 1000,
    fallback: { write: (chunk: string) => warnings.push(chunk) },
    source: 'spool-test',
    adoptEveryMs: 20,
    onLost: (records) => lost.push(...records),
  };
  const shipped = () =>
    existsSync(out)
      ? readFileSync(out, 'utf8')
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l) as { line: string; replayed: boolean; where: unknown })
      : [];
  return { root, out, downFile, warnings, lost, options, shipped };
}

describe('Spool', () => {
  it('ships what is appended through its worker; flush waits for it; close removes a spool all shipped', async () => {
    const t = setup();
    const spool = Spool.open(t.options) as Spool;
    for (let i = 0; i < 250; i++) expect(spool.append(`{"i":${i}}`, 'info', Date.now())).toBe(true);
    await spool.flush(60_000);
    expect(t.shipped().map((s) => JSON.parse(s.line).i)).toEqual([...Array(250).keys()]);
    expect(t.shipped()[0]).toMatchObject({ replayed: false, where: { name: 'dest' } });
    expect(spool.stats()).toMatchObject({ spooled: 250, shipped: 250, replayed: 0, torn: 0, spool_fallback: 0 });
    await spool.close(60_000);
    expect(spool.append('{"after":1}', 'info', Date.now())).toBe(false);
    expect(readdirSync(t.root)).toEqual([]);
  });

  it('does not wait while the backend fails; close keeps the rest on disk for the next spool, which replays it marked', async () => {
    const t = setup();
    writeFileSync(t.downFile, '');
    const first = Spool.open(t.options) as Spool;
    first.append('{"i":1}', 'info', Date.now());
    // The worker's first attempt fails: the flush returns then, its records safe on disk.
    while (first.stats().spool_retries === 0) {
      await first.flush(60_000);
      // A turn of the event loop: were the worker gone, the test's timeout could still fire.
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(t.shipped()).toEqual([]);
    await first.close(50);
    expect(readdirSync(t.root)).toHaveLength(1);
    rmSync(t.downFile);
    const second = Spool.open(t.options) as Spool;
    second.append('{"i":2}', 'info', Date.now());
    await second.flush(60_000);
    await second.close(60_000);
    expect(t.shipped().map((s) => [s.line, s.replayed])).toEqual([
      ['{"i":1}', true],
      ['{"i":2}', false],
    ]);
    expect(second.stats()).toMatchObject({ replayed: 1, shipped: 1 });
    expect(readdirSync(t.root)).toEqual([]);
  });

  it('is not opened where the directory cannot be made: one warning naming the path', () => {
    const t = setup();
    const file = join(t.root, 'a-file');
    writeFileSync(file, 'not a directory');
    expect(Spool.open({ ...t.options, dir: file })).toBeUndefined();
    expect(t.warnings).toHaveLength(1);
    expect(JSON.parse(t.warnings[0] as string)).toMatchObject({
      message: expect.stringContaining('cannot be used'),
      path: file,
      error: expect.stringMatching(/^E[A-Z]+/),
    });
  });

  it('gives its records back to the sink when its worker cannot run, and takes no more', async () => {
    const t = setup();
    const spool = Spool.open({ ...t.options, worker: { entry: brokenWorker, data: {} } }) as Spool;
    spool.append('{"i":1}', 'info', Date.now());
    while (t.lost.length === 0) await new Promise((resolve) => setImmediate(resolve));
    expect(t.lost.map((r) => r.line)).toEqual(['{"i":1}']);
    expect(spool.append('{"i":2}', 'info', Date.now())).toBe(false);
    expect(t.warnings.some((w) => w.includes('this worker cannot start'))).toBe(true);
    expect(readdirSync(t.root)).toEqual([]);
  });
});

describe('workerFlags', () => {
  it('drops the flags a worker refuses and export conditions, keeps the rest', () => {
    expect(
      workerFlags([
        '--input-type=module',
        '--conditions',
        '@dashtam/source',
        '-C',
        'development',
        '--conditions=x',
        '--max-old-space-size=100',
        '--require',
        'a.cjs',
      ]),
    ).toEqual(['--max-old-space-size=100', '--require', 'a.cjs']);
  });
});

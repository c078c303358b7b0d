// Issue 22, from the user's side: an application logging to CloudWatch through the container is
// killed (SIGKILL: no exit hook runs) or exits while CloudWatch is away, and the next start with
// the same settings delivers what the first one logged, from the disk spool. Real processes, the
// built container, the local CloudWatch Logs endpoint; the tests wait on what the children print
// and on the endpoint's answers, never on a clock.
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalCloudWatchLogs } from '@dashtam/cloudwatch-local';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Child, containerEntry, jsonLines, runChild, startChild } from './child.js';
import {
  arrived,
  idleScript,
  LOAD,
  lastStats,
  loadEnv,
  loadScript,
  loggedBefore,
  missing,
  unmarkedDuplicates,
  untilEndpoint,
} from './spool-load.js';

// A record logged this long before the kill was written to the spool: the writer coalesces for
// 10 ms, the rest is room for a busy machine's event loop.
const MARGIN_MS = 50;

let cw: LocalCloudWatchLogs;
let spoolDir: string;
const children: Child[] = [];
beforeEach(async () => {
  cw = await LocalCloudWatchLogs.start();
  spoolDir = mkdtempSync(join(tmpdir(), 'dashtam-durable-'));
});
afterEach(async () => {
  for (const c of children.splice(0)) c.child.kill('SIGKILL');
  await cw.stop();
});

function start(script: string, extra: Record<string, string> = {}): Child {
  const child = startChild(script, loadEnv(cw, spoolDir, extra));
  children.push(child);
  return child;
}

/** Kills `child` with SIGKILL; resolves with the time the signal was sent and its stdout. */
async function kill(child: Child): Promise<{ at: number; stdout: string }> {
  const at = Date.now();
  child.child.kill('SIGKILL');
  const run = await child.ended;
  expect(run.signal).toBe('SIGKILL');
  return { at, stdout: run.stdout };
}

/**
 * Starts the same application again (it logs nothing), waits until every record of `run` up to
 * `last` reached the endpoint, and stops it with SIGTERM. Returns what arrived.
 */
async function restartAndCollect(run: string, last: number) {
  const next = start(idleScript());
  await untilEndpoint(cw, () => missing(arrived(cw), run, last).length === 0, { children: [next], atLeast: last + 1 });
  next.child.kill('SIGTERM');
  const end = await next.ended;
  expect(jsonLines(end.stderr).filter((l) => l.message === LOAD)).toEqual([]);
  return arrived(cw);
}

describe('the spool across a SIGKILL', () => {
  it('delivers, after the next start, every record logged more than 50 ms before the kill, under about one record per millisecond; a duplicate is marked replayed', async () => {
    const child = start(loadScript({ run: 'steady', perMs: 1, readyAfter: 1500 }));
    // Past the first batch interval (1 s): some records are shipped, some are not when it dies.
    await child.waitFor('ready\n');
    const killed = await kill(child);
    const last = loggedBefore(killed.stdout, killed.at - MARGIN_MS);
    expect(last).toBeGreaterThan(1000);

    const records = await restartAndCollect('steady', last);
    expect(missing(records, 'steady', last)).toEqual([]);
    expect(unmarkedDuplicates(records)).toEqual([]);
    // What the dead process had not shipped came from the spool, marked.
    expect(records.some((r) => r.replayed === true)).toBe(true);
  });

  it('delivers every record logged more than 50 ms before the kill when CloudWatch was failing then, once it is back', async () => {
    const child = start(loadScript({ run: 'failing', perMs: 1 }));
    // The first batch is accepted; from then on CloudWatch answers 500 until cleared, and the
    // child is killed after its shipper met the failure twice.
    const accepted = new Promise<void>((resolve) =>
      cw.on('response', (op, status) => {
        if (op === 'PutLogEvents' && status === 200) resolve();
      }),
    );
    await accepted;
    cw.faults.inject({ kind: 'server_error' });
    let failures = 0;
    // (The endpoint names no operation in a faulted answer.)
    while (failures < 2) {
      const [, status] = await once(cw, 'response');
      if (status === 500) failures++;
    }
    const killed = await kill(child);
    const last = loggedBefore(killed.stdout, killed.at - MARGIN_MS);
    const before = arrived(cw).length;
    expect(before).toBeGreaterThan(0);
    expect(last).toBeGreaterThanOrEqual(before);

    cw.faults.clear();
    const records = await restartAndCollect('failing', last);
    expect(missing(records, 'failing', last)).toEqual([]);
    expect(unmarkedDuplicates(records)).toEqual([]);
    // Everything past what was accepted before the failure came from the spool, marked.
    expect(records.filter((r) => r.replayed === true).length).toBeGreaterThanOrEqual(last + 1 - before);
  });
});

describe('process.exit() while CloudWatch is down', () => {
  it('leaves all 5,000 queued records in the spool, and the next start replays all 5,000', async () => {
    cw.faults.inject({ kind: 'server_error' });
    const first = await runChild(
      `import { writeSync } from 'node:fs';
       import { getLogger } from ${JSON.stringify(containerEntry)};
       const logger = getLogger();
       for (let i = 0; i < 5000; i++) logger.info('queued at exit', { run: 'exit', seq: i });
       process.on('exit', () => writeSync(1, JSON.stringify({ child_stats: logger.stats() }) + '\\n'));
       process.exit(0);`,
      loadEnv(cw, spoolDir, { LOG_EXIT_WAIT_MS: '300' }),
    );
    expect(first.code).toBe(0);
    // Nothing reached CloudWatch, and nothing went to the stderr fallback: it is all on disk.
    expect(arrived(cw, 'queued at exit')).toEqual([]);
    expect(jsonLines(first.stderr).filter((l) => l.message === 'queued at exit')).toEqual([]);
    expect(lastStats(first.stdout)).toMatchObject({ spooled: 5000, shipped: 0, spool_fallback: 0 });

    cw.faults.clear();
    const next = start(idleScript(5000));
    await next.waitFor('"child_stats"');
    expect(lastStats(next.output().stdout)).toMatchObject({ replayed: 5000, spool_fallback: 0, torn: 0 });
    const records = arrived(cw, 'queued at exit');
    expect(records).toHaveLength(5000);
    expect(new Set(records.map((r) => r.seq)).size).toBe(5000);
    expect(records.every((r) => r.replayed === true)).toBe(true);
  });
});

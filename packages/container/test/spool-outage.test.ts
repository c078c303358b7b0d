// Issue 22, from the user's side: CloudWatch is away for a while under about 1,000 records a
// second, then comes back, and the process is never killed. The records wait on disk, not in the
// process's memory, and all of them are delivered once CloudWatch answers again; none goes to the
// stderr fallback.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalCloudWatchLogs } from '@dashtam/cloudwatch-local';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Child, jsonLines, startChild } from './child.js';
import {
  arrived,
  askStats,
  LOAD,
  loadEnv,
  loadScript,
  memorySamples,
  missing,
  unmarkedDuplicates,
  untilEndpoint,
} from './spool-load.js';

// The issue asks for a 60 s outage; 12 s keeps the test near 30 s on a small machine and still
// spans twelve batch intervals (LOG_BATCH_INTERVAL_MS, 1 s by default) and several retry cycles
// of the shipper (backoff from 100 ms doubling to its 5 s ceiling: six or more attempts), which is
// what a longer outage repeats.
const OUTAGE_RECORDS = 12_000;
// About 2 KB a record: 24 MB logged during the outage, enough to stand out from the heap's noise
// if the records were held in memory (as they are with LOG_SPOOL=off, up to LOG_BUFFER_MAX_BYTES).
const PADDING = 2000;
const LOGGED_BYTES = OUTAGE_RECORDS * PADDING;

let cw: LocalCloudWatchLogs;
let child: Child | undefined;
beforeEach(async () => {
  cw = await LocalCloudWatchLogs.start();
});
afterEach(async () => {
  child?.child.kill('SIGKILL');
  await cw.stop();
});

describe('an outage under steady load', () => {
  it('delivers every record once CloudWatch is back, with nothing on the stderr fallback and the memory flat meanwhile', async () => {
    // Every call fails (500) until the child has logged all its records: the outage lasts as long
    // as the logging does (about 12 s at one record per millisecond).
    cw.faults.inject({ kind: 'server_error' });
    const spoolDir = mkdtempSync(join(tmpdir(), 'dashtam-outage-'));
    child = startChild(
      loadScript({ run: 'outage', perMs: 1, limit: OUTAGE_RECORDS, padding: PADDING, memoryEvery: 1000 }),
      loadEnv(cw, spoolDir),
    );
    await child.waitFor('done\n');
    expect(arrived(cw)).toEqual([]);
    const during = await askStats(child);
    cw.faults.clear();

    await untilEndpoint(cw, () => missing(arrived(cw), 'outage', OUTAGE_RECORDS - 1).length === 0, {
      children: [child],
      atLeast: OUTAGE_RECORDS,
    });
    const after = await askStats(child);
    child.child.kill('SIGTERM');
    const run = await child.ended;

    // Memory, after a collection, sampled every 1,000 records: the third sample (the process and
    // its worker warmed up) against the last. Records held by the main thread would show in its
    // heap or its external memory (the in-memory queue keeps lines in Buffers): with the spool they
    // stay flat (13 MB and 4 MB here), with LOG_SPOOL=off the same run grows them by about 10 MB,
    // so a quarter of the logged bytes (6 MB) tells the two apart. The RSS also holds the worker's
    // heap and the allocator's arenas, which settle slowly (+9 to +26 MB here in both modes, the
    // most with other test files running alongside): it gets only a loose bound, twice the logged
    // bytes, which catches records kept more than twice over (text and encoded copies), no less.
    const samples = memorySamples(run.stdout);
    expect(samples.length).toBeGreaterThanOrEqual(10);
    const early = samples[2] as (typeof samples)[number];
    const late = samples[samples.length - 1] as (typeof samples)[number];
    expect(late.heapUsed + late.external - (early.heapUsed + early.external)).toBeLessThan(LOGGED_BYTES / 4);
    expect(late.rss - early.rss).toBeLessThan(2 * LOGGED_BYTES);

    const records = arrived(cw);
    expect(records).toHaveLength(OUTAGE_RECORDS);
    expect(unmarkedDuplicates(records)).toEqual([]);
    expect(jsonLines(run.stderr).filter((l) => l.message === LOAD)).toEqual([]);
    // The outage was met again and again, and waited out on disk.
    expect(during.spool_retries).toBeGreaterThanOrEqual(4);
    expect(during.spool_bytes).toBeGreaterThan(LOGGED_BYTES);
    expect(after).toMatchObject({ spooled: OUTAGE_RECORDS, shipped: OUTAGE_RECORDS, spool_fallback: 0, fallback: 0 });
  });
});

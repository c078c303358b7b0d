// Issue 22, from the user's side: ten processes of one application share a spool directory (one
// host, one LOG_SPOOL_DIR); some are killed (SIGKILL) at random and started again, round after
// round, and at the end all are stopped cleanly (SIGTERM). Every process's records reach
// CloudWatch, the killed ones' through whichever process adopted their directory, and no record
// arrives twice without the replayed mark.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalCloudWatchLogs } from '@dashtam/cloudwatch-local';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Child, jsonLines, startChild } from './child.js';
import {
  arrived,
  LOAD,
  loadEnv,
  loadScript,
  loggedBefore,
  loggedInAll,
  missing,
  unmarkedDuplicates,
  untilEndpoint,
} from './spool-load.js';

const PROCESSES = 10;
const ROUNDS = 3;
// As in spool-durability.test.ts: a record logged this long before a kill was on disk.
const MARGIN_MS = 50;

let cw: LocalCloudWatchLogs;
const all: Child[] = [];
beforeEach(async () => {
  cw = await LocalCloudWatchLogs.start();
});
afterEach(async () => {
  for (const c of all.splice(0)) c.child.kill('SIGKILL');
  await cw.stop();
});

describe('ten processes on one spool directory', () => {
  it('delivers every record of processes killed at random and restarted, then stopped cleanly; no unmarked duplicate', async () => {
    const spoolDir = mkdtempSync(join(tmpdir(), 'dashtam-shared-spool-'));
    const running = new Map<number, { run: string; child: Child }>();
    // What each process must have delivered: up to `last` of its `run`.
    const expected: { run: string; last: number }[] = [];
    const startMissing = async (round: number) => {
      const started: Child[] = [];
      for (let slot = 0; slot < PROCESSES; slot++) {
        if (running.has(slot)) continue;
        const run = `slot${slot}-round${round}`;
        // About 200 records a second each: 2,000 a second from the ten, on a small machine.
        const child = startChild(
          loadScript({ run, perMs: 0.2, readyAfter: 100 }),
          loadEnv(cw, spoolDir, { INSTANCE_ID: `slot${slot}` }),
        );
        all.push(child);
        running.set(slot, { run, child });
        started.push(child);
      }
      await Promise.all(started.map((c) => c.waitFor('ready\n')));
    };

    for (let round = 0; round < ROUNDS; round++) {
      await startMissing(round);
      const slots = [...running.keys()].sort(() => Math.random() - 0.5).slice(0, 3 + Math.floor(Math.random() * 3));
      for (const slot of slots) {
        const { run, child } = running.get(slot) as { run: string; child: Child };
        running.delete(slot);
        const at = Date.now();
        child.child.kill('SIGKILL');
        const end = await child.ended;
        expect(end.signal).toBe('SIGKILL');
        expected.push({ run, last: loggedBefore(end.stdout, at - MARGIN_MS) });
      }
    }
    await startMissing(ROUNDS);

    // The killed processes' records are replayed by the ones alive; then all stop cleanly.
    const complete = () => expected.every(({ run, last }) => missing(arrived(cw), run, last).length === 0);
    await untilEndpoint(cw, complete, { children: [...running.values()].map((r) => r.child) });
    // A clean stop: the container closes the logger on SIGTERM. Records the load goes on logging
    // while it closes (after the signal) are handed to the stderr fallback, counted, and may also
    // arrive (the sink's documented close): they must be in one place or the other.
    const tails: { run: string; last: number; fallback: Set<unknown> }[] = [];
    const stopped = [...running.values()].map(async ({ run, child }) => {
      const at = Date.now();
      child.child.kill('SIGTERM');
      const end = await child.ended;
      expect(end.signal).toBe('SIGTERM');
      expected.push({ run, last: loggedBefore(end.stdout, at) });
      const fallback = jsonLines(end.stderr).filter((l) => l.message === LOAD);
      tails.push({ run, last: loggedInAll(end.stdout), fallback: new Set(fallback.map((l) => l.seq)) });
    });
    await Promise.all(stopped);

    const records = arrived(cw);
    // Three to five kills a round, and the ten stopped at the end.
    expect(expected.length).toBeGreaterThanOrEqual(PROCESSES + 3 * ROUNDS);
    for (const { run, last } of expected) {
      expect(last, run).toBeGreaterThan(0);
      expect(missing(records, run, last), run).toEqual([]);
    }
    for (const { run, last, fallback } of tails) {
      expect(
        missing(records, run, last).filter((seq) => !fallback.has(seq)),
        run,
      ).toEqual([]);
    }
    expect(unmarkedDuplicates(records)).toEqual([]);
    expect(records.some((r) => r.replayed === true)).toBe(true);
  }, 120_000);
});

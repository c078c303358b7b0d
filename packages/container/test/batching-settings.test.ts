import { LocalCloudWatchLogs } from '@dashtam/cloudwatch-local';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { containerEntry, jsonLines, productionEnv, runChild, startChild } from './child.js';

const GROUP = '/dashtam/production/app';

let cw: LocalCloudWatchLogs;
beforeEach(async () => {
  cw = await LocalCloudWatchLogs.start();
});
afterEach(async () => {
  await cw.stop();
});

/** Resolves with the number of events stored once the endpoint has answered `n` PutLogEvents with 200. */
function storedAfterPuts(n: number): Promise<number> {
  let seen = 0;
  return new Promise((resolve) => {
    const onResponse = (op: string, status: number) => {
      if (op !== 'PutLogEvents' || status !== 200 || ++seen < n) return;
      cw.off('response', onResponse);
      const streams = cw.store.streamNames(GROUP);
      resolve(streams.reduce((sum, s) => sum + cw.store.messages(GROUP, s).length, 0));
    };
    cw.on('response', onResponse);
  });
}

// A long-running process that logs, then waits (no flush, no close) until it is told to stop.
const longRunning = (count: number, pad = 0) => `import { getLogger } from ${JSON.stringify(containerEntry)};
  const logger = getLogger();
  for (let i = 0; i < ${count}; i++) logger.info('knob', { i, pad: 'x'.repeat(${pad}) });
  setInterval(() => {}, 60_000);`;

const statsAtExit = (count: number, pad: number) => `import { writeSync } from 'node:fs';
  import { getLogger } from ${JSON.stringify(containerEntry)};
  const logger = getLogger();
  process.on('exit', () => writeSync(1, JSON.stringify({ child_stats: logger.stats() }) + '\\n'));
  for (let i = 0; i < ${count}; i++) logger.info('knob', { i, pad: 'x'.repeat(${pad}) });
  process.exit(0);`;

describe('batching settings, in a real process in production mode', () => {
  it('sends a batch of LOG_BATCH_SIZE records as soon as that many are buffered, without flush or close', async () => {
    const first = storedAfterPuts(1);
    const child = startChild(
      longRunning(250),
      productionEnv(cw, { LOG_BATCH_SIZE: '100', LOG_BATCH_INTERVAL_MS: '3600000' }),
    );
    expect(await first).toBe(100);
    expect(await storedAfterPuts(1)).toBe(200);
    // The last 50 wait for the interval (an hour) or a flush: SIGTERM flushes them.
    child.child.kill('SIGTERM');
    const run = await child.ended;
    expect(run.signal).toBe('SIGTERM');
    const streams = cw.store.streamNames(GROUP);
    expect(streams.reduce((sum, s) => sum + cw.store.messages(GROUP, s).length, 0)).toBe(250);
  });

  it('sends what is buffered after LOG_BATCH_INTERVAL_MS, without flush or close', async () => {
    const stored = storedAfterPuts(1);
    const child = startChild(longRunning(3), productionEnv(cw, { LOG_BATCH_INTERVAL_MS: '20' }));
    expect(await stored).toBe(3);
    child.child.kill('SIGKILL');
    await child.ended;
  });

  // The memory bounds hold records in memory only without the spool (with it, records wait on disk).
  it('bounds the buffer by LOG_BUFFER_MAX_EVENTS and LOG_BUFFER_MAX_BYTES with LOG_SPOOL=off; the rest overflows to the fallback', async () => {
    const byEvents = await runChild(
      statsAtExit(25, 0),
      productionEnv(cw, { LOG_BATCH_SIZE: '10', LOG_BUFFER_MAX_EVENTS: '10', LOG_SPOOL: 'off' }),
    );
    expect(jsonLines(byEvents.stdout)[0]?.child_stats).toMatchObject({ enqueued: 25, overflowed: 15, fallback: 25 });
    // 150 records of over 10,000 characters: 1.5 MB, well under the default bound (32 MiB), over 1 MiB.
    const byBytes = await runChild(
      statsAtExit(150, 10_000),
      productionEnv(cw, { LOG_BUFFER_MAX_BYTES: '1048576', LOG_SPOOL: 'off' }),
    );
    const stats = jsonLines(byBytes.stdout)[0]?.child_stats as { overflowed: number; fallback: number };
    expect(stats.overflowed).toBeGreaterThan(0);
    expect((150 - stats.overflowed) * 10_000).toBeLessThanOrEqual(1_048_576);
    expect(stats.fallback).toBe(150);
  });

  it('refuses to start with a value out of CloudWatch limits, naming the variable and what is accepted', async () => {
    const run = await runChild(longRunning(1), productionEnv(cw, { LOG_BATCH_SIZE: '20000' }));
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('InvalidSettingError');
    expect(run.stderr).toContain('Invalid LOG_BATCH_SIZE: "20000"');
    expect(run.stderr).toContain('10000');
  });
});

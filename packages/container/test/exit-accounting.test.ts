import { once } from 'node:events';
import { LocalCloudWatchLogs } from '@dashtam/cloudwatch-local';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { containerEntry, jsonLines, productionEnv, runChild, startChild } from './child.js';

const GROUP = '/dashtam/production/app';
const COUNT = 5000;

// Three ways a process ends without the container's flush (SIGTERM/SIGINT/beforeExit) running:
// Node then runs only synchronous `exit` listeners.
const ENDINGS = {
  'process.exit(0)': { code: 'process.exit(0);', exitCode: 0 },
  'an uncaught exception': { code: "setTimeout(() => { throw new Error('boom'); });", exitCode: 1 },
  'an unhandled rejection': { code: "Promise.reject(new Error('nope'));", exitCode: 1 },
} as const;

// Logs COUNT records, prints the adapter's stats from an `exit` listener added after the
// container's (so it sees what the adapter did at exit), then ends the process.
const script = (ending: string) => `import { writeSync } from 'node:fs';
  import { getLogger } from ${JSON.stringify(containerEntry)};
  const logger = getLogger();
  for (let i = 0; i < ${COUNT}; i++) logger.info('exit accounting', { i, user_id: 'u-1' });
  process.on('exit', () => { if (logger.stats) writeSync(2, JSON.stringify({ child_stats: logger.stats() }) + '\\n'); });
  ${ending}`;

let cw: LocalCloudWatchLogs;
beforeEach(async () => {
  cw = await LocalCloudWatchLogs.start();
});
afterEach(async () => {
  await cw.stop();
});

/** The `i` of every record that reached the endpoint, in every stream of the group. */
function atEndpoint(message: string): number[] {
  let streams: string[] = [];
  try {
    streams = cw.store.streamNames(GROUP);
  } catch {
    return []; // the group was never created: nothing arrived
  }
  return streams.flatMap((s) =>
    cw.store
      .messages(GROUP, s)
      .map((m) => JSON.parse(m) as { message: string; i: number })
      .filter((r) => r.message === message)
      .map((r) => r.i),
  );
}

describe('records still buffered when the process ends', () => {
  for (const [name, ending] of Object.entries(ENDINGS)) {
    // With the spool (the default) the exit writes what is gathered to disk and waits for the
    // worker to ship it. The wait is long here so the test does not depend on the machine's speed:
    // it ends as soon as everything is shipped.
    it(`CloudWatch with the spool: all ${COUNT} records reach the endpoint before the process ends, on ${name}`, async () => {
      const run = await runChild(script(ending.code), productionEnv(cw, { LOG_EXIT_WAIT_MS: '60000' }));
      expect(run.code).toBe(ending.exitCode);
      const lines = jsonLines(run.stderr);
      expect(lines.filter((l) => l.message === 'exit accounting')).toEqual([]);
      const arrived = atEndpoint('exit accounting');
      expect(arrived).toHaveLength(COUNT);
      expect(new Set(arrived).size).toBe(COUNT);
    });

    it(`CloudWatch with LOG_SPOOL=off: every record reaches the endpoint or the stderr fallback, counted, on ${name}`, async () => {
      const run = await runChild(script(ending.code), productionEnv(cw, { LOG_SPOOL: 'off' }));
      expect(run.code).toBe(ending.exitCode);
      const lines = jsonLines(run.stderr);
      const onFallback = lines.filter((l) => l.message === 'exit accounting').map((l) => l.i as number);
      const arrived = atEndpoint('exit accounting');
      expect(arrived.length + onFallback.length).toBe(COUNT);
      expect(new Set([...arrived, ...onFallback]).size).toBe(COUNT);
      const stats = lines.find((l) => l.child_stats)?.child_stats;
      expect(stats).toMatchObject({ enqueued: COUNT, fallback: onFallback.length, buffered: 0 });
      expect(onFallback.length).toBeGreaterThan(0);
    });

    it(`console (testing): every buffered line reaches stdout on ${name}`, async () => {
      const run = await runChild(script(ending.code), { PATH: process.env.PATH, ENVIRONMENT: 'testing' });
      expect(run.code).toBe(ending.exitCode);
      const records = jsonLines(run.stdout).filter((l) => l.message === 'exit accounting');
      expect(records).toHaveLength(COUNT);
      expect(new Set(records.map((r) => r.i)).size).toBe(COUNT);
    });
  }

  it('CloudWatch with LOG_SPOOL=off: acknowledged records are not repeated on stderr; the batch in flight at exit is written there too (at least once)', async () => {
    const child = startChild(
      `import { createInterface } from 'node:readline';
       import { writeSync } from 'node:fs';
       import { getLogger } from ${JSON.stringify(containerEntry)};
       const logger = getLogger();
       for (let i = 0; i < 100; i++) logger.info('acknowledged', { i });
       await logger.flush();
       process.on('exit', () => writeSync(2, JSON.stringify({ child_stats: logger.stats() }) + '\\n'));
       process.stdout.write('acknowledged\\n');
       for await (const line of createInterface({ input: process.stdin })) {
         if (line === 'send') {
           for (let i = 0; i < 2000; i++) logger.info('in flight', { i });
           void logger.flush();
         } else if (line === 'exit') {
           for (let i = 0; i < 1000; i++) logger.info('queued', { i });
           process.exit(0);
         }
       }`,
      productionEnv(cw, { LOG_SPOOL: 'off' }),
    );
    await child.waitFor('acknowledged\n');
    // The next PutLogEvents is held at the endpoint until the child has ended: it is in flight, not
    // acknowledged, when the process ends.
    cw.faults.inject({ kind: 'hold', count: 1, operations: ['PutLogEvents'] });
    const sent = once(cw, 'request');
    const answered = new Promise<void>((resolve) => {
      cw.on('response', (op) => {
        if (op === 'PutLogEvents') resolve();
      });
    });
    child.child.stdin?.write('send\n');
    expect(await sent).toEqual(['PutLogEvents']);
    child.child.stdin?.write('exit\n');
    const run = await child.ended;
    cw.faults.release();
    await answered; // the held request completes at the endpoint after the process is gone
    expect(run.code).toBe(0);
    const lines = jsonLines(run.stderr);
    const fallback = (message: string) => lines.filter((l) => l.message === message).map((l) => l.i);
    expect(fallback('acknowledged')).toEqual([]);
    expect(fallback('in flight')).toHaveLength(2000);
    expect(fallback('queued')).toHaveLength(1000);
    expect(atEndpoint('acknowledged')).toHaveLength(100);
    // The request was in flight when the process ended: CloudWatch stored it, and so did stderr.
    expect(atEndpoint('in flight')).toHaveLength(2000);
    expect(atEndpoint('queued')).toEqual([]);
    expect(lines.find((l) => l.child_stats)?.child_stats).toMatchObject({
      enqueued: 3100,
      delivered: 100,
      fallback: 3000,
      buffered: 0,
    });
  });
});

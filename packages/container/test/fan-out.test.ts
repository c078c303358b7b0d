import { once } from 'node:events';
import { LocalCloudWatchLogs } from '@dashtam/cloudwatch-local';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { containerEntry, jsonLines, productionEnv, runChild, startChild } from './child.js';

const GROUP = '/dashtam/production/app';

let cw: LocalCloudWatchLogs;
beforeEach(async () => {
  cw = await LocalCloudWatchLogs.start();
});
afterEach(async () => {
  cw.faults.release();
  await cw.stop();
});

/** Every message CloudWatch stored in the group, in every stream. */
function stored(): string[] {
  try {
    return cw.store.streamNames(GROUP).flatMap((s) => cw.store.messages(GROUP, s));
  } catch {
    return []; // the group was never created: nothing arrived
  }
}

describe('LOG_SINKS=console,cloudwatch in a real process', () => {
  it('writes every record, byte for byte, to stdout and to CloudWatch', async () => {
    const run = await runChild(
      `import { getLogger, shutdown } from ${JSON.stringify(containerEntry)};
       const logger = getLogger();
       for (let i = 0; i < 2000; i++) logger.bind({ request_path: '/users' }).info('both', { i, password: 'hunter2' });
       await shutdown();
       process.stderr.write(JSON.stringify({ child_stats: logger.stats() }) + '\\n');`,
      productionEnv(cw, { LOG_SINKS: 'console,cloudwatch' }),
    );
    expect(run.code, run.stderr).toBe(0);
    const stdout = run.stdout.trim().split('\n');
    expect(stdout).toHaveLength(2000);
    expect(stored().sort()).toEqual([...stdout].sort());
    expect(run.stdout).not.toContain('hunter2');
    const stats = jsonLines(run.stderr).find((l) => l.child_stats)?.child_stats;
    expect(stats).toMatchObject({
      console: { written: 2000, lost: 0, failed_writes: 0 },
      cloudwatch: { enqueued: 2000, delivered: 2000, fallback: 0, buffered: 0, failed_writes: 0 },
    });
  });

  it('gives each output its own level: console:warning gets warnings, CloudWatch everything', async () => {
    const run = await runChild(
      `import { getLogger, shutdown } from ${JSON.stringify(containerEntry)};
       const logger = getLogger();
       logger.debug('debug');
       logger.info('info');
       logger.warning('warning');
       logger.critical('critical');
       await shutdown();`,
      productionEnv(cw, { LOG_SINKS: 'CONSOLE:warn, cloudwatch', LOG_LEVEL: 'debug' }),
    );
    expect(run.code, run.stderr).toBe(0);
    expect(jsonLines(run.stdout).map((r) => r.message)).toEqual(['warning', 'critical']);
    expect(stored().map((m) => JSON.parse(m).message)).toEqual(['debug', 'info', 'warning', 'critical']);
  });

  it('keeps writing to stdout while CloudWatch holds its answer, and loses nothing of either', async () => {
    // The first PutLogEvents is held until released: CloudWatch is slow, the console is not.
    cw.faults.inject({ kind: 'hold', count: 1, operations: ['PutLogEvents'] });
    const child = startChild(
      `import { getLogger, shutdown } from ${JSON.stringify(containerEntry)};
       import { createInterface } from 'node:readline';
       const logger = getLogger();
       for (let i = 0; i < 100; i++) logger.info('early', { i });
       const lines = createInterface({ input: process.stdin });
       lines.on('line', async (cmd) => {
         if (cmd === 'more') {
           for (let i = 0; i < 100; i++) logger.info('late', { i });
           logger.info('late done');
         }
         if (cmd === 'stop') {
           lines.close();
           await shutdown();
         }
       });`,
      productionEnv(cw, { LOG_SINKS: 'console,cloudwatch', LOG_BATCH_INTERVAL_MS: '1' }),
    );
    // The first batch is on its way and held at the endpoint.
    const sent = once(cw, 'request');
    await child.waitFor('"i":99');
    expect(await sent).toEqual(['PutLogEvents']);
    // With CloudWatch still not answering, new records reach stdout at once.
    child.child.stdin?.write('more\n');
    await child.waitFor('late done');
    expect(stored()).toEqual([]);
    cw.faults.release();
    child.child.stdin?.end('stop\n');
    const run = await child.ended;
    expect(run.code, run.stderr).toBe(0);
    expect(jsonLines(run.stdout)).toHaveLength(201);
    expect(stored()).toHaveLength(201);
  });

  it('stops the start with an error naming LOG_SINKS and what it accepts', async () => {
    const run = await runChild(
      `import { getLogger } from ${JSON.stringify(containerEntry)};
       getLogger();`,
      productionEnv(cw, { LOG_SINKS: 'console,datadog' }),
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('LOG_SINKS');
    expect(run.stderr).toContain('unknown sink "datadog"');
    expect(run.stderr).toContain('console, cloudwatch');
  });
});

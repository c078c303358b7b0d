// Two services on one host sharing the default spool root and one CloudWatch endpoint, each
// shipping to its own log group (its own ENVIRONMENT here; its own account's credentials in real
// life): one's left records are replayed only by a process of the same group, never by the other.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalCloudWatchLogs } from '@dashtam/cloudwatch-local';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { containerEntry, jsonLines, productionEnv, runChild, startChild } from './child.js';

let cw: LocalCloudWatchLogs;
beforeEach(async () => {
  cw = await LocalCloudWatchLogs.start();
});
afterEach(async () => {
  await cw.stop();
});

function messages(group: string, message: string): Record<string, unknown>[] {
  let streams: string[] = [];
  try {
    streams = cw.store.streamNames(group);
  } catch {
    return [];
  }
  return streams
    .flatMap((s) => cw.store.messages(group, s))
    .map((m) => JSON.parse(m) as Record<string, unknown>)
    .filter((r) => r.message === message);
}

const logOne = (message: string) => `import { writeSync } from 'node:fs';
  import { getLogger, shutdown } from ${JSON.stringify(containerEntry)};
  const logger = getLogger();
  logger.info(${JSON.stringify(message)});
  await shutdown();
  writeSync(1, JSON.stringify({ child_stats: logger.stats() }) + '\\n');`;

describe('a spool root shared by services of different log groups', () => {
  it("one service's left records go to its own group, replayed by its own next start only", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dashtam-spool-services-'));
    cw.faults.inject({ kind: 'server_error' });
    const a = startChild(
      `import { getLogger } from ${JSON.stringify(containerEntry)};
       const logger = getLogger();
       for (let i = 0; i < 10; i++) logger.info('service a', { i });
       // Returns once the records are on disk and CloudWatch has failed them once.
       while ((logger.stats?.().spool_retries ?? 0) === 0) await logger.flush();
       process.stdout.write('spooled\\n');
       setInterval(() => undefined, 1000);`,
      productionEnv(cw, { LOG_SPOOL_DIR: dir, ENVIRONMENT: 'production' }),
    );
    a.child.stdin?.end();
    await a.waitFor('spooled\n');
    a.child.kill('SIGKILL');
    await a.ended;
    cw.faults.clear();
    // Service B (another group) starts on the same root: its worker looks for gone directories first.
    const b = await runChild(logOne('service b'), productionEnv(cw, { LOG_SPOOL_DIR: dir, ENVIRONMENT: 'staging' }));
    expect(b.code, b.stderr).toBe(0);
    expect(jsonLines(b.stdout)[0]?.child_stats).toMatchObject({ replayed: 0, shipped: 1 });
    expect(messages('/dashtam/staging/app', 'service a')).toEqual([]);
    expect(messages('/dashtam/production/app', 'service a')).toEqual([]);
    // Service A's next start replays them, marked, to its own group.
    const again = await runChild(
      logOne('service a again'),
      productionEnv(cw, { LOG_SPOOL_DIR: dir, ENVIRONMENT: 'production' }),
    );
    expect(again.code, again.stderr).toBe(0);
    const replayed = messages('/dashtam/production/app', 'service a');
    expect(replayed.map((r) => r.i).sort((x, y) => Number(x) - Number(y))).toEqual([...Array(10).keys()]);
    expect(replayed.every((r) => r.replayed === true)).toBe(true);
  });
});

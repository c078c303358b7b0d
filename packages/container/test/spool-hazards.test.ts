// Issue 22's hazards, from the user's side: what the spool meets on a real disk and a real host
// (a torn last write, a directory it cannot use, a record larger than a segment, records too old
// for CloudWatch, a restarted container's pid 1, CloudWatch down when the process has nothing
// more to do). Real processes with the built container and the local CloudWatch Logs endpoint.
import { once } from 'node:events';
import { mkdtempSync, readdirSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalCloudWatchLogs } from '@dashtam/cloudwatch-local';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Child, containerEntry, jsonLines, runChild, startChild } from './child.js';
import { deadPid, writeDeadDir } from './spool-dead-dir.js';
import { arrived, idleScript, lastStats, loadEnv } from './spool-load.js';

let cw: LocalCloudWatchLogs;
let spoolDir: string;
const children: Child[] = [];
beforeEach(async () => {
  cw = await LocalCloudWatchLogs.start();
  spoolDir = mkdtempSync(join(tmpdir(), 'dashtam-hazard-'));
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

/** Starts an application that replays what gone processes left; resolves with its stats once `n` are replayed. */
async function replay(n: number, script = idleScript(n)): Promise<{ child: Child; stats: Record<string, number> }> {
  const child = start(script);
  await child.waitFor('"child_stats"');
  return { child, stats: lastStats(child.output().stdout) as Record<string, number> };
}

/** A JSON line as the logger writes it. */
function line(message: string, fields: Record<string, unknown>): string {
  return JSON.stringify({ timestamp: new Date().toISOString(), level: 'info', message, ...fields });
}

describe('a torn last record', () => {
  it('is skipped and counted in torn; the records before it are replayed', async () => {
    // CloudWatch is down while the first process spools: everything it logs stays on disk.
    cw.faults.inject({ kind: 'server_error' });
    const first = start(`import { getLogger } from ${JSON.stringify(containerEntry)};
      const logger = getLogger();
      for (let i = 0; i < 99; i++) logger.info('before the tear', { i });
      await logger.flush();
      logger.info('torn', { i: 99 });
      await logger.flush();
      process.stdout.write('spooled\\n');
      setInterval(() => {}, 1 << 30);`);
    await first.waitFor('spooled\n');
    first.child.kill('SIGKILL');
    await first.ended;
    // The kill cut the last write short: its last bytes never reached the disk.
    const [dir] = readdirSync(spoolDir);
    const segments = readdirSync(join(spoolDir, dir as string)).filter((n) => n.endsWith('.seg'));
    const last = join(spoolDir, dir as string, segments.sort().pop() as string);
    truncateSync(last, statSync(last).size - 5);

    cw.faults.clear();
    const { child, stats } = await replay(99);
    expect(stats).toMatchObject({ replayed: 99, torn: 1, spool_fallback: 0 });
    const records = arrived(cw, 'before the tear');
    expect(records.map((r) => r.i)).toEqual(Array.from({ length: 99 }, (_, i) => i));
    expect(records.every((r) => r.replayed === true)).toBe(true);
    expect(arrived(cw, 'torn')).toEqual([]);
    child.child.kill('SIGTERM');
    const reports = jsonLines((await child.ended).stderr).filter((l) => String(l.message).includes('torn block'));
    expect(reports).toMatchObject([{ records: 1 }]);
  });
});

describe('a spool directory that cannot be used', () => {
  const cases = {
    'a file in its place': () => {
      const file = join(spoolDir, 'not-a-directory');
      writeFileSync(file, 'x');
      return file;
    },
    'under /proc': () => '/proc/nope/spool',
  };
  for (const [name, path] of Object.entries(cases)) {
    it(`warns once on stderr naming the path and delivers the records from memory: ${name}`, async () => {
      const dir = path();
      const run = await runChild(
        `import { getLogger } from ${JSON.stringify(containerEntry)};
         const logger = getLogger();
         for (let i = 0; i < 10; i++) logger.info('no spool', { i });
         await logger.flush();`,
        loadEnv(cw, dir),
      );
      expect(run.code).toBe(0);
      const lines = jsonLines(run.stderr);
      const warnings = lines.filter((l) => String(l.message).includes('spool directory cannot be used'));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatchObject({ level: 'error', path: dir });
      expect(lines.filter((l) => l.message === 'no spool')).toEqual([]);
      expect(arrived(cw, 'no spool').map((r) => r.i)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    });
  }
});

describe('a record larger than a spool segment (8 MiB)', () => {
  it('is spooled and arrives truncated to CloudWatch’s event limit, as the sink truncates; the records around it arrive whole', async () => {
    const run = await runChild(
      `import { writeSync } from 'node:fs';
       import { getLogger } from ${JSON.stringify(containerEntry)};
       const logger = getLogger();
       logger.info('before the huge one');
       // The logger keeps 16,384 characters of a string and 100 items of an array: six arrays of
       // a hundred such strings make a line of about 9.8 MB.
       const strings = Array.from({ length: 100 }, () => 'y'.repeat(16384));
       logger.info('huge', { a: strings, b: strings, c: strings, d: strings, e: strings, f: strings });
       logger.info('after the huge one');
       await logger.flush();
       writeSync(1, JSON.stringify({ child_stats: logger.stats() }) + '\\n');`,
      loadEnv(cw, spoolDir),
    );
    expect(run.code).toBe(0);
    expect(lastStats(run.stdout)).toMatchObject({ spooled: 3, shipped: 3, spool_truncated: 1, torn: 0 });
    expect(arrived(cw, 'before the huge one')).toHaveLength(1);
    expect(arrived(cw, 'after the huge one')).toHaveLength(1);
    const [huge] = arrived(cw, 'huge');
    expect(huge?.original_bytes).toBeGreaterThan(8 * 1024 * 1024);
    expect(huge).toMatchObject({ truncated: true });
    expect(String(huge?.partial).startsWith('{')).toBe(true);
  });
});

describe('replayed records older than 14 days', () => {
  it('are not sent: they go to the stderr fallback, counted, with the reason; the recent ones are replayed', async () => {
    const old = Date.now() - 15 * 86_400_000;
    const now = Date.now();
    writeDeadDir(spoolDir, cw, { pid: deadPid(), startTicks: 1, streamPrefix: 'gone' }, [
      Array.from({ length: 5 }, (_, i) => ({ line: line('two weeks old', { i }), time: old + i })),
      Array.from({ length: 5 }, (_, i) => ({ line: line('recent', { i }), time: now + i })),
    ]);
    const { child, stats } = await replay(5);
    expect(stats).toMatchObject({ replayed: 5, spool_fallback: 5, spool_rejected: 0 });
    expect(arrived(cw, 'recent')).toHaveLength(5);
    expect(arrived(cw, 'two weeks old')).toEqual([]);
    child.child.kill('SIGTERM');
    const lines = jsonLines((await child.ended).stderr);
    expect(lines.filter((l) => l.message === 'two weeks old')).toMatchObject(
      Array.from({ length: 5 }, (_, i) => ({ i, replayed: true })),
    );
    const reasons = lines.filter((l) => String(l.reason).startsWith('too_old'));
    expect(reasons).toMatchObject([{ records: 5 }]);
  });
});

describe('a restarted container', () => {
  it('adopts and replays the directory of an earlier process with its own pid (pid 1 again) that started earlier', async () => {
    // The earlier process's pid is the new one's, known only once it runs: the application sets
    // it in the owner file before it builds the logger, as a restarted container finds it. (Its
    // imports are hoisted, but the spool is opened by getLogger(), after the write.)
    const dir = writeDeadDir(spoolDir, cw, { pid: 0, startTicks: 0, streamPrefix: 'earlier' }, [
      Array.from({ length: 5 }, (_, i) => ({ line: line('earlier process', { i }), time: Date.now() + i })),
    ]);
    const owner = join(dir, 'owner.json');
    const { stats } = await replay(
      5,
      `import { readFileSync, writeFileSync } from 'node:fs';
       const owner = JSON.parse(readFileSync(${JSON.stringify(owner)}, 'utf8'));
       writeFileSync(${JSON.stringify(owner)}, JSON.stringify({ ...owner, pid: process.pid }));
       ${idleScript(5)}`,
    );
    expect(stats).toMatchObject({ replayed: 5, spool_fallback: 0 });
    const records = arrived(cw, 'earlier process');
    expect(records.map((r) => r.i)).toEqual([0, 1, 2, 3, 4]);
    expect(records.every((r) => r.replayed === true)).toBe(true);
  });
});

describe('CloudWatch down and nothing more to do', () => {
  it('the process ends by itself while its shipper retries; the next start replays its records', async () => {
    cw.faults.inject({ kind: 'server_error' });
    const first = start(
      `import { getLogger } from ${JSON.stringify(containerEntry)};
       const logger = getLogger();
       for (let i = 0; i < 10; i++) logger.info('left idle', { i });`,
      { LOG_EXIT_WAIT_MS: '0' },
    );
    // The process must end (its beforeExit flush does not wait on a backend that fails) before the
    // shipper has met the failure ten times (some seconds of backoff).
    let failures = 0;
    const tenFailures = (async () => {
      while (failures < 10) {
        const [, status] = await once(cw, 'response');
        if (status === 500) failures++;
      }
      return 'still running after ten failed requests';
    })();
    const ended = await Promise.race([first.ended.then((run) => run.code), tenFailures]);
    expect(ended).toBe(0);
    expect(arrived(cw, 'left idle')).toEqual([]);

    cw.faults.clear();
    const { stats } = await replay(10);
    expect(stats).toMatchObject({ replayed: 10 });
    expect(arrived(cw, 'left idle')).toHaveLength(10);
  });
});

// The OTLP sink with its spool (the container's default), from the user's side: real processes
// logging through the container to a local OTLP receiver, which fails, refuses or holds answers.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Answer, OtlpReceiver } from '@dashtam/otlp-local';
import { afterEach, describe, expect, it } from 'vitest';
import { containerEntry, jsonLines, runChild, startChild } from './child.js';

let receiver: OtlpReceiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

function otlpEnv(url: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    ENVIRONMENT: 'staging',
    LOG_SINKS: 'otlp',
    OTEL_EXPORTER_OTLP_ENDPOINT: url,
    OTEL_SERVICE_NAME: 'spool-test',
    ...extra,
  };
}

/** The `i` attribute of every record the receiver took with `message`. */
function received(r: OtlpReceiver, message: string): { i: number; replayed: boolean }[] {
  return r.logs
    .filter((l) => l.body === message)
    .map((l) => {
      const attributes = Object.fromEntries(l.attributes);
      return { i: Number(attributes.i), replayed: attributes.replayed === true };
    });
}

// Logs `count` records, prints the sink's stats at exit, then ends as `ending` says.
const script = (count: number, ending: string): string => `
  import { writeSync } from 'node:fs';
  import { getLogger, shutdown } from ${JSON.stringify(containerEntry)};
  const logger = getLogger();
  process.on('exit', () => writeSync(1, JSON.stringify({ child_stats: logger.stats() }) + '\\n'));
  for (let i = 0; i < ${count}; i++) logger.info('burst', { i });
  ${ending}`;

describe('LOG_SINKS=otlp with the spool', () => {
  it('exports all of a 5,000-record burst when SIGTERM follows it at once (the SDK queue held 2,048)', async () => {
    receiver = await OtlpReceiver.start();
    const run = await runChild(
      script(5000, "process.kill(process.pid, 'SIGTERM');"),
      otlpEnv(receiver.url, { LOG_EXIT_WAIT_MS: '60000' }),
    );
    expect(run.signal).toBe('SIGTERM');
    expect(jsonLines(run.stderr).filter((l) => l.message === 'burst')).toEqual([]);
    const got = received(receiver, 'burst').map((r) => r.i);
    expect(new Set(got).size).toBe(5000);
    expect(got).toHaveLength(5000);
  });

  it('counts the records a partial_success refuses as rejected, never as exported, and writes their batch to stderr', async () => {
    receiver = await OtlpReceiver.start({
      answer: (n): Answer =>
        n === 0
          ? {
              status: 200,
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ partialSuccess: { rejectedLogRecords: '3', errorMessage: 'three too many' } }),
            }
          : { status: 200 },
    });
    const run = await runChild(
      script(100, 'await shutdown();'),
      otlpEnv(receiver.url, { OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' }),
    );
    expect(run.code, run.stderr).toBe(0);
    const stats = jsonLines(run.stdout).find((l) => l.child_stats)?.child_stats as Record<string, number>;
    expect(stats).toMatchObject({ spooled: 100, shipped: 97, spool_rejected: 3, spool_fallback: 100, exported: 97 });
    const lines = jsonLines(run.stderr);
    expect(lines.filter((l) => l.message === 'burst')).toHaveLength(100);
    expect(lines.find((l) => l.rejected === 3)).toMatchObject({ collector_message: 'three too many', records: 100 });
  });

  it("waits the collector's Retry-After before it sends again", async () => {
    const answered: number[] = [];
    receiver = await OtlpReceiver.start({
      answer: (n): Answer => {
        answered.push(Date.now());
        return n === 0 ? { status: 503, headers: { 'retry-after': '1' } } : { status: 200 };
      },
    });
    const run = await runChild(script(10, 'await shutdown();'), otlpEnv(receiver.url));
    expect(run.code, run.stderr).toBe(0);
    expect(received(receiver, 'burst')).toHaveLength(10);
    expect(answered.length).toBeGreaterThanOrEqual(2);
    // A lower bound the protocol sets (the collector asked for a second), not a timing goal.
    expect((answered[1] as number) - (answered[0] as number)).toBeGreaterThanOrEqual(950);
  });

  it('collector down, SIGKILL, then a start with it back: every record arrives, marked replayed', async () => {
    let down = true;
    receiver = await OtlpReceiver.start({ answer: (): Answer => ({ status: down ? 503 : 200 }) });
    const dir = mkdtempSync(join(tmpdir(), 'dashtam-spool-otlp-'));
    const first = startChild(
      `import { getLogger } from ${JSON.stringify(containerEntry)};
       const logger = getLogger();
       for (let i = 0; i < 2000; i++) logger.info('before the kill', { i });
       // Returns once the records are on disk (a flush does not wait while the collector fails).
       await logger.flush();
       process.stdout.write('spooled\\n');
       setInterval(() => undefined, 1000);`,
      otlpEnv(receiver.url, { LOG_SPOOL_DIR: dir }),
    );
    first.child.stdin?.end();
    await first.waitFor('spooled\n');
    first.child.kill('SIGKILL');
    await first.ended;
    expect(received(receiver, 'before the kill')).toEqual([]);
    down = false;
    const second = await runChild(script(1, 'await shutdown();'), otlpEnv(receiver.url, { LOG_SPOOL_DIR: dir }));
    expect(second.code, second.stderr).toBe(0);
    const replayed = received(receiver, 'before the kill');
    expect(new Set(replayed.map((r) => r.i)).size).toBe(2000);
    expect(replayed.every((r) => r.replayed)).toBe(true);
    expect(received(receiver, 'burst')).toEqual([{ i: 0, replayed: false }]);
    const stats = jsonLines(second.stdout).find((l) => l.child_stats)?.child_stats as Record<string, number>;
    expect(stats).toMatchObject({ replayed: replayed.length, shipped: 1 });
  });
});

describe('LOG_SINKS=otlp with the spool: the sink reports on stderr', () => {
  it('redacts a secret the collector echoes in its refusal, as the sink without a spool does', async () => {
    const token = `ghp_${'a1B2c3D4e5'.repeat(3)}A1b2C3`;
    receiver = await OtlpReceiver.start({
      answer: (): Answer => ({ status: 400, body: `bad request; you sent authorization: token ${token}` }),
    });
    const run = await runChild(script(3, 'await shutdown();'), otlpEnv(receiver.url));
    expect(run.code, run.stderr).toBe(0);
    expect(jsonLines(run.stderr).some((l) => String(l.reason ?? '').includes('400'))).toBe(true);
    expect(run.stderr).not.toContain(token);
  });
});

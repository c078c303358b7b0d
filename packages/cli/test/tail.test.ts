import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  PutLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { LocalCloudWatchLogs } from '@dashtam/cloudwatch-local';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, startCli } from './run-cli.js';

const GROUP = '/dashtam/production/app';
const AWS_ENV = { AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', AWS_REGION: 'us-east-1' };

let cw: LocalCloudWatchLogs;
let client: CloudWatchLogsClient;

beforeEach(async () => {
  cw = await LocalCloudWatchLogs.start();
  client = new CloudWatchLogsClient({
    endpoint: cw.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await client.send(new CreateLogGroupCommand({ logGroupName: GROUP }));
});

afterEach(async () => {
  client.destroy();
  await cw.stop();
});

function record(time: number, level: string, message: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    timestamp: new Date(time).toISOString(),
    level,
    message,
    trace_id: '4bf92f3577b34da6a3ce929d0e0e4736',
    ...extra,
  });
}

const streams = new Set<string>();
async function put(stream: string, events: { timestamp: number; message: string }[]): Promise<void> {
  const key = `${cw.url}${stream}`;
  if (!streams.has(key)) {
    await client.send(new CreateLogStreamCommand({ logGroupName: GROUP, logStreamName: stream }));
    streams.add(key);
  }
  for (let i = 0; i < events.length; i += 5000) {
    await client.send(
      new PutLogEventsCommand({ logGroupName: GROUP, logStreamName: stream, logEvents: events.slice(i, i + 5000) }),
    );
  }
}

const tail = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  runCli(['tail', '--group', GROUP, '--endpoint', cw.url, ...args], '', { ...AWS_ENV, ...env });

async function seed(): Promise<number> {
  const now = Date.now();
  await put('web-1/2026-11-28', [
    { timestamp: now - 3000, message: record(now - 3000, 'info', 'API listening', { url: 'http://127.0.0.1:3000' }) },
    {
      timestamp: now - 1000,
      message: record(now - 1000, 'error', 'Account sync failed', { user_id: 'u-2', trace_id: 'aaaa1111' }),
    },
  ]);
  await put('worker-1/2026-11-28', [
    { timestamp: now - 2000, message: record(now - 2000, 'warning', 'Request completed', { status_code: 409 }) },
    { timestamp: now - 500, message: 'START RequestId: 1234 (not a record)' },
  ]);
  return now;
}

describe('dashtam-logs tail (against the local CloudWatch Logs endpoint)', () => {
  it('prints every stream of the group in time order, pretty, with non-records passed through', async () => {
    await seed();
    const { code, stdout, stderr } = await tail([]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const heads = stdout.split('\n').filter((l) => !l.startsWith('    '));
    expect(heads.map((l) => l.replace(/^\d{4}-\S+ /, ''))).toEqual([
      '[INFO    ] API listening',
      '[WARNING ] Request completed',
      '[ERROR   ] Account sync failed',
      'START RequestId: 1234 (not a record)',
      '',
    ]);
    expect(stdout).not.toMatch(/\u001b\[/);
  });

  it('prints the stored JSON lines with --json, and narrows by --stream-prefix, --level, --trace-id and --grep', async () => {
    await seed();
    const json = await tail(['--json']);
    const lines = json.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({ message: 'API listening' });
    const web = await tail(['--json', '--stream-prefix', 'web-']);
    expect(
      web.stdout
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l).message),
    ).toEqual(['API listening', 'Account sync failed']);
    const errors = await tail(['--json', '--level', 'error']);
    expect(
      errors.stdout
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l).message),
    ).toEqual(['Account sync failed']);
    const traced = await tail(['--json', '--trace-id', 'aaaa1111']);
    expect(
      traced.stdout
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l).message),
    ).toEqual(['Account sync failed']);
    const grep = await tail(['--json', '--grep', 'status_code=409']);
    expect(
      grep.stdout
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l).message),
    ).toEqual(['Request completed']);
  });

  it('starts at --since (a duration or an ISO time)', async () => {
    const now = Date.now();
    await put('web-1/old', [
      { timestamp: now - 2 * 3_600_000, message: record(now - 2 * 3_600_000, 'info', 'two hours ago') },
      { timestamp: now - 60_000, message: record(now - 60_000, 'info', 'a minute ago') },
    ]);
    const recent = await tail(['--json', '--since', '1h']);
    expect(
      recent.stdout
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l).message),
    ).toEqual(['a minute ago']);
    const iso = await tail(['--json', '--since', new Date(now - 3 * 3_600_000).toISOString()]);
    expect(iso.stdout.trimEnd().split('\n')).toHaveLength(2);
  });

  it('reads every page of a large result (FilterLogEvents nextToken)', async () => {
    const now = Date.now();
    const events = Array.from({ length: 12_345 }, (_, i) => ({
      timestamp: now - 60_000 + Math.floor(i / 100),
      message: record(now - 60_000, 'info', `event ${i}`),
    }));
    await put('bulk/1', events);
    const before = cw.calls('FilterLogEvents');
    const { code, stdout } = await tail(['--json']);
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(12_345);
    expect(new Set(lines.map((l) => JSON.parse(l).message)).size).toBe(12_345);
    expect(cw.calls('FilterLogEvents') - before).toBeGreaterThanOrEqual(2);
  });

  it('retries throttled calls and still prints everything', async () => {
    await seed();
    const before = cw.calls('FilterLogEvents');
    cw.faults.inject({ kind: 'throttle', count: 4, operations: ['FilterLogEvents'] });
    const { code, stdout, stderr } = await tail(['--json']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout.trimEnd().split('\n')).toHaveLength(4);
    // One page: four throttled answers, then the one that was served.
    expect(cw.calls('FilterLogEvents') - before).toBe(5);
  });

  it('follows new events until Ctrl-C, then exits 0 cleanly', async () => {
    const now = await seed();
    const running = startCli(
      ['tail', '--group', GROUP, '--endpoint', cw.url, '--json', '--follow', '--interval', '20ms'],
      AWS_ENV,
    );
    await running.waitForStdout((out) => out.includes('not a record'));
    await put('web-1/2026-11-28', [
      { timestamp: now + 10, message: record(now + 10, 'info', 'arrived later') },
      { timestamp: now + 10, message: record(now + 10, 'info', 'same millisecond') },
    ]);
    await running.waitForStdout((out) => out.includes('same millisecond'));
    await put('worker-1/2026-11-28', [{ timestamp: now + 20, message: record(now + 20, 'info', 'and later still') }]);
    await running.waitForStdout((out) => out.includes('and later still'));
    running.child.kill('SIGINT');
    expect(await running.exited).toBe(0);
    expect(running.stderr()).toBe('');
    const messages = running.stdout().trimEnd().split('\n');
    // Every event once: no duplicates from the overlapping polls.
    expect(messages).toHaveLength(7);
    expect(new Set(messages).size).toBe(7);
  });

  it('sends --level, --trace-id and --grep to CloudWatch as a JSON filter pattern: only matches are downloaded', async () => {
    const now = Date.now();
    const noise = Array.from({ length: 200 }, (_, i) => ({
      timestamp: now - 5000 + i,
      message: record(now - 5000 + i, 'info', `noise ${i}`, { user_id: 'u-2', note: 'aaaa1111 in a message' }),
    }));
    await put('web-1/2026-11-28', [
      ...noise,
      {
        timestamp: now - 700,
        message: record(now - 700, 'error', 'Sync failed', { user_id: 'u-2', status_code: 409 }),
      },
      { timestamp: now - 600, message: record(now - 600, 'critical', 'Out of memory', { user_id: 'u-3' }) },
      {
        timestamp: now - 500,
        message: record(now - 500, 'warning', 'Slow', { trace_id: 'aaaa1111', quote: 'say "hi"' }),
      },
      { timestamp: now - 400, message: 'error: a line that is not JSON' },
    ]);
    const messages = (out: string) =>
      out
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l).message);
    const asked = async (args: string[]) => {
      const before = cw.requests('FilterLogEvents').length;
      const run = await tail(['--json', ...args]);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const requests = cw.requests('FilterLogEvents').slice(before);
      return {
        messages: messages(run.stdout),
        patterns: [...new Set(requests.map((r) => r.input.filterPattern))],
        downloaded: requests.reduce((n, r) => n + (r.eventsReturned ?? 0), 0),
      };
    };
    expect(await asked(['--level', 'error'])).toEqual({
      messages: ['Sync failed', 'Out of memory'],
      patterns: ['{ ($.level = "error") || ($.level = "critical") }'],
      downloaded: 2,
    });
    expect(await asked(['--trace-id', 'aaaa1111'])).toEqual({
      messages: ['Slow'],
      patterns: ['{ $.trace_id = "aaaa1111" }'],
      downloaded: 1,
    });
    // The field's string form: the number 409 as well as the string "409".
    expect(await asked(['--grep', 'status_code=409'])).toEqual({
      messages: ['Sync failed'],
      patterns: ['{ ($.status_code = "409") || ($.status_code = 409) }'],
      downloaded: 1,
    });
    expect(await asked(['--level', 'error', '--grep', 'user_id=u-2'])).toEqual({
      messages: ['Sync failed'],
      patterns: ['{ (($.level = "error") || ($.level = "critical")) && ($.user_id = "u-2") }'],
      downloaded: 1,
    });
    // A value CloudWatch cannot quote is checked here only; the other conditions still narrow.
    expect(await asked(['--level', 'warning', '--grep', 'quote=say "hi"'])).toEqual({
      messages: ['Slow'],
      patterns: ['{ ($.level = "warning") || ($.level = "error") || ($.level = "critical") }'],
      downloaded: 3,
    });
    // --filter-pattern: as is alone; a JSON one is joined with the flags' conditions.
    expect(await asked(['--filter-pattern', '{ $.status_code >= 400 }'])).toEqual({
      messages: ['Sync failed'],
      patterns: ['{ $.status_code >= 400 }'],
      downloaded: 1,
    });
    expect(
      await asked(['--filter-pattern', '{ $.user_id = "u-3" || $.user_id = "u-2" }', '--level', 'critical']),
    ).toEqual({
      messages: ['Out of memory'],
      patterns: ['{ ($.user_id = "u-3" || $.user_id = "u-2") && (($.level = "critical")) }'],
      downloaded: 1,
    });
    const terms = await tail(['--filter-pattern', 'error']);
    expect(terms.stdout).toContain('Sync failed');
    expect(terms.stdout).toContain('a line that is not JSON');
    expect(cw.requests('FilterLogEvents').at(-1)?.input.filterPattern).toBe('error');
  });

  it('follows with an overlap: an event ingested late with an earlier timestamp is printed, once', async () => {
    const now = await seed();
    // Resolves after the endpoint has received n more FilterLogEvents calls (polls).
    const polls = (n: number) =>
      new Promise<void>((resolve) => {
        let count = 0;
        const onRequest = (operation: string) => {
          if (operation === 'FilterLogEvents' && ++count >= n) {
            cw.off('request', onRequest);
            resolve();
          }
        };
        cw.on('request', onRequest);
      });
    const running = startCli(
      ['tail', '--group', GROUP, '--endpoint', cw.url, '--json', '--follow', '--interval', '20ms'],
      AWS_ENV,
    );
    await running.waitForStdout((out) => out.includes('not a record'));
    await put('web-1/2026-11-28', [{ timestamp: now + 3000, message: record(now + 3000, 'info', 'newest') }]);
    await running.waitForStdout((out) => out.includes('newest'));
    // Polls have passed `now + 3000`; an event stamped before it arrives only now.
    await polls(2);
    await put('worker-1/2026-11-28', [
      { timestamp: now + 1000, message: record(now + 1000, 'info', 'ingested late') },
      { timestamp: now + 4000, message: record(now + 4000, 'info', 'marker') },
    ]);
    await running.waitForStdout((out) => out.includes('marker'));
    // More polls over the same overlap print nothing again.
    await polls(3);
    running.child.kill('SIGINT');
    expect(await running.exited).toBe(0);
    expect(running.stderr()).toBe('');
    const lines = running.stdout().trimEnd().split('\n');
    expect(lines.filter((l) => l.includes('ingested late'))).toHaveLength(1);
    expect(lines).toHaveLength(7);
    expect(new Set(lines).size).toBe(7);
  });

  it('names the stream of each event with --show-stream, pretty and --json', async () => {
    await seed();
    const pretty = await tail(['--show-stream']);
    expect(pretty.stderr).toBe('');
    const heads = pretty.stdout.split('\n').filter((l) => l !== '' && !l.startsWith('    '));
    expect(heads.map((l) => l.replace(/ \d{4}-\S+ /, ' '))).toEqual([
      '[web-1/2026-11-28] [INFO    ] API listening',
      '[worker-1/2026-11-28] [WARNING ] Request completed',
      '[web-1/2026-11-28] [ERROR   ] Account sync failed',
      '[worker-1/2026-11-28] START RequestId: 1234 (not a record)',
    ]);
    const json = await tail(['--json', '--show-stream', '--level', 'warning']);
    const records = json.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(records.map((r) => [r['@logStream'], r.message, r.level])).toEqual([
      ['worker-1/2026-11-28', 'Request completed', 'warning'],
      ['web-1/2026-11-28', 'Account sync failed', 'error'],
    ]);
  });

  it('prints a record the filter matches whatever its size: pretty cut at --max-line, --json whole (still JSON)', async () => {
    const now = Date.now();
    const big = 'x'.repeat(3000);
    await put('web-1/2026-11-28', [
      { timestamp: now - 2000, message: record(now - 2000, 'info', 'small and filtered out') },
      { timestamp: now - 1000, message: record(now - 1000, 'error', 'Large failure', { detail: big }) },
    ]);
    const pretty = await tail(['--level', 'error', '--max-line', '1KiB']);
    expect(pretty.stderr).toBe('');
    expect(pretty.stdout).toContain('[ERROR   ] Large failure');
    expect(pretty.stdout).toMatch(/… \[cut: \d+ bytes\]\n$/);
    expect(pretty.stdout).not.toContain('small and filtered out');
    const json = await tail(['--json', '--level', 'error', '--max-line', '1KiB']);
    const lines = json.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] as string)).toMatchObject({ level: 'error', message: 'Large failure', detail: big });
  });

  it('is not held back by one event stamped in the future: later events are still printed with --follow', async () => {
    const now = Date.now();
    await put('web-1/2026-11-28', [
      { timestamp: now + 3_600_000, message: record(now + 3_600_000, 'info', 'from a clock an hour ahead') },
    ]);
    const running = startCli(
      ['tail', '--group', GROUP, '--endpoint', cw.url, '--follow', '--interval', '20ms'],
      AWS_ENV,
    );
    await running.waitForStdout((out) => out.includes('from a clock an hour ahead'));
    await put('web-1/2026-11-28', [{ timestamp: Date.now(), message: record(Date.now(), 'info', 'now, after it') }]);
    await running.waitForStdout((out) => out.includes('now, after it'));
    running.child.kill('SIGINT');
    expect(await running.exited).toBe(0);
    // The future event once: the overlapping polls download it again and drop it by its id.
    expect(running.stdout().split('from a clock an hour ahead')).toHaveLength(2);
  });

  it('finds the endpoint in AWS_ENDPOINT_URL_CLOUDWATCH_LOGS without --endpoint', async () => {
    await seed();
    const { code, stdout, stderr } = await runCli(['tail', '--group', GROUP, '--json'], '', {
      ...AWS_ENV,
      AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: cw.url,
    });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout.trimEnd().split('\n')).toHaveLength(4);
  });

  it('exits 1 naming the group when it does not exist', async () => {
    const { code, stderr } = await runCli(['tail', '--group', '/no/such/group', '--endpoint', cw.url], '', AWS_ENV);
    expect(code).toBe(1);
    expect(stderr).toContain('dashtam-logs: log group "/no/such/group" not found (ResourceNotFoundException');
  });

  it('exits 1 after its retries when the endpoint keeps failing', async () => {
    cw.faults.inject({ kind: 'server_error', operations: ['FilterLogEvents'] });
    const { code, stderr } = await tail(['--max-retries', '2']);
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /FilterLogEvents on "\/dashtam\/production\/app" failed after 2 retries: ServiceUnavailableException/,
    );
    expect(cw.calls('FilterLogEvents')).toBe(3);
  });
});

describe('dashtam-logs tail command line', () => {
  it('prints help with --help and exits 0', async () => {
    const { code, stdout } = await runCli(['tail', '--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('Usage: dashtam-logs tail --group G [--stream-prefix P] [--since 15m] [--follow]');
    expect(stdout).toContain('--trace-id T');
  });

  it('says what was wrong and what is accepted, and exits 2, for a bad command line', async () => {
    const cases: [string[], string][] = [
      [['tail'], 'tail needs --group, the log group to read, e.g. --group /dashtam/production/app'],
      [['tail', '--group', 'a b'], '--group "a b" is not a log group name; accepted: 1 to 512 characters'],
      [['tail', '--group', 'g', '--since', 'yesterday'], '--since "yesterday" is not a duration or a time; accepted:'],
      [['tail', '--group', 'g', '--since', '2026-13-45'], '--since "2026-13-45" is not a valid time'],
      [['tail', '--group', 'g', '--follow', '--interval', '0s'], '--interval "0s" is not a duration'],
      [['tail', '--group', 'g', '--interval', '1s'], '--interval only applies with --follow'],
      [['tail', '--group', 'g', '--overlap', '1s'], '--overlap only applies with --follow'],
      [['tail', '--group', 'g', '--follow', '--overlap', '5'], '--overlap "5" is not a duration'],
      [['tail', '--group', 'g', '--level', 'fatal'], '--level "fatal" is not a level'],
      [['tail', '--group', 'g', '--trace-id', 'a b'], '--trace-id "a b" is not a trace id'],
      [['tail', '--group', 'g', '--endpoint', 'localhost:4566'], '--endpoint "localhost:4566" is not a URL'],
      [
        ['tail', '--group', 'g', '--filter-pattern', 'ERROR', '--level', 'error'],
        '--filter-pattern "ERROR" is not a JSON pattern ({ ... }), so it cannot be joined with --level, --trace-id or --grep',
      ],
      [
        ['tail', '--group', 'g', '--filter-pattern', `{ $.m = "${'x'.repeat(1100)}" }`],
        'the filter pattern for CloudWatch is 1112 characters long; accepted: at most 1024',
      ],
      [['tail', '--group', 'g', '--max-retries', '1.5'], '--max-retries "1.5" is not a number of retries'],
      [
        ['tail', '--group', 'g', '--tail'],
        'unknown flag --tail for tail; accepted: --level, --grep, --help, --raw, --group',
      ],
    ];
    for (const [args, message] of cases) {
      const { code, stdout, stderr } = await runCli(args);
      expect(code, args.join(' ')).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toContain(`dashtam-logs: ${message}`);
      expect(stderr).toContain('See: dashtam-logs tail --help');
    }
  });
});

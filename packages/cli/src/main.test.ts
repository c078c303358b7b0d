import { PassThrough, Writable } from 'node:stream';
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  PutLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { LocalCloudWatchLogs } from '@dashtam/cloudwatch-local';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseDuration, parseSince } from './duration.js';
import { useColors } from './line-printer.js';
import { type CliIo, main } from './main.js';
import { matches, parseRecord } from './record-filter.js';

class Sink extends Writable {
  text = '';
  isTTY = false;
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

function io(input = '', env: NodeJS.ProcessEnv = {}, signal = new AbortController().signal) {
  const stdin = new PassThrough();
  stdin.end(input);
  const stdout = new Sink();
  const stderr = new Sink();
  return { stdin, stdout, stderr, env, signal } satisfies CliIo;
}

const rec = (level: string, message: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ timestamp: new Date().toISOString(), level, message, trace_id: 't-1', ...extra });

describe('main (in process)', () => {
  it('pretty-prints records, filters them, and passes other lines through', async () => {
    const input = ['plain', rec('debug', 'd'), rec('error', 'e', { user_id: 'u-1' }), '{"a":1}', '[1,2]', ''].join(
      '\n',
    );
    const out = io(input);
    expect(await main(['pretty', '--level', 'info', '--grep', 'user_id=u-1'], out)).toBe(0);
    const lines = out.stdout.text.split('\n');
    expect(lines[0]).toBe('plain');
    expect(lines[1]).toMatch(/\[ERROR {3}\] e$/);
    expect(out.stdout.text).not.toContain('] d');
    expect(out.stdout.text).toContain('{"a":1}\n[1,2]\n');
  });

  it('stops reading when the signal aborts (Ctrl-C)', async () => {
    const controller = new AbortController();
    const stdin = new PassThrough();
    const stdout = new Sink();
    const done = main(['pretty'], { stdin, stdout, stderr: new Sink(), env: {}, signal: controller.signal });
    stdin.write(`${rec('info', 'first')}\n`);
    controller.abort();
    expect(await done).toBe(0);
  });

  it('prints help and the version, and refuses bad command lines with exit 2', async () => {
    for (const args of [['--help'], ['help'], ['help', 'tail'], ['tail', '-h'], ['pretty', '--help']]) {
      const out = io();
      expect(await main(args, out)).toBe(0);
      expect(out.stdout.text).toContain('Usage: dashtam-logs');
    }
    const version = io();
    expect(await main(['--version'], version)).toBe(0);
    expect(version.stdout.text).toMatch(/^\d+\.\d+\.\d+/);
    const bad = io();
    expect(await main(['pretty', '--level=loud'], bad)).toBe(2);
    expect(bad.stderr.text).toContain('See: dashtam-logs pretty --help');
    const none = io();
    expect(await main([], none)).toBe(2);
    expect(none.stderr.text).toContain('See: dashtam-logs --help');
  });

  it('refuses every malformed tail flag with exit 2 and a message naming it', async () => {
    const cases = [
      ['tail'],
      ['tail', '--group', 'a b'],
      ['tail', '--group', 'g', '--since', 'yesterday'],
      ['tail', '--group', 'g', '--since', '2026-13-45'],
      ['tail', '--group', 'g', '--follow', '--interval', '0s'],
      ['tail', '--group', 'g', '--interval', '1s'],
      ['tail', '--group', 'g', '--level', 'fatal'],
      ['tail', '--group', 'g', '--grep', '=x'],
      ['tail', '--group', 'g', '--trace-id', 'a b'],
      ['tail', '--group', 'g', '--endpoint', 'localhost:4566'],
      ['tail', '--group', 'g', '--max-retries', '100'],
      ['tail', '--group', 'g', '--tail'],
      ['tail', '--group'],
      ['tail', 'extra'],
      ['tail', '--json=yes'],
    ];
    for (const args of cases) {
      const out = io();
      expect(await main(args, out), args.join(' ')).toBe(2);
      expect(out.stderr.text).toMatch(/^dashtam-logs: .+\nSee: dashtam-logs tail --help\n$/);
    }
  });

  it('colours by NO_COLOR, FORCE_COLOR and the terminal', () => {
    expect(useColors({}, true)).toBe(true);
    expect(useColors({}, false)).toBe(false);
    expect(useColors({ NO_COLOR: '1' }, true)).toBe(false);
    expect(useColors({ NO_COLOR: '' }, true)).toBe(true);
    expect(useColors({ FORCE_COLOR: '1' }, false)).toBe(true);
    expect(useColors({ FORCE_COLOR: '0' }, false)).toBe(false);
  });

  it('parses durations and --since times, and says what is accepted', () => {
    expect(parseDuration('--interval', '500ms')).toBe(500);
    expect(parseDuration('--since', '15m')).toBe(900_000);
    expect(parseDuration('--since', '1w')).toBe(604_800_000);
    expect(() => parseDuration('--since', '15')).toThrow('--since "15" is not a duration; accepted: a whole number');
    expect(parseSince('2h', 10_000_000)).toBe(10_000_000 - 7_200_000);
    expect(parseSince('2026-11-28T10:00:00Z', 0)).toBe(Date.parse('2026-11-28T10:00:00Z'));
  });

  it('recognises records and matches filters on their fields', () => {
    expect(parseRecord('{"level":"info","message":"m"}')).toBeUndefined(); // no timestamp
    expect(parseRecord('{"timestamp":"x","level":"info","message":"m"}')).toBeUndefined();
    expect(parseRecord('{"timestamp":"2026-11-28T10:00:00Z","level":"notice","message":"m"}')).toBeUndefined();
    expect(parseRecord('{"broken"')).toBeUndefined();
    expect(parseRecord('null')).toBeUndefined();
    const parsed = parseRecord(rec('warning', 'm', { n: 3, tags: ['a'] }));
    expect(parsed).toBeDefined();
    if (parsed === undefined) return;
    expect(matches(parsed, { grep: [{ key: 'n', value: '3' }] })).toBe(true);
    expect(matches(parsed, { grep: [{ key: 'tags', value: '["a"]' }] })).toBe(true);
    expect(matches(parsed, { grep: [{ key: 'missing', value: 'undefined' }] })).toBe(false);
    expect(matches(parsed, { traceId: 't-2' })).toBe(false);
    expect(matches(parsed, { level: 'error' })).toBe(false);
  });
});

describe('main tail (in process, against the local CloudWatch Logs endpoint)', () => {
  let cw: LocalCloudWatchLogs;
  let client: CloudWatchLogsClient;
  const group = '/dashtam/test/app';

  beforeEach(async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'local');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'local');
    vi.stubEnv('AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED', 'true');
    cw = await LocalCloudWatchLogs.start();
    client = new CloudWatchLogsClient({
      endpoint: cw.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    await client.send(new CreateLogGroupCommand({ logGroupName: group }));
    await client.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: 's/1' }));
    const now = Date.now();
    await client.send(
      new PutLogEventsCommand({
        logGroupName: group,
        logStreamName: 's/1',
        logEvents: [
          { timestamp: now - 2000, message: rec('info', 'one') },
          { timestamp: now - 1000, message: 'not a record\n' },
          { timestamp: now - 500, message: rec('error', 'two', { trace_id: 't-9' }) },
        ],
      }),
    );
  });

  afterEach(async () => {
    vi.unstubAllEnvs();
    client.destroy();
    await cw.stop();
  });

  it('reads the group pretty, with --json, and with filters; retries throttling', async () => {
    cw.faults.inject({ kind: 'throttle', count: 2, operations: ['FilterLogEvents'] });
    const pretty = io();
    expect(await main(['tail', '--group', group, '--endpoint', cw.url, '--region', 'us-east-1'], pretty)).toBe(0);
    expect(pretty.stdout.text).toMatch(/\[INFO {4}\] one\n.*\nnot a record\n.*\[ERROR {3}\] two\n/s);
    const json = io();
    expect(await main(['tail', '--group', group, '--endpoint', cw.url, '--json', '--trace-id', 't-9'], json)).toBe(0);
    expect(
      json.stdout.text
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l).message),
    ).toEqual(['two']);
  });

  it('skips the metrics streams (EMF documents) unless --stream-prefix names them', async () => {
    const emf =
      '{"_aws":{"Timestamp":1,"CloudWatchMetrics":[{"Namespace":"N","Dimensions":[[]],"Metrics":[{"Name":"m"}]}]},"m":1}';
    await client.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: 'metrics/i-1/2026-11-29' }));
    await client.send(
      new PutLogEventsCommand({
        logGroupName: group,
        logStreamName: 'metrics/i-1/2026-11-29',
        logEvents: [{ timestamp: Date.now() - 700, message: emf }],
      }),
    );
    const all = io();
    expect(await main(['tail', '--group', group, '--endpoint', cw.url, '--json'], all)).toBe(0);
    expect(all.stdout.text).toContain('"message":"two"');
    expect(all.stdout.text).not.toContain('_aws');
    const metrics = io();
    expect(
      await main(['tail', '--group', group, '--endpoint', cw.url, '--json', '--stream-prefix', 'metrics/'], metrics),
    ).toBe(0);
    expect(metrics.stdout.text.trimEnd()).toBe(emf);
  });

  it('follows until the signal aborts, and reports a missing group or a failing endpoint with exit 1', async () => {
    const controller = new AbortController();
    const out = io('', {}, controller.signal);
    const originalWrite = out.stdout._write.bind(out.stdout);
    out.stdout._write = (chunk, enc, done) => {
      originalWrite(chunk, enc, done);
      if (out.stdout.text.includes('two')) controller.abort();
    };
    const args = ['tail', '--group', group, '--endpoint', cw.url, '--follow', '--interval', '10ms', '--json'];
    expect(await main(args, out)).toBe(0);
    const missing = io();
    expect(await main(['tail', '--group', '/nope', '--endpoint', cw.url], missing)).toBe(1);
    expect(missing.stderr.text).toContain('log group "/nope" not found');
    cw.faults.inject({ kind: 'server_error', operations: ['FilterLogEvents'] });
    const failing = io();
    expect(await main(['tail', '--group', group, '--endpoint', cw.url, '--max-retries', '1'], failing)).toBe(1);
    expect(failing.stderr.text).toContain('failed after 1 retries: ServiceUnavailableException');
  });
});

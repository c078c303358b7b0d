import { readFileSync } from 'node:fs';
import { ConsoleSink } from '@dashtam/adapter-console';
import { fanOut, Logger, type LoggerProtocol } from '@dashtam/logger-protocol';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const fixture = readFileSync(new URL('fixtures/mixed.log', import.meta.url), 'utf8');
const ANSI = /\u001b\[/;

// The same calls, once, through one logger over two console sinks (JSON and pretty): each record
// reaches both with one clock and one trace id.
async function logBothWays(calls: (logger: LoggerProtocol) => void): Promise<{ json: string; pretty: string }> {
  const out = { json: '', pretty: '' };
  let time = Date.parse('2026-11-28T10:00:00.000Z');
  const sink = (format: 'json' | 'pretty') =>
    new ConsoleSink({
      format,
      colors: false,
      destination: {
        write: (chunk: string) => {
          out[format] += chunk;
          return true;
        },
      },
    });
  const logger = new Logger({
    sink: fanOut(sink('json'), sink('pretty')),
    level: 'debug',
    clock: () => {
      time += 125;
      return time;
    },
    traceContext: () => '4bf92f3577b34da6a3ce929d0e0e4736',
  });
  calls(logger);
  await logger.close();
  return out;
}

describe('dashtam-logs pretty', () => {
  it('prints JSON records exactly as the console adapter prints them in pretty format', async () => {
    // One error object for both runs, so both have the same stack.
    const error = new Error('connect ECONNREFUSED', { cause: new Error('socket closed') });
    const { json, pretty } = await logBothWays((logger) => {
      logger.debug('Request received', { request_path: '/health', http_method: 'GET' });
      logger.bind({ request_path: '/users' }).info('User registered', { user_id: 'u-1', password: 'hunter2hunter2' });
      logger.warning('Rate limit approaching', { current_rate: 45, limit: 50, tags: ['a', 'b'] });
      logger.error('Database connection failed', { error, retry_count: 3 });
      logger.critical('Out of memory', { heap_mb: 2048 });
    });
    expect(json.split('\n').filter(Boolean)).toHaveLength(5);
    const { code, stdout, stderr } = await runCli(['pretty'], json);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toBe(pretty);
    expect(stdout).not.toContain('hunter2');
  });

  it('passes lines that are not records through untouched, in place', async () => {
    const { code, stdout } = await runCli(['pretty'], fixture);
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines.slice(0, 2)).toEqual(['> @dashtam/api@0.0.0 start', '> node dist/main.js']);
    expect(lines).toContain('not json at all { but has a brace');
    expect(lines).toContain('{"level":30,"time":1700000000000,"msg":"a pino line, not ours"}');
    expect(lines[2]).toBe('2026-11-28T10:00:00.000Z [INFO    ] API listening');
    expect(stdout).toContain('[WARNING ] Request completed');
    expect(stdout).toContain('      Error: Provider returned 503\n          at sync (file:///app/sync.js:10:5)');
  });

  it('shows escape sequences, bidi and zero-width characters of lines that are not records escaped, unless --raw', async () => {
    const hostile = [
      'title \u001b]0;pwned\u0007 then clear \u001b[2J\u001b[H',
      'bidi \u202eevil\u202c zero\u200bwidth bom\ufeff nel\u0085 tab\tstays',
    ].join('\n');
    const { code, stdout } = await runCli(['pretty'], `${hostile}\n`);
    expect(code).toBe(0);
    expect(stdout).toBe(
      [
        'title \\u001b]0;pwned\\u0007 then clear \\u001b[2J\\u001b[H',
        'bidi \\u202eevil\\u202c zero\\u200bwidth bom\\ufeff nel\\u0085 tab\tstays',
        '',
      ].join('\n'),
    );
    expect(stdout).not.toMatch(/[\u001b\u0007\u202e\u200b\ufeff\u0085]/);
    const raw = await runCli(['pretty', '--raw'], `${hostile}\n`);
    expect(raw.code).toBe(0);
    expect(raw.stdout).toBe(`${hostile}\n`);
  });

  it('keeps only records at --level or above', async () => {
    const { code, stdout } = await runCli(['pretty', '--level', 'ERROR'], fixture);
    expect(code).toBe(0);
    const records = stdout.split('\n').filter((l) => /^\d{4}-/.test(l));
    expect(records).toEqual([
      '2026-11-28T10:00:03.000Z [ERROR   ] Account sync failed',
      '2026-11-28T10:00:04.000Z [CRITICAL] Process uncaught exception',
    ]);
    expect(stdout).toContain('not json at all');
    const warn = await runCli(['pretty', '--level', 'warn'], fixture);
    expect(warn.stdout.split('\n').filter((l) => /^\d{4}-/.test(l))).toHaveLength(3);
  });

  it('keeps only records whose fields match every --grep key=value', async () => {
    const one = await runCli(['pretty', '--grep', 'user_id=u-1'], fixture);
    expect(one.stdout.split('\n').filter((l) => /^\d{4}-/.test(l))).toEqual([
      '2026-11-28T10:00:02.500Z [WARNING ] Request completed',
      '2026-11-28T10:00:04.000Z [CRITICAL] Process uncaught exception',
    ]);
    const both = await runCli(['pretty', '--grep', 'user_id=u-1', '--grep', 'status_code=409'], fixture);
    expect(both.stdout.split('\n').filter((l) => /^\d{4}-/.test(l))).toEqual([
      '2026-11-28T10:00:02.500Z [WARNING ] Request completed',
    ]);
    const withEquals = await runCli(['pretty', '--grep', 'url=http://127.0.0.1:3000'], fixture);
    expect(withEquals.stdout).toContain('API listening');
  });

  it('colours only when asked: not on a pipe, not with NO_COLOR, yes with FORCE_COLOR', async () => {
    const pipe = await runCli(['pretty'], fixture);
    expect(pipe.stdout).not.toMatch(ANSI);
    const forced = await runCli(['pretty'], fixture, { FORCE_COLOR: '1' });
    expect(forced.stdout).toMatch(ANSI);
    const refused = await runCli(['pretty'], fixture, { FORCE_COLOR: '1', NO_COLOR: '1' });
    expect(refused.stdout).not.toMatch(ANSI);
    // Lines that are not records are never coloured.
    expect(forced.stdout.split('\n')[0]).toBe('> @dashtam/api@0.0.0 start');
  });

  it('handles a last line with no newline, CRLF input and empty input', async () => {
    const last = fixture.trimEnd().split('\n').at(-1) ?? '';
    const noNewline = await runCli(['pretty'], last);
    expect(noNewline.stdout).toMatch(/\[CRITICAL\] Process uncaught exception\n {4}user_id=u-1 trace_id=\S+\n$/);
    const crlf = await runCli(['pretty'], `${last}\r\nplain\r\n`);
    expect(crlf.stdout.endsWith('\nplain\n')).toBe(true);
    expect((await runCli(['pretty'], '')).stdout).toBe('');
  });

  it('cuts a line longer than --max-line with a marker, reading it in pieces, and goes on', async () => {
    const first = fixture.split('\n')[2] ?? '';
    const huge = `{"timestamp":"2026-11-28T10:00:00.000Z","level":"info","message":"x${'é'.repeat(1_500_000)}"}`;
    const size = Buffer.byteLength(huge);
    const { code, stdout, stderr } = await runCli(['pretty', '--max-line', '64KiB'], `${first}\n${huge}\r\n${first}\n`);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[0]).toBe('2026-11-28T10:00:00.000Z [INFO    ] API listening');
    // 65,536 bytes would split an é: the cut is at the character before it.
    const kept = huge.slice(0, 32_801);
    expect(Buffer.byteLength(kept)).toBe(65_535);
    expect(lines).toContain(`${kept} … [cut: ${size - 65_535} bytes]`);
    expect(lines.filter((l) => l.includes('API listening'))).toHaveLength(2);
    expect(stdout.length).toBeLessThan(70_000);
    // The default (1 MiB) prints a line under it whole.
    const whole = await runCli(['pretty'], `${huge.slice(0, 100_000)}\n`);
    expect(whole.stdout).toBe(`${huge.slice(0, 100_000)}\n`);
  });

  it('leaves out EMF metric documents when a filter is set, as tail does', async () => {
    const emf =
      '{"_aws":{"Timestamp":1764324000000,"CloudWatchMetrics":[{"Namespace":"Dashtam/testing","Dimensions":[[]],"Metrics":[{"Name":"orders_placed","Unit":"Count"}]}]},"orders_placed":1}';
    const input = `${fixture}${emf}\n`;
    for (const args of [
      ['--level', 'warning'],
      ['--grep', 'user_id=u-1'],
    ]) {
      const filtered = await runCli(['pretty', ...args], input);
      expect(filtered.code).toBe(0);
      expect(filtered.stdout, args.join(' ')).not.toContain('_aws');
      // Other lines that are not records still pass through.
      expect(filtered.stdout).toContain('not json at all');
    }
    const all = await runCli(['pretty'], input);
    expect(all.stdout).toContain(`${emf}\n`);
  });

  it('prints help with --help and exits 0', async () => {
    for (const args of [
      ['pretty', '--help'],
      ['pretty', '-h'],
      ['help', 'pretty'],
    ]) {
      const { code, stdout } = await runCli(args);
      expect(code).toBe(0);
      expect(stdout).toContain('Usage: dashtam-logs pretty [--level L] [--grep key=value]...');
      expect(stdout).toContain('NO_COLOR');
    }
    const main = await runCli(['--help']);
    expect(main.code).toBe(0);
    expect(main.stdout).toContain('Usage: dashtam-logs <command> [flags]');
  });

  it('says what was wrong and what is accepted, and exits 2, for a bad command line', async () => {
    const cases: [string[], string][] = [
      [['pretty', '--colour'], 'unknown flag --colour for pretty; accepted: --level, --grep, --help, --raw'],
      [['pretty', '--level', 'loud'], '--level "loud" is not a level; accepted: debug, info, warning, error, critical'],
      [['pretty', '--grep', 'user_id'], '--grep "user_id" is not key=value; accepted: a top-level field'],
      [['pretty', '--level'], "flag '--level <value>' argument missing (pretty)"],
      [['pretty', 'file.log'], 'unexpected argument "file.log" for pretty: it takes flags only'],
      [['pretty', '--max-line', '1MB'], '--max-line "1MB" is not a line length; accepted: 1024 bytes to 64MiB'],
      [['pretty', '--max-line', '100'], '--max-line "100" is not a line length'],
      [['prety'], 'unknown command "prety"; accepted: pretty, spool, tail'],
      [[], 'a command is needed: pretty, spool or tail'],
    ];
    for (const [args, message] of cases) {
      const { code, stdout, stderr } = await runCli(args);
      expect(code, args.join(' ')).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toContain(`dashtam-logs: ${message}`);
      expect(stderr).toMatch(/See: dashtam-logs (pretty )?--help/);
    }
  });
});

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import type { SpoolDirReport, SpoolReport } from '@dashtam/spool';
import { describe, expect, it } from 'vitest';
import { defaultSpoolDir, parseSpoolArgs } from './args.js';
import { UsageError } from './errors.js';
import { type CliIo, main } from './main.js';
import { age, formatSpoolReport, size } from './spool-report.js';

class Sink extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

function io(env: NodeJS.ProcessEnv = {}) {
  const stdin = new PassThrough();
  stdin.end();
  return { stdin, stdout: new Sink(), stderr: new Sink(), env, signal: new AbortController().signal } satisfies CliIo;
}

const T = Date.parse('2026-12-07T06:00:00.000Z');
const cw = { logGroup: '/dashtam/production/app', stream: { prefix: 'web-1' } };

function dir(over: Partial<SpoolDirReport>): SpoolDirReport {
  return {
    path: '/spool/cloudwatch-10-aa',
    adoptedBy: null,
    kind: 'cloudwatch',
    route: 'cloudwatch|eu-west-1|',
    destination: cw,
    label: '/dashtam/production/app web-1/<day>',
    pid: 10,
    hostname: 'web-1',
    created: T - 3_600_000,
    state: 'alive',
    records: 0,
    bytes: 0,
    torn: 0,
    oldest: null,
    newest: null,
    diskBytes: 0,
    segments: 1,
    ...over,
  };
}

describe('dashtam-logs spool: command line', () => {
  it('defaults to the container directory: $LOG_SPOOL_DIR, else <tmpdir>/dashtam-spool', () => {
    expect(parseSpoolArgs([], {})).toEqual({ dir: join(tmpdir(), 'dashtam-spool'), json: false });
    expect(parseSpoolArgs([], { LOG_SPOOL_DIR: ' /var/spool/app ' })).toEqual({ dir: '/var/spool/app', json: false });
    expect(defaultSpoolDir({ LOG_SPOOL_DIR: '  ' })).toBe(join(tmpdir(), 'dashtam-spool'));
    expect(parseSpoolArgs(['/mnt/spool', '--json'], { LOG_SPOOL_DIR: '/var/spool/app' })).toEqual({
      dir: '/mnt/spool',
      json: true,
    });
    expect(parseSpoolArgs(['-h'], {})).toBe('help');
  });

  it('refuses two directories, an empty one and an unknown flag, naming what is accepted', () => {
    expect(() => parseSpoolArgs(['a', 'b'], {})).toThrow(
      /spool takes at most one directory, got 2: "a", "b"; accepted: dashtam-logs spool \[dir\] \[--json\]/,
    );
    expect(() => parseSpoolArgs([''], {})).toThrow(/spool directory "" is not a path; accepted: a directory path/);
    expect(() => parseSpoolArgs(['--follow'], {})).toThrow(/unknown flag --follow for spool; accepted: --json, --help/);
    expect(() => parseSpoolArgs(['--json=yes'], {})).toThrow(UsageError);
  });

  it('exits 2 on a bad command line and 1 when the directory cannot be read, saying which', async () => {
    const bad = io();
    expect(await main(['spool', 'a', 'b'], bad)).toBe(2);
    expect(bad.stderr.text).toBe(
      'dashtam-logs: spool takes at most one directory, got 2: "a", "b"; accepted: dashtam-logs spool [dir] [--json]\nSee: dashtam-logs spool --help\n',
    );
    const root = mkdtempSync(join(tmpdir(), 'cli-spool-'));
    const missing = io({ LOG_SPOOL_DIR: join(root, 'nope') });
    expect(await main(['spool'], missing)).toBe(1);
    expect(missing.stderr.text).toBe(
      `dashtam-logs: spool directory ${join(root, 'nope')} does not exist (LOG_SPOOL_DIR or the [dir] argument names the spool)\n`,
    );
    writeFileSync(join(root, 'file'), 'x');
    const file = io();
    expect(await main(['spool', join(root, 'file')], file)).toBe(1);
    expect(file.stderr.text).toContain(`spool directory ${join(root, 'file')} is not a directory`);
    expect(file.stdout.text).toBe('');
  });

  it('prints help for spool --help and help spool, and names spool among the commands', async () => {
    for (const args of [
      ['spool', '--help'],
      ['help', 'spool'],
    ]) {
      const out = io();
      expect(await main(args, out)).toBe(0);
      expect(out.stdout.text).toMatch(/^Usage: dashtam-logs spool \[dir\] \[--json\]/);
    }
    const out = io();
    expect(await main(['spol'], out)).toBe(2);
    expect(out.stderr.text).toContain('accepted: pretty, spool, tail');
  });

  it('prints an empty directory as holding nothing, and as JSON with --json', async () => {
    const root = mkdtempSync(join(tmpdir(), 'cli-spool-'));
    const text = io();
    expect(await main(['spool', root], text)).toBe(0);
    expect(text.stdout.text).toBe(
      `Spool ${root} (read only: nothing is shipped or changed)\n\nNo spool directories: nothing waits to be shipped.\n`,
    );
    const json = io();
    expect(await main(['spool', root, '--json'], json)).toBe(0);
    expect(JSON.parse(json.stdout.text)).toMatchObject({ root, dirs: [], destinations: [], total: { records: 0 } });
  });
});

describe('dashtam-logs spool: the report', () => {
  it('prints a line per destination, each directory with its state, and the total', () => {
    const a = dir({ records: 1200, bytes: 70_000, oldest: T - 90_000, newest: T - 1000, diskBytes: 80_000 });
    const adopted = dir({
      path: '/spool/cloudwatch-10-aa/adopted/cloudwatch-7-bb',
      adoptedBy: '/spool/cloudwatch-10-aa',
      pid: 7,
      state: 'gone',
      records: 3,
      bytes: 150,
      torn: 2,
      oldest: T - 7_200_000,
      newest: T - 7_100_000,
      diskBytes: 300,
    });
    const otlp = dir({
      path: '/spool/otlp-10-cc',
      kind: 'otlp',
      route: 'otlp|http://collector:4318/v1/logs',
      destination: { endpoint: 'http://collector:4318/v1/logs' },
      label: 'http://collector:4318/v1/logs',
      state: 'closed',
      pid: 9,
      hostname: 'web-2',
    });
    const report: SpoolReport = {
      root: '/spool',
      inspectedAt: T,
      dirs: [a, adopted, otlp],
      destinations: [
        {
          kind: 'cloudwatch',
          route: a.route,
          destination: cw,
          label: a.label,
          dirs: 2,
          records: 1203,
          bytes: 70_150,
          torn: 2,
          oldest: T - 7_200_000,
          newest: T - 1000,
        },
        {
          kind: 'otlp',
          route: otlp.route,
          destination: otlp.destination,
          label: otlp.label,
          dirs: 1,
          records: 0,
          bytes: 0,
          torn: 0,
          oldest: null,
          newest: null,
        },
      ],
      total: {
        dirs: 3,
        records: 1203,
        bytes: 70_150,
        torn: 2,
        oldest: T - 7_200_000,
        newest: T - 1000,
        diskBytes: 80_300,
      },
    };
    expect(formatSpoolReport(report)).toBe(`Spool /spool (read only: nothing is shipped or changed)

Waiting per destination:
  cloudwatch /dashtam/production/app web-1/<day> (2 directories): 1,203 records waiting, 68.5 KiB, oldest 2026-12-07T04:00:00.000Z (2h 0m ago), 2 torn records (not shipped)
  otlp http://collector:4318/v1/logs (1 directory): nothing waiting

Directories:
  cloudwatch-10-aa
    alive (pid 10 on web-1): its process ships it
    cloudwatch /dashtam/production/app web-1/<day>: 1,200 records waiting, 68.4 KiB, oldest 2026-12-07T05:58:30.000Z (1m 30s ago)
  cloudwatch-10-aa/adopted/cloudwatch-7-bb
    gone (pid 7 on web-1): adopted by cloudwatch-10-aa, whose process ships it
    cloudwatch /dashtam/production/app web-1/<day>: 3 records waiting, 150 B, oldest 2026-12-07T04:00:00.000Z (2h 0m ago), 2 torn records (not shipped)
  otlp-10-cc
    closed (pid 9 on web-2): a sink of the same route (running, or the next to start) adopts and ships it
    otlp http://collector:4318/v1/logs: nothing waiting

Total (3 directories): 1,203 records waiting, 68.5 KiB, oldest 2026-12-07T04:00:00.000Z (2h 0m ago), 2 torn records (not shipped); 78.4 KiB of segment files on disk
`);
  });

  it('writes sizes in binary units and ages in their two largest units', () => {
    expect([0, 1023, 1024, 1536, 8 << 20, 256 * 1024 ** 3].map(size)).toEqual([
      '0 B',
      '1023 B',
      '1.0 KiB',
      '1.5 KiB',
      '8.0 MiB',
      '256.0 GiB',
    ]);
    expect([-5, 999, 45_000, 725_000, 12_000_000, 190_000_000].map(age)).toEqual([
      '0s',
      '0s',
      '45s',
      '12m 5s',
      '3h 20m',
      '2d 4h',
    ]);
  });
});

// `dashtam-logs spool` as a user runs it, on a spool directory written here byte by byte from the
// format's description (packages/spool/src/frame.ts), not with the spool's own writer: the CLI
// must read what the format says, and leave every byte and mtime as it found them.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

// No process has this pid (above Linux's largest pid_max): its owner is gone.
const GONE_PID = 4_194_999;
const T = Date.now() - 30 * 60_000;

// A block: `#<payload bytes> <crc32, 8 hex> <records>\n` then `<time> <level> <length> <line>\n` per record.
const text = (r: { time: number; line: string }) => `${r.time} info ${r.line.length} ${r.line}\n`;

function block(records: readonly { time: number; line: string }[]): Buffer {
  const payload = Buffer.from(records.map(text).join(''), 'utf8');
  const sum = (crc32(payload) >>> 0).toString(16).padStart(8, '0');
  return Buffer.concat([Buffer.from(`#${payload.length} ${sum} ${records.length}\n`, 'latin1'), payload]);
}

function records(from: number, count: number): { time: number; line: string }[] {
  return Array.from({ length: count }, (_, i) => ({
    time: from + i * 1000,
    line: JSON.stringify({ level: 'info', message: `record ${i}`, note: 'héllo' }),
  }));
}

function spoolDir(dir: string, owner: Record<string, unknown>, segments: Buffer[][]): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'owner.json'),
    JSON.stringify({
      version: 1,
      token: dir,
      hostname: hostname(),
      startTicks: null,
      bootId: null,
      created: T,
      ...owner,
    }),
  );
  segments.forEach((blocks, i) => {
    writeFileSync(join(dir, `${String(i + 1).padStart(8, '0')}.seg`), Buffer.concat(blocks));
  });
}

function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()) {
    const path = join(dir, name);
    const stat = statSync(path);
    out[name] = `${stat.mtimeMs} ${stat.isFile() ? readFileSync(path).toString('base64') : 'dir'}`;
  }
  return out;
}

const cloudwatch = {
  kind: 'cloudwatch',
  route: 'cloudwatch|eu-west-1|',
  destination: { logGroup: '/dashtam/production/app', stream: { prefix: 'web-1' } },
};

describe('dashtam-logs spool (the built executable)', () => {
  it('prints what waits per destination and per directory, and changes nothing', async () => {
    const root = mkdtempSync(join(tmpdir(), 'cli-spool-'));
    // This test's process owns it (alive): 5 records, the first 2 shipped (checkpoint inside the block).
    const live = join(root, `cloudwatch-${process.pid}-aa`);
    const liveBlock = block(records(T, 5));
    spoolDir(live, { ...cloudwatch, pid: process.pid }, [[liveBlock]]);
    writeFileSync(join(live, 'checkpoint'), '1 0 2\n');
    // Adopted by it: a gone process's directory, segment 1 shipped, segment 2 with a torn block.
    const adopted = join(live, 'adopted', `cloudwatch-${GONE_PID}-bb`);
    const torn = block(records(T - 60_000, 4));
    // One payload byte changed on disk: the checksum no longer matches.
    torn.writeUInt8((torn.at(-5) as number) ^ 0x01, torn.length - 5);
    const first = block(records(T - 120_000, 3));
    const second = block(records(T - 100_000, 2));
    spoolDir(adopted, { ...cloudwatch, pid: GONE_PID }, [[first], [second, torn]]);
    writeFileSync(join(adopted, 'checkpoint'), `1 ${first.length} 0\n`);
    // Another destination, closed by its owner with records left.
    spoolDir(
      join(root, `otlp-${GONE_PID}-cc`),
      {
        kind: 'otlp',
        route: 'otlp|http://collector:4318/v1/logs',
        destination: { endpoint: 'http://collector:4318/v1/logs' },
        pid: GONE_PID,
        closed: true,
      },
      [[block(records(T + 60_000, 1))]],
    );
    const before = snapshot(root);
    // What waits on disk: the live block but its 2 shipped records, and all of the adopted segment 2.
    const shipped = Buffer.byteLength(records(T, 2).map(text).join(''));
    const cwBytes = liveBlock.length - shipped + second.length + torn.length;
    const otlpBytes = block(records(T + 60_000, 1)).length;
    const iso = (t: number) => new Date(t).toISOString();

    const { code, stdout, stderr } = await runCli(['spool', root]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[0]).toBe(`Spool ${root} (read only: nothing is shipped or changed)`);
    expect(lines.find((l) => l.startsWith('  cloudwatch '))).toMatch(
      new RegExp(
        `^  cloudwatch /dashtam/production/app web-1/<day> \\(2 directories\\): 5 records waiting, ${cwBytes} B, oldest ${iso(T - 100_000)} \\(3[12]m \\d+s ago\\), 4 torn records \\(not shipped\\)$`,
      ),
    );
    expect(lines.find((l) => l.startsWith('  otlp '))).toMatch(
      new RegExp(
        `^  otlp http://collector:4318/v1/logs \\(1 directory\\): 1 record waiting, ${otlpBytes} B, oldest ${iso(T + 60_000)} \\((29|30)m \\d+s ago\\)$`,
      ),
    );
    expect(lines).toContain(`  cloudwatch-${process.pid}-aa`);
    expect(lines).toContain(`    alive (pid ${process.pid} on ${hostname()}): its process ships it`);
    expect(lines).toContain(`  cloudwatch-${process.pid}-aa/adopted/cloudwatch-${GONE_PID}-bb`);
    expect(lines).toContain(
      `    gone (pid ${GONE_PID} on ${hostname()}): adopted by cloudwatch-${process.pid}-aa, whose process ships it`,
    );
    expect(lines).toContain(
      `    closed (pid ${GONE_PID} on ${hostname()}): a sink of the same route (running, or the next to start) adopts and ships it`,
    );
    expect(lines.find((l) => l.startsWith('Total (3 directories): 6 records waiting'))).toBeDefined();
    expect(snapshot(root)).toEqual(before);

    const json = await runCli(['spool', '--json'], '', { LOG_SPOOL_DIR: root });
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout);
    expect(
      report.dirs.map((d: { state: string; records: number; torn: number }) => [d.state, d.records, d.torn]),
    ).toEqual([
      ['alive', 3, 0],
      ['gone', 2, 4],
      ['closed', 1, 0],
    ]);
    expect(report.total).toMatchObject({ dirs: 3, records: 6, torn: 4, oldest: T - 100_000, newest: T + 60_000 });
    expect(snapshot(root)).toEqual(before);
  });

  it('exits 1 naming the directory when it does not exist, 2 on a bad command line', async () => {
    const missing = join(tmpdir(), 'dashtam-spool-that-does-not-exist');
    const gone = await runCli(['spool', missing]);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toBe(
      `dashtam-logs: spool directory ${missing} does not exist (LOG_SPOOL_DIR or the [dir] argument names the spool)\n`,
    );
    const bad = await runCli(['spool', '--since', '1h']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(
      'dashtam-logs: unknown flag --since for spool; accepted: --json, --help\nSee: dashtam-logs spool --help\n',
    );
  });
});

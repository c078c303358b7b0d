import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { once } from 'node:events';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Real processes writing to stdout, a pipe whose reader (this process) starts late and then reads
// in small sips. Node makes a stdout pipe non-blocking once a program touches `process.stdout`
// (any program that has logged has), so the writer meets EAGAIN as soon as the pipe is full.
const entry = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const LINES = 20_000; // about 4.3 MB: the pipe holds 64 KiB

function child(script: string): ChildProcessByStdio<null, Readable, Readable> {
  return spawn(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `import { writeSync } from 'node:fs';
       import { writeAllSync } from ${JSON.stringify(entry)};
       const line = (i) => JSON.stringify({ i, pad: 'x'.repeat(200) }) + '\\n';
       process.stdout; // the pipe is non-blocking from here on
       ${script}`,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
}

/** Reads nothing for `startAfterMs`, then one chunk every `sipMs`. */
async function slowRead(
  proc: ChildProcessByStdio<null, Readable, Readable>,
  startAfterMs: number,
  sipMs: number,
): Promise<{ stdout: string; stderr: string; code: number | null }> {
  let stdout = '';
  let stderr = '';
  proc.stderr.setEncoding('utf8').on('data', (c: string) => {
    stderr += c;
  });
  proc.stdout.setEncoding('utf8').pause();
  setTimeout(() => {
    proc.stdout.on('data', (c: string) => {
      stdout += c;
      proc.stdout.pause();
      setTimeout(() => proc.stdout.resume(), sipMs);
    });
    proc.stdout.resume(); // paused explicitly above, so a 'data' listener alone does not start it
  }, startAfterMs);
  const [code] = await once(proc, 'close');
  return { stdout, stderr, code: code as number | null };
}

function expectEveryLine(stdout: string): void {
  const lines = stdout.split('\n');
  expect(lines.pop()).toBe('');
  expect(lines).toHaveLength(LINES);
  lines.forEach((l, i) => {
    if (JSON.parse(l).i !== i) expect.fail(`line ${i} is ${l.slice(0, 40)}`);
  });
}

describe('writeAllSync into a slow, non-blocking pipe', () => {
  it('is needed: a bare writeSync in the same setup fails with EAGAIN', async () => {
    const { stderr, code } = await slowRead(
      child(`try { for (let i = 0; i < ${LINES}; i++) writeSync(1, line(i)); }
             catch (e) { process.stderr.write(e.code); process.exit(5); }`),
      300,
      2,
    );
    expect(stderr).toBe('EAGAIN');
    expect(code).toBe(5);
  });

  it('delivers every line written one by one before process.exit()', async () => {
    const { stdout, stderr, code } = await slowRead(
      child(`for (let i = 0; i < ${LINES}; i++) writeAllSync(1, line(i));
             process.exit(3);`),
      300,
      2,
    );
    expect(stderr).toBe('');
    expect(code).toBe(3);
    expectEveryLine(stdout);
  });

  it('delivers every line of one large chunk written by an exit listener', async () => {
    const { stdout, stderr, code } = await slowRead(
      child(`const lines = [];
             for (let i = 0; i < ${LINES}; i++) lines.push(line(i));
             process.on('exit', () => writeAllSync(1, lines.join('')));
             process.exit(0);`),
      300,
      2,
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expectEveryLine(stdout);
  });

  it('gives up with FdWriteTimeoutError when the reader stops reading', async () => {
    const proc = child(`const started = performance.now();
      try { writeAllSync(1, 'x'.repeat(4_000_000), { timeoutMs: 200 }); }
      catch (e) {
        process.stderr.write(JSON.stringify({ name: e.name, code: e.code, cause: e.cause?.code, bytesWritten: e.bytesWritten,
          bytesTotal: e.bytesTotal, elapsedMs: performance.now() - started }));
      }
      process.exit(0);`);
    let stderr = '';
    proc.stderr.setEncoding('utf8').on('data', (c: string) => {
      stderr += c;
    });
    // stdout is never read, so 'close' never comes: the child's exit and the end of stderr do.
    const [[code]] = await Promise.all([once(proc, 'exit'), once(proc.stderr, 'end')]);
    proc.stdout.destroy();
    expect(code).toBe(0);
    const report = JSON.parse(stderr);
    expect(report).toMatchObject({
      name: 'FdWriteTimeoutError',
      code: 'DASHTAM_FD_WRITE_TIMEOUT',
      cause: 'EAGAIN',
      bytesTotal: 4_000_000,
    });
    expect(report.bytesWritten).toBeGreaterThan(0);
    expect(report.bytesWritten).toBeLessThan(4_000_000);
    expect(report.elapsedMs).toBeGreaterThanOrEqual(200);
  });
});

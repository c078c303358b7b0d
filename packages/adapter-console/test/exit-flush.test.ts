import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const entry = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const protocol = fileURLToPath(new URL('../../logger-protocol/dist/index.js', import.meta.url));

// A real process: lines still buffered when it exits must all reach stdout.
function runChild(script: string): Promise<{ stdout: string; code: number | null }> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (c: string) => {
    stdout += c;
  });
  return once(child, 'close').then(([code]) => ({ stdout, code: code as number | null }));
}

describe('ConsoleSink in a real process', () => {
  it('writes every buffered line when the process calls process.exit', async () => {
    const { stdout, code } = await runChild(`
      import { ConsoleSink } from ${JSON.stringify(entry)};
      import { Logger } from ${JSON.stringify(protocol)};
      const logger = new Logger({ sink: new ConsoleSink({ format: 'json' }) });
      for (let i = 0; i < 5000; i++) logger.info('line', { i });
      process.exit(3);
    `);
    expect(code).toBe(3);
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(5000);
    expect(JSON.parse(lines[4999] ?? '{}').i).toBe(4999);
  });

  it('writes every buffered line to a slow, non-blocking stdout pipe when the process calls process.exit', async () => {
    // The parent reads nothing for 300 ms (the 64 KiB pipe fills: EAGAIN), then one chunk every 2 ms.
    const child = spawn(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { ConsoleSink } from ${JSON.stringify(entry)};
         import { Logger } from ${JSON.stringify(protocol)};
         process.stdout; // Node makes the stdout pipe non-blocking here, as in any program that has logged
         const logger = new Logger({ sink: new ConsoleSink({ format: 'json' }) });
         for (let i = 0; i < 20000; i++) logger.info('line', { i, pad: 'x'.repeat(150) });
         process.exit(0);`,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (c: string) => {
      stderr += c;
    });
    child.stdout.setEncoding('utf8').pause();
    setTimeout(() => {
      child.stdout.on('data', (c: string) => {
        stdout += c;
        child.stdout.pause();
        setTimeout(() => child.stdout.resume(), 2);
      });
      child.stdout.resume();
    }, 300);
    const [code] = await once(child, 'close');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(20_000);
    expect(lines.map((l) => JSON.parse(l).i)).toEqual(Array.from({ length: 20_000 }, (_, i) => i));
  });

  it('writes every buffered line when the process ends on its own', async () => {
    const { stdout, code } = await runChild(`
      import { ConsoleSink } from ${JSON.stringify(entry)};
      import { Logger } from ${JSON.stringify(protocol)};
      const logger = new Logger({ sink: new ConsoleSink({ format: 'json', bufferSize: 1 << 20 }) });
      for (let i = 0; i < 100; i++) logger.info('line', { i });
    `);
    expect(code).toBe(0);
    expect(stdout.trim().split('\n')).toHaveLength(100);
  });
});

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { parseJsonLines } from '@dashtam/logger-protocol/testing';
import { refusingPort } from '@dashtam/otlp-local';
import { describe, expect, it } from 'vitest';

const entry = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const protocol = fileURLToPath(new URL('../../logger-protocol/dist/index.js', import.meta.url));

describe('OtlpSink at process.exit()', () => {
  it('writes every record not exported yet to stderr, synchronously', async () => {
    const port = await refusingPort();
    const child = spawn(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { OtlpSink } from ${JSON.stringify(entry)};
         import { Logger } from ${JSON.stringify(protocol)};
         const sink = new OtlpSink({ endpoint: 'http://127.0.0.1:${port}/v1/logs', serviceName: 'exit-test', exportTimeout: 50, retryBaseDelay: 10 });
         const logger = new Logger({ sink });
         for (let i = 0; i < 500; i++) logger.info('before exit', { i });
         setTimeout(() => { process.stdout.write(JSON.stringify(sink.stats()) + '\\n'); process.exit(3); }, 50);`,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH } },
    );
    let stderr = '';
    let stdout = '';
    child.stderr.setEncoding('utf8').on('data', (c: string) => {
      stderr += c;
    });
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      stdout += c;
    });
    const [code] = await once(child, 'close');
    expect(code).toBe(3);
    const lines = parseJsonLines(stderr, { mixed: true });
    const records = lines.filter((l) => l.message === 'before exit');
    expect(records.map((r) => r.i)).toEqual(Array.from({ length: 500 }, (_, i) => i));
    expect(JSON.parse(stdout)).toMatchObject({ written: 500, exported: 0, queued: 500 });
  });
});

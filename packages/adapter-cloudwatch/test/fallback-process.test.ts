import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const entry = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const protocol = fileURLToPath(new URL('../../logger-protocol/dist/index.js', import.meta.url));

describe('the stderr fallback in a real process', () => {
  it('writes every overflowed record to a piped stderr even when the process exits right after', async () => {
    // A one-event buffer: every record but the first overflows to the fallback, synchronously.
    const child = spawn(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { CloudWatchSink } from ${JSON.stringify(entry)};
         import { Logger } from ${JSON.stringify(protocol)};
         const sink = new CloudWatchSink({ logGroup: '/g', logStream: 's', endpoint: 'http://127.0.0.1:9', region: 'us-east-1',
           credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, maxBufferEvents: 1 });
         const logger = new Logger({ sink });
         for (let i = 0; i < 20000; i++) logger.info('overflow', { i, pad: 'x'.repeat(100) });
         process.exit(0);`,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let err = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (c: string) => {
      err += c;
    });
    const [code] = await once(child, 'close');
    expect(code).toBe(0);
    const records = err
      .split('\n')
      .filter((l) => l.startsWith('{') && l.includes('"message":"overflow"'))
      .map((l) => JSON.parse(l).i as number);
    // 19,999 overflowed as they were logged; the one left in the buffer is written at exit.
    expect(records).toHaveLength(20_000);
    expect(new Set(records).size).toBe(20_000);
  });

  it('writes every overflowed record to a slow, non-blocking stderr pipe and exits', async () => {
    const child = spawn(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { CloudWatchSink } from ${JSON.stringify(entry)};
         import { Logger } from ${JSON.stringify(protocol)};
         process.stderr; // Node makes the stderr pipe non-blocking here, as in any program that has logged
         const logger = new Logger({ sink: new CloudWatchSink({ logGroup: '/g', logStream: 's', endpoint: 'http://127.0.0.1:9', region: 'us-east-1',
           credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, maxBufferEvents: 1 }) });
         for (let i = 0; i < 20000; i++) logger.info('overflow', { i, pad: 'x'.repeat(100) });
         process.exit(0);`,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    // Nothing is read for 300 ms (the 64 KiB pipe fills: EAGAIN), then one chunk every 2 ms.
    let err = '';
    child.stderr.setEncoding('utf8').pause();
    setTimeout(() => {
      child.stderr.on('data', (c: string) => {
        err += c;
        child.stderr.pause();
        setTimeout(() => child.stderr.resume(), 2);
      });
      child.stderr.resume();
    }, 300);
    const [code] = await once(child, 'close');
    expect(code).toBe(0);
    const records = err
      .split('\n')
      .filter((l) => l.startsWith('{') && l.includes('"message":"overflow"'))
      .map((l) => JSON.parse(l).i as number);
    // Each record exactly once; the first, still buffered at exit, comes last (the exit drain).
    expect(records.sort((a, b) => a - b)).toEqual(Array.from({ length: 20_000 }, (_, i) => i));
  });
});

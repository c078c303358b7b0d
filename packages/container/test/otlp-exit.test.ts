import { OtlpReceiver, toDashtamRecord } from '@dashtam/otlp-local';
import { afterEach, describe, expect, it } from 'vitest';
import { containerEntry, jsonLines, runChild, startChild } from './child.js';

let receiver: OtlpReceiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

const SECRET = 'hunter2-in-the-child';

// A user's application: logs through the container and ends (the event loop empties: beforeExit).
const script = (count: number): string => `
  import { getLogger } from ${JSON.stringify(containerEntry)};
  const logger = getLogger();
  for (let i = 0; i < ${count}; i++) logger.info('from the child', { i, password: ${JSON.stringify(SECRET)} });
  logger.error('last one', { i: ${count} });
`;

for (const protocol of ['http/protobuf', 'http/json'] as const) {
  describe(`LOG_SINKS=otlp in a real process (${protocol})`, () => {
    it('exports every record to the collector before the process exits', async () => {
      receiver = await OtlpReceiver.start();
      const run = await runChild(script(300), {
        PATH: process.env.PATH,
        ENVIRONMENT: 'staging',
        LOG_SINKS: 'otlp',
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
        OTEL_EXPORTER_OTLP_HEADERS: 'x-api-key=k%3D1,x-tenant=dashtam',
        OTEL_SERVICE_NAME: 'orders-api',
      });
      expect(run.code, run.stderr).toBe(0);
      expect(jsonLines(run.stderr)).toEqual([]);
      expect(receiver.logs.map((l) => Number(Object.fromEntries(l.attributes).i))).toEqual(
        Array.from({ length: 301 }, (_, i) => i),
      );
      for (const request of receiver.requests) {
        expect(request.path).toBe('/v1/logs');
        expect(request.headers['x-api-key']).toBe('k=1');
        expect(request.headers['x-tenant']).toBe('dashtam');
        expect(request.body.includes(SECRET)).toBe(false);
      }
      const last = receiver.logs.at(-1);
      expect(last?.resource).toMatchObject({ 'service.name': 'orders-api', 'deployment.environment': 'staging' });
      expect(last && toDashtamRecord(last)).toMatchObject({ level: 'error', message: 'last one', i: 300 });
      expect(receiver.logs[0] && toDashtamRecord(receiver.logs[0])).toMatchObject({ password: '[REDACTED]' });
    });
  });
}

describe('LOG_SINKS=otlp at SIGTERM', () => {
  it('loses no record written while the signal flush waits on the collector: exported or on stderr', async () => {
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    // The first export (a full batch of 512) is held; the others are answered at once.
    receiver = await OtlpReceiver.start({ answer: (n) => ({ status: 200, ...(n === 0 ? { after: held } : {}) }) });
    const r = receiver;
    const child = startChild(
      `import { getLogger } from ${JSON.stringify(containerEntry)};
       const logger = getLogger();
       let i = 0;
       // Each record is logged, then its number printed: every printed number was logged. (Not
       // writeSync: a full stdout pipe answers EAGAIN, and the child would die of it.)
       const tick = () => { logger.info('tick', { i }); process.stdout.write('wrote ' + i++ + '\\n'); };
       while (i < 600) tick();
       setInterval(tick, 1);`,
      { PATH: process.env.PATH, ENVIRONMENT: 'staging', LOG_SINKS: 'otlp', OTEL_EXPORTER_OTLP_ENDPOINT: r.url },
    );
    let seen = '';
    child.child.stdout?.on('data', (c: string) => {
      seen += c;
    });
    // A child that dies before exporting fails the test with its stderr instead of waiting forever.
    const died = child.ended.then((run) => {
      throw new Error(`the child ended before its first export:\n${run.stderr}`);
    });
    // The first export has arrived, and the parent has read the first 600 numbers (the two come on
    // different sockets: the export can be read first, and the number at the signal must be known).
    await Promise.race([Promise.all([r.until(() => r.arrived > 0), child.waitFor('wrote 599\n')]), died]);
    died.catch(() => undefined);
    const atSignal = Math.max(...[...seen.matchAll(/wrote (\d+)/g)].map((m) => Number(m[1])));
    child.child.kill('SIGTERM');
    // The signal's flush waits for the held batch, then exports what was queued at the signal; the
    // child goes on logging 100 more records meanwhile.
    await child.waitFor(`wrote ${atSignal + 100}\n`);
    release();
    const run = await child.ended;
    expect(run.signal).toBe('SIGTERM');
    const logged = [...run.stdout.matchAll(/wrote (\d+)/g)].map((m) => Number(m[1]));
    const exported = r.logs.map((l) => Number(Object.fromEntries(l.attributes).i));
    const onStderr = jsonLines(run.stderr)
      .filter((l) => l.message === 'tick')
      .map((l) => Number(l.i));
    const found = new Set([...exported, ...onStderr]);
    // The flush's export (the second request) ends before the last record logged: some came after it.
    const flushed = Math.max(...(r.requests[1]?.logs ?? []).map((l) => Number(Object.fromEntries(l.attributes).i)));
    expect(Math.max(...logged)).toBeGreaterThan(flushed);
    expect(logged.filter((i) => !found.has(i))).toEqual([]);
  });
});

describe('LOG_SINKS=otlp with a bad OTEL_ setting', () => {
  it('stops the start with InvalidSettingError naming the variable', async () => {
    const run = await runChild(script(1), {
      PATH: process.env.PATH,
      LOG_SINKS: 'otlp',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
    });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('InvalidSettingError');
    expect(run.stderr).toContain('OTEL_EXPORTER_OTLP_PROTOCOL');
  });
});

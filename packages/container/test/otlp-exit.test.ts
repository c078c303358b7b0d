import { OtlpReceiver, toDashtamRecord } from '@dashtam/otlp-local';
import { afterEach, describe, expect, it } from 'vitest';
import { containerEntry, jsonLines, runChild } from './child.js';

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

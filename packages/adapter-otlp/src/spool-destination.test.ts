import { FallbackWriter } from '@dashtam/fd-writer/internal';
import { type Answer, OtlpReceiver, refusingPort } from '@dashtam/otlp-local';
import { afterEach, describe, expect, it } from 'vitest';
import { OtlpDestination, type OtlpDestinationSettings } from './spool-destination.js';

// The spooled OTLP sink's network half (it runs in the worker thread), against a local receiver.
let receiver: OtlpReceiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

const reports: string[] = [];
const fallback = new FallbackWriter({ write: (chunk: string) => reports.push(chunk) }, { source: 'test' });
const target = {
  resource: { 'service.name': 'orders', 'deployment.environment': 'staging' },
  scope: { name: 'scope-x' },
};
const record = (n: number, level = 'info') => ({
  line: JSON.stringify({ timestamp: '2030-01-01T00:00:00.000Z', level, message: 'm', n }),
  level,
  time: Date.UTC(2030, 0, 1),
});

function destination(url: string, over: Partial<OtlpDestinationSettings> = {}): OtlpDestination {
  return new OtlpDestination(
    {
      endpoint: `${url}/v1/logs`,
      headers: { 'x-api-key': 'k' },
      protocol: 'http/protobuf',
      exportTimeout: 10_000,
      maxExportBatchSize: 512,
      flushInterval: 1000,
      retryBaseDelay: 500,
      retryMaxDelay: 5000,
      ...over,
    },
    fallback,
  );
}

describe('OtlpDestination', () => {
  for (const protocol of ['http/protobuf', 'http/json'] as const) {
    it(`exports records with the recorded resource, marked when replayed (${protocol})`, async () => {
      receiver = await OtlpReceiver.start();
      const d = destination(receiver.url, { protocol });
      expect(await d.ship([record(1), record(2, 'error')], target, false)).toEqual({ kind: 'done', consumed: 2 });
      expect(await d.ship([record(3, 'nonsense')], target, true)).toEqual({ kind: 'done', consumed: 1 });
      expect(receiver.logs.map((l) => [l.severityText, Object.fromEntries(l.attributes).n])).toEqual([
        ['INFO', 1],
        ['ERROR', 2],
        ['INFO', 3],
      ]);
      expect(Object.fromEntries(receiver.logs[2]?.attributes ?? []).replayed).toBe(true);
      expect(Object.fromEntries(receiver.logs[0]?.attributes ?? []).replayed).toBeUndefined();
      expect(receiver.logs[0]?.resource).toMatchObject(target.resource);
      expect(receiver.requests[0]?.headers['x-api-key']).toBe('k');
    });
  }

  it('asks for a retry after the Retry-After a 503 or 429 gives, capped at 5 minutes', async () => {
    const answers: Answer[] = [
      { status: 503, headers: { 'retry-after': '2' } },
      { status: 429, headers: { 'retry-after': '86400' } },
      { status: 502 },
    ];
    receiver = await OtlpReceiver.start({ answer: (n) => answers[n] ?? { status: 200 } });
    const d = destination(receiver.url);
    expect(await d.ship([record(1)], target, false)).toMatchObject({ kind: 'retry', afterMs: 2000 });
    expect(await d.ship([record(1)], target, false)).toMatchObject({ kind: 'retry', afterMs: 300_000 });
    const third = await d.ship([record(1)], target, false);
    expect(third.kind).toBe('retry');
    expect('afterMs' in third).toBe(false);
  });

  it('asks for a retry when the collector cannot be reached', async () => {
    const d = destination(`http://127.0.0.1:${await refusingPort()}`);
    expect(await d.ship([record(1)], target, false)).toMatchObject({ kind: 'retry' });
  });

  it('refuses a batch the collector refuses for good, as rejected by the backend', async () => {
    receiver = await OtlpReceiver.start({ answer: () => ({ status: 400, body: 'bad request' }) });
    const result = await destination(receiver.url).ship([record(1), record(2)], target, false);
    expect(result).toMatchObject({
      kind: 'done',
      consumed: 2,
      refused: [{ lines: [record(1).line, record(2).line], byBackend: true, reason: expect.stringContaining('400') }],
    });
  });

  it('counts the records a partial_success refuses, writes the whole batch to the fallback and reports it', async () => {
    receiver = await OtlpReceiver.start({
      answer: () => ({
        status: 200,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ partialSuccess: { rejectedLogRecords: 9, errorMessage: 'too many' } }),
      }),
    });
    reports.length = 0;
    const result = await destination(receiver.url, { protocol: 'http/json' }).ship(
      [record(1), record(2)],
      target,
      false,
    );
    expect(result).toEqual({
      kind: 'done',
      consumed: 2,
      refused: [
        {
          lines: [record(1).line, record(2).line],
          reason: 'partial_success: 2 of 2 refused: too many',
          byBackend: true,
          counted: 2,
        },
      ],
    });
    expect(JSON.parse(reports[0] ?? '{}')).toMatchObject({ rejected: 2, records: 2, collector_message: 'too many' });
  });

  it('batches as maxExportBatchSize says, several requests in flight', () => {
    const d = new OtlpDestination(
      {
        endpoint: 'http://127.0.0.1:1/v1/logs',
        headers: {},
        protocol: 'http/json',
        exportTimeout: 1,
        maxExportBatchSize: 7,
        flushInterval: 3,
        retryBaseDelay: 4,
        retryMaxDelay: 5,
      },
      fallback,
    );
    expect([d.maxRecords, d.flushIntervalMs, d.retryBaseDelayMs, d.retryMaxDelayMs, d.concurrency]).toEqual([
      7, 3, 4, 5, 4,
    ]);
  });
});

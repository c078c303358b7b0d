import { LocalCloudWatchLogs } from '@dashtam/cloudwatch-local';
import { runSinkContract } from '@dashtam/logger-protocol/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adapterFor, answered, nextRequest, readBack } from './helpers.js';

let cw: LocalCloudWatchLogs;
beforeAll(async () => {
  cw = await LocalCloudWatchLogs.start();
});
afterAll(async () => {
  await cw.stop();
});

runSinkContract('CloudWatchSink', { describe, it }, () => {
  const { sink, logGroup } = adapterFor(cw);
  return {
    sink,
    read: async () => {
      await sink.flush();
      return sink.stats().delivered === 0 ? [] : readBack(cw, logGroup, 'stream');
    },
  };
});

describe('CloudWatchSink against a local CloudWatch Logs endpoint', () => {
  it('delivers 50,000 events that read back intact, in as few calls as the limits allow', async () => {
    const { logger, logGroup, fallback } = adapterFor(cw);
    const before = cw.calls('PutLogEvents');
    for (let i = 0; i < 50_000; i++) logger.info('bulk', { i, user_id: 'u-1' });
    await logger.close();
    const records = await readBack(cw, logGroup, 'stream');
    expect(records).toHaveLength(50_000);
    expect(new Set(records.map((r) => r.i)).size).toBe(50_000);
    expect(logger.stats()).toMatchObject({
      enqueued: 50_000,
      delivered: 50_000,
      fallback: 0,
      overflowed: 0,
      buffered: 0,
    });
    const bytes = records.reduce((n, r) => n + Buffer.byteLength(JSON.stringify(r)) + 26, 0);
    const fewest = Math.ceil(bytes / 1_048_576);
    expect(cw.calls('PutLogEvents') - before).toBeLessThanOrEqual(Math.ceil(fewest * 1.05) + 1);
    expect(fallback.lines()).toEqual([]);
  });

  it('sends a batch as soon as batchSize records are buffered, with neither flush() nor close()', async () => {
    // An interval of an hour: only the size threshold can send these.
    const { logger, logGroup, fallback } = adapterFor(cw, { batchSize: 100, flushInterval: 3_600_000 });
    const twoBatches = answered(cw, 'PutLogEvents', 2);
    for (let i = 0; i < 250; i++) logger.info('size threshold', { i });
    await twoBatches;
    const stored = cw.store.messages(logGroup, 'stream').map((m) => JSON.parse(m).i);
    expect(stored).toEqual(Array.from({ length: 200 }, (_, i) => i));
    // The other 50 wait for the interval (an hour) or a flush: close() delivers them.
    await logger.close();
    expect(cw.store.messages(logGroup, 'stream')).toHaveLength(250);
    expect(fallback.lines()).toEqual([]);
  });

  it('sends a partial batch when flushInterval has elapsed, with neither flush() nor close()', async () => {
    // A batch size no test reaches: only the interval can send these.
    const { logger, logGroup, fallback } = adapterFor(cw, { batchSize: 10_000, flushInterval: 20 });
    const sent = answered(cw, 'PutLogEvents');
    for (let i = 0; i < 3; i++) logger.info('interval', { i });
    await sent;
    expect(cw.store.messages(logGroup, 'stream').map((m) => JSON.parse(m).i)).toEqual([0, 1, 2]);
    // And again for records logged after the first interval's batch.
    const again = answered(cw, 'PutLogEvents');
    logger.info('interval', { i: 3 });
    await again;
    expect(cw.store.messages(logGroup, 'stream')).toHaveLength(4);
    expect(fallback.lines()).toEqual([]);
    await logger.close();
  });

  it('sends each batch in chronological order when producers log out-of-order timestamps concurrently', async () => {
    const base = Date.now();
    let n = 0;
    // Each call gets a time up to 5 s before or after "now": the queue is far from sorted.
    const clock = () => base + (((n++ * 7919) % 10_000) - 5000);
    const { logger, logGroup, fallback } = adapterFor(cw, { clock, batchSize: 500 });
    await Promise.all(
      Array.from({ length: 8 }, async (_, producer) => {
        for (let i = 0; i < 1000; i++) {
          logger.info('concurrent', { producer, i });
          if (i % 100 === 0) await new Promise((r) => setImmediate(r));
        }
      }),
    );
    await logger.close();
    const records = await readBack(cw, logGroup, 'stream');
    expect(records).toHaveLength(8000);
    expect(logger.stats().batches).toBeGreaterThanOrEqual(16);
    expect(fallback.lines()).toEqual([]);
  });

  it('keeps multi-byte text intact', async () => {
    const { logger, logGroup } = adapterFor(cw);
    const text = 'Grüße, 世界! 😀🚀 ‮ٱلعربية‬ é';
    logger.info(text, { text, emoji: '👩‍👩‍👧‍👦' });
    await logger.close();
    const [record] = await readBack(cw, logGroup, 'stream');
    expect(record).toMatchObject({ message: text, text, emoji: '👩‍👩‍👧‍👦' });
  });

  it('truncates a 2 MB event on a UTF-8 boundary with a marker instead of dropping it', async () => {
    const { logger, logGroup } = adapterFor(cw, { limits: { maxStringLength: 4_000_000 } });
    logger.info('huge payload', { blob: 'é😀'.repeat(350_000) });
    await logger.close();
    const [record] = await readBack(cw, logGroup, 'stream');
    expect(record).toMatchObject({ message: 'huge payload', level: 'info', truncated: true });
    expect(record?.original_bytes).toBeGreaterThan(2_000_000);
    expect(String(record?.partial)).toMatch(/…\[truncated\]$/);
    expect(String(record?.partial)).not.toContain('\ufffd');
    expect(logger.stats()).toMatchObject({ truncated: 1, delivered: 1 });
  });

  it('counts a truncated event out of the buffer bound at the size it was queued with', async () => {
    const { logger, fallback } = adapterFor(cw, { maxBufferBytes: 3_000_000, limits: { maxStringLength: 4_000_000 } });
    for (let i = 0; i < 4; i++) {
      logger.info('big', { i, blob: 'x'.repeat(2_000_000) });
      await logger.flush();
    }
    await logger.close();
    expect(logger.stats()).toMatchObject({ truncated: 4, delivered: 4, overflowed: 0, fallback: 0 });
    expect(fallback.lines()).toEqual([]);
  });

  it('truncates to the older 256 KB event limit when configured, which such an endpoint accepts', async () => {
    const small = await LocalCloudWatchLogs.start({ maxEventBytes: 262_144 });
    try {
      const { logger, logGroup, fallback } = adapterFor(small, {
        maxEventBytes: 262_144,
        limits: { maxStringLength: 1_000_000 },
      });
      logger.info('big', { blob: 'x'.repeat(300_000) });
      await logger.close();
      expect((await readBack(small, logGroup, 'stream'))[0]?.truncated).toBe(true);
      expect(fallback.lines()).toEqual([]);
    } finally {
      await small.stop();
    }
  });

  it('loses nothing through an outage of 40 failed calls and recovers', async () => {
    // The outage is counted in failed calls, not in seconds: with retry delays of a few
    // milliseconds the sink goes through as many failures as a 10-second outage gives it at the
    // default delays, without the test waiting out the 10 seconds.
    const { logger, logGroup, fallback } = adapterFor(cw, {
      retryBaseDelay: 1,
      retryMaxDelay: 10,
      flushTimeout: 60_000,
    });
    logger.info('before outage');
    await logger.flush();
    cw.faults.inject({ kind: 'server_error', count: 40, operations: ['PutLogEvents'] });
    for (let i = 0; i < 1000; i++) logger.info('during outage', { i });
    await logger.flush();
    const records = await readBack(cw, logGroup, 'stream');
    expect(records).toHaveLength(1001);
    expect(logger.stats().retries).toBeGreaterThanOrEqual(40);
    expect(logger.stats()).toMatchObject({ delivered: 1001, fallback: 0 });
    // The outage is reported once on the fallback, not once per retry.
    expect(fallback.lines().filter((l) => l.source === 'dashtam-cloudwatch-adapter')).toHaveLength(1);
    await logger.close();
  });

  it('rides out a throttling storm', async () => {
    const { logger, logGroup } = adapterFor(cw);
    cw.faults.inject({ kind: 'throttle', count: 40, operations: ['PutLogEvents'] });
    for (let i = 0; i < 500; i++) logger.info('storm', { i });
    await logger.close();
    expect(await readBack(cw, logGroup, 'stream')).toHaveLength(500);
    expect(logger.stats().retries).toBe(40);
  });

  it('re-creates a stream deleted mid-run and resends the same batch', async () => {
    const { logger, logGroup } = adapterFor(cw);
    logger.info('first');
    await logger.flush();
    cw.store.DeleteLogStream({ logGroupName: logGroup, logStreamName: 'stream' });
    logger.info('second');
    logger.info('third');
    await logger.close();
    expect((await readBack(cw, logGroup, 'stream')).map((r) => r.message)).toEqual(['second', 'third']);
    expect(logger.stats()).toMatchObject({ delivered: 3, fallback: 0 });
  });

  it('finishes the send in flight when close() is called during it', async () => {
    const { logger, logGroup } = adapterFor(cw);
    cw.faults.inject({ kind: 'hold', count: 1, operations: ['PutLogEvents'] });
    for (let i = 0; i < 100; i++) logger.info('in flight', { i });
    const sending = nextRequest(cw, 'PutLogEvents');
    void logger.flush();
    await sending;
    const closing = logger.close();
    cw.faults.release();
    await closing;
    expect(await readBack(cw, logGroup, 'stream')).toHaveLength(100);
    logger.info('after close');
    expect(logger.stats().delivered).toBe(100);
  });

  it('hands records logged while close() waits, and after it, to the fallback, counted, when CloudWatch never answers', async () => {
    const { logger, fallback } = adapterFor(cw, { flushTimeout: 300 });
    cw.faults.inject({ kind: 'hold', count: 1, operations: ['PutLogEvents'] });
    try {
      logger.info('before close');
      const sending = nextRequest(cw, 'PutLogEvents');
      const closing = logger.close();
      await sending; // held at the endpoint: close() waits until its deadline
      logger.info('while closing');
      await closing;
      logger.info('after close');
      const records = fallback.lines().filter((l) => l.source !== 'dashtam-cloudwatch-adapter');
      expect(records.map((r) => r.message).sort()).toEqual(['after close', 'before close', 'while closing']);
      expect(logger.stats()).toMatchObject({ enqueued: 3, delivered: 0, fallback: 3, buffered: 0 });
      const reports = fallback.lines().filter((l) => l.source === 'dashtam-cloudwatch-adapter');
      expect(reports.map((r) => r.message)).toContain(
        'CloudWatch sink closed with records undelivered; written to this fallback (the batch in flight included: it may also have arrived)',
      );
    } finally {
      cw.faults.release();
    }
  });

  it('hands records to the fallback, counted, when the buffer is full', async () => {
    const { logger, fallback } = adapterFor(cw, { maxBufferEvents: 10, flushTimeout: 200 });
    cw.faults.inject({ kind: 'drop', durationMs: 60_000, operations: ['PutLogEvents'] });
    for (let i = 0; i < 25; i++) logger.info('overflow', { i });
    expect(logger.stats().overflowed).toBe(15);
    await logger.close();
    cw.faults.clear();
    const records = fallback.lines().filter((l) => l.message === 'overflow');
    expect(records).toHaveLength(25);
    expect(logger.stats()).toMatchObject({ enqueued: 25, overflowed: 15, fallback: 25, delivered: 0 });
  });

  it('sends a batch to the fallback when CloudWatch refuses it for good', async () => {
    const small = await LocalCloudWatchLogs.start({ maxEventBytes: 262_144 });
    try {
      const { logger, fallback } = adapterFor(small, { limits: { maxStringLength: 1_000_000 } });
      logger.info('too big for this account', { blob: 'x'.repeat(300_000) });
      await logger.close();
      expect(fallback.lines().some((l) => l.message === 'too big for this account')).toBe(true);
      expect(fallback.lines().some((l) => String(l.error).includes('InvalidParameterException'))).toBe(true);
      expect(logger.stats()).toMatchObject({ delivered: 0, fallback: 1 });
    } finally {
      await small.stop();
    }
  });

  it('writes records CloudWatch rejects as too old, expired or too new to the fallback, counted, and delivers the rest', async () => {
    const now = Date.now();
    const day = 24 * 3600_000;
    // Out of order on purpose: a batch is sorted before it is sent, and the rejected indexes refer
    // to the sorted batch. (Depending on the hour, "too new" may fall on the next UTC day and so in
    // a batch of its own.)
    const times = [now, now - 2 * day, now + 3 * 3600_000, now - 15 * day, now - 2 * day + 1];
    const { logger, logGroup, fallback } = adapterFor(cw, { clock: () => times.shift() ?? now, retentionInDays: 1 });
    for (const label of ['current', 'expired', 'too new', 'too old', 'expired too']) logger.info(label);
    await logger.close();
    expect(cw.store.messages(logGroup, 'stream').map((m) => JSON.parse(m).message)).toEqual(['current']);
    const onFallback = fallback.lines().filter((l) => l.source !== 'dashtam-cloudwatch-adapter');
    expect(onFallback.map((l) => l.message).sort()).toEqual(['expired', 'expired too', 'too new', 'too old']);
    expect(logger.stats()).toMatchObject({ enqueued: 5, delivered: 1, rejected: 4, fallback: 4 });
    const reports = fallback.lines().filter((l) => l.source === 'dashtam-cloudwatch-adapter');
    expect(reports.reduce((n, r) => n + Number(r.too_old_or_expired) + Number(r.too_new), 0)).toBe(4);
  });

  it('moves to the new day stream at midnight UTC and sets retention', async () => {
    let now = Date.UTC(2030, 0, 1, 23, 59, 59, 900);
    const local = await LocalCloudWatchLogs.start({ clock: () => Date.UTC(2030, 0, 2, 0, 30) });
    try {
      const { logger, logGroup } = adapterFor(local, {
        clock: () => now,
        logStream: undefined,
        instanceId: 'i-7',
        retentionInDays: 30,
      });
      logger.info('last of the day');
      now = Date.UTC(2030, 0, 2, 0, 0, 0, 100);
      logger.info('first of the next');
      await logger.close();
      expect(local.store.streamNames(logGroup).sort()).toEqual(['i-7/2030-01-01', 'i-7/2030-01-02']);
      expect(local.store.messages(logGroup, 'i-7/2030-01-02')).toHaveLength(1);
      expect(local.store.DescribeLogGroups({ logGroupNamePrefix: logGroup })).toMatchObject({
        logGroups: [{ retentionInDays: 30 }],
      });
    } finally {
      await local.stop();
    }
  });

  it('flushes within its deadline against a dead endpoint, the rest going to the fallback', async () => {
    const dead = await LocalCloudWatchLogs.start();
    const { logger, fallback } = adapterFor(dead, { flushTimeout: 300, requestTimeout: 100 });
    dead.faults.inject({ kind: 'drop' });
    for (let i = 0; i < 20; i++) logger.info('stranded', { i });
    await logger.close();
    await dead.stop();
    expect(fallback.lines().filter((l) => l.message === 'stranded')).toHaveLength(20);
    expect(logger.stats()).toMatchObject({ delivered: 0, fallback: 20, buffered: 0 });
  });
});

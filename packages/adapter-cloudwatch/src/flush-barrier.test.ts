import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  advance,
  awsError,
  deferred,
  deliveryWith,
  drainDeliveries,
  fakeClock,
  line,
  recordPuts,
  throttled,
  turn,
  until,
} from '../test/delivery-harness.js';

// Flushes through the Delivery facade, a mocked client and fake timers (deadlines on the fake clock).
const cw = mockClient(CloudWatchLogsClient);
const T0 = Date.UTC(2030, 0, 1, 12);
const never = () => new Promise<unknown>(() => undefined);

/** Whether `promise` has settled by now (after the microtasks already queued). */
function tracked(promise: Promise<unknown>) {
  const state = { done: false };
  void promise.then(() => {
    state.done = true;
  });
  return state;
}

beforeEach(() => {
  cw.reset();
  fakeClock(T0);
});

afterEach(() => {
  drainDeliveries();
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('flush', () => {
  it('resolves at once, sending nothing, when nothing was enqueued or all of it is delivered', async () => {
    const { puts } = recordPuts(cw);
    const { delivery } = deliveryWith();
    const nothing = tracked(delivery.flush());
    await Promise.resolve();
    expect(nothing.done).toBe(true);
    expect(puts).toEqual([]);
    delivery.enqueue(line('a'), T0);
    await until(delivery.flush());
    await delivery.flush();
    expect(puts).toHaveLength(1);
  });

  it('sends a partial batch at once instead of waiting for the interval', async () => {
    const { puts } = recordPuts(cw);
    const { delivery } = deliveryWith({ flushInterval: 60_000 });
    delivery.enqueue(line('a'), T0);
    await until(delivery.flush());
    expect(puts.map((p) => [p.at - T0, p.messages])).toEqual([[0, ['a']]]);
    expect(delivery.stats()).toMatchObject({ delivered: 1, buffered: 0 });
  });

  it('resolves only after every earlier record is delivered, the last one included', async () => {
    const answers = [deferred<unknown>(), deferred<unknown>()];
    const { called } = recordPuts(cw, (n) => answers[n - 1]?.promise ?? Promise.resolve({}));
    const { delivery } = deliveryWith({ batchSize: 1 });
    delivery.enqueue(line('a'), T0);
    delivery.enqueue(line('b'), T0);
    const flushed = tracked(delivery.flush());
    await called(1);
    answers[0]?.resolve({});
    await called(2);
    expect(flushed.done).toBe(false);
    expect(delivery.stats()).toMatchObject({ delivered: 1, buffered: 1 });
    answers[1]?.resolve({});
    await turn();
    expect(flushed.done).toBe(true);
    expect(delivery.stats()).toMatchObject({ delivered: 2, buffered: 0 });
  });

  it('resolves once a record it waits for is handed to the fallback instead', async () => {
    recordPuts(cw, () => Promise.reject(awsError('InvalidParameterException')));
    const { delivery, records } = deliveryWith();
    delivery.enqueue(line('a'), T0);
    await until(delivery.flush());
    expect(records()).toEqual(['a']);
    expect(delivery.stats()).toMatchObject({ fallback: 1, buffered: 0 });
  });

  it('does not wait for records enqueued after it', async () => {
    const { called } = recordPuts(cw, (n) => (n === 1 ? Promise.resolve({}) : never()));
    const { delivery } = deliveryWith({ batchSize: 1 });
    delivery.enqueue(line('a'), T0);
    const flushed = delivery.flush();
    delivery.enqueue(line('b'), T0);
    await until(flushed);
    await until(called(2));
    expect(delivery.stats()).toMatchObject({ delivered: 1, buffered: 1 });
  });

  it('cuts a backoff wait short: the failing batch is tried again at once', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.99);
    const { puts } = recordPuts(cw, (n) => (n === 1 ? Promise.reject(throttled()) : Promise.resolve({})));
    const { delivery } = deliveryWith({ batchSize: 1, retryBaseDelay: 10_000, retryMaxDelay: 10_000 });
    delivery.enqueue(line('a'), T0);
    await turn();
    await advance(100);
    expect(puts).toHaveLength(1);
    await until(delivery.flush());
    expect(puts.map((p) => p.at - T0)).toEqual([0, 100]);
  });
});

describe('flush deadlines', () => {
  it('hand the batch in flight and the earlier queued records to the fallback once, reported once, and resolve the flush', async () => {
    const { called } = recordPuts(cw, never);
    const { delivery, records, reports } = deliveryWith({ batchSize: 2 });
    for (const m of ['a', 'b', 'c']) delivery.enqueue(line(m), T0);
    await called(1);
    const flushed = tracked(delivery.flush(1000));
    await advance(999);
    expect(flushed.done).toBe(false);
    expect(records()).toEqual([]);
    await advance(1);
    expect(flushed.done).toBe(true);
    expect(records()).toEqual(['a', 'b', 'c']);
    expect(reports()).toEqual([
      expect.objectContaining({
        message: 'CloudWatch flush deadline passed; undelivered records written to this fallback',
        records: 3,
      }),
    ]);
    expect(delivery.stats()).toMatchObject({ fallback: 3, buffered: 0, delivered: 0 });

    delivery.enqueue(line('d'), T0);
    await until(delivery.flush(1000));
    expect(records()).toEqual(['a', 'b', 'c', 'd']);
    expect(delivery.stats()).toMatchObject({ fallback: 4, buffered: 0 });
  });

  it('leave records enqueued after that flush queued, for delivery', async () => {
    const answer = deferred<unknown>();
    const { puts, called } = recordPuts(cw, (n) => (n === 1 ? answer.promise : Promise.resolve({})));
    const { delivery, records } = deliveryWith({ batchSize: 1 });
    delivery.enqueue(line('a'), T0);
    delivery.enqueue(line('b'), T0);
    await called(1);
    const flushed = delivery.flush(500);
    delivery.enqueue(line('c'), T0);
    await until(flushed);
    expect(records()).toEqual(['a', 'b']);
    expect(delivery.stats()).toMatchObject({ buffered: 1, fallback: 2 });
    answer.resolve({});
    await until(delivery.flush());
    expect(puts.map((p) => p.messages)).toEqual([['a'], ['c']]);
    // The batch in flight reached CloudWatch after all: in both places, counted both ways.
    expect(delivery.stats()).toMatchObject({ buffered: 0, delivered: 2, fallback: 2 });
  });

  it('resolve the flushes they cover, and not a later one', async () => {
    const answer = deferred<unknown>();
    const { called } = recordPuts(cw, (n) => (n === 1 ? answer.promise : Promise.resolve({})));
    const { delivery } = deliveryWith({ batchSize: 1 });
    delivery.enqueue(line('a'), T0);
    await called(1);
    const early = tracked(delivery.flush(60_000));
    const short = tracked(delivery.flush(100));
    delivery.enqueue(line('b'), T0);
    const later = tracked(delivery.flush(60_000));
    await advance(100);
    expect(short.done).toBe(true);
    expect(early.done).toBe(true);
    expect(later.done).toBe(false);
    answer.resolve({});
    await until(called(2));
    await turn();
    expect(later.done).toBe(true);
  });

  it('do not hand over again a batch a deadline already handed over, whatever its request then answers', async () => {
    const answers = [deferred<unknown>(), deferred<unknown>()];
    const { called } = recordPuts(cw, (n) => answers[n - 1]?.promise ?? Promise.resolve({}));
    const { delivery, records } = deliveryWith({ batchSize: 2 });
    delivery.enqueue(line('a'), T0);
    delivery.enqueue(line('b'), T0);
    await called(1);
    await until(delivery.flush(10));
    answers[0]?.reject(awsError('InvalidParameterException'));
    delivery.enqueue(line('c'), T0);
    delivery.enqueue(line('d'), T0);
    await until(called(2));
    await until(delivery.flush(10));
    answers[1]?.resolve({ rejectedLogEventsInfo: { tooOldLogEventEndIndex: 2 } });
    await turn();
    expect(records()).toEqual(['a', 'b', 'c', 'd']);
    expect(delivery.stats()).toMatchObject({ fallback: 4, rejected: 2, delivered: 0, buffered: 0 });
  });

  it('stop the retries at the earliest deadline of the flushes waiting; without a flush they go on', async () => {
    const { puts } = recordPuts(cw, () => Promise.reject(throttled()));
    const { delivery, records } = deliveryWith({ retryBaseDelay: 10, retryMaxDelay: 10 });
    delivery.enqueue(line('a'), T0);
    const long = tracked(delivery.flush(5000));
    const short = tracked(delivery.flush(50));
    await advance(50);
    expect(short.done).toBe(true);
    expect(long.done).toBe(true);
    expect(records()).toEqual(['a']);
    expect(puts.every((p) => p.at - T0 <= 50)).toBe(true);
    const tried = puts.length;
    await advance(1000);
    expect(puts.length).toBeGreaterThan(tried);
    expect(delivery.stats()).toMatchObject({ fallback: 1 });
  });
  it('bound the retries of every batch by the earliest deadline while any flush waits', async () => {
    const { puts } = recordPuts(cw, () => Promise.reject(throttled()));
    const { delivery, records, reports } = deliveryWith({ batchSize: 1, retryBaseDelay: 10, retryMaxDelay: 10 });
    delivery.enqueue(line('a'), T0);
    const short = tracked(delivery.flush(50));
    delivery.enqueue(line('b'), T0);
    const long = tracked(delivery.flush(5000));
    await advance(50);
    expect(short.done).toBe(true);
    expect(long.done).toBe(true);
    expect(records()).toEqual(['a', 'b']);
    expect(puts.every((p) => p.at - T0 <= 50)).toBe(true);
    expect(reports().map((r) => r.message)).toContain('CloudWatch delivery failed; records written to this fallback');
    expect(delivery.stats()).toMatchObject({ fallback: 2, buffered: 0 });
  });
});

describe('at exit', () => {
  it('writes nothing when nothing is left, and only what is queued when nothing is in flight', async () => {
    recordPuts(cw);
    const { delivery, records, reports } = deliveryWith();
    delivery.enqueue(line('a'), T0);
    await until(delivery.flush());
    delivery.drainSync();
    expect(reports()).toEqual([]);

    const other = deliveryWith();
    other.delivery.enqueue(line('b'), T0);
    other.delivery.drainSync();
    expect(other.records()).toEqual(['b']);
    expect(other.reports()).toEqual([
      expect.objectContaining({
        message:
          'Process exiting with CloudWatch records undelivered; written to this fallback (the batch in flight included: it may also have arrived)',
        records: 1,
        in_flight: 0,
      }),
    ]);
    other.delivery.enqueue(line('c'), T0);
    expect(other.records()).toEqual(['b', 'c']);
    expect(other.delivery.stats()).toMatchObject({ enqueued: 2, fallback: 2, buffered: 0 });
    expect(records()).toEqual([]);
  });

  it('does not write again a batch in flight that a deadline already handed over', async () => {
    const { called } = recordPuts(cw, never);
    const { delivery, records, reports } = deliveryWith({ batchSize: 1 });
    delivery.enqueue(line('a'), T0);
    await called(1);
    await until(delivery.flush(10));
    delivery.enqueue(line('b'), T0);
    delivery.drainSync();
    expect(records()).toEqual(['a', 'b']);
    expect(reports().at(-1)).toMatchObject({ records: 1, in_flight: 0 });
  });

  it('stops the interval timer: nothing is sent afterwards', async () => {
    const { puts } = recordPuts(cw);
    const { delivery } = deliveryWith({ flushInterval: 1000 });
    delivery.enqueue(line('a'), T0);
    delivery.stop();
    await advance(5000);
    expect(puts).toEqual([]);
    expect(delivery.stats()).toMatchObject({ buffered: 1 });
  });
});

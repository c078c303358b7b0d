import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-cloudwatch-logs';
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

// The sender through the Delivery facade, a mocked client and fake timers: the times asserted are
// the fake clock's, so they are exact and cost nothing.
const cw = mockClient(CloudWatchLogsClient);
const T0 = Date.UTC(2030, 0, 1, 12);
const fails =
  (...errors: Error[]) =>
  (n: number) =>
    n <= errors.length ? Promise.reject(errors[n - 1]) : Promise.resolve({});

beforeEach(() => {
  cw.reset();
  cw.on(CreateLogStreamCommand).resolves({});
  cw.on(CreateLogGroupCommand).resolves({});
  fakeClock(T0);
});

afterEach(() => {
  drainDeliveries();
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('Sender: when a batch is sent', () => {
  it('sends a partial batch flushInterval after its first record was queued, not before and not later', async () => {
    const { puts } = recordPuts(cw);
    const { delivery } = deliveryWith({ batchSize: 3, flushInterval: 1000 });
    delivery.enqueue(line('a'), T0);
    await advance(500);
    delivery.enqueue(line('b'), T0 + 500);
    await advance(499);
    expect(puts).toEqual([]);
    await advance(1);
    expect(puts.map((p) => [p.at - T0, p.messages])).toEqual([[1000, ['a', 'b']]]);
    expect(delivery.stats()).toMatchObject({ delivered: 2, batches: 1, buffered: 0 });
  });

  it('sends a whole batch on the next turn of the event loop, never inside enqueue', async () => {
    const { puts } = recordPuts(cw);
    const { delivery } = deliveryWith({ batchSize: 2, flushInterval: 1000 });
    delivery.enqueue(line('a'), T0);
    delivery.enqueue(line('b'), T0);
    expect(puts).toEqual([]);
    await advance(0);
    expect(puts.map((p) => [p.at - T0, p.messages])).toEqual([[0, ['a', 'b']]]);
  });

  it('waits the full interval again for records queued after a send', async () => {
    const { puts } = recordPuts(cw);
    const { delivery } = deliveryWith({ batchSize: 10, flushInterval: 1000 });
    delivery.enqueue(line('a'), T0);
    await advance(1000);
    delivery.enqueue(line('b'), T0 + 1000);
    await advance(999);
    expect(puts).toHaveLength(1);
    await advance(1);
    expect(puts.map((p) => [p.at - T0, p.messages])).toEqual([
      [1000, ['a']],
      [2000, ['b']],
    ]);
  });

  it('sends every batch that is due when the interval passes, one per UTC day, each to that day’s stream', async () => {
    const { puts } = recordPuts(cw);
    const { delivery } = deliveryWith({ flushInterval: 1000, logStream: (day: string) => `host/${day}` });
    const midnight = Date.UTC(2030, 0, 2);
    delivery.enqueue(line('late'), midnight - 1);
    delivery.enqueue(line('later'), midnight - 2);
    delivery.enqueue(line('early'), midnight);
    await advance(1000);
    expect(puts.map((p) => [p.at - T0, p.stream, p.messages])).toEqual([
      [1000, 'host/2030-01-01', ['later', 'late']],
      [1000, 'host/2030-01-02', ['early']],
    ]);
    expect(delivery.stats()).toMatchObject({ delivered: 3, batches: 2, buffered: 0 });
  });

  it('sends the group, the stream and each record’s time and message, in time order', async () => {
    const { puts } = recordPuts(cw);
    const { delivery } = deliveryWith({ batchSize: 2 });
    delivery.enqueue(line('second'), T0 + 5);
    delivery.enqueue(line('first'), T0 + 1);
    await advance(0);
    expect(puts).toEqual([
      { at: T0, group: '/dashtam/unit/app', stream: 's', messages: ['first', 'second'], timestamps: [T0 + 1, T0 + 5] },
    ]);
  });

  it('sends records queued while a batch is in flight as soon as it is answered when they make a whole batch', async () => {
    const answer = deferred<unknown>();
    const { puts, called } = recordPuts(cw, (n) => (n === 1 ? answer.promise : Promise.resolve({})));
    const { delivery } = deliveryWith({ batchSize: 2 });
    delivery.enqueue(line('a'), T0);
    delivery.enqueue(line('b'), T0);
    await until(called(1));
    delivery.enqueue(line('c'), T0);
    delivery.enqueue(line('d'), T0);
    await advance(0);
    expect(puts).toHaveLength(1);
    expect(delivery.stats()).toMatchObject({ buffered: 4 });
    answer.resolve({});
    await until(called(2));
    expect(puts.map((p) => p.messages)).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
  });
  it('sends a whole batch at once and leaves the records after it for the interval', async () => {
    const { puts } = recordPuts(cw);
    const { delivery } = deliveryWith({ batchSize: 2, flushInterval: 1000 });
    for (const m of ['a', 'b', 'c']) delivery.enqueue(line(m), T0);
    await advance(0);
    expect(puts.map((p) => [p.at - T0, p.messages])).toEqual([[0, ['a', 'b']]]);
    expect(delivery.stats()).toMatchObject({ buffered: 1 });
    await advance(1000);
    expect(puts.map((p) => [p.at - T0, p.messages])).toEqual([
      [0, ['a', 'b']],
      [1000, ['c']],
    ]);
  });

  it('counts the interval from the first record waiting, once per batch', async () => {
    const { puts } = recordPuts(cw);
    const { delivery } = deliveryWith({ flushInterval: 1000 });
    delivery.enqueue(line('a'), T0);
    await advance(500);
    delivery.enqueue(line('b'), T0);
    await advance(700);
    delivery.enqueue(line('c'), T0); // at 1200: its own interval ends at 2200
    await advance(999);
    expect(puts.map((p) => [p.at - T0, p.messages])).toEqual([[1000, ['a', 'b']]]);
    await advance(1);
    expect(puts.map((p) => [p.at - T0, p.messages])).toEqual([
      [1000, ['a', 'b']],
      [2200, ['c']],
    ]);
  });

  it("leaves records queued while an interval's batch is in flight for their own interval", async () => {
    const answer = deferred<unknown>();
    const { puts, called } = recordPuts(cw, (n) => (n === 1 ? answer.promise : Promise.resolve({})));
    const { delivery } = deliveryWith({ flushInterval: 1000 });
    delivery.enqueue(line('a'), T0);
    await advance(1000);
    await called(1);
    await advance(100);
    delivery.enqueue(line('b'), T0); // at 1100: due at 2100
    await advance(100);
    answer.resolve({});
    await advance(899);
    expect(puts).toHaveLength(1);
    await advance(1);
    expect(puts.map((p) => [p.at - T0, p.messages])).toEqual([
      [1000, ['a']],
      [2100, ['b']],
    ]);
  });

  it('keeps one PutLogEvents call in flight at a time, whatever is queued meanwhile', async () => {
    const answers = [deferred<unknown>(), deferred<unknown>()];
    const { puts, called } = recordPuts(cw, (n) => answers[n - 1]?.promise ?? Promise.resolve({}));
    const { delivery } = deliveryWith({ batchSize: 2 });
    for (const m of ['a', 'b', 'c', 'd']) delivery.enqueue(line(m), T0);
    await called(1);
    for (const m of ['e', 'f']) delivery.enqueue(line(m), T0);
    const flushed = delivery.flush();
    await turn();
    await turn();
    expect(puts.map((p) => p.messages)).toEqual([['a', 'b']]);
    answers[0]?.resolve({});
    await called(2);
    await turn();
    expect(puts).toHaveLength(2);
    answers[1]?.resolve({});
    await until(flushed);
    expect(puts.map((p) => p.messages)).toEqual([
      ['a', 'b'],
      ['c', 'd'],
      ['e', 'f'],
    ]);
  });

  it('sends nothing and reports nothing when an interval comes due after a flush sent everything', async () => {
    const { puts } = recordPuts(cw);
    const { delivery, reports } = deliveryWith({ flushInterval: 1000 });
    delivery.enqueue(line('a'), T0);
    await until(delivery.flush());
    await advance(1000);
    expect(puts).toHaveLength(1);
    expect(reports()).toEqual([]);
    expect(delivery.stats()).toMatchObject({ delivered: 1, fallback: 0, buffered: 0 });
  });

  it('leaves the records after a whole batch for the interval even when a deadline emptied the queue during the last interval', async () => {
    const answer = deferred<unknown>();
    const { puts, called } = recordPuts(cw, (n) => (n === 1 ? answer.promise : Promise.resolve({})));
    const { delivery, records } = deliveryWith({ batchSize: 2, flushInterval: 1000 });
    const midnight = Date.UTC(2030, 0, 2);
    delivery.enqueue(line('day 1'), midnight - 1);
    delivery.enqueue(line('day 2'), midnight);
    await advance(1000);
    await called(1);
    await until(delivery.flush(10));
    expect(records()).toEqual(['day 1', 'day 2']);
    answer.resolve({});
    await turn();
    for (const m of ['p', 'q', 'r']) delivery.enqueue(line(m), T0);
    await advance(0);
    expect(puts.map((p) => p.messages)).toEqual([['day 1'], ['p', 'q']]);
    expect(delivery.stats()).toMatchObject({ buffered: 1 });
  });
});

describe('Sender: after an unexpected failure', () => {
  const failingOnce = () => {
    let calls = 0;
    return () => {
      calls++;
      if (calls === 1) throw new TypeError('no stream for you');
      return 'fine';
    };
  };

  it('sends a whole batch that waits at once', async () => {
    const { puts } = recordPuts(cw);
    const { delivery, records } = deliveryWith({ batchSize: 1, flushInterval: 1000, logStream: failingOnce() });
    delivery.enqueue(line('a'), T0);
    delivery.enqueue(line('b'), T0);
    await advance(0);
    await turn();
    expect(records()).toEqual(['a']);
    expect(puts.map((p) => [p.at - T0, p.messages])).toEqual([[0, ['b']]]);
  });

  it("sends what an interval's batch left at the next interval", async () => {
    const { puts } = recordPuts(cw);
    const { delivery, records } = deliveryWith({ flushInterval: 1000, logStream: failingOnce() });
    const midnight = Date.UTC(2030, 0, 2);
    delivery.enqueue(line('day 1'), midnight - 1);
    delivery.enqueue(line('day 2'), midnight);
    await advance(1000);
    expect(records()).toEqual(['day 1']);
    expect(puts).toEqual([]);
    await advance(1000);
    expect(puts.map((p) => [p.at - T0, p.messages])).toEqual([[2000, ['day 2']]]);
  });

  it('counts the interval of the records it left from the first of them, as always', async () => {
    const { puts } = recordPuts(cw);
    const { delivery, records } = deliveryWith({ batchSize: 2, flushInterval: 1000, logStream: failingOnce() });
    delivery.enqueue(line('a'), T0);
    await advance(500);
    for (const m of ['b', 'c']) delivery.enqueue(line(m), T0);
    await advance(0);
    expect(records()).toEqual(['a', 'b']);
    await advance(500);
    expect(puts.map((p) => [p.at - T0, p.messages])).toEqual([[1000, ['c']]]);
    await advance(200);
    delivery.enqueue(line('d'), T0); // at 1200: due at 2200
    await advance(999);
    expect(puts).toHaveLength(1);
    await advance(1);
    expect(puts.map((p) => [p.at - T0, p.messages])).toEqual([
      [1000, ['c']],
      [2200, ['d']],
    ]);
  });
});

describe('Sender: failures', () => {
  it('retries a throttled batch after a backoff that doubles per attempt up to retryMaxDelay, then delivers it', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    const { puts } = recordPuts(cw, fails(throttled(), throttled(), throttled(), throttled()));
    const { delivery } = deliveryWith({ batchSize: 1, retryBaseDelay: 100, retryMaxDelay: 300 });
    delivery.enqueue(line('a'), T0);
    await turn();
    await advance(10_000);
    // Delays: half of 100, 200, 300 (capped), 300.
    expect(puts.map((p) => p.at - T0)).toEqual([0, 50, 150, 300, 450]);
    expect(delivery.stats()).toMatchObject({ retries: 4, delivered: 1, fallback: 0, buffered: 0 });
  });

  it('reports a retry once per error name while failing, with what is buffered, and again after a batch got through', async () => {
    const unavailable = awsError('ServiceUnavailableException', 'down', 503);
    const { called } = recordPuts(cw, fails(throttled(), unavailable, throttled()));
    const { delivery, reports } = deliveryWith({ batchSize: 2 });
    delivery.enqueue(line('a'), T0);
    delivery.enqueue(line('b'), T0);
    delivery.enqueue(line('c'), T0);
    await until(called(4));
    expect(reports()).toEqual([
      expect.objectContaining({
        message: 'CloudWatch delivery failing, retrying with backoff',
        error: 'ThrottlingException: Rate exceeded',
        buffered: 3,
      }),
      expect.objectContaining({ error: 'ServiceUnavailableException: down', buffered: 3 }),
    ]);

    cw.reset();
    const again = recordPuts(cw, fails(throttled()));
    delivery.enqueue(line('d'), T0);
    await until(delivery.flush());
    expect(again.puts).toHaveLength(2);
    expect(reports().map((r) => r.error)).toEqual([
      'ThrottlingException: Rate exceeded',
      'ServiceUnavailableException: down',
      'ThrottlingException: Rate exceeded',
    ]);
    expect(delivery.stats()).toMatchObject({ retries: 4, delivered: 4, fallback: 0 });
  });

  it('hands a batch refused for good to the fallback once, reported once per error name until a batch gets through', async () => {
    const invalid = () => awsError('InvalidParameterException', 'bad');
    const denied = () => awsError('AccessDeniedException', 'no');
    const answers = [invalid(), invalid(), denied(), undefined, invalid()];
    recordPuts(cw, (n) => (answers[n - 1] ? Promise.reject(answers[n - 1]) : Promise.resolve({})));
    const { delivery, records, reports } = deliveryWith({ batchSize: 1 });
    for (const m of ['a', 'b', 'c', 'd', 'e']) delivery.enqueue(line(m), T0);
    await until(delivery.flush());
    expect(records()).toEqual(['a', 'b', 'c', 'e']);
    expect(reports()).toEqual([
      expect.objectContaining({
        message: 'CloudWatch delivery failed; records written to this fallback',
        error: 'InvalidParameterException: bad',
        records: 1,
      }),
      expect.objectContaining({ error: 'AccessDeniedException: no' }),
      expect.objectContaining({ error: 'InvalidParameterException: bad' }),
    ]);
    expect(delivery.stats()).toMatchObject({ fallback: 4, delivered: 1, retries: 0, batches: 1 });
  });

  it('creates a missing stream once for a batch, not again when that batch is then retried', async () => {
    const gone = new ResourceNotFoundException({ message: 'gone', $metadata: {} });
    const { puts } = recordPuts(cw, fails(gone, throttled()));
    const { delivery } = deliveryWith();
    delivery.enqueue(line('a'), T0);
    await until(delivery.flush());
    expect(puts).toHaveLength(3);
    expect(cw.commandCalls(CreateLogStreamCommand)).toHaveLength(1);
    expect(delivery.stats()).toMatchObject({ delivered: 1, retries: 1 });
  });

  it('keeps retrying while no flush waits: without a deadline a retryable failure never gives up', async () => {
    const { called } = recordPuts(cw, (n) => (n <= 50 ? Promise.reject(throttled()) : Promise.resolve({})));
    const { delivery, records } = deliveryWith({ flushInterval: 1 });
    delivery.enqueue(line('a'), T0);
    await advance(1000);
    await until(called(51));
    expect(records()).toEqual([]);
    expect(delivery.stats()).toMatchObject({ retries: 50, delivered: 1, fallback: 0 });
  });

  it('hands a batch whose stream name cannot be made to the fallback, reported, and goes on with the next', async () => {
    const { puts } = recordPuts(cw);
    let calls = 0;
    const { delivery, records, reports } = deliveryWith({
      batchSize: 1,
      logStream: () => {
        calls++;
        if (calls === 1) throw new TypeError('no stream for you');
        return 'fine';
      },
    });
    delivery.enqueue(line('a'), T0);
    delivery.enqueue(line('b'), T0);
    await until(delivery.flush());
    expect(records()).toEqual(['a']);
    expect(reports()).toEqual([
      expect.objectContaining({
        message: 'CloudWatch sender failed unexpectedly',
        error: 'TypeError: no stream for you',
      }),
    ]);
    expect(puts.map((p) => [p.stream, p.messages])).toEqual([['fine', ['b']]]);
    expect(delivery.stats()).toMatchObject({ fallback: 1, delivered: 1, buffered: 0 });
  });
});

describe('Sender: records PutLogEvents rejects', () => {
  const cases = [
    { info: undefined, rejected: [], tooOld: 0, tooNew: 0 },
    { info: {}, rejected: [], tooOld: 0, tooNew: 0 },
    { info: { tooNewLogEventStartIndex: 3 }, rejected: ['t3', 't4'], tooOld: 0, tooNew: 2 },
    { info: { tooOldLogEventEndIndex: 2, expiredLogEventEndIndex: 1 }, rejected: ['t0', 't1'], tooOld: 2, tooNew: 0 },
    {
      info: { tooOldLogEventEndIndex: 1, expiredLogEventEndIndex: 3 },
      rejected: ['t0', 't1', 't2'],
      tooOld: 3,
      tooNew: 0,
    },
    {
      info: { tooOldLogEventEndIndex: 3, tooNewLogEventStartIndex: 1 },
      rejected: ['t0', 't1', 't2', 't3', 't4'],
      tooOld: 3,
      tooNew: 2,
    },
    { info: { tooOldLogEventEndIndex: -1, tooNewLogEventStartIndex: 9 }, rejected: [], tooOld: 0, tooNew: 0 },
    { info: { expiredLogEventEndIndex: 9 }, rejected: ['t0', 't1', 't2', 't3', 't4'], tooOld: 5, tooNew: 0 },
    { info: { tooNewLogEventStartIndex: -2 }, rejected: ['t0', 't1', 't2', 't3', 't4'], tooOld: 0, tooNew: 5 },
  ];

  it.each(cases)('hands over exactly the records $info names, once, counted and reported', async (c) => {
    recordPuts(cw, () => Promise.resolve({ rejectedLogEventsInfo: c.info }));
    const { delivery, records, reports } = deliveryWith({ batchSize: 5 });
    for (const i of [4, 2, 0, 3, 1]) delivery.enqueue(line(`t${i}`), T0 + i);
    await until(delivery.flush());
    expect(records()).toEqual(c.rejected);
    const n = c.rejected.length;
    expect(delivery.stats()).toMatchObject({ delivered: 5 - n, rejected: n, fallback: n, batches: 1 });
    expect(reports()).toEqual(
      n === 0
        ? []
        : [
            expect.objectContaining({
              message: 'CloudWatch rejected records (too old, expired or too new); written to this fallback',
              too_old_or_expired: c.tooOld,
              too_new: c.tooNew,
            }),
          ],
    );
  });
});

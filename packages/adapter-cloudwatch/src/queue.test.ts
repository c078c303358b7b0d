import { describe, expect, it } from 'vitest';
import { capturedFallback, line } from '../test/delivery-harness.js';
import { utf8Bytes } from './batch.js';
import { CountedFallback } from './counted-fallback.js';
import { newCounters } from './counters.js';
import { type QueueConfig, RecordQueue } from './queue.js';

const DAY = Date.UTC(2030, 0, 1);

function queueWith(config: Partial<QueueConfig> = {}, chunkSize?: number) {
  const counters = newCounters();
  const fallback = capturedFallback();
  const queue = new RecordQueue(
    { batchSize: 10_000, maxEventBytes: 1_048_576, maxBufferEvents: 100_000, maxBufferBytes: 1 << 25, ...config },
    new CountedFallback(fallback.writer, counters),
    counters,
    chunkSize,
  );
  let seq = 0;
  const add = (message: string, time = DAY) => queue.add(++seq, time, message);
  return { queue, counters, add, ...fallback };
}

describe('RecordQueue bounds', () => {
  it('queues up to maxBufferEvents records; a record enqueued while the buffer is full goes to the fallback and is counted in overflowed', () => {
    const { queue, counters, add, records } = queueWith({ maxBufferEvents: 2 });
    expect(add(line('a'))).toBe(true);
    expect(add(line('b'))).toBe(true);
    expect(add(line('c'))).toBe(false);
    expect(queue.length).toBe(2);
    expect(records()).toEqual(['c']);
    expect(counters).toMatchObject({ overflowed: 1, fallback: 1 });
  });

  it('queues a record that fills maxBufferBytes exactly, and overflows one that would pass it', () => {
    const { queue, counters, add } = queueWith({ maxBufferBytes: 10 });
    expect(add('12345')).toBe(true);
    expect(add('67890')).toBe(true);
    expect(add('x')).toBe(false);
    expect(queue.length).toBe(2);
    expect(counters.overflowed).toBe(1);
  });

  it('reports an overflow once, with both bounds, and writes each overflowed record as it came', () => {
    const { add, reports, records } = queueWith({ maxBufferEvents: 1, maxBufferBytes: 4096 });
    add(line('kept'));
    add(line('over 1'));
    add(line('over 2'));
    expect(records()).toEqual(['over 1', 'over 2']);
    expect(reports()).toEqual([
      expect.objectContaining({
        message: 'CloudWatch buffer full: records go to this fallback until delivery catches up',
        max_buffer_events: 1,
        max_buffer_bytes: 4096,
      }),
    ]);
  });

  it('takes records again once a batch taken off the head has made room, by count and by size', () => {
    const { queue, add } = queueWith({ maxBufferEvents: 2, maxBufferBytes: 1024 });
    add('x'.repeat(600));
    add('y');
    expect(add('z')).toBe(false);
    expect(queue.takeBatch()).toHaveLength(2);
    expect(add('z'.repeat(1024))).toBe(true);
  });

  it('frees the room of records taken out up to a seq', () => {
    const { queue, add } = queueWith({ maxBufferBytes: 1024 });
    add('x'.repeat(1000));
    expect(queue.takeThrough(1)).toEqual(['x'.repeat(1000)]);
    expect(add('y'.repeat(1024))).toBe(true);
  });
});

describe('RecordQueue batches', () => {
  it('says a whole batch waits at batchSize records, not one before', () => {
    const { queue, add } = queueWith({ batchSize: 3 });
    add('a');
    add('b');
    expect(queue.fullBatchReady()).toBe(false);
    add('c');
    expect(queue.fullBatchReady()).toBe(true);
  });

  it("says a whole batch waits once PutLogEvents' byte limit of characters waits, not one character before", () => {
    const { queue, add } = queueWith();
    add('x'.repeat(1_048_575));
    expect(queue.fullBatchReady()).toBe(false);
    add('y');
    expect(queue.fullBatchReady()).toBe(true);
  });

  it('takes at most batchSize records from the head, oldest enqueued first, each batch in time order', () => {
    const { queue, add } = queueWith({ batchSize: 3 });
    add('a', DAY + 30);
    add('b', DAY + 10);
    add('c', DAY + 20);
    add('d', DAY);
    expect(queue.takeBatch().map((e) => e.message)).toEqual(['b', 'c', 'a']);
    expect(queue.length).toBe(1);
    expect(queue.headSeq).toBe(4);
    expect(queue.takeBatch().map((e) => e.message)).toEqual(['d']);
    expect(queue.length).toBe(0);
    expect(queue.headSeq).toBe(Number.POSITIVE_INFINITY);
    expect(queue.takeBatch()).toEqual([]);
  });

  it('truncates a record over maxEventBytes (bytes + 26) when it is batched, counted once, and leaves one that fits exactly', () => {
    const { queue, counters, add } = queueWith({ maxEventBytes: 1024 });
    add('f'.repeat(998), DAY);
    add('o'.repeat(999), DAY);
    const [fits, over] = queue.takeBatch();
    expect(fits?.message).toBe('f'.repeat(998));
    expect(JSON.parse(over?.message ?? '{}')).toMatchObject({ truncated: true, original_bytes: 999 });
    expect(utf8Bytes(over?.message ?? '') + 26).toBeLessThanOrEqual(1024);
    expect(over?.bytes).toBe(utf8Bytes(over?.message ?? ''));
    expect(counters.truncated).toBe(1);
  });

  it('counts a truncated record once even when it is measured for a batch it does not join', () => {
    const { queue, counters, add } = queueWith({ maxEventBytes: 1024 });
    add('today', DAY + 86_399_999);
    add('x'.repeat(5000), DAY + 86_400_000); // the next UTC day: sized, then left for the next batch
    expect(queue.takeBatch().map((e) => e.message)).toEqual(['today']);
    expect(counters.truncated).toBe(1);
    const [next] = queue.takeBatch();
    expect(JSON.parse(next?.message ?? '{}')).toMatchObject({ truncated: true, original_bytes: 5000 });
    expect(counters.truncated).toBe(1);
  });

  it('keeps the room of a truncated record counted at the size it was queued with, and frees all of it', () => {
    const { queue, add } = queueWith({ maxEventBytes: 1024, maxBufferBytes: 5000 });
    add('x'.repeat(5000));
    expect(add('y')).toBe(false);
    queue.takeBatch();
    expect(add('z'.repeat(5000))).toBe(true);
  });

  it('takes out only the records up to a seq, in the order they were enqueued', () => {
    const { queue, add } = queueWith();
    add('a', DAY + 3);
    add('b', DAY + 1);
    add('c', DAY + 2);
    expect(queue.takeThrough(2)).toEqual(['a', 'b']);
    expect(queue.headSeq).toBe(3);
    expect(queue.takeThrough(99)).toEqual(['c']);
    expect(queue.takeThrough(99)).toEqual([]);
    expect(queue.length).toBe(0);
  });
});

describe('RecordQueue batches', () => {
  it('counts 26 bytes on top of each message, in UTF-8 bytes', () => {
    const { queue, add } = queueWith();
    // 131,059 × 'é' is 262,118 bytes + 26: four fit in 1,048,576 bytes, a fifth does not.
    for (let i = 0; i < 10; i++) add('é'.repeat(131_059));
    expect(queue.takeBatch()).toHaveLength(4);
    expect(queue.takeBatch()).toHaveLength(4);
    expect(queue.takeBatch()).toHaveLength(2);
  });

  it("stops at batchSize records, and at PutLogEvents' 10,000", () => {
    const { queue, add } = queueWith();
    for (let i = 0; i < 12_000; i++) add('x');
    expect(queue.takeBatch()).toHaveLength(10_000);
    expect(queue.takeBatch()).toHaveLength(2000);
  });

  it('never lets a batch cross midnight UTC (so never 24 hours either)', () => {
    const { queue, add } = queueWith();
    const late = Date.UTC(2030, 0, 1, 23, 59, 59);
    add('a', late);
    add('b', late + 500);
    add('c', late + 2000);
    expect(queue.takeBatch().map((e) => e.message)).toEqual(['a', 'b']);
    expect(queue.takeBatch().map((e) => e.message)).toEqual(['c']);
  });

  it('gives each event its time, seq and the size it was queued with', () => {
    const { queue, add } = queueWith();
    add('héllo', DAY + 5);
    expect(queue.takeBatch()).toEqual([{ seq: 1, time: DAY + 5, message: 'héllo', bytes: 6 }]);
  });
});

describe('RecordQueue memory', () => {
  it('holds records as bytes: the bound counts UTF-8 bytes, and a record passing it by its bytes overflows', () => {
    const { queue, add, records } = queueWith({ maxBufferBytes: 10 });
    expect(add('ééééé')).toBe(true); // 5 characters, 10 bytes
    expect(queue.bytes).toBe(10);
    expect(add(line('x'))).toBe(false);
    expect(records()).toEqual(['x']);
    const other = queueWith({ maxBufferBytes: 10 });
    other.add('abcde');
    // 4 characters, but 8 bytes: over the bound once encoded, so it overflows and nothing is kept.
    expect(other.add('éééé')).toBe(false);
    expect(other.queue.length).toBe(1);
    expect(other.queue.bytes).toBe(5);
    expect(other.add('fghij')).toBe(true);
    expect(other.queue.takeBatch().map((e) => e.message)).toEqual(['abcde', 'fghij']);
  });

  it('reuses its chunks: a queue filled and emptied again and again keeps at most two', () => {
    const { queue, add } = queueWith({ batchSize: 100 }, 1024);
    for (let cycle = 0; cycle < 50; cycle++) {
      for (let i = 0; i < 100; i++) add(`{"cycle":${cycle},"i":${i},"pad":"${'p'.repeat(40)}"}`);
      expect(queue.chunks).toBeGreaterThan(1);
      const batch = queue.takeBatch();
      expect(batch).toHaveLength(100);
      expect(batch[99]?.message).toContain(`"cycle":${cycle},"i":99`);
      expect(queue.chunks).toBeLessThanOrEqual(2);
    }
  });
});

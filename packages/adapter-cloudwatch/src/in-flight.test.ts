import { describe, expect, it } from 'vitest';
import type { QueuedEvent } from './batch.js';
import { InFlight } from './in-flight.js';

const ev = (seq: number, time: number, message: string): QueuedEvent => ({
  seq,
  time,
  chars: message.length,
  message,
  bytes: message.length,
});

describe('InFlight', () => {
  it('holds nothing before a batch is sent and after its request is over', () => {
    const inFlight = new InFlight();
    expect(inFlight).toMatchObject({ size: 0, minSeq: Number.POSITIVE_INFINITY, abandoned: false });
    expect(inFlight.abandon()).toEqual([]);
    expect(inFlight.abandoned).toBe(false);
    inFlight.start([ev(1, 0, 'a')]);
    inFlight.finish();
    expect(inFlight).toMatchObject({ size: 0, minSeq: Number.POSITIVE_INFINITY, abandoned: false });
  });

  it('waits on the lowest seq of a batch sent in time order, not on its first record', () => {
    const inFlight = new InFlight();
    inFlight.start([ev(7, 1, 'b'), ev(5, 2, 'a'), ev(6, 3, 'c')]);
    expect(inFlight.size).toBe(3);
    expect(inFlight.minSeq).toBe(5);
  });

  it('hands the batch over once: then it is no longer buffered nor waited on, until the next batch', () => {
    const inFlight = new InFlight();
    inFlight.start([ev(1, 0, 'a'), ev(2, 0, 'b')]);
    expect(inFlight.abandon()).toEqual(['a', 'b']);
    expect(inFlight).toMatchObject({ size: 0, minSeq: Number.POSITIVE_INFINITY, abandoned: true });
    expect(inFlight.abandon()).toEqual([]);
    inFlight.start([ev(3, 0, 'c')]);
    expect(inFlight).toMatchObject({ size: 1, minSeq: 3, abandoned: false });
    expect(inFlight.abandon()).toEqual(['c']);
    inFlight.finish();
    expect(inFlight.abandoned).toBe(false);
  });
});

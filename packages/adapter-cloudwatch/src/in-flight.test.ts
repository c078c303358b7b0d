import { describe, expect, it } from 'vitest';
import { queuedEvent } from '../test/delivery-harness.js';
import { InFlight } from './in-flight.js';

describe('InFlight', () => {
  it('holds nothing before a batch is sent and after its request is over', () => {
    const inFlight = new InFlight();
    expect(inFlight).toMatchObject({ size: 0, minSeq: Number.POSITIVE_INFINITY, abandoned: false });
    expect(inFlight.abandon()).toEqual([]);
    expect(inFlight.abandoned).toBe(false);
    inFlight.start([queuedEvent(1, 0, 'a')]);
    inFlight.finish();
    expect(inFlight).toMatchObject({ size: 0, minSeq: Number.POSITIVE_INFINITY, abandoned: false });
  });

  it('waits on the lowest seq of a batch sent in time order, not on its first record', () => {
    const inFlight = new InFlight();
    inFlight.start([queuedEvent(7, 1, 'b'), queuedEvent(5, 2, 'a'), queuedEvent(6, 3, 'c')]);
    expect(inFlight.size).toBe(3);
    expect(inFlight.minSeq).toBe(5);
  });

  it('hands the batch over once: then it is no longer buffered nor waited on, until the next batch', () => {
    const inFlight = new InFlight();
    inFlight.start([queuedEvent(1, 0, 'a'), queuedEvent(2, 0, 'b')]);
    expect(inFlight.abandon()).toEqual(['a', 'b']);
    expect(inFlight).toMatchObject({ size: 0, minSeq: Number.POSITIVE_INFINITY, abandoned: true });
    expect(inFlight.abandon()).toEqual([]);
    inFlight.start([queuedEvent(3, 0, 'c')]);
    expect(inFlight).toMatchObject({ size: 1, minSeq: 3, abandoned: false });
    expect(inFlight.abandon()).toEqual(['c']);
    inFlight.finish();
    expect(inFlight.abandoned).toBe(false);
  });
});

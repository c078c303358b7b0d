import { describe, expect, it } from 'vitest';
import type { DomainEvent } from './domain-event.js';
import { createEvent } from './domain-event.js';
import { InMemoryEventBus } from './in-memory-event-bus.js';

const event = () => createEvent('UserLoginAttempted', { email: 'ada@example.com' } as never);

describe('InMemoryEventBus subscriptions', () => {
  it('rejects a handler that is not a function, naming the event type', () => {
    const bus = new InMemoryEventBus();
    expect(() => bus.subscribe('UserLoginAttempted', 'nope' as never)).toThrow(
      new TypeError('Handler for UserLoginAttempted must be a function'),
    );
  });

  it('removes exactly the handler unsubscribed, once, whatever its place', () => {
    const bus = new InMemoryEventBus();
    const calls: string[] = [];
    const offA = bus.subscribe('UserLoginAttempted', () => void calls.push('a'));
    const offB = bus.subscribe('UserLoginAttempted', () => void calls.push('b'));
    bus.subscribe('UserLoginAttempted', () => void calls.push('c'));
    offB();
    offB();
    expect(bus.handlerCount('UserLoginAttempted')).toBe(2);
    offA();
    expect(bus.handlerCount('UserLoginAttempted')).toBe(1);
    return bus.publish(event()).then(() => expect(calls).toEqual(['c']));
  });

  it('counts handlers per type, 0 for a type nobody subscribed to', () => {
    const bus = new InMemoryEventBus();
    bus.subscribe('UserLoginAttempted', () => {});
    bus.subscribe('UserLoginAttempted', () => {});
    expect(bus.handlerCount('UserLoginAttempted')).toBe(2);
    expect(bus.handlerCount('UserLoginFailed')).toBe(0);
  });

  it('lists the types that have a handler now', () => {
    const bus = new InMemoryEventBus();
    bus.subscribe('UserLoginAttempted', () => {});
    const off = bus.subscribe('UserLoginFailed', () => {});
    expect(bus.subscribedTypes()).toEqual(['UserLoginAttempted', 'UserLoginFailed']);
    off();
    expect(bus.subscribedTypes()).toEqual(['UserLoginAttempted']);
    expect(new InMemoryEventBus().subscribedTypes()).toEqual([]);
  });
});

describe('InMemoryEventBus.publish', () => {
  it('handles an event nobody subscribed to, or no event at all, with nothing to report', async () => {
    const bus = new InMemoryEventBus();
    expect(await bus.publish(event())).toEqual({ handled: 0, failures: [] });
    expect(await bus.publish(undefined as unknown as DomainEvent)).toEqual({ handled: 0, failures: [] });
  });

  it('reports no failure for handlers that return nothing or a value', async () => {
    const bus = new InMemoryEventBus();
    bus.subscribe('UserLoginAttempted', () => {});
    bus.subscribe('UserLoginAttempted', (() => 42) as never);
    bus.subscribe('UserLoginAttempted', async () => {});
    expect(await bus.publish(event())).toEqual({ handled: 3, failures: [] });
  });

  it('names a failing handler, or calls it anonymous, and reports to onHandlerError', async () => {
    const reported: string[] = [];
    const bus = new InMemoryEventBus({ onHandlerError: (f) => void reported.push(f.handler) });
    function namedHandler(): void {
      throw new Error('sync');
    }
    const [anonymous] = [
      async () => {
        throw new Error('async');
      },
    ];
    bus.subscribe('UserLoginAttempted', namedHandler);
    bus.subscribe('UserLoginAttempted', anonymous as never);
    const result = await bus.publish(event());
    expect(result.failures.map((f) => [f.handler, (f.error as Error).message])).toEqual([
      ['namedHandler', 'sync'],
      ['anonymous', 'async'],
    ]);
    expect(reported).toEqual(['namedHandler', 'anonymous']);
  });
});

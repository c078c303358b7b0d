import { createEvent, EVENT_REGISTRY, type InMemoryEventBus } from '@dashtam/event-registry';
import { RecordingLogger } from '@dashtam/logger-protocol/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { configureContainer, getEventBus, shutdown } from './container.js';
import { createEventBus } from './event-wiring.js';

afterEach(async () => {
  await shutdown();
  configureContainer({});
});

describe('event wiring', () => {
  it('subscribes the logging handler to exactly the events marked requires_logging', () => {
    const bus = createEventBus(new RecordingLogger());
    const marked = EVENT_REGISTRY.filter((m) => m.requires_logging).map((m) => m.event_type);
    expect(bus.subscribedTypes().sort()).toEqual([...marked].sort());
    for (const m of EVENT_REGISTRY)
      expect(bus.handlerCount(m.event_type), m.event_type).toBe(m.requires_logging ? 1 : 0);
  });

  it('logs published events, and logs a failing subscriber without stopping the others', async () => {
    const logger = new RecordingLogger();
    const bus = createEventBus(logger);
    bus.subscribe('UserLoginSucceeded', () => {
      throw new Error('email service down');
    });
    await bus.publish(createEvent('UserLoginSucceeded', { user_id: 'u1', email: 'a@example.com' }));
    await bus.publish(createEvent('RateLimitCheckAllowed', { key: 'k', endpoint: '/', remaining: 1 }));
    expect(logger.records.map((r) => [r.level, r.message])).toEqual([
      ['info', 'user_login_succeeded'],
      ['error', 'event_handler_failed'],
    ]);
    expect(logger.records[1]).toMatchObject({ error_message: 'email service down', event_type: 'UserLoginSucceeded' });
  });

  it('gives one app-wide bus that logs through the app-wide logger', async () => {
    const chunks: string[] = [];
    configureContainer({ env: { ENVIRONMENT: 'testing' }, destination: { write: (c: string) => chunks.push(c) } });
    const bus = getEventBus() as InMemoryEventBus;
    expect(getEventBus()).toBe(bus);
    await bus.publish(
      createEvent('AccountSyncFailed', { user_id: 'u', provider: 'p', reason: 'timeout', duration_ms: 5 }),
    );
    await shutdown();
    expect(JSON.parse(chunks.join(''))).toMatchObject({
      level: 'warning',
      message: 'account_sync_failed',
      reason: 'timeout',
    });
  });
});

import { createEvent, EVENT_REGISTRY, type EventType, type InMemoryEventBus } from '@dashtam/event-registry';
import { recordingLogger } from '@dashtam/logger-protocol/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { configureContainer, getEventBus, shutdown } from './container.js';
import { createEventBus } from './event-wiring.js';

afterEach(async () => {
  await shutdown();
  configureContainer({});
});

// The events the spec's LoggingEventHandler logs (spec 7.2, "Handles 70+ domain events across
// categories", and its Log Levels table), written out from the spec's text. Each workflow the spec
// names has the phases of the table: ATTEMPTED, SUCCEEDED, FAILED.
const phases = (workflow: string): EventType[] =>
  (['Attempted', 'Succeeded', 'Failed'] as const).map((p) => `${workflow}${p}` as EventType);
const SPEC_LOGGED_EVENTS: Readonly<Record<string, readonly EventType[]>> = {
  'Authentication: Registration': phases('UserRegistration'),
  'Authentication: Login': phases('UserLogin'),
  'Authentication: Logout': phases('UserLogout'),
  'Authentication: Password Change': phases('PasswordChange'),
  'Authorization: Role Assignment': phases('RoleAssignment'),
  'Authorization: Role Revocation': phases('RoleRevocation'),
  'Provider: Connection': phases('ProviderConnection'),
  'Provider: Disconnection': phases('ProviderDisconnection'),
  'Provider: Token Refresh': phases('ProviderTokenRefresh'),
  'Data Sync: Account Sync': phases('AccountSync'),
  'Data Sync: Transaction Sync': phases('TransactionSync'),
  'Data Sync: Holdings Sync': phases('HoldingsSync'),
  'Data Sync: File Import': phases('FileImport'),
  'Session: Creation': phases('SessionCreation'),
  'Session: Revocation': phases('SessionRevocation'),
  'Session: Activity': phases('SessionActivity'),
  'Session: Security Alerts': ['SuspiciousSessionActivity', 'SessionSecurityAlert'],
  'Rate Limit: Check Attempted, Allowed, Denied': [
    'RateLimitCheckAttempted',
    'RateLimitCheckAllowed',
    'RateLimitCheckDenied',
  ],
  // Log Levels table, "Security | WARNING | SuspiciousSessionActivityEvent, TokenRejectedDueToRotation"
  'Security (warning)': ['SuspiciousSessionActivity', 'TokenRejectedDueToRotation'],
  // Not in the spec's list; issue #10 asks for the permission checks too.
  'Authorization: Permission Check (issue #10)': phases('PermissionCheck'),
};

describe('event wiring', () => {
  it('logs every event the spec says the handler logs, through the app-wide bus and logger', async () => {
    const chunks: string[] = [];
    configureContainer({
      env: { ENVIRONMENT: 'testing', LOG_LEVEL: 'debug' },
      destination: { write: (c: string) => chunks.push(c) },
    });
    const expected = [...new Set(Object.values(SPEC_LOGGED_EVENTS).flat())];
    for (const type of expected) {
      await getEventBus().publish(createEvent(type, { user_id: 'u-1', session_id_hash: 'h', reason: 'r' } as never));
    }
    await shutdown();
    const records = chunks
      .join('')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    // One record per event, its message the type in snake_case (the conversion is event-registry's own test).
    const snake = (type: string) => type.replace(/[A-Z]/g, (c, i: number) => `${i === 0 ? '' : '_'}${c.toLowerCase()}`);
    const missing = expected.filter((type) => !records.some((r) => r.message === snake(type)));
    expect(missing).toEqual([]);
    expect(records).toHaveLength(expected.length);
    const level = (type: string) => records.find((r) => r.event_type === type)?.level;
    // The per-request checks are logged at debug (kept out of production's info level).
    for (const type of ['RateLimitCheckAttempted', 'RateLimitCheckAllowed', 'SessionActivityAttempted']) {
      expect(level(type), type).toBe('debug');
    }
    for (const type of ['SessionActivitySucceeded', 'PermissionCheckAttempted', 'PermissionCheckSucceeded']) {
      expect(level(type), type).toBe('debug');
    }
    expect(level('RateLimitCheckDenied')).toBe('warning');
    expect(level('PermissionCheckFailed')).toBe('warning');
    expect(level('UserLoginAttempted')).toBe('info');
    // The spec lists security alerts under Session: the suspicious-activity record says so.
    expect(records.find((r) => r.event_type === 'SuspiciousSessionActivity')).toMatchObject({
      level: 'warning',
      category: 'session',
      security_alert: true,
    });
  });

  it('subscribes the logging handler to exactly the events marked requires_logging', () => {
    const bus = createEventBus(recordingLogger().logger);
    const marked = EVENT_REGISTRY.filter((m) => m.requires_logging).map((m) => m.event_type);
    expect(bus.subscribedTypes().sort()).toEqual([...marked].sort());
    for (const m of EVENT_REGISTRY)
      expect(bus.handlerCount(m.event_type), m.event_type).toBe(m.requires_logging ? 1 : 0);
  });

  it('logs published events, and logs a failing subscriber without stopping the others', async () => {
    const { logger, sink: loggerSink } = recordingLogger();
    const bus = createEventBus(logger);
    bus.subscribe('UserLoginSucceeded', () => {
      throw new Error('email service down');
    });
    await bus.publish(createEvent('UserLoginSucceeded', { user_id: 'u1', email: 'a@example.com' }));
    expect(loggerSink.records.map((r) => [r.level, r.message])).toEqual([
      ['info', 'user_login_succeeded'],
      ['error', 'event_handler_failed'],
    ]);
    expect(loggerSink.records[1]).toMatchObject({
      error_message: 'email service down',
      event_type: 'UserLoginSucceeded',
    });
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

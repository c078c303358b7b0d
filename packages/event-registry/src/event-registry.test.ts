import { recordingLogger } from '@dashtam/logger-protocol/testing';
import { describe, expect, it, vi } from 'vitest';
import { createEvent, toSnakeCase } from './domain-event.js';
import { InvalidEventError, UnknownEventError } from './errors.js';
import { EventCategory, WorkflowPhase } from './event-metadata.js';
import { EVENT_REGISTRY, getEventMetadata, type LoggedEventType } from './event-registry.js';
import { InMemoryEventBus } from './in-memory-event-bus.js';
import {
  EVENT_LOG_HANDLERS,
  type EventLogHandler,
  LoggingEventHandler,
  levelFor,
  logEvent,
} from './logging-event-handler.js';
import { uuidv7 } from './uuidv7.js';

describe('EVENT_REGISTRY', () => {
  it('has at least 70 events, each type once, with known categories and phases', () => {
    expect(EVENT_REGISTRY.length).toBeGreaterThanOrEqual(70);
    const types = EVENT_REGISTRY.map((m) => m.event_type);
    expect(new Set(types).size).toBe(types.length);
    for (const m of EVENT_REGISTRY) {
      expect(Object.values(EventCategory)).toContain(m.category);
      expect(Object.values(WorkflowPhase)).toContain(m.phase);
      expect(m.workflow_name).toMatch(/^[a-z_]+$/);
    }
  });

  it('covers every workflow of the spec with ATTEMPTED, SUCCEEDED and FAILED', () => {
    const workflows = [
      'user_registration',
      'user_login',
      'user_logout',
      'password_change',
      'email_verification',
      'password_reset',
      'role_assignment',
      'role_revocation',
      'provider_connection',
      'provider_disconnection',
      'provider_token_refresh',
      'account_sync',
      'transaction_sync',
      'holdings_sync',
      'file_import',
      'session_creation',
      'session_revocation',
      'session_activity',
    ];
    for (const w of workflows) {
      const phases = EVENT_REGISTRY.filter((m) => m.workflow_name === w).map((m) => m.phase);
      expect(phases.sort(), w).toEqual(['ATTEMPTED', 'FAILED', 'SUCCEEDED']);
    }
    const rate = EVENT_REGISTRY.filter((m) => m.category === 'rate_limit').map((m) => m.phase);
    expect(rate).toEqual(['ATTEMPTED', 'ALLOWED', 'DENIED']);
    expect(getEventMetadata('SuspiciousSessionActivity')?.category).toBe('session');
    expect(getEventMetadata('SessionSecurityAlert')?.category).toBe('session');
    expect(getEventMetadata('TokenRejectedDueToRotation')?.category).toBe('security');
  });

  it('has a logging handler for exactly the events marked requires_logging', () => {
    const marked = EVENT_REGISTRY.filter((m) => m.requires_logging)
      .map((m) => m.event_type)
      .sort();
    expect(Object.keys(EVENT_LOG_HANDLERS).sort()).toEqual(marked);
    expect(LoggingEventHandler.loggedEventTypes().sort()).toEqual(marked);
    // Every event of the catalogue is logged; the per-request ones at debug.
    expect(EVENT_REGISTRY.every((m) => m.requires_logging)).toBe(true);
    expect(
      EVENT_REGISTRY.filter((m) => m.high_volume)
        .map((m) => m.workflow_name)
        .filter((w, i, all) => all.indexOf(w) === i),
    ).toEqual(['permission_check', 'session_activity', 'rate_limit_check']);
  });

  it('does not compile a handler table that misses a logged event', () => {
    // @ts-expect-error a logged event without a handler is a compile error (checked by the typecheck step)
    const incomplete: { readonly [T in LoggedEventType]: EventLogHandler<T> } = { UserRegistrationAttempted: logEvent };
    expect(Object.keys(incomplete)).toHaveLength(1);
  });
});

describe('createEvent', () => {
  it('makes a frozen event with a UUIDv7 id, the time and a copy of the payload', () => {
    const payload = { user_id: 'u1', email: 'a@example.com' };
    const event = createEvent('UserRegistrationSucceeded', payload, { clock: () => Date.UTC(2025, 0, 2) });
    expect(event.event_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(event.occurred_at.toISOString()).toBe('2025-01-02T00:00:00.000Z');
    expect(Object.isFrozen(event) && Object.isFrozen(event.payload)).toBe(true);
    payload.user_id = 'changed';
    expect(event.payload.user_id).toBe('u1');
  });

  it('rejects unknown types and non-object payloads with typed errors', () => {
    expect(() => createEvent('NoSuchEvent' as never, {} as never)).toThrow(UnknownEventError);
    expect(() => createEvent('UserLogoutAttempted', null as never)).toThrow(InvalidEventError);
  });

  it('makes time-ordered unique UUIDv7 ids', () => {
    expect(uuidv7(0).startsWith('00000000-0000-7')).toBe(true);
    expect(uuidv7(Date.UTC(2030, 0, 1)) > uuidv7(Date.UTC(2029, 0, 1))).toBe(true);
    expect(new Set(Array.from({ length: 1000 }, () => uuidv7())).size).toBe(1000);
  });

  it('names events in snake_case', () => {
    expect(toSnakeCase('UserRegistrationSucceeded')).toBe('user_registration_succeeded');
    expect(toSnakeCase('MfaChallengeFailed')).toBe('mfa_challenge_failed');
  });
});

describe('InMemoryEventBus', () => {
  it('runs every handler even when one throws or rejects, and reports each failure', async () => {
    const onHandlerError = vi.fn();
    const bus = new InMemoryEventBus({ onHandlerError });
    const seen: string[] = [];
    bus.subscribe('UserLoginFailed', function throwsSync() {
      throw new Error('sync failure');
    });
    bus.subscribe('UserLoginFailed', async function rejects() {
      await Promise.resolve();
      throw new Error('async failure');
    });
    bus.subscribe('UserLoginFailed', async (e) => {
      await new Promise((r) => setImmediate(r));
      seen.push(e.payload.reason);
    });
    const result = await bus.publish(createEvent('UserLoginFailed', { email: 'a@b.c', reason: 'invalid_credentials' }));
    expect(seen).toEqual(['invalid_credentials']);
    expect(result.handled).toBe(3);
    expect(result.failures.map((f) => [f.handler, (f.error as Error).message])).toEqual([
      ['throwsSync', 'sync failure'],
      ['rejects', 'async failure'],
    ]);
    expect(onHandlerError).toHaveBeenCalledTimes(2);
  });

  it('awaits async handlers before publish resolves', async () => {
    const bus = new InMemoryEventBus();
    let done = false;
    bus.subscribe('AccountSyncAttempted', async () => {
      await new Promise((r) => setTimeout(r, 5));
      done = true;
    });
    await bus.publish(createEvent('AccountSyncAttempted', { user_id: 'u', provider: 'schwab' }));
    expect(done).toBe(true);
  });

  it('keeps publishing when the error reporter itself throws, and unsubscribes', async () => {
    const bus = new InMemoryEventBus({
      onHandlerError: () => {
        throw new Error('reporter broken');
      },
    });
    const off = bus.subscribe('UserLogoutAttempted', () => {
      throw new Error('x');
    });
    await expect(bus.publish(createEvent('UserLogoutAttempted', { user_id: 'u' }))).resolves.toMatchObject({
      handled: 1,
    });
    off();
    expect(bus.handlerCount('UserLogoutAttempted')).toBe(0);
    expect(() => bus.subscribe('Nope' as never, () => {})).toThrow(UnknownEventError);
  });
});

describe('LoggingEventHandler', () => {
  it('logs each phase at its level with the event fields and payload', () => {
    const { logger, sink: loggerSink } = recordingLogger();
    const handler = new LoggingEventHandler(logger);
    const at = { clock: () => Date.UTC(2025, 10, 13) };
    handler.handle(createEvent('UserRegistrationAttempted', { email: 'a@example.com' }, at));
    handler.handle(createEvent('UserRegistrationSucceeded', { user_id: 'u1', email: 'a@example.com' }, at));
    handler.handle(createEvent('UserRegistrationFailed', { email: 'a@example.com', reason: 'duplicate_email' }, at));
    handler.handle(
      createEvent('RateLimitCheckDenied', { key: 'ip:1', endpoint: '/x', limit: 5, retry_after_s: 30 }, at),
    );
    handler.handle(createEvent('RateLimitCheckAllowed', { key: 'ip:1', endpoint: '/x', remaining: 4 }, at));
    expect(loggerSink.records.map((r) => [r.level, r.message])).toEqual([
      ['info', 'user_registration_attempted'],
      ['info', 'user_registration_succeeded'],
      ['warning', 'user_registration_failed'],
      ['warning', 'rate_limit_check_denied'],
      ['debug', 'rate_limit_check_allowed'],
    ]);
    expect(loggerSink.records[1]).toMatchObject({
      event_type: 'UserRegistrationSucceeded',
      occurred_at: '2025-11-13T00:00:00.000Z',
      category: 'authentication',
      workflow_name: 'user_registration',
      phase: 'SUCCEEDED',
      user_id: 'u1',
      email: 'a@example.com',
    });
    expect(loggerSink.records[1]?.event_id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('logs security events at warning with security_alert', () => {
    const { logger, sink: loggerSink } = recordingLogger();
    new LoggingEventHandler(logger).handle(
      createEvent('SuspiciousSessionActivity', {
        user_id: 'u',
        session_id_hash: 'h',
        reason: 'new_country',
        ip_address: '203.0.113.9',
      }),
    );
    expect(loggerSink.records[0]).toMatchObject({
      level: 'warning',
      message: 'suspicious_session_activity',
      security_alert: true,
    });
    expect(levelFor(getEventMetadata('TokenRejectedDueToRotation') ?? EVENT_REGISTRY[0])).toBe('warning');
  });

  it('redacts secrets that reach a payload anyway', () => {
    const { logger, sink: loggerSink } = recordingLogger();
    const payload = { email: 'a@example.com', reason: 'bad', password: 'hunter2' } as never;
    new LoggingEventHandler(logger).handle(createEvent('UserLoginFailed', payload));
    expect(loggerSink.lines[0]).not.toContain('hunter2');
    expect(loggerSink.records[0]?.password).toBe('[REDACTED]');
  });
});

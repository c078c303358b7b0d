import { recordingLogger } from '@dashtam/logger-protocol/testing';
import { describe, expect, it } from 'vitest';
import { createEvent } from './domain-event.js';
import type { EventMetadata } from './event-metadata.js';
import { LoggingEventHandler, levelFor } from './logging-event-handler.js';

const meta = (over: Partial<EventMetadata>): EventMetadata =>
  ({
    event_type: 'UserLoginAttempted',
    category: 'authentication',
    workflow_name: 'user_login',
    phase: 'SUCCEEDED',
    requires_logging: true,
    high_volume: false,
    requires_audit: false,
    requires_email: false,
    requires_session: false,
    ...over,
  }) as EventMetadata;

describe('levelFor', () => {
  it('logs security events and detections at warning whatever their phase or category', () => {
    expect(levelFor(meta({ category: 'security', phase: 'SUCCEEDED' }))).toBe('warning');
    expect(levelFor(meta({ category: 'session', phase: 'DETECTED' }))).toBe('warning');
    expect(levelFor(meta({ category: 'session', phase: 'SUCCEEDED' }))).toBe('info');
  });
});

describe('LoggingEventHandler.handle', () => {
  it('ignores an event of an unknown type without throwing', () => {
    const { logger, sink: loggerSink } = recordingLogger();
    const handler = new LoggingEventHandler(logger);
    const known = createEvent('UserLoginAttempted', { email: 'a@example.com' } as never);
    expect(() => handler.handle({ ...known, event_type: 'NoSuchEvent' } as never)).not.toThrow();
    expect(loggerSink.records).toEqual([]);
    handler.handle(known);
    expect(loggerSink.records.map((r) => r.message)).toEqual(['user_login_attempted']);
  });
});

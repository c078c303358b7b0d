// @dashtam/event-registry: publish domain events; the LoggingEventHandler logs the marked ones.
import assert from 'node:assert/strict';
import { createEvent, EVENT_REGISTRY, InMemoryEventBus, LoggingEventHandler } from '@dashtam/event-registry';
import { recordingLogger } from '@dashtam/logger-protocol/testing';

const { logger, sink } = recordingLogger();
const bus = new InMemoryEventBus({ onHandlerError: ({ error }) => logger.error('event_handler_failed', { error }) });
const logging = new LoggingEventHandler(logger);
for (const metadata of EVENT_REGISTRY) {
  if (metadata.requires_logging) bus.subscribe(metadata.event_type, logging.handle);
}

await bus.publish(createEvent('UserLoginAttempted', { email: 'ada@example.com' }));
await bus.publish(createEvent('UserLoginFailed', { email: 'ada@example.com', reason: 'invalid_credentials' }));
await bus.publish(createEvent('RateLimitCheckAllowed', { key: 'ip:203.0.113.9', endpoint: '/sessions', remaining: 4 }));

assert.deepEqual(
  sink.records.map((r) => [r.level, r.message, r.phase]),
  [
    ['info', 'user_login_attempted', 'ATTEMPTED'],
    ['warning', 'user_login_failed', 'FAILED'],
    // per-request checks are logged at debug (high_volume in the registry)
    ['debug', 'rate_limit_check_allowed', 'ALLOWED'],
  ],
);
console.log(sink.lines.join('\n'));

// @dashtam/container: the app-wide logger and event bus, chosen by ENVIRONMENT, with trace context.
import assert from 'node:assert/strict';
import { configureContainer, getEventBus, getLogger, runWithTraceId, shutdown } from '@dashtam/container';
import { createEvent } from '@dashtam/event-registry';

const chunks = [];
// An application leaves these out: settings come from process.env and output goes to stdout.
configureContainer({
  env: { ENVIRONMENT: 'testing', LOG_LEVEL: 'info' },
  destination: { write: (c) => chunks.push(c) },
});

await runWithTraceId('4bf92f3577b34da6a3ce929d0e0e4736', async () => {
  getLogger().info('Request received', { request_path: '/users' });
  await getEventBus().publish(createEvent('UserRegistrationSucceeded', { user_id: 'u-1', email: 'ada@example.com' }));
});
await shutdown(); // flushes and closes

const records = chunks
  .join('')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l));
assert.deepEqual(
  records.map((r) => [r.message, r.trace_id]),
  [
    ['Request received', '4bf92f3577b34da6a3ce929d0e0e4736'],
    ['user_registration_succeeded', '4bf92f3577b34da6a3ce929d0e0e4736'],
  ],
);
console.log(chunks.join(''));

// @dashtam/logger-protocol: one logger over a sink that records, redaction, sanitising, levels and fanOut.
import assert from 'node:assert/strict';
import { fanOut, Logger, parseLogLevel, sanitize } from '@dashtam/logger-protocol';
import { RecordingSink } from '@dashtam/logger-protocol/testing';

const sink = new RecordingSink();
const logger = new Logger({ sink, level: parseLogLevel('INFO'), traceContext: () => 'trace-1' });
const request = logger.bind({ request_path: '/users', http_method: 'POST' });

request.debug('dropped: below the minimum level');
request.info('User registered', { user_id: 'u-1', password: 'hunter2', query: sanitize('evil\r\ninput') });
request.error('Payment failed for card 4111 1111 1111 1111', { error: new Error('declined') });

const [registered, failed] = sink.records;
assert.equal(sink.records.length, 2);
assert.deepEqual(Object.keys(registered).slice(0, 4), ['timestamp', 'level', 'message', 'trace_id']);
assert.equal(registered.password, '[REDACTED]');
assert.equal(registered.query, 'evil\\r\\ninput');
assert.equal(failed.message, 'Payment failed for card [REDACTED]');
assert.equal(failed.error_message, 'declined');

// Two outputs, each with its own level; flush, close and stats work from any bound logger.
const everything = new RecordingSink();
const errors = new RecordingSink();
const both = new Logger({ sink: fanOut(everything, { sink: errors, level: 'error', name: 'errors' }) });
const child = both.bind({ component: 'billing' });
child.info('charged');
child.error('refund failed');
await child.close();
assert.deepEqual(
  everything.records.map((r) => r.message),
  ['charged', 'refund failed'],
);
assert.deepEqual(
  errors.records.map((r) => r.message),
  ['refund failed'],
);
assert.deepEqual(Object.keys(child.stats()), ['recording', 'errors']);
console.log(sink.lines.join('\n'));

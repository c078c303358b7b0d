// @dashtam/logger-protocol: a logger that records, redaction, sanitising and levels.
import assert from 'node:assert/strict';
import { parseLogLevel, sanitize } from '@dashtam/logger-protocol';
import { RecordingLogger } from '@dashtam/logger-protocol/testing';

const logger = new RecordingLogger({ level: parseLogLevel('INFO'), traceContext: () => 'trace-1' });
const request = logger.bind({ request_path: '/users', http_method: 'POST' });

request.debug('dropped: below the minimum level');
request.info('User registered', { user_id: 'u-1', password: 'hunter2', query: sanitize('evil\r\ninput') });
request.error('Payment failed for card 4111 1111 1111 1111', { error: new Error('declined') });

const [registered, failed] = logger.records;
assert.equal(logger.records.length, 2);
assert.deepEqual(Object.keys(registered).slice(0, 4), ['timestamp', 'level', 'message', 'trace_id']);
assert.equal(registered.password, '[REDACTED]');
assert.equal(registered.query, 'evil\\r\\ninput');
assert.equal(failed.message, 'Payment failed for card [REDACTED]');
assert.equal(failed.error_message, 'declined');
console.log(logger.lines.join('\n'));

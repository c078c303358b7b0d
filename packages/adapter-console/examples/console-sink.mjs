// @dashtam/adapter-console: JSON lines for CI, pretty lines for development, each a sink under one Logger.
import assert from 'node:assert/strict';
import { ConsoleSink } from '@dashtam/adapter-console';
import { Logger } from '@dashtam/logger-protocol';

const chunks = [];
const json = new Logger({
  sink: new ConsoleSink({ format: 'json', destination: { write: (c) => chunks.push(c) } }),
  level: 'info',
});
json.bind({ request_path: '/users' }).info('User registered', { user_id: 'u-1', api_key: 'k-123' });
await json.flush();
const record = JSON.parse(chunks.join(''));
assert.equal(record.level, 'info');
assert.equal(record.api_key, '[REDACTED]');
assert.match(record.trace_id, /^[0-9a-f]{32}$/);
assert.deepEqual(json.stats(), { written: 1, lost: 0 });

// Pretty output to stdout (colours only on a terminal).
const pretty = new Logger({ sink: new ConsoleSink({ format: 'pretty' }), traceContext: () => 'abc123' });
pretty.info('User registered', { user_id: 'u-1' });
pretty.warning('Rate limit approaching', { current_rate: 45, limit: 50 });
await pretty.close();

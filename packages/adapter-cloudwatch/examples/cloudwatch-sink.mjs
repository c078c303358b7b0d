// @dashtam/adapter-cloudwatch against a local CloudWatch Logs endpoint (no AWS account needed).
import assert from 'node:assert/strict';
import { CloudWatchSink } from '@dashtam/adapter-cloudwatch';
import { LocalCloudWatchLogs } from '@dashtam/cloudwatch-local';
import { Logger } from '@dashtam/logger-protocol';

const endpoint = await LocalCloudWatchLogs.start(); // 127.0.0.1, a free port
const sink = new CloudWatchSink({
  logGroup: '/dashtam/example/app',
  logStream: 'example',
  endpoint: endpoint.url,
  region: 'us-east-1',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  retentionInDays: 30,
});
const logger = new Logger({ sink, level: 'info' });

for (let i = 0; i < 1000; i++) logger.info('Request completed', { status_code: 200, duration_ms: i % 50 });
await logger.close(); // delivers everything buffered, within flushTimeout

assert.equal(endpoint.store.messages('/dashtam/example/app', 'example').length, 1000);
assert.deepEqual(logger.stats(), {
  enqueued: 1000,
  delivered: 1000,
  batches: 1,
  retries: 0,
  rejected: 0,
  truncated: 0,
  overflowed: 0,
  fallback: 0,
  buffered: 0,
});
console.log(logger.stats());
await endpoint.stop();

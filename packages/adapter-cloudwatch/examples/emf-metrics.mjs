// EmfMetrics: metrics as CloudWatch Embedded Metric Format documents, through a CloudWatchSink of
// their own (x-amzn-logs-format: json/emf), against a local CloudWatch Logs endpoint.
import assert from 'node:assert/strict';
import { CloudWatchSink, EmfMetrics } from '@dashtam/adapter-cloudwatch';
import { checkEmfDocument, LocalCloudWatchLogs } from '@dashtam/cloudwatch-local';

const endpoint = await LocalCloudWatchLogs.start(); // 127.0.0.1, a free port
const sink = new CloudWatchSink({
  logGroup: '/dashtam/example/app',
  logStream: 'metrics',
  logFormat: 'json/emf', // CloudWatch extracts the metrics of every event in these calls
  endpoint: endpoint.url,
  region: 'us-east-1',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
});
const metrics = new EmfMetrics({ sink, namespace: 'Dashtam/example', defaultDimensions: { service: 'api' } });

for (let i = 0; i < 250; i++) metrics.timing('request_latency', i % 50, 'Milliseconds', { route: '/users/:id' });
metrics.count('orders_placed', 3, 'Count', { channel: 'web' });
metrics.gauge('queue_depth', 17);
await metrics.close(); // writes the interval's documents, then closes (and delivers) the sink

const events = endpoint.store.events('/dashtam/example/app', 'metrics');
// 250 timings: 3 documents (100 values per target at most); the count and the gauge: one each.
assert.equal(events.length, 5);
for (const e of events) {
  assert.equal(e.logFormat, 'json/emf');
  assert.deepEqual(checkEmfDocument(e.message), []);
}
assert.deepEqual(metrics.stats(), {
  recorded: 252,
  rejected: 0,
  overflow: 0,
  documents: 5,
  series: 0,
  pending: 0,
  writeFailures: 0,
});
console.log(JSON.parse(events.at(-1).message));
await endpoint.stop();

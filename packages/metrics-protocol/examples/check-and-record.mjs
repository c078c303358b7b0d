// The metrics port in a test: application code takes a MetricsProtocol, the test gives it a
// RecordingMetrics and reads what was recorded; checkMetric says what is wrong with a call.
// Run: node packages/metrics-protocol/examples/check-and-record.mjs (after `pnpm run build`).
import { strict as assert } from 'node:assert';
import { checkMetric } from '@dashtam/metrics-protocol';
import { RecordingMetrics } from '@dashtam/metrics-protocol/testing';

/** Application code: knows the port only. */
function placeOrder(metrics, channel) {
  metrics.count('orders_placed', 1, 'Count', { channel });
  metrics.timing('order_latency', 42.5, 'Milliseconds', { channel });
}

const metrics = new RecordingMetrics();
placeOrder(metrics, 'web');
assert.deepEqual(metrics.named('orders_placed'), [
  { kind: 'count', name: 'orders_placed', value: 1, unit: 'Count', dimensions: { channel: 'web' } },
]);

// A bad call is refused (never thrown): here the unit is not one CloudWatch accepts.
metrics.timing('order_latency', 3, 'ms');
assert.equal(metrics.rejected.length, 1);
assert.equal(
  checkMetric('order_latency', 3, 'ms')?.message.split(':').slice(0, 2).join(':'),
  'Invalid metric "order_latency": the unit "ms" is not accepted',
);
console.log(JSON.stringify(metrics.stats()));

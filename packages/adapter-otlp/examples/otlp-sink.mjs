// @dashtam/adapter-otlp against a local OTLP/HTTP logs receiver (no collector needed).
import assert from 'node:assert/strict';
import { OtlpSink } from '@dashtam/adapter-otlp';
import { Logger } from '@dashtam/logger-protocol';
import { OtlpReceiver } from '@dashtam/otlp-local';

const collector = await OtlpReceiver.start(); // 127.0.0.1, a free port
const sink = new OtlpSink({
  endpoint: collector.logsUrl, // http://127.0.0.1:PORT/v1/logs
  protocol: 'http/protobuf',
  serviceName: 'orders',
  deploymentEnvironment: 'production',
});
const logger = new Logger({ sink, level: 'info' });

logger.info('Order placed', {
  order_id: 'o-1',
  trace_id: '4bf92f3577b34da6a3ce929d0e0e4736',
  span_id: '00f067aa0ba902b7',
  trace_flags: '01',
});
await logger.close(); // exports everything queued, within flushTimeout

const [record] = collector.logs;
assert.equal(record?.severityText, 'INFO');
assert.equal(record?.body, 'Order placed');
assert.equal(record?.traceId, '4bf92f3577b34da6a3ce929d0e0e4736');
assert.deepEqual(record?.attributes, [['order_id', 'o-1']]);
assert.equal(record?.resource['service.name'], 'orders');
assert.deepEqual(logger.stats(), {
  written: 1,
  exported: 1,
  queued: 0,
  fallback: 0,
  fallback_reasons: { overflow: 0, rejected: 0, deadline: 0, exit: 0, closed: 0, failed: 0 },
  retries: 0,
  duplicated: 0,
  dropped: 0,
});
await collector.close();

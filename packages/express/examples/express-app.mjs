// @dashtam/express: trace context, request logs and RFC 9457 problem documents on an Express app.
import assert from 'node:assert/strict';
import { getCorrelationId, getTraceId } from '@dashtam/container';
import { HttpError, notFound, problemDetails, requestLogger, traceContext } from '@dashtam/express';
import { recordingLogger } from '@dashtam/logger-protocol/testing';
import express from 'express';

// In an app: getLogger() from @dashtam/container. Here a logger that keeps its records, reading the
// trace context the container's loggers read.
const { logger, sink } = recordingLogger({ traceContext: getTraceId, correlationContext: getCorrelationId });
const app = express();
app.use(traceContext({ logger }));
app.use(requestLogger({ headers: ['user-agent'] }));
app.get('/users/:id', (req, res) => {
  if (req.params.id !== 'u-1') throw new HttpError(404, 'Not Found', 'No user with this id');
  req.log.info('User read', { user_id: req.params.id });
  res.json({ id: req.params.id });
});
app.use(notFound());
app.use(problemDetails());

const server = app.listen(0, '127.0.0.1');
await new Promise((resolve) => server.once('listening', resolve));
const base = `http://127.0.0.1:${server.address().port}`;

const ok = await fetch(`${base}/users/u-1`, { headers: { 'X-Trace-Id': 'order-7781-abc' } });
assert.equal(ok.status, 200);
assert.equal(ok.headers.get('x-correlation-id'), 'order-7781-abc');
const missing = await fetch(`${base}/users/u-2`);
assert.equal(missing.status, 404);
assert.equal(missing.headers.get('content-type'), 'application/problem+json; charset=utf-8');
const problem = await missing.json();
assert.equal(problem.trace_id, missing.headers.get('x-trace-id'));
server.close();

const completed = sink.records.filter((r) => r.message === 'Request completed');
assert.deepEqual(
  completed.map((r) => [r.level, r.status_code]),
  [
    ['info', 200],
    ['warning', 404],
  ],
);
assert.equal(sink.find('User read')?.correlation_id, 'order-7781-abc');

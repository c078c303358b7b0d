import { createEventBus, getCorrelationId, getTraceId } from '@dashtam/container';
import { REQUEST_METRICS, UNMATCHED_ROUTE } from '@dashtam/express';
import { recordingLogger } from '@dashtam/logger-protocol/testing';
import { RecordingMetrics } from '@dashtam/metrics-protocol/testing';
import request from 'supertest';
import { describe, expect, it, vi } from 'vitest';
import { createApp } from '../src/app.js';

function setup() {
  const { logger, sink } = recordingLogger({ traceContext: getTraceId, correlationContext: getCorrelationId });
  const app = createApp({ logger, eventBus: createEventBus(logger) });
  return { app, logger, sink };
}

const register = { email: 'ada@example.com', password: 'correct horse battery' };

describe('demo API', () => {
  it('gives every log of a request the trace id of its X-Trace-Id response header', async () => {
    const { app, sink } = setup();
    const res = await request(app).post('/users').send(register).expect(201);
    const traceId = res.headers['x-trace-id'];
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(sink.records.length).toBeGreaterThanOrEqual(5);
    expect(new Set(sink.records.map((r) => r.trace_id))).toEqual(new Set([traceId]));
    expect(sink.records.map((r) => r.message)).toEqual([
      'Request received',
      'user_registration_attempted',
      'user_registration_succeeded',
      'User created',
      'Request completed',
    ]);
    expect(sink.find('Request completed')).toMatchObject({
      http_method: 'POST',
      request_path: '/users',
      status_code: 201,
    });
    expect(typeof sink.find('Request completed')?.duration_ms).toBe('number');
  });

  it('keeps concurrent requests apart', async () => {
    const { app, sink } = setup();
    const ids = ['alpha-1', 'beta-2', 'gamma-3'];
    await Promise.all(ids.map((id) => request(app).post('/sync/accounts').set('X-Trace-Id', id).expect(200)));
    for (const id of ids) {
      const mine = sink.records.filter((r) => r.correlation_id === id);
      expect(new Set(mine.map((r) => r.trace_id)).size).toBe(1);
      expect(mine.map((r) => r.message)).toEqual([
        'Request received',
        'account_sync_attempted',
        'Provider request sent',
        'Provider answered',
        'Account sync completed',
        'account_sync_succeeded',
        'Request completed',
      ]);
    }
  });

  it('keeps a non-W3C X-Trace-Id as correlation_id beside a W3C trace id, echoed in X-Correlation-Id', async () => {
    const { app, sink } = setup();
    const res = await request(app).get('/health').set('X-Trace-Id', 'req_123.abc-XYZ').expect(200);
    expect(res.headers['x-correlation-id']).toBe('req_123.abc-XYZ');
    expect(res.headers['x-trace-id']).toMatch(/^[0-9a-f]{32}$/);
    expect(sink.records).toHaveLength(2);
    for (const r of sink.records) {
      expect(r).toMatchObject({ trace_id: res.headers['x-trace-id'], correlation_id: 'req_123.abc-XYZ' });
    }
    const missing = await request(app).get('/nowhere').set('X-Trace-Id', 'order-7781-abc').expect(404);
    expect(missing.body).toMatchObject({ trace_id: missing.headers['x-trace-id'], correlation_id: 'order-7781-abc' });
  });

  it('joins the trace of a W3C X-Trace-Id in any case, lower-cased, with no correlation id', async () => {
    const { app, sink } = setup();
    const res = await request(app).get('/health').set('X-Trace-Id', '4BF92F3577B34DA6A3CE929D0E0E4736').expect(200);
    expect(res.headers['x-trace-id']).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(res.headers['x-correlation-id']).toBeUndefined();
    expect(sink.records.map((r) => [r.trace_id, r.correlation_id])).toEqual([
      ['4bf92f3577b34da6a3ce929d0e0e4736', undefined],
      ['4bf92f3577b34da6a3ce929d0e0e4736', undefined],
    ]);
    sink.clear();
    // All zeros is not a trace id: it is kept as a correlation id.
    const zeros = await request(app).get('/health').set('X-Trace-Id', '0'.repeat(32)).expect(200);
    expect(zeros.headers['x-trace-id']).not.toBe('0'.repeat(32));
    expect(sink.records[0]?.correlation_id).toBe('0'.repeat(32));
  });

  it('prefers a traceparent over a different W3C X-Trace-Id, which it keeps as correlation_id', async () => {
    const { app, sink } = setup();
    const res = await request(app)
      .get('/health')
      .set('traceparent', '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01')
      .set('X-Trace-Id', '4bf92f3577b34da6a3ce929d0e0e4736')
      .expect(200);
    expect(res.headers['x-trace-id']).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(res.headers['x-correlation-id']).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(sink.records[0]).toMatchObject({
      trace_id: '0af7651916cd43dd8448eb211c80319c',
      correlation_id: '4bf92f3577b34da6a3ce929d0e0e4736',
    });
  });

  it('honours a W3C traceparent when no X-Trace-Id is given', async () => {
    const { app, sink } = setup();
    const res = await request(app)
      .get('/health')
      .set('traceparent', '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01');
    expect(res.headers['x-trace-id']).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(sink.records[0]?.trace_id).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
  });

  it('replaces an invalid X-Trace-Id with a fresh one and warns with the sanitised value', async () => {
    const { app, sink } = setup();
    for (const bad of ['has space', 'x'.repeat(10_000), 'naïve', 'a;b']) {
      sink.clear();
      const res = await request(app).get('/health').set('X-Trace-Id', bad).expect(200);
      expect(res.headers['x-trace-id']).toMatch(/^[0-9a-f]{32}$/);
      const warning = sink.find('Invalid X-Trace-Id header ignored');
      expect(warning?.level).toBe('warning');
      expect(String(warning?.received).length).toBeLessThanOrEqual(64 + 40);
      expect(warning?.received_length).toBe(bad.length);
      expect(warning?.trace_id).toBe(res.headers['x-trace-id']);
    }
  });

  it('refuses an X-Trace-Id that looks like a secret: never echoed, never logged, not even in part', async () => {
    const { app, sink } = setup();
    const jwt =
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkFkYSJ9.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';
    const github = `ghp_${'aB3'.repeat(12)}`;
    for (const secret of [jwt, github, `Bearer ${github}`]) {
      sink.clear();
      const res = await request(app).get('/health').set('X-Trace-Id', secret).expect(200);
      expect(res.headers['x-trace-id']).toMatch(/^[0-9a-f]{32}$/);
      expect(res.headers['x-correlation-id']).toBeUndefined();
      expect(JSON.stringify(res.headers)).not.toContain(secret.slice(-20));
      const lines = sink.lines.join('\n');
      expect(lines).not.toContain(secret.slice(0, 40));
      expect(lines).not.toContain(secret.slice(-20));
      expect(sink.find('Invalid X-Trace-Id header ignored')).toMatchObject({ received: '[REDACTED]' });
    }
  });

  it('logs the health check at debug level', async () => {
    const { app, sink } = setup();
    await request(app).get('/health').expect(200, { status: 'ok' });
    expect(sink.records.map((r) => [r.level, r.message])).toEqual([
      ['debug', 'Request received'],
      ['debug', 'Request completed'],
    ]);
  });

  it('answers an unknown route 404, malformed JSON 400 and failed validation 422 as problem documents with trace_id', async () => {
    const { app } = setup();
    const notFound = await request(app)
      .get('/nope')
      .expect(404)
      .expect('content-type', /application\/problem\+json/);
    expect(notFound.body).toMatchObject({
      type: 'about:blank',
      title: 'Not Found',
      status: 404,
      trace_id: notFound.headers['x-trace-id'],
    });
    const malformed = await request(app)
      .post('/users')
      .set('content-type', 'application/json')
      .send('{"email":')
      .expect(400);
    expect(malformed.body).toMatchObject({
      status: 400,
      title: 'Bad Request',
      trace_id: malformed.headers['x-trace-id'],
    });
    const invalid = await request(app).post('/users').send({ email: 'not-an-email', password: 'short' }).expect(422);
    expect(invalid.body.errors).toEqual([
      { field: 'email', message: 'must be an email address' },
      { field: 'password', message: 'must be 8 to 256 characters' },
    ]);
  });

  it('answers an unhandled error 500 without a stack or internal message, and logs it at error level', async () => {
    const { logger, sink } = recordingLogger({ traceContext: getTraceId, correlationContext: getCorrelationId });
    const app = createApp({
      logger,
      eventBus: createEventBus(logger),
      extend: (a) =>
        a.get('/boom', () => {
          throw new Error('database password rejected at 10.0.0.5');
        }),
    });
    const res = await request(app).get('/boom').expect(500);
    expect(res.body).toEqual({
      type: 'about:blank',
      title: 'Internal Server Error',
      status: 500,
      trace_id: res.headers['x-trace-id'],
    });
    expect(JSON.stringify(res.body)).not.toMatch(/database|stack|at /);
    const logged = sink.find('Unhandled exception');
    expect(logged).toMatchObject({
      level: 'error',
      error_type: 'Error',
      error_message: 'database password rejected at 10.0.0.5',
    });
    expect(String(logged?.error_stack)).toContain('database password rejected');
    expect(logged?.trace_id).toBe(res.headers['x-trace-id']);
  });

  it('publishes and logs registration and login events, and never logs the password', async () => {
    const { app, sink } = setup();
    await request(app).post('/users').send(register).expect(201);
    await request(app).post('/users').send(register).expect(409);
    await request(app).post('/sessions').send({ email: register.email, password: 'wrong password' }).expect(401);
    const ok = await request(app)
      .post('/sessions')
      .send({ email: register.email, password: register.password })
      .expect(201);
    const events = sink.records.filter((r) => typeof r.event_type === 'string').map((r) => [r.level, r.message]);
    expect(events).toEqual([
      ['info', 'user_registration_attempted'],
      ['info', 'user_registration_succeeded'],
      ['info', 'user_registration_attempted'],
      ['warning', 'user_registration_failed'],
      ['info', 'user_login_attempted'],
      ['warning', 'user_login_failed'],
      ['info', 'user_login_attempted'],
      ['info', 'user_login_succeeded'],
    ]);
    expect(sink.find('user_login_failed')).toMatchObject({ reason: 'invalid_credentials', email: register.email });
    const all = sink.lines.join('\n');
    expect(all).not.toContain(register.password);
    expect(all).not.toContain('wrong password');
    expect(all).not.toContain(ok.body.session_id);
  });

  it('serves a registered user and 404s an unknown one', async () => {
    const { app } = setup();
    const created = await request(app).post('/users').send(register).expect(201);
    await request(app).get(`/users/${created.body.id}`).expect(200, created.body);
    await request(app).get('/users/nope').expect(404);
  });

  it('logs a failed provider sync with its error and duration, answering 502', async () => {
    const { app, sink } = setup();
    await request(app).post('/sync/accounts?fail=true').expect(502);
    expect(sink.find('Account sync failed')).toMatchObject({
      level: 'error',
      error_message: 'Provider returned 503',
      provider: 'demo-bank',
    });
    expect(sink.find('account_sync_failed')).toMatchObject({ level: 'warning', reason: 'provider_unavailable' });
    expect(sink.find('Request completed')?.status_code).toBe(502);
  });
});

describe('demo API request metrics', () => {
  it('records count, latency and 5xx per route and status class', async () => {
    const { logger } = recordingLogger({ traceContext: getTraceId, correlationContext: getCorrelationId });
    const metrics = new RecordingMetrics();
    const app = createApp({ logger, eventBus: createEventBus(logger), metrics });
    await request(app).post('/users').send(register).expect(201);
    await request(app).post('/sync/accounts?fail=true').expect(502);
    await request(app).get('/nothing/here').expect(404);
    await vi.waitFor(() => expect(metrics.named(REQUEST_METRICS.requests)).toHaveLength(3), { interval: 5 });
    expect(metrics.named(REQUEST_METRICS.requests).map((c) => c.dimensions)).toEqual([
      { route: 'POST /users', status_class: '2xx' },
      { route: 'POST /sync/accounts', status_class: '5xx' },
      { route: UNMATCHED_ROUTE, status_class: '4xx' },
    ]);
    expect(metrics.named(REQUEST_METRICS.duration).map((c) => c.dimensions.route)).toEqual([
      'POST /users',
      'POST /sync/accounts',
      UNMATCHED_ROUTE,
    ]);
    const serviceWide = metrics.named(REQUEST_METRICS.serverErrors).filter((c) => c.dimensions.route === undefined);
    expect(serviceWide.map((c) => c.value)).toEqual([0, 1, 0]);
    expect(metrics.rejected).toEqual([]);
  });
});

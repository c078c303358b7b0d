import { getCorrelationId, getTraceId } from '@dashtam/container';
import { recordingLogger } from '@dashtam/logger-protocol/testing';
import express5, { type Express, type NextFunction, type Request, type Response } from 'express';
import express4 from 'express4';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import type { RequestLoggerOptions } from '../src/index.js';
import {
  HttpError,
  InvalidMiddlewareOptionsError,
  notFound,
  problemDetails,
  requestLogger,
  traceContext,
} from '../src/index.js';

const majors = [
  ['express 4', express4],
  ['express 5', express5],
] as const;

describe.each(majors)('@dashtam/express on %s', (_name, express) => {
  function setup(options: RequestLoggerOptions = {}, routes?: (app: Express) => void) {
    const { logger, sink } = recordingLogger({ traceContext: getTraceId, correlationContext: getCorrelationId });
    const app = express();
    app.use(traceContext({ logger }));
    app.use(requestLogger(options));
    app.use(express.json());
    app.get('/health', (_req, res) => {
      res.json({ status: 'ok' });
    });
    app.get('/hello', (req, res) => {
      // req.log and res.locals.logger are typed: no cast.
      req.log.info('Saying hello', { who: 'ada' });
      res.locals.logger.debug('Said hello');
      res.json({ trace_id: res.locals.traceId });
    });
    app.post('/items', (req, _res, next: NextFunction) => {
      next(new HttpError(422, 'Unprocessable Content', 'Invalid item', [{ field: 'name', message: 'required' }]));
      void req;
    });
    app.get('/boom', (_req: Request, _res: Response, next: NextFunction) => {
      next(new Error('database password rejected at 10.0.0.5'));
    });
    routes?.(app);
    app.use(notFound());
    app.use(problemDetails());
    return { app, logger, sink };
  }

  it('gives every record of a request the trace id sent back in X-Trace-Id, through req.log and res.locals.logger', async () => {
    const { app, sink } = setup();
    const res = await request(app).get('/hello').expect(200);
    const traceId = res.headers['x-trace-id'];
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(res.body).toEqual({ trace_id: traceId });
    expect(sink.records.map((r) => [r.level, r.message, r.trace_id, r.request_path, r.http_method])).toEqual([
      ['info', 'Request received', traceId, '/hello', 'GET'],
      ['info', 'Saying hello', traceId, '/hello', 'GET'],
      ['debug', 'Said hello', traceId, '/hello', 'GET'],
      ['info', 'Request completed', traceId, '/hello', 'GET'],
    ]);
    expect(sink.find('Request completed')).toMatchObject({ status_code: 200 });
    expect(typeof sink.find('Request completed')?.duration_ms).toBe('number');
  });

  it('gives each request its own path, method and trace id, for repeated paths and more paths than the bound-logger cache holds', async () => {
    const { app, sink } = setup();
    const paths = [...Array.from({ length: 300 }, (_, i) => `/nowhere/${i}`), '/nowhere/1', '/nowhere/1'];
    const traceIds: string[] = [];
    for (const path of paths) {
      const res = await request(app).get(path).expect(404);
      traceIds.push(String(res.headers['x-trace-id']));
      const completed = sink.records.filter((r) => r.message === 'Request completed').at(-1);
      expect(completed).toMatchObject({ request_path: path, http_method: 'GET', trace_id: res.headers['x-trace-id'] });
    }
    expect(new Set(traceIds).size).toBe(paths.length);
    const posted = await request(app).post('/nowhere/1').expect(404);
    const postedRecord = sink.records.find(
      (r) => r.message === 'Request completed' && r.trace_id === posted.headers['x-trace-id'],
    );
    expect(postedRecord).toMatchObject({
      request_path: '/nowhere/1',
      http_method: 'POST',
    });
  });

  it('joins the trace of a W3C X-Trace-Id (lower-cased) and keeps any other id as correlation_id, echoed', async () => {
    const { app, sink } = setup();
    const w3c = await request(app).get('/hello').set('X-Trace-Id', '4BF92F3577B34DA6A3CE929D0E0E4736').expect(200);
    expect(w3c.headers['x-trace-id']).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(w3c.headers['x-correlation-id']).toBeUndefined();
    sink.clear();
    const other = await request(app).get('/nowhere').set('X-Trace-Id', 'order-7781-abc').expect(404);
    expect(other.headers['x-correlation-id']).toBe('order-7781-abc');
    expect(other.body).toMatchObject({ trace_id: other.headers['x-trace-id'], correlation_id: 'order-7781-abc' });
    for (const r of sink.records) expect(r.correlation_id).toBe('order-7781-abc');
  });

  it('prefers a traceparent over a different W3C X-Trace-Id, which it keeps as correlation_id', async () => {
    const { app } = setup();
    const res = await request(app)
      .get('/hello')
      .set('traceparent', '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01')
      .set('X-Trace-Id', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa')
      .expect(200);
    expect(res.headers['x-trace-id']).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(res.headers['x-correlation-id']).toBe('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa');
  });

  it('refuses a secret-looking X-Trace-Id: never echoed, never logged, not even in part', async () => {
    const { app, sink } = setup();
    const secret = `ghp_${'aB3'.repeat(12)}`;
    const res = await request(app).get('/hello').set('X-Trace-Id', secret).expect(200);
    expect(res.headers['x-trace-id']).toMatch(/^[0-9a-f]{32}$/);
    expect(res.headers['x-correlation-id']).toBeUndefined();
    expect(sink.lines.join('\n')).not.toContain(secret.slice(-20));
    expect(sink.find('Invalid X-Trace-Id header ignored')).toMatchObject({
      level: 'warning',
      received: '[REDACTED]',
    });
  });

  it('logs 4xx at warning, 5xx at error, health checks at debug, by default', async () => {
    const { app, sink } = setup();
    await request(app).get('/health').expect(200);
    await request(app).post('/items').send({}).expect(422);
    await request(app).get('/boom').expect(500);
    expect(sink.records.filter((r) => r.message === 'Request completed').map((r) => [r.level, r.status_code])).toEqual([
      ['debug', 200],
      ['warning', 422],
      ['error', 500],
    ]);
    expect(sink.atLevel('debug').map((r) => r.message)).toEqual(['Request received', 'Request completed']);
  });

  it('asks level(req, res, err) with the error problemDetails answered for', async () => {
    const seen: unknown[] = [];
    const { app, sink } = setup({
      level: (_req, res, err) => {
        // Asked for Request received too (as pino-http asks customLogLevel), before any response.
        if (!res.headersSent) return 'info';
        seen.push(err);
        return res.statusCode >= 500 ? 'critical' : 'info';
      },
    });
    await request(app).get('/boom').expect(500);
    await request(app).get('/nowhere').expect(404);
    await request(app).post('/items').send({}).expect(422);
    await request(app).post('/items').set('content-type', 'application/json').send('{"name":').expect(400);
    expect(seen).toHaveLength(4);
    expect((seen[0] as Error).message).toContain('database password rejected');
    // Every 4xx answered as a problem document reaches level() with its error too.
    expect(seen[1]).toBeInstanceOf(HttpError);
    expect(seen[1]).toMatchObject({ status: 404, message: 'No route for GET /nowhere' });
    expect(seen[2]).toMatchObject({ status: 422, message: 'Invalid item' });
    expect(seen[3]).toMatchObject({ type: 'entity.parse.failed', status: 400 });
    expect(sink.records.filter((r) => r.message === 'Request completed').map((r) => r.level)).toEqual([
      'critical',
      'info',
      'info',
      'info',
    ]);
  });

  it('says why a 4xx failed on its record, at warning by default', async () => {
    const { app, sink } = setup();
    await request(app).get('/nowhere').expect(404);
    await request(app).post('/items').send({}).expect(422);
    await request(app).post('/items').set('content-type', 'application/json').send('{"name":').expect(400);
    const completed = sink.records.filter((r) => r.message === 'Request completed');
    expect(completed.map((r) => [r.level, r.status_code, r.error_type])).toEqual([
      ['warning', 404, 'HttpError'],
      ['warning', 422, 'HttpError'],
      ['warning', 400, 'SyntaxError'],
    ]);
    expect(completed[0]?.error_message).toBe('No route for GET /nowhere');
    expect(completed[1]?.error_message).toBe('Invalid item');
    expect(typeof completed[2]?.error_message).toBe('string');
  });

  it('logs nothing for ignored requests', async () => {
    const { app, sink } = setup({ ignore: (req) => req.path === '/health' });
    await request(app).get('/health').expect(200);
    expect(sink.records).toEqual([]);
  });

  it('logs only the allowed headers, with credentials redacted', async () => {
    const { app, sink } = setup({ headers: ['User-Agent', 'authorization', 'x-tenant'] });
    await request(app)
      .get('/hello')
      .set('User-Agent', 'probe/1.0')
      .set('Authorization', 'Basic YWRhOmNvcnJlY3QgaG9yc2U=')
      .set('Cookie', 'sid=s3cr3t-session')
      .expect(200);
    expect(sink.find('Request received')?.request_headers).toEqual({
      'user-agent': 'probe/1.0',
      authorization: '[REDACTED]',
    });
    const all = sink.lines.join('\n');
    expect(all).not.toContain('YWRhOmNvcnJlY3QgaG9yc2U');
    expect(all).not.toContain('s3cr3t-session');
  });

  it('adds fields(req, res) to Request completed, through the logger redaction', async () => {
    const { app, sink } = setup({
      fields: (req, res) => ({ route: req.path, content_type: res.get('content-type'), api_key: 'k-123456789' }),
    });
    await request(app).get('/hello').expect(200);
    expect(sink.find('Request completed')).toMatchObject({
      route: '/hello',
      content_type: expect.stringContaining('application/json'),
      api_key: '[REDACTED]',
    });
  });

  it('keeps logging when a callback throws or returns no level, and says so on the record', async () => {
    const { app, sink } = setup({
      level: () => 'loud' as never,
      fields: () => {
        throw new Error('fields broke');
      },
    });
    await request(app).get('/hello').expect(200);
    expect(sink.find('Request completed')).toMatchObject({
      level: 'info',
      level_error: 'not a level: "loud"',
      fields_error: 'fields broke',
    });
  });

  it('answers an unknown route 404, malformed JSON 400 and an HttpError with its own status as problem documents', async () => {
    const { app } = setup();
    const missing = await request(app)
      .get('/nope')
      .expect(404)
      .expect('content-type', /application\/problem\+json/);
    expect(missing.body).toEqual({
      type: 'about:blank',
      title: 'Not Found',
      status: 404,
      detail: 'No route for GET /nope',
      trace_id: missing.headers['x-trace-id'],
    });
    const malformed = await request(app)
      .post('/items')
      .set('content-type', 'application/json')
      .send('{"a":')
      .expect(400);
    expect(malformed.body).toMatchObject({ title: 'Bad Request', detail: 'The request body is not valid JSON' });
    const invalid = await request(app).post('/items').send({}).expect(422);
    expect(invalid.body).toMatchObject({
      title: 'Unprocessable Content',
      detail: 'Invalid item',
      errors: [{ field: 'name', message: 'required' }],
    });
  });

  it('answers an unknown error 500 with no internals, and logs it at error level with the trace id', async () => {
    const { app, sink } = setup();
    const res = await request(app).get('/boom').expect(500);
    expect(res.body).toEqual({
      type: 'about:blank',
      title: 'Internal Server Error',
      status: 500,
      trace_id: res.headers['x-trace-id'],
    });
    expect(res.text).not.toMatch(/database|10\.0\.0\.5|at /);
    expect(sink.find('Unhandled exception')).toMatchObject({
      level: 'error',
      error_type: 'Error',
      trace_id: res.headers['x-trace-id'],
    });
  });

  it('answers an error with a 4xx status (http-errors style) with that status, its message only when exposed', async () => {
    const { app } = setup({}, (app) => {
      app.get('/teapot', (_req, _res, next) => {
        next(Object.assign(new Error('short and stout'), { status: 418, expose: true }));
      });
      app.get('/hidden', (_req, _res, next) => {
        next(Object.assign(new Error('internal reason'), { statusCode: 403, expose: false }));
      });
      app.get('/upstream', (_req, _res, next) => {
        next(Object.assign(new Error('pool exhausted'), { status: 503 }));
      });
    });
    const teapot = await request(app).get('/teapot').expect(418);
    expect(teapot.body).toMatchObject({ title: "I'm a Teapot", detail: 'short and stout' });
    const hidden = await request(app).get('/hidden').expect(403);
    expect(hidden.body).toEqual({
      type: 'about:blank',
      title: 'Forbidden',
      status: 403,
      trace_id: hidden.headers['x-trace-id'],
    });
    const upstream = await request(app).get('/upstream').expect(500);
    expect(upstream.text).not.toContain('pool exhausted');
  });

  it('logs an error raised after the response started, with the request ids, and cuts the response', async () => {
    let later = 0;
    const { app, sink } = setup({}, (a) => {
      a.get('/half', (_req, res, next) => {
        res.status(200).type('text/plain').write('partial ');
        next(new Error('stream broke after headers'));
      });
    });
    // An error handler after problemDetails(): it must not be reached (the error was handled).
    app.use((error: Error, _req: Request, _res: Response, next: NextFunction) => {
      later++;
      next(error);
    });
    const server = app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    const address = server.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    // The response was cut: reading it fails (a complete-looking body would be a lie).
    const outcome = await fetch(`http://127.0.0.1:${port}/half`).then(
      (r) =>
        r.text().then(
          () => 'complete',
          () => 'cut',
        ),
      () => 'cut',
    );
    await new Promise<void>((resolve) => server.close(() => resolve()));
    expect(outcome).toBe('cut');
    expect(later).toBe(0);
    const unhandled = sink.find('Unhandled exception after the response started');
    expect(unhandled).toMatchObject({
      level: 'error',
      request_path: '/half',
      error_message: 'stream broke after headers',
    });
    const completed = sink.find('Request completed');
    expect(completed).toMatchObject({ level: 'error', request_path: '/half' });
    expect(completed?.trace_id).toBe(unhandled?.trace_id);
  });

  it('logs Request completed with aborted: true when the client goes away first', async () => {
    let arrived: () => void = () => undefined;
    const waiting = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    // fields() runs as Request completed is being written (synchronously, right after it returns).
    let completing: () => void = () => undefined;
    const completed = new Promise<void>((resolve) => {
      completing = resolve;
    });
    const { app, sink } = setup(
      {
        fields: () => {
          completing();
          return {};
        },
      },
      (app) => {
        app.get('/slow', () => {
          arrived();
        });
      },
    );
    const server = app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server.once('listening', resolve));
    const address = server.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    const controller = new AbortController();
    const call = fetch(`http://127.0.0.1:${port}/slow`, { signal: controller.signal }).catch(() => undefined);
    await waiting;
    controller.abort();
    await call;
    await completed;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    expect(sink.find('Request completed')).toMatchObject({ aborted: true, level: 'info', response_sent: false });
    // Nothing was sent: no status code is claimed.
    expect(sink.find('Request completed')).not.toHaveProperty('status_code');
    // Logged in the request's context: the trace id of the request, not a fresh one.
    expect(sink.find('Request completed')?.trace_id).toBe(sink.find('Request received')?.trace_id);
  });

  it('without traceContext before it, says so once where the logs go and still logs every request', async () => {
    const { logger, sink } = recordingLogger({ traceContext: getTraceId });
    const app = express();
    app.use(requestLogger({ logger }));
    app.get('/x', (_req, res) => {
      res.send('x');
    });
    app.get('/boom', (_req: Request, _res: Response, next: NextFunction) => {
      next(new Error('boom'));
    });
    app.use(problemDetails());
    await request(app).get('/x').expect(200);
    await request(app).get('/x').expect(200);
    await request(app).get('/boom').expect(500);
    const warnings = sink.records.filter((r) => r.level === 'warning');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ error_code: 'DASHTAM_EXPRESS_MISSING_TRACE_CONTEXT' });
    expect(warnings[0]?.message).toContain('mount traceContext({ logger }) before it');
    expect(
      sink.records
        .filter((r) => r.message === 'Request completed')
        .map((r) => [r.level, r.request_path, r.http_method, r.status_code]),
    ).toEqual([
      ['info', '/x', 'GET', 200],
      ['info', '/x', 'GET', 200],
      ['error', '/boom', 'GET', 500],
    ]);
  });
});

describe('option validation', () => {
  it('refuses a requestLogger logger that is not a LoggerProtocol, saying what is accepted', () => {
    expect(() => requestLogger({ logger: 'console' } as never)).toThrow(
      'requestLogger({ logger }): logger must be a LoggerProtocol (e.g. getLogger() from @dashtam/container), got "console"',
    );
  });

  it('refuses a traceContext without a logger, saying what is accepted', () => {
    expect(() => traceContext({} as never)).toThrow(InvalidMiddlewareOptionsError);
    expect(() => traceContext({ logger: 'console' } as never)).toThrow(
      'traceContext({ logger }): logger must be a LoggerProtocol (e.g. getLogger() from @dashtam/container), got "console"',
    );
  });

  it('refuses requestLogger options that are not what is accepted, naming them', () => {
    expect(() => requestLogger({ level: 'info' } as never)).toThrow(
      'requestLogger({ level }): level must be a function, got "info"',
    );
    expect(() => requestLogger({ headers: 'user-agent' } as never)).toThrow(
      'requestLogger({ headers }): headers must be an array of header names (e.g. [\'user-agent\']), got "user-agent"',
    );
    expect(() => requestLogger({ redactHeaders: ['bad header'] })).toThrow(
      'requestLogger({ redactHeaders }): "bad header" is not a header name',
    );
    expect(() => requestLogger({ healthPaths: ['health'] })).toThrow(
      /healthPaths must be an array of paths starting with '\/'/,
    );
    expect(() => requestLogger({ logReceived: 'yes' } as never)).toThrow(
      /logReceived must be true or false, got "yes"/,
    );
    expect(() => requestLogger(null as never)).toThrow(/options must be an object, got null/);
    try {
      requestLogger({ ignore: 1 } as never);
    } catch (e) {
      expect(e).toMatchObject({ code: 'DASHTAM_EXPRESS_INVALID_OPTIONS', name: 'InvalidMiddlewareOptionsError' });
    }
  });
});

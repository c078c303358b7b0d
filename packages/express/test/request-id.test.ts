import { configureContainer, getLogger, shutdown } from '@dashtam/container';
import { capturedOutput } from '@dashtam/logger-protocol/testing';
import express5, { type Express } from 'express';
import express4 from 'express4';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import {
  HttpError,
  InvalidMiddlewareOptionsError,
  problemDetails,
  type RequestLoggerOptions,
  requestLogger,
  type TraceContextOptions,
  traceContext,
} from '../src/index.js';

// Request ids, the completion record's facts and the options a pino-http user reaches for, read
// from the container's real output, over real sockets (supertest listens on an ephemeral port),
// on Express 4 and 5.
const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const JWT =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';

// Code that is given no logger: it takes the container's, as a service does.
async function service(): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  getLogger().child('orders').info('orders loaded');
}

// The container at debug, its JSON lines captured: what every app below logs through.
function debugOutput(): ReturnType<typeof capturedOutput> {
  const out = capturedOutput();
  configureContainer({
    env: { ENVIRONMENT: 'testing', LOG_LEVEL: 'debug' },
    destination: out.destination,
    exitHooks: false,
  });
  return out;
}

afterEach(async () => {
  await shutdown();
  configureContainer({});
});

const majors = [
  ['express 4', express4],
  ['express 5', express5],
] as const;

describe.each(majors)('request ids and completion facts on %s', (_name, express) => {
  function app(
    trace: Partial<TraceContextOptions> = {},
    logOptions: RequestLoggerOptions = {},
    routes?: (a: Express) => void,
  ) {
    const out = debugOutput();
    const logger = getLogger();
    const a = express();
    a.use(traceContext({ logger, ...trace }));
    a.use(requestLogger(logOptions));
    a.get('/orders/:id', async (req, res) => {
      req.log.info('reading order');
      await service();
      res.json({ id: req.params.id, request_id: req.id, locals: res.locals.requestId });
    });
    a.get('/stream', (_req, res) => {
      res.type('text/plain');
      res.write('héllo ');
      res.write(Buffer.from('world'));
      res.end('!');
    });
    a.get('/missing', () => {
      throw new HttpError(404, 'Not Found', 'No such thing');
    });
    a.get('/boom', () => {
      throw new Error('kaput');
    });
    const router = express.Router();
    router.get('/items/:itemId', (_req, res) => {
      res.send('item');
    });
    a.use('/api', router);
    // A sub-app: its response prototype inherits from the app's; the body is counted once.
    const sub = express();
    sub.get('/stream', (_req, res) => {
      res.write('sub ');
      res.end(Buffer.from('app'));
    });
    a.use('/sub', sub);
    routes?.(a);
    a.use(problemDetails());
    return { app: a, out, logger };
  }

  async function records(out: ReturnType<typeof capturedOutput>) {
    await getLogger().flush();
    return out.records();
  }

  it('makes a UUIDv7 request id, echoes it in X-Request-Id, gives it to req.id and res.locals, and writes it on every record of the request', async () => {
    const { app: a, out } = app();
    const before = Date.now();
    const res = await request(a).get('/orders/7').expect(200);
    const after = Date.now();
    const id = String(res.headers['x-request-id']);
    expect(id).toMatch(UUID_V7);
    const millis = Number.parseInt(id.replaceAll('-', '').slice(0, 12), 16);
    expect(millis).toBeGreaterThanOrEqual(before);
    expect(millis).toBeLessThanOrEqual(after);
    expect(res.body).toEqual({ id: '7', request_id: id, locals: id });
    const all = await records(out);
    expect(all.map((r) => [r.message, r.request_id, r.trace_id])).toEqual([
      ['Request received', id, res.headers['x-trace-id']],
      ['reading order', id, res.headers['x-trace-id']],
      ['orders loaded', id, res.headers['x-trace-id']],
      ['Request completed', id, res.headers['x-trace-id']],
    ]);
  });

  it('tells apart two requests of one trace', async () => {
    const { app: a, out } = app();
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const one = await request(a).get('/orders/1').set('traceparent', traceparent).expect(200);
    const two = await request(a).get('/orders/2').set('traceparent', traceparent).expect(200);
    expect(one.headers['x-trace-id']).toBe(two.headers['x-trace-id']);
    expect(one.headers['x-request-id']).not.toBe(two.headers['x-request-id']);
    const completed = (await records(out)).filter((r) => r.message === 'Request completed');
    expect(completed.map((r) => r.request_id)).toEqual([one.headers['x-request-id'], two.headers['x-request-id']]);
  });

  it("keeps a caller's X-Request-Id that passes the X-Trace-Id checks, and echoes it", async () => {
    const { app: a, out } = app();
    const res = await request(a).get('/orders/1').set('X-Request-Id', 'lb-7781.abc_9').expect(200);
    expect(res.headers['x-request-id']).toBe('lb-7781.abc_9');
    expect((await records(out)).every((r) => r.request_id === 'lb-7781.abc_9')).toBe(true);
  });

  it('refuses an X-Request-Id with bad characters (reported, sanitised) and one shaped like a secret (never echoed, never written)', async () => {
    const { app: a, out } = app();
    const bad = await request(a).get('/orders/1').set('X-Request-Id', 'id with spaces').expect(200);
    expect(String(bad.headers['x-request-id'])).toMatch(UUID_V7);
    const secret = await request(a).get('/orders/1').set('X-Request-Id', JWT).expect(200);
    expect(String(secret.headers['x-request-id'])).toMatch(UUID_V7);
    const all = await records(out);
    const warnings = all.filter((r) => r.message === 'Invalid X-Request-Id header ignored');
    expect(warnings).toMatchObject([
      { level: 'warning', received: 'id with spaces', request_id: bad.headers['x-request-id'] },
      { level: 'warning', received: '[REDACTED]', received_length: JWT.length },
    ]);
    expect(out.text()).not.toContain(JWT.slice(0, 20));
    expect(JSON.stringify(secret.headers)).not.toContain(JWT.slice(0, 20));
  });

  it('uses genReqId when the caller sent no id, a UUIDv7 (with a warning) when genReqId fails, and ignores callers with requestIdHeader: false', async () => {
    let n = 0;
    const made = app({ genReqId: (req) => `${req.method.toLowerCase()}-${++n}` });
    const first = await request(made.app).get('/orders/1').expect(200);
    expect(first.headers['x-request-id']).toBe('get-1');
    const kept = await request(made.app).get('/orders/1').set('x-request-id', 'caller-1').expect(200);
    expect(kept.headers['x-request-id']).toBe('caller-1');
    await shutdown();

    const failing = app({
      genReqId: () => {
        throw new Error('id service down');
      },
    });
    const res = await request(failing.app).get('/orders/1').expect(200);
    expect(String(res.headers['x-request-id'])).toMatch(UUID_V7);
    expect((await records(failing.out)).find((r) => r.message === 'genReqId failed; a UUIDv7 is used')).toMatchObject({
      reason: 'genReqId threw: id service down',
      request_id: res.headers['x-request-id'],
    });
    await shutdown();

    const edge = app({ requestIdHeader: false, requestIdKey: 'req_id' });
    const fresh = await request(edge.app).get('/orders/1').set('x-request-id', 'chosen-by-client').expect(200);
    expect(String(fresh.headers['x-request-id'])).toMatch(UUID_V7);
    const edgeRecords = await records(edge.out);
    expect(edgeRecords.every((r) => r.req_id === fresh.headers['x-request-id'] && r.request_id === undefined)).toBe(
      true,
    );
  });

  it('refuses request id options it cannot use, naming what is accepted', () => {
    const logger = getLogger();
    expect(() => traceContext({ logger, requestIdKey: 'trace_id' })).toThrow(InvalidMiddlewareOptionsError);
    expect(() => traceContext({ logger, requestIdKey: 'trace_id' })).toThrow(/written by the logger itself/);
    expect(() => traceContext({ logger, requestIdHeader: 'x request' })).toThrow(/must be a header name/);
    expect(() => traceContext({ logger, genReqId: 'uuid' as never })).toThrow(/genReqId must be a function/);
    expect(() => traceContext({ logger, quietReqLogger: 'yes' as never })).toThrow(/true or false/);
  });

  it('writes the route template, the query (redacted), the client address and the response size on the completion', async () => {
    const { app: a, out } = app();
    const res = await request(a).get('/orders/42?q=shoes&token=abc123def&tag=a&tag=b').expect(200);
    const stream = await request(a).get('/stream').expect(200);
    await request(a).get('/api/items/9').expect(200);
    await request(a).get('/stream').expect(200);
    await request(a).get('/sub/stream').expect(200);
    const completed = (await records(out)).filter((r) => r.message === 'Request completed');
    expect(completed[0]).toMatchObject({
      route: '/orders/:id',
      query: { q: 'shoes', token: '[REDACTED]', tag: ['a', 'b'] },
      response_size: Buffer.byteLength(JSON.stringify(res.body)),
    });
    expect(String(completed[0]?.client_ip)).toMatch(/^127\.0\.0\.1$|^::1$/); // IPv4 in its usual form, not ::ffff:
    expect(out.text()).not.toContain('abc123def');
    expect(stream.text).toBe('héllo world!');
    expect(completed[1]).toMatchObject({ route: '/stream', response_size: Buffer.byteLength('héllo world!') });
    expect(completed[1]).not.toHaveProperty('query');
    expect(completed[2]).toMatchObject({ route: '/api/items/:itemId', response_size: 4 });
    // Counted again on the next response (the count is per response), and once in a sub-app.
    expect(completed[3]).toMatchObject({ route: '/stream', response_size: Buffer.byteLength('héllo world!') });
    expect(completed[4]).toMatchObject({ route: '/sub/stream', response_size: 7 });
  });

  it("takes the client address from X-Forwarded-For only when Express's trust proxy says so", async () => {
    const direct = app();
    await request(direct.app).get('/orders/1').set('X-Forwarded-For', '203.0.113.7').expect(200);
    const directRecord = (await records(direct.out)).find((r) => r.message === 'Request completed');
    expect(directRecord?.client_ip).not.toBe('203.0.113.7');
    await shutdown();
    const proxied = app({}, {}, () => undefined);
    proxied.app.set('trust proxy', 'loopback');
    await request(proxied.app).get('/orders/1').set('X-Forwarded-For', '203.0.113.7').expect(200);
    const proxiedRecord = (await records(proxied.out)).find((r) => r.message === 'Request completed');
    expect(proxiedRecord?.client_ip).toBe('203.0.113.7');
  });
});

describe.each(majors)('the options a pino-http user reaches for, on %s', (_name, express) => {
  function app(trace: Partial<TraceContextOptions>, logOptions: RequestLoggerOptions) {
    const out = debugOutput();
    const a = express();
    a.use(traceContext({ logger: getLogger(), ...trace }));
    a.use(requestLogger(logOptions));
    a.get('/ok', (req, res) => {
      req.log.info('in the handler');
      res.json({ ok: true });
    });
    a.get('/missing', () => {
      throw new HttpError(404, 'Not Found', 'No such thing');
    });
    a.get('/boom', () => {
      throw new Error('kaput');
    });
    a.use(problemDetails());
    return { app: a, out };
  }
  const read = async (out: ReturnType<typeof capturedOutput>) => {
    await getLogger().flush();
    return out.records();
  };

  it('writes custom received, success and error messages; a failing one falls back and says why', async () => {
    const { app: a, out } = app(
      {},
      {
        customReceivedMessage: (req) => `${req.method} ${req.path} received`,
        customSuccessMessage: (req, res, time) => `${req.path} answered ${res.statusCode} in ${typeof time}`,
        customErrorMessage: (req, res, err) =>
          req.path === '/missing' ? `${res.statusCode}: ${(err as Error).message}` : (undefined as never),
      },
    );
    await request(a).get('/ok').expect(200);
    await request(a).get('/missing').expect(404);
    await request(a).get('/boom').expect(500);
    const messages = (await read(out)).map((r) => r.message);
    expect(messages).toEqual([
      'GET /ok received',
      'in the handler',
      '/ok answered 200 in number',
      'GET /missing received',
      '404: No such thing',
      'GET /boom received',
      'Unhandled exception',
      'Request completed',
    ]);
    expect((await read(out)).at(-1)?.message_error).toMatch(/must be a non-empty string/);
  });

  it("logs nothing for a request whose level is 'silent', one level for all with useLevel, and refuses both together", async () => {
    const silent = app({}, { level: (req) => (req.path === '/ok' ? 'silent' : 'warning') });
    await request(silent.app).get('/ok').expect(200);
    await request(silent.app).get('/missing').expect(404);
    const completed = (await read(silent.out)).filter((r) => r.message === 'Request completed');
    expect(completed.map((r) => r.request_path)).toEqual(['/missing']);
    await shutdown();
    expect(() => requestLogger({ useLevel: 'loud' as never })).toThrow(/useLevel must be one of .*silent/);
    expect(() => requestLogger({ useLevel: 'debug', level: () => 'info' })).toThrow(/give one of them/);
    const debug = app({}, { useLevel: 'debug' });
    await request(debug.app).get('/boom').expect(500);
    expect((await read(debug.out)).find((r) => r.message === 'Request completed')?.level).toBe('debug');
  });

  it('renames the fields with customAttributeKeys, and refuses unknown or clashing names', async () => {
    const { app: a, out } = app(
      {},
      { customAttributeKeys: { duration_ms: 'responseTime', status_code: 'statusCode' } },
    );
    await request(a).get('/ok').expect(200);
    const completed = (await read(out)).find((r) => r.message === 'Request completed');
    expect(completed).toMatchObject({ statusCode: 200 });
    expect(typeof completed?.responseTime).toBe('number');
    expect(completed).not.toHaveProperty('duration_ms');
    expect(() => requestLogger({ customAttributeKeys: { reqId: 'id' } as never })).toThrow(/accepted: status_code/);
    expect(() => requestLogger({ customAttributeKeys: { duration_ms: 'status_code' } })).toThrow(/would name two/);
    expect(() => requestLogger({ customAttributeKeys: { duration_ms: 'level' } })).toThrow(/written by the logger/);
  });

  it('writes what serializers give under req, res and err; a throwing one is reported', async () => {
    const { app: a, out } = app(
      {},
      {
        serializers: {
          req: (req) => ({ method: req.method, url: req.originalUrl, authorization: req.get('authorization') }),
          res: (res) => ({ statusCode: res.statusCode }),
          err: (err) => {
            if ((err as Error).message === 'kaput') throw new Error('cannot serialise');
            return { type: (err as Error).name, msg: (err as Error).message };
          },
        },
      },
    );
    await request(a).get('/ok').set('authorization', 'Bearer abc.def.ghi').expect(200);
    await request(a).get('/missing').expect(404);
    const all = await read(out);
    expect(all[0]).toMatchObject({ message: 'Request received', req: { method: 'GET', url: '/ok' } });
    expect(JSON.stringify(all)).not.toContain('abc.def.ghi');
    expect(all.find((r) => r.message === 'Request completed')).toMatchObject({ res: { statusCode: 200 } });
    expect(all.filter((r) => r.message === 'Request completed')[1]).toMatchObject({
      err: { type: 'HttpError', msg: 'No such thing' },
    });
    expect(() => requestLogger({ serializers: { body: () => ({}) } as never })).toThrow(/accepted: req, res, err/);
  });

  it('binds req.log to nothing but the request with quietReqLogger; the request records keep their fields', async () => {
    const { app: a, out } = app({ quietReqLogger: true }, {});
    const res = await request(a).get('/ok').expect(200);
    const all = await read(out);
    const handler = all.find((r) => r.message === 'in the handler');
    expect(handler).toMatchObject({ request_id: res.headers['x-request-id'] });
    expect(handler).not.toHaveProperty('request_path');
    expect(all.find((r) => r.message === 'Request completed')).toMatchObject({
      request_path: '/ok',
      request_id: res.headers['x-request-id'],
    });
  });

  it('gives each request a request id of its own when traceContext() is missing', async () => {
    const out = capturedOutput();
    configureContainer({ env: { ENVIRONMENT: 'testing' }, destination: out.destination, exitHooks: false });
    const a = express();
    a.use(requestLogger());
    a.get('/ok', (req, res) => {
      res.json({ id: req.id });
    });
    const first = await request(a).get('/ok').expect(200);
    await request(a).get('/ok').expect(200);
    const completed = (await read(out)).filter((r) => r.message === 'Request completed');
    expect(completed).toHaveLength(2);
    expect(first.body.id).toBe(completed[0]?.request_id); // req.id is the records' id here too
    expect(String(completed[0]?.request_id)).toMatch(UUID_V7);
    expect(completed[0]?.request_id).not.toBe(completed[1]?.request_id);
  });
});

describe.each(majors)('what a review found, on %s', (_name, express) => {
  function app(trace: Partial<TraceContextOptions>, logOptions: RequestLoggerOptions, routes?: (a: Express) => void) {
    const out = debugOutput();
    const a = express();
    a.use(traceContext({ logger: getLogger(), ...trace }));
    routes?.(a);
    a.use(requestLogger(logOptions));
    a.get('/ok', (_req, res) => {
      res.json({ ok: true });
    });
    a.get('/stream', (_req, res) => {
      res.write('hello ');
      res.end('world');
    });
    a.delete('/gone', (_req, res) => {
      res.status(204).end();
    });
    return { app: a, out };
  }
  const read = async (out: ReturnType<typeof capturedOutput>) => {
    await getLogger().flush();
    return out.records();
  };

  it("checks genReqId's answer as the header is checked: a refused header read back by genReqId is not echoed, and the report never holds the value", async () => {
    const { app: a, out } = app({ genReqId: (req) => String(req.headers['x-request-id'] ?? 'fallback-1') }, {});
    const long = `${JWT}.${'x'.repeat(20)}`;
    const one = await request(a).get('/ok').set('X-Request-Id', JWT).expect(200);
    const two = await request(a).get('/ok').set('X-Request-Id', long).expect(200);
    for (const res of [one, two]) expect(String(res.headers['x-request-id'])).toMatch(UUID_V7);
    const failures = (await read(out)).filter((r) => r.message === 'genReqId failed; a UUIDv7 is used');
    expect(failures).toHaveLength(2);
    expect(String(failures[0]?.reason)).toMatch(/looks like a secret/);
    expect(out.text()).not.toContain(JWT.slice(0, 12));
  });

  it('refuses a genReqId answer that cannot be a header value (no 500) and a caller id the redaction would change', async () => {
    const { app: a, out } = app({ genReqId: () => 'käse-日本' }, {});
    const res = await request(a).get('/ok').expect(200);
    expect(String(res.headers['x-request-id'])).toMatch(UUID_V7);
    const bearer = await request(a).get('/ok').set('X-Request-Id', 'Bearer-AKIAIOSFODNN7EXAMPLE').expect(200);
    expect(String(bearer.headers['x-request-id'])).toMatch(UUID_V7);
    expect(JSON.stringify(bearer.headers)).not.toContain('AKIAIOSFODNN7EXAMPLE');
    expect(out.text()).not.toContain('AKIAIOSFODNN7EXAMPLE');
  });

  it("logs nothing with useLevel 'silent', logs Request received at useLevel too, and takes pino's warn/fatal/trace names", async () => {
    const silent = app({}, { useLevel: 'silent' });
    await request(silent.app).get('/ok').expect(200);
    expect((await read(silent.out)).filter((r) => String(r.message).startsWith('Request'))).toEqual([]);
    await shutdown();
    const debug = app({}, { useLevel: 'debug' });
    await request(debug.app).get('/ok').expect(200);
    expect((await read(debug.out)).map((r) => [r.message, r.level])).toEqual([
      ['Request received', 'debug'],
      ['Request completed', 'debug'],
    ]);
    await shutdown();
    const pinoNames = app({}, { level: (_req, res) => (res.headersSent ? 'warn' : 'trace') });
    await request(pinoNames.app).get('/ok').expect(200);
    const records = await read(pinoNames.out);
    expect(records.map((r) => [r.message, r.level])).toEqual([
      ['Request received', 'debug'],
      ['Request completed', 'warning'],
    ]);
    expect(records.every((r) => r.level_error === undefined)).toBe(true);
  });

  it('redacts query parameters that carry credentials under ordinary names, and leaves the query out with query: false', async () => {
    const { app: a, out } = app({}, {});
    await request(a).get('/ok?code=4/0AX4XfWh&key=AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY&page=2&Sig=abc').expect(200);
    const completed = (await read(out)).find((r) => r.message === 'Request completed');
    expect(completed?.query).toEqual({ code: '[REDACTED]', key: '[REDACTED]', page: '2', Sig: '[REDACTED]' });
    expect(out.text()).not.toContain('4/0AX4XfWh');
    await shutdown();
    const none = app({}, { query: false });
    await request(none.app).get('/ok?page=2').expect(200);
    expect((await read(none.out)).find((r) => r.message === 'Request completed')).not.toHaveProperty('query');
    expect(() => requestLogger({ redactQuery: 'code' as never })).toThrow(/array of parameter names/);
  });

  it('says 0 bytes for HEAD and 204, and counts the first response when a middleware after traceContext() captured res.write', async () => {
    const { app: a, out } = app({}, {}, (x) => {
      // As compression does: its own res.write/res.end around the ones it found.
      x.use((_req, res, next) => {
        const write = res.write;
        const end = res.end;
        res.write = function (this: typeof res, ...args: unknown[]) {
          return (write as (...a: unknown[]) => boolean).apply(this, args);
        } as typeof res.write;
        res.end = function (this: typeof res, ...args: unknown[]) {
          return (end as (...a: unknown[]) => typeof res).apply(this, args);
        } as typeof res.end;
        next();
      });
    });
    await request(a).get('/stream').expect(200);
    await request(a).head('/ok').expect(200);
    await request(a).delete('/gone').expect(204);
    const sizes = (await read(out)).filter((r) => r.message === 'Request completed').map((r) => r.response_size);
    expect(sizes).toEqual([Buffer.byteLength('hello world'), 0, 0]);
  });

  it('refuses a request id header that already means something, and renamed fields that would hide the request ids', () => {
    const logger = getLogger();
    expect(() => traceContext({ logger, requestIdHeader: 'X-Trace-Id' })).toThrow(/already gives a meaning/);
    expect(() => traceContext({ logger, requestIdHeader: 'traceparent' })).toThrow(InvalidMiddlewareOptionsError);
    expect(() => requestLogger({ customAttributeKeys: { route: 'request_id' } })).toThrow(
      /every record of the request/,
    );
    expect(() => requestLogger({ customAttributeKeys: { route: 'http_method' } })).toThrow(
      /every record of the request/,
    );
  });
});

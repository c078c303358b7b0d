import { once } from 'node:events';
import { Agent, request as httpRequest, IncomingMessage, ServerResponse } from 'node:http';
import { type AddressInfo, Socket } from 'node:net';
import { configureContainer, getLogger, shutdown } from '@dashtam/container';
import { capturedOutput } from '@dashtam/logger-protocol/testing';
import express from 'express';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpError, problemDetails, requestLogger, traceContext } from '../src/index.js';

// Code that is given no logger: it takes the container's, as an event handler or service does.
async function accountService(): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  getLogger().child('accounts').info('accounts loaded', { user_id: 'u-1' });
}

// The app a user builds with the container's logger; the records are read from its real output.
function app(env: Record<string, string>, fields?: (req: express.Request) => Record<string, unknown> | undefined) {
  const out = capturedOutput();
  configureContainer({ env: { ENVIRONMENT: 'testing', ...env }, destination: out.destination, exitHooks: false });
  const logger = getLogger();
  const a = express();
  a.use(traceContext({ logger, ...(fields ? { fields } : {}) }));
  a.use(requestLogger());
  a.get('/ok', (req, res) => {
    req.log.debug('looking things up', { step: 1 });
    req.log.debug('found them', { step: 2 });
    res.json({ ok: true });
  });
  a.get('/fails', (req, _res, next) => {
    req.log.debug('calling the provider', { step: 1 });
    req.log.debug('provider answered 503', { step: 2 });
    next(new HttpError(502, 'Bad Gateway', 'The provider failed'));
  });
  a.get('/logs-error', (req, res) => {
    req.log.debug('before the error');
    req.log.error('Something failed');
    res.json({ handled: true });
  });
  a.get('/service', async (req, res) => {
    await accountService();
    req.log.info('service done');
    res.json({});
  });
  a.use(problemDetails());
  return { app: a, out, logger };
}

afterEach(async () => {
  await shutdown();
  configureContainer({});
});

describe('traceContext fields', () => {
  it("puts the request's fields on every record of the request, a service's own logger's included", async () => {
    const {
      app: a,
      out,
      logger,
    } = app({ LOG_LEVEL: 'info' }, (req) => ({
      tenant_id: req.get('x-tenant-id'),
      user_id: req.get('x-user-id'),
    }));
    await request(a).get('/service').set('x-tenant-id', 't-9').expect(200);
    await logger.flush();
    const records = out.records();
    expect(records.map((r) => [r.message, r.logger])).toEqual([
      ['Request received', undefined],
      ['accounts loaded', 'accounts'],
      ['service done', undefined],
      ['Request completed', undefined],
    ]);
    for (const r of records) {
      expect(r.tenant_id).toBe('t-9');
    }
    expect(records[1]?.user_id).toBe('u-1'); // the call's own field
    expect(records[0]).not.toHaveProperty('user_id');
  });

  it('goes on without the fields, with a warning, when fields() throws or names a reserved key', async () => {
    const throwing = app({ LOG_LEVEL: 'info' }, () => {
      throw new Error('no tenant header parser');
    });
    await request(throwing.app).get('/ok').expect(200);
    await throwing.logger.flush();
    expect(throwing.out.records()[0]).toMatchObject({
      level: 'warning',
      message: 'traceContext fields failed; the request goes on without them',
      error_message: 'no tenant header parser',
    });
    await shutdown();
    const reserved = app({ LOG_LEVEL: 'info' }, () => ({ trace_id: 'mine' }));
    await request(reserved.app).get('/ok').expect(200);
    await reserved.logger.flush();
    expect(String(reserved.out.records()[0]?.fields_error)).toContain('"trace_id" is written by the logger itself');
  });

  it('refuses a fields option that is not a function', () => {
    expect(() => traceContext({ logger: getLogger(), fields: 'tenant' as never })).toThrow(/fields must be a function/);
  });
});

describe('debug tail (LOG_DEBUG_TAIL=on)', () => {
  it('closes the scope of a response that finishes without a socket close (a serverless adapter drives the app)', async () => {
    const { app: a, logger } = app({ LOG_LEVEL: 'info', LOG_DEBUG_TAIL: 'on' });
    // As serverless-http and the like do: a request and response made by hand, no server, whose
    // response emits 'finish' but never 'close'.
    const socket = new Socket();
    socket.write = ((_chunk: unknown, encoding?: unknown, callback?: () => void) => {
      (typeof encoding === 'function' ? (encoding as () => void) : callback)?.();
      return true;
    }) as never;
    const req = new IncomingMessage(socket);
    req.method = 'GET';
    req.url = '/fails';
    req.push(null);
    const res = new ServerResponse(req);
    res.assignSocket(socket);
    const finished = once(res, 'finish');
    a(req as express.Request, res as express.Response);
    await finished;
    await new Promise((resolve) => setImmediate(resolve));
    expect(res.statusCode).toBe(502);
    expect(logger.stats().debug_tail).toMatchObject({ held_records: 0, open_scopes: 0, flushed: 2 });
  });

  it('closes the scope of a request whose client left before traceContext ran (an async middleware first)', async () => {
    const out = capturedOutput();
    configureContainer({
      env: { ENVIRONMENT: 'testing', LOG_LEVEL: 'info', LOG_DEBUG_TAIL: 'on' },
      destination: out.destination,
      exitHooks: false,
    });
    const logger = getLogger();
    const a = express();
    let handled!: () => void;
    const ran = new Promise<void>((resolve) => {
      handled = resolve;
    });
    let arrived!: () => void;
    const inServer = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    // e.g. a session or auth lookup mounted before traceContext: the client is gone when it ends.
    a.use((req, _res, next) => {
      req.socket.once('close', () => setImmediate(next));
      arrived();
    });
    a.use(traceContext({ logger }));
    a.get('/slow', (req, res) => {
      req.log.debug('looked up');
      res.json({});
      handled();
    });
    const server = a.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    const client = httpRequest({ host: '127.0.0.1', port, path: '/slow' });
    client.on('error', () => {});
    client.end();
    // The client leaves once the server has the request (a fixed delay raced the server under load:
    // destroyed before the request was read, no middleware ran and the test waited forever).
    await inServer;
    client.destroy();
    await ran;
    await new Promise((resolve) => setImmediate(resolve));
    server.close();
    await once(server, 'close');
    expect(logger.stats().debug_tail).toMatchObject({ held_records: 0, held_bytes: 0, open_scopes: 0 });
  });

  it("writes a failing request's debug records right before its error, and none for a good one", async () => {
    const { app: a, out, logger } = app({ LOG_LEVEL: 'info', LOG_DEBUG_TAIL: 'on' });
    const good = await request(a).get('/ok').expect(200);
    const bad = await request(a).get('/fails').expect(502);
    await logger.flush();
    const records = out.records();
    const goodOnes = records.filter((r) => r.trace_id === good.headers['x-trace-id']);
    const badOnes = records.filter((r) => r.trace_id === bad.headers['x-trace-id']);
    expect(goodOnes.map((r) => r.message)).toEqual(['Request received', 'Request completed']);
    expect(badOnes.map((r) => [r.level, r.message, r.buffered])).toEqual([
      ['info', 'Request received', undefined],
      ['debug', 'calling the provider', true],
      ['debug', 'provider answered 503', true],
      ['error', 'Request completed', undefined],
    ]);
    expect(logger.stats()).toMatchObject({ debug_tail: { held_records: 0, open_scopes: 0, flushed: 2, dropped: 2 } });
  });

  it('writes the held records when the request logs an error, even if it answers 200', async () => {
    const { app: a, out, logger } = app({ LOG_LEVEL: 'info', LOG_DEBUG_TAIL: 'on' });
    await request(a).get('/logs-error').expect(200);
    await logger.flush();
    expect(out.records().map((r) => [r.message, r.buffered])).toEqual([
      ['Request received', undefined],
      ['before the error', true],
      ['Something failed', undefined],
      ['Request completed', undefined],
    ]);
  });

  it('holds nothing across requests and returns to empty after 10,000 requests over real sockets', async () => {
    const { app: a, out, logger } = app({ LOG_LEVEL: 'info', LOG_DEBUG_TAIL: 'on' });
    const server = a.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    const agent = new Agent({ keepAlive: true, maxSockets: 64 });
    const get = (path: string) =>
      new Promise<number>((resolve, reject) => {
        const req = httpRequest({ host: '127.0.0.1', port, path, agent }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        });
        req.on('error', reject);
        req.end();
      });
    const total = 10_000;
    let sent = 0;
    const statuses: number[] = [];
    const worker = async () => {
      while (sent < total) {
        const n = sent++;
        statuses.push(await get(n % 100 === 99 ? '/fails' : '/ok'));
      }
    };
    await Promise.all(Array.from({ length: 64 }, worker));
    agent.destroy();
    server.close();
    await once(server, 'close');
    await logger.flush();
    expect(statuses.filter((s) => s === 502)).toHaveLength(100);
    expect(statuses.filter((s) => s === 200)).toHaveLength(9_900);
    const tail = logger.stats().debug_tail;
    expect(tail).toMatchObject({ held_records: 0, held_bytes: 0, open_scopes: 0, flushed: 200, evicted: 0 });
    // Each good request held its two debug records and dropped them at its end.
    expect((tail as { dropped: number }).dropped).toBe(9_900 * 2);
    const buffered = out.records().filter((r) => r.buffered === true);
    expect(buffered).toHaveLength(200);
    expect(buffered.every((r) => r.message === 'calling the provider' || r.message === 'provider answered 503')).toBe(
      true,
    );
  }, 120_000);
});

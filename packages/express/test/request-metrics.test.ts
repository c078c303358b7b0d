import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { recordingLogger } from '@dashtam/logger-protocol/testing';
import { RecordingMetrics } from '@dashtam/metrics-protocol/testing';
import express5, { type Express, type NextFunction, type Request, type Response } from 'express';
import express4 from 'express4';
import request from 'supertest';
import { describe, expect, it, vi } from 'vitest';
import {
  ABORTED_STATUS_CLASS,
  InvalidMiddlewareOptionsError,
  notFound,
  problemDetails,
  REQUEST_METRICS,
  requestMetrics,
  traceContext,
  UNMATCHED_ROUTE,
} from '../src/index.js';
import type { RequestMetricsOptions } from '../src/request-metrics.js';

const majors = [
  ['express 4', express4],
  ['express 5', express5],
] as const;

describe.each(majors)('requestMetrics on %s', (_name, express) => {
  function setup(options: Partial<RequestMetricsOptions> = {}, routes?: (app: Express) => void) {
    const metrics = new RecordingMetrics();
    const { logger } = recordingLogger();
    const app = express();
    app.use(requestMetrics({ metrics, ...options }));
    app.use(traceContext({ logger }));
    app.get('/users/:id', (req, res) => {
      res.json({ id: req.params.id });
    });
    const api = express.Router();
    api.get('/items/:itemId', (_req, res) => {
      res.status(201).json({});
    });
    app.use('/api', api);
    app.get('/boom', (_req: Request, _res: Response, next: NextFunction) => {
      next(new Error('database down'));
    });
    routes?.(app);
    app.use(notFound());
    app.use(problemDetails());
    return { app, metrics };
  }

  // The metrics of a request are recorded when its response closes, after supertest has the answer.
  async function settled(metrics: RecordingMetrics, requests: number): Promise<void> {
    await vi.waitFor(() => expect(metrics.named(REQUEST_METRICS.requests)).toHaveLength(requests), {
      timeout: 10_000,
      interval: 5,
    });
  }

  it('records count, duration and server errors by route template and status class', async () => {
    const { app, metrics } = setup();
    for (let id = 0; id < 20; id++) await request(app).get(`/users/${id}`).expect(200);
    await settled(metrics, 20);
    const requests = metrics.named(REQUEST_METRICS.requests);
    expect(new Set(requests.map((c) => JSON.stringify(c.dimensions)))).toEqual(
      new Set([JSON.stringify({ route: 'GET /users/:id', status_class: '2xx' })]),
    );
    expect(requests.every((c) => c.kind === 'count' && c.value === 1 && c.unit === 'Count')).toBe(true);
    const durations = metrics.named(REQUEST_METRICS.duration);
    expect(durations).toHaveLength(20);
    for (const d of durations) {
      expect(d).toMatchObject({
        kind: 'timing',
        unit: 'Milliseconds',
        dimensions: { route: 'GET /users/:id', status_class: '2xx' },
      });
      expect(d.value).toBeGreaterThanOrEqual(0);
    }
    const errors = metrics.named(REQUEST_METRICS.serverErrors);
    expect(errors).toHaveLength(40);
    expect(errors.every((c) => c.value === 0)).toBe(true);
    expect(errors.filter((c) => c.dimensions.route === 'GET /users/:id')).toHaveLength(20);
    expect(errors.filter((c) => Object.keys(c.dimensions).length === 0)).toHaveLength(20);
    expect(metrics.rejected).toEqual([]);
  });

  it('names a route mounted on a router with its mount path, and unknown paths as one unmatched series', async () => {
    const { app, metrics } = setup();
    await request(app).get('/api/items/42').expect(201);
    await request(app).get('/no/such/path/1').expect(404);
    await request(app).get('/no/such/path/2').expect(404);
    await settled(metrics, 3);
    expect(metrics.named(REQUEST_METRICS.requests).map((c) => c.dimensions)).toEqual([
      { route: 'GET /api/items/:itemId', status_class: '2xx' },
      { route: UNMATCHED_ROUTE, status_class: '4xx' },
      { route: UNMATCHED_ROUTE, status_class: '4xx' },
    ]);
  });

  it('names a route answered by Express\'s own final handler (no error or 404 middleware) by its template, never "undefined"', async () => {
    const metrics = new RecordingMetrics();
    const app = express();
    app.use(requestMetrics({ metrics }));
    app.get('/boom/:id', () => {
      throw new Error('database down');
    });
    app.get('/maybe/:id', (_req: Request, _res: Response, next: NextFunction) => next());
    await request(app).get('/boom/1').expect(500);
    await request(app).get('/maybe/7').expect(404);
    await settled(metrics, 2);
    expect(metrics.named(REQUEST_METRICS.requests).map((c) => c.dimensions)).toEqual([
      { route: 'GET /boom/:id', status_class: '5xx' },
      { route: 'GET /maybe/:id', status_class: '4xx' },
    ]);
  });

  it('counts a 5xx answer as a server error, by route and service-wide', async () => {
    const { app, metrics } = setup();
    await request(app).get('/boom').expect(500);
    await request(app).get('/users/1').expect(200);
    await settled(metrics, 2);
    const errors = metrics.named(REQUEST_METRICS.serverErrors).map((c) => [c.dimensions, c.value]);
    expect(errors).toEqual([
      [{ route: 'GET /boom' }, 1],
      [{}, 1],
      [{ route: 'GET /users/:id' }, 0],
      [{}, 0],
    ]);
    expect(metrics.named(REQUEST_METRICS.requests)[0]?.dimensions).toEqual({ route: 'GET /boom', status_class: '5xx' });
  });

  it('records a request whose client went away before the answer as aborted', async () => {
    let arrived: () => void = () => {};
    const inRoute = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    const { app, metrics } = setup({}, (a) => {
      a.get('/slow', () => {
        arrived(); // never answers
      });
    });
    const server = app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    try {
      const { port } = server.address() as AddressInfo;
      const req = httpRequest({ host: '127.0.0.1', port, path: '/slow' });
      req.on('error', () => {});
      req.end();
      await inRoute;
      req.destroy();
      await settled(metrics, 1);
      expect(metrics.named(REQUEST_METRICS.requests)[0]?.dimensions).toEqual({
        route: 'GET /slow',
        status_class: ABORTED_STATUS_CLASS,
      });
      expect(metrics.named(REQUEST_METRICS.serverErrors).map((c) => c.value)).toEqual([0, 0]);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('skips ignored requests and takes a custom route, falling back to the default when it throws', async () => {
    const { app, metrics } = setup({
      ignore: (req) => req.path === '/users/0',
      route: (req) => {
        if (req.path === '/users/2') throw new Error('no route for you');
        return req.originalUrl.startsWith('/api') ? 'api' : '';
      },
    });
    await request(app).get('/users/0').expect(200);
    await request(app).get('/api/items/1').expect(201);
    await request(app).get('/users/2').expect(200);
    await request(app).get('/users/3').expect(200);
    await settled(metrics, 3);
    expect(metrics.named(REQUEST_METRICS.requests).map((c) => c.dimensions.route)).toEqual([
      'api',
      'GET /users/:id',
      'GET /users/:id',
    ]);
  });

  it('keeps a throwing ignore callback from breaking the request', async () => {
    const { app, metrics } = setup({
      ignore: () => {
        throw new Error('bad ignore');
      },
    });
    await request(app).get('/users/1').expect(200);
    await settled(metrics, 1);
  });
});

describe('requestMetrics options', () => {
  it.each([
    [undefined, 'requestMetrics(options): options must be an object with metrics'],
    [{}, 'requestMetrics({ metrics }): metrics must have count, gauge and timing'],
    [
      { metrics: { count() {} } },
      'metrics must have count, gauge and timing (getMetrics() from @dashtam/container), got a object',
    ],
    [{ metrics: new RecordingMetrics(), route: '/x' }, 'requestMetrics({ route }): route must be a function, got "/x"'],
    [
      { metrics: new RecordingMetrics(), ignore: true },
      'requestMetrics({ ignore }): ignore must be a function, got true',
    ],
  ])('refuses %j with a clear error', (options, message) => {
    expect(() => requestMetrics(options as unknown as RequestMetricsOptions)).toThrow(InvalidMiddlewareOptionsError);
    expect(() => requestMetrics(options as unknown as RequestMetricsOptions)).toThrow(message);
  });
});

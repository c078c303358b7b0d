import { once } from 'node:events';
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { recordingLogger } from '@dashtam/logger-protocol/testing';
import { RecordingMetrics } from '@dashtam/metrics-protocol/testing';
import express5 from 'express';
import express4 from 'express4';
import { describe, expect, it } from 'vitest';
import { REQUEST_METRICS, requestLogger, requestMetrics, traceContext } from '../src/index.js';

const majors = [
  ['express 4', express4],
  ['express 5', express5],
] as const;

// As serverless-http and the like do: a request and response made by hand, no server; the
// response emits 'finish' but never 'close'.
function handMade(method: string, url: string): { req: IncomingMessage; res: ServerResponse; socket: Socket } {
  const socket = new Socket();
  socket.write = ((_chunk: unknown, encoding?: unknown, callback?: () => void) => {
    (typeof encoding === 'function' ? (encoding as () => void) : callback)?.();
    return true;
  }) as never;
  const req = new IncomingMessage(socket);
  req.method = method;
  req.url = url;
  req.push(null);
  const res = new ServerResponse(req);
  res.assignSocket(socket);
  return { req, res, socket };
}

describe.each(majors)(
  'request logs and metrics of responses that never close or closed early, on %s',
  (_n, express) => {
    function app() {
      const { logger, sink } = recordingLogger();
      const metrics = new RecordingMetrics();
      const a = express();
      a.use(requestMetrics({ metrics }));
      a.use(traceContext({ logger }));
      a.use(requestLogger());
      a.get('/users/:id', (_req, res) => {
        res.status(200).json({ ok: true });
      });
      a.get('/fails', (_req, res) => {
        res.status(503).json({ ok: false });
      });
      return { a, sink, metrics };
    }

    it('logs and measures a response that finishes without a socket close (serverless adapters)', async () => {
      const { a, sink, metrics } = app();
      for (const url of ['/users/7', '/fails']) {
        const { req, res } = handMade('GET', url);
        const finished = once(res, 'finish');
        a(req as never, res as never);
        await finished;
      }
      expect(
        sink.records.filter((r) => r.message === 'Request completed').map((r) => [r.status_code, r.aborted]),
      ).toEqual([
        [200, undefined],
        [503, undefined],
      ]);
      expect(metrics.named(REQUEST_METRICS.requests).map((c) => c.dimensions)).toEqual([
        { route: 'GET /users/:id', status_class: '2xx' },
        { route: 'GET /fails', status_class: '5xx' },
      ]);
      expect(metrics.named(REQUEST_METRICS.serverErrors).map((c) => c.value)).toEqual([0, 0, 1, 1]);
    });

    it('logs and measures once a response that finishes and then closes', async () => {
      const { a, sink, metrics } = app();
      const { req, res } = handMade('GET', '/users/1');
      const finished = once(res, 'finish');
      a(req as never, res as never);
      await finished;
      res.emit('close');
      expect(sink.records.filter((r) => r.message === 'Request completed')).toHaveLength(1);
      expect(metrics.named(REQUEST_METRICS.requests)).toHaveLength(1);
    });

    it('logs and measures, as aborted, a request whose client left before the middleware ran', async () => {
      const { a, sink, metrics } = app();
      const { req, res, socket } = handMade('GET', '/users/2');
      socket.destroy();
      res.destroy();
      await once(res, 'close');
      expect(res.closed).toBe(true);
      a(req as never, res as never);
      await new Promise((resolve) => setImmediate(resolve));
      expect(sink.records.filter((r) => r.message === 'Request completed').map((r) => r.aborted)).toEqual([true]);
      expect(metrics.named(REQUEST_METRICS.requests).map((c) => c.dimensions.status_class)).toEqual(['aborted']);
    });
  },
);

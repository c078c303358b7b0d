import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { checkEmfDocument, LocalCloudWatchLogs } from '@dashtam/cloudwatch-local';
import { parseJsonLines } from '@dashtam/logger-protocol/testing';
import { afterEach, describe, expect, it } from 'vitest';

const main = fileURLToPath(new URL('../dist/main.js', import.meta.url));

interface Running {
  child: ChildProcessByStdio<null, Readable, Readable>;
  url: string;
  records: () => Record<string, unknown>[];
  /** Everything written on stdout so far. */
  stdout: () => string;
  waitFor: (predicate: (r: Record<string, unknown>) => boolean) => Promise<Record<string, unknown>>;
}

let running: Running | undefined;
afterEach(() => {
  running?.child.kill('SIGKILL');
  running = undefined;
});

// Starts the real entry point on a port chosen at run time, JSON logs on stdout.
async function start(env: Record<string, string> = {}): Promise<Running> {
  const child = spawn(process.execPath, [main], {
    stdio: ['ignore', 'pipe', 'pipe'],
    // A spool directory of its own: a run's leftovers are never replayed into another test's endpoint.
    env: {
      PATH: process.env.PATH,
      PORT: '0',
      ENVIRONMENT: 'testing',
      LOG_SPOOL_DIR: mkdtempSync(join(tmpdir(), 'dashtam-spool-api-')),
      ...env,
    },
  });
  let out = '';
  const waiters: {
    predicate: (r: Record<string, unknown>) => boolean;
    resolve: (r: Record<string, unknown>) => void;
  }[] = [];
  const records = () => parseJsonLines(out, { mixed: true });
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    out += chunk;
    for (const w of [...waiters]) {
      const hit = records().find(w.predicate);
      if (hit) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(hit);
      }
    }
  });
  const waitFor = (predicate: (r: Record<string, unknown>) => boolean) =>
    new Promise<Record<string, unknown>>((resolve) => {
      const hit = records().find(predicate);
      if (hit) resolve(hit);
      else waiters.push({ predicate, resolve });
    });
  let err = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (c: string) => {
    err += c;
  });
  const exitedEarly = once(child, 'exit').then(([code]) => {
    throw new Error(`API exited with ${String(code)} before listening: ${err}`);
  });
  const listening = await Promise.race([waitFor((r) => r.message === 'API listening'), exitedEarly]);
  return { child, url: String(listening.url), records, stdout: () => out, waitFor };
}

describe('the API as a real process', () => {
  it('finishes a request in flight on SIGTERM, writes all its logs, and exits 0', async () => {
    running = await start();
    const { child, url, records, waitFor } = running;
    const response = fetch(`${url}/sync/accounts?delay_ms=400`, { method: 'POST' });
    const received = await waitFor((r) => r.message === 'Request received' && r.request_path === '/sync/accounts');
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const res = await response;
    expect(res.status).toBe(200);
    expect(res.headers.get('x-trace-id')).toBe(received.trace_id);
    // The request's id (a UUIDv7 here: the client sent none) is echoed and on every record it wrote.
    expect(res.headers.get('x-request-id')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    const [code] = await exited;
    expect(code).toBe(0);
    const ofRequest = records().filter((r) => r.trace_id === received.trace_id);
    expect(ofRequest.map((r) => r.request_id)).toEqual(ofRequest.map(() => res.headers.get('x-request-id')));
    const mine = ofRequest.map((r) => r.message);
    expect(mine).toEqual([
      'Request received',
      'account_sync_attempted',
      'Account sync completed',
      'account_sync_succeeded',
      'Request completed',
    ]);
    expect(records().map((r) => r.message)).toContain('Shutdown complete');
  });

  it('LOG_LEVEL=info LOG_DEBUG_TAIL=on: a failing sync shows its debug records right before the error, a good one none', async () => {
    running = await start({ LOG_LEVEL: 'info', LOG_DEBUG_TAIL: 'on' });
    const good = await fetch(`${running.url}/sync/accounts`, { method: 'POST', headers: { 'x-user-id': 'u-42' } });
    expect(good.status).toBe(200);
    const bad = await fetch(`${running.url}/sync/accounts?fail=true`, {
      method: 'POST',
      headers: { 'x-user-id': 'u-42' },
    });
    expect(bad.status).toBe(502);
    const badTrace = bad.headers.get('x-trace-id');
    await running.waitFor((r) => r.message === 'Request completed' && r.trace_id === badTrace);
    const records = running.records();
    const goodOnes = records.filter((r) => r.trace_id === good.headers.get('x-trace-id'));
    expect(goodOnes.map((r) => r.level)).not.toContain('debug');
    expect(goodOnes.length).toBeGreaterThan(0);
    for (const r of goodOnes) expect(r.user_id).toBe('u-42');
    const badOnes = records.filter((r) => r.trace_id === badTrace);
    const failedAt = badOnes.findIndex((r) => r.message === 'Account sync failed');
    expect(failedAt).toBeGreaterThanOrEqual(3);
    // Right before the error, in the order they were logged, marked buffered; no other debug record.
    expect(badOnes.slice(failedAt - 3, failedAt + 1).map((r) => [r.level, r.message, r.buffered])).toEqual([
      ['debug', 'Provider request sent', true],
      ['debug', 'Provider answered', true],
      ['debug', 'Retry budget exhausted', true],
      ['error', 'Account sync failed', undefined],
    ]);
    expect(badOnes.filter((r) => r.level === 'debug')).toHaveLength(3);
    expect(badOnes.at(-1)).toMatchObject({ message: 'Request completed', level: 'error', status_code: 502 });
    for (const r of badOnes) expect(r.user_id).toBe('u-42');
  });

  it('continues an incoming traceparent through OpenTelemetry and logs the span id', async () => {
    running = await start();
    const res = await fetch(`${running.url}/health`, {
      headers: { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' },
    });
    expect(res.headers.get('x-trace-id')).toBe('0af7651916cd43dd8448eb211c80319c');
    await fetch(`${running.url}/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    const completed = await running.waitFor((r) => r.message === 'Request completed' && r.status_code === 422);
    expect(completed.span_id).toMatch(/^[0-9a-f]{16}$/);
    expect(completed.trace_id).toMatch(/^[0-9a-f]{32}$/);
    // Every record of the request, domain events included, carries the trace and a span id.
    await fetch(`${running.url}/users`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      },
      body: JSON.stringify({ email: 'otel@example.com', password: 'correct horse battery' }),
    });
    const event = await running.waitFor((r) => r.message === 'user_registration_succeeded');
    expect(event.trace_id).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(event.span_id).toMatch(/^[0-9a-f]{16}$/);
  });

  it('exports spans over OTLP/HTTP when OTEL_EXPORTER_OTLP_ENDPOINT is set', async () => {
    const received: string[] = [];
    const collector = createServer((req, res) => {
      received.push(`${req.method} ${req.url} ${req.headers['content-type']}`);
      req.resume();
      req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
    });
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = collector.address() as AddressInfo;
      running = await start({ OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}` });
      await fetch(`${running.url}/health`);
      const exited = once(running.child, 'exit');
      running.child.kill('SIGTERM'); // shutting down flushes the span processor
      expect((await exited)[0]).toBe(0);
      expect(received.some((r) => r.startsWith('POST /v1/traces'))).toBe(true);
    } finally {
      collector.close();
    }
  });

  it('keeps every record in one OpenTelemetry trace with its span, whatever X-Trace-Id says (OTLP to a collector)', async () => {
    interface ExportedSpan {
      traceId: string;
      spanId: string;
      kind: number;
    }
    const spans: ExportedSpan[] = [];
    // A fake OTLP/HTTP collector: the exporter posts JSON (ids as hex) to /v1/traces.
    const collector = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (c: string) => {
        body += c;
      });
      req.on('end', () => {
        const doc = JSON.parse(body) as {
          resourceSpans?: { scopeSpans?: { spans?: ExportedSpan[] }[] }[];
        };
        for (const rs of doc.resourceSpans ?? []) for (const ss of rs.scopeSpans ?? []) spans.push(...(ss.spans ?? []));
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = collector.address() as AddressInfo;
      running = await start({ OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`, LOG_LEVEL: 'debug' });
      const { url } = running;
      // 1. a caller id that is not a W3C trace id
      const order = await fetch(`${url}/users`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-trace-id': 'order-7781-abc' },
        body: JSON.stringify({ email: 'order@example.com', password: 'correct horse battery' }),
      });
      expect(order.status).toBe(201);
      // 2. a W3C-shaped caller id, in upper case
      const w3c = await fetch(`${url}/sync/accounts`, {
        method: 'POST',
        headers: { 'x-trace-id': '4BF92F3577B34DA6A3CE929D0E0E4736' },
      });
      expect(w3c.status).toBe(200);
      // 3. no caller id at all
      const plain = await fetch(`${url}/health`);
      const exited = once(running.child, 'exit');
      running.child.kill('SIGTERM'); // shutting down flushes the span processor
      expect((await exited)[0]).toBe(0);

      const records = running.records();
      const inSpan = records.filter((r) => r.span_id !== undefined);
      expect(inSpan.length).toBeGreaterThanOrEqual(10);
      for (const r of inSpan) {
        const hit = spans.find((s) => s.spanId === r.span_id);
        expect(hit, `span ${String(r.span_id)} of "${String(r.message)}" exported`).toBeDefined();
        expect(hit?.traceId, String(r.message)).toBe(r.trace_id);
        expect(r.trace_flags, String(r.message)).toBe('01');
      }

      // 1: the records are in the server span's trace; the caller's id is kept as correlation_id.
      const orderTrace = order.headers.get('x-trace-id');
      expect(orderTrace).toMatch(/^[0-9a-f]{32}$/);
      expect(order.headers.get('x-correlation-id')).toBe('order-7781-abc');
      const orderRecords = records.filter((r) => r.correlation_id === 'order-7781-abc');
      expect(orderRecords.map((r) => r.message)).toEqual([
        'Request received',
        'user_registration_attempted',
        'user_registration_succeeded',
        'User created',
        'Request completed',
      ]);
      for (const r of orderRecords) {
        expect(r.trace_id).toBe(orderTrace);
        expect(r.span_id).toMatch(/^[0-9a-f]{16}$/);
      }
      // 2: the server span was started in the caller's trace (lower-cased, as W3C writes it).
      expect(w3c.headers.get('x-trace-id')).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
      expect(w3c.headers.get('x-correlation-id')).toBeNull();
      expect(spans.some((s) => s.traceId === '4bf92f3577b34da6a3ce929d0e0e4736' && s.kind === 2)).toBe(true);
      const w3cRecords = records.filter((r) => r.trace_id === '4bf92f3577b34da6a3ce929d0e0e4736');
      expect(w3cRecords.map((r) => r.message)).toEqual([
        'Request received',
        'account_sync_attempted',
        'Provider request sent',
        'Provider answered',
        'Account sync completed',
        'account_sync_succeeded',
        'Request completed',
      ]);
      expect(w3cRecords.every((r) => r.span_id !== undefined && r.correlation_id === undefined)).toBe(true);
      // 3: the server span's own trace.
      const plainTrace = plain.headers.get('x-trace-id');
      expect(spans.some((s) => s.traceId === plainTrace && s.kind === 2)).toBe(true);
      expect(records.filter((r) => r.trace_id === plainTrace).map((r) => r.message)).toEqual([
        'Request received',
        'Request completed',
      ]);
    } finally {
      collector.close();
    }
  });

  it('starts with an ENVIRONMENT alias (test) as testing, JSON lines on stdout', async () => {
    running = await start({ ENVIRONMENT: ' Test ' });
    const listening = await running.waitFor((r) => r.message === 'API listening');
    expect(listening).toMatchObject({ level: 'info', environment: 'testing' });
    expect((await fetch(`${running.url}/health`)).status).toBe(200);
  });

  it('writes only JSON lines on stdout in testing, from start to exit (no plain-text banner)', async () => {
    running = await start({ ENVIRONMENT: 'testing' });
    expect((await fetch(`${running.url}/health`)).status).toBe(200);
    const exited = once(running.child, 'exit');
    running.child.kill('SIGTERM');
    expect((await exited)[0]).toBe(0);
    const lines = running.stdout().split('\n').slice(0, -1);
    expect(lines.length).toBeGreaterThanOrEqual(3);
    for (const line of lines) expect(() => JSON.parse(line), line).not.toThrow();
    expect(running.records().map((r) => r.message)).toContain('Shutdown complete');
  });

  it('logs an unhandled rejection at critical, flushed, and exits 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dashtam-api-'));
    const preload = join(dir, 'reject-later.mjs');
    // The preload leaves a rejected promise unhandled when told to, once the API is up.
    writeFileSync(preload, 'process.on("SIGUSR2", () => { Promise.reject(new Error("lost promise")); });\n');
    running = await start({ NODE_OPTIONS: `--import=${pathToFileURL(preload).href}` });
    running.child.kill('SIGUSR2');
    const [code] = await once(running.child, 'exit');
    expect(code).toBe(1);
    expect(running.records().find((r) => r.level === 'critical')).toMatchObject({
      message: 'Process unhandled rejection',
      error_message: 'lost promise',
    });
  });
});

describe('demo API request metrics (EMF) in a real process', () => {
  type Doc = Record<string, unknown> & { _aws: { CloudWatchMetrics: { Namespace: string }[] } };
  const sum = (docs: Doc[], metric: string, where: Record<string, string>): number =>
    docs
      .filter((d) => metric in d && Object.entries(where).every(([k, v]) => d[k] === v))
      .reduce((n, d) => n + (Array.isArray(d[metric]) ? (d[metric] as number[]).length : (d[metric] as number)), 0);

  async function traffic(url: string): Promise<void> {
    for (let i = 0; i < 3; i++) expect((await fetch(`${url}/health`)).status).toBe(200);
    const created = await fetch(`${url}/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'ada@example.com', password: 'correct horse battery' }),
    });
    expect(created.status).toBe(201);
    expect((await fetch(`${url}/sync/accounts?fail=true`, { method: 'POST' })).status).toBe(502);
    expect((await fetch(`${url}/no/such/thing`)).status).toBe(404);
  }

  function check(docs: Doc[], namespace: string): void {
    for (const d of docs) expect(checkEmfDocument(d), JSON.stringify(d)).toEqual([]);
    expect(new Set(docs.map((d) => d._aws.CloudWatchMetrics[0]?.Namespace))).toEqual(new Set([namespace]));
    expect(sum(docs, 'http_requests', { route: 'GET /health', status_class: '2xx' })).toBe(3);
    expect(sum(docs, 'http_requests', { route: 'POST /users', status_class: '2xx' })).toBe(1);
    expect(sum(docs, 'http_requests', { route: 'POST /sync/accounts', status_class: '5xx' })).toBe(1);
    expect(sum(docs, 'http_requests', { route: 'unmatched', status_class: '4xx' })).toBe(1);
    // One latency value per request.
    expect(sum(docs, 'http_request_duration', { route: 'GET /health' })).toBe(3);
    // The service-wide 5xx series (no dimensions) counts the one failure.
    const serviceWide = docs.filter((d) => 'http_server_errors' in d && !('route' in d));
    expect(serviceWide.reduce((n, d) => n + (d.http_server_errors as number), 0)).toBe(1);
  }

  it('writes count, latency and 5xx per route as EMF JSON lines on stdout, at SIGTERM, valid by AWS schema', async () => {
    running = await start({ ENVIRONMENT: 'testing' });
    await traffic(running.url);
    const exited = once(running.child, 'exit');
    running.child.kill('SIGTERM');
    expect((await exited)[0]).toBe(0);
    const docs = running.records().filter((r) => '_aws' in r) as Doc[];
    check(docs, 'Dashtam/testing');
  });

  it('sends them to CloudWatch Logs with x-amzn-logs-format: json/emf, in a metrics stream of their own', async () => {
    const cw = await LocalCloudWatchLogs.start();
    try {
      running = await start({
        ENVIRONMENT: 'production',
        LOG_SINKS: 'console,cloudwatch',
        INSTANCE_ID: 'api-test',
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'local',
        AWS_SECRET_ACCESS_KEY: 'local',
        AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: cw.url,
      });
      await traffic(running.url);
      const exited = once(running.child, 'exit');
      running.child.kill('SIGTERM');
      expect((await exited)[0]).toBe(0);
      expect(running.records().filter((r) => '_aws' in r)).toEqual([]); // not on stdout too
      const group = '/dashtam/production/app';
      const streams = cw.store.streamNames(group);
      const metricStreams = streams.filter((s) => s.startsWith('metrics/api-test/'));
      expect(metricStreams).toHaveLength(1);
      const events = cw.store.events(group, metricStreams[0] as string);
      expect(events.length).toBeGreaterThan(0);
      expect(new Set(events.map((e) => e.logFormat))).toEqual(new Set(['json/emf']));
      check(
        events.map((e) => JSON.parse(e.message) as Doc),
        'Dashtam/production',
      );
      // The log records went to their own stream, without the EMF header.
      const logEvents = streams.filter((s) => s.startsWith('api-test/')).flatMap((s) => cw.store.events(group, s));
      expect(logEvents.some((e) => JSON.parse(e.message).message === 'Request completed')).toBe(true);
      expect(logEvents.every((e) => e.logFormat === undefined)).toBe(true);
    } finally {
      await cw.stop();
    }
  });
});

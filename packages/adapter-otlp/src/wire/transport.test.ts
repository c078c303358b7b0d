import { once } from 'node:events';
import { createServer, type Socket } from 'node:net';
import { type Answer, OtlpReceiver, refusingPort } from '@dashtam/otlp-local';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeLogsRequest } from './encode.js';
import { postLogs } from './transport.js';
import type { WireContext, WireProtocol } from './types.js';

const context: WireContext = { resource: { 'service.name': 'orders' }, scope: { name: 'test' } };
const body = (protocol: WireProtocol): Uint8Array =>
  encodeLogsRequest([{ line: '{"message":"hello","n":1}', level: 'info', time: 1_796_000_000_000 }], context, protocol);

/** A protobuf ExportLogsServiceResponse with partial_success { rejected_log_records, error_message }. */
function protobufPartial(rejected: number, message: string): Uint8Array {
  const text = Buffer.from(message);
  const inner = Buffer.concat([Buffer.of(0x08, rejected, 0x12, text.length), text]);
  return Buffer.concat([Buffer.of(0x0a, inner.length), inner]);
}

let receiver: OtlpReceiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

async function post(protocol: WireProtocol, answer?: Answer, timeoutMs = 10_000) {
  receiver = await OtlpReceiver.start(answer === undefined ? {} : { answer: () => answer });
  return postLogs({
    url: receiver.logsUrl,
    headers: { 'x-tenant': 'acme' },
    body: body(protocol),
    protocol,
    timeoutMs,
  });
}

describe.each(['http/protobuf', 'http/json'] as const)('postLogs (%s)', (protocol) => {
  it('posts the body as it is, with its content type and the given headers, and reads 200 as accepted', async () => {
    const outcome = await post(protocol);
    expect(outcome).toEqual({ kind: 'accepted', rejected: 0 });
    const [request] = receiver?.requests ?? [];
    expect(Buffer.compare(request?.body ?? Buffer.alloc(0), Buffer.from(body(protocol)))).toBe(0);
    expect(request?.contentType).toBe(protocol === 'http/json' ? 'application/json' : 'application/x-protobuf');
    expect(request?.headers['x-tenant']).toBe('acme');
    expect(request?.headers.connection).toBe('keep-alive');
    expect(receiver?.logs.map((l) => l.body)).toEqual(['hello']);
  });

  it('reads partial_success from a 2xx answer', async () => {
    const answer =
      protocol === 'http/json'
        ? { status: 200, body: '{"partialSuccess":{"rejectedLogRecords":"3","errorMessage":"too old"}}' }
        : { status: 200, body: protobufPartial(3, 'too old') };
    expect(await post(protocol, answer)).toEqual({ kind: 'accepted', rejected: 3, message: 'too old' });
  });

  it('retries after 429, 502, 503 and 504, with the Retry-After the collector sent', async () => {
    const outcomes = [];
    for (const [status, retryAfter] of [
      [429, '7'],
      [502, undefined],
      [503, 'Sun, 06 Nov 1994 08:49:37 GMT'],
      [504, 'soon'],
    ] as const) {
      const headers: Record<string, string> = retryAfter === undefined ? {} : { 'retry-after': retryAfter };
      outcomes.push(await post(protocol, { status, headers, body: '' }));
      await receiver?.close();
      receiver = undefined;
    }
    expect(outcomes).toEqual([
      { kind: 'retry', retryAfterMs: 7000, reason: 'HTTP 429' },
      { kind: 'retry', reason: 'HTTP 502' },
      { kind: 'retry', retryAfterMs: 0, reason: 'HTTP 503' },
      { kind: 'retry', reason: 'HTTP 504' },
    ]);
  });

  it('refuses any other status, with the status and the start of the body', async () => {
    const outcome = await post(protocol, { status: 400, body: `bad request: ${'x'.repeat(1000)}` });
    expect(outcome).toMatchObject({ kind: 'refused', status: 400 });
    const reason = outcome.kind === 'refused' ? outcome.reason : '';
    expect(reason.startsWith('HTTP 400: bad request: xxx')).toBe(true);
    expect(reason.length).toBeLessThanOrEqual(220);
  });
});

describe('postLogs', () => {
  it('takes the message of a protobuf google.rpc.Status as the reason', async () => {
    const status = Buffer.concat([Buffer.of(0x08, 3, 0x12, 11), Buffer.from('bad payload')]);
    expect(await post('http/protobuf', { status: 400, body: status })).toEqual({
      kind: 'refused',
      status: 400,
      reason: 'HTTP 400: bad payload',
    });
  });

  it('accepts a 2xx whose body cannot be read, saying so', async () => {
    expect(await post('http/json', { status: 200, body: 'not json' })).toEqual({
      kind: 'accepted',
      rejected: 0,
      message: 'the response body could not be read',
    });
  });

  it('reads a number rejectedLogRecords in JSON', async () => {
    expect(await post('http/json', { status: 202, body: '{"partialSuccess":{"rejectedLogRecords":2}}' })).toEqual({
      kind: 'accepted',
      rejected: 2,
    });
  });

  it('retries when nothing listens', async () => {
    const port = await refusingPort();
    const outcome = await postLogs({
      url: `http://127.0.0.1:${port}/v1/logs`,
      headers: {},
      body: body('http/protobuf'),
      protocol: 'http/protobuf',
      timeoutMs: 10_000,
    });
    expect(outcome).toMatchObject({ kind: 'retry' });
    expect(outcome.kind === 'retry' && outcome.reason).toContain('ECONNREFUSED');
  });

  it.each([
    ['closes the connection without an answer', ''],
    ['cuts the answer short', 'HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\nabc'],
  ])('retries when the collector %s', async (_, answer) => {
    // A raw socket server: what no HTTP server library lets a test do on purpose.
    const sockets = new Set<Socket>();
    const server = createServer((socket) => {
      sockets.add(socket);
      socket.once('data', () => {
        if (answer === '') socket.destroy();
        else socket.write(answer, () => socket.destroy());
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as { port: number };
    try {
      const outcome = await postLogs({
        url: `http://127.0.0.1:${port}/v1/logs`,
        headers: {},
        body: body('http/protobuf'),
        protocol: 'http/protobuf',
        timeoutMs: 10_000,
      });
      expect(outcome.kind).toBe('retry');
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('retries when the answer does not come within the timeout', async () => {
    const never = new Promise(() => undefined);
    const outcome = await post('http/protobuf', { status: 200, after: never }, 50);
    expect(outcome).toEqual({ kind: 'retry', reason: 'no answer within 50 ms' });
  });

  it('refuses, without throwing, a request that cannot be made', async () => {
    const outcomes = await Promise.all([
      postLogs({ url: 'not a url', headers: {}, body: new Uint8Array(0), protocol: 'http/json', timeoutMs: 100 }),
      postLogs({
        url: 'ftp://127.0.0.1/v1/logs',
        headers: {},
        body: new Uint8Array(0),
        protocol: 'http/json',
        timeoutMs: 100,
      }),
      postLogs({
        url: 'http://127.0.0.1:1/v1/logs',
        headers: { 'x-bad': 'a\nb' },
        body: new Uint8Array(0),
        protocol: 'http/json',
        timeoutMs: 100,
      }),
    ]);
    expect(outcomes.map((o) => [o.kind, o.kind === 'refused' ? o.status : -1])).toEqual([
      ['refused', 0],
      ['refused', 0],
      ['refused', 0],
    ]);
  });
});

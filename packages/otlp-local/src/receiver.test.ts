import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { OtlpReceiver } from './receiver.js';

/** Posts `body` and returns the status, headers and body as they arrived. */
function post(url: string, contentType: string, body: string | Uint8Array) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }>((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': contentType } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('OtlpReceiver answers', () => {
  let receiver: OtlpReceiver | undefined;
  afterEach(async () => {
    await receiver?.close();
    receiver = undefined;
  });

  it('answers an empty ExportLogsServiceResponse when the answer has no body', async () => {
    receiver = await OtlpReceiver.start();
    const json = await post(receiver.logsUrl, 'application/json', '{}');
    const proto = await post(receiver.logsUrl, 'application/x-protobuf', new Uint8Array(0));
    expect([json.status, json.body.toString()]).toEqual([200, '{}']);
    expect([proto.status, proto.body.length]).toEqual([200, 0]);
  });

  it('sends the headers and the body an answer names', async () => {
    const partial = '{"partialSuccess":{"rejectedLogRecords":"2","errorMessage":"too old"}}';
    receiver = await OtlpReceiver.start({
      answer: (n) =>
        n === 0 ? { status: 503, headers: { 'retry-after': '7' }, body: 'try later' } : { status: 200, body: partial },
    });
    const first = await post(receiver.logsUrl, 'application/json', '{}');
    const second = await post(receiver.logsUrl, 'application/json', '{}');
    expect([first.status, first.headers['retry-after'], first.body.toString()]).toEqual([503, '7', 'try later']);
    expect([second.status, second.body.toString()]).toEqual([200, partial]);
    expect(receiver.requests.map((r) => r.status)).toEqual([503, 200]);
  });

  it('sends a binary body as it is', async () => {
    const bytes = Uint8Array.of(0x0a, 0x02, 0x08, 0x03);
    receiver = await OtlpReceiver.start({ answer: () => ({ status: 200, body: bytes }) });
    const res = await post(receiver.logsUrl, 'application/x-protobuf', new Uint8Array(0));
    expect([...res.body]).toEqual([...bytes]);
  });
});

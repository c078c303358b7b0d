import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeJson, decodeProtobuf, type ReceivedLog } from './decode.js';

/** One request as it arrived. */
export interface ReceivedRequest {
  readonly path: string;
  readonly contentType: string;
  readonly headers: IncomingMessage['headers'];
  /** The body bytes, exactly as sent. */
  readonly body: Buffer;
  /** The status answered. */
  readonly status: number;
  /** The records of a request answered 2xx (decoded whatever the answer). */
  readonly logs: readonly ReceivedLog[];
}

/**
 * What to answer a request: a status, optionally after a promise settles (to hold the answer),
 * with extra response headers (`Retry-After`) and a body of its own (a `partial_success`, an error
 * text) instead of the empty ExportLogsServiceResponse.
 */
export type Answer = {
  readonly status: number;
  readonly after?: Promise<unknown>;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Uint8Array;
};

export interface OtlpReceiverOptions {
  /** @default 0 (any free port) */
  readonly port?: number;
  /** Chooses the answer to the n-th request (0-based). @default 200 */
  readonly answer?: (n: number, request: IncomingMessage) => Answer;
}

/**
 * A real OTLP/HTTP logs receiver on 127.0.0.1: decodes what arrives independently of the
 * OpenTelemetry JS SDK, answers as scripted, and keeps every request. `logs` holds the records of
 * requests it answered with 2xx: what a collector accepted.
 */
export class OtlpReceiver {
  readonly requests: ReceivedRequest[] = [];
  readonly logs: ReceivedLog[] = [];
  readonly #server: Server;
  readonly #answer: (n: number, request: IncomingMessage) => Answer;
  readonly #waiters = new Set<() => void>();
  #count = 0;
  /** Requests whose body has arrived, answered or not. */
  arrived = 0;
  port = 0;

  private constructor(options: OtlpReceiverOptions) {
    this.#answer = options.answer ?? (() => ({ status: 200 }));
    this.#server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const n = this.#count++;
        this.arrived += 1;
        const body = Buffer.concat(chunks);
        const contentType = String(req.headers['content-type'] ?? '');
        let logs: ReceivedLog[] = [];
        let status: number;
        let after: Promise<unknown> | undefined;
        let headers: Readonly<Record<string, string>> | undefined;
        let answerBody: string | Uint8Array | undefined;
        try {
          logs = contentType.includes('json') ? decodeJson(body) : decodeProtobuf(body);
          ({ status, after, headers, body: answerBody } = this.#answer(n, req));
        } catch {
          status = 400;
        }
        const finish = (): void => {
          this.requests.push({ path: req.url ?? '', contentType, headers: req.headers, body, status, logs });
          // One by one: a request may hold more records than a call takes arguments.
          if (status >= 200 && status < 300) for (const log of logs) this.logs.push(log);
          const json = contentType.includes('json');
          res.writeHead(status, { 'content-type': json ? 'application/json' : 'application/x-protobuf', ...headers });
          // By default an empty ExportLogsServiceResponse: `{}` in JSON, zero bytes in protobuf.
          res.end(answerBody ?? (json ? '{}' : ''));
          for (const wake of this.#waiters) wake();
        };
        for (const wake of this.#waiters) wake();
        if (after === undefined) finish();
        else void after.then(finish, finish);
      });
    });
  }

  /** Starts a receiver on 127.0.0.1. */
  static async start(options: OtlpReceiverOptions = {}): Promise<OtlpReceiver> {
    const receiver = new OtlpReceiver(options);
    receiver.#server.listen(options.port ?? 0, '127.0.0.1');
    await once(receiver.#server, 'listening');
    receiver.port = (receiver.#server.address() as AddressInfo).port;
    return receiver;
  }

  /** The base URL (`OTEL_EXPORTER_OTLP_ENDPOINT`). */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The logs endpoint (`OTEL_EXPORTER_OTLP_LOGS_ENDPOINT`). */
  get logsUrl(): string {
    return `${this.url}/v1/logs`;
  }

  /** Resolves once `predicate()` holds, checked when a request arrives and when it is answered. */
  async until(predicate: () => boolean): Promise<void> {
    while (!predicate()) {
      await new Promise<void>((resolve) => {
        const wake = (): void => {
          this.#waiters.delete(wake);
          resolve();
        };
        this.#waiters.add(wake);
      });
    }
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}

/** A port on 127.0.0.1 that nothing listens on now (connections are refused until a receiver takes it). */
export async function refusingPort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * `postLogs`: one OTLP/HTTP export request over node:http/https on a keep-alive connection, its
 * answer read as an `ExportOutcome`. Never throws, never rejects: every failure is an outcome
 * (a network error or a timeout is `retry`, a request that cannot be made is `refused` with
 * status 0). How often to retry, and for how long, is the caller's choice. A kept-alive socket the
 * collector closed while it was idle can fail the next request (ECONNRESET): that is a `retry` too.
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { readPartialSuccess, reasonText } from './export-response.js';
import { parseRetryAfter } from './retry-after.js';
import type { ExportOutcome, WireProtocol } from './types.js';

/** The statuses after which the same request may succeed (OTLP/HTTP's retryable set). */
const RETRYABLE = new Set([429, 502, 503, 504]);
/** The most of an answer's body kept (a partial_success or an error text); the rest is read and dropped. */
const MAX_ANSWER = 64 * 1024;
const MAX_TIMER = 2 ** 31 - 1;
const DEFAULT_TIMEOUT = 10_000;

// One connection pool per scheme for the process (the export worker's): requests reuse sockets.
const httpAgent = new HttpAgent({ keepAlive: true });
const httpsAgent = new HttpsAgent({ keepAlive: true });

/** One export request: where, with which headers, the encoded body and its encoding, and the time it may take. */
export interface PostLogsRequest {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array;
  readonly protocol: WireProtocol;
  /** The whole exchange (connect, send, answer) in ms; past it the request is dropped and `retry` returned. */
  readonly timeoutMs: number;
}

function errorText(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code !== undefined && !error.message.includes(code) ? `${code}: ${error.message}` : error.message;
  }
  return String(error);
}

/** The outcome of an answer whose body has been read. */
function outcomeOf(res: IncomingMessage, body: Uint8Array, protocol: WireProtocol): ExportOutcome {
  const status = res.statusCode ?? 0;
  const contentType = String(res.headers['content-type'] ?? '');
  const json = contentType.includes('json') || (!contentType.includes('protobuf') && protocol === 'http/json');
  if (status >= 200 && status < 300) {
    const partial = readPartialSuccess(body, json);
    if (partial === undefined) return { kind: 'accepted', rejected: 0, message: 'the response body could not be read' };
    return partial.message === ''
      ? { kind: 'accepted', rejected: partial.rejected }
      : { kind: 'accepted', rejected: partial.rejected, message: partial.message };
  }
  // A google.rpc.Status only when the collector says protobuf: a text body is never decoded as one.
  const text = body.length === 0 ? '' : reasonText(body, contentType.includes('protobuf'));
  const reason = `HTTP ${status}${text === '' ? '' : `: ${text}`}`;
  if (RETRYABLE.has(status)) {
    const header = res.headers['retry-after'];
    const retryAfterMs = parseRetryAfter(Array.isArray(header) ? header[0] : header);
    return retryAfterMs === undefined ? { kind: 'retry', reason } : { kind: 'retry', retryAfterMs, reason };
  }
  return { kind: 'refused', status, reason };
}

/**
 * Posts an encoded ExportLogsServiceRequest and reads the answer: 2xx is `accepted` (with the
 * count the collector rejected from `partial_success`), 429/502/503/504, a network error or a
 * timeout is `retry` (with `Retry-After` when given), any other status is `refused`.
 *
 * @example
 * ```ts
 * const body = encodeLogsRequest(records, context, 'http/protobuf');
 * const outcome = await postLogs({ url: 'http://127.0.0.1:4318/v1/logs', headers: {}, body, protocol: 'http/protobuf', timeoutMs: 10_000 });
 * if (outcome.kind === 'retry') setTimeout(again, outcome.retryAfterMs ?? backoff);
 * ```
 */
export function postLogs(request: PostLogsRequest): Promise<ExportOutcome> {
  return new Promise<ExportOutcome>((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    let settled = false;
    const settle = (outcome: ExportOutcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    try {
      const url = new URL(request.url);
      const https = url.protocol === 'https:';
      if (!https && url.protocol !== 'http:') {
        settle({ kind: 'refused', status: 0, reason: `not an http(s) URL: ${request.url}` });
        return;
      }
      const { body, protocol } = request;
      const req = (https ? httpsRequest : httpRequest)(
        url,
        {
          method: 'POST',
          agent: https ? httpsAgent : httpAgent,
          headers: {
            'user-agent': 'dashtam-adapter-otlp',
            ...request.headers,
            'content-type': protocol === 'http/json' ? 'application/json' : 'application/x-protobuf',
            'content-length': String(body.length),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          let kept = 0;
          res.on('data', (chunk: Buffer) => {
            if (kept >= MAX_ANSWER) return;
            chunks.push(chunk);
            kept += chunk.length;
          });
          res.on('end', () => settle(outcomeOf(res, Buffer.concat(chunks), protocol)));
          res.on('error', (error) => settle({ kind: 'retry', reason: `answer cut short: ${errorText(error)}` }));
          res.on('close', () => settle({ kind: 'retry', reason: 'answer cut short: connection closed' }));
        },
      );
      const ms = request.timeoutMs > 0 ? Math.min(request.timeoutMs, MAX_TIMER) : DEFAULT_TIMEOUT;
      timer = setTimeout(() => {
        settle({ kind: 'retry', reason: `no answer within ${ms} ms` });
        req.destroy();
      }, ms);
      req.on('error', (error) => settle({ kind: 'retry', reason: `network error: ${errorText(error)}` }));
      req.end(body);
    } catch (error) {
      // An invalid URL or header: sending the same request again cannot help.
      settle({ kind: 'refused', status: 0, reason: `the request could not be made: ${errorText(error)}` });
    }
  });
}

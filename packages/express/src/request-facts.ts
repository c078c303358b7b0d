// What a request's records say about it beyond status and duration: the matched route's template,
// the query's parameters, the client's address and the size of the response body.
import type { Request, Response } from 'express';

const MAX_ROUTE_LENGTH = 256;
/** At most this many query parameters are written; `query_truncated: true` says some were left out. */
export const MAX_QUERY_PARAMS = 64;

/**
 * The template of the Express route that matched (`/users/:id`, a router's mount path included:
 * `/api/items/:itemId`), or undefined when none did. Read when the response is done.
 */
export function routeTemplate(req: Request): string | undefined {
  const path = (req.route as { path?: unknown } | undefined)?.path;
  if (path === undefined) return undefined;
  // Express's own final handler (no 404 or error middleware of the app's) answers after the
  // router has put back the app's baseUrl: undefined at the top.
  return `${req.baseUrl ?? ''}${String(path)}`.slice(0, MAX_ROUTE_LENGTH);
}

/**
 * The query string's parameters as an object (a repeated name gives an array), so the logger's
 * redaction judges each by its name (`?token=…` is written `[REDACTED]`) and its value's shape;
 * undefined without a query. At most {@link MAX_QUERY_PARAMS} parameters.
 */
export function queryOf(url: string): { query: Record<string, string | string[]>; truncated: boolean } | undefined {
  const at = url.indexOf('?');
  if (at < 0 || at === url.length - 1) return undefined;
  const query: Record<string, string | string[]> = Object.create(null);
  let count = 0;
  let truncated = false;
  for (const [name, value] of new URLSearchParams(url.slice(at + 1))) {
    const had = query[name];
    if (had === undefined && count >= MAX_QUERY_PARAMS) {
      truncated = true;
      continue;
    }
    if (had === undefined) {
      query[name] = value;
      count++;
    } else if (Array.isArray(had)) {
      if (had.length < MAX_QUERY_PARAMS) had.push(value);
      else truncated = true;
    } else query[name] = [had, value];
  }
  return count === 0 ? undefined : { query, truncated };
}

// The counting write() and end() are shared by every response (no closures per request): each
// response keeps its count and the functions it had under these symbols.
const COUNTED = Symbol('dashtam.responseBytes');
const WRITE = Symbol('dashtam.write');
const END = Symbol('dashtam.end');
interface Counted {
  [COUNTED]: number;
  [WRITE]: (...args: unknown[]) => boolean;
  [END]: (...args: unknown[]) => unknown;
}

function count(res: Response & Counted, chunk: unknown, encoding: unknown): void {
  // Declared: no need to count (Express sets it for res.send and res.json before end()).
  if (chunk == null || typeof chunk === 'function' || res.getHeader('content-length') !== undefined) return;
  if (typeof chunk === 'string') {
    res[COUNTED] += Buffer.byteLength(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
  } else if (ArrayBuffer.isView(chunk)) res[COUNTED] += chunk.byteLength;
}

function countingWrite(this: Response & Counted, chunk: unknown, ...rest: unknown[]): boolean {
  count(this, chunk, rest[0]);
  return this[WRITE].call(this, chunk, ...rest);
}

function countingEnd(this: Response & Counted, chunk?: unknown, ...rest: unknown[]): unknown {
  count(this, chunk, rest[0]);
  return this[END].call(this, chunk, ...rest);
}

/**
 * Counts the body bytes a response is given (`write` and `end`, calling the ones it had), and
 * answers its size when done: the `Content-Length` it declared, else the bytes counted (a streamed
 * or chunked body).
 */
export function countResponseBytes(res: Response): void {
  const counted = res as Response & Counted;
  counted[COUNTED] = 0;
  counted[WRITE] = res.write as Counted[typeof WRITE];
  counted[END] = res.end as Counted[typeof END];
  res.write = countingWrite as Response['write'];
  res.end = countingEnd as Response['end'];
}

/** The size of the body of a response {@link countResponseBytes} counted: declared, else counted. */
export function responseSize(res: Response): number {
  const declared = Number(res.getHeader('content-length'));
  if (Number.isSafeInteger(declared) && declared >= 0) return declared;
  return (res as Partial<Counted>)[COUNTED] ?? 0;
}

const IPV4_MAPPED = '::ffff:';

/**
 * The client's address as Express gives it (`req.ip`: `trust proxy` decides whether
 * X-Forwarded-For counts), an IPv4 address in its usual form (`::ffff:10.0.0.7` is `10.0.0.7`).
 */
export function clientAddress(req: Request): string | undefined {
  try {
    // Without trust proxy (Express's default), req.ip is the socket's address: read it directly.
    const trusted = (req.app as { settings?: Record<string, unknown> } | undefined)?.settings?.['trust proxy'];
    const ip = trusted === false || trusted === undefined ? req.socket?.remoteAddress : req.ip;
    if (typeof ip !== 'string' || ip === '') return undefined;
    return ip.startsWith(IPV4_MAPPED) && ip.includes('.') ? ip.slice(IPV4_MAPPED.length) : ip;
  } catch {
    return undefined;
  }
}

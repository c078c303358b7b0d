// What a request's records say about it beyond status and duration: the matched route's template,
// the query's parameters, the client's address and the size of the response body.
import { ServerResponse } from 'node:http';
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
 * Query parameter names whose values are written `[REDACTED]` whatever they hold: credentials that
 * travel in URLs under names the logger's key rules do not treat as secret elsewhere (an OAuth
 * authorization `code`, an API `key`, a `sig`nature, a `session` or `reset` link's token). Any case.
 */
export const DEFAULT_REDACT_QUERY = [
  'code',
  'key',
  'state',
  'session',
  'sessionid',
  'sid',
  'sig',
  'signature',
  'refresh',
  'reset',
  'magic',
  'nonce',
  'ticket',
  'otp',
  'jwt',
  'auth',
  'hash',
] as const;

/**
 * The query string's parameters as an object (a repeated name gives an array), so the logger's
 * redaction judges each by its name (`?token=…` is written `[REDACTED]`) and its value's shape, and
 * the names in `redact` (lower case) are written `[REDACTED]`; undefined without a query. At most
 * {@link MAX_QUERY_PARAMS} parameters.
 */
export function queryOf(
  url: string,
  redact: ReadonlySet<string>,
): { query: Record<string, string | string[]>; truncated: boolean } | undefined {
  const at = url.indexOf('?');
  if (at < 0 || at === url.length - 1) return undefined;
  const query: Record<string, string | string[]> = Object.create(null);
  let count = 0;
  let truncated = false;
  for (const [name, given] of new URLSearchParams(url.slice(at + 1))) {
    const value = redact.has(name.toLowerCase()) ? '[REDACTED]' : given;
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

// The counting write() and end() are defined once on the app's response prototype (Express gives
// each app its own, `app.response`, between the responses and http.ServerResponse.prototype), so a
// request costs nothing until a body without Content-Length is written; each response keeps its
// count under COUNTED. A response whose prototype is Node's own (no Express app) gets them as its
// own properties, so nothing outside the app is changed.
const COUNTED = Symbol('dashtam.responseBytes');
interface Counted {
  [COUNTED]?: number;
}
type Write = (this: Response, ...args: unknown[]) => boolean;
type End = (this: Response, ...args: unknown[]) => unknown;

function count(res: Response & Counted, chunk: unknown, encoding: unknown): void {
  // Declared: no need to count (Express sets it for res.send and res.json before end()).
  if (chunk == null || typeof chunk === 'function' || res.getHeader('content-length') !== undefined) return;
  let bytes = 0;
  if (typeof chunk === 'string') {
    bytes = Buffer.byteLength(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
  } else if (ArrayBuffer.isView(chunk)) bytes = chunk.byteLength;
  res[COUNTED] = (res[COUNTED] ?? 0) + bytes;
}

function countingMethods(write: Write, end: End): { write: Write; end: End } {
  return {
    write(this: Response, chunk: unknown, ...rest: unknown[]): boolean {
      count(this, chunk, rest[0]);
      return write.call(this, chunk, ...rest);
    },
    end(this: Response, chunk?: unknown, ...rest: unknown[]): unknown {
      count(this, chunk, rest[0]);
      return end.call(this, chunk, ...rest);
    },
  };
}

const COUNTING = Symbol('dashtam.countingMethods');
const patched = new WeakSet<object>();

/**
 * Counts the body bytes the response is given (`write` and `end`), for {@link responseSize}: on
 * its app's response prototype, once per app.
 */
export function countResponseBytes(res: Response): void {
  const proto = Object.getPrototypeOf(res) as (Response & { [COUNTING]?: true }) | null;
  // Counting already (this app's prototype, or a parent app's it inherits from).
  if (proto === null || patched.has(proto) || proto[COUNTING] === true) return;
  if (proto === ServerResponse.prototype || !Object.prototype.isPrototypeOf.call(ServerResponse.prototype, proto)) {
    const counted = res as Response & { [COUNTING]?: true };
    if (Object.hasOwn(counted, COUNTING)) return; // counted already
    const own = countingMethods(res.write as unknown as Write, res.end as unknown as End);
    res.write = own.write as Response['write'];
    res.end = own.end as Response['end'];
    counted[COUNTING] = true;
    return;
  }
  const methods = countingMethods(proto.write as unknown as Write, proto.end as unknown as End);
  Object.defineProperties(proto, {
    write: { value: methods.write, writable: true, configurable: true },
    end: { value: methods.end, writable: true, configurable: true },
    [COUNTING]: { value: true, configurable: true },
  });
  patched.add(proto);
}

/** The size of the body of a response {@link countResponseBytes} counted: declared, else counted. */
export function responseSize(res: Response): number {
  // No body is sent for these, whatever was written or declared.
  if (res.req?.method === 'HEAD' || res.statusCode === 204 || res.statusCode === 304) return 0;
  const declared = Number(res.getHeader('content-length'));
  if (Number.isSafeInteger(declared) && declared >= 0) return declared;
  return (res as Counted)[COUNTED] ?? 0;
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

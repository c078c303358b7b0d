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

/**
 * Counts the body bytes a response is given (`write` and `end`), and answers its size when done:
 * the `Content-Length` it declared, else the bytes counted (a streamed or chunked body).
 */
export function responseSize(res: Response): () => number {
  let counted = 0;
  const write = res.write;
  const end = res.end;
  const count = (chunk: unknown, encoding: unknown): void => {
    // Declared: no need to count (Express sets it for res.send and res.json before end()).
    if (chunk == null || typeof chunk === 'function' || res.getHeader('content-length') !== undefined) return;
    if (typeof chunk === 'string') {
      counted += Buffer.byteLength(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
    } else if (ArrayBuffer.isView(chunk)) counted += chunk.byteLength;
  };
  res.write = function (this: Response, chunk: unknown, ...rest: unknown[]) {
    count(chunk, rest[0]);
    return (write as (...a: unknown[]) => boolean).call(this, chunk, ...rest);
  } as Response['write'];
  res.end = function (this: Response, chunk?: unknown, ...rest: unknown[]) {
    count(chunk, rest[0]);
    return (end as (...a: unknown[]) => Response).call(this, chunk, ...rest);
  } as Response['end'];
  return () => {
    const declared = Number(res.getHeader('content-length'));
    return Number.isSafeInteger(declared) && declared >= 0 ? declared : counted;
  };
}

/** The client's address as Express gives it (`req.ip`: `trust proxy` decides whether X-Forwarded-For counts). */
export function clientAddress(req: Request): string | undefined {
  try {
    const ip = req.ip;
    return typeof ip === 'string' && ip !== '' ? ip : undefined;
  } catch {
    return undefined;
  }
}

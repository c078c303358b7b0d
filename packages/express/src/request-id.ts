// Request ids: the caller's X-Request-Id when it passes the same checks as X-Trace-Id, else the
// app's genReqId(req, res), else a fresh UUIDv7; how traceContext() is configured for them.
import { newRequestId } from '@dashtam/container/internal';
import type { Request, Response } from 'express';
import { describeValue, InvalidMiddlewareOptionsError } from './errors.js';
import { checkFieldName, HEADER_NAME } from './option-checks.js';
import { ACCEPTED_TRACE_ID_HEADER, headerValue, refusal } from './trace-id-header.js';

/** The field every record of a request carries its id in, unless `requestIdKey` names another. */
export const DEFAULT_REQUEST_ID_KEY = 'request_id';

// Headers the request id must not replace: the trace ids traceContext() sends, and HTTP's own.
const RESERVED_HEADERS: ReadonlySet<string> = new Set([
  'x-trace-id',
  'x-correlation-id',
  'traceparent',
  'tracestate',
  'content-length',
  'content-type',
  'content-encoding',
  'set-cookie',
  'cookie',
  'authorization',
  'host',
  'connection',
  'transfer-encoding',
]);

/** How {@link requestIdOf} chooses a request's id. */
export interface RequestIdConfig {
  /** The header read (lower case), or undefined when callers' ids are not taken. */
  readonly header: string | undefined;
  /** The header the id is echoed in (as the option spells it; `X-Request-Id` by default). */
  readonly echo: string;
  readonly genReqId: ((req: Request, res: Response) => unknown) | undefined;
  readonly key: string;
}

/**
 * Validates the request id options of `traceContext()`.
 * @throws {InvalidMiddlewareOptionsError} naming the option, what it was and what is accepted.
 */
export function requestIdConfig(options: {
  readonly requestIdHeader?: string | false;
  readonly genReqId?: (req: Request, res: Response) => string | number;
  readonly requestIdKey?: string;
}): RequestIdConfig {
  const { requestIdHeader, genReqId, requestIdKey } = options;
  if (requestIdHeader !== undefined && requestIdHeader !== false) {
    if (typeof requestIdHeader !== 'string' || !HEADER_NAME.test(requestIdHeader)) {
      throw new InvalidMiddlewareOptionsError(
        `traceContext({ requestIdHeader }): requestIdHeader must be a header name (e.g. 'x-request-id') or false to ignore callers' ids, got ${describeValue(requestIdHeader)}`,
      );
    }
  }
  if (typeof requestIdHeader === 'string' && RESERVED_HEADERS.has(requestIdHeader.toLowerCase())) {
    throw new InvalidMiddlewareOptionsError(
      `traceContext({ requestIdHeader }): ${JSON.stringify(requestIdHeader)} is a header this middleware or HTTP already gives a meaning; use another, e.g. 'x-request-id'`,
    );
  }
  if (genReqId !== undefined && typeof genReqId !== 'function') {
    throw new InvalidMiddlewareOptionsError(
      `traceContext({ genReqId }): genReqId must be a function (req, res) => string, got ${describeValue(genReqId)}`,
    );
  }
  const key = requestIdKey ?? DEFAULT_REQUEST_ID_KEY;
  if (typeof key !== 'string' || key === '') {
    throw new InvalidMiddlewareOptionsError(
      `traceContext({ requestIdKey }): requestIdKey must be a field name such as 'request_id', got ${describeValue(key)}`,
    );
  }
  checkFieldName('traceContext({ requestIdKey })', key);
  const echo = typeof requestIdHeader === 'string' ? requestIdHeader : 'X-Request-Id';
  return { header: requestIdHeader === false ? undefined : echo.toLowerCase(), echo, genReqId, key };
}

/** A request's id, and what was refused on the way (to report). */
export interface RequestIdChoice {
  readonly id: string;
  /** A refused caller id (its value is never written when `secret`). */
  readonly refused?: { readonly value: string; readonly secret: boolean };
  /** Why `genReqId` gave no usable id (then the id is a UUIDv7). */
  readonly genError?: string;
}

/**
 * The request's id: the caller's (checked as `X-Trace-Id` is: 1 to 128 characters of
 * `[A-Za-z0-9._-]`, not shaped like a secret), else `genReqId(req, res)` (a number, or a string
 * that passes the same check), else a UUIDv7.
 */
export function requestIdOf(req: Request, res: Response, config: RequestIdConfig): RequestIdChoice {
  let refused: RequestIdChoice['refused'];
  if (config.header !== undefined) {
    const sent = req.headers[config.header];
    if (sent !== undefined) {
      const value = headerValue(sent);
      const why = refusal(value);
      if (why === undefined) return { id: value };
      refused = { value, secret: why.secret };
    }
  }
  if (config.genReqId === undefined)
    return refused === undefined ? { id: newRequestId() } : { id: newRequestId(), refused };
  let genError: string;
  try {
    const given = config.genReqId(req, res);
    const id = typeof given === 'number' && Number.isFinite(given) ? String(given) : given;
    // The app's id is echoed and written as the caller's is: the same check (a genReqId that reads
    // the header itself must not let a refused one back in). Its value is never in the report.
    const why = typeof id === 'string' ? refusal(id) : { secret: false };
    if (typeof id === 'string' && why === undefined) return refused === undefined ? { id } : { id, refused };
    genError =
      typeof id === 'string'
        ? `genReqId returned ${why?.secret === true ? 'an id that looks like a secret' : 'an id that is not accepted'} (${id.length} characters); accepted: ${ACCEPTED_TRACE_ID_HEADER}, or a number`
        : `genReqId must return a string or a number, got ${given === null ? 'null' : typeof given}`;
  } catch (e) {
    genError = `genReqId threw: ${e instanceof Error ? e.message : String(e)}`;
  }
  return { id: newRequestId(), genError, ...(refused === undefined ? {} : { refused }) };
}

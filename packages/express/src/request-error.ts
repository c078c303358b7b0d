import { processWide } from '@dashtam/container/internal';
import type { Response } from 'express';

// The error problemDetails() answered for a response, so the request logger can pass it to
// `level(req, res, err)` and log the request at error level. Kept off res.locals: it is ours. One
// map per process (on globalThis): problemDetails() from the ESM copy of this package and
// requestLogger() from the CommonJS copy see the same errors.
const errors = processWide('dashtam.express.request-errors.v1', () => new WeakMap<Response, unknown>());

/** Remembers the error a response was answered for. */
export function recordRequestError(res: Response, error: unknown): void {
  errors.set(res, error);
}

/** The error a response was answered for, if any. */
export function requestError(res: Response): unknown {
  return errors.get(res);
}

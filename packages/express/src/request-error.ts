import type { Response } from 'express';

// The error problemDetails() answered for a response, so the request logger can pass it to
// `level(req, res, err)` and log the request at error level. Kept off res.locals: it is ours.
const errors = new WeakMap<Response, unknown>();

/** Remembers the error a response was answered for. */
export function recordRequestError(res: Response, error: unknown): void {
  errors.set(res, error);
}

/** The error a response was answered for, if any. */
export function requestError(res: Response): unknown {
  return errors.get(res);
}

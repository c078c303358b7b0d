import type { LoggerProtocol } from '@dashtam/logger-protocol';
import type { NextFunction, Request, Response } from 'express';
import { HttpError, sendProblem } from './problem.js';

/** Unknown route: 404 problem document. */
export function notFoundHandler() {
  return (req: Request, res: Response): void => {
    sendProblem(res, 404, 'Not Found', { detail: `No route for ${req.method} ${req.path}` });
  };
}

/**
 * Maps errors to problem documents: malformed JSON 400, HttpError its own status (422 for failed
 * validation), anything else 500, logged at error level with the error serialised. A 500 body never
 * carries a stack or an internal message.
 */
export function errorHandler() {
  return (error: unknown, _req: Request, res: Response, next: NextFunction): void => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const known = describeClientError(error);
    if (known !== undefined) {
      sendProblem(res, known.status, known.title, known.extra);
      return;
    }
    (res.locals.logger as LoggerProtocol).error('Unhandled exception', { error });
    sendProblem(res, 500, 'Internal Server Error');
  };
}

type Problem = { status: number; title: string; extra: Parameters<typeof sendProblem>[3] };

// The errors that are the client's doing, as problem parameters; undefined for everything else.
function describeClientError(error: unknown): Problem | undefined {
  if (error instanceof HttpError) {
    return {
      status: error.status,
      title: error.title,
      extra: { detail: error.message, ...(error.errors !== undefined ? { errors: error.errors } : {}) },
    };
  }
  const e = error as { type?: string; status?: number } | null;
  if (e?.type === 'entity.parse.failed')
    return { status: 400, title: 'Bad Request', extra: { detail: 'The request body is not valid JSON' } };
  if (e?.type === 'entity.too.large') return { status: 413, title: 'Content Too Large', extra: {} };
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500)
    return { status: e.status, title: 'Bad Request', extra: {} };
  return undefined;
}

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
    if (res.headersSent) return next(error);
    const logger = res.locals.logger as LoggerProtocol;
    if (error instanceof HttpError) {
      return sendProblem(res, error.status, error.title, {
        detail: error.message,
        ...(error.errors !== undefined ? { errors: error.errors } : {}),
      });
    }
    const e = error as { type?: string; status?: number };
    if (e?.type === 'entity.parse.failed')
      return sendProblem(res, 400, 'Bad Request', { detail: 'The request body is not valid JSON' });
    if (e?.type === 'entity.too.large') return sendProblem(res, 413, 'Content Too Large');
    if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500)
      return sendProblem(res, e.status, 'Bad Request');
    logger.error('Unhandled exception', { error });
    sendProblem(res, 500, 'Internal Server Error');
  };
}

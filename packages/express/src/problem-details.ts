import { STATUS_CODES } from 'node:http';
import type { ErrorRequestHandler, NextFunction, Request, RequestHandler, Response } from 'express';
import { recordRequestError } from './request-error.js';

/** One field that failed validation. */
export interface FieldError {
  readonly field: string;
  readonly message: string;
}

/**
 * An error a handler raises to answer with a given status (400, 401, 404, 422, 502, ...). Its
 * `title`, `detail` (the message) and `errors` are written in the problem document, whatever the
 * status: they are chosen by the handler for the caller to read.
 *
 * @example
 * ```ts
 * throw new HttpError(409, 'Conflict', 'A user with this email already exists');
 * ```
 */
export class HttpError extends Error {
  readonly status: number;
  readonly title: string;
  readonly errors: readonly FieldError[] | undefined;
  constructor(status: number, title: string, detail?: string, errors?: readonly FieldError[]) {
    super(detail ?? title);
    this.name = 'HttpError';
    this.status = status;
    this.title = title;
    this.errors = errors;
  }
}

/** The optional members of a problem document besides `type`, `title` and `status`. */
export interface ProblemExtras {
  readonly detail?: string;
  readonly errors?: readonly FieldError[];
}

/**
 * Sends an RFC 9457 problem document (`application/problem+json`) with the request's `trace_id`
 * and, when there is one, `correlation_id`.
 *
 * @example
 * ```ts
 * sendProblem(res, 404, 'Not Found', { detail: 'No user with this id' });
 * ```
 */
export function sendProblem(res: Response, status: number, title: string, extra: ProblemExtras = {}): void {
  const locals = res.locals as Partial<Express.Locals>;
  res
    .status(status)
    .type('application/problem+json')
    .send(
      JSON.stringify({
        type: 'about:blank',
        title,
        status,
        ...(extra.detail !== undefined ? { detail: extra.detail } : {}),
        ...(extra.errors !== undefined ? { errors: extra.errors } : {}),
        ...(locals.traceId !== undefined ? { trace_id: locals.traceId } : {}),
        ...(locals.correlationId !== undefined ? { correlation_id: locals.correlationId } : {}),
      }),
    );
}

/**
 * Answers a request no route matched: a 404 problem document naming the method and path.
 *
 * @example
 * ```ts
 * app.use(notFound());
 * app.use(problemDetails());
 * ```
 */
export function notFound(): RequestHandler {
  return (req: Request, res: Response): void => {
    const detail = `No route for ${req.method} ${req.path}`;
    // The request logger's `level(req, res, err)` and its 404 record see why, as for problemDetails().
    recordRequestError(res, new HttpError(404, 'Not Found', detail));
    sendProblem(res, 404, 'Not Found', { detail });
  };
}

interface ClientErrorShape {
  readonly type?: unknown;
  readonly status?: unknown;
  readonly statusCode?: unknown;
  readonly expose?: unknown;
  readonly message?: unknown;
}

type Problem = { status: number; title: string; extra: ProblemExtras };

// The errors that are the client's doing (or that the handler chose to describe), as problem
// parameters; undefined for everything else.
function describeKnownError(error: unknown): Problem | undefined {
  if (error instanceof HttpError) {
    return {
      status: error.status,
      title: error.title,
      extra: { detail: error.message, ...(error.errors !== undefined ? { errors: error.errors } : {}) },
    };
  }
  const e = (typeof error === 'object' && error !== null ? error : {}) as ClientErrorShape;
  if (e.type === 'entity.parse.failed')
    return { status: 400, title: 'Bad Request', extra: { detail: 'The request body is not valid JSON' } };
  if (e.type === 'entity.too.large')
    return { status: 413, title: 'Content Too Large', extra: { detail: 'The request body is too large' } };
  const status = typeof e.status === 'number' ? e.status : e.statusCode;
  if (typeof status === 'number' && Number.isInteger(status) && status >= 400 && status < 500) {
    // http-errors marks the messages meant for the caller with `expose`.
    const detail = e.expose === true && typeof e.message === 'string' ? { detail: e.message } : {};
    return { status, title: STATUS_CODES[status] ?? 'Bad Request', extra: detail };
  }
  return undefined;
}

/**
 * The error handler: answers every error as an RFC 9457 problem document with the request's
 * `trace_id`. An {@link HttpError} gets its own status, title and detail; malformed JSON 400; a
 * body too large 413; another error with a 4xx `status` (http-errors, body-parser) that status,
 * with its message only when `expose` is true. Anything else is a 500 that carries no stack, no
 * message and no other internal detail, and is logged at error level on `req.log` as
 * `Unhandled exception` with the error serialised. Every error it answers reaches
 * `requestLogger()`: its `level` as `err`, and a 4xx record as `error_type` and `error_message`.
 * Mount it last.
 *
 * @example
 * ```ts
 * app.use(notFound());
 * app.use(problemDetails());
 * ```
 */
export function problemDetails(): ErrorRequestHandler {
  return (error: unknown, req: Request, res: Response, _next: NextFunction): void => {
    if (res.headersSent) {
      // Too late for a problem document: the status and part of the body are gone. The error is
      // logged with the request's ids (Express's own handler would print its stack on stderr,
      // which no sink ships), and the connection is closed, as Express does, so the client sees
      // a cut response rather than one that looks complete.
      recordRequestError(res, error);
      (req as Partial<Request>).log?.error('Unhandled exception after the response started', { error });
      res.destroy();
      return;
    }
    const known = describeKnownError(error);
    if (known !== undefined) {
      // Every answered error reaches requestLogger(): its `level(req, res, err)` and, for a 4xx,
      // the record's error_type and error_message say why the request failed.
      recordRequestError(res, error);
      sendProblem(res, known.status, known.title, known.extra);
      return;
    }
    recordRequestError(res, error);
    (req as Partial<Request>).log?.error('Unhandled exception', { error });
    sendProblem(res, 500, 'Internal Server Error');
  };
}

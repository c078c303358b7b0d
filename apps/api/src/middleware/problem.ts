import type { Response } from 'express';

/** One field that failed validation. */
export interface FieldError {
  readonly field: string;
  readonly message: string;
}

/** An error a handler raises to answer with a given status (400, 401, 404, 422, ...). */
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

/** Sends an RFC 9457 problem document with the request's trace id. */
export function sendProblem(
  res: Response,
  status: number,
  title: string,
  extra: { detail?: string; errors?: readonly FieldError[] } = {},
): void {
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
        trace_id: res.locals.traceId,
        ...(res.locals.correlationId !== undefined ? { correlation_id: res.locals.correlationId } : {}),
      }),
    );
}

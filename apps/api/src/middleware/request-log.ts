import type { LoggerProtocol } from '@dashtam/logger-protocol';
import type { NextFunction, Request, Response } from 'express';

const QUIET_PATHS = new Set(['/health']);

/**
 * Logs `Request received` and `Request completed` (http_method, request_path, status_code,
 * duration_ms) for every request; the health check at debug level so probes do not flood the logs.
 */
export function requestLogMiddleware() {
  return (req: Request, res: Response, next: NextFunction): void => {
    const logger = res.locals.logger as LoggerProtocol;
    const level = QUIET_PATHS.has(req.path) ? 'debug' : 'info';
    const started = performance.now();
    logger[level]('Request received');
    let done = false;
    const complete = (aborted: boolean) => {
      if (done) return;
      done = true;
      logger[level]('Request completed', {
        status_code: res.statusCode,
        duration_ms: Math.round((performance.now() - started) * 100) / 100,
        ...(aborted ? { aborted: true } : {}),
      });
    };
    res.once('finish', () => complete(false));
    res.once('close', () => complete(!res.writableFinished));
    next();
  };
}

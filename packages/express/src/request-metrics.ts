import type { MetricDimensions, MetricsProtocol } from '@dashtam/metrics-protocol';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { describeValue, InvalidMiddlewareOptionsError } from './errors.js';
import { routeTemplate } from './request-facts.js';
import { onResponseDone } from './response-done.js';

/** The metric names {@link requestMetrics} records. */
export const REQUEST_METRICS = {
  /** Count, one per request; dimensions `route`, `status_class`. */
  requests: 'http_requests',
  /** Milliseconds from the middleware to the response's end ('finish', or 'close' if first); dimensions `route`, `status_class`. */
  duration: 'http_request_duration',
  /**
   * Count, 1 for a 5xx answer and 0 otherwise (so the metric exists, at 0, while all is well):
   * once with dimension `route`, once with none (the service-wide series an alarm watches).
   */
  serverErrors: 'http_server_errors',
} as const;

/** What `route` is when no route of the app matched (404s for unknown paths stay one series). */
export const UNMATCHED_ROUTE = 'unmatched';
/** What `status_class` is when the client went away before the response was finished. */
export const ABORTED_STATUS_CLASS = 'aborted';

/** Options of {@link requestMetrics}. */
export interface RequestMetricsOptions {
  /** Where the values go: `getMetrics()` from `@dashtam/container`, or any `MetricsProtocol`. */
  readonly metrics: MetricsProtocol;
  /**
   * The `route` dimension of a request: keep it to a few values (a route template, never a raw path
   * or an id). Called when the response closes, when `req.path` is relative to the router that
   * answered: use `req.originalUrl` or `req.baseUrl`. A throwing, empty or non-string answer falls
   * back to the default.
   * @default `METHOD /mount/path/:param` of the matched Express route, else `unmatched`. A router
   * mounted on a path with parameters (`/orgs/:orgId`) is named by the path it matched (Express
   * keeps no template for it): give such apps a `route` of their own.
   */
  readonly route?: (req: Request, res: Response) => string;
  /** Requests not measured (e.g. health probes, static files). @default none */
  readonly ignore?: (req: Request) => boolean;
}

const MAX_ROUTE_LENGTH = 256;

/**
 * Records, for every request, `http_requests` (count) and `http_request_duration` (milliseconds)
 * by `route` and `status_class` (`2xx` ... `5xx`, or `aborted` when the client went away first),
 * and `http_server_errors` (1 for a 5xx, else 0) by `route` and service-wide. The route is the
 * matched Express route's template with its method (`GET /users/:id`), so a million user ids stay
 * one series; requests no route matched are `unmatched`. Mount it first, so the duration covers
 * every other middleware.
 *
 * A metric call never throws; a failing `route` or `ignore` callback falls back to the default.
 *
 * @throws {InvalidMiddlewareOptionsError} when `metrics` is not a metrics object or a callback is not a function.
 * @example
 * ```ts
 * import { getMetrics } from '@dashtam/container';
 * app.use(requestMetrics({ metrics: getMetrics(), ignore: (req) => req.path === '/health' }));
 * ```
 */
export function requestMetrics(options: RequestMetricsOptions): RequestHandler {
  const { metrics, route, ignore } = checkOptions(options);
  const dimensions = new DimensionsCache();
  return (req: Request, res: Response, next: NextFunction): void => {
    if (ignore !== undefined && attempt(() => ignore(req)) === true) {
      next();
      return;
    }
    const started = performance.now();
    const record = (finished: boolean): void => {
      const duration = Math.round((performance.now() - started) * 1000) / 1000;
      const name = routeOf(req, res, route);
      const status = res.statusCode;
      const statusClass = finished ? `${Math.floor(status / 100)}xx` : ABORTED_STATUS_CLASS;
      const { byRouteAndClass, byRoute } = dimensions.of(name, statusClass);
      const failed = finished && status >= 500 ? 1 : 0;
      metrics.count(REQUEST_METRICS.requests, 1, 'Count', byRouteAndClass);
      metrics.timing(REQUEST_METRICS.duration, duration, 'Milliseconds', byRouteAndClass);
      metrics.count(REQUEST_METRICS.serverErrors, failed, 'Count', byRoute);
      metrics.count(REQUEST_METRICS.serverErrors, failed, 'Count');
    };
    // Done on 'finish' or 'close', whichever comes first (a serverless adapter's response never
    // closes); a request whose client left before this ran is recorded, aborted, once it has run.
    if (onResponseDone(res, record)) {
      next();
      return;
    }
    next();
    record(false);
  };
}

// The dimensions of a route and status class, frozen and reused: no objects per request, and a
// metrics implementation may recognise them by identity (EmfMetrics does). Bounded: cleared when
// full (routes are few; a custom route callback that returns raw paths must not grow it forever).
const MAX_CACHED_DIMENSIONS = 1000;
class DimensionsCache {
  #entries = new Map<string, { byRouteAndClass: MetricDimensions; byRoute: MetricDimensions }>();

  of(route: string, statusClass: string): { byRouteAndClass: MetricDimensions; byRoute: MetricDimensions } {
    const key = `${statusClass} ${route}`;
    let entry = this.#entries.get(key);
    if (entry === undefined) {
      if (this.#entries.size >= MAX_CACHED_DIMENSIONS) this.#entries.clear();
      entry = {
        byRouteAndClass: Object.freeze({ route, status_class: statusClass }),
        byRoute: Object.freeze({ route }),
      };
      this.#entries.set(key, entry);
    }
    return entry;
  }
}

function checkOptions(options: RequestMetricsOptions): RequestMetricsOptions {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidMiddlewareOptionsError(
      `requestMetrics(options): options must be an object with metrics, e.g. requestMetrics({ metrics: getMetrics() }), got ${describeValue(options)}`,
    );
  }
  const m = options.metrics as Partial<MetricsProtocol> | undefined;
  if (
    m === null ||
    typeof m !== 'object' ||
    typeof m.count !== 'function' ||
    typeof m.timing !== 'function' ||
    typeof m.gauge !== 'function'
  ) {
    throw new InvalidMiddlewareOptionsError(
      `requestMetrics({ metrics }): metrics must have count, gauge and timing (getMetrics() from @dashtam/container), got ${describeValue(m)}`,
    );
  }
  for (const key of ['route', 'ignore'] as const) {
    if (options[key] !== undefined && typeof options[key] !== 'function') {
      throw new InvalidMiddlewareOptionsError(
        `requestMetrics({ ${key} }): ${key} must be a function, got ${describeValue(options[key])}`,
      );
    }
  }
  return options;
}

function routeOf(req: Request, res: Response, custom: RequestMetricsOptions['route']): string {
  if (custom !== undefined) {
    const chosen = attempt(() => custom(req, res));
    if (typeof chosen === 'string' && chosen.length > 0) return chosen.slice(0, MAX_ROUTE_LENGTH);
  }
  const template = routeTemplate(req);
  return template === undefined ? UNMATCHED_ROUTE : `${req.method} ${template}`.slice(0, MAX_ROUTE_LENGTH);
}

function attempt<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch {
    return undefined;
  }
}

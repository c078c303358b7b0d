import type { EventBus } from '@dashtam/event-registry';
import { notFound, problemDetails, requestLogger, requestMetrics, traceContext } from '@dashtam/express';
import type { LoggerProtocol } from '@dashtam/logger-protocol';
import type { MetricsProtocol } from '@dashtam/metrics-protocol';
import express, { type Express, type RequestHandler } from 'express';
import { demoRoutes } from './demo/routes.js';
import { InMemoryUserStore } from './demo/user-store.js';

/** What the app is built from: the composition root passes these (tests pass their own). */
export interface AppDependencies {
  readonly logger: LoggerProtocol;
  readonly eventBus: EventBus;
  readonly users?: InMemoryUserStore;
  /** Request metrics (count, latency, 5xx by route and status class) go here. @default none recorded */
  readonly metrics?: MetricsProtocol;
  /** Skip the request logs (the benchmark's no-logging baseline). @default true */
  readonly requestLogs?: boolean;
  /** Middleware run right after the trace context (e.g. another request logger in a benchmark). */
  readonly before?: readonly RequestHandler[];
  /** Adds routes after the demo's and before the 404 handler (tests, extensions). */
  readonly extend?: (app: Express) => void;
}

/**
 * Builds the Express app: request metrics (when given), the trace context (so everything after it,
 * errors included, carries the trace id), request logs, JSON body parsing, the demo routes, then 404 and error handling as
 * RFC 9457 problem documents.
 *
 * @example
 * ```ts
 * const app = createApp({ logger: getLogger(), eventBus: getEventBus(), metrics: getMetrics() });
 * app.listen(3000);
 * ```
 */
export function createApp(deps: AppDependencies): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  // First, so the request's duration covers every other middleware.
  if (deps.metrics !== undefined) app.use(requestMetrics({ metrics: deps.metrics }));
  // The caller's user id (the demo's stand-in for an authenticated user) on every record of the request.
  app.use(traceContext({ logger: deps.logger, fields: (req) => ({ user_id: req.get('x-user-id') }) }));
  for (const handler of deps.before ?? []) app.use(handler);
  if (deps.requestLogs !== false) app.use(requestLogger());
  app.use(express.json({ limit: '100kb' }));
  app.use(demoRoutes({ eventBus: deps.eventBus, users: deps.users ?? new InMemoryUserStore() }));
  deps.extend?.(app);
  app.use(notFound());
  app.use(problemDetails());
  return app;
}

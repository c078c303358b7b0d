// Entry point of the demo API: starts OpenTelemetry, builds the app from the container, listens on
// PORT, and shuts down gracefully on SIGTERM and SIGINT.
import type { Server } from 'node:http';
import { startTelemetry } from './telemetry.js';

const telemetry = startTelemetry({ otlpEndpoint: process.env.OTEL_EXPORTER_OTLP_ENDPOINT });

// Loaded after the tracer starts, so http and express are instrumented.
const { configureContainer, flushLogs, getEventBus, getLogger, getMetrics, getSettings, shutdown } = await import(
  '@dashtam/container'
);
const { createApp } = await import('./app.js');

// The app handles the signals itself (graceful shutdown), so the container's own hooks stay off.
configureContainer({ exitHooks: false });
const logger = getLogger();

async function fatal(kind: string, error: unknown): Promise<void> {
  logger.critical(`Process ${kind}`, { error });
  await flushLogs();
  process.exit(1);
}
process.on('uncaughtException', (error) => void fatal('uncaught exception', error));
process.on('unhandledRejection', (reason) => void fatal('unhandled rejection', reason));

const port = Number(process.env.PORT ?? 3000);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  logger.critical('Invalid PORT', { port: process.env.PORT, accepted: 'an integer from 0 to 65535' });
  await shutdown();
  process.exit(2);
}

// Request count, latency and 5xx per route and status class, as CloudWatch EMF (see docs/operations.md).
const app = createApp({ logger, eventBus: getEventBus(), metrics: getMetrics() });
// Loopback by default (a demo); HOST=0.0.0.0 to listen on every interface, e.g. in a container.
const host = process.env.HOST ?? '127.0.0.1';
const server: Server = app.listen(port, host);
await new Promise<void>((resolve, reject) => {
  server.once('listening', resolve);
  server.once('error', reject);
});
const address = server.address();
const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${typeof address === 'object' && address !== null ? address.port : port}`;
logger.info('API listening', { url, environment: getSettings().environment });
// The plain-text banner is for a person at a terminal: only in development, whose pretty console is
// for people too. Elsewhere stdout carries JSON lines only (the API listening record has the URL).
if (getSettings().environment === 'development') {
  process.stdout.write(
    `\nDemo API listening on ${url}\nTry: curl -s -X POST ${url}/users -H 'content-type: application/json' -d '{"email":"ada@example.com","password":"correct horse battery"}'\n\n`,
  );
}

let stopping = false;
// While stopping, a keep-alive connection is closed as soon as its last response is out, instead
// of lingering until the keep-alive timeout.
server.on('request', (_req, res) => {
  res.once('finish', () => {
    if (stopping) setImmediate(() => server.closeIdleConnections());
  });
});
async function stop(signal: NodeJS.Signals): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info('Shutting down', { signal });
  // Stop accepting, let requests in flight finish, then close idle keep-alive connections.
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const force = setTimeout(() => server.closeAllConnections(), 10_000);
  force.unref();
  await closed;
  logger.info('Shutdown complete');
  await telemetry.shutdown().catch(() => undefined);
  await shutdown();
  process.exit(0);
}
process.on('SIGTERM', (s) => void stop(s));
process.on('SIGINT', (s) => void stop(s));

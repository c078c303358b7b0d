// The demo API in one of the benchmark's variants (all output to /dev/null):
//   dashtam  our middleware: trace context, request logs, event logs (container, JSON console);
//            with BENCH_METRICS=on also the request metrics (requestMetrics, EMF to /dev/null)
//   none     the same app with every log dropped (no request logs, no event logging)
//   pino     the same app with pino-http as request logger and pino for the app's and events' logs
import { mkdtempSync, openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '@dashtam/api/app';
import { configureContainer, createEventBus, getEventBus, getLogger, getMetrics, getTraceId } from '@dashtam/container';
import { InMemoryEventBus } from '@dashtam/event-registry';
import pino from 'pino';
import pinoHttp from 'pino-http';

const devNull = openSync('/dev/null', 'w');

const noop = () => {};
const silent = { debug: noop, info: noop, warning: noop, error: noop, critical: noop };
silent.bind = () => silent;
silent.withContext = () => silent;

// LoggerProtocol over pino: the shape the app expects, pino doing the work.
function pinoProtocol(p) {
  const call = (level) => (message, context) => p[level]({ trace_id: getTraceId(), ...context }, message);
  const logger = {
    debug: call('debug'),
    info: call('info'),
    warning: call('warn'),
    error: call('error'),
    critical: call('fatal'),
  };
  logger.bind = (context) => pinoProtocol(p.child(context));
  logger.withContext = logger.bind;
  return logger;
}

/** The Express app of one variant: `dashtam`, `none` or `pino`. */
export function buildApp(variant) {
  let app;
  if (variant === 'dashtam') {
    configureContainer({
      env: {
        ENVIRONMENT: 'testing',
        LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
        LOG_DEBUG_TAIL: process.env.BENCH_DEBUG_TAIL ?? 'off',
        METRICS: process.env.BENCH_METRICS ?? 'off',
        // BENCH_SINKS=cloudwatch: records to the local CloudWatch endpoint the bench started
        // (through the spool, the default; BENCH_SPOOL=off for the in-memory path).
        ...(process.env.BENCH_SINKS !== undefined
          ? {
              LOG_SINKS: process.env.BENCH_SINKS,
              AWS_REGION: 'us-east-1',
              AWS_ACCESS_KEY_ID: 'local',
              AWS_SECRET_ACCESS_KEY: 'local',
              AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: process.env.BENCH_CLOUDWATCH_URL ?? '',
              LOG_SPOOL: process.env.BENCH_SPOOL ?? 'on',
              LOG_SPOOL_DIR: mkdtempSync(join(tmpdir(), 'dashtam-bench-api-spool-')),
            }
          : {}),
      },
      destination: devNull,
      exitHooks: false,
    });
    const metrics = process.env.BENCH_METRICS === 'on' ? { metrics: getMetrics() } : {};
    app = createApp({ logger: getLogger(), eventBus: getEventBus(), ...metrics });
  } else if (variant === 'none') {
    app = createApp({ logger: silent, eventBus: new InMemoryEventBus(), requestLogs: false });
  } else if (variant === 'pino') {
    const p = pino(
      { level: process.env.BENCH_LOG_LEVEL === 'debug' ? 'debug' : 'info' },
      pino.destination({ dest: devNull, sync: false, minLength: 4096 }),
    );
    const logger = pinoProtocol(p);
    app = createApp({
      logger,
      eventBus: createEventBus(logger),
      requestLogs: false,
      before: [pinoHttp({ logger: p })],
    });
  } else {
    throw new Error(`variant must be dashtam, none or pino, got ${variant}`);
  }
  return app;
}

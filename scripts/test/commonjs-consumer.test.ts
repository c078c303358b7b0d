import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectTscClean, installProject, packPublishable, runLogging } from './packed-workspace.js';

// The proof that every publishable package works from a CommonJS project: the packed tarballs,
// installed with npm into a fresh project whose package.json has no "type": "module". One pack and
// one install serve three cases: require() at run time (every package's root and subpaths, then
// logging through the container, with the ESM copy loaded beside it), and tsc with
// `module: commonjs` (node10 resolution) and with `module: node16`, our .d.ts files checked too.

// Every publishable package's entry points, as a user names them.
const ENTRY_POINTS = [
  '@dashtam/adapter-cloudwatch',
  '@dashtam/adapter-cloudwatch/internal',
  '@dashtam/adapter-console',
  '@dashtam/adapter-console/internal',
  '@dashtam/adapter-otlp',
  '@dashtam/cli',
  '@dashtam/container',
  '@dashtam/container/internal',
  '@dashtam/event-registry',
  '@dashtam/event-registry/internal',
  '@dashtam/express',
  '@dashtam/fd-writer',
  '@dashtam/fd-writer/internal',
  '@dashtam/logger-protocol',
  '@dashtam/logger-protocol/internal',
  '@dashtam/logger-protocol/testing',
  '@dashtam/metrics-protocol',
  '@dashtam/metrics-protocol/internal',
  '@dashtam/metrics-protocol/testing',
  '@dashtam/spool',
  '@dashtam/spool/worker',
];

const RUNTIME = `'use strict';
const entries = ${JSON.stringify(ENTRY_POINTS)};
const exported = entries.map((name) => Object.keys(require(name)).length);
const { getLogger, getEventBus, getTraceId, runWithTraceId, shutdown } = require('@dashtam/container');
const { createEvent } = require('@dashtam/event-registry');
const { REDACTED } = require('@dashtam/logger-protocol');

async function mainCjs() {
  // The ESM copy of the same package, loaded beside the CommonJS one (the dual-package hazard): it
  // must see the same logger and the same trace scope.
  const esm = await import('@dashtam/container');
  await runWithTraceId('cjs-trace', async () => {
    getLogger().bind({ component: 'cjs-consumer' }).info('cjs consumer started', {
      entries: entries.length,
      empty: entries.filter((_, i) => exported[i] === 0),
      same_logger: esm.getLogger() === getLogger(),
      esm_trace_id: esm.getTraceId(),
      token: 'must not appear',
    });
    await getEventBus().publish(createEvent('UserLoginSucceeded', { user_id: 'u-1', email: 'ada@example.com' }));
  });
  await esm.shutdown();
  if (REDACTED !== '[REDACTED]' || getTraceId() === 'cjs-trace') process.exit(3);
}
mainCjs().catch((error) => {
  console.error(error);
  process.exit(1);
});
`;

// Type-checked only: every entry point imported by name, a few of their types used.
const TYPED = `import { CloudWatchSink, type CloudWatchSinkOptions } from '@dashtam/adapter-cloudwatch';
import * as cloudwatchInternal from '@dashtam/adapter-cloudwatch/internal';
import { ConsoleSink } from '@dashtam/adapter-console';
import { PrettyRenderer } from '@dashtam/adapter-console/internal';
import { OtlpSink } from '@dashtam/adapter-otlp';
import { type CliIo, main } from '@dashtam/cli';
import { getLogger, runWithTraceId, type Settings } from '@dashtam/container';
import { openTraceScope } from '@dashtam/container/internal';
import { createEvent, EVENT_REGISTRY, type EventType } from '@dashtam/event-registry';
import * as eventsInternal from '@dashtam/event-registry/internal';
import { problemDetails, requestLogger, traceContext } from '@dashtam/express';
import { FdWriteTimeoutError, writeAllSync } from '@dashtam/fd-writer';
import { onExit } from '@dashtam/fd-writer/internal';
import { type LoggerProtocol, parseLogLevel, REDACTED } from '@dashtam/logger-protocol';
import * as loggerInternal from '@dashtam/logger-protocol/internal';
import { RecordingSink } from '@dashtam/logger-protocol/testing';
import type { MetricsProtocol } from '@dashtam/metrics-protocol';
import * as metricsInternal from '@dashtam/metrics-protocol/internal';
import { RecordingMetrics } from '@dashtam/metrics-protocol/testing';

const logger: LoggerProtocol = getLogger();
const options: CloudWatchSinkOptions = { logGroup: '/consumer/app', region: 'us-east-1' };
const type: EventType = 'UserLoginSucceeded';
const settings: Partial<Settings> = { environment: 'testing' };
const metrics: MetricsProtocol = new RecordingMetrics();
const run: (argv: readonly string[], io: CliIo) => Promise<number> = main;
export const used = [
  logger, options, type, settings, metrics, run, CloudWatchSink, ConsoleSink, PrettyRenderer, OtlpSink,
  openTraceScope, createEvent, EVENT_REGISTRY, problemDetails, requestLogger, traceContext,
  FdWriteTimeoutError, writeAllSync, onExit, parseLogLevel(REDACTED), RecordingSink, runWithTraceId,
  cloudwatchInternal, eventsInternal, loggerInternal, metricsInternal,
];
`;

const tsconfig = (module: string, moduleResolution: string) => ({
  compilerOptions: {
    target: 'ES2022',
    module,
    moduleResolution,
    strict: true,
    noEmit: true,
    skipLibCheck: false,
    types: ['node'],
  },
  files: ['typed.ts'],
});

describe('CommonJS consumer project', () => {
  let app = '';
  beforeAll(() => {
    const work = mkdtempSync(join(tmpdir(), 'dashtam-cjs-consumer-'));
    app = installProject(work, 'app', {
      'package.json': {
        name: 'cjs-consumer',
        private: true,
        dependencies: {
          ...packPublishable(work),
          '@opentelemetry/api': '1.9.0',
          express: '5.3.0',
        },
        devDependencies: { typescript: '5.9.3', '@types/node': '20.19.43', '@types/express': '5.0.6' },
      },
      'tsconfig.node10.json': tsconfig('commonjs', 'node10'),
      'tsconfig.node16.json': tsconfig('node16', 'node16'),
      'consumer.js': RUNTIME,
      'typed.ts': TYPED,
    });
  }, 300_000);

  it('require()s every entry point and logs JSON lines through the container, one logger for both formats', () => {
    // Without require(esm) (Node before 20.19 has none; 20.19 and later can turn it off): an ESM-only
    // package or dependency fails here with ERR_REQUIRE_ESM.
    const records = runLogging(app, 'consumer.js', ['--no-experimental-require-module']);
    expect(records.map((r) => [r.level, r.message, r.trace_id])).toEqual([
      ['info', 'cjs consumer started', 'cjs-trace'],
      ['info', 'user_login_succeeded', 'cjs-trace'],
    ]);
    expect(records[0]).toMatchObject({
      component: 'cjs-consumer',
      entries: ENTRY_POINTS.length,
      empty: [],
      same_logger: true,
      esm_trace_id: 'cjs-trace',
      token: '[REDACTED]',
    });
  });

  it('type-checks with module commonjs (node10 resolution), skipLibCheck off', () => {
    expectTscClean(app, ['-p', 'tsconfig.node10.json']);
  }, 120_000);

  it('type-checks with module node16 in a CommonJS package, skipLibCheck off', () => {
    expectTscClean(app, ['-p', 'tsconfig.node16.json']);
  }, 120_000);
});

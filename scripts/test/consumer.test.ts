import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectTscClean, installProject, packPublishable, runLogging } from './packed-workspace.js';

// The proof that a user can depend on individual packages: pack every publishable package, install
// the tarballs with npm into a fresh project outside the workspace, type-check a TypeScript consumer
// that imports each package by name, run it, and read the JSON lines it logs in testing mode.
// (commonjs-consumer.test.ts does the same for a CommonJS project.)

const CONSUMER = `
import { ConsoleSink } from '@dashtam/adapter-console';
import { CloudWatchSink, type CloudWatchSinkOptions } from '@dashtam/adapter-cloudwatch';
import { getEventBus, getLogger, runWithTraceId, shutdown, type Settings } from '@dashtam/container';
import { createEvent, EVENT_REGISTRY, type EventType } from '@dashtam/event-registry';
import { FdWriteTimeoutError, writeAllSync } from '@dashtam/fd-writer';
import { fanOut, Logger, type LoggerProtocol, parseLogLevel, REDACTED } from '@dashtam/logger-protocol';
import { RecordingSink } from '@dashtam/logger-protocol/testing';

const logger: LoggerProtocol = getLogger();
const level = parseLogLevel('info');
const options: CloudWatchSinkOptions = { logGroup: '/consumer/app', region: 'us-east-1' };
const type: EventType = 'UserLoginSucceeded';
const settings: Partial<Settings> = { environment: 'testing' };

await runWithTraceId('consumer-trace', async () => {
  logger.bind({ component: 'consumer' }).info('consumer started', {
    level,
    events: EVENT_REGISTRY.length,
    adapters: [typeof ConsoleSink, typeof CloudWatchSink, typeof RecordingSink, typeof fanOut, typeof Logger].join(','),
    fd_writer: [typeof writeAllSync, typeof FdWriteTimeoutError].join(','),
    group: options.logGroup,
    environment: settings.environment,
    token: 'must not appear',
  });
  await getEventBus().publish(createEvent(type, { user_id: 'u-1', email: 'ada@example.com' }));
});
await shutdown();
if (REDACTED !== '[REDACTED]') process.exit(3);
`;

describe('consumer project', () => {
  it('installs the packed tarballs with npm, type-checks, and logs JSON lines through the container', () => {
    const work = mkdtempSync(join(tmpdir(), 'dashtam-consumer-'));
    const dependencies = packPublishable(work);
    const app = installProject(work, 'app', {
      'package.json': {
        name: 'consumer',
        private: true,
        type: 'module',
        dependencies: { ...dependencies, '@opentelemetry/api': '1.9.0' },
        devDependencies: { typescript: '5.9.3', '@types/node': '20.19.43' },
      },
      'tsconfig.json': {
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          outDir: 'dist',
          types: ['node'],
        },
        include: ['consumer.ts'],
      },
      'consumer.ts': CONSUMER,
    });
    expectTscClean(app, ['-p', 'tsconfig.json']);
    const records = runLogging(app, 'dist/consumer.js');
    expect(records.map((r) => [r.level, r.message, r.trace_id])).toEqual([
      ['info', 'consumer started', 'consumer-trace'],
      ['info', 'user_login_succeeded', 'consumer-trace'],
    ]);
    expect(records[0]).toMatchObject({
      component: 'consumer',
      events: 72,
      token: '[REDACTED]',
      adapters: 'function,function,function,function,function',
      fd_writer: 'function,function',
    });
  }, 300_000);
});

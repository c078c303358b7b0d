import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The proof that a user can depend on individual packages: pack every publishable package, install
// the tarballs with npm into a fresh project outside the workspace, type-check a TypeScript consumer
// that imports each package by name, run it, and read the JSON lines it logs in testing mode.
const root = fileURLToPath(new URL('../../', import.meta.url));
const run = (cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env) =>
  spawnSync(cmd, args, { cwd, env, encoding: 'utf8', timeout: 240_000 });

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
    const tarballs = join(work, 'tarballs');
    mkdirSync(tarballs);
    const packages = readdirSync(join(root, 'packages')).filter((name) => {
      const pkg = JSON.parse(readFileSync(join(root, 'packages', name, 'package.json'), 'utf8'));
      return !pkg.private;
    });
    for (const name of packages) {
      const pack = run('pnpm', ['pack', '--pack-destination', tarballs], join(root, 'packages', name));
      expect(pack.status, pack.stderr).toBe(0);
    }
    const files = readdirSync(tarballs);
    expect(files).toHaveLength(packages.length);
    const app = join(work, 'app');
    mkdirSync(app);
    const names = files.map((f) => `@dashtam/${f.replace(/^dashtam-/, '').replace(/-\d+\.\d+\.\d+.*\.tgz$/, '')}`);
    writeFileSync(
      join(app, 'package.json'),
      JSON.stringify({
        name: 'consumer',
        private: true,
        type: 'module',
        dependencies: {
          ...Object.fromEntries(names.map((n, i) => [n, `file:../tarballs/${files[i]}`])),
          '@opentelemetry/api': '1.9.0',
        },
        devDependencies: { typescript: '5.9.3', '@types/node': '20.19.43' },
      }),
    );
    writeFileSync(
      join(app, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          outDir: 'dist',
          types: ['node'],
        },
        include: ['consumer.ts'],
      }),
    );
    writeFileSync(join(app, 'consumer.ts'), CONSUMER);
    const install = run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], app);
    expect(install.status, install.stderr).toBe(0);
    const tsc = run(join(app, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.json'], app);
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
    const consumer = run(process.execPath, ['dist/consumer.js'], app, {
      PATH: process.env.PATH,
      ENVIRONMENT: 'testing',
    });
    expect(consumer.status, consumer.stderr).toBe(0);
    const records = consumer.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
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

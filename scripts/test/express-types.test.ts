import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// @dashtam/express types req.log and res.locals through Express's own declaration merging: this
// proves it with each major's @types/express, in an npm project outside the workspace that installs
// the packed tarballs, type-checks an app with no casts, and runs it.
const root = fileURLToPath(new URL('../../', import.meta.url));
const run = (cmd: string, args: string[], cwd: string) =>
  spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: 240_000 });

const APP = `import { getLogger, shutdown } from '@dashtam/container';
import { HttpError, notFound, problemDetails, requestLogger, traceContext } from '@dashtam/express';
import type { LoggerProtocol } from '@dashtam/logger-protocol';
import express from 'express';

const app = express();
app.use(traceContext({ logger: getLogger() }));
app.use(requestLogger({ level: (_req, res, err) => (err !== undefined || res.statusCode >= 500 ? 'error' : 'info') }));
app.get('/x', (req, res) => {
  req.log.info('typed request logger');
  const logger: LoggerProtocol = res.locals.logger;
  const traceId: string = res.locals.traceId;
  logger.debug('trace', { traceId });
  res.json({ traceId });
});
app.get('/missing', () => {
  throw new HttpError(404, 'Not Found', 'nothing here');
});
app.use(notFound());
app.use(problemDetails());
const server = app.listen(0, '127.0.0.1', async () => {
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const res = await fetch('http://127.0.0.1:' + port + '/x');
  const body = (await res.json()) as { traceId: string };
  if (body.traceId !== res.headers.get('x-trace-id')) process.exit(3);
  const missing = await fetch('http://127.0.0.1:' + port + '/missing');
  if (missing.status !== 404) process.exit(4);
  server.close();
  await shutdown();
});
`;

let work: string;
let tarballs: string[];

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'dashtam-express-types-'));
  const out = join(work, 'tarballs');
  mkdirSync(out);
  for (const name of [
    'logger-protocol',
    'event-registry',
    'fd-writer',
    'spool',
    'metrics-protocol',
    'adapter-console',
    'adapter-cloudwatch',
    'adapter-otlp',
    'container',
    'express',
  ]) {
    const pack = run('pnpm', ['pack', '--pack-destination', out], join(root, 'packages', name));
    expect(pack.status, pack.stderr).toBe(0);
  }
  tarballs = readdirSync(out).map((f) => join(out, f));
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('@dashtam/express types with each Express major', () => {
  for (const [express, types] of [
    ['4.21.2', '4.17.25'],
    ['5.3.0', '5.0.6'],
  ] as const) {
    it(`type-checks req.log and res.locals with express ${express} and @types/express ${types}, and runs`, () => {
      const app = join(work, `express-${express}`);
      mkdirSync(app);
      const dependencies = Object.fromEntries(
        tarballs.map((t) => [
          `@dashtam/${t.replace(/^.*dashtam-/, '').replace(/-\d+\.\d+\.\d+.*\.tgz$/, '')}`,
          `file:${t}`,
        ]),
      );
      writeFileSync(
        join(app, 'package.json'),
        JSON.stringify({
          name: 'express-consumer',
          private: true,
          type: 'module',
          dependencies: { ...dependencies, express, '@opentelemetry/api': '1.9.0' },
          devDependencies: { '@types/express': types, '@types/node': '20.19.43', typescript: '5.9.3' },
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
          include: ['app.ts'],
        }),
      );
      writeFileSync(join(app, 'app.ts'), APP);
      const install = run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], app);
      expect(install.status, install.stderr).toBe(0);
      const tsc = run(join(app, 'node_modules', '.bin', 'tsc'), ['-p', '.'], app);
      expect(tsc.stdout + tsc.stderr).toBe('');
      expect(tsc.status).toBe(0);
      const start = spawnSync(process.execPath, ['dist/app.js'], {
        cwd: app,
        encoding: 'utf8',
        timeout: 60_000,
        env: { ...process.env, ENVIRONMENT: 'testing', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      });
      expect(start.status, start.stderr).toBe(0);
      const records = start.stdout
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l));
      expect(records.map((r) => [r.level, r.message])).toEqual([
        ['info', 'Request received'],
        ['info', 'typed request logger'],
        ['info', 'Request completed'],
        ['info', 'Request received'],
        // The app's level() says error for any err: the thrown HttpError(404) reaches it too.
        ['error', 'Request completed'],
      ]);
      // npm install and tsc: a generous bound for a loaded machine, not a duration the test expects.
    }, 300_000);
  }
});

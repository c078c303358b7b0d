#!/usr/bin/env node
// `pnpm release:local`: a real release, end to end, against a local npm registry (verdaccio) on
// 127.0.0.1, without touching this working tree or any public registry:
//
//   1. installs verdaccio on demand into ~/.cache/dashtam/verdaccio-<version> (outside the clone,
//      so a fresh clone on the same machine reuses it; not part of
//      `pnpm install`, which it would slow down for everyone: see CONTRIBUTING.md for the figures);
//   2. copies the workspace (tracked and untracked, not ignored, files) into a temporary git
//      repository, installs it offline from the pnpm store and builds it (from this tree's turbo
//      cache, read-only, when this tree is built);
//   3. starts verdaccio on a free port with an empty storage, no uplinks, anonymous publish;
//   4. `changeset version` + `changeset publish` against it (every pending changeset consumed);
//   5. in an empty directory, plain `npm install @dashtam/container@<that version>` (@dashtam
//      packages from the local registry, third-party ones from the usual npm registry) and runs a
//      script that logs through it;
//   6. adds a patch changeset for @dashtam/container, versions and publishes again, upgrades the
//      consumer with `npm install @dashtam/container@<new version>` and runs the script again;
//   7. stops verdaccio and removes every temporary directory, whatever happened.
//
// Prints progress on stderr and, last, one JSON line on stdout with what happened (the test reads it).
// Options: --keep (leave the temporary directories, for a look).
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const VERDACCIO = '6.8.0';
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cacheDir = join(homedir(), '.cache', 'dashtam', `verdaccio-${VERDACCIO}`);
const keep = process.argv.includes('--keep');
const started = Date.now();
const log = (message) =>
  process.stderr.write(`[release:local +${((Date.now() - started) / 1000).toFixed(1)}s] ${message}\n`);

class StepError extends Error {}

function run(cmd, args, cwd, env = {}) {
  const r = spawnSync(cmd, args, { cwd, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 300_000 });
  if (r.status !== 0) {
    throw new StepError(
      `${cmd} ${args.join(' ')} (in ${cwd}) exited ${r.status ?? r.signal}\n${r.stdout ?? ''}${r.stderr ?? ''}${r.error ?? ''}`,
    );
  }
  return r.stdout;
}

// 1. verdaccio, on demand, pinned (6.10.x needs Node 22; node-fetch must be overridden to install).
function ensureVerdaccio() {
  const installed = join(cacheDir, 'node_modules', 'verdaccio', 'package.json');
  if (existsSync(installed) && JSON.parse(readFileSync(installed, 'utf8')).version === VERDACCIO) {
    log(`verdaccio ${VERDACCIO} already in ${cacheDir}`);
  } else {
    log(`installing verdaccio ${VERDACCIO} into ${cacheDir} (once per machine; about 30 s)`);
    // Installed beside the cache directory, then renamed into place: two runs at once (two clones)
    // never see a half-installed verdaccio; the loser of the rename uses the winner's.
    mkdirSync(dirname(cacheDir), { recursive: true });
    const staging = mkdtempSync(`${cacheDir}.installing-`);
    writeFileSync(
      join(staging, 'package.json'),
      `${JSON.stringify(
        {
          name: 'dashtam-verdaccio-cache',
          private: true,
          description: 'verdaccio for pnpm release:local, installed on demand',
          dependencies: { verdaccio: VERDACCIO },
          overrides: { 'node-fetch': '2.7.0' },
        },
        null,
        2,
      )}\n`,
    );
    run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], staging);
    try {
      renameSync(staging, cacheDir);
    } catch (error) {
      rmSync(staging, { recursive: true, force: true });
      if (!existsSync(installed)) throw error;
    }
  }
  return join(cacheDir, 'node_modules', 'verdaccio', 'bin', 'verdaccio');
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// 3. verdaccio in the foreground of a child process; resolves once it says it listens.
async function startRegistry(bin, dir) {
  const port = await freePort();
  const storage = join(dir, 'storage');
  const config = join(dir, 'config.yaml');
  writeFileSync(
    config,
    [
      `storage: ${storage}`,
      'uplinks: {}',
      'auth:',
      '  htpasswd:',
      `    file: ${join(dir, 'htpasswd')}`,
      '    max_users: -1',
      'packages:',
      "  '**':",
      '    access: $all',
      '    publish: $anonymous',
      'server:',
      '  keepAliveTimeout: 0',
      'log: { type: stdout, format: json, level: warn }',
      '',
    ].join('\n'),
  );
  const child = spawn(process.execPath, [bin, '--config', config, '--listen', `127.0.0.1:${port}`], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_ENV: 'production' },
  });
  const url = `http://127.0.0.1:${port}/`;
  let output = '';
  await new Promise((resolve, reject) => {
    const onData = (chunk) => {
      output += chunk;
      if (output.includes(`127.0.0.1:${port}`)) resolve();
    };
    child.stdout.setEncoding('utf8').on('data', onData);
    child.stderr.setEncoding('utf8').on('data', onData);
    child.once('exit', (code) => reject(new StepError(`verdaccio exited (${code}) before listening:\n${output}`)));
  });
  // It announces the address as it binds; one request proves it answers.
  const ping = await fetch(`${url}-/ping`);
  if (!ping.ok) throw new StepError(`verdaccio at ${url} answered /-/ping with ${ping.status}`);
  log(`verdaccio ${VERDACCIO} listening on ${url} (pid ${child.pid})`);
  return { child, url, port };
}

function stopRegistry(registry) {
  if (registry === undefined || registry.child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    registry.child.once('exit', () => resolve());
    registry.child.kill('SIGTERM');
  });
}

// 2. The workspace as git sees it (tracked plus untracked, minus ignored), in a fresh repository.
function copyWorkspace(dest) {
  const files = run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], root)
    .split('\0')
    .filter((f) => f !== '' && existsSync(join(root, f)));
  for (const f of files) {
    mkdirSync(dirname(join(dest, f)), { recursive: true });
    cpSync(join(root, f), join(dest, f));
  }
  const git = ['-c', 'user.name=release-local', '-c', 'user.email=release-local@localhost'];
  run('git', ['init', '-q', '-b', 'main'], dest);
  run('git', ['add', '-A'], dest);
  run('git', [...git, 'commit', '-q', '-m', 'workspace copy'], dest);
  return git;
}

function publishedVersions(workspace) {
  const versions = {};
  for (const dir of ['packages']) {
    for (const name of run('ls', [dir], workspace).split('\n').filter(Boolean)) {
      const pkg = JSON.parse(readFileSync(join(workspace, dir, name, 'package.json'), 'utf8'));
      if (!pkg.private) versions[pkg.name] = pkg.version;
    }
  }
  return versions;
}

const CONSUMER_SCRIPT = `import { createRequire } from 'node:module';
import { getLogger, runWithTraceId, shutdown } from '@dashtam/container';

const { version } = createRequire(import.meta.url)('@dashtam/container/package.json');
await runWithTraceId('release-local-consumer', async () => {
  getLogger().info('consumer logging', { container_version: version, password: 'must not appear' });
});
await shutdown();
`;

function runConsumer(consumer) {
  const out = run(process.execPath, ['consumer.mjs'], consumer, { ENVIRONMENT: 'testing', LOG_LEVEL: 'info' });
  const records = out
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l));
  const record = records.find((r) => r.message === 'consumer logging');
  if (record === undefined) throw new StepError(`the consumer logged no 'consumer logging' record:\n${out}`);
  return record;
}

const temp = mkdtempSync(join(tmpdir(), 'dashtam-release-local-'));
const workspace = join(temp, 'workspace');
const consumer = join(temp, 'consumer');
const registryDir = join(temp, 'registry');
let registry;
let exitCode = 0;
const report = { temp };
try {
  const bin = ensureVerdaccio();
  mkdirSync(registryDir);
  registry = await startRegistry(bin, registryDir);
  report.registry = registry.url;
  report.registryPid = registry.child.pid;

  log('copying the workspace into a temporary git repository');
  const git = copyWorkspace(workspace);
  const host = `//127.0.0.1:${registry.port}/`;
  // Only this copy publishes, only to the local registry (any token: it accepts anonymous publish).
  const publishEnv = { npm_config_registry: registry.url, [`npm_config_${host}:_authToken`]: 'local' };
  writeFileSync(join(workspace, '.npmrc'), `registry=${registry.url}\n${host}:_authToken=local\n`);
  log('pnpm install --offline (from the pnpm store) and build');
  run('pnpm', ['install', '--frozen-lockfile', '--offline'], workspace);
  // The build, once, before versioning: what tsc emits does not depend on the version (nothing
  // compiles it in; the CLI reads its package.json at run time), so this is the build both releases
  // publish. turbo reads this tree's cache (read-only): a workspace built by `pnpm build` (as
  // `npm test` does before the tests) gives every package from the cache; otherwise it compiles.
  run(
    'pnpm',
    ['exec', 'turbo', 'run', 'build', '--cache=local:r', `--cache-dir=${join(root, '.turbo', 'cache')}`],
    workspace,
  );
  const pending = run('ls', ['.changeset'], workspace)
    .split('\n')
    .filter((f) => f.endsWith('.md') && f !== 'README.md');
  report.pendingChangesets = pending.length;

  log(`changeset version (${pending.length} pending changesets), changeset publish`);
  run('pnpm', ['exec', 'changeset', 'version'], workspace);
  run('pnpm', ['install', '--frozen-lockfile=false', '--offline'], workspace);
  run('pnpm', ['exec', 'changeset', 'publish'], workspace, publishEnv);
  run('git', ['add', '-A'], workspace);
  run('git', [...git, 'commit', '-q', '-m', 'Release 1'], workspace);
  report.first = publishedVersions(workspace);
  const firstContainer = report.first['@dashtam/container'];
  // The registry has every published package at exactly the versioned number; what it holds is
  // reported (registryFirst: each package's versions there) for the test to judge on its own.
  report.registryFirst = {};
  for (const [name, version] of Object.entries(report.first)) {
    const meta = await (await fetch(`${registry.url}${name.replace('/', '%2f')}`)).json();
    report.registryFirst[name] = Object.keys(meta.versions ?? {});
    if (meta.versions?.[version] === undefined) throw new StepError(`${name}@${version} is not on the registry`);
  }

  log(`consumer: npm install @dashtam/container@${firstContainer} from ${registry.url}`);
  mkdirSync(consumer);
  writeFileSync(
    join(consumer, 'package.json'),
    `${JSON.stringify({ name: 'consumer', private: true, type: 'module' }, null, 2)}\n`,
  );
  // @dashtam from the local registry; everything else from the registry npm is configured with.
  writeFileSync(join(consumer, '.npmrc'), `@dashtam:registry=${registry.url}\n`);
  writeFileSync(join(consumer, 'consumer.mjs'), CONSUMER_SCRIPT);
  const npmInstall = (spec) =>
    run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', spec, '@opentelemetry/api@1.9.0'], consumer);
  npmInstall(`@dashtam/container@${firstContainer}`);
  report.firstRecord = runConsumer(consumer);
  report.firstLock = JSON.parse(readFileSync(join(consumer, 'package-lock.json'), 'utf8')).packages[
    'node_modules/@dashtam/container'
  ];

  log('a second release: a patch changeset for @dashtam/container, version, publish');
  writeFileSync(
    join(workspace, '.changeset', 'release-local-second.md'),
    '---\n"@dashtam/container": patch\n---\n\nA second version, published by `pnpm release:local` to prove an upgrade.\n',
  );
  run('pnpm', ['exec', 'changeset', 'version'], workspace);
  run('pnpm', ['install', '--frozen-lockfile=false', '--offline'], workspace);
  run('pnpm', ['exec', 'changeset', 'publish'], workspace, publishEnv);
  report.second = publishedVersions(workspace);
  const secondContainer = report.second['@dashtam/container'];

  log(`consumer: npm install @dashtam/container@${secondContainer} (upgrade)`);
  npmInstall(`@dashtam/container@${secondContainer}`);
  report.secondRecord = runConsumer(consumer);
  report.secondLock = JSON.parse(readFileSync(join(consumer, 'package-lock.json'), 'utf8')).packages[
    'node_modules/@dashtam/container'
  ];
  report.consumerDependency = JSON.parse(readFileSync(join(consumer, 'package.json'), 'utf8')).dependencies[
    '@dashtam/container'
  ];
  log(`done: published ${firstContainer}, then ${secondContainer}; the consumer logged through both`);
} catch (error) {
  exitCode = 1;
  report.error = error instanceof StepError ? error.message : String(error?.stack ?? error);
  log(`FAILED: ${report.error}`);
} finally {
  await stopRegistry(registry);
  log('verdaccio stopped');
  if (keep) log(`kept ${temp}`);
  else rmSync(temp, { recursive: true, force: true });
  log(`removed ${temp}`);
  report.cleanedUp = !existsSync(temp);
}
process.stdout.write(`${JSON.stringify(report)}\n`);
process.exitCode = exitCode;

#!/usr/bin/env node
// Runs pnpm at the version pinned in package.json's `packageManager`, installing it first when the
// machine has none (a fresh machine has only Node.js and npm). The pinned pnpm goes into
// `.tools/` (git-ignored) and onto PATH, because turbo looks `pnpm` up on PATH.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pin = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).packageManager;
const version = /^pnpm@(\d+\.\d+\.\d+)$/.exec(pin ?? '')?.[1];
if (!version) {
  console.error(`package.json packageManager must be "pnpm@X.Y.Z", got ${JSON.stringify(pin)}`);
  process.exit(2);
}

const isWin = process.platform === 'win32';
const run = (cmd, args, env = process.env) => spawnSync(cmd, args, { stdio: 'inherit', env, shell: isWin, cwd: root });
const quiet = (cmd, args) => spawnSync(cmd, args, { encoding: 'utf8', shell: isWin, cwd: root, env: process.env });

function pnpmOnPath() {
  const r = quiet('pnpm', ['--version']);
  return r.status === 0 && r.stdout.trim() === version;
}

let env = process.env;
if (!pnpmOnPath()) {
  const toolDir = join(root, '.tools');
  const bin = join(toolDir, 'node_modules', '.bin');
  const installed = join(toolDir, 'node_modules', 'pnpm', 'package.json');
  const have = existsSync(installed) && JSON.parse(readFileSync(installed, 'utf8')).version === version;
  if (!have) {
    console.error(`[pnpm.mjs] installing pnpm@${version} into .tools/`);
    const r = run('npm', [
      'install',
      '--prefix',
      toolDir,
      '--no-save',
      '--no-audit',
      '--no-fund',
      '--loglevel=error',
      `pnpm@${version}`,
    ]);
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
  env = { ...process.env, PATH: `${bin}${delimiter}${process.env.PATH ?? ''}` };
}

const r = run('pnpm', process.argv.slice(2), env);
process.exit(r.status ?? 1);

#!/usr/bin/env node
// Packs every publishable package (pnpm pack: `workspace:` ranges become versions, exactly as
// published) and checks each tarball with publint (strict) and Are the Types Wrong in every
// resolution mode: node10 (TypeScript's `module: commonjs`), node16 from CommonJS and from ESM, and
// bundler. The packages are dual (ESM in dist/, CommonJS in dist/cjs/, each with its own types:
// see scripts/build-package.mjs), so each mode must find code and types of the same format.
// Packages are checked side by side, as many at once as the machine has cores (each check is a
// short-lived process that spends most of its time loading TypeScript); the report is in the
// packages' order whatever order they finish in.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const bin = (name) => join(root, 'node_modules', '.bin', name);
const out = mkdtempSync(join(tmpdir(), 'dashtam-pack-'));

/** Runs a command to its end; never rejects (a spawn error becomes status null and the message). */
function run(cmd, args, options = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c) => {
      stdout += c;
    });
    child.stderr.setEncoding('utf8').on('data', (c) => {
      stderr += c;
    });
    child.once('error', (e) => resolve({ status: null, stdout, stderr: `${stderr}${e.message}` }));
    child.once('close', (status) => resolve({ status, stdout, stderr }));
  });
}

const packages = readdirSync(join(root, 'packages'))
  .map((name) => join(root, 'packages', name))
  .filter((dir) => {
    try {
      return !JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).private;
    } catch {
      return false;
    }
  });

/** Packs one package into a folder of its own and checks the tarball; returns its failures. */
async function check(dir, index) {
  const { name } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const dest = join(out, String(index));
  mkdirSync(dest);
  const pack = await run('pnpm', ['pack', '--pack-destination', dest], { cwd: dir });
  const tarball = readdirSync(dest)[0];
  if (pack.status !== 0 || tarball === undefined)
    return { name, tarball, failures: [`${name}: pnpm pack failed\n${pack.stderr}`] };
  const path = join(dest, tarball);
  const [publint, attw] = await Promise.all([
    run(bin('publint'), ['run', path, '--strict']),
    run(bin('attw'), [path, '--format', 'table-flipped']),
  ]);
  const failures = [];
  if (publint.status !== 0) failures.push(`${name}: publint\n${publint.stdout}${publint.stderr}`);
  if (attw.status !== 0) failures.push(`${name}: attw\n${attw.stdout}${attw.stderr}`);
  return { name, tarball, failures };
}

const results = new Array(packages.length);
let next = 0;
const worker = async () => {
  while (next < packages.length) {
    const i = next++;
    results[i] = await check(packages[i], i);
  }
};
await Promise.all(Array.from({ length: Math.max(1, Math.floor(availableParallelism() / 2)) }, worker));

rmSync(out, { recursive: true, force: true });
const failures = [];
for (const r of results) {
  console.log(`${r.failures.length === 0 ? 'ok  ' : 'FAIL'} ${r.name} (${r.tarball})`);
  failures.push(...r.failures);
}
if (packages.length === 0) failures.push('no publishable package found under packages/');
if (failures.length > 0) {
  console.error(`\nPackage checks failed:\n\n${failures.join('\n\n')}`);
  process.exit(1);
}
console.log(`Package checks: ${packages.length} packages pass publint (strict) and attw (every resolution mode).`);

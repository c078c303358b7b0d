#!/usr/bin/env node
// Packs every publishable package (pnpm pack: `workspace:` ranges become versions, exactly as
// published) and checks each tarball with publint (strict) and Are the Types Wrong (ESM-only
// profile: these packages are ESM, so CommonJS `require` and node10 resolution are out of scope).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const bin = (name) => join(root, 'node_modules', '.bin', name);
const out = mkdtempSync(join(tmpdir(), 'dashtam-pack-'));
const failures = [];

const packages = readdirSync(join(root, 'packages'))
  .map((name) => join(root, 'packages', name))
  .filter((dir) => {
    try {
      return !JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).private;
    } catch {
      return false;
    }
  });

for (const dir of packages) {
  const { name } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const before = new Set(readdirSync(out));
  const pack = spawnSync('pnpm', ['pack', '--pack-destination', out], { cwd: dir, encoding: 'utf8' });
  const tarball = readdirSync(out).find((f) => !before.has(f));
  if (pack.status !== 0 || tarball === undefined) {
    failures.push(`${name}: pnpm pack failed\n${pack.stderr}`);
    continue;
  }
  const path = join(out, tarball);
  const publint = spawnSync(bin('publint'), ['run', path, '--strict'], { encoding: 'utf8' });
  const attw = spawnSync(bin('attw'), [path, '--profile', 'esm-only', '--format', 'table-flipped'], {
    encoding: 'utf8',
  });
  const ok = publint.status === 0 && attw.status === 0;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name} (${tarball})`);
  if (publint.status !== 0) failures.push(`${name}: publint\n${publint.stdout}${publint.stderr}`);
  if (attw.status !== 0) failures.push(`${name}: attw\n${attw.stdout}${attw.stderr}`);
}

if (packages.length === 0) failures.push('no publishable package found under packages/');
if (failures.length > 0) {
  console.error(`\nPackage checks failed:\n\n${failures.join('\n\n')}`);
  process.exit(1);
}
console.log(`Package checks: ${packages.length} packages pass publint (strict) and attw (esm-only).`);

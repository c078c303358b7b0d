#!/usr/bin/env node
// A publishable package's build (its `build` script, run in the package's folder): the ESM output
// in dist/ (tsconfig.build.json), then the CommonJS output in dist/cjs/ (tsconfig.cjs.json: module
// commonjs, node10 resolution, so it sees the dashtam packages it imports as a CommonJS user does),
// and dist/cjs/package.json saying "type": "commonjs", so that Node and TypeScript read the .js and
// .d.ts files there as CommonJS.
//
// A source that cannot be the same in both formats (it needs import.meta, or an ESM-only
// dependency) has a twin: `src/NAME.esm.ts` for the ESM build and `src/NAME.cts` for the CommonJS
// one, imported as `#NAME`. The package.json's "imports" field maps `#NAME` to the ESM twin (and to
// the source, for vitest and tsc); dist/cjs/package.json, the package scope of the CommonJS files,
// maps it to the CommonJS twin's output; tsconfig.cjs.json maps `#*` to `src/*.cts` for the compiler.
import { spawnSync } from 'node:child_process';
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const tsc = join(fileURLToPath(new URL('..', import.meta.url)), 'node_modules', '.bin', 'tsc');
rmSync('dist', { recursive: true, force: true });
for (const config of ['tsconfig.build.json', 'tsconfig.cjs.json']) {
  const { status } = spawnSync(tsc, ['-p', config], { stdio: 'inherit' });
  if (status !== 0) process.exit(status ?? 1);
}
const twins = readdirSync('src')
  .filter((file) => file.endsWith('.cts'))
  .sort()
  .map((file) => [`#${file.slice(0, -'.cts'.length)}`, `./${file.slice(0, -'.cts'.length)}.cjs`]);
const scope = { type: 'commonjs', ...(twins.length > 0 ? { imports: Object.fromEntries(twins) } : {}) };
writeFileSync(join('dist', 'cjs', 'package.json'), `${JSON.stringify(scope, null, 2)}\n`);

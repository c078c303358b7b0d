#!/usr/bin/env node
// Counts the names each package's entry files export (values and types, a name that is both counted
// once), with the TypeScript checker: the root (`src/index.ts`), `/internal` and `/testing`.
// Usage: node scripts/count-exports.mjs [repository root] [-v: list the names]
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

const args = process.argv.slice(2);
const verbose = args.includes('-v');
const root = resolve(args.find((a) => a !== '-v') ?? new URL('..', import.meta.url).pathname);
const ts = createRequire(join(root, 'package.json'))('typescript');

const ENTRIES = ['index.ts', 'internal.ts', 'testing/index.ts', 'testing.ts'];
const entries = [];
for (const p of readdirSync(join(root, 'packages')).sort()) {
  for (const f of ENTRIES) {
    const file = join(root, 'packages', p, 'src', f);
    if (existsSync(file)) entries.push({ p, f, file });
  }
}
const program = ts.createProgram(
  entries.map((e) => e.file),
  {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    noEmit: true,
    skipLibCheck: true,
    allowImportingTsExtensions: true,
    customConditions: ['@dashtam/source'],
  },
);
const checker = program.getTypeChecker();

const rows = new Map();
for (const e of entries) {
  const sym = checker.getSymbolAtLocation(program.getSourceFile(e.file));
  const names = sym
    ? checker
        .getExportsOfModule(sym)
        .map((s) => s.name)
        .sort()
    : [];
  if (!rows.has(e.p)) rows.set(e.p, {});
  rows.get(e.p)[e.f] = names;
}

let total = 0;
let published = 0;
for (const [p, r] of rows) {
  const isPrivate = JSON.parse(readFileSync(join(root, 'packages', p, 'package.json'), 'utf8')).private === true;
  const n = r['index.ts']?.length ?? 0;
  total += n;
  if (!isPrivate) published += n;
  const others = Object.entries(r)
    .filter(([f]) => f !== 'index.ts')
    .map(([f, v]) => `${f} ${v.length}`)
    .join('  ');
  console.log(`${p.padEnd(20)} root ${String(n).padStart(3)}  ${others}${isPrivate ? '  (private)' : ''}`);
  if (verbose) for (const [f, v] of Object.entries(r)) console.log(`   ${f}: ${v.join(', ')}`);
}
console.log(`total roots ${total}; published packages only ${published}`);

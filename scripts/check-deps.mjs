#!/usr/bin/env node
// Enforces the dependency rules of STYLE.md on every workspace package: what each package may
// depend on (package.json) and may import (source files). Exits 1 and lists every violation.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';

const root = process.argv[2] ?? new URL('..', import.meta.url).pathname;

// Allowed runtime imports per package (besides itself). `node:` builtins are allowed where listed.
const RULES = {
  '@dashtam/logger-protocol': { allow: [], builtins: false, typeOnly: [] },
  '@dashtam/event-registry': { allow: [], builtins: false, typeOnly: ['@dashtam/logger-protocol'] },
  // The metrics port: a domain package like the logger's, nothing at run time.
  '@dashtam/metrics-protocol': { allow: [], builtins: false },
  // Infrastructure shared by the adapters: the synchronous fd write loop. Node builtins only.
  '@dashtam/fd-writer': { allow: [], builtins: true },
  // The disk spool under the network sinks: segment files, checkpoints, the worker that ships. Node builtins.
  '@dashtam/spool': { allow: ['@dashtam/fd-writer'], builtins: true },
  '@dashtam/adapter-console': { allow: ['@dashtam/logger-protocol', '@dashtam/fd-writer', 'tslog'], builtins: true },
  '@dashtam/adapter-cloudwatch': {
    allow: [
      '@dashtam/logger-protocol',
      '@dashtam/metrics-protocol',
      '@dashtam/fd-writer',
      '@dashtam/spool',
      '@aws-sdk/client-cloudwatch-logs',
    ],
    builtins: true,
  },
  // The OpenTelemetry logs sink: the OTel JS logs SDK and its OTLP/HTTP exporters (api as a peer).
  '@dashtam/adapter-otlp': {
    allow: [
      '@dashtam/logger-protocol',
      '@dashtam/fd-writer',
      '@dashtam/spool',
      '@opentelemetry/api',
      '@opentelemetry/api-logs',
      '@opentelemetry/core',
      '@opentelemetry/resources',
      '@opentelemetry/sdk-logs',
      '@opentelemetry/exporter-logs-otlp-http',
      '@opentelemetry/exporter-logs-otlp-proto',
    ],
    builtins: true,
  },
  '@dashtam/container': {
    allow: [
      '@dashtam/logger-protocol',
      '@dashtam/event-registry',
      '@dashtam/adapter-console',
      '@dashtam/adapter-cloudwatch',
      '@dashtam/adapter-otlp',
      '@dashtam/metrics-protocol',
      // The spool's defaults, for its settings.
      '@dashtam/spool',
      // The exit registry: the container runs its phases before it re-raises a signal.
      '@dashtam/fd-writer',
      '@opentelemetry/api',
    ],
    builtins: true,
  },
  // Express middleware: the container's trace context, the protocol; express only as types (a peer).
  '@dashtam/express': {
    allow: ['@dashtam/container', '@dashtam/logger-protocol', '@opentelemetry/api'],
    typeOnly: ['express', '@types/express', '@dashtam/metrics-protocol'],
    builtins: true,
  },
  // The dashtam-logs command: reads records (the protocol), prints them with the console adapter's
  // renderer, reads CloudWatch Logs, and reads the disk spool (inspectSpool, which changes nothing).
  '@dashtam/cli': {
    allow: [
      '@dashtam/logger-protocol',
      '@dashtam/adapter-console',
      '@aws-sdk/client-cloudwatch-logs',
      '@dashtam/spool',
    ],
    builtins: true,
  },
  '@dashtam/api': {
    allow: [
      '@dashtam/container',
      '@dashtam/logger-protocol',
      '@dashtam/event-registry',
      '@dashtam/express',
      '@dashtam/metrics-protocol',
      '*third-party*',
    ],
    forbid: ['@dashtam/adapter-console', '@dashtam/adapter-cloudwatch', '@dashtam/adapter-otlp'],
    // An application: the packages' `/internal` subpaths are for the dashtam packages only.
    internal: false,
    builtins: true,
  },
};
// Files that run only in tests may also use test tooling and the protocol's testing helpers.
const TEST_FILE = /(\.test\.ts$|\/test\/)/;
const TEST_ALLOW = [
  'vitest',
  '@dashtam/logger-protocol/testing',
  '@dashtam/metrics-protocol/testing',
  'aws-sdk-client-mock',
  'supertest',
];
// `@dashtam/<package>/internal`: what the dashtam packages share with each other (no semver
// promise). Allowed where the package itself is (the rules above keep the direction); never in an
// application (`internal: false`) nor in an example, which shows what users write.
const INTERNAL_SUBPATH = /^@dashtam\/[^/]+\/internal$/;
// The protocol's own `testing` subpath may use node:assert (it runs inside test runners only).
const TESTING_SUBPATH = /logger-protocol\/src\/testing\//;

const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
const IMPORT =
  /(?:^|\n)\s*(import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

const errors = [];
const dirs = ['packages', 'apps'].flatMap((d) => {
  try {
    return readdirSync(join(root, d)).map((n) => join(root, d, n));
  } catch {
    return [];
  }
});

function packageOf(spec) {
  if (spec.startsWith('.') || spec.startsWith('/')) return undefined;
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function* files(dir) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist') continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* files(p);
    else if (/\.(ts|mts|cts|js|mjs|cjs)$/.test(name) && !name.endsWith('.d.ts')) yield p;
  }
}

for (const dir of dirs) {
  let pkg;
  try {
    pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  } catch {
    continue;
  }
  const rule = RULES[pkg.name];
  if (!rule) {
    if (!pkg.private) errors.push(`${pkg.name}: a published package with no dependency rule in scripts/check-deps.mjs`);
    continue;
  }
  const runtimeDeps = Object.keys({ ...pkg.dependencies, ...pkg.peerDependencies });
  for (const dep of runtimeDeps) {
    // A type-only dependency is still a dependency: consumers' compilers read its .d.ts files.
    const ok =
      rule.allow.includes(dep) ||
      rule.typeOnly?.includes(dep) ||
      (rule.allow.includes('*third-party*') && !dep.startsWith('@dashtam/'));
    if (!ok || rule.forbid?.includes(dep)) errors.push(`${pkg.name}: may not depend on ${dep} (package.json)`);
  }
  for (const file of files(dir)) {
    const rel = relative(root, file);
    const isTest = TEST_FILE.test(rel) || rel.includes('/bench/') || rel.includes('/examples/');
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(IMPORT)) {
      const spec = m[3] ?? m[4];
      const typeOnly = Boolean(m[2]);
      if (!spec) continue;
      if (spec.startsWith('../') && relative(dir, join(file, '..', spec)).startsWith('..')) {
        errors.push(`${rel}: imports across packages with a relative path: ${spec}`);
        continue;
      }
      if (spec.startsWith('.')) continue;
      // The package's own subpath import (its package.json "imports": a per-format twin, see
      // scripts/build-package.mjs): like a relative import, once the field declares it.
      if (spec.startsWith('#')) {
        if (pkg.imports?.[spec] === undefined)
          errors.push(`${rel}: imports ${spec}, which package.json "imports" lacks`);
        continue;
      }
      if (builtins.has(spec)) {
        const testingAssert = TESTING_SUBPATH.test(rel) && spec === 'node:assert/strict';
        if (!rule.builtins && !testingAssert && !isTest) errors.push(`${rel}: a domain package may not import ${spec}`);
        continue;
      }
      const target = packageOf(spec);
      if (INTERNAL_SUBPATH.test(spec) && (rule.internal === false || rel.includes('/examples/'))) {
        errors.push(`${rel}: imports ${spec}, which is for the dashtam packages only (use ${target})`);
        continue;
      }
      if (target === pkg.name) continue;
      // `/internal` has no semver promise: a published package that imports another's `/internal`
      // pins it to the exact version it was built with (`workspace:*`), or an install could pair
      // it with a later minor whose `/internal` changed.
      if (
        INTERNAL_SUBPATH.test(spec) &&
        !isTest &&
        !pkg.private &&
        pkg.dependencies?.[target] !== undefined &&
        pkg.dependencies[target] !== 'workspace:*'
      ) {
        errors.push(
          `${rel}: imports ${spec}, so package.json must pin ${target} as "workspace:*" (exact), not ${JSON.stringify(pkg.dependencies[target])}`,
        );
      }
      if (isTest && (TEST_ALLOW.includes(spec) || TEST_ALLOW.includes(target) || pkg.devDependencies?.[target]))
        continue;
      if (typeOnly && rule.typeOnly?.includes(target)) continue;
      const allowed =
        (rule.allow.includes(target) || (rule.allow.includes('*third-party*') && !target.startsWith('@dashtam/'))) &&
        !rule.forbid?.includes(target);
      if (!allowed) errors.push(`${rel}: ${pkg.name} may not import ${spec}${typeOnly ? ' (even as a type)' : ''}`);
      else if (!runtimeDeps.includes(target) && !typeOnly)
        errors.push(`${rel}: imports ${spec}, which is not in dependencies`);
    }
  }
}

if (errors.length > 0) {
  console.error(`Dependency rules (STYLE.md) broken in ${errors.length} place(s):`);
  for (const e of errors) console.error(`  - ${e}`);
  process.exit(1);
}
console.log(`Dependency rules: ${dirs.length} workspace package(s) checked, no violation.`);

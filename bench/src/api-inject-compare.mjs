// The demo API's server-side cost of GET /health (as api-inject.bench.mjs measures it) for this
// tree and another checkout of the project side by side, in one run: the variants of both trees
// live at once, one process each, and take turns slice by slice in a rotating order, so a change
// is measured against the code before it under the same machine load.
//   BENCH_BASE=/path/to/other/checkout node bench/src/api-inject-compare.mjs
// (the other checkout built with `pnpm run build`). BENCH_REQUESTS per slice (default 4000),
// BENCH_SLICES (default 30); BENCH_LOG_LEVEL as for api-inject.bench.mjs (default debug here).
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('../..', import.meta.url));
const base = process.env.BENCH_BASE;
if (base === undefined || !existsSync(`${base}/bench/src/api-inject-worker.mjs`)) {
  throw new Error(`BENCH_BASE must name another built checkout of this project, got ${JSON.stringify(base)}`);
}
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 4000);
const SLICES = Number(process.env.BENCH_SLICES ?? 30);
if (!(REQUESTS >= 100)) throw new Error(`BENCH_REQUESTS must be at least 100, got ${process.env.BENCH_REQUESTS}`);
if (!(SLICES >= 3)) throw new Error(`BENCH_SLICES must be at least 3, got ${process.env.BENCH_SLICES}`);
const env = { ...process.env, BENCH_LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'debug' };

const runs = [
  ['base', 'dashtam', base],
  ['base', 'none', base],
  ['this', 'dashtam', here],
  ['this', 'none', here],
  ['this', 'pino', here],
];
const children = new Map();
for (const [tree, variant, dir] of runs) {
  const child = fork(`${dir}/bench/src/api-inject-worker.mjs`, [variant], {
    cwd: `${dir}/bench`,
    env,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  await once(child, 'message');
  children.set(`${tree}/${variant}`, child);
}
const serve = async (child, requests) => {
  child.send({ requests });
  const [reply] = await once(child, 'message');
  return reply;
};
for (const child of children.values()) await serve(child, REQUESTS * 2); // warm-up, not counted
const keys = [...children.keys()];
const ns = Object.fromEntries(keys.map((k) => [k, 0]));
let bad = 0;
for (let slice = 0; slice < SLICES; slice++) {
  for (let i = 0; i < keys.length; i++) {
    const key = keys[(i + slice) % keys.length];
    const reply = await serve(children.get(key), REQUESTS);
    ns[key] += reply.ns;
    bad += reply.bad;
  }
}
for (const child of children.values()) child.kill();
const perSecond = (k) => (REQUESTS * SLICES) / (ns[k] / 1e9);
const fmt = (n) => Math.round(n).toLocaleString('en-US');
console.log(
  `api inject compare: node ${process.version}, ${new Date().toISOString()}, log level ${env.BENCH_LOG_LEVEL}, base ${base}, ${SLICES} slices of ${REQUESTS} GET /health per variant, rotating`,
);
console.log('| tree | dashtam req/s | no logging | pino-http | dashtam / no logging | dashtam / pino-http |');
console.log('|---|---:|---:|---:|---:|---:|');
for (const tree of ['base', 'this']) {
  const d = perSecond(`${tree}/dashtam`);
  const n = perSecond(`${tree}/none`);
  const p = tree === 'this' ? perSecond('this/pino') : undefined;
  console.log(
    `| ${tree} | ${fmt(d)} | ${fmt(n)} | ${p === undefined ? '–' : fmt(p)} | ${(d / n).toFixed(2)} | ${p === undefined ? '–' : (d / p).toFixed(2)} |`,
  );
}
console.log(bad === 0 ? 'every response 200' : `${bad} responses were not 200`);

// The demo API's server-side cost of GET /health with our logging, with no logging, and with
// pino-http, without the network: each variant in its own process (api-inject-worker.mjs) answers
// requests injected through light-my-request, so the figure is the server's own work per request
// (Express, middleware, logging, GC), with neither a load generator nor the kernel's socket work
// sharing the 2 cores. The variants take turns, BENCH_SLICES slices of BENCH_REQUESTS requests
// each per round, in a rotating order, so the machine's speed swings hit them alike.
// Requests per second = requests / time; the work left out (sockets, HTTP parsing) is the same in
// every variant, so leaving it out makes a logging variant's ratio to no logging lower, not higher.
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { fmt, median } from './measure.mjs';

const worker = fileURLToPath(new URL('./api-inject-worker.mjs', import.meta.url));
const VARIANTS = ['dashtam', 'none', 'pino'];
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const SLICES = Number(process.env.BENCH_SLICES ?? 10);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 5000);
if (!(ROUNDS >= 3)) throw new Error(`BENCH_ROUNDS must be at least 3, got ${process.env.BENCH_ROUNDS}`);
if (!(SLICES >= 1)) throw new Error(`BENCH_SLICES must be at least 1, got ${process.env.BENCH_SLICES}`);
if (!(REQUESTS >= 100)) throw new Error(`BENCH_REQUESTS must be at least 100, got ${process.env.BENCH_REQUESTS}`);

async function start(variant) {
  const child = fork(worker, [variant], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  await once(child, 'message');
  return child;
}

async function serve(child, requests) {
  child.send({ requests });
  const [reply] = await once(child, 'message');
  return reply;
}

// Per variant: each round's { requests, seconds } and each slice's req/s.
const rounds = Object.fromEntries(VARIANTS.map((v) => [v, []]));
const slices = Object.fromEntries(VARIANTS.map((v) => [v, []]));
let bad = 0;
for (let round = 0; round < ROUNDS; round++) {
  const children = {};
  for (const v of VARIANTS) children[v] = await start(v);
  for (const v of VARIANTS) await serve(children[v], REQUESTS * 2); // warm-up, not counted
  const sums = Object.fromEntries(VARIANTS.map((v) => [v, { requests: 0, seconds: 0 }]));
  for (let slice = 0; slice < SLICES; slice++) {
    const shift = (round * SLICES + slice) % VARIANTS.length;
    for (const v of [...VARIANTS.slice(shift), ...VARIANTS.slice(0, shift)]) {
      const r = await serve(children[v], REQUESTS);
      bad += r.bad;
      sums[v].requests += REQUESTS;
      sums[v].seconds += r.ns / 1e9;
      slices[v].push(REQUESTS / (r.ns / 1e9));
    }
  }
  for (const v of VARIANTS) rounds[v].push(sums[v]);
  for (const child of Object.values(children)) {
    child.kill();
    await once(child, 'exit');
  }
}

const mean = (rows) => rows.reduce((n, r) => n + r.requests, 0) / rows.reduce((n, r) => n + r.seconds, 0);
const perRound = (rows) => rows.map((r) => r.requests / r.seconds);
const spread = (a, b) => {
  const per = perRound(a).map((x, i) => x / perRound(b)[i]);
  return `${Math.min(...per).toFixed(2)}–${Math.max(...per).toFixed(2)}`;
};
const [d, n, p] = VARIANTS.map((v) => rounds[v]);
const [ds, ns, ps] = VARIANTS.map((v) => slices[v]);
const cell = (rows, sl) => `${fmt(mean(rows))} / ${fmt(median(sl))}`;
const rat = (a, b, sa, sb) =>
  `${(mean(a) / mean(b)).toFixed(2)}, ${(median(sa) / median(sb)).toFixed(2)} (${spread(a, b)})`;
console.log(
  `api inject bench: node ${process.version}, ${new Date().toISOString()}, log level ${process.env.BENCH_LOG_LEVEL ?? 'info'}, debug tail ${process.env.BENCH_DEBUG_TAIL ?? 'off'}, request metrics ${process.env.BENCH_METRICS ?? 'off'}, GET /health injected (light-my-request, 10 in flight), ${ROUNDS} rounds of fresh processes, each warmed up with ${REQUESTS * 2} requests then ${SLICES} slices of ${REQUESTS} per variant, variants rotating; req/s as mean (all requests / all seconds) and median of slices, ratio spread over rounds`,
);
console.log(
  '| route | dashtam mean / median | no logging mean / median | pino-http mean / median | dashtam / no logging: mean, median (rounds) | dashtam / pino-http: mean, median (rounds) |',
);
console.log('|---|---:|---:|---:|---:|---:|');
console.log(
  `| GET /health (injected) | ${cell(d, ds)} | ${cell(n, ns)} | ${cell(p, ps)} | ${rat(d, n, ds, ns)} | ${rat(d, p, ds, ps)} |`,
);
console.log(bad === 0 ? 'every response 200' : `${bad} responses were not 200`);
const ratio = mean(d) / mean(n);
console.log(
  `target GET /health dashtam / no logging mean >= 0.90: ${ratio >= 0.9 ? 'met' : 'NOT met'} (${ratio.toFixed(2)})`,
);

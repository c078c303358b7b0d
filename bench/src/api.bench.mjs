// Requests per second of the demo API with our logging, with no logging, and with pino-http, in one
// run: each variant in its own process, autocannon in this one. Per round, the three servers are
// started (fresh processes) and warmed up, then measured in short slices, one variant after the
// other in a rotating order, BENCH_SLICES times: the machine's speed swings from second to second
// (a shared host), and slices of a few seconds let every variant meet the same swings.
// Each figure two ways: mean (all requests of all slices / all measured seconds) and median of the
// slices' req/s; each ratio with the spread (min–max) of the per-round ratios (round = all its slices).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { fmt, median } from './measure.mjs';

const server = fileURLToPath(new URL('./api-server.mjs', import.meta.url));
const VARIANTS = ['dashtam', 'none', 'pino'];
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const DURATION = Number(process.env.BENCH_SECONDS ?? 2);
const SLICES = Number(process.env.BENCH_SLICES ?? 5);
const ROUTES = (process.env.BENCH_ROUTES ?? 'health,users').split(',');
if (ROUNDS < 3) throw new Error(`BENCH_ROUNDS must be at least 3, got ${ROUNDS}`);
if (!(SLICES >= 1)) throw new Error(`BENCH_SLICES must be at least 1, got ${process.env.BENCH_SLICES}`);

// BENCH_SINKS=cloudwatch: a local CloudWatch Logs endpoint in a process of its own (not this one,
// whose thread runs autocannon), for the dashtam variant's records.
let cloudwatch;
if (process.env.BENCH_SINKS?.includes('cloudwatch')) {
  const cli = fileURLToPath(new URL('../../packages/cloudwatch-local/dist/cli.js', import.meta.url));
  cloudwatch = spawn(process.execPath, [cli, 'serve', '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [chunk] = await once(cloudwatch.stdout, 'data');
  process.env.BENCH_CLOUDWATCH_URL = /listening on (\S+)/.exec(String(chunk))?.[1];
  cloudwatch.stdout.resume();
}

async function startVariant(variant) {
  const child = spawn(process.execPath, [server, variant], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [chunk] = await once(child.stdout, 'data');
  const port = Number(/PORT (\d+)/.exec(String(chunk))?.[1]);
  return { child, url: `http://127.0.0.1:${port}` };
}

function run(url, kind) {
  let n = 0;
  const requests =
    kind === 'health'
      ? [{ method: 'GET', path: '/health' }]
      : [
          {
            method: 'POST',
            path: '/users',
            headers: { 'content-type': 'application/json' },
            setupRequest: (req) => ({
              ...req,
              body: JSON.stringify({
                email: `u${n++}-${Math.random()}@example.com`,
                password: 'correct horse battery',
              }),
            }),
          },
        ];
  return new Promise((resolve, reject) => {
    autocannon({ url, connections: 10, duration: DURATION, requests }, (err, result) =>
      err ? reject(err) : resolve(result),
    );
  });
}

// Per route and variant: each round's { requests, seconds } (the sum of its slices), and each slice's req/s.
const results = Object.fromEntries(ROUTES.map((k) => [k, Object.fromEntries(VARIANTS.map((v) => [v, []]))]));
const slices = Object.fromEntries(ROUTES.map((k) => [k, Object.fromEntries(VARIANTS.map((v) => [v, []]))]));
const errors = [];
for (let round = 0; round < ROUNDS; round++) {
  const servers = {};
  for (const variant of VARIANTS) servers[variant] = await startVariant(variant);
  for (const kind of ROUTES) {
    for (const variant of VARIANTS) await run(servers[variant].url, kind); // warm-up, not counted
    const sums = Object.fromEntries(VARIANTS.map((v) => [v, { requests: 0, seconds: 0 }]));
    for (let slice = 0; slice < SLICES; slice++) {
      const shift = (round * SLICES + slice) % VARIANTS.length;
      for (const variant of [...VARIANTS.slice(shift), ...VARIANTS.slice(0, shift)]) {
        const r = await run(servers[variant].url, kind);
        sums[variant].requests += r.requests.total;
        sums[variant].seconds += r.duration;
        slices[kind][variant].push(r.requests.total / r.duration);
        if (r.non2xx > 0 || r.errors > 0) errors.push(`${variant} ${kind}: ${r.non2xx} non-2xx, ${r.errors} errors`);
      }
    }
    for (const variant of VARIANTS) results[kind][variant].push(sums[variant]);
  }
  for (const { child } of Object.values(servers)) {
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
}

const perSecond = (rows) => rows.map((r) => r.requests / r.seconds);
const mean = (rows) => rows.reduce((n, r) => n + r.requests, 0) / rows.reduce((n, r) => n + r.seconds, 0);
const spread = (a, b) => {
  const per = perSecond(a).map((x, i) => x / perSecond(b)[i]);
  return `${Math.min(...per).toFixed(2)}–${Math.max(...per).toFixed(2)}`;
};
console.log(
  `api bench: node ${process.version}, ${new Date().toISOString()}, log level ${process.env.BENCH_LOG_LEVEL ?? 'info'}, sinks ${process.env.BENCH_SINKS ?? 'console (/dev/null)'}${process.env.BENCH_SINKS ? `, spool ${process.env.BENCH_SPOOL ?? 'on'}` : ''}, debug tail ${process.env.BENCH_DEBUG_TAIL ?? 'off'}, autocannon 10 connections, ${ROUNDS} rounds of fresh servers, each warmed up ${DURATION} s then measured in ${SLICES} slices of ${DURATION} s per variant, variants rotating; req/s as mean (all requests / all seconds) and median of slices, ratio spread over rounds`,
);
console.log(
  '| route | dashtam mean / median | no logging mean / median | pino-http mean / median | dashtam / no logging: mean, median (rounds) | dashtam / pino-http: mean, median (rounds) |',
);
console.log('|---|---:|---:|---:|---:|---:|');
const ratios = {};
for (const kind of ROUTES) {
  const [d, n, p] = VARIANTS.map((v) => results[kind][v]);
  const route = kind === 'health' ? 'GET /health' : 'POST /users';
  const [ds, ns, ps] = VARIANTS.map((v) => slices[kind][v]);
  const cell = (rows, sl) => `${fmt(mean(rows))} / ${fmt(median(sl))}`;
  const rat = (a, b, sa, sb) =>
    `${(mean(a) / mean(b)).toFixed(2)}, ${(median(sa) / median(sb)).toFixed(2)} (${spread(a, b)})`;
  ratios[kind] = mean(d) / mean(n);
  console.log(
    `| ${route} | ${cell(d, ds)} | ${cell(n, ns)} | ${cell(p, ps)} | ${rat(d, n, ds, ns)} | ${rat(d, p, ds, ps)} |`,
  );
}
console.log(errors.length ? `errors: ${errors.join('; ')}` : 'no errors, every response 2xx');
if (ratios.health !== undefined) {
  console.log(
    `target GET /health dashtam / no logging mean >= 0.90: ${ratios.health >= 0.9 ? 'met' : 'NOT met'} (${ratios.health.toFixed(2)})`,
  );
}
cloudwatch?.kill('SIGTERM');

// Requests per second of the demo API with our logging, with no logging, and with pino-http, in one
// run: each variant in its own process, autocannon in this one, variants alternating round by round.
// Each figure two ways: mean (all requests of all rounds / all measured seconds) and median of the
// rounds' req/s; each ratio with the spread (min–max) of the per-round ratios.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { fmt, median } from './measure.mjs';

const server = fileURLToPath(new URL('./api-server.mjs', import.meta.url));
const VARIANTS = ['dashtam', 'none', 'pino'];
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const DURATION = Number(process.env.BENCH_SECONDS ?? 5);
const ROUTES = (process.env.BENCH_ROUTES ?? 'health,users').split(',');
if (ROUNDS < 3) throw new Error(`BENCH_ROUNDS must be at least 3, got ${ROUNDS}`);

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

// Per route and variant: each round's { requests, seconds }.
const results = Object.fromEntries(ROUTES.map((k) => [k, Object.fromEntries(VARIANTS.map((v) => [v, []]))]));
const errors = [];
for (let round = 0; round < ROUNDS; round++) {
  for (const variant of VARIANTS) {
    const { child, url } = await startVariant(variant);
    for (const kind of ROUTES) {
      await run(url, kind); // warm-up run, not counted
      const r = await run(url, kind);
      results[kind][variant].push({ requests: r.requests.total, seconds: r.duration });
      if (r.non2xx > 0 || r.errors > 0) errors.push(`${variant} ${kind}: ${r.non2xx} non-2xx, ${r.errors} errors`);
    }
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
  `api bench: node ${process.version}, ${new Date().toISOString()}, log level ${process.env.BENCH_LOG_LEVEL ?? 'info'}, autocannon 10 connections, ${DURATION} s per run after a ${DURATION} s warm-up, ${ROUNDS} rounds, variants alternating; req/s as mean (all requests / all seconds) and median of rounds`,
);
console.log(
  '| route | dashtam mean / median | no logging mean / median | pino-http mean / median | dashtam / no logging: mean, median (rounds) | dashtam / pino-http: mean, median (rounds) |',
);
console.log('|---|---:|---:|---:|---:|---:|');
const ratios = {};
for (const kind of ROUTES) {
  const [d, n, p] = VARIANTS.map((v) => results[kind][v]);
  const route = kind === 'health' ? 'GET /health' : 'POST /users';
  const cell = (rows) => `${fmt(mean(rows))} / ${fmt(median(perSecond(rows)))}`;
  const rat = (a, b) =>
    `${(mean(a) / mean(b)).toFixed(2)}, ${(median(perSecond(a)) / median(perSecond(b))).toFixed(2)} (${spread(a, b)})`;
  ratios[kind] = mean(d) / mean(n);
  console.log(`| ${route} | ${cell(d)} | ${cell(n)} | ${cell(p)} | ${rat(d, n)} | ${rat(d, p)} |`);
}
console.log(errors.length ? `errors: ${errors.join('; ')}` : 'no errors, every response 2xx');
if (ratios.health !== undefined) {
  console.log(
    `target GET /health dashtam / no logging mean >= 0.90: ${ratios.health >= 0.9 ? 'met' : 'NOT met'} (${ratios.health.toFixed(2)})`,
  );
}

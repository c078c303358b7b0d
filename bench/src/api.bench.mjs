// Requests per second of the demo API with our logging, with no logging, and with pino-http, in one
// run: each variant in its own process, autocannon in this one, variants alternating round by round.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { fmt, median } from './measure.mjs';

const server = fileURLToPath(new URL('./api-server.mjs', import.meta.url));
const VARIANTS = ['dashtam', 'none', 'pino'];
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const DURATION = Number(process.env.BENCH_SECONDS ?? 5);

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

const results = {
  health: Object.fromEntries(VARIANTS.map((v) => [v, []])),
  users: Object.fromEntries(VARIANTS.map((v) => [v, []])),
};
const errors = [];
for (let round = 0; round < ROUNDS; round++) {
  for (const variant of VARIANTS) {
    const { child, url } = await startVariant(variant);
    for (const kind of ['health', 'users']) {
      await run(url, kind); // warm-up run, not counted
      const r = await run(url, kind);
      results[kind][variant].push(r.requests.average);
      if (r.non2xx > 0 || r.errors > 0) errors.push(`${variant} ${kind}: ${r.non2xx} non-2xx, ${r.errors} errors`);
    }
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
}

console.log(
  `api bench: node ${process.version}, ${new Date().toISOString()}, log level ${process.env.BENCH_LOG_LEVEL ?? 'info'}, autocannon 10 connections, ${DURATION} s per run, median of ${ROUNDS} rounds (req/s)`,
);
console.log('| route | dashtam | no logging | pino-http | dashtam / no logging | dashtam / pino-http |');
console.log('|---|---:|---:|---:|---:|---:|');
for (const kind of ['health', 'users']) {
  const [d, n, p] = VARIANTS.map((v) => median(results[kind][v]));
  const route = kind === 'health' ? 'GET /health' : 'POST /users';
  console.log(`| ${route} | ${fmt(d)} | ${fmt(n)} | ${fmt(p)} | ${(d / n).toFixed(2)} | ${(d / p).toFixed(2)} |`);
}
console.log(errors.length ? `errors: ${errors.join('; ')}` : 'no errors, every response 2xx');

// ns per metric call against one log call, in the same run: `metrics.timing(...)` with two
// dimensions and `metrics.count(...)` on the metrics the container builds for ENVIRONMENT=testing
// (EMF documents as JSON lines), against `logger.info` with a small context on the container's JSON
// console logger; everything written to /dev/null. Each round ends with the flush that writes what
// it recorded, so building and writing the documents is in the per-call cost. Each figure: mean
// (total time / calls, GC included) and median of rounds.
import { closeSync, openSync } from 'node:fs';
import { createLogger, createMetrics, loadSettings, runWithTraceId } from '@dashtam/container';
import { compare, fmt, fmtRatio, gcTracker, ratio, summary } from './measure.mjs';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9);
const CALLS = Number(process.env.BENCH_CALLS ?? 200_000);
const gc = gcTracker();

const fd = openSync('/dev/null', 'w');
const settings = loadSettings({ ENVIRONMENT: 'testing', LOG_LEVEL: 'info' });
const logger = createLogger(settings, { destination: fd });
const metrics = createMetrics(settings, { destination: fd });
// Five routes: five series per metric name, as a small service has.
const dimensions = ['/users/:id', '/orders', '/orders/:id', '/health', '/login'].map((route) => ({
  route,
  status_class: '2xx',
}));

const results = runWithTraceId('4bf92f3577b34da6a3ce929d0e0e4736', () =>
  compare(
    {
      timing: (n) => {
        for (let i = 0; i < n; i++)
          metrics.timing('request_latency', (i % 1000) * 0.5, 'Milliseconds', dimensions[i % 5]);
        // flush() writes the documents synchronously before its first await (console sink).
        void metrics.flush();
      },
      count: (n) => {
        for (let i = 0; i < n; i++) metrics.count('requests', 1, 'Count', dimensions[i % 5]);
        void metrics.flush();
      },
      log: (n) => {
        for (let i = 0; i < n; i++)
          logger.info('Request served', { route: '/users/:id', status: 200, duration_ms: 12.5 });
        void logger.flush();
      },
    },
    { rounds: ROUNDS, calls: CALLS, warmup: Math.min(50_000, CALLS) },
  ),
);

await metrics.close();
await logger.close();
closeSync(fd);
await gc.settle();
gc.stop();
const gcShare = (r) => `${((100 * gc.msIn(r.intervals) * 1e6) / r.totalNs).toFixed(0)}%`;
console.log(
  `metrics bench: node ${process.version}, ${new Date().toISOString()}, ${ROUNDS} rounds of ${CALLS} calls, contenders alternating; ns/call as mean (total time / calls, GC included) and median of rounds`,
);
console.log('| call | mean | median | / log call, mean (spread of rounds) | / log call, median | GC share |');
console.log('|---|---:|---:|---:|---:|---:|');
const log = results.log;
for (const [name, r] of [
  ['metrics.timing(name, value, unit, 2 dimensions), EMF to /dev/null', results.timing],
  ['metrics.count(name, 1, unit, 2 dimensions), EMF to /dev/null', results.count],
  ['logger.info(message, 3 fields), JSON to /dev/null', log],
]) {
  const s = summary(r);
  const q = ratio(r, log);
  console.log(
    `| ${name} | ${fmt(s.mean)} | ${fmt(s.median)} | ${fmtRatio(q)} | ${q.median.toFixed(2)}x | ${gcShare(r)} |`,
  );
}
const stats = metrics.stats();
console.log(`metrics stats: ${JSON.stringify(stats)}`);

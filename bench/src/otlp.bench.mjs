// OTLP sink vs the JSON console sink, side by side in one run: the cost of a log call on the app's
// thread (records of about 200 bytes), and records exported per second end to end (logged, then
// flushed). The collector is a child process answering 200 to every request after reading its
// body, so its work does not share the app's thread. Ratios are OTLP / console (to /dev/null).

import { mkdtempSync, openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { OtlpSink } from '@dashtam/adapter-otlp';
import { createLogger, getSpanId, getTraceId, loadSettings, runWithTraceId } from '@dashtam/container';
import { Logger } from '@dashtam/logger-protocol';
import { startCollector } from './collector.mjs';
import { fmt, fmtRatio, gcTracker, median, ratio } from './measure.mjs';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const CALLS = Number(process.env.BENCH_CALLS ?? 20_000);
const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const fields = (i) => ({ http_method: 'GET', request_path: '/users/123', status_code: 200, duration_ms: 3, seq: i });

// The collector, in a child process.
const { url: endpoint, child: collector } = await startCollector();

function otlp(protocol, spool) {
  // A queue large enough that a round never overflows into the fallback (that would measure stderr).
  const sink = new OtlpSink({
    endpoint,
    protocol,
    serviceName: 'bench',
    deploymentEnvironment: 'testing',
    maxQueueSize: 1_000_000,
    flushTimeout: 120_000,
    // The container's default: records appended to a disk spool, exported by a worker thread.
    ...(spool ? { spool: { dir: mkdtempSync(join(tmpdir(), 'dashtam-bench-spool-')) } } : {}),
  });
  // As the container builds a logger: trace and span id looked up on every record.
  return { sink, logger: new Logger({ sink, traceContext: getTraceId, spanContext: getSpanId }) };
}

const devNull = openSync('/dev/null', 'w');
const consoleLogger = createLogger(loadSettings({ ENVIRONMENT: 'testing', LOG_LEVEL: 'info' }), {
  destination: devNull,
});
const proto = otlp('http/protobuf', false);
const json = otlp('http/json', false);
const protoSpool = otlp('http/protobuf', true);
const jsonSpool = otlp('http/json', true);
const contenders = {
  'otlp (protobuf)': { logger: proto.logger, timedDrain: false },
  'otlp (json)': { logger: json.logger, timedDrain: false },
  'spooled (protobuf)': { logger: protoSpool.logger, timedDrain: false },
  'spooled (json)': { logger: jsonSpool.logger, timedDrain: false },
  console: { logger: consoleLogger, timedDrain: true },
};

function loop(logger, n) {
  const t0 = performance.now();
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) logger.info('Request completed', fields(i));
  return { ns: Number(process.hrtime.bigint() - start), interval: [t0, performance.now()] };
}

// 1. Cost of a call: each round CALLS records timed as a whole (GC included, total / calls); the
//    OTLP sinks then export what they hold, untimed (it runs off the call, between rounds here);
//    the console's last partial chunk is written within the timing.
const gc = gcTracker();
const calls = Object.fromEntries(
  Object.keys(contenders).map((k) => [k, { perRound: [], totalNs: 0, calls: 0, intervals: [] }]),
);
await runWithTraceId(TRACE, async () => {
  for (const c of Object.values(contenders)) {
    loop(c.logger, CALLS);
    await c.logger.flush();
  }
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, c] of Object.entries(contenders)) {
      const out = calls[name];
      const { ns, interval } = loop(c.logger, CALLS);
      let total = ns;
      const t = process.hrtime.bigint();
      await c.logger.flush();
      if (c.timedDrain) total += Number(process.hrtime.bigint() - t);
      out.perRound.push(total / CALLS);
      out.totalNs += total;
      out.calls += CALLS;
      out.intervals.push(interval);
    }
  }
});
await gc.settle();

// 2. End to end: CALLS records logged as fast as possible, then flushed; wall time.
const throughput = {};
for (const [name, c] of Object.entries(contenders)) {
  const t0 = process.hrtime.bigint();
  runWithTraceId(TRACE, () => loop(c.logger, CALLS));
  await c.logger.flush();
  throughput[name] = CALLS / (Number(process.hrtime.bigint() - t0) / 1e9);
}

const stats = {
  'otlp (protobuf)': proto.sink.stats(),
  'otlp (json)': json.sink.stats(),
  'spooled (protobuf)': protoSpool.sink.stats(),
  'spooled (json)': jsonSpool.sink.stats(),
};
await proto.logger.close();
await json.logger.close();
await protoSpool.logger.close();
await jsonSpool.logger.close();
await consoleLogger.close();
gc.stop();
collector.kill();

console.log(`\nOTLP sink vs console sink (/dev/null), ${ROUNDS} rounds of ${CALLS} calls, Node ${process.version}`);
console.log('contender         mean ns/call  median of rounds  GC ms in rounds  records/s end to end');
for (const [name, r] of Object.entries(calls)) {
  console.log(
    `${name.padEnd(19)} ${fmt(r.totalNs / r.calls).padStart(12)}  ${fmt(median(r.perRound)).padStart(16)}  ${fmt(gc.msIn(r.intervals)).padStart(15)}  ${fmt(throughput[name]).padStart(20)}`,
  );
}
for (const name of ['otlp (protobuf)', 'otlp (json)', 'spooled (protobuf)', 'spooled (json)']) {
  const r = ratio(calls[name], calls.console);
  console.log(`${name} / console per call: mean ${fmtRatio(r)}, median ${fmtRatio(r, 'median')}`);
}
for (const [name, s] of Object.entries(stats)) {
  console.log(`${name} stats: ${JSON.stringify(s)}`);
  if (s.fallback !== 0 || s.exported !== s.written) console.log(`  WARNING: ${name} did not export every record`);
}

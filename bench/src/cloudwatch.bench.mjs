// CloudWatch adapter vs winston-cloudwatch, side by side in one run against the local CloudWatch
// Logs endpoint: the cost of a log call on the app's thread, events delivered per second, and
// PutLogEvents calls per 100,000 events of about 200 bytes.

import { mkdtempSync, openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { CloudWatchSink } from '@dashtam/adapter-cloudwatch';
import { LocalCloudWatchLogs } from '@dashtam/cloudwatch-local';
import { createLogger, getSpanId, getTraceId, loadSettings, runWithTraceId } from '@dashtam/container';
import { Logger } from '@dashtam/logger-protocol';
import winston from 'winston';
import WinstonCloudWatch from 'winston-cloudwatch';
import { fmt, fmtRatio, gcTracker, median, ratio } from './measure.mjs';

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const cw = await LocalCloudWatchLogs.start();
const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
// About 200 bytes once written as a record (timestamp, level, message, trace_id + these).
const fields = (i) => ({ http_method: 'GET', request_path: '/users/123', status_code: 200, duration_ms: 3, seq: i });

function ours(name, extra = {}) {
  const sink = new CloudWatchSink({
    logGroup: `/bench/${name}`,
    logStream: 'stream',
    endpoint: cw.url,
    region: 'us-east-1',
    credentials,
    maxBufferEvents: 1_000_000,
    maxBufferBytes: 1 << 30,
    flushTimeout: 120_000,
    ...extra,
  });
  // As the container builds it: trace and span id looked up on every record.
  return new Logger({ sink, traceContext: getTraceId, spanContext: getSpanId });
}

function theirs(name) {
  const transport = new WinstonCloudWatch({
    logGroupName: `/bench/${name}`,
    logStreamName: 'stream',
    awsOptions: { endpoint: cw.url, region: 'us-east-1', credentials },
    jsonMessage: true,
  });
  const logger = winston.createLogger({ level: 'info', transports: [transport] });
  const flush = () =>
    new Promise((resolve, reject) => {
      transport.flushTimeout = Date.now() + 120_000;
      transport.kthxbye((err) => (err ? reject(err) : resolve()));
    });
  return { logger, flush };
}

// 1. Cost of one call on the app's thread, two ways, contenders alternating round by round:
//    mean    a warm loop of CALLS records timed as a whole (total time / calls): GC, buffer growth
//            and batch preparation included, whichever call they land on;
//    median  the same number of calls each timed alone, timer overhead subtracted.
//    Peers: winston-cloudwatch, and our JSON console logger as the container builds it (to
//    /dev/null), whose call ours should cost about the same as.
function perCall(log, n) {
  const samples = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    log(i);
    samples[i] = Number(process.hrtime.bigint() - t0);
  }
  return median(samples);
}
function loop(log, n) {
  const t0 = performance.now();
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) log(i);
  const ns = Number(process.hrtime.bigint() - start);
  return { ns, interval: [t0, performance.now()] };
}
const timerOverhead = perCall(() => {}, 200_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const CALLS = 20_000;

const gc = gcTracker();
const devNull = openSync('/dev/null', 'w');
const consoleLogger = createLogger(loadSettings({ ENVIRONMENT: 'testing', LOG_LEVEL: 'info' }), {
  destination: devNull,
});
const callOurs = ours('calls');
// The container's default: records appended to a disk spool, shipped by a worker thread.
const spoolDir = () => ({ spool: { dir: mkdtempSync(join(tmpdir(), 'dashtam-bench-spool-')) } });
const callSpooled = ours('calls-spooled', spoolDir());
// The console sink writing to a file: what a spool's append also does (the /dev/null peer writes nothing).
const consoleFile = createLogger(loadSettings({ ENVIRONMENT: 'testing', LOG_LEVEL: 'info' }), {
  destination: openSync(join(mkdtempSync(join(tmpdir(), 'dashtam-bench-console-')), 'out.log'), 'w'),
});
const callTheirs = theirs('calls');
const contenders = {
  dashtam: {
    log: (i) => callOurs.info('Request completed', fields(i)),
    drain: () => callOurs.flush(),
  },
  spooled: {
    log: (i) => callSpooled.info('Request completed', fields(i)),
    drain: () => callSpooled.flush(),
  },
  'console (file)': {
    log: (i) => consoleFile.info('Request completed', fields(i)),
    drain: () => consoleFile.flush(),
    timedDrain: true,
  },
  console: {
    log: (i) => consoleLogger.info('Request completed', fields(i)),
    // Its writes happen on the call (16 KiB chunks); the last partial chunk is written here.
    drain: () => consoleLogger.flush(),
    timedDrain: true,
  },
  winston: {
    log: (i) => callTheirs.logger.info('Request completed', { ...fields(i), trace_id: TRACE }),
    drain: () => callTheirs.flush(),
  },
};
const calls = Object.fromEntries(
  Object.keys(contenders).map((k) => [k, { perRound: [], medians: [], totalNs: 0, calls: 0, intervals: [] }]),
);
await runWithTraceId(TRACE, async () => {
  for (const c of Object.values(contenders)) {
    loop(c.log, CALLS); // warm-up, not counted
    await c.drain();
  }
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, c] of Object.entries(contenders)) {
      const out = calls[name];
      const { ns, interval } = loop(c.log, CALLS);
      let total = ns;
      if (c.timedDrain) {
        const t = process.hrtime.bigint();
        await c.drain();
        total += Number(process.hrtime.bigint() - t);
      } else {
        await c.drain();
      }
      out.perRound.push(total / CALLS);
      out.totalNs += total;
      out.calls += CALLS;
      out.intervals.push(interval);
      out.medians.push(perCall(c.log, CALLS) - timerOverhead);
      await c.drain();
    }
  }
});
await callOurs.close();
await callSpooled.close();
await consoleLogger.close();
await consoleFile.close();
await gc.settle();
gc.stop();

// 2. Throughput and 3. PutLogEvents calls: 100,000 events logged as fast as possible, then flushed.
const N = 100_000;
async function throughput(label, make) {
  const before = cw.calls('PutLogEvents');
  const { log, flush, group } = make();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < N; i++) log(i);
  await flush();
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const messages = cw.store.messages(group, 'stream');
  const bytes = messages.reduce((n, m) => n + Buffer.byteLength(m) + 26, 0);
  const fewest = Math.max(Math.ceil(bytes / 1_048_576), Math.ceil(messages.length / 10_000));
  return {
    label,
    delivered: messages.length,
    seconds,
    perSecond: messages.length / seconds,
    calls: cw.calls('PutLogEvents') - before,
    fewest,
    avgBytes: bytes / messages.length - 26,
  };
}

const results = [];
for (let round = 0; round < 3; round++) {
  results.push(
    await throughput('dashtam', () => {
      const logger = ours(`tp-ours-${round}`);
      return {
        log: (i) => logger.info('Request completed', fields(i)),
        flush: () => logger.close(),
        group: `/bench/tp-ours-${round}`,
      };
    }),
  );
  results.push(
    await throughput('winston-cloudwatch', () => {
      const { logger, flush } = theirs(`tp-theirs-${round}`);
      return {
        log: (i) => logger.info('Request completed', { ...fields(i), trace_id: TRACE }),
        flush,
        group: `/bench/tp-theirs-${round}`,
      };
    }),
  );
}
await cw.stop();

const pick = (label) => results.filter((r) => r.label === label);
const med = (rows, key) => median(rows.map((r) => r[key]));
const o = pick('dashtam');
const w = pick('winston-cloudwatch');
console.log(
  `cloudwatch bench: node ${process.version}, ${new Date().toISOString()}, local endpoint, timer overhead ${fmt(timerOverhead)} ns subtracted`,
);
const mean = (r) => r.totalNs / r.calls;
const gcShare = (r) => `${((100 * gc.msIn(r.intervals) * 1e6) / r.totalNs).toFixed(0)}%`;
const vsConsole = ratio(calls.dashtam, calls.console);
const vsWinston = ratio(calls.dashtam, calls.winston);
const medianOf = (k) => median(calls[k].medians);
console.log(
  `log call on the app thread, ns (${ROUNDS} rounds x ${CALLS.toLocaleString('en-US')} calls, alternating: dashtam CloudWatch, dashtam JSON console, winston-cloudwatch)`,
);
console.log('| contender | mean (loop time / calls, GC included) | median per call | GC share of the loop |');
console.log('|---|---:|---:|---:|');
for (const [name, label] of [
  ['dashtam', 'dashtam CloudWatch'],
  ['spooled', 'dashtam CloudWatch with the spool'],
  ['console', 'dashtam JSON console (container-built, /dev/null)'],
  ['console (file)', 'dashtam JSON console (container-built, to a file)'],
  ['winston', 'winston-cloudwatch'],
]) {
  console.log(`| ${label} | ${fmt(mean(calls[name]))} | ${fmt(medianOf(name))} | ${gcShare(calls[name])} |`);
}
const medianRatio = (a, b) => {
  const per = calls[a].medians.map((x, i) => x / calls[b].medians[i]);
  return `${(medianOf(a) / medianOf(b)).toFixed(2)}x (rounds ${Math.min(...per).toFixed(2)}–${Math.max(...per).toFixed(2)})`;
};
console.log(
  `CloudWatch / console: mean ${fmtRatio(vsConsole)}, median ${medianRatio('dashtam', 'console')}; CloudWatch / winston-cloudwatch: mean ${fmtRatio(vsWinston)}, median ${medianRatio('dashtam', 'winston')}`,
);
console.log(
  `CloudWatch with the spool / console: mean ${fmtRatio(ratio(calls.spooled, calls.console))}, median ${medianRatio('spooled', 'console')}; / console to a file: mean ${fmtRatio(ratio(calls.spooled, calls['console (file)']))}, median ${medianRatio('spooled', 'console (file)')}`,
);
console.log('');
console.log('| measure | dashtam | winston-cloudwatch | ratio |');
console.log('|---|---:|---:|---:|');
console.log(
  `| events delivered per second (100,000 events, median of 3) | ${fmt(med(o, 'perSecond'))} | ${fmt(med(w, 'perSecond'))} | ${(med(o, 'perSecond') / med(w, 'perSecond')).toFixed(2)}x |`,
);
console.log(
  `| events delivered (of 100,000) | ${o.map((r) => r.delivered).join(', ')} | ${w.map((r) => r.delivered).join(', ')} | |`,
);
console.log(`| average event size, bytes | ${fmt(med(o, 'avgBytes'))} | ${fmt(med(w, 'avgBytes'))} | |`);
console.log(
  `| PutLogEvents calls per 100,000 events | ${o.map((r) => r.calls).join(', ')} | ${w.map((r) => r.calls).join(', ')} | |`,
);
console.log(
  `| fewest calls the byte and count limits allow | ${o.map((r) => r.fewest).join(', ')} | ${w.map((r) => r.fewest).join(', ')} | |`,
);
const fullness = Math.min(...o.map((r) => r.fewest / r.calls));
console.log(
  `targets: call mean <= 1.2x the console's: ${vsConsole.mean <= 1.2 ? 'met' : 'NOT met'}; call mean below winston-cloudwatch's: ${vsWinston.max < 1 ? 'met' : 'NOT met'}; throughput above winston-cloudwatch: ${med(o, 'perSecond') > med(w, 'perSecond') ? 'met' : 'NOT met'}; calls within 5% of fewest (batches >= 95% full): ${fullness >= 0.95 ? 'met' : 'NOT met'} (${(fullness * 100).toFixed(1)}%)`,
);

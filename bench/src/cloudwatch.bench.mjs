// CloudWatch adapter vs winston-cloudwatch, side by side in one run against the local CloudWatch
// Logs endpoint: the cost of a log call on the app's thread, events delivered per second, and
// PutLogEvents calls per 100,000 events of about 200 bytes.
import { CloudWatchAdapter } from '@dashtam/adapter-cloudwatch';
import { LocalCloudWatchLogs } from '@dashtam/cloudwatch-local';
import { getSpanId, getTraceId, runWithTraceId } from '@dashtam/container';
import winston from 'winston';
import WinstonCloudWatch from 'winston-cloudwatch';
import { fmt, median } from './measure.mjs';

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const cw = await LocalCloudWatchLogs.start();
const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
// About 200 bytes once written as a record (timestamp, level, message, trace_id + these).
const fields = (i) => ({ http_method: 'GET', request_path: '/users/123', status_code: 200, duration_ms: 3, seq: i });

function ours(name, extra = {}) {
  return new CloudWatchAdapter({
    logGroup: `/bench/${name}`,
    logStream: 'stream',
    endpoint: cw.url,
    region: 'us-east-1',
    credentials,
    // As the container builds it: trace and span id looked up on every record.
    traceContext: getTraceId,
    spanContext: getSpanId,
    maxBufferEvents: 1_000_000,
    maxBufferBytes: 1 << 30,
    flushTimeout: 120_000,
    ...extra,
  });
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

// 1. Cost of one call on the app's thread: each call timed alone, timer overhead subtracted.
function perCall(log, n) {
  const samples = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    log(i);
    samples[i] = Number(process.hrtime.bigint() - t0);
  }
  return median(samples);
}
const timerOverhead = perCall(() => {}, 200_000);

const callOurs = ours('calls');
const callTheirs = theirs('calls');
const callRounds = { dashtam: [], winston: [] };
for (let round = 0; round < 5; round++) {
  callRounds.dashtam.push(
    runWithTraceId(TRACE, () => perCall((i) => callOurs.info('Request completed', fields(i)), 20_000)) - timerOverhead,
  );
  await callOurs.flush();
  callRounds.winston.push(
    perCall((i) => callTheirs.logger.info('Request completed', { ...fields(i), trace_id: TRACE }), 20_000) -
      timerOverhead,
  );
  await callTheirs.flush();
}
await callOurs.close();

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
console.log('| measure | dashtam | winston-cloudwatch | ratio |');
console.log('|---|---:|---:|---:|');
const callO = median(callRounds.dashtam);
const callW = median(callRounds.winston);
console.log(
  `| log call on the app thread, median ns (5 rounds x 20,000 calls) | ${fmt(callO)} | ${fmt(callW)} | ${(callO / callW).toFixed(2)}x |`,
);
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
  `targets: call < 1000 ns: ${callO < 1000 ? 'met' : 'NOT met'}; throughput above winston-cloudwatch: ${med(o, 'perSecond') > med(w, 'perSecond') ? 'met' : 'NOT met'}; calls within 5% of fewest (batches >= 95% full): ${fullness >= 0.95 ? 'met' : 'NOT met'} (${(fullness * 100).toFixed(1)}%)`,
);

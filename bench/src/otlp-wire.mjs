// The export worker's wire path (encodeLogsRequest + postLogs from @dashtam/adapter-otlp/internal,
// no OpenTelemetry SDK) against today's OtlpSink (record-mapping + the SDK's LoggerProvider, batch
// processor and OTLP exporter), in one run, on the same 200,000 record lines: the console bench's
// records (console-records.mjs) with a trace id, as the container's logger writes them.
//
//   encode only       records/s of encodeLogsRequest in batches of 512 (the sink's default batch)
//   encode + post     records/s encoded and posted, one request at a time (and 4 in flight), to a
//                     collector in a child process that reads each body and answers 200
//   OtlpSink          records/s written with sink.write, then flushed (written -> flush), same collector
//
// Each figure is over the whole run (total records / total wall time of all rounds, GC included),
// beside the median of the rounds. Run after `pnpm run build`: node bench/src/otlp-wire.mjs

import { OtlpSink } from '@dashtam/adapter-otlp';
import { encodeLogsRequest, postLogs, wireContextOf } from '@dashtam/adapter-otlp/internal';
import { Logger } from '@dashtam/logger-protocol';
import { startCollector } from './collector.mjs';
import { bound, fields } from './console-records.mjs';
import { fmt, median } from './measure.mjs';

const RECORDS = Number(process.env.BENCH_RECORDS ?? 200_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const BATCH = 512;
const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN = '00f067aa0ba902b7';

// The lines, exactly as a Logger writes them to its sink.
const records = [];
const capture = {
  name: 'capture',
  write: (line, level, time) => records.push({ line, level, time }),
  flush: async () => {},
  close: async () => {},
};
const logger = new Logger({ sink: capture, level: 'info', traceContext: () => TRACE, spanContext: () => SPAN }).bind(
  bound,
);
for (let i = 0; i < RECORDS; i++) logger.info('User registered', fields());
const batches = [];
for (let i = 0; i < records.length; i += BATCH) batches.push(records.slice(i, i + BATCH));

// The collector, in a child process, keeping connections a minute.
const { url, child: collector } = await startCollector({ keepAliveMs: 60_000 });

const sinkOptions = (protocol) => ({
  endpoint: url,
  protocol,
  serviceName: 'bench',
  deploymentEnvironment: 'testing',
  maxQueueSize: 1_000_000,
  flushTimeout: 600_000,
  fallback: { write: () => undefined },
});
const context = wireContextOf({
  resourceAttributes: {
    'service.name': 'bench',
    'deployment.environment': 'testing',
    'deployment.environment.name': 'testing',
  },
});

let bytes = 0;
function encodeOnly(protocol) {
  bytes = 0;
  for (const batch of batches) bytes += encodeLogsRequest(batch, context, protocol).length;
}

async function encodeAndPost(protocol, inFlight) {
  let next = 0;
  let failed = 0;
  const lane = async () => {
    while (next < batches.length) {
      const body = encodeLogsRequest(batches[next++], context, protocol);
      const outcome = await postLogs({ url, headers: {}, body, protocol, timeoutMs: 30_000 });
      if (outcome.kind !== 'accepted' || outcome.rejected !== 0) failed += 1;
    }
  };
  await Promise.all(Array.from({ length: inFlight }, lane));
  if (failed !== 0) console.log(`  WARNING: ${failed} requests not accepted`);
}

async function sinkEndToEnd(protocol) {
  const sink = new OtlpSink(sinkOptions(protocol));
  for (const r of records) sink.write(r.line, r.level, r.time);
  await sink.flush();
  const s = sink.stats();
  await sink.close();
  if (s.exported !== s.written || s.fallback !== 0)
    console.log(`  WARNING: OtlpSink exported ${s.exported} of ${s.written}`);
}

const contenders = {};
for (const protocol of ['http/protobuf', 'http/json']) {
  contenders[`encode only (${protocol})`] = () => encodeOnly(protocol);
  contenders[`encode + post (${protocol})`] = () => encodeAndPost(protocol, 1);
  contenders[`encode + post x4 (${protocol})`] = () => encodeAndPost(protocol, 4);
  contenders[`OtlpSink write->flush (${protocol})`] = () => sinkEndToEnd(protocol);
}

// A warm-up pass, then rounds in turn (drift on a shared machine hits every contender alike).
for (const fn of Object.values(contenders)) await fn();
const results = Object.fromEntries(Object.keys(contenders).map((k) => [k, { perRound: [], totalNs: 0 }]));
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, fn] of Object.entries(contenders)) {
    const start = process.hrtime.bigint();
    await fn();
    const ns = Number(process.hrtime.bigint() - start);
    results[name].perRound.push(RECORDS / (ns / 1e9));
    results[name].totalNs += ns;
  }
}
collector.kill();

const rate = (name) => (RECORDS * ROUNDS) / (results[name].totalNs / 1e9);
console.log(
  `\nOTLP wire path vs OtlpSink, ${ROUNDS} rounds of ${RECORDS} records (${records[0].line.length} chars a line), batches of ${BATCH}, Node ${process.version}`,
);
console.log('contender                                   records/s (whole run)  median of rounds');
for (const name of Object.keys(results)) {
  console.log(
    `${name.padEnd(43)} ${fmt(rate(name)).padStart(21)}  ${fmt(median(results[name].perRound)).padStart(16)}`,
  );
}
for (const protocol of ['http/protobuf', 'http/json']) {
  const sink = rate(`OtlpSink write->flush (${protocol})`);
  console.log(
    `${protocol}: encode + post / OtlpSink = ${(rate(`encode + post (${protocol})`) / sink).toFixed(2)}x, ` +
      `x4 in flight ${(rate(`encode + post x4 (${protocol})`) / sink).toFixed(2)}x, encode only ${(rate(`encode only (${protocol})`) / sink).toFixed(2)}x`,
  );
}
encodeOnly('http/protobuf');
const proto = bytes;
encodeOnly('http/json');
console.log(`bytes a record: protobuf ${(proto / RECORDS).toFixed(0)}, json ${(bytes / RECORDS).toFixed(0)}`);

// ns per info() call: our JSON console logger as the container builds it (redaction, trace id,
// span and correlation lookups included) against pino 10 and a JSON.stringify + buffered-write
// floor, all writing to /dev/null in one process; then the cost of a call below the minimum level,
// ours beside pino's. Each figure: mean (total time / calls, GC included) and median of rounds.
import { closeSync, openSync, writeSync } from 'node:fs';
import { createLogger, loadSettings, runWithTraceId } from '@dashtam/container';
import pino from 'pino';
import { bound, fields, secretFields } from './console-records.mjs';
import { compare, fmt, fmtRatio, gcTracker, ratio, summary } from './measure.mjs';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9);
const gc = gcTracker();

const fd = openSync('/dev/null', 'w');

// As the container builds it for ENVIRONMENT=testing: JSON console, trace id, span context and
// correlation id looked up on every record.
const ours = createLogger(loadSettings({ ENVIRONMENT: 'testing', LOG_LEVEL: 'info' }), { destination: fd });
const oursBound = ours.bind(bound);
const pinoFd = openSync('/dev/null', 'w');
const dest = pino.destination({ dest: pinoFd, sync: false, minLength: 4096 });
const peer = pino({ level: 'info' }, dest);
const peerBound = peer.child(bound);

let floorBuffer = '';
const floor = (n) => {
  for (let i = 0; i < n; i++) {
    floorBuffer += `${JSON.stringify({ time: Date.now(), level: 30, msg: 'User registered', ...bound, ...fields() })}\n`;
    if (floorBuffer.length >= 16384) {
      writeSync(fd, floorBuffer);
      floorBuffer = '';
    }
  }
};

const results = runWithTraceId('4bf92f3577b34da6a3ce929d0e0e4736', () => {
  const enabled = compare(
    {
      dashtam: (n) => {
        for (let i = 0; i < n; i++) oursBound.info('User registered', fields());
        ours.flush();
      },
      pino: (n) => {
        for (let i = 0; i < n; i++) peerBound.info(fields(), 'User registered');
        dest.flushSync();
      },
      floor,
    },
    { rounds: ROUNDS },
  );
  // A record whose strings hold secrets (a connection string, key=value fragments): the slow path
  // of redaction, for what it costs. pino writes these verbatim (its redact paths cannot see inside
  // strings), so the ratio is the price of the promise, not a like-for-like race.
  const withSecrets = compare(
    {
      dashtam: (n) => {
        for (let i = 0; i < n; i++) oursBound.info('Login failed password=hunter22', secretFields());
        ours.flush();
      },
      pino: (n) => {
        for (let i = 0; i < n; i++) peerBound.info(secretFields(), 'Login failed password=hunter22');
        dest.flushSync();
      },
    },
    { rounds: ROUNDS },
  );
  const filtered = compare(
    {
      dashtam: (n) => {
        for (let i = 0; i < n; i++) oursBound.debug('User registered', fields());
      },
      pino: (n) => {
        for (let i = 0; i < n; i++) peerBound.debug(fields(), 'User registered');
      },
    },
    { rounds: ROUNDS, calls: 2_000_000, warmup: 200_000 },
  );
  return { enabled, withSecrets, filtered };
});

closeSync(fd);
await gc.settle();
gc.stop();
const { enabled, withSecrets, filtered } = results;
const rows = [
  ['info(), bound logger, 6 fields, JSON to /dev/null', enabled],
  ['info() whose message and 2 of 3 fields hold secrets (redacted by us, not by pino)', withSecrets],
  ['debug() below the minimum level', filtered],
];
const gcShare = (r) => `${((100 * gc.msIn(r.intervals) * 1e6) / r.totalNs).toFixed(0)}%`;
console.log(
  `console bench: node ${process.version}, ${new Date().toISOString()}, ${ROUNDS} rounds, contenders alternating; ns/call as mean (total time / calls, GC included) and median of rounds`,
);
console.log(
  '| case | dashtam mean | dashtam median | pino mean | pino median | floor mean | dashtam / pino, mean (spread of rounds) | dashtam / pino, median | GC share dashtam / pino |',
);
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const [name, r] of rows) {
  const [d, p] = [summary(r.dashtam), summary(r.pino)];
  const q = ratio(r.dashtam, r.pino);
  const floorMean = r.floor === undefined ? '–' : fmt(summary(r.floor).mean);
  console.log(
    `| ${name} | ${fmt(d.mean)} | ${fmt(d.median)} | ${fmt(p.mean)} | ${fmt(p.median)} | ${floorMean} | ${fmtRatio(q)} | ${q.median.toFixed(2)}x | ${gcShare(r.dashtam)} / ${gcShare(r.pino)} |`,
  );
}
const e = ratio(enabled.dashtam, enabled.pino);
const f = ratio(filtered.dashtam, filtered.pino);
console.log(
  `target info() mean <= 0.6x pino: ${e.mean <= 0.6 ? 'met' : 'NOT met'} (${fmtRatio(e)}); filtered <= 2x pino: ${f.mean <= 2 ? 'met' : 'NOT met'} (${fmtRatio(f)})`,
);

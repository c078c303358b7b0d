// ns per info() call: our ConsoleAdapter (JSON, redaction and trace id included) against pino 10
// and a JSON.stringify + buffered-write floor, all writing to /dev/null in one process; then the
// cost of a call below the minimum level, ours beside pino's.
import { closeSync, openSync, writeSync } from 'node:fs';
import { ConsoleAdapter } from '@dashtam/adapter-console';
import { getSpanId, getTraceId, runWithTraceId } from '@dashtam/container';
import pino from 'pino';
import { compare, fmt } from './measure.mjs';

const fd = openSync('/dev/null', 'w');
const bound = { request_path: '/users', http_method: 'POST' };
const fields = () => ({
  user_id: '123e4567-e89b-12d3-a456-426614174000',
  email: 'user@example.com',
  action: 'user_registration',
  attempt: 2,
  duration_ms: 12.5,
  ok: true,
});

// As the container builds it: trace id and span id from the trace context on every record.
const ours = new ConsoleAdapter({
  format: 'json',
  destination: fd,
  level: 'info',
  traceContext: getTraceId,
  spanContext: getSpanId,
});
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
  const enabled = compare({
    dashtam: (n) => {
      for (let i = 0; i < n; i++) oursBound.info('User registered', fields());
      ours.flush();
    },
    pino: (n) => {
      for (let i = 0; i < n; i++) peerBound.info(fields(), 'User registered');
      dest.flushSync();
    },
    floor,
  });
  // A record whose strings hold secrets (a connection string, key=value fragments): the slow path
  // of redaction, for what it costs. pino writes these verbatim (its redact paths cannot see inside
  // strings), so the ratio is the price of the promise, not a like-for-like race.
  const secretFields = () => ({
    user_id: '123e4567-e89b-12d3-a456-426614174000',
    dsn: 'postgres://app:s3cr3tpw@db.internal:5432/orders',
    note: 'retry with token=abc123def456',
  });
  const withSecrets = compare({
    dashtam: (n) => {
      for (let i = 0; i < n; i++) oursBound.info('Login failed password=hunter22', secretFields());
      ours.flush();
    },
    pino: (n) => {
      for (let i = 0; i < n; i++) peerBound.info(secretFields(), 'Login failed password=hunter22');
      dest.flushSync();
    },
  });
  const filtered = compare(
    {
      dashtam: (n) => {
        for (let i = 0; i < n; i++) oursBound.debug('User registered', fields());
      },
      pino: (n) => {
        for (let i = 0; i < n; i++) peerBound.debug(fields(), 'User registered');
      },
    },
    { calls: 2_000_000, warmup: 200_000 },
  );
  return { enabled, withSecrets, filtered };
});

closeSync(fd);
const { enabled, withSecrets, filtered } = results;
const rows = [
  ['info(), bound logger, 6 fields, JSON to /dev/null', enabled.dashtam, enabled.pino, enabled.floor],
  [
    'info() whose message and 2 of 3 fields hold secrets (redacted by us, not by pino)',
    withSecrets.dashtam,
    withSecrets.pino,
    undefined,
  ],
  ['debug() below the minimum level', filtered.dashtam, filtered.pino, undefined],
];
console.log(`console bench: node ${process.version}, ${new Date().toISOString()}, medians of 9 rounds`);
console.log('| case | dashtam ns/call | pino 10 ns/call | stringify+write floor ns/call | dashtam / pino |');
console.log('|---|---:|---:|---:|---:|');
for (const [name, a, b, c] of rows) {
  console.log(`| ${name} | ${fmt(a)} | ${fmt(b)} | ${c === undefined ? '–' : fmt(c)} | ${(a / b).toFixed(2)}x |`);
}
const okEnabled = enabled.dashtam / enabled.pino <= 0.6;
const okFiltered = filtered.dashtam / filtered.pino <= 2;
console.log(
  `target info() <= 0.6x pino: ${okEnabled ? 'met' : 'NOT met'}; filtered <= 2x pino: ${okFiltered ? 'met' : 'NOT met'}`,
);

// What a spool root holds, read without changing it: a spool directory written here by hand in the
// documented format (an owner file, a checkpoint, one segment of two blocks), then inspectSpool.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { inspectSpool, SpoolErrorCode } from '@dashtam/spool';

// A block: `#<payload bytes> <crc32, 8 hex digits> <records>\n`, then per record
// `<time ms> <level> <line length> <line>\n`.
function block(records) {
  const payload = Buffer.from(records.map((r) => `${r.time} ${r.level} ${r.line.length} ${r.line}\n`).join(''));
  const sum = (crc32(payload) >>> 0).toString(16).padStart(8, '0');
  return Buffer.concat([Buffer.from(`#${payload.length} ${sum} ${records.length}\n`), payload]);
}

const root = mkdtempSync(join(tmpdir(), 'dashtam-spool-example-'));
const dir = join(root, 'cloudwatch-4194999-0123456789abcdef');
mkdirSync(dir);
writeFileSync(
  join(dir, 'owner.json'),
  JSON.stringify({
    version: 1,
    token: '0123456789abcdef',
    pid: 4194999, // no process has it: the owner is gone
    hostname: hostname(),
    startTicks: null,
    bootId: null,
    created: Date.now() - 60_000,
    kind: 'cloudwatch',
    route: 'cloudwatch|eu-west-1|',
    destination: { logGroup: '/acme/production/app', stream: { prefix: 'web-1' } },
  }),
);
const t = Date.now() - 30_000;
const line = (message) => JSON.stringify({ level: 'info', message });
const first = block([{ time: t, level: 'info', line: line('shipped') }]);
const second = block([
  { time: t + 1000, level: 'info', line: line('waiting') },
  { time: t + 2000, level: 'error', line: line('waiting too') },
]);
writeFileSync(join(dir, '00000001.seg'), Buffer.concat([first, second]));
// `<segment> <offset> <skip>`: the first block is shipped.
writeFileSync(join(dir, 'checkpoint'), `1 ${first.length} 0\n`);
const before = readFileSync(join(dir, 'checkpoint'), 'utf8');

const report = inspectSpool(root);
const [d] = report.dirs;
assert.equal(report.dirs.length, 1);
assert.equal(d.state, 'gone');
assert.equal(d.label, '/acme/production/app web-1/<day>');
assert.equal(d.records, 2);
assert.equal(d.bytes, second.length);
assert.equal(d.oldest, t + 1000);
assert.equal(report.destinations[0].records, 2);
assert.equal(readFileSync(join(dir, 'checkpoint'), 'utf8'), before); // nothing changed

assert.throws(() => inspectSpool(join(root, 'missing')), { code: SpoolErrorCode.RootMissing });
console.log(`${d.label}: ${d.records} records waiting, ${d.bytes} bytes, state ${d.state}`);

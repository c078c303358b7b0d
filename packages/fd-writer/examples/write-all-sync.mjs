// @dashtam/fd-writer: a whole chunk to a file descriptor, synchronously, EAGAIN waited out.
import assert from 'node:assert/strict';
import { closeSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FdWriterErrorCode, InvalidFdWriterOptionsError, writeAllSync } from '@dashtam/fd-writer';

const file = join(mkdtempSync(join(tmpdir(), 'fd-writer-example-')), 'app.log');
const fd = openSync(file, 'w');
const lines = [];
for (let i = 0; i < 1000; i++) lines.push(JSON.stringify({ level: 'info', message: 'line', i }));

// What a buffered logger does in its `exit` listener: one synchronous write of everything left.
writeAllSync(fd, `${lines.join('\n')}\n`);
writeAllSync(fd, new TextEncoder().encode('{"level":"info","message":"bytes too"}\n'), { timeoutMs: 5_000 });
closeSync(fd);

const written = readFileSync(file, 'utf8').trim().split('\n');
assert.equal(written.length, 1001);
assert.equal(JSON.parse(written[999]).i, 999);

// Options are checked on every call.
assert.throws(
  () => writeAllSync(1, '', { timeoutMs: -1 }),
  (e) => e instanceof InvalidFdWriterOptionsError && e.code === FdWriterErrorCode.InvalidOptions,
);

// @dashtam/cli: `dashtam-logs pretty` turns JSON lines into the console adapter's pretty format.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

// The executable as npm links it: the package's `bin`.
const pkgJson = createRequire(import.meta.url).resolve('@dashtam/cli/package.json');
const bin = join(dirname(pkgJson), 'dist', 'cli.js');

const input = [
  '> my-app start',
  '{"timestamp":"2026-11-28T10:00:00.000Z","level":"info","message":"User registered","trace_id":"4bf92f3577b34da6a3ce929d0e0e4736","user_id":"u-1"}',
  '{"timestamp":"2026-11-28T10:00:01.000Z","level":"debug","message":"Cache miss","trace_id":"4bf92f3577b34da6a3ce929d0e0e4736"}',
].join('\n');
const run = spawnSync(process.execPath, [bin, 'pretty', '--level', 'info'], {
  input,
  encoding: 'utf8',
  env: { ...process.env, NO_COLOR: '1' },
});
assert.equal(run.status, 0);
assert.equal(
  run.stdout,
  [
    '> my-app start',
    '2026-11-28T10:00:00.000Z [INFO    ] User registered',
    '    user_id=u-1 trace_id=4bf92f3577b34da6a3ce929d0e0e4736',
    '',
  ].join('\n'),
);

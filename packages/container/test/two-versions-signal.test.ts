import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, onTestFinished } from 'vitest';

// Two copies of the container that do not share their state (as two versions would: their state
// under different keys) both listen for SIGTERM. Each must not take the other for an application's
// listener and leave ending the process to it: SIGTERM must still end the process.
const cjsEntry = fileURLToPath(new URL('../dist/cjs/index.js', import.meta.url));

const CHILD = `
const entry = ${JSON.stringify(cjsEntry)};
const first = require(entry);
first.getLogger().info('first copy');
// A second copy with state of its own: the first's singletons are not on globalThis for it.
delete globalThis[Symbol.for('dashtam.container.v1')];
for (const key of Object.keys(require.cache)) if (key.includes('/container/dist/cjs/')) delete require.cache[key];
const second = require(entry);
second.getLogger().info('second copy');
process.stdout.write('listeners ' + process.listenerCount('SIGTERM') + '\\n');
setInterval(() => {}, 1000);
`;

describe('SIGTERM with two container copies that share no state', () => {
  it('ends the process (both flush, the last one re-raises the signal)', async () => {
    const child = spawn(process.execPath, ['-e', CHILD], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { PATH: process.env.PATH, ENVIRONMENT: 'testing' },
    });
    // Killed whatever happens: a process that ignores SIGTERM (the defect) must not outlive the test.
    onTestFinished(() => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    });
    let out = '';
    child.stdout.setEncoding('utf8');
    const ready = new Promise<void>((resolve) => {
      child.stdout.on('data', (chunk: string) => {
        out += chunk;
        if (out.includes('listeners ')) resolve();
      });
    });
    await ready;
    expect(out).toContain('listeners 2');
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const [code, signal] = await exited;
    expect({ code, signal }).toEqual({ code: null, signal: 'SIGTERM' });
    expect(out).toContain('"message":"first copy"');
    expect(out).toContain('"message":"second copy"');
  }, 30_000);
});

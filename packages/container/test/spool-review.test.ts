import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalCloudWatchLogs } from '@dashtam/cloudwatch-local';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { containerEntry, productionEnv } from './child.js';

const GROUP = '/dashtam/production/app';

let cw: LocalCloudWatchLogs;
beforeEach(async () => {
  cw = await LocalCloudWatchLogs.start();
});
afterEach(async () => {
  await cw.stop();
});

function arrived(message: string): number {
  let streams: string[] = [];
  try {
    streams = cw.store.streamNames(GROUP);
  } catch {
    return 0;
  }
  return streams.flatMap((s) => cw.store.messages(GROUP, s).filter((m) => m.includes(message))).length;
}

describe('the spool under a process started with Node flags a worker refuses', () => {
  // `node --max-old-space-size=...` is how many services are started; a worker thread refuses
  // per-process flags in its execArgv (ERR_WORKER_INVALID_EXEC_ARGV).
  it('node --max-old-space-size=256: the logger is made, and every record reaches the endpoint', async () => {
    const script = `import { getLogger } from ${JSON.stringify(containerEntry)};
      const logger = getLogger();
      for (let i = 0; i < 10; i++) logger.info('flagged process', { i });
      await logger.flush?.();
      process.exit(0);`;
    const child = spawn(process.execPath, ['--max-old-space-size=256', '--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...productionEnv(cw), LOG_SPOOL_DIR: mkdtempSync(join(tmpdir(), 'dashtam-spool-test-')) },
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (c: string) => {
      stderr += c;
    });
    const [code] = await once(child, 'close');
    expect({ code, stderr: stderr.includes('ERR_WORKER_INVALID_EXEC_ARGV') ? stderr : '' }).toEqual({
      code: 0,
      stderr: '',
    });
    expect(arrived('flagged process')).toBe(10);
  });
});

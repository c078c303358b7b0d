import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { LocalCloudWatchLogs } from '@dashtam/cloudwatch-local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const entry = fileURLToPath(new URL('../dist/index.js', import.meta.url));
let cw: LocalCloudWatchLogs;

beforeAll(async () => {
  cw = await LocalCloudWatchLogs.start();
});
afterAll(async () => {
  await cw.stop();
});

describe('production mode in a real process', () => {
  it('delivers all 20,000 buffered events to CloudWatch when the process receives SIGTERM', async () => {
    // Slow answers keep most of the 20,000 events in the buffer when the signal arrives.
    cw.faults.inject({ kind: 'slow', delayMs: 200, count: 2, operations: ['PutLogEvents'] });
    const child = spawn(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { getLogger } from ${JSON.stringify(entry)};
         const logger = getLogger();
         for (let i = 0; i < 20000; i++) logger.info('buffered', { i, user_id: 'u-1' });
         process.stdout.write('ready\\n');
         setInterval(() => {}, 1000);`,
      ],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
        env: {
          PATH: process.env.PATH,
          ENVIRONMENT: 'production',
          INSTANCE_ID: 'sigterm-test',
          AWS_REGION: 'us-east-1',
          AWS_ACCESS_KEY_ID: 'local',
          AWS_SECRET_ACCESS_KEY: 'local',
          AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: cw.url,
        },
      },
    );
    const exited = once(child, 'exit');
    const [chunk] = await once(child.stdout, 'data');
    expect(String(chunk)).toBe('ready\n');
    child.kill('SIGTERM');
    const [code, signal] = await exited;
    expect([code, signal]).toEqual([null, 'SIGTERM']);
    const streams = cw.store.streamNames('/dashtam/production/app');
    expect(streams).toHaveLength(1);
    const messages = cw.store.messages('/dashtam/production/app', streams[0] as string);
    expect(messages).toHaveLength(20_000);
    expect(new Set(messages.map((m) => JSON.parse(m).i)).size).toBe(20_000);
  });
});

// Two services on one host, one OTLP endpoint (a vendor's), each with its own credentials in
// OTEL_EXPORTER_OTLP_HEADERS, and the container's default spool root shared between them.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Answer, OtlpReceiver } from '@dashtam/otlp-local';
import { afterEach, describe, expect, it } from 'vitest';
import { containerEntry, runChild, startChild } from './child.js';

let receiver: OtlpReceiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

function env(url: string, tenant: string, dir: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    ENVIRONMENT: 'staging',
    LOG_SINKS: 'otlp',
    OTEL_EXPORTER_OTLP_ENDPOINT: url,
    OTEL_EXPORTER_OTLP_HEADERS: `x-tenant=${tenant}`,
    OTEL_SERVICE_NAME: `service-of-${tenant}`,
    LOG_SPOOL_DIR: dir,
  };
}

describe('a spool root shared by services with different OTLP credentials', () => {
  it("one service's left records are never sent with another's credentials", async () => {
    let down = true;
    receiver = await OtlpReceiver.start({ answer: (): Answer => ({ status: down ? 503 : 200 }) });
    const dir = mkdtempSync(join(tmpdir(), 'dashtam-spool-tenants-'));
    const a = startChild(
      `import { getLogger } from ${JSON.stringify(containerEntry)};
       const logger = getLogger();
       for (let i = 0; i < 10; i++) logger.info('tenant a record', { i });
       await logger.flush();
       process.stdout.write('spooled\\n');
       setInterval(() => undefined, 1000);`,
      env(receiver.url, 'team-a', dir),
    );
    a.child.stdin?.end();
    await a.waitFor('spooled\n');
    a.child.kill('SIGKILL');
    await a.ended;
    down = false;
    const b = await runChild(
      `import { getLogger, shutdown } from ${JSON.stringify(containerEntry)};
       const logger = getLogger();
       logger.info('tenant b record');
       await new Promise((r) => setTimeout(r, 3000));
       await shutdown();`,
      env(receiver.url, 'team-b', dir),
    );
    expect(b.code, b.stderr).toBe(0);
    const misdelivered = receiver.requests
      .filter((r) => r.headers['x-tenant'] === 'team-b')
      .flatMap((r) => r.logs)
      .filter((l) => l.body === 'tenant a record');
    expect(misdelivered).toHaveLength(0);
  });
});

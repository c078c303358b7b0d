import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// A real release: `pnpm release:local` starts verdaccio on 127.0.0.1 (installed on demand into
// ~/.cache/dashtam), versions and publishes the workspace's pending changesets to it from a copy of
// the workspace, installs @dashtam/container@<that version> with plain npm into an empty project and
// runs a script that logs through it, then publishes a second version and upgrades the consumer.
const root = fileURLToPath(new URL('../../', import.meta.url));

function releaseLocal(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['scripts/release-local.mjs'], { cwd: root, stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      stdout += c;
    });
    child.stderr.setEncoding('utf8').on('data', (c: string) => {
      stderr += c;
    });
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('pnpm release:local', () => {
  it('publishes every package to a local registry, a consumer installs and logs through it, then upgrades', async () => {
    const { code, stdout, stderr } = await releaseLocal();
    const report = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}');
    expect(report.error, stderr).toBeUndefined();
    expect(code, stderr).toBe(0);
    expect(report.registry).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);

    // Every publishable package went out at the version changesets gave it.
    expect(Object.keys(report.first).sort()).toEqual([
      '@dashtam/adapter-cloudwatch',
      '@dashtam/adapter-console',
      '@dashtam/adapter-otlp',
      '@dashtam/cli',
      '@dashtam/container',
      '@dashtam/event-registry',
      '@dashtam/express',
      '@dashtam/fd-writer',
      '@dashtam/logger-protocol',
      '@dashtam/metrics-protocol',
    ]);
    const first = report.first['@dashtam/container'];
    const second = report.second['@dashtam/container'];
    expect(first).toMatch(/^\d+\.\d+\.\d+$/);

    // The consumer installed that version from the registry (resolved URL on 127.0.0.1) and logged.
    expect(report.firstLock.version).toBe(first);
    expect(report.firstRecord).toMatchObject({
      level: 'info',
      message: 'consumer logging',
      trace_id: 'release-local-consumer',
      container_version: first,
      password: '[REDACTED]',
    });

    // The second release is a patch of the container and of the one package that pins it exactly
    // (express imports the container's /internal, which has no semver promise); nothing else
    // moves. The consumer upgraded to it.
    const nextPatch = (version: string) => {
      const [major, minor, patch] = version.split('.').map(Number);
      return `${major}.${minor}.${(patch ?? 0) + 1}`;
    };
    expect(second).toBe(nextPatch(first));
    expect(report.second['@dashtam/express']).toBe(nextPatch(report.first['@dashtam/express']));
    expect({
      ...report.second,
      '@dashtam/container': first,
      '@dashtam/express': report.first['@dashtam/express'],
    }).toEqual(report.first);
    expect(report.secondLock.version).toBe(second);
    expect(report.consumerDependency).toBe(`^${second}`);
    expect(report.secondRecord).toMatchObject({ message: 'consumer logging', container_version: second });

    // Nothing left behind: verdaccio stopped, temporary directories removed.
    expect(alive(report.registryPid)).toBe(false);
    expect(report.cleanedUp).toBe(true);
    expect(existsSync(report.temp)).toBe(false);
  }, 600_000);
});

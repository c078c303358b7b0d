import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
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

const BUMPS = ['patch', 'minor', 'major'] as const;
type Bump = (typeof BUMPS)[number];

function bump(version: string, type: Bump): string {
  const [major = 0, minor = 0, patch = 0] = version.split('.').map(Number);
  if (type === 'major') return `${major + 1}.0.0`;
  if (type === 'minor') return `${major}.${minor + 1}.0`;
  return `${major}.${minor}.${patch + 1}`;
}

/**
 * What the pending changesets of this tree give each publishable package, worked out here from
 * the files, not from changesets' code nor from what release:local reports: the package.json
 * version raised by the largest bump its changesets' front matter names (`"@dashtam/x": minor`).
 * A package no changeset names is released only as a dependent of one that moves: at its version
 * or its next patch.
 */
function pendingReleases(): Record<string, { current: string; bump: Bump | undefined }> {
  const releases: Record<string, { current: string; bump: Bump | undefined }> = {};
  for (const dir of readdirSync(join(root, 'packages'))) {
    const file = join(root, 'packages', dir, 'package.json');
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name: string; version: string; private?: boolean };
    if (pkg.private !== true) releases[pkg.name] = { current: pkg.version, bump: undefined };
  }
  const changesets = join(root, '.changeset');
  for (const f of readdirSync(changesets).filter((n) => n.endsWith('.md') && n !== 'README.md')) {
    const front = /^---\r?\n([\s\S]*?)\r?\n?---/.exec(readFileSync(join(changesets, f), 'utf8'))?.[1] ?? '';
    for (const line of front.split(/\r?\n/)) {
      const m = /^\s*["']?([^"':]+)["']?\s*:\s*(patch|minor|major)\s*$/.exec(line);
      if (m === null) continue;
      const release = releases[m[1] as string];
      if (release === undefined) throw new Error(`${f} names ${m[1]}, which is no publishable package`);
      const type = m[2] as Bump;
      if (release.bump === undefined || BUMPS.indexOf(type) > BUMPS.indexOf(release.bump)) release.bump = type;
    }
  }
  return releases;
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
      '@dashtam/spool',
    ]);
    // ... worked out on their own: none at 0.0.0, each at its package.json version raised by its
    // changesets' largest bump (0.0.0 with a minor is 0.1.0), and that one version on the registry.
    const pending = pendingReleases();
    expect(Object.keys(report.first).sort()).toEqual(Object.keys(pending).sort());
    const published = Object.entries(report.first as Record<string, string>).map(([name, version]) => {
      const { current, bump: type } = pending[name] as { current: string; bump: Bump | undefined };
      const allowed = type !== undefined ? [bump(current, type)] : [current, bump(current, 'patch')];
      const expected = allowed.includes(version) ? version : allowed.join(' or ');
      return { name, version, onRegistry: report.registryFirst[name], expected, unversioned: version === '0.0.0' };
    });
    expect(published).toEqual(
      published.map((p) => ({ ...p, version: p.expected, onRegistry: [p.expected], unversioned: false })),
    );

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

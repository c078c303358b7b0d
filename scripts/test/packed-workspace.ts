import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

// What the consumer tests share: pack every publishable package as it would be published, and
// install the tarballs with plain npm into a fresh project outside the workspace.
export const root = fileURLToPath(new URL('../../', import.meta.url));

export const run = (cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env) =>
  spawnSync(cmd, args, { cwd, env, encoding: 'utf8', timeout: 240_000 });

/** The publishable packages' folder names under packages/. */
export function publishablePackages(): string[] {
  return readdirSync(join(root, 'packages')).filter((name) => {
    const pkg = JSON.parse(readFileSync(join(root, 'packages', name, 'package.json'), 'utf8'));
    return !pkg.private;
  });
}

/**
 * Packs every publishable package into `work`/tarballs (pnpm pack: `workspace:` ranges become
 * versions, exactly as published); returns the `dependencies` that install them from there, for a
 * project in a sibling folder of `tarballs`.
 */
export function packPublishable(work: string): Record<string, string> {
  const tarballs = join(work, 'tarballs');
  mkdirSync(tarballs);
  const packages = publishablePackages();
  for (const name of packages) {
    const pack = run('pnpm', ['pack', '--pack-destination', tarballs], join(root, 'packages', name));
    expect(pack.status, pack.stderr).toBe(0);
  }
  const files = readdirSync(tarballs);
  expect(files).toHaveLength(packages.length);
  return Object.fromEntries(
    files.map((f) => [
      `@dashtam/${f.replace(/^dashtam-/, '').replace(/-\d+\.\d+\.\d+.*\.tgz$/, '')}`,
      `file:../tarballs/${f}`,
    ]),
  );
}

/** Makes the project `work`/`name` from its files (package.json as an object) and npm-installs it. */
export function installProject(work: string, name: string, files: Record<string, unknown>): string {
  const app = join(work, name);
  mkdirSync(app);
  for (const [file, content] of Object.entries(files))
    writeFileSync(join(app, file), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  const install = run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], app);
  expect(install.status, install.stderr).toBe(0);
  return app;
}

/** Runs the project's own tsc with `args`; its output must be empty and its status 0. */
export function expectTscClean(app: string, args: string[]): void {
  const tsc = run(join(app, 'node_modules', '.bin', 'tsc'), args, app);
  expect(tsc.stdout + tsc.stderr).toBe('');
  expect(tsc.status).toBe(0);
}

/** Runs `node ...nodeArgs file` in `app` with ENVIRONMENT=testing; returns the JSON lines it printed. */
export function runLogging(app: string, file: string, nodeArgs: string[] = []): Record<string, unknown>[] {
  const out = run(process.execPath, [...nodeArgs, file], app, { PATH: process.env.PATH, ENVIRONMENT: 'testing' });
  expect(out.status, out.stderr).toBe(0);
  return out.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
}

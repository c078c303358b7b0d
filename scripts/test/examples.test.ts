import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Every package's examples run as a user would run them: plain Node against the built package,
// imported by name. Each example asserts on its own output, so a stale example fails here.
const packages = fileURLToPath(new URL('../../packages/', import.meta.url));
const examples = readdirSync(packages).flatMap((pkg) => {
  try {
    return readdirSync(join(packages, pkg, 'examples'))
      .filter((f) => f.endsWith('.mjs'))
      .map((f) => join(packages, pkg, 'examples', f));
  } catch {
    return [];
  }
});

describe('package examples', () => {
  it('exist for every published package', () => {
    expect(examples.length).toBeGreaterThanOrEqual(5);
  });

  for (const example of examples) {
    it(`runs ${example.slice(packages.length)}`, () => {
      const run = spawnSync(process.execPath, [example], { encoding: 'utf8', timeout: 60_000 });
      expect(
        run.stderr.replace(
          /\(node:\d+\) Warning: NodeVersionSupportWarning[\s\S]*?show where the warning was created\)\n?/g,
          '',
        ),
      ).toBe('');
      expect(run.status).toBe(0);
    });
  }
});

import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without type declarations
import { groupScores } from '../check-mutation.mjs';

const script = fileURLToPath(new URL('../check-mutation.mjs', import.meta.url));

const mutants = (counts: Record<string, number>) =>
  Object.entries(counts).flatMap(([status, n]) => Array.from({ length: n }, () => ({ status })));

const report = {
  files: {
    'src/redactor.ts': { mutants: mutants({ Killed: 8, Timeout: 1, Survived: 1, CompileError: 5, Ignored: 3 }) },
    'src/record.ts': { mutants: mutants({ Killed: 9, NoCoverage: 1 }) },
    'src/levels.ts': { mutants: mutants({ Killed: 3, Survived: 1 }) },
    'src/deep/errors.ts': { mutants: mutants({ Killed: 1, RuntimeError: 2 }) },
  },
};

const groups = [
  { name: 'core', min: 90, files: ['src/redactor.ts', 'src/record.ts'] },
  { name: 'rest', min: 80, rest: true },
];

function runWith(reportData: unknown, scoreGroups: unknown) {
  const dir = mkdtempSync(join(tmpdir(), 'dashtam-mutation-'));
  const reportPath = join(dir, 'report.json');
  writeFileSync(reportPath, JSON.stringify(reportData));
  const configPath = join(dir, 'config.mjs');
  writeFileSync(
    configPath,
    `export default { jsonReporter: { fileName: ${JSON.stringify(reportPath)} } };\nexport const scoreGroups = ${JSON.stringify(scoreGroups)};\n`,
  );
  return spawnSync(process.execPath, [script, configPath], { encoding: 'utf8' });
}

describe('check-mutation', () => {
  it('scores each group as detected over detected plus undetected, leaving errors and ignored mutants out', () => {
    const [core, rest] = groupScores(report, groups);
    expect(core).toMatchObject({ detected: 18, undetected: 2, score: 90, ok: true });
    expect(core.files).toEqual(['src/redactor.ts', 'src/record.ts']);
    expect(rest).toMatchObject({ detected: 4, undetected: 1, score: 80, ok: true });
    expect(rest.files).toEqual(['src/levels.ts', 'src/deep/errors.ts']);
  });

  it('takes a folder prefix ending in a slash', () => {
    const [deep] = groupScores(report, [{ name: 'deep', min: 100, files: ['src/deep/'] }]);
    expect(deep).toMatchObject({ files: ['src/deep/errors.ts'], detected: 1, undetected: 0, score: 100, ok: true });
  });

  it('exits 0 and prints every group when each is at or above its floor', () => {
    const r = runWith(report, groups);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('ok   core: 90.00%');
    expect(r.stdout).toContain('ok   rest: 80.00%');
  });

  it('exits 1 and names the group when one is under its floor', () => {
    const r = runWith(report, [{ name: 'core', min: 91, files: ['src/redactor.ts', 'src/record.ts'] }, groups[1]]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('FAIL core: 90.00%');
    expect(r.stdout).toContain('ok   rest');
  });

  it('exits 1 when a group has no mutants, so a renamed file cannot slip out of its floor', () => {
    const r = runWith(report, [{ name: 'gone', min: 90, files: ['src/renamed.ts'] }]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('FAIL gone: no mutants');
  });

  it('exits 2 when the config has no score groups', () => {
    const r = runWith(report, undefined);
    expect(r.status).toBe(2);
  });
});

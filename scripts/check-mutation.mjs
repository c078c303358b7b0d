#!/usr/bin/env node
// Holds groups of files to their own mutation-score floors. Stryker's `thresholds.break` judges a
// run as a whole; the redaction, serialisation and record path of logger-protocol must score
// higher than the rest, so this reads the JSON report of a run and checks each group named in the
// Stryker config (`export const scoreGroups`). Exits 1 when a group is under its floor or has no
// mutants (a file renamed out of its group would otherwise pass unnoticed).
//
//   node scripts/check-mutation.mjs stryker/logger-protocol.config.mjs
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const DETECTED = new Set(['Killed', 'Timeout']);
const UNDETECTED = new Set(['Survived', 'NoCoverage']);

/**
 * Stryker's mutation score of each group: detected / (detected + undetected), in percent; compile
 * and runtime errors and ignored mutants count in neither. A group lists files by path relative to
 * the repository (exact or a folder prefix ending in `/`); a group with `rest: true` takes every
 * file of the report no earlier group took.
 *
 * @param {{ files: Record<string, { mutants: { status: string }[] }> }} report
 * @param {readonly { name: string, min: number, files?: readonly string[], rest?: boolean }[]} groups
 */
export function groupScores(report, groups) {
  const taken = new Set();
  const paths = Object.keys(report.files).map((p) => p.replaceAll('\\', '/'));
  const byPath = new Map(Object.entries(report.files).map(([p, f]) => [p.replaceAll('\\', '/'), f]));
  return groups.map((group) => {
    const mine = paths.filter(
      (p) =>
        !taken.has(p) &&
        (group.rest === true || (group.files ?? []).some((f) => (f.endsWith('/') ? p.startsWith(f) : p === f))),
    );
    let detected = 0;
    let undetected = 0;
    for (const p of mine) {
      taken.add(p);
      for (const m of byPath.get(p)?.mutants ?? []) {
        if (DETECTED.has(m.status)) detected++;
        else if (UNDETECTED.has(m.status)) undetected++;
      }
    }
    const valid = detected + undetected;
    const score = valid === 0 ? Number.NaN : (100 * detected) / valid;
    return {
      name: group.name,
      min: group.min,
      files: mine,
      detected,
      undetected,
      score,
      ok: valid > 0 && score >= group.min,
    };
  });
}

async function main() {
  const configPath = process.argv[2];
  if (configPath === undefined) {
    process.stderr.write('usage: node scripts/check-mutation.mjs <stryker config with scoreGroups>\n');
    process.exit(2);
  }
  const config = await import(pathToFileURL(resolve(configPath)).href);
  const reportPath = config.default?.jsonReporter?.fileName;
  if (typeof reportPath !== 'string' || !Array.isArray(config.scoreGroups)) {
    process.stderr.write(`${configPath}: needs jsonReporter.fileName and an exported scoreGroups array\n`);
    process.exit(2);
  }
  const report = JSON.parse(readFileSync(resolve(reportPath), 'utf8'));
  let failed = false;
  for (const g of groupScores(report, config.scoreGroups)) {
    const score = Number.isNaN(g.score) ? 'no mutants' : `${g.score.toFixed(2)}%`;
    const line = `${g.ok ? 'ok  ' : 'FAIL'} ${g.name}: ${score} (${g.detected} detected, ${g.undetected} undetected, ${g.files.length} files; floor ${g.min}%)\n`;
    (g.ok ? process.stdout : process.stderr).write(line);
    if (!g.ok) failed = true;
  }
  process.exit(failed ? 1 : 0);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();

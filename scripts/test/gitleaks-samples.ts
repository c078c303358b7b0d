// Strings to test gitleaks' translated patterns on (for the gitleaks-*.test.ts files): the patterns of the
// vendored gitleaks.toml, gitleaks' own examples, and strings derived from a pattern with randexp.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { parse } from 'smol-toml';
import { seededRandom } from '../../packages/logger-protocol/src/testing/seeded-random.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

interface RandExpInstance {
  gen(): string;
  max: number;
  randInt: (a: number, b: number) => number;
}
type RandExpClass = new (source: RegExp) => RandExpInstance;
// randexp is a devDependency of logger-protocol (not of the root): loaded from there.
const RandExp = createRequire(`${root}packages/logger-protocol/package.json`)('randexp') as RandExpClass;

/** Strings derived from a translated regex: samples of it, cut, with a character changed, in context. */
export function derivedStrings(re: RegExp, seed: number, count = 12): string[] {
  const random = seededRandom(seed).next;
  // randexp's parser knows no named groups or lookbehinds; assertions it ignores.
  const plain = new RegExp(re.source.replace(/\(\?<([A-Za-z_]\w*)>/g, '('), re.flags);
  const gen = new RandExp(plain);
  gen.max = 6;
  gen.randInt = (a, b) => a + Math.floor(random() * (b - a + 1));
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    // no \v: Python's ASCII \s has it, RE2's has not
    const s = gen.gen().replaceAll('\v', ' ');
    const at = Math.floor(random() * s.length);
    out.push(s, `key = "${s}"\n`, s.slice(0, at), `${s.slice(0, at)}${s[at] === 'x' ? 'Y' : 'x'}${s.slice(at + 1)}`);
  }
  return out;
}

/** vendor/gitleaks/examples.json: gitleaks' literal examples per rule id. */
export interface Examples {
  [id: string]: {
    truePositives: string[];
    falsePositives: string[];
    /** False positives only because of the path gitleaks tests them under (a log line has none). */
    falsePositivesOnlyByPath?: { path: string; text: string }[];
    skipped: { truePositives: number; falsePositives: number };
  };
}

export function vendoredPatterns(): { id: string; pattern: string }[] {
  const config = parse(readFileSync(`${root}vendor/gitleaks/gitleaks.toml`, 'utf8')) as {
    rules: { id: string; regex?: string; allowlists?: { regexes?: string[] }[] }[];
    allowlist: { regexes: string[] };
  };
  const out: { id: string; pattern: string }[] = [];
  for (const rule of config.rules) {
    if (rule.regex) out.push({ id: rule.id, pattern: rule.regex });
    for (const [i, list] of (rule.allowlists ?? []).entries()) {
      for (const [j, pattern] of (list.regexes ?? []).entries())
        out.push({ id: `${rule.id} allowlist ${i}.${j}`, pattern });
    }
  }
  for (const [j, pattern] of config.allowlist.regexes.entries()) out.push({ id: `global allowlist ${j}`, pattern });
  return out;
}

export function vendoredExamples(): Examples {
  return JSON.parse(readFileSync(`${root}vendor/gitleaks/examples.json`, 'utf8')) as Examples;
}

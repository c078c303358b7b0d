// Test support for the gitleaks test files (not built, not mutated): strings generated from a
// rule's own regex (randexp, seeded), gitleaks' examples from its rule files, and the logger every
// channel writes through.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { GitleaksRule } from '../src/gitleaks/rule-data.js';
import { GITLEAKS_GLOBAL_ALLOWLIST } from '../src/gitleaks/rules.generated.js';
import { GitleaksScanner } from '../src/gitleaks/scan.js';
import { seededRandom } from '../src/testing/seeded-random.js';

interface RandExp {
  gen(): string;
  max: number;
  randInt: (a: number, b: number) => number;
}
// randexp is CommonJS (`export =`): loaded with require.
const RandExpClass = createRequire(import.meta.url)('randexp') as new (source: RegExp) => RandExp;

/** The seed of the generated strings: GITLEAKS_SEED=<n> tries other ones. */
export const SEED = Number(process.env.GITLEAKS_SEED ?? 20261207);
/** Samples generated per rule. */
export const SAMPLES = 3;
const ATTEMPTS = 60;

/** vendor/gitleaks/examples.json: gitleaks' literal examples per rule id. */
export interface Examples {
  [id: string]: { truePositives: string[]; falsePositives: string[] };
}
export const examples = JSON.parse(
  readFileSync(new URL('../../../vendor/gitleaks/examples.json', import.meta.url), 'utf8'),
) as Examples;

/** A seeded source of numbers in [0, 1). */
export function prng(seed: number): () => number {
  return seededRandom(seed).next;
}

/**
 * Up to {@link SAMPLES} strings generated from `rule`'s regex that gitleaks' rule (with its entropy
 * and allowlists) flags on its own, each with the secret it finds.
 */
export function samplesOf(rule: GitleaksRule, random: () => number): { sample: string; secret: string }[] {
  // randexp knows no named groups; gitleaks writes `.` where it means a dot (`hooks.slack.com`), so
  // every other attempt reads `[^\n]` as a dot.
  const source = rule.regex.source.replace(/\(\?<([A-Za-z_]\w*)>/g, '(');
  const generators = [source, source.replaceAll('[^\\n]', '\\.')].map((s) => {
    const gen = new RandExpClass(new RegExp(s, rule.regex.flags));
    gen.max = 8;
    gen.randInt = (a, b) => a + Math.floor(random() * (b - a + 1));
    return gen;
  });
  // A rule whose keyword is not part of what it matches (`airtable` before an Airtable token) gets
  // its first keyword in front, as in gitleaks' own examples.
  const alone = new GitleaksScanner([rule], GITLEAKS_GLOBAL_ALLOWLIST);
  const out: { sample: string; secret: string }[] = [];
  for (let i = 0; i < ATTEMPTS && out.length < SAMPLES; i++) {
    const generated = (generators[i % 2] as RandExp).gen();
    for (const sample of [generated, `${rule.keywords[0] ?? ''} ${generated}`]) {
      const found = alone.findings(sample)[0];
      if (found !== undefined && found.secret.trim().length >= 4) {
        out.push({ sample, secret: found.secret });
        break;
      }
    }
  }
  return out;
}

/** Random strings from `source` (for regexes randexp reads as they are). */
export function randexpOf(source: string, flags: string, max = 8): { gen(): string } {
  const gen = new RandExpClass(new RegExp(source, flags));
  gen.max = max;
  return gen;
}

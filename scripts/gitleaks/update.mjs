// Upgrades the pinned gitleaks release in one command:
//   node scripts/gitleaks/update.mjs --from <git dir or clone URL> --ref <tag> [--repository <URL>]
// copies config/gitleaks.toml and LICENSE at that ref into vendor/gitleaks/, writes PIN.json (the
// tag and the commit it resolves to), extracts the rules' examples into vendor/gitleaks/examples.json
// (extract-examples.mjs; a false positive only because of its path, which a log line lacks, is set
// apart), then regenerates rules.generated.ts (generate.mjs).
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parse } from 'smol-toml';
import { extractExamples } from './extract-examples.mjs';
import { format, generate, OUTPUT, ROOT } from './generate.mjs';
import { translateRe2 } from './translate-re2.mjs';

const RULES_DIR = 'cmd/generate/config/rules';

/** The command line is not usable (a missing option, a ref that is not there). */
export class UpdateError extends Error {
  /** @param {string} message */
  constructor(message) {
    super(message);
    this.name = 'UpdateError';
  }
}

/** @param {string} gitDir @param {string[]} args */
const git = (gitDir, args) =>
  execFileSync('git', ['--git-dir', gitDir, ...args], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });

/**
 * The examples of every rule of the config at `ref`, sorted by rule id (the rule files also hold
 * functions for rules the config leaves out: their examples are left out too). A false positive that
 * gitleaks tests under a path its rule's `path` does not match is one only because of that path: a
 * log line has none, so it goes to `falsePositivesOnlyByPath` instead.
 * @param {string} gitDir
 * @param {string} ref
 * @param {ReadonlyMap<string, { path?: string }>} rules the config's rules by id
 */
export function examplesAt(gitDir, ref, rules) {
  const files = git(gitDir, ['ls-tree', '--name-only', `${ref}:${RULES_DIR}`])
    .split('\n')
    .filter((f) => f.endsWith('.go') && !f.endsWith('_test.go'));
  const all = new Map();
  for (const file of files) {
    for (const [id, entry] of extractExamples(git(gitDir, ['show', `${ref}:${RULES_DIR}/${file}`]))) {
      const rule = rules.get(id);
      if (!rule) continue;
      if (all.has(id)) throw new UpdateError(`rule ${id} has examples in two functions`);
      all.set(id, forLogLines(entry, rule.path));
    }
  }
  return Object.fromEntries([...all].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * @param {import('./extract-examples.mjs').RuleExamples} entry
 * @param {string | undefined} rulePath the rule's RE2 path pattern
 */
function forLogLines(entry, rulePath) {
  const { paths, ...out } = entry;
  if (!rulePath) return out;
  const { source, flags } = translateRe2(rulePath);
  const pathRegex = new RegExp(source, flags);
  const onlyByPath = paths.falsePositives.filter(({ path }) => !pathRegex.test(path));
  if (onlyByPath.length === 0) return out;
  const falsePositives = [...out.falsePositives];
  for (const { text } of onlyByPath) falsePositives.splice(falsePositives.indexOf(text), 1);
  return { ...out, falsePositives, falsePositivesOnlyByPath: onlyByPath };
}

/**
 * @param {string[]} argv
 * @param {string} root the repository to update (tests pass a scratch copy)
 */
export function update(argv, root = ROOT) {
  const vendor = join(root, 'vendor/gitleaks');
  const { values } = parseArgs({
    args: argv,
    options: { from: { type: 'string' }, ref: { type: 'string' }, repository: { type: 'string' } },
  });
  if (!values.from || !values.ref) throw new UpdateError('usage: update.mjs --from <git dir or clone URL> --ref <tag>');
  const local = existsSync(values.from);
  let gitDir = values.from;
  let temp;
  if (!local) {
    temp = mkdtempSync(join(tmpdir(), 'gitleaks-'));
    execFileSync('git', ['clone', '--quiet', '--bare', '--depth', '1', '--branch', values.ref, values.from, temp]);
    gitDir = temp;
  } else if (existsSync(join(values.from, '.git'))) {
    gitDir = join(values.from, '.git');
  }
  try {
    const commit = git(gitDir, ['rev-parse', '--verify', `${values.ref}^{commit}`]).trim();
    const previous = JSON.parse(readFileSync(join(vendor, 'PIN.json'), 'utf8'));
    const repository = values.repository ?? (local ? previous.repository : values.from.replace(/\.git$/, ''));
    writeFileSync(join(vendor, 'gitleaks.toml'), git(gitDir, ['show', `${commit}:config/gitleaks.toml`]));
    writeFileSync(join(vendor, 'LICENSE'), git(gitDir, ['show', `${commit}:LICENSE`]));
    copyFileSync(join(vendor, 'LICENSE'), join(root, 'packages/logger-protocol/src/gitleaks/LICENSE'));
    const pin = { repository, tag: values.ref, commit };
    writeFileSync(join(vendor, 'PIN.json'), format(`${JSON.stringify(pin, null, 2)}\n`, 'vendor/gitleaks/PIN.json'));
    const config = parse(readFileSync(join(vendor, 'gitleaks.toml'), 'utf8'));
    const rules = new Map(config.rules.map((r) => [r.id, r]));
    const examples = JSON.stringify(examplesAt(gitDir, commit, rules), null, 2);
    writeFileSync(join(vendor, 'examples.json'), format(`${examples}\n`, 'vendor/gitleaks/examples.json'));
    writeFileSync(join(root, OUTPUT), generate(root));
    return pin;
  } finally {
    if (temp) rmSync(temp, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    const pin = update(process.argv.slice(2));
    console.log(`gitleaks ${pin.tag} (${pin.commit}) vendored; ${OUTPUT} regenerated`);
  } catch (error) {
    if (!(error instanceof UpdateError)) throw error;
    console.error(error.message);
    process.exitCode = 2;
  }
}

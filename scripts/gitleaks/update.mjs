// Upgrades the pinned gitleaks release in one command:
//   node scripts/gitleaks/update.mjs --from <git dir or clone URL> --ref <tag> [--repository <URL>]
// copies config/gitleaks.toml and LICENSE at that ref into vendor/gitleaks/, writes PIN.json (the
// tag and the commit it resolves to), extracts the rules' examples into vendor/gitleaks/examples.json
// (extract-examples.mjs), then regenerates rules.generated.ts (generate.mjs).
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parse } from 'smol-toml';
import { extractExamples } from './extract-examples.mjs';
import { format, generate, OUTPUT, ROOT } from './generate.mjs';

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
 * functions for rules the config leaves out: their examples are left out too).
 * @param {string} gitDir
 * @param {string} ref
 * @param {ReadonlySet<string>} ruleIds the config's rules
 */
export function examplesAt(gitDir, ref, ruleIds) {
  const files = git(gitDir, ['ls-tree', '--name-only', `${ref}:${RULES_DIR}`])
    .split('\n')
    .filter((f) => f.endsWith('.go') && !f.endsWith('_test.go'));
  const all = new Map();
  for (const file of files) {
    for (const [id, entry] of extractExamples(git(gitDir, ['show', `${ref}:${RULES_DIR}/${file}`]))) {
      if (!ruleIds.has(id)) continue;
      if (all.has(id)) throw new UpdateError(`rule ${id} has examples in two functions`);
      all.set(id, entry);
    }
  }
  return Object.fromEntries([...all].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
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
    const ruleIds = new Set(parse(readFileSync(join(vendor, 'gitleaks.toml'), 'utf8')).rules.map((r) => r.id));
    const examples = JSON.stringify(examplesAt(gitDir, commit, ruleIds), null, 2);
    writeFileSync(join(vendor, 'examples.json'), format(`${examples}\n`, 'vendor/gitleaks/examples.json'));
    writeFileSync(join(root, OUTPUT), generate(root));
    return pin;
  } finally {
    if (temp) rmSync(temp, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const pin = update(process.argv.slice(2));
  console.log(`gitleaks ${pin.tag} (${pin.commit}) vendored; ${OUTPUT} regenerated`);
}

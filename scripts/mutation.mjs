#!/usr/bin/env node
// Mutation testing of every config in stryker/, one after the other, then each one's floors
// (`scripts/check-mutation.mjs`) judged on the merged report. Runs are incremental (see
// stryker/base.mjs): only mutants in changed code, or covered by changed tests, are tested again;
// the rest come from the committed stryker/incremental/<name>.json.
//
//   node scripts/mutation.mjs            incremental (what `npm test` runs)
//   node scripts/mutation.mjs --full     every mutant again (`pnpm test:mutation:full`); rewrites
//                                        the incremental files, which are then committed
//   node scripts/mutation.mjs --only logger-protocol   one config (with either mode)
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CONFIGS = ['logger-protocol', 'event-registry', 'adapter-cloudwatch'];

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const full = args.includes('--full');
const onlyAt = args.indexOf('--only');
const only = onlyAt === -1 ? undefined : args[onlyAt + 1];
if (only !== undefined && !CONFIGS.includes(only)) {
  process.stderr.write(`--only takes one of ${CONFIGS.join(', ')}; got ${JSON.stringify(only)}\n`);
  process.exit(2);
}
const unknown = args.filter((a, i) => a !== '--full' && a !== '--only' && (onlyAt === -1 || i !== onlyAt + 1));
if (unknown.length > 0) {
  process.stderr.write(`unknown argument ${JSON.stringify(unknown[0])}: accepted are --full and --only <config>\n`);
  process.exit(2);
}

const stryker = join(root, 'node_modules', '.bin', 'stryker');
for (const name of only === undefined ? CONFIGS : [only]) {
  const config = `stryker/${name}.config.mjs`;
  const started = Date.now();
  const run = spawnSync(stryker, ['run', config, ...(full ? ['--force'] : [])], { cwd: root, stdio: 'inherit' });
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  process.stdout.write(`[mutation] ${name}: stryker ${full ? 'full' : 'incremental'} run, ${seconds} s\n`);
  if (run.status !== 0) process.exit(run.status ?? 1);
  const check = spawnSync(process.execPath, ['scripts/check-mutation.mjs', config], { cwd: root, stdio: 'inherit' });
  if (check.status !== 0) process.exit(check.status ?? 1);
}

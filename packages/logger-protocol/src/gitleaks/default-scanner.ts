// The scanner of the pinned gitleaks rules that every Redactor with the built-in rules shares,
// built on first use (compiling the rules costs a few milliseconds; a process that never redacts
// never pays it).
import { ALLOWLIST_ADDITIONS } from './allowlist-additions.js';
import type { GitleaksRule } from './rule-data.js';
import { GITLEAKS_GLOBAL_ALLOWLIST, GITLEAKS_RULES } from './rules.generated.js';
import { GitleaksScanner } from './scan.js';

let shared: GitleaksScanner | undefined;

/** The shared scanner of gitleaks' rules (GITLEAKS_RULES, the global allowlist, ALLOWLIST_ADDITIONS). */
export function defaultGitleaksScanner(): GitleaksScanner {
  shared ??= new GitleaksScanner(GITLEAKS_RULES.map(withAdditions), GITLEAKS_GLOBAL_ALLOWLIST);
  return shared;
}

function withAdditions(rule: GitleaksRule): GitleaksRule {
  const more = ALLOWLIST_ADDITIONS[rule.id];
  return more === undefined ? rule : { ...rule, allowlists: [...rule.allowlists, ...more] };
}

// Converts a parsed gitleaks config (gitleaks.toml) into the data of rule-data.ts: translated rules,
// the global allowlist, and the rules that cannot apply to a log line, each with its reason.
// A log line has no path and no commit: `paths`/`commits` are dropped from an OR allowlist (its regexes
// and stopwords still allow), an AND allowlist that needs a path or commit can never hold and is
// dropped whole; a rule with `path` and `regex` is kept and applied without its path; a path-only
// rule is untranslated.
import { Re2TranslationError, translateRe2 } from './translate-re2.mjs';

/** A gitleaks config this converter does not understand (an unknown key or a value of the wrong type). */
export class GitleaksConfigError extends Error {
  /** @param {string} message */
  constructor(message) {
    super(message);
    this.name = 'GitleaksConfigError';
  }
}

const RULE_KEYS = new Set([
  'id',
  'description',
  'regex',
  'secretGroup',
  'entropy',
  'keywords',
  'path',
  'allowlists',
  'tags',
]);
const ALLOWLIST_KEYS = new Set(['description', 'condition', 'regexTarget', 'regexes', 'stopwords', 'paths', 'commits']);

/** @param {Record<string, unknown>} obj @param {Set<string>} known @param {string} where */
function checkKeys(obj, known, where) {
  for (const key of Object.keys(obj)) {
    if (!known.has(key)) throw new GitleaksConfigError(`${where}: unknown key ${key}`);
  }
}

/**
 * @param {string} pattern
 * @param {string} where
 */
function regex(pattern, where) {
  try {
    return translateRe2(pattern);
  } catch (error) {
    if (error instanceof Re2TranslationError) throw new RuleNotTranslated(`${where}: ${error.reason}`);
    throw error;
  }
}

/** Internal: a rule that goes to the untranslated list. */
class RuleNotTranslated extends Error {}

/**
 * One allowlist as it applies to a log line, or undefined when it never can.
 * @param {Record<string, any>} list
 * @param {string} where
 */
function allowlist(list, where) {
  checkKeys(list, ALLOWLIST_KEYS, where);
  const condition = (list.condition ?? 'OR').toUpperCase();
  if (condition !== 'OR' && condition !== 'AND') throw new GitleaksConfigError(`${where}: condition ${condition}`);
  const needsPathOrCommit = (list.paths?.length ?? 0) > 0 || (list.commits?.length ?? 0) > 0;
  if (condition === 'AND' && needsPathOrCommit) return undefined;
  const regexTarget = list.regexTarget ?? 'secret';
  if (!['secret', 'match', 'line'].includes(regexTarget)) {
    throw new GitleaksConfigError(`${where}: regexTarget ${regexTarget}`);
  }
  const regexes = (list.regexes ?? []).map((p, i) => regex(p, `${where} regexes[${i}]`));
  const stopwords = (list.stopwords ?? []).map((w) => String(w).toLowerCase());
  if (regexes.length === 0 && stopwords.length === 0) return undefined;
  return { condition, regexTarget, regexes, stopwords };
}

/**
 * @param {Record<string, any>} config the parsed gitleaks.toml
 * @returns {{ rules: object[], untranslated: { id: string, reason: string }[], globalAllowlist: object }}
 */
export function convertRules(config) {
  const rules = [];
  const untranslated = [];
  for (const rule of config.rules ?? []) {
    checkKeys(rule, RULE_KEYS, `rule ${rule.id}`);
    if (rule.regex === undefined) {
      untranslated.push({
        id: rule.id,
        reason: rule.path
          ? 'a path-only rule (no regex): it matches file names, and a log line has none'
          : 'no regex and no path',
      });
      continue;
    }
    try {
      const allowlists = (rule.allowlists ?? [])
        .map((list, i) => allowlist(list, `allowlists[${i}]`))
        .filter((list) => list !== undefined);
      /** @type {Record<string, unknown>} */
      const out = {
        id: rule.id,
        description: rule.description ?? '',
        regex: regex(rule.regex, 'regex'),
      };
      if (rule.secretGroup) out.secretGroup = rule.secretGroup;
      if (rule.entropy !== undefined) out.entropy = rule.entropy;
      out.keywords = (rule.keywords ?? []).map((k) => String(k).toLowerCase());
      out.allowlists = allowlists;
      if (rule.path) out.gitleaksPath = rule.path;
      rules.push(out);
    } catch (error) {
      if (!(error instanceof RuleNotTranslated)) throw error;
      untranslated.push({ id: rule.id, reason: error.message });
    }
  }
  const global = config.allowlist ?? {};
  const { description: _, ...globalList } = global;
  const globalAllowlist = allowlist({ ...globalList, paths: undefined, commits: undefined }, 'global allowlist') ?? {
    condition: 'OR',
    regexTarget: 'secret',
    regexes: [],
    stopwords: [],
  };
  return { rules, untranslated, globalAllowlist };
}

// Applies gitleaks' rules to a string the way gitleaks' detector does (detect/detect.go at the
// pinned release): the keywords decide which rules run, each match's secret is its `secretGroup`
// (else the first non-empty group, else the match), a secret at or under the rule's entropy is
// kept, and so is one the global allowlist or the rule's allowlists allow. Only the secret is
// censored; the key and the rest of the line stay. gitleaks' `gitleaks:allow` comment is not
// honoured: a logged string must not be able to switch redaction off.
import { censoredPart } from './censored-part.js';
import { shannonEntropy } from './entropy.js';
import { KeywordIndex, wordsPattern } from './keyword-index.js';
import { minMatchLength } from './min-length.js';
import type { GitleaksAllowlist, GitleaksRule } from './rule-data.js';

/** One secret found: the rule, the secret and where the part of it to censor stands in the string. */
export interface GitleaksFinding {
  readonly ruleId: string;
  /** The part to censor: the secret without the quotes around it or a data key before it (censored-part.ts). */
  readonly start: number;
  readonly end: number;
  /** The secret as gitleaks reports it (its secret group). */
  readonly secret: string;
  /** The whole match the secret is part of (gitleaks' `Match`, newlines around it trimmed). */
  readonly match: string;
}

interface CompiledAllowlist {
  readonly and: boolean;
  readonly target: GitleaksAllowlist['regexTarget'];
  readonly regexes: readonly RegExp[];
  // The stopwords as one case-insensitive regex; undefined when there are none.
  readonly stopwords: RegExp | undefined;
}

// The lazy identifier prefix of gitleaks' semi-generic rules (utils/generate.go `identifierPrefix`):
// tried at every position, it costs up to 50 steps per character before the regex can fail. It is
// cut off and found again by hand (see #finding): the rest of the regex starts with the identifier,
// whose first characters the regex engine skips to.
const IDENTIFIER_PREFIX = '[\\w\\-.]{0,50}?';
const PREFIX_LIMIT = 50;

const HEX_RUN = /^[\dA-Fa-f-]+$/;

// A run to the end of the line (`[^\n]*`, in the curl rules: from `curl` to its `-H` or `-u`) is
// bounded to 1,024 characters: unbounded, a line of many `curl` words costs the square of its
// length (a backtracking engine tries each to the end of the line; RE2 does not backtrack).
const LINE_RUN = /\[\^\\n\]\*/g;
const BOUNDED_LINE_RUN = '[^\\n]{0,1024}';

interface CompiledRule {
  readonly id: string;
  // The regex without IDENTIFIER_PREFIX when `prefixed`.
  readonly regex: RegExp;
  readonly prefixed: boolean;
  // The same regex, sticky and with group indices (`d` slows every search: used only on a match).
  readonly indexed: RegExp;
  readonly secretGroup: number;
  readonly entropy: number | undefined;
  readonly allowlists: readonly CompiledAllowlist[];
}

type GroupIndices = readonly (readonly [number, number] | undefined)[];

// The rules that fit in strings of at least `minLength` characters, and their keywords' index.
interface Tier {
  readonly minLength: number;
  readonly rules: readonly number[];
  index: KeywordIndex | undefined;
}

/** gitleaks' rules compiled once, applied to strings. */
export class GitleaksScanner {
  readonly #rules: readonly CompiledRule[];
  readonly #global: readonly CompiledAllowlist[];
  readonly #keywords: readonly (readonly string[])[];
  // Longest first: a string meets the first tier it is long enough for.
  readonly #tiers: readonly Tier[];
  // The identifiers of the semi-generic rules (`(?:typeform)`, `(?:new-relic|newrelic|new_relic)`).
  readonly #identifiers: readonly RegExp[];
  // For strings of hex digits and dashes (trace ids, UUIDs, digests): only the rules that have a
  // keyword made of those characters (or none) can run on them.
  readonly #hexTier: Tier;

  constructor(rules: readonly GitleaksRule[], globalAllowlist?: GitleaksAllowlist) {
    this.#rules = rules.map((r) => {
      const prefixed =
        r.regex.source.startsWith(IDENTIFIER_PREFIX) && !hasTopLevelBar(r.regex.source.slice(IDENTIFIER_PREFIX.length));
      const source = (prefixed ? r.regex.source.slice(IDENTIFIER_PREFIX.length) : r.regex.source).replace(
        LINE_RUN,
        BOUNDED_LINE_RUN,
      );
      return {
        id: r.id,
        regex: new RegExp(source, `${r.regex.flags}g`),
        prefixed,
        indexed: new RegExp(source, `${r.regex.flags}yd`),
        secretGroup: r.secretGroup ?? 0,
        entropy: r.entropy,
        allowlists: r.allowlists.map(compileAllowlist),
      };
    });
    this.#global = globalAllowlist === undefined ? [] : [compileAllowlist(globalAllowlist)];
    this.#keywords = rules.map((r) => r.keywords);
    this.#identifiers = rules.flatMap((r) => {
      if (!r.regex.source.startsWith(IDENTIFIER_PREFIX)) return [];
      const group = leadingGroup(r.regex.source.slice(IDENTIFIER_PREFIX.length));
      return group === undefined ? [] : [new RegExp(group, r.regex.flags)];
    });
    const lengths = rules.map((r) => minMatchLength(r.regex.source));
    this.#tiers = [...new Set(lengths)]
      .sort((a, b) => b - a)
      .map((minLength) => ({
        minLength,
        rules: lengths.flatMap((length, rule) => (length <= minLength ? [rule] : [])),
        index: undefined,
      }));
    this.#hexTier = {
      minLength: Math.min(...lengths),
      rules: rules.flatMap((r, i) => (r.keywords.length === 0 || r.keywords.some((k) => HEX_RUN.test(k)) ? [i] : [])),
      index: undefined,
    };
  }

  /** False only when no rule can match `text` (it is too short for them, or holds none of their keywords). */
  mayMatch(text: string): boolean {
    const tier = this.#tierFor(text);
    return tier !== undefined && this.#indexOf(tier).mayMatch(text);
  }

  #tierFor(text: string): Tier | undefined {
    const length = text.length;
    for (const tier of this.#tiers) {
      // Stryker disable next-line ConditionalExpression: a fast path; the hex tier holds every rule that can run on such a string
      if (length >= tier.minLength) return HEX_RUN.test(text) ? this.#hexTier : tier;
    }
    return undefined;
  }

  #indexOf(tier: Tier): KeywordIndex {
    tier.index ??= new KeywordIndex(tier.rules.map((r) => this.#keywords[r] as readonly string[]));
    return tier.index;
  }

  /** Every secret the rules find in `text`, in rule order. */
  findings(text: string): GitleaksFinding[] {
    const found: GitleaksFinding[] = [];
    const tier = this.#tierFor(text);
    if (tier === undefined) return found;
    for (const local of this.#indexOf(tier).rulesFor(text)) {
      const rule = this.#rules[tier.rules[local] as number] as CompiledRule;
      const regex = rule.regex;
      regex.lastIndex = 0;
      let end = 0;
      for (let m = regex.exec(text); m !== null; m = regex.exec(text)) {
        const start = rule.prefixed ? prefixStart(text, m.index, end) : m.index;
        end = m.index + m[0].length;
        if (end === start) {
          regex.lastIndex++;
          continue;
        }
        const finding = this.#finding(rule, m, start, text);
        if (finding !== undefined) found.push(finding);
      }
    }
    return found;
  }

  /** `text` with every secret the rules find replaced by `censor(secret)`; `text` itself when none. */
  redact(text: string, censor: (secret: string) => string): string {
    return censorSpans(text, this.findings(text), censor);
  }

  /**
   * `value` (a string under `key`) with the secrets the rules find in `key=value` censored: a rule
   * that needs the vendor's name before the value (`heroku`, `datadog`) reads the key as that name.
   * Only the value's part of a finding is censored.
   */
  redactUnder(key: string, value: string, censor: (secret: string) => string): string {
    const head = `${key}=`;
    // The value's own findings too: censoring a key-read finding first could take away the
    // context (a keyword inside it) one of them needs.
    const spans: { start: number; end: number }[] = this.findings(value);
    for (const f of this.findings(head + value)) {
      if (f.end > head.length)
        spans.push({ start: Math.max(f.start, head.length) - head.length, end: f.end - head.length });
    }
    return censorSpans(value, spans, censor);
  }

  /** True when `key` may name a secret's vendor: it holds a rule's keyword or a semi-generic rule's identifier. */
  namesVendor(key: string): boolean {
    return this.#indexOf(this.#tiers[0] as Tier).mayMatch(key) || this.#identifiers.some((r) => r.test(key));
  }

  #finding(rule: CompiledRule, m: RegExpExecArray, start: number, text: string): GitleaksFinding | undefined {
    // gitleaks trims newlines around the match (detect.go: strings.Trim(match, "\n")).
    let matchStart = start;
    let matchEnd = m.index + m[0].length;
    while (matchStart < matchEnd && text.charCodeAt(matchStart) === 10) matchStart++;
    while (matchEnd > matchStart && text.charCodeAt(matchEnd - 1) === 10) matchEnd--;
    let span: readonly [number, number] = [matchStart, matchEnd];
    if (m.length > 1) {
      rule.indexed.lastIndex = m.index;
      const again = rule.indexed.exec(text) as (RegExpExecArray & { indices: GroupIndices }) | null;
      // Stryker disable next-line OptionalChaining: the same regex at the same index matches again
      const indices: GroupIndices = again?.indices ?? [];
      if (rule.secretGroup > 0) {
        if (m.length <= rule.secretGroup) return undefined;
        span = indices[rule.secretGroup] ?? [matchStart, matchStart];
      } else {
        for (let g = 1; g < m.length; g++) {
          const group = indices[g];
          if (group !== undefined && group[1] > group[0]) {
            span = group;
            break;
          }
        }
      }
    }
    const secret = text.slice(span[0], span[1]);
    if (rule.entropy !== undefined && shannonEntropy(secret) <= rule.entropy) return undefined;
    const match = text.slice(matchStart, matchEnd);
    const line = lineAround(text, matchStart, matchEnd);
    for (const list of [this.#global, rule.allowlists]) {
      for (const a of list) if (isAllowed(a, secret, match, line)) return undefined;
    }
    const [from, to] = censoredPart(rule.id, secret);
    if (from >= to) return undefined;
    return { ruleId: rule.id, start: span[0] + from, end: span[0] + to, secret, match };
  }
}

/**
 * Where the match of a prefixed rule starts when the rest of its regex matched at `at`: as far
 * back as the lazy prefix reaches (50 characters of `[\w.-]`), but not into the previous match
 * (ending at `floor`). The full regex tries each start from the left and, from it, each prefix
 * length from 0; the first start that reaches a position where the rest matches is this one, and
 * the first position it reaches is `at` (no earlier position lets the rest match).
 */
function prefixStart(text: string, at: number, floor: number): number {
  const limit = Math.max(floor, at - PREFIX_LIMIT);
  let start = at;
  while (start > limit && isPrefixChar(text.charCodeAt(start - 1))) start--;
  return start;
}

// The group `source` starts with (`(?:a|b)` of `(?:a|b)x`), or undefined when it starts otherwise.
function leadingGroup(source: string): string | undefined {
  if (source[0] !== '(') return undefined;
  const end = topLevel(source, ')');
  return end === -1 ? undefined : source.slice(0, end + 1);
}

// True when `source` is an alternation at its top level (`a|b`, not `(?:a|b)` or `[|]`): then a
// prefix in front of it belongs to the first alternative only.
function hasTopLevelBar(source: string): boolean {
  return topLevel(source, '|') !== -1;
}

// The index of the first `target` (`|`, or the `)` that closes a group opened at 0) outside
// character classes and escapes at nesting depth 0 once read; -1 when there is none.
function topLevel(source: string, target: '|' | ')'): number {
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0 && target === ')') return i;
    else if (c === '|' && depth === 0 && target === '|') return i;
  }
  return -1;
}

// [\w.-]: ASCII letters, digits, `_`, `.` and `-`.
function isPrefixChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 46 || c === 45;
}

/** `text` with each span censored; overlapping spans (two rules on one token) are censored once, as one. */
function censorSpans(
  text: string,
  spans: { readonly start: number; readonly end: number }[],
  censor: (secret: string) => string,
): string {
  if (spans.length === 0) return text;
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  let out = '';
  let at = 0;
  let { start, end } = spans[0] as { start: number; end: number };
  for (const f of spans) {
    if (f.start < end) {
      end = Math.max(end, f.end);
      continue;
    }
    out += text.slice(at, start) + censor(text.slice(start, end));
    at = end;
    start = f.start;
    end = f.end;
  }
  return out + text.slice(at, start) + censor(text.slice(start, end)) + text.slice(end);
}

function compileAllowlist(a: GitleaksAllowlist): CompiledAllowlist {
  return {
    and: a.condition === 'AND',
    target: a.regexTarget,
    regexes: a.regexes.map((r) => new RegExp(r.source, r.flags)),
    stopwords: a.stopwords.length > 0 ? new RegExp(wordsPattern(a.stopwords), 'i') : undefined,
  };
}

// config/allowlist.go and detect.go `checkFindingAllowed`: with OR, a regex or a stopword allows;
// with AND, every kind the allowlist has must allow (commits and paths never apply to a log line).
function isAllowed(a: CompiledAllowlist, secret: string, match: string, line: string): boolean {
  const target = a.target === 'match' ? match : a.target === 'line' ? line : secret;
  const regexAllowed = target !== '' && a.regexes.some((r) => r.test(target));
  const stopword = secret !== '' && a.stopwords !== undefined && a.stopwords.test(secret);
  if (!a.and) return regexAllowed || stopword;
  const checks: boolean[] = [];
  if (a.regexes.length > 0) checks.push(regexAllowed);
  if (a.stopwords !== undefined) checks.push(stopword);
  return checks.length > 0 && checks.every(Boolean);
}

function lineAround(text: string, start: number, end: number): string {
  const from = text.lastIndexOf('\n', start - 1) + 1;
  const to = text.indexOf('\n', end);
  return text.slice(from, to === -1 ? text.length : to);
}

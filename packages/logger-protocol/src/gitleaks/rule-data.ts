// The shape of gitleaks' rules once translated to JavaScript. The data itself is generated from the
// pinned `vendor/gitleaks/gitleaks.toml` by `scripts/gitleaks/generate.mjs` into
// rules.generated.ts (gitleaks is MIT licensed: its licence text is LICENSE beside this file).

/** A regular expression as JavaScript source and flags (never `g`/`y`: the scanner adds what it needs). */
export interface RegexSource {
  readonly source: string;
  /** `''`, or `'i'` when gitleaks' pattern was case-insensitive as a whole. */
  readonly flags: string;
}

/**
 * One gitleaks allowlist: a finding it allows is not a secret. Commits and paths do not apply to a
 * log line (an allowlist that needs them to hold is dropped by the generator).
 */
export interface GitleaksAllowlist {
  /** `'OR'`: any regex or stopword allows; `'AND'`: every kind present must allow. */
  readonly condition: 'OR' | 'AND';
  /** What `regexes` are tested against: the secret (default), the whole match or the line. */
  readonly regexTarget: 'secret' | 'match' | 'line';
  readonly regexes: readonly RegexSource[];
  /** Lower-case words: a secret that contains one (compared lower case) is allowed. */
  readonly stopwords: readonly string[];
}

/** One translated rule. */
export interface GitleaksRule {
  readonly id: string;
  readonly description: string;
  readonly regex: RegexSource;
  /** The capture group that holds the secret; 0 or absent: the first non-empty group, else the match. */
  readonly secretGroup?: number;
  /** Shannon entropy (bits per character) the secret must exceed; absent: no check. */
  readonly entropy?: number;
  /** Lower-case literals, one of which a string must contain for the rule to run. */
  readonly keywords: readonly string[];
  readonly allowlists: readonly GitleaksAllowlist[];
}

/** A rule of the pinned file that is not applied, and why. */
export interface UntranslatedRule {
  readonly id: string;
  readonly reason: string;
}

/** The pinned gitleaks release the data comes from. */
export interface GitleaksRelease {
  readonly repository: string;
  readonly tag: string;
  readonly commit: string;
}

// Translates a Go RE2 pattern (gitleaks' rule syntax) into a JavaScript RegExp source and flags that
// Node 20 compiles without the `u` flag and that matches what RE2 matches (leftmost-first in both).
//
// It tokenizes the pattern (escapes, character classes, groups with a flag stack) and emits JavaScript
// for each token under the flags in force there:
// - `i`: the result has flag `i` when every atom whose match depends on case is case-insensitive in RE2
//   (`(?i)...` as a whole); otherwise it has no flag and each letter in case-insensitive scope becomes
//   a class of its cases (`a` -> `[aA]`, `[a-z]` -> `[a-zA-Z]`): Node 20 has no `(?i:...)`.
// - `s`: `.` becomes `[\s\S]`, else `[^\n]` (RE2's `.` excludes only `\n`, JavaScript's also `\r`,
//   U+2028 and U+2029). `m`: `^`/`$` become lookarounds at `\n`. `U`: greedy and lazy swap.
// - RE2's `\s` is `[\t\n\f\r ]` (JavaScript's is wider): written out. `\A` -> `^`, `\z` -> `(?![\s\S])`,
//   `(?P<name>` -> `(?<name>`, POSIX classes `[[:alnum:]]` expanded, `\Q...\E` quoted.
// Known limits, none of which gitleaks' rules depend on: RE2 matches code points, JavaScript without
// `u` matches UTF-16 code units (`.` matches half of an astral character); case-insensitive letters
// match what JavaScript's flag `i` matches without `u`, in both modes (RE2 also folds U+017F to s,
// U+212A to k and U+1E9E to U+00DF, which JavaScript's `i` does not).
// Anything that cannot be translated faithfully throws a Re2TranslationError with the reason.

/** A Go RE2 pattern that cannot be translated; `reason` says why, `index` where (in the pattern). */
export class Re2TranslationError extends Error {
  /**
   * @param {string} reason
   * @param {string} pattern
   * @param {number} index
   */
  constructor(reason, pattern, index) {
    super(`${reason} at ${index} in ${JSON.stringify(pattern)}`);
    this.name = 'Re2TranslationError';
    this.reason = reason;
    this.pattern = pattern;
    this.index = index;
  }
}

const MAX_UNIT = 0xffff;

/** @typedef {Array<[number, number]>} Ranges sorted, disjoint, inclusive code-unit ranges */

/** @param {string} s @returns {Ranges} */
const chars = (s) => [...s].map((c) => [c.charCodeAt(0), c.charCodeAt(0)]);
const r = (a, b) => [a.charCodeAt(0), b.charCodeAt(0)];

/** @param {Ranges} ranges @returns {Ranges} */
function normalize(ranges) {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  /** @type {Ranges} */
  const out = [];
  for (const [lo, hi] of sorted) {
    const last = out[out.length - 1];
    if (last && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else out.push([lo, hi]);
  }
  return out;
}

/** @param {Ranges} ranges @returns {Ranges} */
function complement(ranges) {
  /** @type {Ranges} */
  const out = [];
  let next = 0;
  for (const [lo, hi] of normalize(ranges)) {
    if (lo > next) out.push([next, lo - 1]);
    next = hi + 1;
  }
  if (next <= MAX_UNIT) out.push([next, MAX_UNIT]);
  return out;
}

const DIGIT = [r('0', '9')];
const WORD = [r('0', '9'), r('A', 'Z'), r('_', '_'), r('a', 'z')];
/** RE2's `\s`: ASCII whitespace without `\v`. */
const SPACE = chars('\t\n\f\r ');

/** @type {Record<string, Ranges>} RE2's POSIX classes (ASCII). */
const POSIX = {
  alnum: [r('0', '9'), r('A', 'Z'), r('a', 'z')],
  alpha: [r('A', 'Z'), r('a', 'z')],
  ascii: [[0, 0x7f]],
  blank: chars('\t '),
  cntrl: [
    [0, 0x1f],
    [0x7f, 0x7f],
  ],
  digit: DIGIT,
  graph: [[0x21, 0x7e]],
  lower: [r('a', 'z')],
  print: [[0x20, 0x7e]],
  punct: [
    [0x21, 0x2f],
    [0x3a, 0x40],
    [0x5b, 0x60],
    [0x7b, 0x7e],
  ],
  space: chars('\t\n\v\f\r '),
  upper: [r('A', 'Z')],
  word: WORD,
  xdigit: [r('0', '9'), r('A', 'F'), r('a', 'f')],
};

/**
 * JavaScript's case-insensitive canonical form of a code unit without the `u` flag (ECMA-262
 * Canonicalize): its upper case when that is one code unit and does not turn non-ASCII into ASCII.
 */
function canonicalize(unit) {
  const upper = String.fromCharCode(unit).toUpperCase();
  if (upper.length !== 1) return unit;
  const c = upper.charCodeAt(0);
  return unit >= 128 && c < 128 ? unit : c;
}

/** @type {Map<number, number[]> | undefined} the code units of each canonical form that has several */
let classesByCanonical;

/** The other code units that flag `i` (without `u`) matches for this one. */
function otherCases(unit) {
  if (!classesByCanonical) {
    classesByCanonical = new Map();
    for (let u = 0; u <= MAX_UNIT; u++) {
      const c = canonicalize(u);
      if (c === u && String.fromCharCode(u).toLowerCase() === String.fromCharCode(u)) continue;
      const list = classesByCanonical.get(c) ?? [];
      list.push(u);
      classesByCanonical.set(c, list);
    }
  }
  const members = new Set([...(classesByCanonical.get(canonicalize(unit)) ?? []), canonicalize(unit)]);
  members.delete(unit);
  return [...members];
}

/** @param {Ranges} ranges @returns {Ranges} the ranges closed under case folding */
function fold(ranges) {
  /** @type {Ranges} */
  const extra = [];
  for (const [lo, hi] of ranges) {
    for (let u = lo; u <= hi; u++) for (const v of otherCases(u)) extra.push([v, v]);
  }
  return normalize([...ranges, ...extra]);
}

/** @param {Ranges} a @param {Ranges} b */
const sameRanges = (a, b) => a.length === b.length && a.every(([lo, hi], i) => lo === b[i][0] && hi === b[i][1]);

/** A code unit as JavaScript regex source (inside a class when `inClass`). */
function unitSource(unit, inClass) {
  const c = String.fromCharCode(unit);
  const named = { 9: '\\t', 10: '\\n', 11: '\\v', 12: '\\f', 13: '\\r' }[unit];
  if (named) return named;
  if (unit < 0x20 || unit === 0x7f) return `\\x${unit.toString(16).padStart(2, '0')}`;
  if (unit > 0x7e) return unit <= 0xff ? `\\x${unit.toString(16)}` : `\\u${unit.toString(16).padStart(4, '0')}`;
  const special = inClass ? '\\]^-[' : '\\^$.*+?()[]{}|';
  return special.includes(c) ? `\\${c}` : c;
}

/** @param {Ranges} a @param {Ranges} b whether every unit of b is in a */
const contains = (a, b) => b.every(([lo, hi]) => a.some(([l, h]) => l <= lo && hi <= h));

/** @param {Ranges} a @param {Ranges} b @returns {Ranges} a without b */
const subtract = (a, b) => complement([...complement(a), ...b]);

/** The familiar parts of a class first, written as usual (`\w`, `0-9`, `A-Z`, `a-z`), then the rest. */
const CLASS_PARTS = [
  ['\\w', WORD],
  ['0-9', DIGIT],
  ['A-Z', [r('A', 'Z')]],
  ['a-z', [r('a', 'z')]],
];

/** @param {Ranges} ranges @param {boolean} negated */
function classSource(ranges, negated) {
  let body = '';
  let rest = ranges;
  for (const [text, part] of CLASS_PARTS) {
    if (contains(rest, part)) {
      body += text;
      rest = subtract(rest, part);
    }
  }
  for (const [lo, hi] of rest) {
    if (lo === hi) body += unitSource(lo, true);
    else if (hi === lo + 1) body += unitSource(lo, true) + unitSource(hi, true);
    else body += `${unitSource(lo, true)}-${unitSource(hi, true)}`;
  }
  return `[${negated ? '^' : ''}${body}]`;
}

/**
 * @typedef {{ i: boolean, s: boolean, m: boolean, U: boolean }} Flags
 * @typedef {{ kind: 'set', ranges: Ranges, negated: boolean, flags: Flags }
 *   | { kind: 'raw', source: string }
 *   | { kind: 'anchor', which: '^' | '$', flags: Flags }
 *   | { kind: 'dot', flags: Flags }
 *   | { kind: 'quant', source: string, lazy: boolean, flags: Flags }} Token
 */

/**
 * Tokenizes an RE2 pattern into tokens that carry the flags in force where they stand.
 * @param {string} pattern
 * @returns {Token[]}
 */
function tokenize(pattern) {
  /** @type {Token[]} */
  const tokens = [];
  let flags = { i: false, s: false, m: false, U: false };
  /** @type {Flags[]} */
  const stack = [];
  const names = new Set();
  let pos = 0;
  let atomBefore = false; // whether a quantifier has something to repeat
  const fail = (reason, at = pos) => {
    throw new Re2TranslationError(reason, pattern, at);
  };
  const set = (ranges, negated = false) => {
    tokens.push({ kind: 'set', ranges: normalize(ranges), negated, flags });
    atomBefore = true;
  };

  /** Reads an escape after `\` at pos; returns ranges for a class member or an emitted token. */
  const readEscape = (inClass) => {
    const start = pos - 1;
    const c = pattern[pos++];
    if (c === undefined) fail('trailing backslash', start);
    const simple = { a: 7, f: 12, t: 9, n: 10, r: 13, v: 11 }[c];
    if (simple !== undefined) return { ranges: [[simple, simple]] };
    if (c === 'd') return { ranges: DIGIT };
    if (c === 'D') return { ranges: complement(DIGIT) };
    if (c === 'w') return { ranges: WORD };
    if (c === 'W') return { ranges: complement(WORD) };
    if (c === 's') return { ranges: SPACE };
    if (c === 'S') return { ranges: complement(SPACE) };
    if (c === 'x') {
      let hex;
      if (pattern[pos] === '{') {
        const end = pattern.indexOf('}', pos);
        if (end === -1) fail('unterminated \\x{', start);
        hex = pattern.slice(pos + 1, end);
        pos = end + 1;
      } else {
        hex = pattern.slice(pos, pos + 2);
        pos += 2;
      }
      if (!/^[0-9a-fA-F]{1,8}$/.test(hex)) fail('bad \\x escape', start);
      const unit = Number.parseInt(hex, 16);
      if (unit > MAX_UNIT) fail('a code point above U+FFFF needs the u flag', start);
      return { ranges: [[unit, unit]] };
    }
    if (c >= '0' && c <= '7') {
      if (c !== '0' && !/[0-7]/.test(pattern[pos] ?? '')) fail('backreferences are not RE2', start);
      let digits = c;
      while (digits.length < 3 && /[0-7]/.test(pattern[pos] ?? '')) digits += pattern[pos++];
      const unit = Number.parseInt(digits, 8);
      return { ranges: [[unit, unit]] };
    }
    if (c === 'p' || c === 'P') fail('Unicode classes (\\p) need the u flag', start);
    if (c === 'C') fail('\\C (any byte) has no JavaScript equivalent', start);
    if (!inClass) {
      if (c === 'b' || c === 'B') return { token: { kind: 'raw', source: `\\${c}` }, atom: false };
      if (c === 'A') return { token: { kind: 'raw', source: '^' }, atom: false };
      if (c === 'z') return { token: { kind: 'raw', source: '(?![\\s\\S])' }, atom: false };
    }
    if (/[0-9A-Za-z_]/.test(c)) fail(`unknown escape \\${c}`, start);
    return { ranges: [[c.charCodeAt(0), c.charCodeAt(0)]] };
  };

  const readClass = () => {
    const start = pos - 1;
    let negated = false;
    if (pattern[pos] === '^') {
      negated = true;
      pos++;
    }
    /** @type {Ranges} */
    const ranges = [];
    let first = true;
    while (true) {
      if (pos >= pattern.length) fail('unterminated character class', start);
      const c = pattern[pos];
      if (c === ']' && !first) {
        pos++;
        break;
      }
      first = false;
      if (c === '[' && pattern[pos + 1] === ':') {
        const end = pattern.indexOf(':]', pos + 2);
        if (end !== -1) {
          let name = pattern.slice(pos + 2, end);
          const neg = name.startsWith('^');
          if (neg) name = name.slice(1);
          const posix = POSIX[name];
          if (!posix) fail(`unknown POSIX class [:${name}:]`, pos);
          ranges.push(...(neg ? complement(posix) : posix));
          pos = end + 2;
          continue;
        }
      }
      /** @type {number} */
      let lo;
      pos++;
      if (c === '\\') {
        const esc = readEscape(true);
        if (esc.ranges.length !== 1 || esc.ranges[0][0] !== esc.ranges[0][1] || pattern[pos] !== '-') {
          ranges.push(...esc.ranges);
          continue;
        }
        lo = esc.ranges[0][0];
      } else {
        lo = c.charCodeAt(0);
      }
      if (pattern[pos] === '-' && pattern[pos + 1] !== ']' && pos + 1 < pattern.length) {
        pos++;
        let hi;
        if (pattern[pos] === '\\') {
          pos++;
          const esc = readEscape(true);
          if (esc.ranges.length !== 1 || esc.ranges[0][0] !== esc.ranges[0][1]) fail('bad range end', pos);
          hi = esc.ranges[0][0];
        } else {
          hi = pattern.charCodeAt(pos++);
        }
        if (hi < lo) fail('bad character class range', pos);
        ranges.push([lo, hi]);
      } else {
        ranges.push([lo, lo]);
      }
    }
    set(ranges, negated);
  };

  /** Parses a flag string such as `i`, `-i`, `is-m`; returns the new flags. */
  const applyFlags = (text, at) => {
    const next = { ...flags };
    if (text.endsWith('-')) fail('bad flag syntax', at);
    let on = true;
    for (const f of text) {
      if (f === '-') {
        if (!on) fail('bad flag syntax', at);
        on = false;
      } else if (f === 'i' || f === 's' || f === 'm' || f === 'U') next[f] = on;
      else fail(`unknown flag ${f}`, at);
    }
    return next;
  };

  while (pos < pattern.length) {
    const start = pos;
    const c = pattern[pos++];
    if (c === '\\') {
      if (pattern[pos] === 'Q') {
        pos++;
        const end = pattern.indexOf('\\E', pos);
        const text = end === -1 ? pattern.slice(pos) : pattern.slice(pos, end);
        pos = end === -1 ? pattern.length : end + 2;
        for (const ch of text) set([[ch.charCodeAt(0), ch.charCodeAt(0)]]);
        continue;
      }
      const esc = readEscape(false);
      if (esc.token) {
        tokens.push(esc.token);
        atomBefore = esc.atom;
      } else set(esc.ranges);
    } else if (c === '[') {
      readClass();
    } else if (c === '.') {
      tokens.push({ kind: 'dot', flags });
      atomBefore = true;
    } else if (c === '^' || c === '$') {
      tokens.push({ kind: 'anchor', which: c, flags });
      atomBefore = false;
    } else if (c === '|') {
      tokens.push({ kind: 'raw', source: '|' });
      atomBefore = false;
    } else if (c === '(') {
      if (pattern[pos] === '?') {
        const rest = pattern.slice(pos + 1);
        if (/^(?:=|!|<=|<!)/.test(rest)) fail('lookarounds are not RE2', start);
        const named = /^P?<([^>]*)>/.exec(rest);
        const flagged = /^([a-zA-Z-]*)([:)])/.exec(rest);
        if (named) {
          const name = named[1];
          if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) fail(`group name ${JSON.stringify(name)} is not valid`, start);
          if (names.has(name)) fail(`duplicate group name ${name}`, start);
          names.add(name);
          pos += 1 + named[0].length;
          stack.push(flags);
          tokens.push({ kind: 'raw', source: `(?<${name}>` });
          atomBefore = false;
        } else if (flagged) {
          pos += 1 + flagged[0].length;
          const next = applyFlags(flagged[1], start);
          if (flagged[2] === ')') {
            if (flagged[1] === '') fail('missing flags in (?)', start);
            flags = next; // to the end of the enclosing group
            atomBefore = false;
          } else {
            stack.push(flags);
            flags = next;
            tokens.push({ kind: 'raw', source: '(?:' });
            atomBefore = false;
          }
        } else {
          fail(`group syntax (?${pattern[pos + 1] ?? ''} is not RE2`, start);
        }
      } else {
        stack.push(flags);
        tokens.push({ kind: 'raw', source: '(' });
        atomBefore = false;
      }
    } else if (c === ')') {
      const outer = stack.pop();
      if (!outer) fail('unmatched )', start);
      flags = outer;
      tokens.push({ kind: 'raw', source: ')' });
      atomBefore = true;
    } else if (c === '*' || c === '+' || c === '?' || (c === '{' && /^\d+(,\d*)?\}/.test(pattern.slice(pos)))) {
      if (!atomBefore) fail('missing argument to repetition operator', start);
      let source = c;
      if (c === '{') {
        const end = pattern.indexOf('}', pos);
        source = pattern.slice(start, end + 1);
        pos = end + 1;
        const [min, max] = source.slice(1, -1).split(',');
        if (Number(min) > 1000 || (max && Number(max) > 1000)) fail('repeat count above 1000', start);
        if (max && Number(max) < Number(min)) fail('bad repeat range', start);
      }
      let lazy = false;
      if (pattern[pos] === '?') {
        lazy = true;
        pos++;
      }
      if (pos < pattern.length && '*+?{'.includes(pattern[pos])) {
        if (pattern[pos] !== '{' || /^\{\d+(,\d*)?\}/.test(pattern.slice(pos))) fail('bad repetition operator', pos);
      }
      tokens.push({ kind: 'quant', source, lazy, flags });
      atomBefore = false;
    } else {
      const unit = pattern.charCodeAt(start);
      if (unit >= 0xd800 && unit <= 0xdbff) fail('an astral character needs the u flag', start);
      set([[unit, unit]]);
    }
  }
  if (stack.length > 0) fail('missing )', pattern.length);
  return tokens;
}

/**
 * Translates one RE2 pattern.
 * @param {string} pattern
 * @returns {{ source: string, flags: '' | 'i' }}
 */
export function translateRe2(pattern) {
  const tokens = tokenize(pattern);
  // Flag `i` holds when no atom that case affects is outside case-insensitive scope.
  const caseMatters = (t) => t.kind === 'set' && !sameRanges(fold(t.ranges), t.ranges);
  const sets = tokens.filter(caseMatters);
  const wholeI = sets.length > 0 && sets.every((t) => t.flags.i);
  let source = '';
  for (const t of tokens) {
    if (t.kind === 'raw') source += t.source;
    else if (t.kind === 'dot') source += t.flags.s ? '[\\s\\S]' : '[^\\n]';
    else if (t.kind === 'anchor') {
      if (!t.flags.m) source += t.which;
      else source += t.which === '^' ? '(?<![^\\n])' : '(?![^\\n])';
    } else if (t.kind === 'quant') {
      source += t.source + (t.lazy !== t.flags.U ? '?' : '');
    } else {
      const ranges = t.flags.i && !wholeI ? fold(t.ranges) : t.ranges;
      const single = ranges.length === 1 && ranges[0][0] === ranges[0][1];
      if (single && !t.negated) source += unitSource(ranges[0][0], false);
      else source += shorthand(ranges, t.negated) ?? classSource(ranges, t.negated);
    }
  }
  const flags = wholeI ? 'i' : '';
  try {
    new RegExp(source, flags);
  } catch (error) {
    throw new Re2TranslationError(`JavaScript rejects the translation: ${error.message}`, pattern, 0);
  }
  return { source, flags };
}

/** `\d`, `\w` and their negations where the set is exactly one (they mean the same in JavaScript). */
function shorthand(ranges, negated) {
  for (const [name, set] of [
    ['d', DIGIT],
    ['w', WORD],
  ]) {
    if (sameRanges(ranges, normalize(set))) return negated ? `\\${name.toUpperCase()}` : `\\${name}`;
    if (!negated && sameRanges(ranges, complement(set))) return `\\${name.toUpperCase()}`;
  }
  if (!negated && sameRanges(ranges, [[0, MAX_UNIT]])) return '[\\s\\S]';
  if (!negated && sameRanges(ranges, complement(SPACE))) return '[^\\t\\n\\f\\r ]';
  return undefined;
}

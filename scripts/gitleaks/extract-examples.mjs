// Extracts the examples gitleaks tests each rule with from its Go rule files
// (cmd/generate/config/rules/*.go): the string literals of `tps` (true positives) and `fps` (false
// positives) per RuleID. A literal is a Go interpreted "..." or raw `...` string, or a `+` of them;
// an element that is any other expression (a generated secret, a call) is skipped and counted.
// For the rules validated with paths, the lists are maps of path to content: the content is taken,
// and the path is kept beside it (`paths`).

/** A Go source this extractor cannot read (an unterminated literal, a bad escape). */
export class GoSourceError extends Error {
  /** @param {string} message */
  constructor(message) {
    super(message);
    this.name = 'GoSourceError';
  }
}

/**
 * @typedef {{ kind: 'string', value: string } | { kind: 'other', text: string }} GoToken
 */

/** Decodes the body of a Go interpreted string literal ("..." without the quotes). */
export function decodeGoString(body) {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = body[++i];
    const simple = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', '"': '"', "'": "'" }[
      e
    ];
    if (simple !== undefined) {
      out += simple;
    } else if (e === 'x' || e === 'u' || e === 'U') {
      const n = { x: 2, u: 4, U: 8 }[e];
      const hex = body.slice(i + 1, i + 1 + n);
      if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== n) throw new GoSourceError(`bad \\${e} escape`);
      // \x is a byte: the examples hold ASCII bytes only (a non-ASCII byte would be half a UTF-8 sequence).
      const code = Number.parseInt(hex, 16);
      if (e === 'x' && code > 0x7f) throw new GoSourceError('a non-ASCII \\x byte');
      out += String.fromCodePoint(code);
      i += n;
    } else if (e >= '0' && e <= '7') {
      const oct = body.slice(i, i + 3);
      const code = Number.parseInt(oct, 8);
      if (!/^[0-7]{3}$/.test(oct) || code > 0x7f) throw new GoSourceError('bad octal escape');
      out += String.fromCharCode(code);
      i += 2;
    } else {
      throw new GoSourceError(`unknown escape \\${e}`);
    }
  }
  return out;
}

/**
 * Tokenizes Go source from `start`: string literals, comments skipped, every other character or word
 * as an 'other' token with its end offset.
 * @param {string} src
 * @param {number} start
 * @returns {Generator<GoToken & { end: number }>}
 */
function* tokens(src, start) {
  let i = start;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) {
      i++;
    } else if (src.startsWith('//', i)) {
      const end = src.indexOf('\n', i);
      i = end === -1 ? src.length : end;
    } else if (src.startsWith('/*', i)) {
      i = src.indexOf('*/', i) + 2;
    } else if (c === '`') {
      const end = src.indexOf('`', i + 1);
      if (end === -1) throw new GoSourceError('unterminated raw string');
      // Go drops carriage returns from raw strings.
      yield { kind: 'string', value: src.slice(i + 1, end).replaceAll('\r', ''), end: end + 1 };
      i = end + 1;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < src.length && src[j] !== c) j += src[j] === '\\' ? 2 : 1;
      if (j >= src.length) throw new GoSourceError('unterminated string');
      const token =
        c === '"'
          ? { kind: 'string', value: decodeGoString(src.slice(i + 1, j)) }
          : { kind: 'other', text: src.slice(i, j + 1) };
      yield { ...token, end: j + 1 };
      i = j + 1;
    } else if (/[\w.]/.test(c)) {
      const m = /^[\w.]+/.exec(src.slice(i, i + 200));
      yield { kind: 'other', text: m[0], end: i + m[0].length };
      i += m[0].length;
    } else {
      yield { kind: 'other', text: c, end: i + 1 };
      i++;
    }
  }
}

/**
 * Reads the expression assigned at `start` (after `tps :=`, `fps = ` ...): the literal strings it adds
 * and how many elements were skipped.
 * @param {string} src
 * @param {number} start
 */
function readAssignment(src, start) {
  const it = tokens(src, start);
  const all = [];
  // Collect the tokens of the expression: up to the end of its brackets.
  let depth = 0;
  for (const t of it) {
    all.push(t);
    if (t.kind === 'other' && '([{'.includes(t.text)) depth++;
    if (t.kind === 'other' && ')]}'.includes(t.text)) {
      depth--;
      if (depth === 0 && t.text !== ']') break;
    }
  }
  const texts = all.map((t) => (t.kind === 'other' ? t.text : '"'));
  const joined = texts.slice(0, 4).join('');
  let elements;
  if (joined.startsWith('[]string{') || /^map\[string\]string\{/.test(texts.slice(0, 6).join(''))) {
    const open = all.findIndex((t) => t.kind === 'other' && t.text === '{');
    elements = splitElements(all.slice(open + 1, -1));
  } else if (texts[0] === 'append' && texts[1] === '(') {
    elements = splitElements(all.slice(2, -1)).slice(1); // the first argument is the list appended to
  } else {
    return { literals: [], skipped: 1 };
  }
  /** @type {{ value: string, path?: string }[]} */
  const literals = [];
  let skipped = 0;
  for (let element of elements) {
    // A map element `"path": content`: the content, and the path it is tested under.
    const colon = element.findIndex((t) => t.kind === 'other' && t.text === ':');
    const path = colon === -1 ? undefined : literalValue(element.slice(0, colon));
    if (colon !== -1) element = element.slice(colon + 1);
    const value = literalValue(element);
    if (value === undefined) skipped++;
    else literals.push(path === undefined ? { value } : { value, path });
  }
  return { literals, skipped };
}

/** Splits tokens at the commas of depth 0. */
function splitElements(list) {
  const out = [];
  let current = [];
  let depth = 0;
  for (const t of list) {
    if (t.kind === 'other' && '([{'.includes(t.text)) depth++;
    if (t.kind === 'other' && ')]}'.includes(t.text)) depth--;
    if (depth === 0 && t.kind === 'other' && t.text === ',') {
      out.push(current);
      current = [];
    } else {
      current.push(t);
    }
  }
  if (current.length > 0) out.push(current);
  return out;
}

/** The value of `"a"` or `"a" + "b"`, else undefined. */
function literalValue(element) {
  if (element.length === 0 || element.length % 2 === 0) return undefined;
  let value = '';
  for (let i = 0; i < element.length; i++) {
    const t = element[i];
    if (i % 2 === 0) {
      if (t.kind !== 'string') return undefined;
      value += t.value;
    } else if (t.kind !== 'other' || t.text !== '+') {
      return undefined;
    }
  }
  return value;
}

/**
 * @typedef {{ truePositives: string[], falsePositives: string[],
 *   skipped: { truePositives: number, falsePositives: number },
 *   paths: { truePositives: { path: string, text: string }[], falsePositives: { path: string, text: string }[] } }} RuleExamples
 */

/**
 * The examples of each rule in one Go file.
 * @param {string} src
 * @returns {Map<string, RuleExamples>} `paths`: the examples of the lists that map a path to content
 */
export function extractExamples(src) {
  const out = new Map();
  const starts = [...src.matchAll(/^func /gm)].map((m) => m.index);
  for (const [n, start] of starts.entries()) {
    const body = src.slice(start, starts[n + 1] ?? src.length);
    const ids = [...body.matchAll(/\bRuleID:\s*"([^"]+)"/g)].map((m) => m[1]);
    if (ids.length === 0) continue;
    if (new Set(ids).size > 1) throw new GoSourceError(`one function defines rules ${ids.join(', ')}`);
    const entry = {
      truePositives: [],
      falsePositives: [],
      skipped: { truePositives: 0, falsePositives: 0 },
      paths: { truePositives: [], falsePositives: [] },
    };
    for (const m of body.matchAll(/\b(tps|fps)\s*:?=\s*/g)) {
      const key = m[1] === 'tps' ? 'truePositives' : 'falsePositives';
      const { literals, skipped } = readAssignment(body, m.index + m[0].length);
      for (const { value, path } of literals) {
        entry[key].push(value);
        if (path !== undefined) entry.paths[key].push({ path, text: value });
      }
      entry.skipped[key] += skipped;
    }
    out.set(ids[0], entry);
  }
  return out;
}

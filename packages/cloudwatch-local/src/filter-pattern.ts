import { invalidParameter } from './aws-error.js';

// CloudWatch Logs filter patterns, the subset FilterLogEvents callers here send: term patterns
// (space-separated terms, quoted or not, that must all appear in the message, case-sensitive) and
// JSON patterns (`{ SELECTOR OP VALUE }` joined with `&&`, `||` and parentheses; `&&` binds tighter
// than `||`), as documented in "Filter pattern syntax" (FilterAndPatternSyntax.html):
// - a selector starts at `$` and names properties (`.name`, letters, digits, `-`, `_`) and array
//   elements (`[0]`); it must reach a value node: a selector that reaches an object or an array,
//   or nothing, makes the comparison false, with `=` and `!=` alike;
// - `=` and `!=` with a string (quoted, or unquoted) compare strings, case-sensitively; a `*` at the
//   start or the end is a wildcard (`*Event`, `Event*`), one in the middle is itself (`Ev*ent`);
//   `= *` matches any value node;
// - `=`, `!=`, `<`, `<=`, `>`, `>=` with a number compare numbers;
// - `IS NULL`, `IS TRUE`, `IS FALSE`, `NOT EXISTS`.
// Where the documentation is silent this endpoint is the stricter reading, so a caller that passes
// here does not lean on a leniency AWS may not have: a string comparison never matches a number
// node (`"409"` is not 409) and a number comparison never matches a string node; a backslash in a
// quoted string is a plain character (no escapes: the first `"` ends the string). A JSON pattern
// never matches an event that is not JSON.

/** Longest `filterPattern` FilterLogEvents accepts. */
export const MAX_FILTER_PATTERN_LENGTH = 1024;

type Node =
  | { kind: 'or' | 'and'; left: Node; right: Node }
  | { kind: 'compare'; path: (string | number)[]; op: string; value: string | number }
  | { kind: 'is'; path: (string | number)[]; test: 'NULL' | 'TRUE' | 'FALSE' | 'NOT EXISTS' };

/**
 * A predicate over event messages for a FilterLogEvents `filterPattern` (undefined or blank: every
 * event).
 *
 * @throws {AwsError} InvalidParameterException for a pattern CloudWatch would refuse.
 */
export function compileFilterPattern(pattern: string | undefined): (message: string) => boolean {
  if (pattern === undefined || pattern.trim() === '') return () => true;
  if (pattern.length > MAX_FILTER_PATTERN_LENGTH) {
    throw invalidParameter(
      `1 validation error detected: Value at 'filterPattern' failed to satisfy constraint: Member must have length less than or equal to ${MAX_FILTER_PATTERN_LENGTH}`,
    );
  }
  const trimmed = pattern.trim();
  if (trimmed.startsWith('{')) {
    if (!trimmed.endsWith('}')) throw invalidParameter("If a filter pattern starts with '{' it must end with '}'");
    const node = new JsonPatternParser(trimmed.slice(1, -1)).parse();
    return (message) => {
      let doc: unknown;
      try {
        doc = JSON.parse(message);
      } catch {
        return false;
      }
      return evaluate(node, doc);
    };
  }
  const terms = [...trimmed.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => (m[1] ?? m[2]) as string);
  return (message) => terms.every((t) => message.includes(t));
}

const invalid = (why: string) => invalidParameter(`Invalid filter pattern: ${why}`);

class JsonPatternParser {
  readonly #text: string;
  #at = 0;

  constructor(text: string) {
    this.#text = text;
  }

  parse(): Node {
    const node = this.#or();
    this.#space();
    if (this.#at < this.#text.length) throw invalid(`unexpected ${JSON.stringify(this.#text.slice(this.#at))}`);
    return node;
  }

  #space(): void {
    while (/\s/.test(this.#text[this.#at] ?? '')) this.#at++;
  }

  #eat(token: string): boolean {
    this.#space();
    if (!this.#text.startsWith(token, this.#at)) return false;
    this.#at += token.length;
    return true;
  }

  #or(): Node {
    let left = this.#and();
    while (this.#eat('||')) left = { kind: 'or', left, right: this.#and() };
    return left;
  }

  #and(): Node {
    let left = this.#unary();
    while (this.#eat('&&')) left = { kind: 'and', left, right: this.#unary() };
    return left;
  }

  #unary(): Node {
    if (this.#eat('(')) {
      const node = this.#or();
      if (!this.#eat(')')) throw invalid('missing )');
      return node;
    }
    return this.#comparison();
  }

  #comparison(): Node {
    const path = this.#selector();
    this.#space();
    const rest = this.#text.slice(this.#at);
    const word = /^(IS\s+(NULL|TRUE|FALSE)|NOT\s+EXISTS)\b/.exec(rest);
    if (word !== null) {
      this.#at += word[0].length;
      const test = (word[2] ?? 'NOT EXISTS') as 'NULL' | 'TRUE' | 'FALSE' | 'NOT EXISTS';
      return { kind: 'is', path, test };
    }
    const op = /^(!=|<=|>=|=|<|>)/.exec(rest)?.[1];
    if (op === undefined) throw invalid(`expected an operator after the selector at ${JSON.stringify(rest)}`);
    this.#at += op.length;
    this.#space();
    const value = this.#value();
    if (typeof value === 'string' && op !== '=' && op !== '!=') {
      throw invalid(`${op} compares numbers, not ${JSON.stringify(value)}`);
    }
    return { kind: 'compare', path, op, value };
  }

  #selector(): (string | number)[] {
    this.#space();
    if (this.#text[this.#at] !== '$')
      throw invalid(`a selector starts with $ at ${JSON.stringify(this.#text.slice(this.#at))}`);
    this.#at++;
    const path: (string | number)[] = [];
    for (;;) {
      const rest = this.#text.slice(this.#at);
      const property = /^\.([A-Za-z0-9_-]+)/.exec(rest);
      const index = /^\[(\d+)\]/.exec(rest);
      if (property !== null) {
        path.push(property[1] as string);
        this.#at += property[0].length;
      } else if (index !== null) {
        path.push(Number(index[1]));
        this.#at += index[0].length;
      } else break;
    }
    if (path.length === 0) throw invalid('a selector names a property, e.g. $.level');
    return path;
  }

  #value(): string | number {
    const rest = this.#text.slice(this.#at);
    if (rest.startsWith('"')) {
      const end = rest.indexOf('"', 1);
      if (end < 0) throw invalid('unterminated string');
      this.#at += end + 1;
      return rest.slice(1, end);
    }
    const bare = /^[^\s()&|"]+/.exec(rest)?.[0];
    if (bare === undefined) throw invalid(`expected a value at ${JSON.stringify(rest)}`);
    this.#at += bare.length;
    return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(bare) ? Number(bare) : bare;
  }
}

function resolve(doc: unknown, path: readonly (string | number)[]): { found: boolean; value?: unknown } {
  let node: unknown = doc;
  for (const step of path) {
    if (typeof step === 'number') {
      if (!Array.isArray(node) || step >= node.length) return { found: false };
      node = node[step];
    } else {
      if (typeof node !== 'object' || node === null || Array.isArray(node) || !Object.hasOwn(node, step)) {
        return { found: false };
      }
      node = (node as Record<string, unknown>)[step];
    }
  }
  return { found: true, value: node };
}

function stringMatches(actual: string, expected: string): boolean {
  if (expected === '*') return true;
  const starts = expected.startsWith('*');
  const ends = expected.length > 1 && expected.endsWith('*');
  const core = expected.slice(starts ? 1 : 0, ends ? -1 : undefined);
  if (starts && ends) return actual.includes(core);
  if (starts) return actual.endsWith(core);
  if (ends) return actual.startsWith(core);
  return actual === expected;
}

function evaluate(node: Node, doc: unknown): boolean {
  switch (node.kind) {
    case 'or':
      return evaluate(node.left, doc) || evaluate(node.right, doc);
    case 'and':
      return evaluate(node.left, doc) && evaluate(node.right, doc);
    case 'is': {
      const { found, value } = resolve(doc, node.path);
      if (node.test === 'NOT EXISTS') return !found;
      return found && value === { NULL: null, TRUE: true, FALSE: false }[node.test];
    }
    case 'compare': {
      const { found, value } = resolve(doc, node.path);
      if (!found || (typeof value === 'object' && value !== null)) return false;
      if (typeof node.value === 'number') {
        if (typeof value !== 'number') return false;
        const v = node.value;
        return node.op === '='
          ? value === v
          : node.op === '!='
            ? value !== v
            : node.op === '<'
              ? value < v
              : node.op === '<='
                ? value <= v
                : node.op === '>'
                  ? value > v
                  : value >= v;
      }
      // `= *`: any value node.
      if (node.value === '*') return node.op === '=';
      if (typeof value !== 'string') return false;
      const same = stringMatches(value, node.value);
      return node.op === '=' ? same : !same;
    }
  }
}

// gitleaks' prefilter: a rule runs only on a string that contains one of its keywords. One
// case-insensitive scan over the string finds every keyword it holds (overlapping ones included)
// and so the rules that can match; most strings hold none and cost one regex pass.

/** Finds which rules can match a string from the keywords it holds. */
export class KeywordIndex {
  readonly #scan: RegExp;
  // For each keyword, the rules of that keyword and of every keyword it starts with: the scan
  // reports the longest keyword at a position, and the shorter ones there are held as well.
  readonly #rulesOf = new Map<string, readonly number[]>();
  // Rules without keywords: they run on every string.
  readonly #always: readonly number[];

  /** `keywords[i]` are rule i's keywords (lower case); a rule without keywords is always run. */
  constructor(keywords: readonly (readonly string[])[]) {
    const byKeyword = new Map<string, number[]>();
    keywords.forEach((words, rule) => {
      for (const word of words.length > 0 ? words : ['']) {
        const rules = byKeyword.get(word) ?? [];
        rules.push(rule);
        byKeyword.set(word, rules);
      }
    });
    const always = byKeyword.get('') ?? [];
    byKeyword.delete('');
    for (const word of byKeyword.keys()) {
      const rules = new Set<number>(always);
      for (const [other, ofOther] of byKeyword) if (word.startsWith(other)) for (const r of ofOther) rules.add(r);
      this.#rulesOf.set(
        word,
        [...rules].sort((a, b) => a - b),
      );
    }
    this.#always = always;
    this.#scan = new RegExp(wordsPattern([...byKeyword.keys()]), 'gi');
  }

  /** True when `text` holds a keyword (or some rule has none). */
  mayMatch(text: string): boolean {
    if (this.#always.length > 0) return true;
    this.#scan.lastIndex = 0;
    return this.#scan.test(text);
  }

  /** The rules whose keywords `text` holds, in rule order; empty when none. */
  rulesFor(text: string): readonly number[] {
    const scan = this.#scan;
    let found: Set<number> | undefined;
    scan.lastIndex = 0;
    for (let m = scan.exec(text); m !== null; m = scan.exec(text)) {
      found ??= new Set(this.#always);
      for (const r of this.#rulesOf.get(m[0].toLowerCase()) ?? []) found.add(r);
      scan.lastIndex = m.index + 1;
    }
    if (found === undefined) return this.#always;
    return [...found].sort((a, b) => a - b);
  }
}

/**
 * Literal words as one regex alternation factored by common prefixes (`ab(?:c|d)`): the regex
 * tries each first character once per position instead of once per word. `(?!)` for no words.
 */
export function wordsPattern(words: readonly string[]): string {
  return trie(words) || '(?!)';
}

function trie(words: readonly string[]): string {
  interface Node {
    end: boolean;
    next: Map<string, Node>;
  }
  const root: Node = { end: false, next: new Map() };
  for (const word of words) {
    let node = root;
    for (const c of word) {
      let child = node.next.get(c);
      if (child === undefined) {
        child = { end: false, next: new Map() };
        node.next.set(c, child);
      }
      node = child;
    }
    node.end = true;
  }
  const emit = (node: Node): string => {
    const parts = [...node.next].map(([c, child]) => escapeChar(c) + emit(child));
    if (parts.length === 0) return '';
    const body = parts.length === 1 ? (parts[0] as string) : `(?:${parts.join('|')})`;
    // Greedy: the longer keyword is tried first, the shorter one still matches when it fails.
    return node.end ? `(?:${body})?` : body;
  };
  return emit(root);
}

function escapeChar(c: string): string {
  return /[\\^$.*+?()[\]{}|/-]/.test(c) ? `\\${c}` : c;
}

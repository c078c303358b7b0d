// The fewest characters a regular expression can match, read from its source: the scanner skips a
// rule for strings shorter than that (most gitleaks rules need 20 or more characters, and most
// strings in a record are shorter). A lower bound: lookarounds, anchors and backreferences count 0.

/** The length of the shortest text `source` (JavaScript syntax, no `u` flag) can match. */
export function minMatchLength(source: string): number {
  let i = 0;
  const alternation = (): number => {
    let best = sequence();
    while (source[i] === '|') {
      i++;
      best = Math.min(best, sequence());
    }
    return best;
  };
  const sequence = (): number => {
    let total = 0;
    while (i < source.length && source[i] !== '|' && source[i] !== ')') total += atom() * quantifier();
    return total;
  };
  const quantifier = (): number => {
    const c = source[i];
    let least = 1;
    if (c === '*' || c === '?') least = 0;
    else if (c === '+') least = 1;
    else if (c === '{') {
      const bounds = /^\{(\d+)(?:,\d*)?\}/.exec(source.slice(i));
      if (bounds === null) return 1;
      i += bounds[0].length - 1;
      least = Number(bounds[1]);
    } else return 1;
    i++;
    if (source[i] === '?') i++;
    return least;
  };
  const atom = (): number => {
    const c = source[i];
    if (c === '(') return group();
    if (c === '[') {
      i++;
      if (source[i] === '^') i++;
      if (source[i] === ']') i++;
      while (i < source.length && source[i] !== ']') i += source[i] === '\\' ? 2 : 1;
      i++;
      return 1;
    }
    if (c === '\\') return escaped();
    i++;
    return c === '^' || c === '$' ? 0 : 1;
  };
  const group = (): number => {
    i++;
    let counts = true;
    if (source[i] === '?') {
      const rest = source.slice(i + 1, i + 3);
      if (rest.startsWith(':')) i += 2;
      else if (rest.startsWith('=') || rest.startsWith('!')) {
        i += 2;
        counts = false;
      } else if (rest === '<=' || rest === '<!') {
        i += 3;
        counts = false;
      } else i = source.indexOf('>', i) + 1;
    }
    const inner = alternation();
    i++;
    return counts ? inner : 0;
  };
  const escaped = (): number => {
    const d = source[i + 1] ?? '';
    i += 2;
    if (d === 'b' || d === 'B') return 0;
    if (d === 'x') i += 2;
    else if (d === 'u') i += 4;
    else if (d === 'c') i += 1;
    else if (d === 'k') i = source.indexOf('>', i) + 1;
    else if (d >= '1' && d <= '9') {
      while (/\d/.test(source[i] ?? '')) i++;
      return 0;
    }
    return d === 'k' ? 0 : 1;
  };
  return alternation();
}

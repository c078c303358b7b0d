// Tests of scripts/gitleaks/translate-re2.mjs: for each RE2 construct gitleaks' rules use, strings the
// translation must and must not match, as RE2 would (reasoned from RE2's syntax docs); then a cross-check
// against Python's `re` (scripts/test/gitleaks-re2-oracle.py) over every pattern of the vendored
// gitleaks.toml, on gitleaks' own examples and on strings derived from each pattern.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Re2TranslationError, translateRe2 } from '../gitleaks/translate-re2.mjs';
import { derivedStrings, vendoredExamples, vendoredPatterns } from './gitleaks-samples.js';

const compile = (pattern: string) => {
  const { source, flags } = translateRe2(pattern);
  return new RegExp(source, flags);
};

/** The pattern matches each of `yes` somewhere and none of `no`. */
function check(pattern: string, yes: string[], no: string[]) {
  const re = compile(pattern);
  for (const s of yes) expect(re.test(s), `${pattern} should match ${JSON.stringify(s)}`).toBe(true);
  for (const s of no) expect(re.test(s), `${pattern} should not match ${JSON.stringify(s)}`).toBe(false);
}

/** The first match of the pattern in `s`, as [match, ...groups]. */
const first = (pattern: string, s: string) => {
  const m = compile(pattern).exec(s);
  return m ? [...m] : null;
};

describe('translateRe2: case-insensitivity', () => {
  it('a leading (?i) that holds for the whole pattern becomes flag i, the letters left as they are', () => {
    expect(translateRe2('(?i)abc[a-f]')).toEqual({ source: 'abc[a-f]', flags: 'i' });
    check('(?i)abc[a-f]', ['ABCD', 'aBcf'], ['abg', 'ab']);
  });

  it('flag i also when the only atoms outside (?i) do not depend on case', () => {
    expect(translateRe2('\\b((?i)ab)\\d')).toEqual({ source: '\\b(ab)\\d', flags: 'i' });
  });

  it('(?i) in the middle of a group applies to the end of that group only: letters become classes', () => {
    const t = translateRe2('\\b(p8e-(?i)[a-z0-9]{4})X');
    expect(t.flags).toBe('');
    expect(t.source).toBe('\\b(p8e-[0-9A-Za-z]{4})X');
    check('\\b(p8e-(?i)[a-z0-9]{4})X', ['p8e-AbC1X', 'p8e-abcdX'], ['P8E-abcdX', 'p8e-abcdx', 'p8e-ab_1X']);
  });

  it('(?i) in a group holds across | to the group end (RE2 keeps flags until the group closes)', () => {
    // (?:a(?i)b|c)d: b and c are case-insensitive, a and d are not.
    check('(?:a(?i)b|c)d', ['aBd', 'Cd', 'abd'], ['ABd', 'aBD', 'CD']);
  });

  it('(?i:...) scopes case-insensitivity to the group', () => {
    expect(translateRe2('a(?i:b)c').source).toBe('a(?:[Bb])c');
    check('a(?i:b)c', ['aBc', 'abc'], ['ABc', 'aBC']);
  });

  it('(?-i:...) turns it off inside a (?i) pattern (generic-api-key)', () => {
    const p = '(?i)x(?-i:[Aa]pi|API)y';
    expect(translateRe2(p)).toEqual({ source: '[Xx](?:[Aa]pi|API)[Yy]', flags: '' });
    check(p, ['XApiY', 'xapiy', 'XAPIy'], ['xaPiy', 'XApIy', 'xAPiy']);
  });

  it('negated classes fold before they are negated, as in RE2', () => {
    check('x(?i:[^a-c])', ['xd', 'xD', 'x1'], ['xa', 'xB', 'xC']);
    check('(?i)[^a-c]', ['d'], ['A', 'b']);
  });

  it('a class range folds to both cases only where it covers letters', () => {
    // [0-c] holds A-Z as well: folded, it holds a-z too
    expect(translateRe2('z(?i:[0-c])').source).toBe('z(?:[\\w:-@\\[-\\^`])');
    check('^z(?i:[0-c])$', ['zB', 'z_', 'z@', 'zb', 'zz', 'z`'], ['z{', 'z ', 'z~']);
    expect(translateRe2('z(?i:[_-c])').source).toBe('z(?:[A-C_-c])');
    check('^z(?i:[_-c])$', ['zB', 'z_', 'z`'], ['zd', 'zD', 'z^']);
  });

  it('letters outside ASCII fold as flag i folds them (both modes match the same)', () => {
    check('x(?i:\u00e9)', ['x\u00e9', 'x\u00c9'], ['xe']);
    // dotless i is its own case: flag i does not match it with I or i
    check('x(?i:\u0131)', ['x\u0131'], ['xI', 'xi']);
    check('x(?i:i)', ['xI', 'xi'], ['x\u0131', 'x\u0130']);
    for (const s of ['\u00e9', '\u00c9', '\u0131', 'I', '\u00b5', '\u03bc']) {
      const folded = compile(`^x(?i:${s})$`);
      const flagged = new RegExp(`^x${s}$`, 'i');
      for (const t of ['\u00e9', '\u00c9', '\u0131', 'I', 'i', '\u00b5', '\u03bc', '\u039c']) {
        expect(folded.test(`x${t}`), `${s} ${t}`).toBe(flagged.test(`x${t}`));
      }
    }
  });

  it('escaped letters and escapes like \\n are not folded as letters', () => {
    check('(?-i)a(?i:\\\\[nr])', ['a\\N', 'a\\r'], ['A\\n', 'a\n']);
  });
});

describe('translateRe2: dot, anchors, flags s m U', () => {
  it(". is RE2's: anything but \\n (JavaScript's . also refuses \\r)", () => {
    check('^a.b$', ['a\rb', 'a\u2028b', 'axb'], ['a\nb']);
  });

  it('(?s:.) and (?s) make . match \\n too', () => {
    check('^a(?s:.)b$', ['a\nb', 'axb'], []);
    check('(?s)^a.b$', ['a\nb'], []);
    check('^(?s:a.)b.c$', ['a\nbxc'], ['a\nb\nc']);
  });

  it('\\z is the end of the text; $ without m too (not before a final \\n)', () => {
    check('a\\z', ['a', 'ba'], ['a\n', 'ab']);
    check('a$', ['a'], ['a\n']);
    expect(translateRe2('a\\z').source).toBe('a(?![\\s\\S])');
  });

  it('\\A is the start of the text', () => {
    check('\\Aa', ['ab'], ['ba', 'b\na']);
  });

  it('(?m) makes ^ and $ match at line ends', () => {
    check('(?m)^a$', ['b\na\nc', 'a'], ['ba\nc', 'b\nab']);
  });

  it('(?U) swaps greedy and lazy', () => {
    expect(first('(?U)a+', 'aaa')).toEqual(['a']);
    expect(first('(?U)a+?', 'aaa')).toEqual(['aaa']);
    expect(first('a{1,3}?', 'aaa')).toEqual(['a']);
  });

  it('flags set by (?i) end with the group that holds them', () => {
    check('^(?:(?i)a)a$', ['Aa', 'aa'], ['aA', 'AA']);
  });
});

describe('translateRe2: classes and escapes', () => {
  it("RE2's \\s is [\\t\\n\\f\\r ]: no \\v, no Unicode spaces (JavaScript's \\s has both)", () => {
    check('^\\s$', [' ', '\t', '\n', '\f', '\r'], ['\v', '\u00a0', '\u2003']);
    check('^\\S$', ['\v', '\u00a0', 'x'], [' ', '\n']);
    check('^[\\s\\S-]$', ['x', '\n', '-'], ['']);
    check('^[^\\S]$', [' '], ['\v']);
  });

  it('POSIX classes', () => {
    check('^[[:alnum:]]+$', ['aZ9'], ['a_', 'a-']);
    check('^[[:^digit:]x]+$', ['ab'], ['a1']);
    check('^[[:space:]]$', ['\v', ' '], ['x']);
    check('^[[:punct:]]+$', ['!/:@[`{~'], ['a', ' ']);
    check('^(?i:[[:lower:]])$', ['a', 'Z'], ['1']);
  });

  it('] first in a class is a literal (in JavaScript [] is the empty class)', () => {
    check('^[]a]+$', [']a]'], ['b']);
    check('^[^]a]$', ['b'], [']', 'a']);
  });

  it('a { that does not start a repeat count is a literal', () => {
    // '$\u007b' is '${' (a linter reads '${' as a template placeholder)
    check('^\\$(?:\\d+|{\\d+})$', ['$12', '$\u007b12}'], ['$\u007b}', '$x']);
    check('^a{,2}$', ['a{,2}'], ['aa']);
    check('^x{2}$', ['xx'], ['x{2}']);
  });

  it('hex, octal and control escapes', () => {
    check('^\\x60\\x{41}\\101\\t$', ['`AA\t'], ['`AA ']);
    check('^\\a\\f\\v$', ['\x07\f\v'], []);
  });

  it('\\Q...\\E quotes everything up to \\E, or to the end', () => {
    check('^\\Q.*[\\E+$', ['.*[', '.*[[['], ['x', '.*[.*[']);
    check('^a\\Q(?i)$', ['a(?i)$'], ['A(?i)$', 'a(?i)']);
  });

  it('punctuation escapes stay literal; \\b and \\B are ASCII word boundaries', () => {
    check('^a\\.\\-\\/\\#$', ['a.-/#'], ['ax-/#']);
    check('\\bab\\b', ['x ab.'], ['xab']);
    check('a\\B', ['ab'], ['a b', 'a']);
  });

  it('(?P<name>...) and (?<name>...) become named groups, numbered like RE2', () => {
    const m = compile('(a)(?P<x>b)(?<y>c)').exec('abc');
    expect(m?.groups).toEqual({ x: 'b', y: 'c' });
    expect([...(m ?? [])]).toEqual(['abc', 'a', 'b', 'c']);
  });

  it('leftmost-first alternation, as in RE2', () => {
    expect(first('a|ab', 'ab')).toEqual(['a']);
    expect(first('(a|ab)(c|bcd)', 'abcd')).toEqual(['abcd', 'a', 'bcd']);
  });
});

describe('translateRe2: what it refuses', () => {
  const refuses = (pattern: string, reason: RegExp) => {
    let error: unknown;
    try {
      translateRe2(pattern);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(Re2TranslationError);
    expect((error as Re2TranslationError).reason).toMatch(reason);
    expect((error as Re2TranslationError).pattern).toBe(pattern);
  };

  it('Unicode classes, astral code points, \\C: not without the u flag', () => {
    refuses('\\pL', /Unicode classes/);
    refuses('\\p{Greek}', /Unicode classes/);
    refuses('\\x{1F600}', /above U\+FFFF/);
    refuses('\u{1F600}', /astral/);
    refuses('a\\C', /any byte/);
  });

  it('what RE2 itself rejects', () => {
    refuses('(?=a)', /lookarounds/);
    refuses('(?<!a)b', /lookarounds/);
    refuses('(a)\\1', /backreferences/);
    refuses('(?x)a', /unknown flag x/);
    refuses('(?i-)a', /bad flag syntax/);
    refuses('(?)a', /missing flags/);
    refuses('a(?i)*', /missing argument/);
    refuses('a**', /bad repetition/);
    refuses('*a', /missing argument/);
    refuses('(a', /missing \)/);
    refuses('a)', /unmatched \)/);
    refuses('[a', /unterminated character class/);
    refuses('[z-a]', /bad character class range/);
    refuses('a{1001}', /above 1000/);
    refuses('[[:nope:]]', /unknown POSIX class/);
    refuses('\\q', /unknown escape/);
    refuses('(?P<1a>x)', /not valid/);
    refuses('(?P<a>x)(?P<a>y)', /duplicate group name/);
    refuses('a\\', /trailing backslash/);
  });
});

// ---- Cross-check against Python's re over every pattern of the vendored rules ----

const python = spawnSync('python3', ['--version'], { encoding: 'utf8' });
const hasPython = python.status === 0 && /Python 3\.(1[1-9]|[2-9]\d)/.test(python.stdout);

describe.skipIf(!hasPython)('translateRe2 against Python re (RE2 semantics)', () => {
  it('every pattern of gitleaks.toml: the same first match and groups on gitleaks examples and derived strings', () => {
    const examples = vendoredExamples();
    const jobs = vendoredPatterns().map(({ id, pattern }, n) => {
      const re = compile(pattern);
      const ruleId = id.split(' ')[0] ?? id;
      const own = examples[ruleId] ?? { truePositives: [], falsePositives: [] };
      const strings = [...own.truePositives, ...own.falsePositives, ...derivedStrings(re, n + 1)].filter(
        // Python's \s has \v (RE2's has not); Python counts code points, JavaScript code units
        (s) => !s.includes('\v') && !/[\ud800-\udfff]/.test(s),
      );
      return { id, pattern, re, strings };
    });
    const run = spawnSync('python3', [fileURLToPath(new URL('gitleaks-re2-oracle.py', import.meta.url))], {
      input: JSON.stringify(jobs.map(({ pattern, strings }) => ({ pattern, strings }))),
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    });
    expect(run.status, run.stderr).toBe(0);
    const answers = JSON.parse(run.stdout) as ({ error: string } | { results: (string | null)[][] })[];
    let compared = 0;
    const pythonErrors: string[] = [];
    const differences: string[] = [];
    for (const [n, job] of jobs.entries()) {
      const answer = answers[n];
      if (!answer || 'error' in answer) {
        pythonErrors.push(`${job.id}: ${answer?.error}`);
        continue;
      }
      for (const [k, s] of job.strings.entries()) {
        const m = job.re.exec(s);
        const ours = m ? [...m].map((g) => g ?? null) : null;
        compared++;
        if (JSON.stringify(ours) !== JSON.stringify(answer.results[k])) {
          differences.push(
            `${job.id} on ${JSON.stringify(s)}: JS ${JSON.stringify(ours)}, Python ${JSON.stringify(answer.results[k])}`,
          );
        }
      }
    }
    expect(pythonErrors).toEqual([]);
    expect(differences.slice(0, 10)).toEqual([]);
    expect(compared).toBeGreaterThan(10_000);
  }, 120_000);
});

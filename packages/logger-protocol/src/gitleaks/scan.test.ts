import { describe, expect, it } from 'vitest';
import { shannonEntropy } from './entropy.js';
import { KeywordIndex } from './keyword-index.js';
import type { GitleaksAllowlist, GitleaksRule } from './rule-data.js';
import { GitleaksScanner } from './scan.js';

const NONE: GitleaksAllowlist = { condition: 'OR', regexTarget: 'secret', regexes: [], stopwords: [] };

function rule(id: string, source: string, more: Partial<GitleaksRule> = {}): GitleaksRule {
  return { id, description: id, regex: { source, flags: '' }, keywords: [], allowlists: [], ...more };
}

const censor = (s: string) => `<${s.length}>`;

describe('KeywordIndex', () => {
  it('finds the rules of every keyword a string holds, overlapping and case-insensitive', () => {
    const index = new KeywordIndex([['sk_live'], ['sk'], ['live_x'], ['other'], ['ey', 'key']]);
    expect(index.rulesFor('token SK_LIVE_x9')).toEqual([0, 1, 2]);
    expect(index.rulesFor('a KEY here')).toEqual([4]);
    expect(index.rulesFor('nothing to see')).toEqual([]);
    expect(index.mayMatch('nothing to see')).toBe(false);
    expect(index.mayMatch('otHer')).toBe(true);
  });

  it('runs a rule without keywords on every string', () => {
    const index = new KeywordIndex([['abc'], []]);
    expect(index.mayMatch('zzz')).toBe(true);
    expect(index.rulesFor('zzz')).toEqual([1]);
    expect(index.rulesFor('xabc')).toEqual([0, 1]);
  });

  it('takes keywords with regex syntax literally', () => {
    const index = new KeywordIndex([['sg.'], ['q~'], ['a3-']]);
    expect(index.rulesFor('sgx q a3')).toEqual([]);
    expect(index.rulesFor('SG.x q~ A3-')).toEqual([0, 1, 2]);
  });
});

describe('shannonEntropy', () => {
  it('is gitleaks’ figure: bits per byte of the character frequencies', () => {
    expect(shannonEntropy('')).toBe(0);
    expect(shannonEntropy('aaaa')).toBe(0);
    expect(shannonEntropy('abab')).toBe(1);
    expect(shannonEntropy('abcd')).toBe(2);
    expect(shannonEntropy('0123456789abcdef')).toBe(4);
    // Go divides by the byte length: two two-byte characters over four bytes.
    expect(shannonEntropy('éé')).toBe(0.5);
  });
});

describe('GitleaksScanner', () => {
  it('runs a rule only where one of its keywords stands', () => {
    const s = new GitleaksScanner([rule('r', 'tok_[a-z0-9]{8}', { keywords: ['tok_'] })]);
    expect(s.findings('see tok_a1b2c3d4 here').map((f) => f.secret)).toEqual(['tok_a1b2c3d4']);
    const without = new GitleaksScanner([rule('r', '[a-z0-9]{8}', { keywords: ['tok_'] })]);
    expect(without.findings('plain a1b2c3d4 here')).toEqual([]);
  });

  it('takes the secret group, else the first non-empty group, else the whole match', () => {
    const s = new GitleaksScanner([
      rule('group', 'k1=(a+)(b+)', { keywords: ['k1'], secretGroup: 2 }),
      rule('first', 'k2=(?:(x+)|(y+))', { keywords: ['k2'] }),
      rule('whole', 'k3=z+', { keywords: ['k3'] }),
      rule('missing', 'k4=(q+)', { keywords: ['k4'], secretGroup: 3 }),
    ]);
    expect(s.findings('k1=aabb k2=yyy k3=zz k4=qq').map((f) => [f.ruleId, f.secret])).toEqual([
      ['group', 'bb'],
      ['first', 'yyy'],
      ['whole', 'k3=zz'],
    ]);
  });

  it('keeps a secret whose entropy is at or under the rule’s threshold', () => {
    const s = new GitleaksScanner([rule('r', 'v=(\\w+)', { keywords: ['v='], entropy: 2 })]);
    expect(s.findings('v=abcd')).toEqual([]); // exactly 2 bits
    expect(s.findings('v=abcde').map((f) => f.secret)).toEqual(['abcde']);
  });

  it('applies the global allowlist and the rule’s: regexes on the secret, the match or the line, and stopwords', () => {
    const global: GitleaksAllowlist = { ...NONE, regexes: [{ source: '^true$', flags: 'i' }], stopwords: ['example'] };
    const s = new GitleaksScanner(
      [
        rule('r', 'key=(\\w+)', {
          keywords: ['key='],
          allowlists: [
            { ...NONE, regexTarget: 'match', regexes: [{ source: '^key=test', flags: '' }] },
            { ...NONE, regexTarget: 'line', regexes: [{ source: '#\\s*fixture', flags: '' }] },
          ],
        }),
      ],
      global,
    );
    const secrets = (t: string) => s.findings(t).map((f) => f.secret);
    expect(secrets('key=TRUE')).toEqual([]);
    expect(secrets('key=myEXAMPLEvalue')).toEqual([]);
    expect(secrets('key=testing1')).toEqual([]);
    expect(secrets('a\nkey=abc # fixture\nb')).toEqual([]);
    expect(secrets('a # fixture\nkey=abc\nb')).toEqual(['abc']);
    expect(secrets('key=live1')).toEqual(['live1']);
  });

  it('allows under AND only when every kind the allowlist has allows', () => {
    const and: GitleaksAllowlist = {
      condition: 'AND',
      regexTarget: 'secret',
      regexes: [{ source: '^x', flags: '' }],
      stopwords: ['dummy'],
    };
    const s = new GitleaksScanner([rule('r', 'k=(\\w+)', { keywords: ['k='], allowlists: [and] })]);
    expect(s.findings('k=xdummy')).toEqual([]);
    expect(s.findings('k=xreal').map((f) => f.secret)).toEqual(['xreal']);
    expect(s.findings('k=dummyx').map((f) => f.secret)).toEqual(['dummyx']);
  });

  it('censors only the secret, overlapping findings once, and does not honour gitleaks:allow', () => {
    const s = new GitleaksScanner([
      rule('a', 'token: (\\w{6,})', { keywords: ['token'] }),
      rule('b', 'abc\\w+', { keywords: ['abc'] }),
    ]);
    expect(s.redact('token: abcdef123 and abczz, token: qqqqqq', censor)).toBe('token: <9> and <5>, token: <6>');
    expect(s.redact('token: secret1 # gitleaks:allow', censor)).toBe('token: <7> # gitleaks:allow');
    expect(s.redact('no secrets here', censor)).toBe('no secrets here');
  });

  it('does not loop on a rule that matches the empty string, and trims newlines around a match', () => {
    const s = new GitleaksScanner([
      rule('empty', 'x*', { keywords: ['x'] }),
      rule('nl', '\\n*y+\\n*', { keywords: ['y'] }),
    ]);
    expect(s.findings('axxb\nyy\n').map((f) => [f.ruleId, f.start, f.end])).toEqual([
      ['empty', 1, 3],
      ['nl', 5, 7],
    ]);
  });
});

describe('GitleaksScanner on hex ids', () => {
  it('runs on a string of hex digits and dashes only the rules a keyword of such characters can start', () => {
    const s = new GitleaksScanner([
      rule('hexy', '\\b4b1d[0-9a-f]{8}\\b', { keywords: ['4b1d'] }),
      rule('any', '[0-9a-f]{12}', { keywords: ['zz'] }),
      rule('bare', 'dead[0-9a-f]{4}'),
    ]);
    expect(s.findings('4b1d0123abcd-deadbeef').map((f) => f.ruleId)).toEqual(['hexy', 'bare']);
    expect(s.mayMatch('0123456789ab')).toBe(true);
    expect(s.findings('zz 0123456789ab').map((f) => f.ruleId)).toEqual(['any']);
  });
});

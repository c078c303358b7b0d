// The scanner at its edges, with small rules written here: the identifier prefix's characters and
// reach, a regex's top level, bounded line runs, the key read as a vendor's name, the line an
// allowlist reads.
import { describe, expect, it } from 'vitest';
import type { GitleaksAllowlist, GitleaksRule } from './rule-data.js';
import { GitleaksScanner } from './scan.js';

const PREFIX = '[\\w\\-.]{0,50}?';
const NONE: GitleaksAllowlist = { condition: 'OR', regexTarget: 'secret', regexes: [], stopwords: [] };

function rule(id: string, source: string, more: Partial<GitleaksRule> = {}): GitleaksRule {
  return { id, description: id, regex: { source, flags: '' }, keywords: [], allowlists: [], ...more };
}

const prefixed = (body: string, more: Partial<GitleaksRule> = {}) =>
  new GitleaksScanner([rule('p', PREFIX + body, more)]);

describe('the identifier prefix', () => {
  const s = prefixed('(?:acme)=(\\w{6,})', { keywords: ['acme'] });
  const matchOf = (text: string) => s.findings(text).map((f) => f.match);

  it.each([
    ['az', 'azacme=abcdef'],
    ['AZ', 'AZacme=abcdef'],
    ['09', '09acme=abcdef'],
    ['_.-', '_.-acme=abcdef'],
  ])('takes %s before the identifier', (_chars, text) => {
    expect(matchOf(`(${text}`)).toEqual([text]);
  });

  it.each(['`', '{', '@', '[', '/', ':', ' ', '\u00e9'])('stops at %j', (c) => {
    expect(matchOf(`x${c}acme=abcdef`)).toEqual(['acme=abcdef']);
  });

  it('reaches 50 characters back, not 51, and not into the previous match', () => {
    expect(matchOf(`${'b'.repeat(51)}acme=abcdef`)).toEqual([`${'b'.repeat(50)}acme=abcdef`]);
    // The second identifier's prefix could run back over `-` into the first match: it stops there.
    expect(matchOf('acme=abcdef-acme=ghijkl')).toEqual(['acme=abcdef', '-acme=ghijkl']);
  });

  it('is cut only when it stands before the whole regex, not before one alternative', () => {
    const alt = new GitleaksScanner([
      rule('a', `${PREFIX}(?:acme)=(\\w{6,})|\\bzz(\\d{4})`, { keywords: ['acme', 'zz'] }),
    ]);
    expect(alt.findings('xx-zz1234').map((f) => f.match)).toEqual(['zz1234']);
    expect(alt.findings('xx-acme=abcdef').map((f) => f.match)).toEqual(['xx-acme=abcdef']);
    // `|` inside a class, an escape or a group is not the top level.
    for (const body of ['(?:acme)=[|](\\w{6,})', '(?:acme)=\\|(\\w{6,})', '(?:acme|acmf)=(\\w{6,})']) {
      const one = prefixed(body, { keywords: ['acme', 'acmf'] });
      const text = body.includes('[|]') || body.includes('\\|') ? 'xx-acme=|abcdef' : 'xx-acmf=abcdef';
      expect(
        one
          .findings(text)
          .map((f) => f.match)[0]
          ?.startsWith('xx-'),
        body,
      ).toBe(true);
    }
  });
});

describe('line runs', () => {
  it('reach 1,024 characters, not more', () => {
    const s = new GitleaksScanner([rule('c', '\\bcurl\\b[^\\n]*-u (\\w+:\\w+)', { keywords: ['curl'] })]);
    expect(s.findings(`curl ${'x'.repeat(1018)} -u user:pass`).map((f) => f.secret)).toEqual(['user:pass']);
    expect(s.findings(`curl ${'x'.repeat(1030)} -u user:pass`)).toEqual([]);
  });
});

describe('the key read as a vendor’s name', () => {
  const s = new GitleaksScanner([
    rule('acme', `${PREFIX}(?:acme)(?:[ \\t\\w.-]{0,20})[\\s'"]{0,3}(?:=|:)[\\x60'"\\s=]{0,5}([a-z0-9]{12})\\b`, {
      keywords: ['acme_', 'acme'],
    }),
    rule('tok', '\\b(tk_[a-z0-9]{10})\\b', { keywords: ['tk_'] }),
  ]);
  const stars = (t: string) => '*'.repeat(t.length);

  it('censors only the value’s part of a finding that starts in the key', () => {
    expect(s.redactUnder('acme', 'abcdef123456', stars)).toBe('************');
    expect(s.redactUnder('acme_id', 'abcdef123456', stars)).toBe('************');
    expect(s.redactUnder('other', 'abcdef123456', stars)).toBe('abcdef123456');
  });

  it('keeps the value’s own findings', () => {
    expect(s.redactUnder('other', 'see tk_abcdefghij', stars)).toBe('see *************');
    expect(s.redactUnder('acme', 'abcdef123456 tk_abcdefghij', stars)).toBe('************ *************');
  });

  it('says which keys may name a vendor: a keyword or a semi-generic identifier', () => {
    const byIdentifier = new GitleaksScanner([
      rule('v', `${PREFIX}(?:vendorx)=(\\w{8})`, { keywords: ['vx_'] }),
      rule('w', `${PREFIX}zz=(\\w{8})`, { keywords: ['qq'] }),
    ]);
    expect(byIdentifier.namesVendor('my_vendorx')).toBe(true);
    expect(byIdentifier.namesVendor('vx_key')).toBe(true);
    expect(byIdentifier.namesVendor('qq')).toBe(true);
    // A prefixed rule whose identifier is not a group names no vendor by it.
    expect(byIdentifier.namesVendor('zz')).toBe(false);
    expect(byIdentifier.namesVendor('plain')).toBe(false);
  });
});

describe('allowlists', () => {
  it('read the whole line around a match for a line target, at the start and the end of the text', () => {
    const s = new GitleaksScanner([
      rule('k', 'k=(\\w+)', {
        keywords: ['k='],
        allowlists: [{ ...NONE, regexTarget: 'line', regexes: [{ source: '^k=\\w+ ok$', flags: '' }] }],
      }),
    ]);
    expect(s.findings('k=abc ok')).toEqual([]);
    expect(s.findings('x\nk=abc ok')).toEqual([]);
    expect(s.findings('k=abc ok\ny')).toEqual([]);
    expect(s.findings('k=abc no').map((f) => f.secret)).toEqual(['abc']);
  });

  it('allow nothing under AND when they hold neither regexes nor stopwords', () => {
    const s = new GitleaksScanner([
      rule('k', 'k=(\\w+)', { keywords: ['k='], allowlists: [{ ...NONE, condition: 'AND' }] }),
    ]);
    expect(s.findings('k=abc').map((f) => f.secret)).toEqual(['abc']);
  });

  it('compare stopwords without case', () => {
    const s = new GitleaksScanner([
      rule('k', 'k=(\\w+)', { keywords: ['k='], allowlists: [{ ...NONE, stopwords: ['dummy'] }] }),
    ]);
    expect(s.findings('k=myDUMMYkey')).toEqual([]);
    expect(s.findings('k=real').map((f) => f.secret)).toEqual(['real']);
  });
});

import { describe, expect, it } from 'vitest';
import { REDACTED, Redactor } from './redactor.js';
import {
  DEFAULT_SECRET_PATTERNS,
  isCardNumber,
  isLuhnValid,
  isSsnDigits,
  mayHoldPatternSecret,
  mayHoldSecret,
} from './secret-patterns.js';
import { lookalikeCorpus, secretCorpus } from './testing/secret-corpus.js';

/** True when some built-in pattern matches `text` (its accept check included). */
function anyPatternMatches(text: string): boolean {
  for (const { pattern, accept } of DEFAULT_SECRET_PATTERNS) {
    pattern.lastIndex = 0;
    for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
      if (accept === undefined || accept(m[0])) return true;
    }
  }
  return false;
}

function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') {
    out.push(value);
  } else if (value instanceof Map || value instanceof Headers || value instanceof URLSearchParams) {
    for (const [k, v] of value.entries()) {
      strings(k, out);
      strings(v, out);
    }
  } else if (value instanceof Error) {
    strings(value.message, out);
    strings(value.cause, out);
    strings({ ...value }, out);
  } else if (value !== null && typeof value === 'object') {
    for (const v of Object.values(value)) strings(v, out);
  }
  return out;
}

// Pieces that random strings are made of: the prefixes and shapes the patterns look for, and the
// characters around them, so that matches (and near misses) are common.
const PIECES = [
  'ghp_',
  'gho_',
  'github_pat_',
  'glpat-',
  'xoxb-',
  'xapp-',
  'sk_live_',
  'rk_test_',
  'AIza',
  'npm_',
  'sk-',
  'sk-proj-',
  'sk-ant-api03-',
  'gsk_',
  'SK',
  'SG.',
  'hf_',
  'lin_api_',
  'ntn_',
  'shpat_',
  'glc_',
  'glsa_',
  'ops_ey',
  'hvs.',
  'vcp_',
  'dapi',
  'dckr_pat_',
  'figd_',
  'AKIA',
  'ASIA',
  'eyJ',
  'Bearer ',
  'basic ',
  'Digest ',
  '-----BEGIN PRIVATE KEY-----',
  '-----END PRIVATE KEY-----',
  '://',
  'user:pw@',
  '@host',
  '.',
  '-',
  ' ',
  '_',
  '/',
  '+',
  '=',
  ':',
  '4111',
  '1111',
  '5500',
  '123-45-6789',
  '0000',
  '378282246310005',
  '12345678',
  'abcdef',
  'ABCDEF',
  'xyz',
  'T3BlbkFJ',
];
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const ALPHABETS = [ALNUM, '0123456789', '0123456789abcdef', '0123456789 -', 'abcdefghijklmnopqrstuvwxyz0123456789_-'];

describe('mayHoldPatternSecret (the pre-check in front of the patterns)', () => {
  it('never rules out a string of the secret corpus that a pattern matches', () => {
    let matched = 0;
    for (const c of secretCorpus()) {
      for (const s of [c.message, ...strings(c.context), ...c.secrets]) {
        if (!anyPatternMatches(s)) continue;
        matched++;
        expect(mayHoldPatternSecret(s), s).toBe(true);
      }
    }
    expect(matched).toBeGreaterThan(40);
  });

  it('never rules out a random string that a pattern matches (40,000 seeded strings)', () => {
    let seed = 42;
    const next = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    let matched = 0;
    for (let i = 0; i < 40_000; i++) {
      let s = '';
      // Mostly short strings (the length tiers matter there), sometimes long ones.
      const parts = 1 + Math.floor(next() * 3);
      const long = next() < 0.2;
      for (let p = 0; p < parts; p++) {
        s += next() < 0.6 ? (PIECES[Math.floor(next() * PIECES.length)] as string) : '';
        const alphabet = ALPHABETS[Math.floor(next() * ALPHABETS.length)] as string;
        const run = Math.floor(next() * (long ? 110 : 24));
        for (let j = 0; j < run; j++) s += alphabet[Math.floor(next() * alphabet.length)];
      }
      if (!anyPatternMatches(s)) continue;
      matched++;
      expect(mayHoldPatternSecret(s), s).toBe(true);
    }
    expect(matched).toBeGreaterThan(1000);
  });

  it('rules out ordinary text, UUIDs and hex ids without running the patterns', () => {
    for (const s of [
      'User registered',
      'user_registration',
      'user@example.com',
      '123e4567-e89b-12d3-a456-426614174000',
      '4bf92f3577b34da6a3ce929d0e0e4736',
      '9fceb02d0ae598e95dc970b74767f19372d61af8',
      ...lookalikeCorpus().flatMap((c) => strings(c.context)),
    ]) {
      expect(anyPatternMatches(s), s).toBe(false);
    }
    for (const s of [
      'User registered',
      'user_registration',
      '123e4567-e89b-12d3-a456-426614174000',
      '4bf92f3577b34da6a3ce929d0e0e4736',
    ]) {
      expect(mayHoldPatternSecret(s), s).toBe(false);
    }
  });
});

describe('card and SSN checks', () => {
  it('accepts issuer prefixes that pass Luhn and nothing else', () => {
    expect(isCardNumber('4111111111111111')).toBe(true);
    expect(isCardNumber('5500 0000 0000 0004')).toBe(true);
    expect(isCardNumber('4111111111111112')).toBe(false);
    // Luhn-valid but no issuer starts with 1 (an epoch in ms).
    expect(isCardNumber('1000000000009')).toBe(false);
  });

  it('accepts nine digits of a valid SSN only', () => {
    expect(isSsnDigits('219099999')).toBe(true);
    for (const s of [
      '000123456',
      '666123456',
      '912345678',
      '123004567',
      '123450000',
      '12345678',
      '1234567890',
      '12345678a',
    ]) {
      expect(isSsnDigits(s), s).toBe(false);
    }
  });
});

describe('isLuhnValid', () => {
  it('passes a number whose Luhn sum divides by 10 and fails it when one digit changes', () => {
    for (const [valid, broken] of [
      ['4999999999999996', '4999999999999986'],
      ['5999999999999993', '5999999999999994'],
      ['378282246310005', '378282246310006'],
      ['4111111111111111', '5111111111111111'],
    ]) {
      expect(isLuhnValid(valid as string), valid).toBe(true);
      expect(isLuhnValid(broken as string), broken).toBe(false);
    }
  });

  it('ignores every character that is not a digit', () => {
    expect(isLuhnValid('4999 9999-9999/9996')).toBe(true);
    expect(isLuhnValid('4999a9999z9999~9996')).toBe(true);
  });

  it('needs 12 digits or more', () => {
    expect(isLuhnValid('400000000002')).toBe(true);
    expect(isLuhnValid('40000000006')).toBe(false);
  });
});

describe('HTTP authorization credentials', () => {
  const r = new Redactor();

  it('redacts a credential with a digit or token punctuation, or a long mixed-case one', () => {
    for (const text of ['Bearer abc123', 'Bearer abc.def', 'Bearer abcdefGhijkl', 'bearer ABCDEFghijkl']) {
      expect(r.redactString(`x ${text} y`), text).toBe(`x ${REDACTED} y`);
    }
  });

  it('leaves prose: short, single-case or trailing punctuation only', () => {
    for (const text of [
      'the Bearer things',
      'the Bearer abcdefGhijk',
      'the Bearer  abcdefGhijk',
      'the Bearer abcdefghijkl',
      'the Bearer ABCDEFGHIJKL',
      'the Bearer things..',
      'the Bearer things,',
    ]) {
      expect(r.redactString(text), text).toBe(text);
    }
  });
});

describe('URL credentials', () => {
  it('gives the censor the user-info alone and keeps scheme and host', () => {
    const seen: unknown[] = [];
    const r = new Redactor({
      censor: (value) => {
        seen.push(value);
        return '***';
      },
    });
    expect(r.redactString('postgres://app:s3cret@db.internal/main')).toBe('postgres://***@db.internal/main');
    expect(seen).toEqual(['app:s3cret']);
  });
});

describe('mayHoldSecret and mayHoldPatternSecret on short and key=value text', () => {
  it('lets a key=value or key: value through the gate but not through the pattern pre-check', () => {
    for (const text of ['a=b', 'a:b', 'abc:def', 'name=value']) {
      expect(mayHoldSecret(text), text).toBe(true);
      expect(mayHoldPatternSecret(text), text).toBe(false);
    }
    for (const text of ['abc', 'a b', 'plain words here']) {
      expect(mayHoldSecret(text), text).toBe(false);
    }
  });
});

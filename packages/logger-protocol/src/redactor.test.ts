import { describe, expect, it } from 'vitest';
import { InvalidOptionsError } from './errors.js';
import { REDACTED, Redactor } from './redactor.js';
import { isLuhnValid } from './secret-patterns.js';

const r = new Redactor();

describe('Redactor.isSecretKey', () => {
  it('matches secret key names case- and separator-insensitively', () => {
    for (const key of [
      'password',
      'PASSWORD',
      'db_password',
      'userPassword',
      'passwd',
      'secret',
      'client_secret',
      'token',
      'access_token',
      'refreshToken',
      'api_key',
      'X-Api-Key',
      'apikey',
      'Authorization',
      'cookie',
      'Set-Cookie',
      'session_id',
      'csrf',
      'ssn',
      'credit_card',
      'card-number',
      'cvv',
      'private_key',
      'aws_secret_access_key',
    ]) {
      expect(r.isSecretKey(key), key).toBe(true);
    }
  });

  it('leaves ordinary keys alone, including ones that merely contain a secret word', () => {
    for (const key of [
      'user_id',
      'email',
      'tokens_refreshed',
      'token_type',
      'password_length',
      'trace_id',
      'timespan',
    ]) {
      expect(r.isSecretKey(key), key).toBe(false);
    }
  });

  it('adds user keys with the same matching rules', () => {
    const custom = new Redactor({ keys: ['internal-id'] });
    expect(custom.isSecretKey('INTERNAL_ID')).toBe(true);
    expect(custom.isSecretKey('password')).toBe(true);
    expect(new Redactor({ keys: ['internal-id'], defaults: false }).isSecretKey('password')).toBe(false);
  });
});

describe('Redactor.redactString', () => {
  it('redacts Luhn-valid card numbers and keeps other digit runs', () => {
    expect(r.redactString('paid with 4111 1111 1111 1111 today')).toBe(`paid with ${REDACTED} today`);
    expect(r.redactString('card 5500-0000-0000-0004')).toBe(`card ${REDACTED}`);
    expect(r.redactString('card 4111111111111112')).toBe('card 4111111111111112');
    expect(r.redactString('epoch 1732800000000 ms')).toBe('epoch 1732800000000 ms');
  });

  it('redacts SSNs, JWTs, AWS key ids, Bearer credentials and PEM private keys', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJl';
    const pem = '-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----';
    const text = `ssn 123-45-6789 jwt ${jwt} key AKIAIOSFODNN7EXAMPLE auth Bearer abc123._~+/= pem ${pem} end`;
    const out = r.redactString(text);
    for (const secret of ['123-45-6789', jwt, 'AKIAIOSFODNN7EXAMPLE', 'abc123', 'MIIEow'])
      expect(out).not.toContain(secret);
    expect(out).toBe(`ssn ${REDACTED} jwt ${REDACTED} key ${REDACTED} auth ${REDACTED} pem ${REDACTED} end`);
  });

  it('leaves dates, UUIDs and ordinary text unchanged', () => {
    const text = '2025-11-13T19:00:00.123Z user 123e4567-e89b-12d3-a456-426614174000 took 123 ms';
    expect(r.redactString(text)).toBe(text);
  });

  it('applies user patterns and rejects patterns that match the empty string', () => {
    const custom = new Redactor({ patterns: [/acct-\d{4}/] });
    expect(custom.redactString('acct-1234 and acct-9876')).toBe(`${REDACTED} and ${REDACTED}`);
    expect(() => new Redactor({ patterns: [/x*/] })).toThrow(InvalidOptionsError);
    expect(() => new Redactor({ patterns: ['nope' as unknown as RegExp] })).toThrow(/redaction\.patterns\[0\]/);
    expect(() => new Redactor({ keys: [''] })).toThrow(/redaction\.keys/);
  });
});

describe('isLuhnValid', () => {
  it('checks the Luhn sum over 12 or more digits', () => {
    expect(isLuhnValid('4111111111111111')).toBe(true);
    expect(isLuhnValid('4111111111111112')).toBe(false);
    expect(isLuhnValid('0')).toBe(false);
  });
});

describe('Redactor card pattern', () => {
  it('redacts the card layouts people write and leaves UUIDs and ids alone', () => {
    for (const card of [
      '4111111111111111',
      '4111 1111 1111 1111',
      '4111-1111-1111-1111',
      '378282246310005',
      '3782 822463 10005',
      '6011111111111117',
    ]) {
      expect(r.redactString(`card ${card} end`), card).toBe(`card ${REDACTED} end`);
    }
    // Luhn-valid digit runs inside UUID layouts are not cards.
    for (const id of ['41111111-1111-4111-8111-111111111111', '45556200-0000-7000-8000-000000000000']) {
      expect(r.redactString(id), id).toBe(id);
    }
  });
});

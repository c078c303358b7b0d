import { describe, expect, it } from 'vitest';
import { isMeasureKey, keyWords, SecretKeyMatcher } from './secret-keys.js';

const keys = new SecretKeyMatcher(true, [], []);

describe('keyWords', () => {
  it('splits every case style into lower-case singular words', () => {
    expect(keyWords('passwordHash')).toEqual(['password', 'hash']);
    expect(keyWords('PASSWORD_HASH')).toEqual(['password', 'hash']);
    expect(keyWords('X-Api-Keys')).toEqual(['x', 'api', 'key']);
    expect(keyWords('APIKey')).toEqual(['api', 'key']);
    expect(keyWords('user.password 2')).toEqual(['user', 'password', '2']);
    expect(keyWords('cvv2')).toEqual(['cvv2']);
    expect(keyWords('2fa_code')).toEqual(['2fa', 'code']);
    expect(keyWords('address')).toEqual(['address']);
  });
});

describe('SecretKeyMatcher', () => {
  it('finds a secret word anywhere in the key, in any case style', () => {
    for (const key of [
      'password_hash',
      'passwordHash',
      'PasswordHash',
      'passwordhash',
      'db_password',
      'dbpassword',
      'new_password',
      'password_confirmation',
      'signing_key',
      'signingKey',
      'otp',
      'mfa_code',
      'MFA-CODE',
      'two_factor_code',
      'twoFactorCode',
      'pin_code',
      'reset_token',
      'githubToken',
      'x-api-key',
      'X-Amz-Signature',
      'X-Amz-Security-Token',
      'aws_secret_access_key',
      'client_secret',
      'JSESSIONID',
      'PHPSESSID',
      'session_id',
      'set-cookie',
      'proxy-authorization',
      'auth',
      'card_number',
      'creditCard',
      'cvv2',
      'ssn',
      'tax_id',
      'security_answer',
      'private_key_pem',
      'token_value',
    ]) {
      expect(keys.isSecret(key), key).toBe(true);
    }
  });

  it('treats plural and grouping keys as secret, whatever they hold', () => {
    for (const key of [
      'secrets',
      'apiKeys',
      'api_keys',
      'credentials',
      'tokens',
      'passwords',
      'cookies',
      'refresh_tokens',
    ]) {
      expect(keys.isSecret(key), key).toBe(true);
    }
  });

  it('leaves keys that name a fact about a secret, or only contain its letters', () => {
    for (const key of [
      'password_reset_requested',
      'password_length',
      'password_policy',
      'password_hash_algorithm',
      'is_password_set',
      'has_token',
      'token_count',
      'tokens_refreshed',
      'token_type',
      'token_expires_at',
      'max_tokens',
      'prompt_tokens',
      'completion_tokens',
      'signing_key_id',
      'api_key_id',
      'secret_name',
      'otp_sent',
      'cookie_consent',
      'author',
      'authority',
      'keyboard',
      'key',
      'cache_key',
      'idempotency_key',
      'timespan',
      'spin',
      'passenger',
      'session',
      'user_id',
      'trace_id',
      'code',
      'status_code',
    ]) {
      expect(keys.isSecret(key), key).toBe(false);
    }
  });

  it('adds user keys by suffix and honours the allow-list before everything', () => {
    const custom = new SecretKeyMatcher(true, ['internalid'], ['tokentype', 'password']);
    expect(custom.isSecret('x_internal_id')).toBe(true);
    expect(custom.isSecret('Token-Type')).toBe(false);
    expect(custom.isSecret('password')).toBe(false);
    expect(custom.isSecret('db_password')).toBe(true);
  });

  it('knows no built-in word when the defaults are off', () => {
    const bare = new SecretKeyMatcher(false, ['acme'], []);
    expect(bare.isSecret('password')).toBe(false);
    expect(bare.isSecret('dbpassword')).toBe(false);
    expect(bare.isSecret('acme')).toBe(true);
  });
});

describe('isMeasureKey', () => {
  it('recognises keys that count, measure or identify', () => {
    for (const key of ['order_id', 'bytes_sent', 'durationMs', 'amount_cents', 'port', 'order_number']) {
      expect(isMeasureKey(key), key).toBe(true);
    }
    for (const key of ['value', 'reference', 'applicant', 'data']) expect(isMeasureKey(key), key).toBe(false);
  });
});

// Built inside each test, so that the matcher's construction runs under the test.
const fresh = () => new SecretKeyMatcher(true, [], []);

describe('SecretKeyMatcher edges', () => {
  it('finds the secret word whatever separators stand before or after it', () => {
    for (const key of ['password_', '__password__', '-token-', 'api__key', '.secret.']) {
      expect(fresh().isSecret(key), key).toBe(true);
    }
  });

  it('keeps digits in words, and matches a secret word followed by digits', () => {
    expect(keyWords('token12')).toEqual(['token12']);
    expect(keyWords('x509cert')).toEqual(['x509cert']);
    expect(fresh().isSecret('token12')).toBe(true);
    expect(fresh().isSecret('password_base64')).toBe(true);
  });

  it('matches one-word keys ending with a secret term of five letters or more, not a shorter one', () => {
    for (const key of ['githubtoken', 'xapikey', 'dbpassword', 'jsessionid', 'customertaxid', 'appsecret']) {
      expect(fresh().isSecret(key), key).toBe(true);
    }
    for (const key of ['sacred', 'backspin', 'oauth', 'laptop']) {
      expect(fresh().isSecret(key), key).toBe(false);
    }
  });

  it('keeps a secret word secret after a word that only makes token a usage count', () => {
    for (const key of ['input_password', 'output_secret', 'cached_credentials', 'prompt_pin']) {
      expect(fresh().isSecret(key), key).toBe(true);
    }
    // Plural only: `input_token` is Facebook's token to inspect, not a count.
    expect(fresh().isSecret('cached_token')).toBe(true);
    for (const key of ['input_tokens', 'cached_tokens', 'max_tokens']) {
      expect(fresh().isSecret(key), key).toBe(false);
    }
  });
});

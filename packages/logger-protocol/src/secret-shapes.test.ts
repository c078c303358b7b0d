import { describe, expect, it } from 'vitest';
import { Redactor } from './redactor.js';
import { isFlatPairs, isSecretEntry, isSecretFlag, secretPairName } from './secret-shapes.js';

// The shape checks on their own: what makes a `{ name, value }` object, a `[key, value]` entry, a
// flag or a flat header list carry a secret, and what does not (the serializer tests cover them
// only through whole records).

describe('secretPairName: { name, value } objects', () => {
  const redactor = new Redactor();
  const name = (value: Record<string, unknown>) => secretPairName(redactor, value, Object.keys(value));

  it('gives the name of a secret in Kubernetes env, HAR header and AWS parameter objects', () => {
    expect(name({ name: 'DB_PASSWORD', value: 'x' })).toBe('DB_PASSWORD');
    expect(name({ Name: 'Authorization', Value: 'x' })).toBe('Authorization');
    expect(name({ ParameterKey: 'ApiKey', ParameterValue: 'x' })).toBe('ApiKey');
    expect(name({ Key: 'client_secret', Value: 'x' })).toBe('client_secret');
  });

  it('gives nothing when the name is not a secret, not a string, or there is no value field', () => {
    expect(name({ name: 'region', value: 'eu-west-1' })).toBeUndefined();
    expect(name({ name: 42, value: 'x' })).toBeUndefined();
    expect(name({ name: 'password' })).toBeUndefined();
    expect(name({ name: 'password', other: 'x' })).toBeUndefined();
    expect(name({ value: 'x' })).toBeUndefined();
  });

  it('looks at objects of up to six keys only (a record with a name field is not such a pair)', () => {
    const six = { name: 'password', value: 'x', a: 1, b: 2, c: 3, d: 4 };
    expect(name(six)).toBe('password');
    expect(name({ ...six, e: 5 })).toBeUndefined();
  });
});

describe('isSecretFlag: command-line flags whose next argument is a secret', () => {
  const redactor = new Redactor();
  const flag = (arg: unknown) => isSecretFlag(redactor, arg);

  it('takes -p and long flags that name a secret', () => {
    expect(flag('-p')).toBe(true);
    expect(flag('--password')).toBe(true);
    expect(flag('--api-key')).toBe(true);
    expect(flag('--client_secret')).toBe(true);
  });

  it('leaves other flags, words and values alone', () => {
    for (const arg of ['--region', '-x', '-v', '--verbose', '-password', '---password', 'password', 'x--password']) {
      expect(flag(arg), arg).toBe(false);
    }
    expect(flag(`--${'a'.repeat(64)}password`)).toBe(false);
    expect(flag(42)).toBe(false);
    expect(flag(undefined)).toBe(false);
  });
});

describe('isSecretEntry: [key, value] entries', () => {
  const redactor = new Redactor();
  const entry = (item: unknown) => isSecretEntry(redactor, item);

  it('takes a two-item entry whose key is a secret key', () => {
    expect(entry(['password', 'x'])).toBe(true);
    expect(entry(['x-api-key', 'x'])).toBe(true);
  });

  it('leaves entries of other lengths, other keys and non-arrays alone', () => {
    expect(entry(['region', 'x'])).toBe(false);
    expect(entry(['password'])).toBe(false);
    expect(entry(['password', 'x', 'y'])).toBe(false);
    expect(entry([42, 'x'])).toBe(false);
    expect(entry('password')).toBe(false);
    expect(entry({ 0: 'password', 1: 'x', length: 2 })).toBe(false);
  });
});

describe('isFlatPairs: flat header name/value lists (rawHeaders)', () => {
  const pairs = (n: number) =>
    Array.from({ length: n }, (_, i) => (i % 2 === 0 ? (i === 0 ? 'Host' : `x-h${i}`) : `v${i}`));

  it('takes an even list of header-like names and string values with a header every request has', () => {
    expect(isFlatPairs(['Host', 'example.com', 'Authorization', 'Bearer x'])).toBe(true);
    expect(isFlatPairs([':authority', 'example.com', 'cookie', 'a=b'])).toBe(true);
    expect(isFlatPairs(pairs(512))).toBe(true);
  });

  it('leaves short, odd, very long and word lists alone', () => {
    expect(isFlatPairs(['Host', 'example.com'])).toBe(false);
    expect(isFlatPairs(['Host', 'example.com', 'Accept'])).toBe(false);
    expect(isFlatPairs(['Host', 'a', 'Accept', 'b', 'x'])).toBe(false);
    expect(isFlatPairs(pairs(514))).toBe(false);
    expect(isFlatPairs(['x-one', '1', 'x-two', '2'])).toBe(false);
    expect(isFlatPairs(['Host', 'a', 'not a header', 'b'])).toBe(false);
    expect(isFlatPairs(['Host', 1, 'Accept', 'b'])).toBe(false);
    expect(isFlatPairs(['Host', 'a', 2, 'b'])).toBe(false);
  });
});

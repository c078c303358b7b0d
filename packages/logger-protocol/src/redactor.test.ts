import { describe, expect, it } from 'vitest';
import { InvalidOptionsError } from './errors.js';
import { type CensorFunction, REDACTED, Redactor } from './redactor.js';
import { isLuhnValid } from './secret-patterns.js';
import { recordingLogger } from './testing/recording-sink.js';

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

describe('Redactor censor and allowKeys', () => {
  it("removes secret members and cuts matches out with censor: 'remove'", () => {
    const { logger, sink: loggerSink } = recordingLogger({ redaction: { censor: 'remove' } });
    logger.info('call with Bearer abc123.def456', { password: 'hunter2', user: 'ada', nested: { apiKey: 'k' } });
    const [line] = loggerSink.lines;
    expect(JSON.parse(line ?? '{}')).toMatchObject({ message: 'call with ', user: 'ada', nested: {} });
    expect(line).not.toContain('password');
    expect(line).not.toContain('hunter2');
  });

  it('writes what a censor function returns, with the key it was found under', () => {
    const seen: [unknown, string | undefined][] = [];
    const { logger, sink: loggerSink } = recordingLogger({
      redaction: {
        censor: (value, key) => {
          seen.push([value, key]);
          return key === undefined ? '<text>' : `<${key}:${String(value).length}>`;
        },
      },
    });
    logger.info('token=abcdef123', { password: 'hunter2', map: new Map([['secret', 'xyz']]) });
    expect(loggerSink.records[0]).toMatchObject({
      message: 'token=<text>',
      password: '<password:7>',
      map: { secret: '<secret:3>' },
    });
    expect(seen).toContainEqual(['hunter2', 'password']);
  });

  it('falls back to [REDACTED] when the censor function throws or returns a non-string', () => {
    const { logger: throwing, sink: throwingSink } = recordingLogger({
      redaction: {
        censor: () => {
          throw new Error('no');
        },
      },
    });
    throwing.info('x', { password: 'hunter2' });
    expect(throwingSink.records[0]?.password).toBe(REDACTED);
    const numeric = new Redactor({ censor: (() => 42) as unknown as CensorFunction });
    expect(numeric.redactString('password=hunter2')).toBe(`password=${REDACTED}`);
  });

  it('uses any other string as the replacement text', () => {
    expect(new Redactor({ censor: '***' }).redactString('pwd=hunter2 user=ada and Bearer abc123')).toBe(
      'pwd=*** user=ada and ***',
    );
  });

  it('keeps allow-listed keys, compared without case and separators', () => {
    const { logger, sink: loggerSink } = recordingLogger({
      redaction: { allowKeys: ['token-bucket', 'SECRET_SANTA'] },
    });
    logger.info('x', { token_bucket: 'b1', secretSanta: 'ada', token: 't' });
    expect(loggerSink.records[0]).toMatchObject({ token_bucket: 'b1', secretSanta: 'ada', token: REDACTED });
  });

  it('rejects a censor or allowKeys of the wrong type, naming the option', () => {
    expect(() => new Redactor({ censor: 5 as unknown as string })).toThrow(
      /redaction\.censor.*replacement string, 'remove' or a function/,
    );
    expect(() => new Redactor({ allowKeys: [''] })).toThrow(/redaction\.allowKeys/);
    expect(() => new Redactor({ allowKeys: 'token' as unknown as string[] })).toThrow(InvalidOptionsError);
  });

  it('applies user patterns to short strings and to trace ids', () => {
    const r2 = new Redactor({ patterns: [/\bPIN\d{3}\b/] });
    expect(r2.redactString('PIN123')).toBe(REDACTED);
    expect(r2.isSecretId('PIN123')).toBe(true);
    expect(r2.isSecretId('order-7781-abc')).toBe(false);
  });

  it('applies a pattern censor to the secret part of a match only', () => {
    const r2 = new Redactor({
      defaults: false,
      patterns: [{ name: 'acct', pattern: /acct=\d+/g, censor: (m, censor) => `acct=${censor(m.slice(5))}` }],
    });
    expect(r2.redactString('see acct=12345 now')).toBe(`see acct=${REDACTED} now`);
  });
});

describe('Redactor on numbers and free text', () => {
  it('redacts a card number given as a number or BigInt, and an SSN number by its key; not counts, ids and epochs', () => {
    const { logger, sink: loggerSink } = recordingLogger();
    logger.info('x', {
      card: 4111111111111111,
      big: 4111111111111111n,
      negative: -4111111111111111,
      list: [378282246310005, 219099999],
      id_number: 219099999,
      reference: 219099999,
      order_id: 4000000000000002,
      bytes_sent: 219099999,
      external: 234567890,
      at: 1732800000000,
      not_luhn: 4111111111111112,
      small: 12345678,
    });
    expect(loggerSink.records[0]).toMatchObject({
      card: REDACTED,
      big: REDACTED,
      negative: REDACTED,
      list: [REDACTED, 219099999],
      id_number: REDACTED,
      reference: 219099999,
      order_id: 4000000000000002,
      bytes_sent: 219099999,
      external: 234567890,
      at: 1732800000000,
      not_luhn: 4111111111111112,
      small: 12345678,
    });
  });

  it('redacts URL credentials and secret query parameters but keeps scheme, host, path and other parameters', () => {
    expect(r.redactString('postgres://app:s3cr3t@db.internal:5432/orders')).toBe(
      `postgres://${REDACTED}@db.internal:5432/orders`,
    );
    expect(r.redactString('GET https://x.io/cb?code=1&access_token=abc.def&page=2#top')).toBe(
      `GET https://x.io/cb?code=1&access_token=${REDACTED}&page=2#top`,
    );
    expect(r.redactString('https://ada@example.com/path')).toBe('https://ada@example.com/path');
  });

  it('redacts values of secret keys in key=value, key: value, quoted and header forms', () => {
    expect(r.redactString('password=hunter22 user=ada')).toBe(`password=${REDACTED} user=ada`);
    expect(r.redactString('token: abc123xyz, next: 2')).toBe(`token: ${REDACTED}, next: 2`);
    expect(r.redactString('Authorization: Basic dXNlcjpwYXNz')).toBe(`Authorization: ${REDACTED}`);
    expect(r.redactString('{"api_key": "k-123", "region": "eu"}')).toBe(`{"api_key": "${REDACTED}", "region": "eu"}`);
    expect(r.redactString("secret => 'abc'")).toBe(`secret => '${REDACTED}'`);
    expect(r.redactString('token_count=5 author=ada time: 12:30')).toBe('token_count=5 author=ada time: 12:30');
    expect(r.redactString('password=')).toBe('password=');
  });

  it('tells a credential after an HTTP scheme word from prose', () => {
    expect(r.redactString('sent Bearer abc.def')).toBe(`sent ${REDACTED}`);
    expect(r.redactString('Basic plan. The bearer of bad news.')).toBe('Basic plan. The bearer of bad news.');
    expect(r.redactString('Digest AbCdEfGhIjKlMn')).toBe(REDACTED);
  });
});

describe('Redactor options', () => {
  it('rejects options that are not an object, naming redaction and what it takes', () => {
    for (const options of [null, 'x', 1]) {
      expect(() => new Redactor(options as never)).toThrow(
        expect.objectContaining({
          name: 'InvalidOptionsError',
          option: 'redaction',
          message: expect.stringContaining('expected an object with keys, patterns, allowKeys, censor and defaults'),
        }),
      );
    }
  });

  it('redacts with the built-in rules when built without options or with empty ones', () => {
    for (const redactor of [
      new Redactor(),
      new Redactor({}),
      new Redactor({ keys: [], patterns: [], allowKeys: [] }),
    ]) {
      expect(redactor.redactString('password=hunter2 user=ada card 4111 1111 1111 1111')).toBe(
        `password=${REDACTED} user=ada card ${REDACTED}`,
      );
      expect(redactor.isSecretKey('user_id')).toBe(false);
    }
  });

  it('rejects keys that are not strings, naming the option', () => {
    expect(() => new Redactor({ keys: [42 as never] })).toThrow(
      expect.objectContaining({ option: 'redaction.keys', message: expect.stringContaining('non-empty key names') }),
    );
  });

  it('rejects a pattern entry that is neither a RegExp nor an object holding one', () => {
    for (const entry of [null, 'acme_[a-z]+', { name: 'x', pattern: 'acme' }]) {
      expect(() => new Redactor({ patterns: [entry as never] }), String(entry)).toThrow(
        expect.objectContaining({
          option: 'redaction.patterns[0]',
          message: expect.stringContaining('expected a RegExp'),
        }),
      );
    }
  });

  it('rejects a pattern that matches the empty string with its own flags, and says so', () => {
    expect(() => new Redactor({ patterns: [/\p{Lu}*/u] })).toThrow(/matches the empty string/);
    expect(() => new Redactor({ patterns: [/x?/y] })).toThrow(/matches the empty string/);
  });

  it('accepts patterns with flags, global or not, and replaces every match', () => {
    const redactor = new Redactor({ patterns: [/acme_\d+/gi, /zeta_\d+/] });
    expect(redactor.redactString('ACME_1 acme_2 zeta_3 zeta_4')).toBe(
      `${REDACTED} ${REDACTED} ${REDACTED} ${REDACTED}`,
    );
  });

  it('redacts only the matches a pattern accepts', () => {
    const redactor = new Redactor({
      patterns: [{ name: 'odd', pattern: /n\d/g, accept: (m) => Number(m[1]) % 2 === 1 }],
    });
    expect(redactor.redactString('n1 n2 n3')).toBe(`${REDACTED} n2 ${REDACTED}`);
    expect(redactor.isSecretId('n2')).toBe(false);
    expect(redactor.isSecretId('n3')).toBe(true);
  });

  it('applies a user pattern to ids whatever its name', () => {
    const redactor = new Redactor({ patterns: [{ name: 'us_ssn', pattern: /id-\d{3}/g }] });
    expect(redactor.isSecretId('id-123')).toBe(true);
  });
});

describe('Redactor at the edges of length', () => {
  it('redacts the value of a six-character key=value and the shortest URL credentials', () => {
    expect(r.redactString('pwd=ab')).toBe(`pwd=${REDACTED}`);
    expect(r.isSecretId('://:@x')).toBe(true);
  });

  it('refuses an id with a bearer credential but not one with a bearer of prose', () => {
    expect(r.isSecretId('Bearer abc123')).toBe(true);
    expect(r.isSecretId('Bearer news')).toBe(false);
  });
});

describe('Redactor.isSecretNumber', () => {
  it('finds a card number of 13 to 19 digits and nothing shorter or longer', () => {
    expect(r.isSecretNumber('4222222222222', undefined)).toBe(true);
    const n19 = 4000000000000003000;
    expect(r.isSecretNumber(String(n19), undefined)).toBe(true);
    // Luhn-valid with a card prefix, but 12 and 20 digits.
    expect(r.isSecretNumber('400000000002', undefined)).toBe(false);
    expect(r.isSecretNumber('40000000000000000002', undefined)).toBe(false);
    expect(isLuhnValid('40000000000000000002')).toBe(true);
  });

  it('leaves a fractional number alone even when its digits would pass as a card', () => {
    const n = 411111111111.1111;
    expect(String(n)).toBe('411111111111.1111');
    expect(r.isSecretNumber(String(n), undefined)).toBe(false);
  });

  it('finds nothing with the defaults off', () => {
    const plain = new Redactor({ defaults: false });
    expect(plain.isSecretNumber('4111111111111111', undefined)).toBe(false);
    expect(plain.isSecretNumber('219099999', undefined)).toBe(false);
  });
});

describe('Redactor key=value fragments', () => {
  it('gives the censor the value alone', () => {
    const lengths = new Redactor({ censor: (value) => `<${String(value).length}>` });
    expect(lengths.redactString('password=hunter2 ok=1')).toBe('password=<7> ok=1');
  });

  it('leaves an empty value and a key at the very end as they are', () => {
    expect(r.redactString('password=&page=2')).toBe('password=&page=2');
    expect(r.redactString('the password:')).toBe('the password:');
  });

  it('redacts a quoted value to the end of the text when its quote is not closed', () => {
    expect(r.redactString('password="hunter2 and more')).toBe(`password="${REDACTED}`);
  });

  it('redacts the credential of every authorization scheme with its scheme word', () => {
    for (const scheme of ['Token', 'NTLM', 'AWS4-HMAC-SHA256', 'Bearer', 'Bot', 'SSWS']) {
      expect(r.redactString(`Authorization: ${scheme} abcdef123, next: 1`), scheme).toBe(
        `Authorization: ${REDACTED}, next: 1`,
      );
    }
  });
});

describe('Redactor with the built-in rules off, and ids with separators', () => {
  it('applies no built-in pattern when defaults are off, and never throws', () => {
    const plain = new Redactor({ defaults: false });
    expect(plain.redactString(`Bearer abc123def and ghp_${'aB3'.repeat(12)}`)).toBe(
      `Bearer abc123def and ghp_${'aB3'.repeat(12)}`,
    );
    expect(plain.isSecretId('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJl')).toBe(false);
  });

  it('accepts ids holding a colon or an equals sign when no secret key is involved', () => {
    expect(r.isSecretId('order:7781')).toBe(false);
    expect(r.isSecretId('tenant=acme;req=42')).toBe(false);
    expect(r.isSecretId('req=42;token=abc123def')).toBe(true);
  });
});

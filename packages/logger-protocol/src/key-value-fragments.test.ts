import { describe, expect, it } from 'vitest';
import { REDACTED, Redactor } from './redactor.js';

// Where a key=value secret ends, stated case by case (the rules are in key-value-fragments.ts).
const redact = (text: string) => new Redactor().redactString(text);
const R = REDACTED;

describe('key=value fragments: query parameters', () => {
  it('ends a query parameter at whitespace, # or &, and other values at the next pair or the line end', () => {
    expect(redact('GET /cb?token=abc123 then more')).toBe(`GET /cb?token=${R} then more`);
    expect(redact('GET /cb?a=1&password=x1 then more')).toBe(`GET /cb?a=1&password=${R} then more`);
    expect(redact('GET /cb?token=abc123#frag')).toBe(`GET /cb?token=${R}#frag`);
    expect(redact('x password=abc then more')).toBe(`x password=${R}`);
    expect(redact('x?password: abc then more')).toBe(`x?password: ${R}`);
    expect(redact('x?"password"=abc then more')).toBe(`x?"password"=${R}`);
  });
});

describe('key=value fragments: cookie lines', () => {
  it('redacts every value of a Cookie or Set-Cookie line, whatever the cookie names', () => {
    expect(redact('Cookie: theme=dark; lang=en')).toBe(`Cookie: ${R}`);
    expect(redact('set-cookie: a=b; Path=/')).toBe(`set-cookie: ${R}`);
    expect(redact('SET_COOKIE: a=b; c=d')).toBe(`SET_COOKIE: ${R}`);
  });
});

describe('key=value fragments: prose after a weak secret word', () => {
  it('redacts structured forms always', () => {
    expect(redact('{"token": abc}')).toBe(`{"token": ${R}}`);
    expect(redact('token: "abc"')).toBe(`token: "${R}"`);
    expect(redact('token=abc')).toBe(`token=${R}`);
  });

  it('redacts a prose value only when one of its first two words looks like a credential', () => {
    expect(redact('token: abc')).toBe('token: abc');
    expect(redact('token: abcdef1')).toBe(`token: ${R}`);
    expect(redact('token: abcdefghijklmnop')).toBe(`token: ${R}`);
    expect(redact('token: abcdefghijklmno')).toBe('token: abcdefghijklmno');
    expect(redact('token: abcDef')).toBe(`token: ${R}`);
    expect(redact('token: Abcdef')).toBe('token: Abcdef');
    expect(redact('token: abc-de')).toBe(`token: ${R}`);
    expect(redact('token: abcde.')).toBe('token: abcde.');
    expect(redact('token: word abc123x')).toBe(`token: ${R}`);
    expect(redact('token: a b abc123x')).toBe('token: a b abc123x');
    expect(redact('token: abcde1, ok')).toBe(`token: ${R}`);
  });
});

describe('key=value fragments: command-line flags', () => {
  it('redacts the value after a secret flag, quotes kept, and a user:password after -u', () => {
    expect(redact("run --password 'hunter2' -v")).toBe(`run --password '${R}' -v`);
    expect(redact('run --token abc123def x password=hunter2')).toBe(`run --token ${R} x password=${R}`);
    expect(redact('curl -u admin:pw123 https://x')).toBe(`curl -u ${R} https://x`);
    expect(redact('mysql -u admin -v --port 80')).toBe('mysql -u admin -v --port 80');
  });
});

describe('key=value fragments: brackets, quotes and delimiters', () => {
  it('keeps brackets the value opened, and ends at one opened before the key', () => {
    expect(redact('password=a(b)c d=1')).toBe(`password=${R} d=1`);
    expect(redact('[password=a(b)c] x')).toBe(`[password=${R}] x`);
    expect(redact('(password=abc) y')).toBe(`(password=${R}) y`);
    expect(redact('(x) password=abc) y')).toBe(`(x) password=${R}`);
    expect(redact('(\npassword=abc) y')).toBe(`(\npassword=${R}`);
    // A bracket is looked for at most 512 characters back.
    expect(redact(`(${'x'.repeat(510)} password=abc) y`)).toBe(`(${'x'.repeat(510)} password=${R}) y`);
    expect(redact(`(${'x'.repeat(511)} password=abc) y`)).toBe(`(${'x'.repeat(511)} password=${R}`);
  });

  it('ends at a delimiter before the next pair, and trims it', () => {
    expect(redact('password=abc, user=ada')).toBe(`password=${R}, user=ada`);
    expect(redact('password=abc;user=ada')).toBe(`password=${R};user=ada`);
    expect(redact('say password=abc&user=ada')).toBe(`say password=${R}&user=ada`);
    expect(redact('password=abc  user=ada')).toBe(`password=${R}  user=ada`);
    expect(redact('password=abc user')).toBe(`password=${R}`);
    expect(redact('password=a b=')).toBe(`password=${R}`);
    expect(redact('password=abc ,user=ada')).toBe(`password=${R} ,user=ada`);
    expect(redact('password=abc,\nuser=ada')).toBe(`password=${R},\nuser=ada`);
  });

  it('takes an apostrophe between letters for part of a quoted value, curly quotes included', () => {
    expect(redact("password='it's-a-secret' x")).toBe(`password='${R}' x`);
    expect(redact('password=\u2018it\u2019s-secret\u2019 x')).toBe(`password=\u2018${R}\u2019 x`);
    expect(redact("password='abc' 'x'")).toBe(`password='${R}' 'x'`);
  });

  it('closes an escaped quote only with the same number of backslashes', () => {
    expect(redact('{\\"password\\":\\"ab\\\\\\"cd\\"}')).toBe(`{\\"password\\":\\"${R}\\"}`);
  });
});

describe('key=value fragments: percent-encoded keys', () => {
  it('decodes a form key as browsers send it before deciding', () => {
    expect(redact('POST /login body user%5Bpassword%5D=hunter2&remember=1')).toBe(
      `POST /login body user%5Bpassword%5D=${R}&remember=1`,
    );
    expect(redact('GET /cb?access%5Ftoken=abcdef123456&page=2')).toBe(`GET /cb?access%5Ftoken=${R}&page=2`);
    expect(redact('GET /cb?pass%77ord=hunter2')).toBe(`GET /cb?pass%77ord=${R}`);
    expect(redact('GET /cb?PASS%57ORD=hunter2')).toBe(`GET /cb?PASS%57ORD=${R}`);
  });

  it('leaves a key alone when its percent signs are not escapes, and its value with it', () => {
    expect(redact('GET /cb?pass%zzword=hunter2')).toBe('GET /cb?pass%zzword=hunter2');
    expect(redact('GET /cb?pass%7word=hunter2')).toBe('GET /cb?pass%7word=hunter2');
    expect(redact('GET /cb?user%5Bname%5D=ada&rate=50%')).toBe('GET /cb?user%5Bname%5D=ada&rate=50%');
    // An escape that decodes to bytes that are not UTF-8 is no key name either.
    expect(redact('GET /cb?pass%C3word=hunter2')).toBe('GET /cb?pass%C3word=hunter2');
  });
});

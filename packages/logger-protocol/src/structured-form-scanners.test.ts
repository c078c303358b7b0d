import { describe, expect, it } from 'vitest';
import { commandLineSpans, mayHoldCommandSecret } from './command-line-secrets.js';
import { FORM_TRIGGER, looksLikeCredential, mayHoldKeyValue } from './key-value-fragments.js';
import { kubernetesSecretSpans } from './kubernetes-secret.js';
import { markupSecretSpans } from './markup-secrets.js';
import { mayHoldNextLineValue, nextLineValueSpans, type Span } from './next-line-values.js';
import { mayHoldProseSecret, proseSecretSpans } from './prose-secrets.js';
import { Redactor } from './redactor.js';
import { mayHoldSecret } from './secret-patterns.js';
import { mayHoldSqlSecret, sqlSecretSpans } from './sql-secrets.js';

// Each scanner of a structured form on its own: the exact spans it censors, shown as [..].
const secretKey = (key: string) => new Redactor().isSecretKey(key);

function mark(text: string, spans: readonly Span[]): string {
  let out = '';
  let at = 0;
  for (const [from, to] of [...spans].sort((a, b) => a[0] - b[0])) {
    out += `${text.slice(at, from)}[${text.slice(from, to)}]`;
    at = to;
  }
  return out + text.slice(at);
}

describe('next-line-values', () => {
  const next = (text: string) => mark(text, nextLineValueSpans(text, secretKey));

  it('needs a colon before the last line break', () => {
    expect(mayHoldNextLineValue('a:\nb')).toBe(true);
    expect(mayHoldNextLineValue(':\n')).toBe(true);
    expect(mayHoldNextLineValue('a\nb:')).toBe(false);
    expect(mayHoldNextLineValue('\n:')).toBe(false);
    expect(mayHoldNextLineValue('a: b')).toBe(false);
    expect(next('x\npassword: 1')).toBe('x\npassword: 1');
  });

  it('reads key lines: quoted, sequence items, indicators, after other text', () => {
    expect(next("'password':\n  a1")).toBe("'password':\n  [a1]");
    expect(next('- secret :\n  a1 \n')).toBe('- secret :\n  [a1] \n');
    expect(next('token: |+2\n  a1\n  b2\nx')).toBe('token: |+2\n  [a1\n  b2]\nx');
    expect(next('token: >\n\ta1\n')).toBe('token: >\n\t[a1]\n');
    expect(next('Error: password: |\n  a1\n    at f (x.js:1:2)')).toBe(
      'Error: password: |\n  [a1]\n    at f (x.js:1:2)',
    );
    expect(next('Error: password:\n    at f (x.js:1:2)\n    at g (y.js:3)')).toBe(
      'Error: password:\n    at f (x.js:1:2)\n    at g (y.js:3)',
    );
    expect(next('password:\n  at home today')).toBe('password:\n  [at home today]');
    expect(next('password: x\n  y')).toBe('password: x\n  y');
    expect(next('"password\':\n  a1')).toBe('"password\':\n  a1');
    expect(next('password: |x\n  a1')).toBe('password: |x\n  a1');
  });

  it('bounds the key line', () => {
    const key = `${'a'.repeat(55)}_password`;
    expect(next(`${key}:\n  a1`)).toBe(`${key}:\n  [a1]`);
    expect(next(`a${key}:\n  a1`)).toBe(`a${key}:\n  a1`);
    const long = `${'x '.repeat(74)}pw_secret:`;
    expect(long.length).toBe(158);
    expect(next(`${long}\n  a1`)).toBe(`${long}\n  [a1]`);
    expect(next(`x ${long}\n  a1`)).toBe(`x ${long}\n  [a1]`);
    expect(next(`xx ${long}\n  a1`)).toBe(`xx ${long}\n  a1`);
  });

  it('takes the deeper lines, blank lines inside, and stops at one as shallow as the key', () => {
    expect(next('  password:\n    a1\n\n    b2\n\n  c: 3')).toBe('  password:\n    [a1\n\n    b2]\n\n  c: 3');
    expect(next('  password:\n  a1')).toBe('  password:\n  a1');
    expect(next('password:\r\n  a1\r\nb')).toBe('password:\r\n  [a1]\r\nb');
    expect(next('password:\n  a1   ')).toBe('password:\n  [a1]   ');
    expect(next('password:\n \n')).toBe('password:\n \n');
  });

  it('keeps the names of a nested mapping and the dash of a sequence item', () => {
    expect(next('secrets:\n  db: a1\n  q:\n  - b2\n  -c3\n')).toBe('secrets:\n  db: [a1]\n  q:\n  - [b2]\n  [-c3]\n');
    expect(next('secrets:\n  - db: a1 \n')).toBe('secrets:\n  - db: [a1] \n');
    expect(next('auth:\n  enabled: true\n  on: Off\n  x: ~\n  y: null\n  z: yes\n  w: NO\n  type: basic')).toBe(
      'auth:\n  enabled: true\n  on: Off\n  x: ~\n  y: null\n  z: yes\n  w: NO\n  type: [basic]',
    );
    expect(next('auth:\n  a: truex\n  b: xfalse')).toBe('auth:\n  a: [truex]\n  b: [xfalse]');
    expect(next('password: |\n  db: a1\n')).toBe('password: |\n  [db: a1]\n');
  });
});

describe('kubernetes-secret', () => {
  const k8s = (text: string) => mark(text, kubernetesSecretSpans(text));

  it('needs kind: Secret in the same document, at the data line indentation', () => {
    expect(k8s('kind: Secret\ndata:\n  a: b1\n  c: |\n    d2\n    e3\n  f:\n')).toBe(
      'kind: Secret\ndata:\n  a: [b1]\n  c: |\n    [d2]\n    [e3]\n  f:\n',
    );
    expect(k8s("'kind': 'Secret'\n\"stringData\":\n  a: b1   \n\n  c: d2\nx: 1\n  y: 2")).toBe(
      "'kind': 'Secret'\n\"stringData\":\n  a: [b1]   \n\n  c: [d2]\nx: 1\n  y: 2",
    );
    expect(k8s('kind: Secret\n  data:\n    a: b1')).toBe('kind: Secret\n  data:\n    a: b1');
    expect(k8s('kind: Secret\n---\ndata:\n  a: b1')).toBe('kind: Secret\n---\ndata:\n  a: b1');
    expect(k8s('kind: Secrets\ndata:\n  a: b1')).toBe('kind: Secrets\ndata:\n  a: b1');
    expect(k8s('kind: Secret\ndata: x\n  a: b1')).toBe('kind: Secret\ndata: x\n  a: b1');
    expect(k8s('kind: Secret\nmydata:\n  a: b1')).toBe('kind: Secret\nmydata:\n  a: b1');
    expect(k8s(`kind: Secret${' '.repeat(60)}\ndata:\n  a: b1`)).toBe(`kind: Secret${' '.repeat(60)}\ndata:\n  a: b1`);
    expect(k8s(`kind: Secret\ndata:${' '.repeat(60)}\n  a: b1`)).toBe(`kind: Secret\ndata:${' '.repeat(60)}\n  a: b1`);
    expect(k8s('kind: Secret\ndata:\n  a: b1\ndata:\n  c: d2')).toBe(
      'kind: Secret\ndata:\n  a: [b1]\ndata:\n  c: [d2]',
    );
    expect(k8s('a: Secret\ndata:\n  a: b1')).toBe('a: Secret\ndata:\n  a: b1');
  });

  it('reads JSON objects to their closing brace, escaped quotes and all', () => {
    expect(k8s('{"kind":"Secret","data":{"a":"b1","c":"d\\"2"},"x":"y"}')).toBe(
      '{"kind":"Secret","data":{"a":"[b1]","c":"[d\\"2]"},"x":"y"}',
    );
    expect(k8s('{\\"kind\\": \\"Secret\\", \\"stringData\\" : {\\"a\\":\\"b1\\"}, \\"x\\":\\"y\\"}')).toBe(
      '{\\"kind\\": \\"Secret\\", \\"stringData\\" : {\\"a\\":\\"[b1]\\"}, \\"x\\":\\"y\\"}',
    );
    expect(k8s('{"kind":"Secret","data":{"a":""},"b":"c"}')).toBe('{"kind":"Secret","data":{"a":""},"b":"c"}');
    expect(k8s('{"kind":"Secret","data":{"a":"b1')).toBe('{"kind":"Secret","data":{"a":"[b1]');
    expect(k8s('{"kind":"Secret","data":{"a":"b1"')).toBe('{"kind":"Secret","data":{"a":"[b1]"');
    expect(k8s('{"kind":"Secret","data":{"a":1},"b":"c"}')).toBe('{"kind":"Secret","data":{"a":1},"b":"c"}');
    expect(k8s('{"kind":"ConfigMap","data":{"a":"b1"}}')).toBe('{"kind":"ConfigMap","data":{"a":"b1"}}');
    expect(k8s('{"kind":"Secret"} {"data":{"a":"b1"}} {"data":{"c":"d2"}}')).toBe(
      '{"kind":"Secret"} {"data":{"a":"[b1]"}} {"data":{"c":"[d2]"}}',
    );
  });
});

describe('sql-secrets', () => {
  const sql = (text: string) => mark(text, sqlSecretSpans(text));

  it('needs identified or password', () => {
    expect(mayHoldSqlSecret('x identified by')).toBe(true);
    expect(mayHoldSqlSecret("Password 'x'")).toBe(true);
    expect(mayHoldSqlSecret("Password\n'x'")).toBe(true);
    expect(mayHoldSqlSecret('Password "x"')).toBe(false);
    expect(mayHoldSqlSecret('SET PASSWORD = x')).toBe(true);
    expect(mayHoldSqlSecret('set\tpassword for u')).toBe(true);
    expect(mayHoldSqlSecret('reset password for u')).toBe(false);
    expect(mayHoldSqlSecret('IDENTIFY BY x')).toBe(false);
    expect(mayHoldSqlSecret('unidentified by x')).toBe(false);
    expect(mayHoldSqlSecret('password=x')).toBe(false);
    expect(mayHoldSqlSecret('password x')).toBe(false);
  });

  it('takes quoted literals after IDENTIFIED BY / AS, PASSWORD and SET PASSWORD', () => {
    expect(sql('x IDENTIFIED\tBY `p1`')).toBe('x IDENTIFIED\tBY `[p1]`');
    expect(sql("x IDENTIFIED WITH 'caching_sha2_password' AS '$A$005'")).toBe(
      "x IDENTIFIED WITH 'caching_sha2_password' AS '[$A$005]'",
    );
    expect(sql("the password 'p1' is weak")).toBe("the password '[p1]' is weak");
    expect(sql("WITH PASSWORD 'p''1' LOGIN")).toBe("WITH PASSWORD '[p''1]' LOGIN");
    expect(sql('password "must" be longer')).toBe('password "must" be longer');
    expect(sql("password 'p1")).toBe("password '[p1]");
    expect(sql('password p1')).toBe('password p1');
    expect(sql("SET PASSWORD = 'p1'; SET x = 1")).toBe("SET PASSWORD = '[p1]'; SET x = 1");
    expect(sql("SET PASSWORD FOR u = PASSWORD ( 'p1' )")).toBe("SET PASSWORD FOR u = PASSWORD ( '[p1]' )");
  });

  it('takes a bare word only from a statement', () => {
    expect(sql('CREATE USER u IDENTIFIED BY p1;')).toBe('CREATE USER u IDENTIFIED BY [p1];');
    expect(sql('create user u identified by p1)')).toBe('create user u identified by [p1])');
    expect(sql('grant all to u identified by p1')).toBe('grant all to u identified by [p1]');
    expect(sql('set password = p1')).toBe('set password = [p1]');
    expect(sql('customer identified by phone')).toBe('customer identified by phone');
    expect(sql('IDENTIFIED BY p1')).toBe('IDENTIFIED BY [p1]');
    expect(sql('CREATE USER u IDENTIFIED BY\n  at x')).toBe('CREATE USER u IDENTIFIED BY\n  at x');
    expect(sql('CREATE USER u IDENTIFIED BY NULL')).toBe('CREATE USER u IDENTIFIED BY NULL');
    expect(sql('ALTER USER u IDENTIFIED BY DEFAULT')).toBe('ALTER USER u IDENTIFIED BY DEFAULT');
    expect(sql(`create user\n${'x'.repeat(400)} identified by p1`)).toBe(
      `create user\n${'x'.repeat(400)} identified by p1`,
    );
    expect(sql(`create ${'x'.repeat(300)} identified by p1`)).toBe(`create ${'x'.repeat(300)} identified by p1`);
    expect(sql(`create ${'x'.repeat(290)} identified by p1`)).toBe(`create ${'x'.repeat(290)} identified by [p1]`);
  });
});

describe('markup-secrets', () => {
  const xml = (text: string) => mark(text, markupSecretSpans(text, secretKey));

  it('censors the text of secret elements, trimmed, namespace dropped', () => {
    expect(xml('<a:password>\n p1 \n</a:password>')).toBe('<a:password>\n [p1] \n</a:password>');
    expect(xml('<token>t1</token\t>')).toBe('<token>[t1]</token\t>');
    expect(xml('<token>t1</tokens>')).toBe('<token>t1</tokens>');
    expect(xml('<token>t1</token')).toBe('<token>t1</token');
    expect(xml('<token> </token>')).toBe('<token> </token>');
    expect(xml('<token/>t1</token>')).toBe('<token/>t1</token>');
    expect(xml('<1token>t1</1token>')).toBe('<1token>t1</1token>');
    expect(xml('<token t1</token>')).toBe('<token t1</token>');
    expect(xml('<_secret>s1</_secret>')).toBe('<_secret>[s1]</_secret>');
    expect(xml('<token>t1')).toBe('<token>t1');
  });

  it('censors the value of a name/value element whose name is a secret', () => {
    expect(xml('<add KEY = "api_key" Value=\'v1\'/>')).toBe('<add KEY = "api_key" Value=\'[v1]\'/>');
    expect(xml('<add value="v1" name="password"/>')).toBe('<add value="[v1]" name="password"/>');
    expect(xml('<add name="password" value=""/>')).toBe('<add name="password" value=""/>');
    expect(xml('<add name="mode" value="v1"/>')).toBe('<add name="mode" value="v1"/>');
    expect(xml('<add label="password" value="v1"/>')).toBe('<add label="password" value="v1"/>');
    expect(xml('<add name="password" values="v1"/>')).toBe('<add name="password" values="v1"/>');
    expect(xml('<add name="password" other="v1">')).toBe('<add name="password" other="v1">');
    expect(xml('<add name="password">')).toBe('<add name="password">');
  });
});

describe('command-line-secrets', () => {
  const cmd = (text: string) => mark(text, commandLineSpans(text));

  it('needs a flag after a space, and the tool name standing alone before it', () => {
    expect(mayHoldCommandSecret('mysql -pX')).toBe(true);
    expect(mayHoldCommandSecret('mysql\t-pX')).toBe(false);
    expect(cmd('mymysql -pX')).toBe('mymysql -pX');
    expect(cmd('x.mysql -pX')).toBe('x.mysql -pX');
    expect(cmd('mysql-client -pX')).toBe('mysql-client -pX');
    expect(cmd('(mysql -pX)')).toBe('(mysql -p[X)]');
    expect(cmd('mysqldump -pX && mariadb -pY; mysqlx -pZ')).toBe('mysqldump -p[X] && mariadb -p[Y]; mysqlx -pZ');
  });

  it('reads arguments with quotes, up to the end of the command', () => {
    expect(cmd('mysql "-pa b" -h x')).toBe('mysql "-p[a b]" -h x');
    expect(cmd("mysql -p'a b")).toBe("mysql -p['a b]");
    expect(cmd('mysql -p"" x')).toBe('mysql -p"" x');
    expect(cmd('mysql -h x\n-pX')).toBe('mysql -h x\n-pX');
    expect(cmd('mysql -h x | y -pX')).toBe('mysql -h x | y -pX');
    expect(cmd(`mysql ${'-h '.repeat(64)}-pX`)).toBe(`mysql ${'-h '.repeat(64)}-pX`);
    expect(cmd(`mysql ${'-h '.repeat(63)}-pX`)).toBe(`mysql ${'-h '.repeat(63)}-p[X]`);
  });

  it('knows each tool', () => {
    expect(cmd('sshpass -p -x; sshpass -p "a b" ssh')).toBe('sshpass -p -x; sshpass -p "[a b]" ssh');
    expect(cmd('podman login -pX r && docker --debug login -p Y r')).toBe(
      'podman login -p[X] r && docker --debug login -p [Y] r',
    );
    expect(cmd('docker pull -p X login')).toBe('docker pull -p X login');
    expect(cmd('docker -p X')).toBe('docker -p X');
    expect(cmd('redis-cli -a -x; redis-cli --pass= x')).toBe('redis-cli -a -x; redis-cli --pass= x');
    expect(cmd('redis-cli -pX -a')).toBe('redis-cli -pX -a');
    expect(cmd('curl -u-x:y; curl --user=; curl -pX')).toBe('curl -u-x:y; curl --user=; curl -pX');
    expect(cmd('htpasswd -Bb f u p1; htpasswd -bn u p2; htpasswd -b f u')).toBe(
      'htpasswd -Bb f u [p1]; htpasswd -bn u [p2]; htpasswd -b f u',
    );
    expect(cmd('htpasswd -c f u p1; htpasswd -b -- f u p2')).toBe('htpasswd -c f u p1; htpasswd -b -- f u [p2]');
    expect(cmd("htpasswd -b f u 'p 1'")).toBe("htpasswd -b f u '[p 1]'");
  });
});

describe('prose-secrets', () => {
  const prose = (text: string) => mark(text, proseSecretSpans(text, secretKey, looksLikeCredential));

  it('needs a dash, a long dash or is between spaces', () => {
    expect(mayHoldProseSecret('a -b')).toBe(true);
    expect(mayHoldProseSecret('a is b')).toBe(true);
    expect(mayHoldProseSecret('a \u2013b')).toBe(true);
    expect(mayHoldProseSecret('a \u2014b')).toBe(true);
    expect(mayHoldProseSecret('this-is a')).toBe(false);
  });

  it('takes the word after a one- or two-word secret name', () => {
    expect(prose('Session ID - abc123x.')).toBe('Session ID - [abc123x].');
    expect(prose('x token \u2014 "abc123x"')).toBe('x token \u2014 "[abc123x]"');
    expect(prose('the secret is Zq9xxxx!')).toBe('the secret is [Zq9xxxx!]');
    expect(prose('a-password is Zq9xxxx')).toBe('a-password is Zq9xxxx');
    expect(prose('password is -Zq9xxxx')).toBe('password is -Zq9xxxx');
    expect(prose('password  is  Zq9xxxx')).toBe('password  is  [Zq9xxxx]');
    expect(prose('password is\tZq9xxxx')).toBe('password is\tZq9xxxx');
    expect(prose('token is abc123x')).toBe('token is abc123x');
    expect(prose('token - 10.0.0.1')).toBe('token - 10.0.0.1');
    expect(prose('token - abcdefghijklmnop')).toBe('token - [abcdefghijklmnop]');
    expect(prose('token - abcdefghijklmno')).toBe('token - abcdefghijklmno');
    expect(prose('password - 10.0.0.1')).toBe('password - [10.0.0.1]');
    expect(prose('name - abc123x; password - Zq9xxxx')).toBe('name - abc123x; password - [Zq9xxxx]');
  });
});

describe('spans of several scanners', () => {
  it('censors overlapping spans as one, and spans that only touch each on its own', () => {
    const redact = (text: string) => new Redactor({ censor: '#' }).redactString(text);
    // The pair's value runs to the line end (key-value-fragments.ts); the element's text is inside it.
    expect(redact('<token>password=abc</token> x')).toBe('<token>#');
    expect(redact('<token>abc password=def</token>')).toBe('<token>#');
    expect(redact('<secret>a b</secret>')).toBe('<secret>#</secret>');
    expect(redact('password: <token>abc</token>')).toBe('password: #');
    expect(redact('kind: Secret\ndata:\n  password: a1\n  b: c2')).toBe('kind: Secret\ndata:\n  password: #\n  b: #');
    expect(redact('password:\n  a1\nb: c2\npassword: d3')).toBe('password:\n  #\nb: c2\npassword: #');
    expect(redact("mysql -p'a b' password='x y'")).toBe("mysql -p'#' password='#'");
  });
});

describe('the triggers in front of the scans', () => {
  it('lets through every form and nothing without one', () => {
    for (const text of [
      'a<b',
      'x -p',
      'a is b',
      'IDENTIFIED',
      'Password',
      'a\u2013b',
      'a\u2014b',
      'a:b',
      'a=b',
      'a--b',
    ]) {
      expect(FORM_TRIGGER.test(text), text).toBe(true);
      expect(mayHoldKeyValue(text), text).toBe(true);
      expect(mayHoldSecret(text), text).toBe(true);
    }
    for (const text of ['User registered', 'user_registration', 'this-is fine', 'identify', 'passing']) {
      expect(mayHoldKeyValue(text), text).toBe(false);
      expect(mayHoldSecret(text), text).toBe(false);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { REDACTED, Redactor } from './redactor.js';
import { recordingLogger } from './testing/recording-sink.js';

// The structured forms secrets hide in (issue 23, item 4): each logged as a message, a field, a
// nested field and an error message must lose its secret and keep the rest of the text.
const R = REDACTED;
const redact = (text: string) => new Redactor().redactString(text);

function lines(text: string): string[] {
  const { logger, sink } = recordingLogger();
  logger.info(text);
  logger.info('field', { note: text });
  logger.info('nested', { a: { b: [{ c: text }] } });
  logger.info('error', { error: new Error(text) });
  return [...sink.lines];
}

function expectGone(text: string, secret: string, keep: readonly string[] = []): void {
  for (const out of lines(text)) {
    expect(out, text).not.toContain(secret);
    expect(out, text).toContain(REDACTED);
    for (const k of keep) expect(out, `${text} keeps ${k}`).toContain(JSON.stringify(k).slice(1, -1));
  }
}

function expectKept(text: string): void {
  expect(redact(text), text).toBe(text);
  for (const out of lines(text)) expect(out, text).not.toContain(REDACTED);
}

describe('1. a value on the lines after its key', () => {
  it('censors a YAML value on the next line, block scalars and form dumps', () => {
    expect(redact('password:\n  s3cr3t-value\nuser: ada')).toBe(`password:\n  ${R}\nuser: ada`);
    expect(redact('db:\n  password: |\n    line1\n    line2\n  host: x')).toBe(
      `db:\n  password: |\n    ${R}\n  host: x`,
    );
    expect(redact('password: >-\n  folded\n  text\n')).toBe(`password: >-\n  ${R}\n`);
    expect(redact('Password:\n  hunter2-xyz\nName:\n  Ada')).toBe(`Password:\n  ${R}\nName:\n  Ada`);
    expect(redact('"api_key":\r\n   abc\r\nx')).toBe(`"api_key":\r\n   ${R}\r\nx`);
    expect(redact('- token:\n    abc\n')).toBe(`- token:\n    ${R}\n`);
    expectGone('config:\n  password:\n    s3cr3t-Value-9\n  port: 5432', 's3cr3t-Value-9', ['port: 5432']);
    expectGone('password: |\n  BEGIN-x1\n\n  more-x2\nnext: 1', 'more-x2', ['next: 1']);
  });

  it('keeps the keys of a nested mapping under a secret key, and censors their values', () => {
    expect(redact('secrets:\n  db: abc\n  queue:\n  - x\n')).toBe(`secrets:\n  db: ${R}\n  queue:\n  - ${R}\n`);
    expect(redact('credentials:\n  - user: ada\n    pass:\n')).toBe(`credentials:\n  - user: ${R}\n    pass:\n`);
  });

  it('leaves keys that are not secret, values at the same indentation and empty values', () => {
    expectKept('name:\n  ada\nport:\n  80');
    expectKept('password:\nuser: ada');
    expectKept('password_min_length:\n  12');
    expectKept('password:\n\n');
    expectKept(`${'k'.repeat(200)}password:\n  x1`);
    expect(redact('password: x1\nport:\n  80')).toBe(`password: ${R}\nport:\n  80`);
  });
});

describe('2. YAML, .env, ini and Java properties inside a string', () => {
  it('censors each form across lines and quotes', () => {
    for (const [text, secret] of [
      ['db:\n  host: x\n  password: "p4ss word"\n  user: app', 'p4ss word'],
      ['export DB_PASSWORD="s3cr3t val"\nexport API_KEY=\'k3y-val\'\nPORT=80', 's3cr3t val'],
      ['export DB_PASSWORD="s3cr3t val"\nexport API_KEY=\'k3y-val\'\nPORT=80', 'k3y-val'],
      ['[database]\nhost = db\npassword = s3cr3t val\n[cache]\nport = 6379', 's3cr3t val'],
      ['db.url=jdbc:x\ndb.password=s3cr3t-val\ndb.pool=4', 's3cr3t-val'],
      ['db.url: jdbc:x\nspring.datasource.password: s3cr3t-val\ndb.pool: 4', 's3cr3t-val'],
    ] as const) {
      expectGone(text, secret);
    }
    expect(redact('[db]\npassword = abc def\nport = 5432')).toBe(`[db]\npassword = ${R}\nport = 5432`);
    expect(redact('db.password=abc\ndb.pool=4')).toBe(`db.password=${R}\ndb.pool=4`);
  });
});

describe('3. Kubernetes Secrets', () => {
  const yaml = [
    'apiVersion: v1',
    'kind: Secret',
    'metadata:',
    '  name: web-tls',
    'type: kubernetes.io/tls',
    'data:',
    '  tls.crt: LS0tLS1CRUdJTi1jcnQ=',
    '  config.json: eyJhdXRocyI6e319',
    '  username: YWRtaW4=',
    'stringData:',
    '  note: |',
    '    first-line-secret',
    '    second-line-secret',
  ].join('\n');

  it('censors every value under data and stringData, keeps the keys', () => {
    const out = redact(yaml);
    for (const secret of ['LS0tLS1CRUdJTi1jcnQ=', 'eyJhdXRocyI6e319', 'YWRtaW4=', 'first-line', 'second-line']) {
      expect(out).not.toContain(secret);
    }
    expect(out).toContain(`  tls.crt: ${R}\n  config.json: ${R}\n  username: ${R}\nstringData:\n  note: |\n    ${R}`);
    expect(out).toContain('name: web-tls');
    expectGone(yaml, 'YWRtaW4=', ['tls.crt', 'name: web-tls']);
  });

  it('finds kind after data, one document at a time', () => {
    const after = 'data:\n  username: YWRtaW4=\nkind: Secret';
    expect(redact(after)).toBe(`data:\n  username: ${R}\nkind: Secret`);
    const two = `kind: ConfigMap\ndata:\n  mode: fast\n---\nkind: Secret\ndata:\n  username: YWRtaW4=\n`;
    expect(redact(two)).toBe(`kind: ConfigMap\ndata:\n  mode: fast\n---\nkind: Secret\ndata:\n  username: ${R}\n`);
    expect(redact('  kind: "Secret"\n  data:\n    a: b1\n  x: 1')).toBe(
      `  kind: "Secret"\n  data:\n    a: ${R}\n  x: 1`,
    );
  });

  it('censors JSON text, escaped inside a string too', () => {
    const json = JSON.stringify({ kind: 'Secret', data: { 'tls.key': 'LS0tS0VZ', user: 'YWRtaW4=' }, type: 'x' });
    expect(redact(json)).toBe(`{"kind":"Secret","data":{"tls.key":"${R}","user":"${R}"},"type":"x"}`);
    const nested = JSON.stringify({ body: json });
    expect(redact(nested)).not.toContain('YWRtaW4=');
    expect(redact('{"data": {"a": "x1", "b": {"c": "y2"}}, "kind": "Secret"}')).toBe(
      `{"data": {"a": "${R}", "b": {"c": "${R}"}}, "kind": "Secret"}`,
    );
    expectGone(json, 'YWRtaW4=', ['tls.key']);
  });

  it('leaves ConfigMaps and other kinds', () => {
    expectKept('kind: ConfigMap\ndata:\n  mode: fast\n  endpoint: https://x.io');
    expectKept(JSON.stringify({ kind: 'ConfigMap', data: { mode: 'fast' } }));
    expectKept('kind: Secret\nmetadata:\n  name: x\n');
    expectKept('kind: SecretProviderClass\ndata:\n  a: b');
  });
});

describe('4. SQL and connection strings', () => {
  it('censors the password literal of user and role statements', () => {
    expect(redact("CREATE USER app IDENTIFIED BY 'pw1'")).toBe(`CREATE USER app IDENTIFIED BY '${R}'`);
    expect(redact('ALTER USER app IDENTIFIED BY "pw2";')).toBe(`ALTER USER app IDENTIFIED BY "${R}";`);
    expect(redact('alter user app identified by pw3;')).toBe(`alter user app identified by ${R};`);
    expect(redact("CREATE ROLE app WITH LOGIN PASSWORD 'pw4'")).toBe(`CREATE ROLE app WITH LOGIN PASSWORD '${R}'`);
    expect(redact("ALTER ROLE app ENCRYPTED PASSWORD 'it''s'")).toBe(`ALTER ROLE app ENCRYPTED PASSWORD '${R}'`);
    expect(redact("SET PASSWORD FOR 'u'@'%' = 'pw5'")).toBe(`SET PASSWORD FOR 'u'@'%' = '${R}'`);
    expect(redact("SET PASSWORD FOR u = PASSWORD('pw6')")).toBe(`SET PASSWORD FOR u = PASSWORD('${R}')`);
    expect(redact("CREATE USER 'u'@'h' IDENTIFIED WITH mysql_native_password BY 'pw7'")).toBe(
      `CREATE USER 'u'@'h' IDENTIFIED WITH mysql_native_password BY '${R}'`,
    );
    expect(redact("GRANT ALL ON *.* TO u IDENTIFIED BY PASSWORD '*AB12'")).toBe(
      `GRANT ALL ON *.* TO u IDENTIFIED BY PASSWORD '${R}'`,
    );
    expectGone("CREATE USER x IDENTIFIED BY 'Zq9-secret'", 'Zq9-secret', ['CREATE USER x IDENTIFIED BY']);
  });

  it('censors libpq and ADO.NET connection strings', () => {
    expect(redact('host=db user=app password=pw1 dbname=x')).toBe(`host=db user=app password=${R} dbname=x`);
    expect(redact("host=db password='with spaces' dbname=x")).toBe(`host=db password='${R}' dbname=x`);
    expect(redact('Server=x;User Id=u;Password=pw2;Database=d')).toBe(`Server=x;User Id=u;Password=${R};Database=d`);
    expect(redact('Server=x;Uid=u;Pwd=pw3;')).toBe(`Server=x;Uid=u;Pwd=${R};`);
  });

  it('leaves other statements and prose', () => {
    expectKept('ALTER USER x ACCOUNT LOCK');
    expectKept('CREATE ROLE app WITH LOGIN PASSWORD NULL');
    expectKept('the customer identified by phone number 42');
    expectKept('ALTER USER x IDENTIFIED BY');
    expectKept("ALTER USER x IDENTIFIED BY ''");
  });
});

describe('5. XML and HTML', () => {
  it('censors elements and name/value elements named like a secret', () => {
    expect(redact('<Password>pw1</Password>')).toBe(`<Password>${R}</Password>`);
    expect(redact('<wsse:Password Type="#PasswordText"> pw2 </wsse:Password>')).toBe(
      `<wsse:Password Type="#PasswordText"> ${R} </wsse:Password>`,
    );
    expect(redact('<creds><user>ada</user><client_secret>s1</client_secret></creds>')).toBe(
      `<creds><user>ada</user><client_secret>${R}</client_secret></creds>`,
    );
    expect(redact('<add key="ApiKey" value="k1"/><add key="Mode" value="m"/>')).toBe(
      `<add key="ApiKey" value="${R}"/><add key="Mode" value="m"/>`,
    );
    expect(redact("<entry value='v1' name='password' />")).toBe(`<entry value='${R}' name='password' />`);
    expect(redact('<input name="password" value="v2">')).toBe(`<input name="password" value="${R}">`);
    expect(redact('<Password\n>pw3</Password >')).toBe(`<Password\n>${R}</Password >`);
  });

  it('censors attributes named like a secret', () => {
    expect(redact('<db password="pw1" host="h"/>')).toBe(`<db password="${R}" host="h"/>`);
    expect(redact("<x secret='s1'>")).toBe(`<x secret='${R}'>`);
    expect(redact('<div data-api-key="k1">')).toBe(`<div data-api-key="${R}">`);
    expectGone('<soap><wsse:Password>Zq9-secret</wsse:Password></soap>', 'Zq9-secret', ['<soap>']);
  });

  it('leaves names that are facts about secrets, unclosed and mismatched elements', () => {
    expectKept('<PasswordPolicy enabled="true"/>');
    expectKept('<PasswordPolicy>strict</PasswordPolicy>');
    expectKept('<usage token_count="3"/>');
    expectKept('<Password></Password><Password/>');
    expectKept('<Password>x</Other> <Password>y<b>z</b></Password>');
    expectKept('<add key="Mode" value="m"/><entry name="password"/>');
    expectKept('a < b and c > d, <Password>x</Passwords>');
  });
});

describe('6. command lines of tools with a known password flag', () => {
  it('censors the password argument', () => {
    for (const [text, want] of [
      ['mysql -uroot -pS3cret db', `mysql -uroot -p${R} db`],
      ["mysql -u root -p'S3 cret' db", `mysql -u root -p'${R}' db`],
      ['mysqladmin -u root -pS3cret status', `mysqladmin -u root -p${R} status`],
      ["sshpass -p 'pw1' ssh host", `sshpass -p '${R}' ssh host`],
      ['sshpass -ppw1 ssh host', `sshpass -p${R} ssh host`],
      ['redis-cli -h h -a pw1 ping', `redis-cli -h h -a ${R} ping`],
      ['redis-cli --pass pw1 ping', `redis-cli --pass ${R} ping`],
      ['redis-cli --pass=pw1 ping', `redis-cli --pass=${R} ping`],
      ['docker login -u u -p pw1 reg.io', `docker login -u u -p ${R} reg.io`],
      ['docker login --password pw1 reg.io', `docker login --password ${R} reg.io`],
      ['htpasswd -b file user pw1', `htpasswd -b file user ${R}`],
      ['htpasswd -bc .htpasswd user "pw 1"', `htpasswd -bc .htpasswd user "${R}"`],
      ['htpasswd -nb user pw1', `htpasswd -nb user ${R}`],
      ['curl -u user:pw1 https://x', `curl -u ${R} https://x`],
      ['curl -uuser:pw1 https://x', `curl -u${R} https://x`],
      ['curl --user user:pw1 https://x', `curl --user ${R} https://x`],
      ['curl --user="user:pw1" https://x', `curl --user="${R}" https://x`],
      ['/usr/bin/mysql -pS3cret | tee x; ls -p', `/usr/bin/mysql -p${R} | tee x; ls -p`],
    ] as const) {
      expect(redact(text), text).toBe(want);
    }
    expectGone('running: mysql -uroot -pZq9secret app', 'Zq9secret', ['mysql -uroot -p']);
    expect(redact('psql "postgresql://app:pw1@db/x"')).toBe(`psql "postgresql://${R}@db/x"`);
  });

  it('leaves other tools, other flags and prompts', () => {
    expectKept('ls -p /tmp; grep -a x f');
    expectKept('docker run -p 8080:80 nginx');
    expectKept('mysql -u root -p db');
    expectKept('mysql -P3306 -h db');
    expectKept('htpasswd -c file user');
    expectKept('htpasswd -b file');
    expectKept('redis-cli -a');
    expectKept('sshpass -p');
    expectKept('curl -uuser https://x');
  });
});

describe('7. multi-word keys and prose separators', () => {
  it('censors the value after a two-word secret name and after -, – and is', () => {
    expect(redact('API Key: abc123xyz')).toBe(`API Key: ${R}`);
    expect(redact('Client Secret - 8f3a9b2c1d')).toBe(`Client Secret - ${R}`);
    expect(redact('Access token = tok-123')).toBe(`Access token = ${R}`);
    expect(redact('Secret key: Zq9abcdef')).toBe(`Secret key: ${R}`);
    expect(redact('Password is hunter2x!')).toBe(`Password is ${R}`);
    expect(redact('your new password is "Xk9-fj2". Keep it.')).toBe(`your new password is "${R}". Keep it.`);
    expect(redact('API key -- abc123xyz then')).toBe(`API key -- ${R} then`);
    expect(redact('api key \u2013 abc123xyz')).toBe(`api key \u2013 ${R}`);
    expectGone('API Key: abc123xyzQ', 'abc123xyzQ');
    expectGone('Client Secret - 8f3a9b2c1dQ', '8f3a9b2c1dQ');
  });

  it('leaves prose, counts and values that do not look like credentials', () => {
    for (const text of [
      'Password is required',
      'the password is too short',
      'password is 8 characters long',
      'Enter your API key: see docs',
      'API key - rotated',
      'the token is abc-123-def',
      'Token - expired',
      'sort key: abc',
      'a - b is c',
      'pass - 42',
    ]) {
      expectKept(text);
    }
  });
});

describe('hostile inputs for the structured forms stay linear', () => {
  it('finishes on long runs of the characters each scanner stops at', () => {
    // No timing is asserted (the machine is shared): a scan that backtracks would not finish.
    const n = 65_536;
    const inputs = [
      ':'.repeat(n),
      '<'.repeat(n),
      '<a'.repeat(n / 2),
      '<Password>'.repeat(n / 10),
      `<a b="${'x'.repeat(n)}`,
      ' -p'.repeat(n / 3),
      `mysql ${' -p'.repeat(n / 3)}`,
      'mysql '.repeat(n / 6),
      `curl '${'x'.repeat(n)}`,
      '\n'.repeat(n),
      'password:\n'.repeat(n / 10),
      `password:\n${' a\n'.repeat(n / 3)}`,
      '"'.repeat(n),
      "'".repeat(n),
      `kind: Secret\ndata:\n${'  a: b\n'.repeat(n / 7)}`,
      `{"kind":"Secret",${'"data":{'.repeat(n / 8)}`,
      `{"kind":"Secret","data":{${'"a":"'.repeat(n / 5)}`,
      'IDENTIFIED BY '.repeat(n / 14),
      `SET PASSWORD ${'x'.repeat(n)}`,
      `IDENTIFIED${' '.repeat(n)}`,
      'Password is '.repeat(n / 12),
      'a - '.repeat(n / 4),
      '-'.repeat(n),
      'API Key: '.repeat(n / 9),
      // Pairs on one long line: each used to search back to the text's start for a line break.
      'token=a,'.repeat(n / 2),
    ];
    for (const text of inputs) expect(typeof redact(text)).toBe('string');
  });
});

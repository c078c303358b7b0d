import type { LogContext } from '../logger-protocol.js';
import { seededRandom } from './seeded-random.js';

/** One log call of the corpus: what to log, and the texts that must (secrets) or must not (look-alikes) vanish. */
export interface CorpusCase {
  /** The class of secret (or of look-alike) this case stands for. */
  readonly kind: string;
  readonly message: string;
  readonly context: LogContext;
  /** Texts that must not appear anywhere in the output. */
  readonly secrets: readonly string[];
  /** Texts that must appear verbatim in the output (look-alikes, and the parts of a URL that are kept). */
  readonly keep: readonly string[];
}

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
const ALNUM = UPPER + LOWER + DIGITS;
const HEX = '0123456789abcdef';
const B64 = `${ALNUM}+/`;

/** The corpus's generator: the same corpus for the same seed. */
function generator(seed: number) {
  const { next, pick } = seededRandom(seed);
  // A mix that always holds an upper-case letter, a lower-case letter and a digit.
  const mixed = (n: number): string => pick(UPPER, 1) + pick(LOWER, 1) + pick(DIGITS, 1) + pick(ALNUM, n - 3);
  const card = (prefix: string, length: number): string => {
    const body = prefix + pick(DIGITS, length - prefix.length - 1);
    for (let check = 0; check < 10; check++) {
      const candidate = body + String(check);
      if (luhn(candidate)) return candidate;
    }
    return body;
  };
  const ssn = (): string =>
    `${100 + Math.floor(next() * 500)}${10 + Math.floor(next() * 89)}${1000 + Math.floor(next() * 8999)}`;
  return { pick, mixed, card, ssn };
}

function base64url(text: string): string {
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

class PaymentAttempt {
  readonly provider = 'acme-pay';
  constructor(readonly note: string) {}
}

/**
 * A generated corpus of secrets in the shapes services really log them: keys with a secret word
 * anywhere, plural and grouping keys, card numbers and SSNs as numbers, credentials in URLs and
 * connection strings, `key=value` fragments in free text, vendor token formats (from gitleaks' and
 * secretlint's rules), private keys, and secret-looking trace ids; each in messages, fields, nested
 * objects, arrays, Maps, Headers, URLSearchParams, class instances and errors. Nothing in it is a
 * real credential: every value is drawn from a seeded generator.
 *
 * @example
 * ```ts
 * for (const c of secretCorpus()) logger.info(c.message, c.context);
 * // then: no c.secrets in the output, every c.keep in it
 * ```
 */
export function secretCorpus(seed = 20261128): CorpusCase[] {
  const g = generator(seed);
  const cases: CorpusCase[] = [];
  const add = (kind: string, message: string, context: LogContext, secrets: string[], keep: string[] = []) =>
    cases.push({ kind, message, context, secrets, keep });

  // Keys that hold a secret word anywhere, in any case style.
  const hash = `$2b$12$${g.pick(`${ALNUM}./`, 53)}`;
  const signing = g.pick(HEX, 64);
  const otp = g.pick('123456789', 7);
  const mfa = g.pick('123456789', 8);
  add('secret word in key', 'user loaded', { password_hash: hash }, [hash.slice(7)]);
  add('secret word in key', 'user loaded', { user: { passwordHash: `${hash}x` } }, [hash.slice(7)]);
  add('secret word in key', 'keys rotated', { signing_key: signing, 'X-Signing-Key': `${signing}1` }, [signing]);
  add('secret word in key', 'otp issued', { otp, delivery: 'sms' }, [otp], ['sms']);
  add('secret word in key', 'mfa checked', { mfa_code: mfa, MFA_CODE: mfa, mfaCode: Number(mfa) }, [mfa]);
  add('secret word in key', 'db', { DB_PASSWORD: g.mixed(20), nested: [{ clientSecret: g.mixed(24) }] }, []);

  // Plural and grouping keys: the whole value goes, whatever it holds.
  const grouped = [g.mixed(24), g.mixed(24), g.mixed(24), g.mixed(24), g.mixed(24)];
  add(
    'plural or grouping key',
    'config loaded',
    {
      secrets: { db: grouped[0], queue: { password: grouped[1] } },
      apiKeys: [grouped[2], { id: 'k1', value: grouped[3] }],
      credentials: { username: 'svc-billing', password: grouped[4] },
      tokens: `${grouped[0]}:${grouped[2]}`,
    },
    grouped,
  );
  const listed = [g.mixed(30), g.mixed(30)];
  add('plural or grouping key', 'tokens refreshed', { user_id: 'u-7', refresh_tokens: listed }, listed, ['u-7']);

  // Card numbers and SSNs given as numbers.
  const cardNumber = g.card('4', 16);
  const mcNumber = g.card('51', 16);
  const ssnNumber = g.ssn();
  add('number', 'charge attempted', { value: Number(cardNumber), items: [Number(mcNumber)] }, [cardNumber, mcNumber]);
  // SSNs as numbers are known by their key (nine-digit counters are everywhere), cards by value.
  add(
    'number',
    'applicant checked',
    {
      applicant: { id_number: Number(ssnNumber), national_id: Number(ssnNumber) },
      amount: BigInt(cardNumber),
      neg: -Number(mcNumber),
    },
    [ssnNumber, cardNumber, mcNumber],
  );
  const cardText = g.card('4', 16);
  add('card in text', `paid with ${cardText.replace(/(\d{4})(?=\d)/g, '$1 ')}`, { last4: cardText.slice(-4) }, [
    cardText.replace(/(\d{4})(?=\d)/g, '$1 '),
  ]);

  // Credentials inside URLs and connection strings, and secret query parameters.
  const urlSecrets: string[] = [];
  const pw = () => {
    const p = g.mixed(18);
    urlSecrets.push(p);
    return p;
  };
  const urls = [
    `postgres://app_user:${pw()}@db.internal:5432/orders`,
    `postgresql://reporting:${pw()}@pg.example.net/analytics?sslmode=require`,
    `mysql://root:${pw()}@10.0.0.5:3306/app`,
    `mongodb+srv://svc:${pw()}@cluster0.example.net/db?retryWrites=true`,
    `https://deploy:${pw()}@git.example.com/team/repo.git`,
    `redis://:${pw()}@cache.internal:6379/0`,
    `amqp://guest:${pw()}@mq.internal:5672/vhost`,
  ];
  const query = [
    `https://api.example.com/oauth/callback?access_token=${pw()}&state=abc`,
    `https://api.example.com/v1/items?token=${pw()}`,
    `https://maps.example.com/geo?api_key=${pw()}&q=berlin`,
    `https://bucket.s3.amazonaws.com/report.csv?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=${g.pick(HEX, 64)}`,
    `https://login.example.com/token?client_id=web&client_secret=${pw()}`,
    `https://legacy.example.com/login?user=ada&password=${pw()}`,
    `https://hooks.example.com/in?signature=${pw()}&id=7`,
  ];
  const amzSig = /X-Amz-Signature=([0-9a-f]+)/.exec(query[3] as string)?.[1] as string;
  urlSecrets.push(amzSig);
  add(
    'url credentials',
    `connecting to ${urls[0]}`,
    { dsn: urls[1], replica: { url: urls[2] }, hosts: [urls[3], urls[4]] },
    urlSecrets.slice(0, 5),
    ['db.internal:5432/orders', 'pg.example.net/analytics', '10.0.0.5:3306/app', 'git.example.com/team/repo.git'],
  );
  add(
    'url credentials',
    'cache and queue',
    { cache: urls[5], queue: new Map([['url', urls[6]]]) },
    urlSecrets.slice(5, 7),
    ['cache.internal:6379/0', 'mq.internal:5672/vhost'],
  );
  add(
    'secret query parameter',
    `callback ${query[0]}`,
    {
      request: { url: query[1] },
      links: [query[2], query[3]],
      params: new URLSearchParams({ client_secret: urlSecrets[11] as string, page: '2' }),
    },
    [urlSecrets[7], urlSecrets[8], urlSecrets[9], amzSig, urlSecrets[11]] as string[],
    ['api.example.com/oauth/callback', 'state=abc', 'q=berlin', 'X-Amz-Algorithm=AWS4-HMAC-SHA256', 'report.csv'],
  );
  add(
    'secret query parameter',
    'login redirect',
    { next: query[4], legacy: query[5], hook: query[6] },
    [urlSecrets[10], urlSecrets[12], urlSecrets[13]] as string[],
    ['client_id=web', 'user=ada', 'id=7'],
  );

  // key=value fragments in free text: messages, error messages, string fields.
  const kv = [g.mixed(16), g.mixed(20), g.mixed(22), g.mixed(32), g.mixed(14), g.mixed(18)];
  const basic = btoa(`admin:${kv[2]}`);
  add('key=value in text', `login failed password=${kv[0]} user=ada`, {}, [kv[0] as string], ['user=ada']);
  add('key=value in text', 'upstream said', { detail: `token: ${kv[1]} (expired)` }, [kv[1] as string]);
  add(
    'key=value in text',
    'request headers',
    { raw: `Host: api.example.com\r\nAuthorization: Basic ${basic}\r\n` },
    [basic],
    ['api.example.com'],
  );
  add('key=value in text', `payload {"api_key": "${kv[3]}", "region": "eu"}`, {}, [kv[3] as string], ['region']);
  const connectError = new Error(`connect failed: Server=db;User Id=sa;Password=${kv[4]};`);
  add('key=value in text', 'db error', { error: connectError }, [kv[4] as string], ['Server=db']);
  add('key=value in text', 'ruby style', { note: `client_secret => '${kv[5]}'` }, [kv[5] as string]);

  // Vendor token formats (gitleaks / secretlint rule formats).
  const vendor: Record<string, string> = {
    github_pat_classic: `ghp_${g.pick(ALNUM, 36)}`,
    github_oauth: `gho_${g.pick(ALNUM, 36)}`,
    github_fine_grained: `github_pat_${g.pick(ALNUM, 22)}_${g.pick(ALNUM, 59)}`,
    slack_bot: `xoxb-${g.pick(DIGITS, 12)}-${g.pick(DIGITS, 13)}-${g.pick(ALNUM, 24)}`,
    slack_user: `xoxp-${g.pick(DIGITS, 12)}-${g.pick(DIGITS, 12)}-${g.pick(DIGITS, 12)}-${g.pick(HEX, 32)}`,
    stripe_secret: `sk_live_${g.pick(ALNUM, 24)}`,
    stripe_restricted: `rk_live_${g.pick(ALNUM, 24)}`,
    google_api_key: `AIza${g.pick(`${ALNUM}_-`, 35)}`,
    npm: `npm_${g.pick(ALNUM, 36)}`,
    openai: `sk-proj-${g.pick(ALNUM, 74)}T3BlbkFJ${g.pick(ALNUM, 74)}`,
    anthropic: `sk-ant-api03-${g.pick(ALNUM, 93)}AA`,
    twilio: `SK${g.pick(HEX, 32)}`,
    sendgrid: `SG.${g.pick(ALNUM, 22)}.${g.pick(ALNUM, 43)}`,
    gitlab: `glpat-${g.pick(ALNUM, 20)}`,
    huggingface: `hf_${g.pick(UPPER + LOWER, 34)}`,
    aws_access_key_id: `AKIA${g.pick('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)}`,
  };
  const v = Object.values(vendor);
  add('vendor token in message', `using ${v[0]} and ${v[1]} for the mirror`, {}, [v[0], v[1]] as string[]);
  add(
    'vendor token in field',
    'tokens in plain fields',
    { note: v[2], slack: { bot: `configured ${v[3]}` }, list: [v[4]] },
    [v[2], v[3], v[4]] as string[],
  );
  add(
    'vendor token in field',
    'payment keys',
    { stripe: new Map([['primary', v[5]]]), fallback: new PaymentAttempt(v[6] as string) },
    [v[5], v[6]] as string[],
    ['acme-pay'],
  );
  const fetchHeaders = new Headers({
    'x-goog-api-key': v[7] as string,
    accept: 'application/json',
    'x-npm': v[8] as string,
  });
  add('vendor token in headers', 'outgoing request', { headers: fetchHeaders }, [v[7], v[8]] as string[], [
    'application/json',
  ]);
  const aiError = new Error(`model call failed with key ${v[9]}`, {
    cause: new Error(`fallback key ${v[10]} rejected`),
  });
  add('vendor token in error', 'llm error', { error: aiError }, [v[9], v[10]] as string[]);
  const ownProps = Object.assign(new Error('sms provider refused'), { apiKey: v[11], detail: `retry with ${v[12]}` });
  add('vendor token in error', 'provider error', { error: ownProps }, [v[11], v[12]] as string[], [
    'sms provider refused',
  ]);
  add('vendor token in field', 'more tokens', { gitlab: `ci uses ${v[13]}`, hf: [v[14]] }, [v[13], v[14]] as string[]);
  const awsSecret = g.pick(B64, 40);
  add(
    'aws key pair',
    `aws creds ${v[15]} ${awsSecret}`,
    { aws_secret_access_key: awsSecret, profile: 'ci' },
    [v[15] as string, awsSecret],
    ['ci'],
  );
  add(
    'aws key pair',
    'env dump',
    { env: `AWS_ACCESS_KEY_ID=${v[15]}\nAWS_SECRET_ACCESS_KEY=${awsSecret}\nREGION=eu-west-1` },
    [v[15] as string, awsSecret],
    ['REGION=eu-west-1'],
  );

  // Private keys of every PEM / OpenSSH kind.
  for (const kind of ['RSA ', 'EC ', 'OPENSSH ', '', 'ENCRYPTED ', 'DSA ']) {
    const magic = kind === 'OPENSSH ' ? 'b3BlbnNzaC1rZXktdjE' : 'MII';
    const body = magic + g.pick(B64, 180);
    const lines = body.match(/.{1,64}/g)?.join('\n') ?? body;
    const pem = `-----BEGIN ${kind}PRIVATE KEY-----\n${lines}\n-----END ${kind}PRIVATE KEY-----`;
    add('private key', 'key material loaded', { material: pem, note: `inline ${pem} end` }, [
      body.slice(0, 64),
      body.slice(64, 128),
    ]);
  }
  const pgpBody = g.pick(B64, 200);
  add('private key', `-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n${pgpBody}\n-----END PGP PRIVATE KEY BLOCK-----`, {}, [
    pgpBody.slice(0, 60),
  ]);

  // JWTs and bearer credentials, and trace ids that look like secrets.
  const jwt = `eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.${base64url(JSON.stringify({ sub: g.pick(DIGITS, 8) }))}.${g.pick(`${ALNUM}_-`, 43)}`;
  const bearer = g.mixed(40);
  add('bearer credential', `upstream call with Bearer ${bearer}`, { forwarded: `Bearer ${jwt}` }, [bearer, jwt]);
  add('secret trace id', 'trace from a token', { trace_id: jwt }, [jwt]);
  add(
    'secret trace id',
    'trace from a header',
    { trace_id: `Bearer ${bearer}x`, span_id: `ghp_${g.pick(ALNUM, 36)}` },
    [`${bearer}x`],
  );

  // Structured forms (issue 23, item 4): values on the next line, config files, Kubernetes
  // Secrets, SQL, markup, command lines and secrets named in prose.
  const form = (): string => g.mixed(14);
  const f0 = form();
  const f1 = form();
  const f2 = form();
  const f3 = form();
  const f4 = form();
  const f5 = form();
  const f6 = form();
  const f7 = form();
  const f8 = form();
  const f9 = form();
  const f10 = form();
  const f11 = form();
  const f12 = form();
  const f13 = form();
  const f14 = form();
  const f15 = form();
  const f16 = form();
  const f17 = form();
  const f18 = form();
  const f19 = form();
  const f20 = form();
  const f21 = form();
  const f22 = form();
  const f23 = form();
  add(
    'value on the next line',
    `config:\n  password:\n    ${f0}\n  port: 5432`,
    {
      yaml: `tls:\n  private_key: |\n    ${f1}\n    ${f2}\nmode: strict`,
      form: { dump: `Password:\n  ${f3}\nName:\n  Ada` },
    },
    [f0, f1, f2, f3],
    ['port: 5432', 'mode: strict', 'Name:'],
  );
  add(
    'config text',
    `loaded .env\nexport DB_PASSWORD="${f4}"\nPORT=8080`,
    {
      ini: `[database]\nhost = db\npassword = ${f5}\n[cache]\nport = 6379`,
      properties: new Map([['app', `db.url=jdbc:pg://db/x\ndb.password=${f6}\ndb.pool=4`]]),
    },
    [f4, f5, f6],
    ['PORT=8080', 'port = 6379', 'db.pool=4'],
  );
  const secretYaml = `apiVersion: v1\ndata:\n  tls.crt: ${btoa(f7)}\n  username: ${btoa(f8)}\nkind: Secret\nmetadata:\n  name: web`;
  const secretJson = JSON.stringify({ kind: 'Secret', data: { 'config.json': btoa(f9) }, metadata: { name: 'reg' } });
  add(
    'kubernetes secret',
    'applying manifest',
    { manifest: secretYaml, items: [secretJson], error: new Error(`apply failed for ${secretJson}`) },
    [btoa(f7), btoa(f8), btoa(f9)],
    ['tls.crt', 'name: web', 'config.json'],
  );
  add(
    'sql',
    `running CREATE USER app IDENTIFIED BY '${f10}'`,
    {
      sql: `CREATE ROLE report WITH LOGIN ENCRYPTED PASSWORD '${f11}'`,
      nested: { statements: [`SET PASSWORD FOR ops = '${f12}'`, `ALTER USER x IDENTIFIED BY ${f13};`] },
      dsn: `host=db user=app password=${f14} dbname=x`,
    },
    [f10, f11, f12, f13, f14],
    ['CREATE USER app IDENTIFIED BY', 'dbname=x'],
  );
  add(
    'markup',
    `soap request <wsse:Password Type="PasswordText">${f15}</wsse:Password>`,
    {
      config: `<appSettings><add key="ApiKey" value="${f16}"/><add key="Mode" value="fast"/></appSettings>`,
      html: [`<div data-api-key="${f17}">`],
      error: new Error(`bad reply <client_secret>${f18}</client_secret>`),
    },
    [f15, f16, f17, f18],
    ['<appSettings>', 'Mode'],
  );
  add(
    'command line',
    `ran mysql -uroot -p${f19} app`,
    {
      cmd: `sshpass -p '${f20}' ssh deploy@host`,
      steps: [`docker login -u ci -p ${f21} registry.example.com`, `htpasswd -b .htpasswd ada ${f22}`],
      error: new Error(`redis-cli -a ${f23} ping failed`),
    },
    [f19, f20, f21, f22, f23],
    ['registry.example.com', 'deploy@host', '.htpasswd ada'],
  );
  const p = [g.mixed(16), g.mixed(16), g.mixed(16), g.mixed(16)] as const;
  add(
    'secret named in prose',
    `API Key: ${p[0]}`,
    {
      note: `Client Secret - ${p[1]}`,
      nested: { text: `your new password is ${p[2]}` },
      error: new Error(`Secret key: ${p[3]}`),
    },
    [...p],
  );
  return cases;
}

/**
 * Harmless values that look a little like secrets: ids, UUIDs, order numbers, timestamps, URLs
 * without credentials, hashes, counters named after tokens, words that contain secret words.
 * Every one must come out unchanged: over-redaction hides what operators need.
 */
export function lookalikeCorpus(): CorpusCase[] {
  const cases: CorpusCase[] = [];
  const add = (kind: string, message: string, context: LogContext, keep: string[]) =>
    cases.push({ kind, message, context, secrets: [], keep });
  add('ids', 'user created', { user_id: '123e4567-e89b-12d3-a456-426614174000', order_id: 123456789 }, [
    '123e4567-e89b-12d3-a456-426614174000',
    '123456789',
  ]);
  add(
    'order numbers',
    'order placed ORD-2024-000123',
    { order_number: 'ORD-2024-000123', invoice: 'INV-88213', order_no: 412345678 },
    ['ORD-2024-000123', 'INV-88213', '412345678'],
  );
  add(
    'timestamps',
    'scheduled at 2025-11-13T19:00:00.123Z',
    { at_ms: 1732800000000, time: '12:30:45', epoch_s: 1732800000 },
    ['2025-11-13T19:00:00.123Z', '1732800000000', '12:30:45', '1732800000'],
  );
  add(
    'urls without credentials',
    'GET https://api.example.com/v1/users?page=2&sort=asc',
    {
      db: 'postgres://db.internal:5432/orders',
      link: 'https://example.com/docs#token-refresh',
      mail: 'mailto:ada@example.com',
    },
    [
      'https://api.example.com/v1/users?page=2&sort=asc',
      'postgres://db.internal:5432/orders',
      'https://example.com/docs#token-refresh',
      'ada@example.com',
    ],
  );
  add(
    'keys that name facts about secrets',
    'counters',
    {
      token_count: 50417,
      tokens_refreshed: 30419,
      token_type: 'Bearer',
      max_tokens: 10243,
      prompt_tokens: 5207,
      password_reset_requested: true,
      password_length: 1277,
      is_password_set: true,
      signing_key_id: 'key-2024-01',
      secret_name: 'prod/db/readonly',
      session_count: 8061,
      token_expires_at: '2025-11-13T20:00:00Z',
    },
    [
      '50417',
      '30419',
      'Bearer',
      '10243',
      '5207',
      '1277',
      'key-2024-01',
      'prod/db/readonly',
      '8061',
      '2025-11-13T20:00:00Z',
    ],
  );
  add(
    'words containing secret words',
    'author and keyboard',
    { author: 'Ada Lovelace', keyboard: 'us-intl', timespan: '5m30s', passenger: 'Grace' },
    ['Ada Lovelace', 'us-intl', '5m30s', 'Grace'],
  );
  add(
    'hashes and versions',
    'deployed 9fceb02d0ae598e95dc970b74767f19372d61af8',
    {
      version: '1.2.3',
      etag: 'W/5e1f-abc',
      sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    },
    [
      '9fceb02d0ae598e95dc970b74767f19372d61af8',
      '1.2.3',
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    ],
  );
  add(
    'prose',
    'Token refreshed for user 42; the bearer of bad news; Basic plan selected',
    { note: 'Password reset email sent to the user' },
    [
      'Token refreshed for user 42',
      'the bearer of bad news',
      'Basic plan selected',
      'Password reset email sent to the user',
    ],
  );
  add(
    'numbers',
    'amounts',
    {
      amount_cents: 412345678,
      bytes_sent: 523456789,
      not_luhn: 4111111111111112,
      phone: '+1 415 555 0100',
      ip: '10.0.0.5',
    },
    ['412345678', '523456789', '4111111111111112', '+1 415 555 0100', '10.0.0.5'],
  );
  add(
    'key=value without secrets',
    'page=2 sort=asc author=ada time: 12:30',
    { query: 'limit=50&offset=100', label: 'sk-learn pipeline' },
    ['page=2 sort=asc author=ada time: 12:30', 'limit=50&offset=100', 'sk-learn pipeline'],
  );
  add(
    'structured forms without secrets',
    'password_min_length: 12\npassword_policy:\n  strict',
    {
      yaml: 'kind: ConfigMap\ndata:\n  mode: fast\n  endpoint: https://api.example.com',
      xml: '<PasswordPolicy enabled="true"/><usage token_count="3"/>',
      sql: 'ALTER USER x ACCOUNT LOCK',
      docker: 'docker run -p 8080:80 nginx',
      tools: ['ls -p /tmp', 'grep -a needle file', 'mysql -u root -p app'],
      prose: 'Enter your API key: see docs. Password is required; the password is too short.',
    },
    ['password_min_length: 12', 'mode: fast', 'PasswordPolicy', '-p 8080:80', 'ACCOUNT LOCK', 'see docs'],
  );
  return cases;
}

// Every translated gitleaks rule, tried from the user's side: strings generated from the rule's own
// regex (randexp, seeded; GITLEAKS_SEED=<n> tries other strings), embedded the way gitleaks' rule
// generator embeds secrets (assignment, JSON, YAML, env, a log line), logged as a message, a field,
// a nested field and an error's message through a real Logger: the secret must be gone from every
// line. gitleaks' own examples from its rule files: each true positive is redacted, and no false
// positive is flagged by the rule that lists it. A table of rules and results is printed.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, describe, expect, it } from 'vitest';
import { Redactor } from '../redactor.js';
import { recordingLogger } from '../testing/recording-sink.js';
import { defaultGitleaksScanner } from './default-scanner.js';
import type { GitleaksRule } from './rule-data.js';
import { GITLEAKS_GLOBAL_ALLOWLIST, GITLEAKS_RULES, GITLEAKS_UNTRANSLATED } from './rules.generated.js';
import { GitleaksScanner } from './scan.js';

interface RandExp {
  gen(): string;
  max: number;
  randInt: (a: number, b: number) => number;
}
// randexp is CommonJS (`export =`): loaded with require.
const RandExpClass = createRequire(import.meta.url)('randexp') as new (source: RegExp) => RandExp;

const SEED = Number(process.env.GITLEAKS_SEED ?? 20261207);
const SAMPLES = 3;
const ATTEMPTS = 60;

interface Examples {
  [id: string]: { truePositives: string[]; falsePositives: string[] };
}
const examples = JSON.parse(
  readFileSync(new URL('../../../../vendor/gitleaks/examples.json', import.meta.url), 'utf8'),
) as Examples;

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// The forms gitleaks' rule generator puts a secret in (cmd/generate/config/utils/generate.go), with
// the whole sample standing where the secret stands, and a log line.
const FORMS: readonly [string, (s: string) => string][] = [
  ['bare', (s) => s],
  ['assignment', (s) => `config_value = "${s}"`],
  ['json', (s) => `{\n    "config": "${s}"\n}`],
  ['yaml', (s) => `service:\n  config: ${s}\n  enabled: true`],
  ['env', (s) => `export CONFIG_VALUE=${s}\nBACKUP_ENABLED=true`],
  ['log line', (s) => `2026-12-07T10:00:00Z INFO loaded ${s} from the vault`],
];

// The channels a user logs a string through; the record's line is what reaches every sink.
const CHANNELS: readonly [string, (text: string) => string][] = [
  ['message', (t) => logLine((l) => l.info(t))],
  ['field', (t) => logLine((l) => l.info('config loaded', { config: t }))],
  ['nested field', (t) => logLine((l) => l.info('config loaded', { service: { settings: [t] } }))],
  ['error message', (t) => logLine((l) => l.error('config failed', { error: new Error(t) }))],
];

const { logger, sink } = recordingLogger();
function logLine(write: (l: typeof logger) => void): string {
  sink.clear();
  write(logger);
  return sink.lines.join('\n');
}

/** A secret as it appears inside a JSON line. */
function inLine(secret: string): string {
  return JSON.stringify(secret).slice(1, -1);
}

interface Row {
  rule: string;
  samples: number;
  embedded: number;
  leaks: string[];
}
const rows: Row[] = [];

function result(r: Row): string {
  if (r.samples < SAMPLES) return `FAILED: ${r.samples} of ${SAMPLES} samples generated`;
  if (r.embedded === 0) return 'FAILED: no embedded form';
  return r.leaks.length === 0 ? 'redacted' : `LEAKED: ${r.leaks.slice(0, 3).join('; ')}`;
}

function samplesOf(rule: GitleaksRule, random: () => number): { sample: string; secret: string }[] {
  // randexp knows no named groups; gitleaks writes `.` where it means a dot (`hooks.slack.com`), so
  // every other attempt reads `[^\n]` as a dot.
  const source = rule.regex.source.replace(/\(\?<([A-Za-z_]\w*)>/g, '(');
  const generators = [source, source.replaceAll('[^\\n]', '\\.')].map((s) => {
    const gen = new RandExpClass(new RegExp(s, rule.regex.flags));
    gen.max = 8;
    gen.randInt = (a, b) => a + Math.floor(random() * (b - a + 1));
    return gen;
  });
  // The sample counts when gitleaks' rule (with its entropy and allowlists) flags it on its own. A
  // rule whose keyword is not part of what it matches (`airtable` before an Airtable token) gets
  // its first keyword in front, as in gitleaks' own examples.
  const alone = new GitleaksScanner([rule], GITLEAKS_GLOBAL_ALLOWLIST);
  const out: { sample: string; secret: string }[] = [];
  for (let i = 0; i < ATTEMPTS && out.length < SAMPLES; i++) {
    const generated = (generators[i % 2] as RandExp).gen();
    for (const sample of [generated, `${rule.keywords[0] ?? ''} ${generated}`]) {
      const found = alone.findings(sample)[0];
      if (found !== undefined && found.secret.trim().length >= 4) {
        out.push({ sample, secret: found.secret });
        break;
      }
    }
  }
  return out;
}

describe('every translated gitleaks rule, from the user’s side', () => {
  const scanner = defaultGitleaksScanner();
  const random = prng(SEED);

  afterAll(() => {
    const lines = rows.map((r) => `| ${r.rule} | ${r.samples} | ${r.embedded} | ${result(r)} |`);
    console.log(
      [
        `gitleaks rules (seed ${SEED}): ${rows.length} rules, ${rows.filter((r) => result(r) === 'redacted').length} redacted everywhere`,
        '| rule | samples | embedded forms tried (x 4 channels) | result |',
        '|---|---:|---:|---|',
        ...lines,
      ].join('\n'),
    );
  });

  it('leaves out only the rules it lists, with their reasons', () => {
    expect(GITLEAKS_RULES.length + GITLEAKS_UNTRANSLATED.length).toBe(222);
    expect(GITLEAKS_UNTRANSLATED.map((r) => r.id)).toEqual(['pkcs12-file']);
  });

  for (const rule of GITLEAKS_RULES) {
    it(`${rule.id}: generated secrets are redacted in every form and channel`, () => {
      const samples = samplesOf(rule, random);
      const row: Row = { rule: rule.id, samples: samples.length, embedded: 0, leaks: [] };
      rows.push(row);
      expect(samples.length, `${rule.id}: no string generated from its regex is a finding (seed ${SEED})`).toBe(
        SAMPLES,
      );
      for (const { sample, secret } of samples) {
        for (const [form, embed] of FORMS) {
          const text = embed(sample);
          // Where gitleaks itself would still find this secret in the embedded text.
          if (!scanner.findings(text).some((f) => f.secret.includes(secret) || secret.includes(f.secret))) continue;
          row.embedded++;
          for (const [channel, log] of CHANNELS) {
            const line = log(text);
            if (line.includes(inLine(secret))) row.leaks.push(`${form} as ${channel}: ${JSON.stringify(text)}`);
          }
        }
      }
      expect(row.embedded, `${rule.id}: no embedded form kept the secret findable`).toBeGreaterThan(0);
      expect(row.leaks, `${rule.id} (seed ${SEED})`).toEqual([]);
    });
  }
});

describe('gitleaks’ own examples', () => {
  const scanner = defaultGitleaksScanner();
  const byId = new Map(GITLEAKS_RULES.map((r) => [r.id, r]));

  it('redacts every true positive of every rule in every channel', () => {
    const leaks: string[] = [];
    let checked = 0;
    for (const [id, e] of Object.entries(examples)) {
      const rule = byId.get(id);
      if (rule === undefined) continue;
      const alone = new GitleaksScanner([rule], GITLEAKS_GLOBAL_ALLOWLIST);
      for (const tp of e.truePositives) {
        const secrets = alone.findings(tp).map((f) => f.secret);
        expect(secrets.length, `${id}: its own true positive ${JSON.stringify(tp)} is found`).toBeGreaterThan(0);
        for (const [channel, log] of CHANNELS) {
          const line = log(tp);
          checked++;
          for (const s of secrets)
            if (line.includes(inLine(s))) leaks.push(`${id} as ${channel}: ${JSON.stringify(tp)} -> ${line}`);
        }
      }
    }
    expect(checked).toBeGreaterThan(1000);
    expect(leaks.map((l) => l.slice(0, 400))).toEqual([]);
  });

  it('flags no false positive by the rule that lists it', () => {
    const flagged: string[] = [];
    let checked = 0;
    for (const [id, e] of Object.entries(examples)) {
      for (const fp of e.falsePositives) {
        checked++;
        if (scanner.findings(fp).some((f) => f.ruleId === id)) flagged.push(`${id}: ${fp}`);
      }
    }
    expect(checked).toBeGreaterThan(300);
    expect(flagged).toEqual([]);
  });
});

describe('gitleaks’ false positives through the whole redactor', () => {
  // gitleaks lists a string as a false positive of one rule; the redactor also judges it by key
  // name (`aws_access_key: AKIAIOSFODNN7EXAMPLE`), by its own vendor patterns (a union of
  // gitleaks' and secretlint's: AIzaSy... keys gitleaks allows by value) and by gitleaks' other
  // rules, and censors a value under a secret name whatever it holds. Placeholders stay
  // (placeholders.ts). The number it changes may only go down: 138 before placeholders, 110 now.
  const KNOWN_CHANGED = 110;

  it(`changes at most ${KNOWN_CHANGED} of them`, () => {
    const redactor = new Redactor();
    const changed: string[] = [];
    let checked = 0;
    for (const [id, e] of Object.entries(examples)) {
      for (const fp of e.falsePositives) {
        checked++;
        if (redactor.redactString(fp) !== fp) changed.push(`${id}: ${JSON.stringify(fp).slice(0, 100)}`);
      }
    }
    console.log(`gitleaks false positives changed by the whole redactor: ${changed.length} of ${checked}`);
    expect(checked).toBeGreaterThan(300);
    expect(changed.length, changed.join('\n')).toBeLessThanOrEqual(KNOWN_CHANGED);
  });
});

describe('generic-api-key on a log line', () => {
  const scanner = defaultGitleaksScanner();
  const generic = (text: string) => scanner.findings(text).filter((f) => f.ruleId === 'generic-api-key');

  it.each([
    'idempotency_key: 8a1a6318-4c2b-4e2b-bcda-5573fc9f03a9',
    'cache_key=78fc4de8ab1936e966b031d8ef990e1e',
    'lookup key = "9FCEB02D0AE598E95DC970B74767F19372D61AF8"',
    'access_log_id: 4bf92f3577b34da6a3ce929d0e0e4736',
  ])('leaves an id under a name that does not say secret: %s', (text) => {
    expect(generic(text)).toEqual([]);
  });

  it.each([
    ['api_token: 8a1a6318-4c2b-4e2b-bcda-5573fc9f03a9', '8a1a6318-4c2b-4e2b-bcda-5573fc9f03a9'],
    ['client_secret = "78fc4de8ab1936e966b031d8ef990e1e"', '78fc4de8ab1936e966b031d8ef990e1e'],
    ['x-auth: 9FCEB02D0AE598E95DC970B74767F19372D61AF8', '9FCEB02D0AE598E95DC970B74767F19372D61AF8'],
    ['cache_key=78fc4de8ab1936e966B031d8ef990e1e', '78fc4de8ab1936e966B031d8ef990e1e'],
  ])('finds an id-shaped value under a secret name, or mixed-case hex: %s', (text, secret) => {
    expect(generic(text).map((f) => f.secret)).toEqual([secret]);
  });
});

describe('the identifier prefix cut off the semi-generic rules', () => {
  it('finds what the whole regex finds, where it finds it', () => {
    const prefixed = GITLEAKS_RULES.filter((r) => r.regex.source.startsWith('[\\w\\-.]{0,50}?'));
    expect(prefixed.length).toBeGreaterThan(90);
    const random = prng(SEED + 1);
    let compared = 0;
    for (const rule of prefixed) {
      const cut = new GitleaksScanner([rule], GITLEAKS_GLOBAL_ALLOWLIST);
      // `(?:)` in front: the same regex, not recognised as prefixed, so run whole.
      const whole = new GitleaksScanner(
        [{ ...rule, regex: { ...rule.regex, source: `(?:)${rule.regex.source}` } }],
        GITLEAKS_GLOBAL_ALLOWLIST,
      );
      for (const { sample } of samplesOf(rule, random)) {
        for (const text of [
          sample,
          `a.b-c_${sample} ${sample}`,
          `${'x'.repeat(60)}${sample}`,
          `${sample}${sample}`,
          `x-${sample}\n${rule.keywords[0] ?? ''}=${sample}`,
        ]) {
          compared++;
          expect(cut.findings(text), `${rule.id}: ${JSON.stringify(text)}`).toEqual(whole.findings(text));
        }
      }
    }
    expect(compared).toBeGreaterThan(1000);
  });
});

describe('hostile strings stay linear under gitleaks’ rules', () => {
  // No timing is asserted (the machine is shared): every input must finish well inside the test's
  // generous timeout. Before the identifier prefix was cut off, 64 KB of `sumoa` took 11 s and all
  // of these 100 s; before line runs were bounded, 64 KB of `curl ` took seconds and grew as the
  // square of the length.
  const fill = (unit: string) => unit.repeat(Math.ceil(65_536 / unit.length)).slice(0, 65_536);
  const keywords = [...new Set(GITLEAKS_RULES.flatMap((r) => r.keywords))];

  it('redacts 64 KB strings made of every keyword', { timeout: 120_000 }, () => {
    const scanner = defaultGitleaksScanner();
    const inputs = [
      ...keywords.flatMap((k) => [fill(`${k} `), fill(`${k}=a`), fill(`${k}a`)]),
      fill(keywords.join('=')),
      fill('kind: secret\ndata:\n  a: '),
      fill('curl -H x '),
      `key${' '.repeat(65_536)}=x`,
    ];
    for (const text of inputs) expect(scanner.redact(text, () => '*').length).toBeGreaterThan(0);
  });
});

describe('a vendor named by the field’s key', () => {
  it('redacts a value whose rule needs the vendor’s name before it, when the key is that name', () => {
    const heroku = '8a1a6318-4c2b-4e2b-bcda-5573fc9f03a9';
    const datadog = 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0';
    const typeform = 'tfp_okizcrgjkxvtoobphi0hqmdmujuc6f2fk2wchp9ty_rdhk7ff1rgx-okt2-';
    const line = logLine((l) =>
      l.info('vendors', {
        heroku,
        typeform,
        nested: { datadog_api: datadog },
        note: `heroku ${heroku}`,
        plain: heroku,
      }),
    );
    expect(line).not.toContain(`"heroku":"${heroku}"`);
    expect(line).not.toContain(datadog);
    // The rule's keyword is `tfp_`: the key holds its identifier, not its keyword.
    expect(line).not.toContain(typeform);
    expect(line).toContain(`"plain":"${heroku}"`);
    expect(JSON.parse(line).heroku).toBe('[REDACTED]');
  });
});

// Tests of the generated gitleaks rules (packages/logger-protocol/src/gitleaks/rules.generated.ts) and
// of the scripts that make them: generate.mjs (the committed file is what it writes now), the rule
// conversion (allowlists as they apply to a log line), extract-examples.mjs and update.mjs.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'smol-toml';
import { afterAll, describe, expect, it } from 'vitest';
import {
  GITLEAKS_GLOBAL_ALLOWLIST,
  GITLEAKS_RELEASE,
  GITLEAKS_RULES,
  GITLEAKS_UNTRANSLATED,
} from '../../packages/logger-protocol/src/gitleaks/rules.generated.js';
import { decodeGoString, extractExamples, GoSourceError } from '../gitleaks/extract-examples.mjs';
import { generate, OUTPUT, ROOT, render } from '../gitleaks/generate.mjs';
import { update } from '../gitleaks/update.mjs';
import { derivedStrings, vendoredExamples } from './gitleaks-samples.js';

/** The rules of the pinned file that are not applied. A new one must be reviewed and added here. */
const EXPECTED_UNTRANSLATED = [
  { id: 'pkcs12-file', reason: 'a path-only rule (no regex): it matches file names, and a log line has none' },
];

const toml = readFileSync(join(ROOT, 'vendor/gitleaks/gitleaks.toml'), 'utf8');
const config = parse(toml) as { rules: { id: string; path?: string; regex?: string }[] };
const pin = JSON.parse(readFileSync(join(ROOT, 'vendor/gitleaks/PIN.json'), 'utf8'));
const rule = (id: string) => {
  const found = GITLEAKS_RULES.find((r) => r.id === id);
  if (!found) throw new Error(`no rule ${id}`);
  return found;
};

describe('rules.generated.ts', () => {
  it('is what generate.mjs writes from the vendored gitleaks.toml now (regenerate after an edit)', () => {
    expect(readFileSync(join(ROOT, OUTPUT), 'utf8')).toBe(generate());
  });

  it('has every rule of the pinned file: 222 = translated + untranslated, in its order', () => {
    expect(config.rules).toHaveLength(222);
    expect(GITLEAKS_RULES.length + GITLEAKS_UNTRANSLATED.length).toBe(222);
    const ids = config.rules.map((r) => r.id);
    expect(GITLEAKS_RULES.map((r) => r.id)).toEqual(ids.filter((id) => id !== 'pkcs12-file'));
    expect(new Set(ids).size).toBe(222);
  });

  it('leaves out exactly the expected rules, each with its reason', () => {
    expect(GITLEAKS_UNTRANSLATED).toEqual(EXPECTED_UNTRANSLATED);
  });

  it('names the pinned release', () => {
    expect(GITLEAKS_RELEASE).toEqual({ repository: pin.repository, tag: pin.tag, commit: pin.commit });
    expect(GITLEAKS_RELEASE.commit).toMatch(/^[0-9a-f]{40}$/);
  });

  it('is frozen all the way down', () => {
    const unfrozen: string[] = [];
    const walk = (value: unknown, path: string) => {
      if (typeof value !== 'object' || value === null) return;
      if (!Object.isFrozen(value)) unfrozen.push(path);
      for (const [k, v] of Object.entries(value)) walk(v, `${path}.${k}`);
    };
    walk(GITLEAKS_RULES, 'rules');
    walk(GITLEAKS_GLOBAL_ALLOWLIST, 'global');
    walk(GITLEAKS_UNTRANSLATED, 'untranslated');
    walk(GITLEAKS_RELEASE, 'release');
    expect(unfrozen).toEqual([]);
  });

  it('keywords and stopwords are lower case; flags are "" or "i" (never u, g or y)', () => {
    for (const r of GITLEAKS_RULES) {
      for (const k of r.keywords) expect(k).toBe(k.toLowerCase());
      const lists = [...r.allowlists, GITLEAKS_GLOBAL_ALLOWLIST];
      for (const list of lists) for (const w of list.stopwords) expect(w).toBe(w.toLowerCase());
      for (const re of [r.regex, ...lists.flatMap((l) => l.regexes)]) expect(['', 'i']).toContain(re.flags);
    }
  });

  it('every regex compiles in Node without u', () => {
    for (const r of GITLEAKS_RULES) {
      for (const re of [r.regex, ...r.allowlists.flatMap((l) => l.regexes)]) {
        expect(() => new RegExp(re.source, re.flags), r.id).not.toThrow();
      }
    }
    for (const re of GITLEAKS_GLOBAL_ALLOWLIST.regexes) expect(() => new RegExp(re.source, re.flags)).not.toThrow();
  });

  it("every rule's regex matches each of gitleaks' literal true positives", () => {
    const examples = vendoredExamples();
    let checked = 0;
    for (const r of GITLEAKS_RULES) {
      const re = new RegExp(r.regex.source, r.regex.flags);
      for (const tp of examples[r.id]?.truePositives ?? []) {
        expect(re.test(tp), `${r.id} on ${JSON.stringify(tp)}`).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(250);
  });

  it('every regex matches a gitleaks example or a string derived from it', () => {
    const examples = vendoredExamples();
    const unmatched: string[] = [];
    const all = [
      ...GITLEAKS_RULES.flatMap((r, n) => [
        { id: r.id, re: r.regex, own: examples[r.id]?.truePositives ?? [], seed: n },
        ...r.allowlists.flatMap((l, i) =>
          l.regexes.map((re, j) => ({ id: `${r.id} allowlist ${i}.${j}`, re, own: [], seed: 1000 + n * 10 + j })),
        ),
      ]),
      ...GITLEAKS_GLOBAL_ALLOWLIST.regexes.map((re, j) => ({ id: `global ${j}`, re, own: [], seed: 5000 + j })),
    ];
    for (const { id, re, own, seed } of all) {
      const regex = new RegExp(re.source, re.flags);
      const strings = [...own, ...derivedStrings(regex, seed, 20)];
      if (!strings.some((s) => regex.test(s))) unmatched.push(id);
    }
    expect(unmatched).toEqual([]);
  });

  it('allowlists apply to a log line: paths dropped from OR lists, AND lists that need a path dropped', () => {
    // generic-api-key: 4 allowlists in gitleaks; the last is AND with paths (Yocto files): dropped.
    const generic = rule('generic-api-key');
    expect(generic.allowlists.map((l) => [l.condition, l.regexTarget])).toEqual([
      ['OR', 'secret'],
      ['OR', 'match'],
      ['OR', 'line'],
    ]);
    expect(generic.allowlists[1]?.stopwords.length).toBeGreaterThan(1000);
    // github-pat and github-app-token: their only allowlist is a path.
    expect(rule('github-pat').allowlists).toEqual([]);
    expect(rule('github-app-token').allowlists).toEqual([]);
    expect(GITLEAKS_GLOBAL_ALLOWLIST.condition).toBe('OR');
    expect(GITLEAKS_GLOBAL_ALLOWLIST.regexes.length).toBeGreaterThan(10);
  });

  it('rules with a path and a regex are kept, applied without the path, and the file says so', () => {
    const text = readFileSync(join(ROOT, OUTPUT), 'utf8');
    const withPath = config.rules.filter((r) => r.path && r.regex).map((r) => r.id);
    expect(withPath).toEqual([
      'freemius-secret-key',
      'hashicorp-tf-password',
      'kubernetes-secret-yaml',
      'nuget-config-password',
    ]);
    for (const id of withPath) {
      expect(rule(id).regex.source.length).toBeGreaterThan(0);
      expect(text).toContain(`// gitleaks applies ${id} only to files whose path matches`);
    }
  });

  it('secretGroup is kept where gitleaks sets one', () => {
    expect(GITLEAKS_RULES.filter((r) => r.secretGroup !== undefined).map((r) => [r.id, r.secretGroup])).toEqual(
      (config.rules as { id: string; secretGroup?: number }[])
        .filter((r) => r.secretGroup)
        .map((r) => [r.id, r.secretGroup]),
    );
  });
});

describe('generate.mjs render', () => {
  const pinned = { repository: 'https://example.test/gitleaks', tag: 'v1', commit: 'c'.repeat(40) };

  it('puts a rule whose regex cannot be translated in the untranslated list, with the reason', () => {
    const text = render("[[rules]]\nid = \"u\"\nregex = '''\\pL+'''\n", pinned);
    expect(text).toContain('{ id: "u", reason: "regex: Unicode classes (\\\\p) need the u flag" }');
  });

  it('keeps the regexes and stopwords of an OR allowlist with paths; keywords lower case', () => {
    const text = render(
      [
        '[[rules]]',
        'id = "r"',
        "regex = '''AB'''",
        'keywords = ["AbC"]',
        '[[rules.allowlists]]',
        "paths = ['''x''']",
        "regexes = ['''(?i)q''']",
        'stopwords = ["Foo"]',
      ].join('\n'),
      pinned,
    );
    expect(text).toContain(
      '{ id: "r", description: "", regex: { source: "AB", flags: "" }, keywords: ["abc"], allowlists: [{ condition: "OR", regexTarget: "secret", regexes: [{ source: "q", flags: "i" }], stopwords: ["foo"] }] },',
    );
  });

  it('refuses a key it does not know', () => {
    expect(() => render('[[rules]]\nid = "r"\nregex = "a"\nvalidate = "x"\n', pinned)).toThrow(/unknown key validate/);
  });
});

describe('extract-examples.mjs', () => {
  it('decodes Go interpreted string escapes', () => {
    expect(decodeGoString('a\\tb\\n\\"\\\\\\x41\\u00e9\\101')).toBe('a\tb\n"\\AéA');
    expect(() => decodeGoString('\\q')).toThrow(GoSourceError);
  });

  it('takes the literals of tps and fps per RuleID, concatenations of literals too, and counts the rest', () => {
    const src = [
      'func A() *config.Rule {',
      '\tr := config.Rule{',
      '\t\tRuleID: "a-rule",',
      '\t}',
      '\ttps := utils.GenerateSampleSecrets("a", "x")',
      '\ttps = append(tps,',
      '\t\t`raw $\u007bx}`, // a comment, with a comma',
      '\t\t"in\\tterpreted" + `+raw`,',
      '\t\t"key=" + newSecret(`[a-z]{3}`),',
      '\t\tutils.GenerateSampleSecret("a", "b"),',
      '\t)',
      '\tfps := []string{',
      '\t\t`multi',
      'line`,',
      '\t\t// `commented out`,',
      '\t}',
      '\treturn utils.Validate(r, tps, fps)',
      '}',
      'func B() *config.Rule {',
      '\tr := config.Rule{RuleID: "b-rule"}',
      '\ttps := map[string]string{"a/b.yaml": `content`, "c": "x" + "y"}',
      '\treturn utils.ValidateWithPaths(r, tps, nil)',
      '}',
    ].join('\n');
    const examples = extractExamples(src);
    expect(Object.fromEntries(examples)).toEqual({
      'a-rule': {
        truePositives: ['raw $\u007bx}', 'in\tterpreted+raw'],
        falsePositives: ['multi\nline'],
        skipped: { truePositives: 3, falsePositives: 0 },
        paths: { truePositives: [], falsePositives: [] },
      },
      'b-rule': {
        truePositives: ['content', 'xy'],
        falsePositives: [],
        skipped: { truePositives: 0, falsePositives: 0 },
        paths: {
          truePositives: [
            { path: 'a/b.yaml', text: 'content' },
            { path: 'c', text: 'xy' },
          ],
          falsePositives: [],
        },
      },
    });
  });

  it('examples.json has an entry for each rule of the pinned file, with some false positives', () => {
    const examples = vendoredExamples();
    expect(Object.keys(examples).sort()).toEqual(config.rules.map((r) => r.id).sort());
    const fps = Object.values(examples).reduce((n, e) => n + e.falsePositives.length, 0);
    expect(fps).toBeGreaterThan(300);
    // A false positive only because gitleaks tests it under a path its rule does not cover is set apart.
    const byPath = Object.entries(examples)
      .filter(([, e]) => e.falsePositivesOnlyByPath)
      .map(([id, e]) => [id, e.falsePositivesOnlyByPath?.map((f) => f.path)]);
    expect(byPath).toEqual([
      ['freemius-secret-key', ['foo.html']],
      ['hashicorp-tf-password', ['unrelated.js']],
      ['nuget-config-password', ['some.xml']],
      ['pkcs12-file', ['doc/typenum/type.P126.html', 'scripts/keeneland/syntest.p1200.sh']],
    ]);
  });
});

describe('update.mjs', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'gitleaks-update-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('vendors a tag of a gitleaks repository and regenerates the rules in one call', () => {
    // A tiny gitleaks repository with one rule and its examples.
    const repo = join(scratch, 'gitleaks');
    mkdirSync(join(repo, 'config'), { recursive: true });
    mkdirSync(join(repo, 'cmd/generate/config/rules'), { recursive: true });
    writeFileSync(
      join(repo, 'config/gitleaks.toml'),
      '[[rules]]\nid = "tiny"\ndescription = "A tiny rule"\nregex = \'\'\'(?i)\\btiny_[a-z]{4}\\b\'\'\'\nkeywords = ["Tiny_"]\n',
    );
    writeFileSync(join(repo, 'LICENSE'), 'MIT License\n');
    writeFileSync(
      join(repo, 'cmd/generate/config/rules/tiny.go'),
      'package rules\n\nfunc Tiny() *config.Rule {\n\tr := config.Rule{RuleID: "tiny"}\n\ttps := []string{`tiny_abcd`}\n\tfps := []string{"tiny_ab"}\n\treturn utils.Validate(r, tps, fps)\n}\n',
    );
    const git = (...args: string[]) =>
      execFileSync('git', ['-C', repo, '-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { encoding: 'utf8' });
    git('init', '-q');
    git('add', '.');
    git('commit', '-qm', 'tiny');
    git('tag', 'v0.0.1');
    const commit = git('rev-parse', 'HEAD').trim();

    // A scratch copy of the parts of this repository the update writes.
    const root = join(scratch, 'root');
    cpSync(join(ROOT, 'vendor/gitleaks'), join(root, 'vendor/gitleaks'), { recursive: true });
    mkdirSync(join(root, 'packages/logger-protocol/src/gitleaks'), { recursive: true });

    const result = update(['--from', repo, '--ref', 'v0.0.1'], root);
    expect(result).toEqual({ repository: pin.repository, tag: 'v0.0.1', commit });
    const read = (path: string) => readFileSync(join(root, path), 'utf8');
    expect(JSON.parse(read('vendor/gitleaks/PIN.json'))).toEqual(result);
    expect(read('vendor/gitleaks/LICENSE')).toBe('MIT License\n');
    expect(read('packages/logger-protocol/src/gitleaks/LICENSE')).toBe('MIT License\n');
    expect(JSON.parse(read('vendor/gitleaks/examples.json'))).toEqual({
      tiny: {
        truePositives: ['tiny_abcd'],
        falsePositives: ['tiny_ab'],
        skipped: { truePositives: 0, falsePositives: 0 },
      },
    });
    const generated = read(OUTPUT);
    expect(generated).toContain(`from gitleaks v0.0.1`);
    expect(generated).toContain("regex: { source: '\\\\btiny_[a-z]{4}\\\\b', flags: 'i' }");
    expect(generated).toContain("keywords: ['tiny_']");
  });
});

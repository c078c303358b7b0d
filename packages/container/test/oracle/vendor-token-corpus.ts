// Vendor token formats from gitleaks v8.30.0's rules (vendor/gitleaks/gitleaks.toml) that the
// redactor's own list (packages/logger-protocol/src/secret-patterns.ts) does not name. Each value
// is drawn at random from the rule's character classes by a seeded generator: new each run,
// reproducible from the seed. They are embedded as gitleaks' rule generator embeds its samples
// (cmd/generate/config/utils/generate.go, GenerateSampleSecrets), plus a log line.
//
// Nothing here is a real credential.

import { seededRandom } from '@dashtam/logger-protocol/testing';

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
const ALNUM = UPPER + LOWER + DIGITS;
const LOWER_ALNUM = LOWER + DIGITS;
const UPPER_ALNUM = UPPER + DIGITS;
const HEX = '0123456789abcdef';
const WORD = `${ALNUM}_`;
const WORD_DASH = `${WORD}-`;
const BECH32 = 'QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L';

/** A seeded generator that draws strings from alphabets. */
export const generator = seededRandom;

type Gen = ReturnType<typeof generator>;

interface Format {
  /** The gitleaks rule id that must find the value. */
  readonly ruleId: string;
  /** The identifier gitleaks' generator puts before the value (the vendor's name: keyword rules need it). */
  readonly identifier: string;
  readonly value: (g: Gen) => string;
}

const FORMATS: readonly Format[] = [
  { ruleId: 'doppler-api-token', identifier: 'doppler', value: (g) => `dp.pt.${g.pick(ALNUM, 43)}` },
  { ruleId: 'pypi-upload-token', identifier: 'pypi', value: (g) => `pypi-AgEIcHlwaS5vcmc${g.pick(WORD_DASH, 70)}` },
  {
    ruleId: 'postman-api-token',
    identifier: 'postman',
    value: (g) => `PMAK-${g.pick(HEX, 24)}-${g.pick(HEX, 34)}`,
  },
  { ruleId: 'digitalocean-pat', identifier: 'digitalocean', value: (g) => `dop_v1_${g.pick(HEX, 64)}` },
  { ruleId: 'digitalocean-access-token', identifier: 'digitalocean', value: (g) => `doo_v1_${g.pick(HEX, 64)}` },
  { ruleId: 'digitalocean-refresh-token', identifier: 'digitalocean', value: (g) => `dor_v1_${g.pick(HEX, 64)}` },
  { ruleId: 'pulumi-api-token', identifier: 'pulumi', value: (g) => `pul-${g.pick(HEX, 40)}` },
  { ruleId: 'planetscale-api-token', identifier: 'planetscale', value: (g) => `pscale_tkn_${g.pick(ALNUM, 43)}` },
  { ruleId: 'planetscale-password', identifier: 'planetscale', value: (g) => `pscale_pw_${g.pick(ALNUM, 43)}` },
  {
    ruleId: 'planetscale-oauth-token',
    identifier: 'planetscale',
    value: (g) => `pscale_oauth_${g.pick(ALNUM, 43)}`,
  },
  {
    ruleId: 'dynatrace-api-token',
    identifier: 'dynatrace',
    value: (g) => `dt0c01.${g.pick(UPPER_ALNUM, 24)}.${g.pick(UPPER_ALNUM, 64)}`,
  },
  { ruleId: 'heroku-api-key-v2', identifier: 'heroku', value: (g) => `HRKU-AA${g.pick(WORD_DASH, 58)}` },
  { ruleId: 'heroku-api-key', identifier: 'heroku', value: (g) => g.uuid() },
  { ruleId: 'mailchimp-api-key', identifier: 'mailchimp', value: (g) => `${g.pick(HEX, 32)}-us${g.pick(DIGITS, 2)}` },
  { ruleId: 'datadog-access-token', identifier: 'datadog', value: (g) => g.pick(LOWER_ALNUM, 40) },
  { ruleId: 'new-relic-user-api-key', identifier: 'new_relic', value: (g) => `NRAK-${g.pick(UPPER_ALNUM, 27)}` },
  { ruleId: 'new-relic-browser-api-token', identifier: 'newrelic', value: (g) => `NRJS-${g.pick(HEX, 19)}` },
  { ruleId: 'new-relic-insert-key', identifier: 'new-relic', value: (g) => `NRII-${g.pick(`${LOWER_ALNUM}-`, 32)}` },
  { ruleId: 'age-secret-key', identifier: 'age', value: (g) => `AGE-SECRET-KEY-1${g.pick(BECH32, 58)}` },
  { ruleId: 'artifactory-api-key', identifier: 'artifactory', value: (g) => `AKCp${g.pick(ALNUM, 69)}` },
  { ruleId: 'artifactory-reference-token', identifier: 'artifactory', value: (g) => `cmVmd${g.pick(ALNUM, 59)}` },
  { ruleId: 'clickhouse-cloud-api-secret-key', identifier: 'clickhouse', value: (g) => `4b1d${g.pick(ALNUM, 38)}` },
  { ruleId: 'clojars-api-token', identifier: 'clojars', value: (g) => `CLOJARS_${g.pick(LOWER_ALNUM, 60)}` },
  { ruleId: 'duffel-api-token', identifier: 'duffel', value: (g) => `duffel_live_${g.pick(`${LOWER_ALNUM}_-=`, 43)}` },
  { ruleId: 'easypost-api-token', identifier: 'easypost', value: (g) => `EZAK${g.pick(ALNUM, 54)}` },
  {
    ruleId: 'flutterwave-secret-key',
    identifier: 'flutterwave',
    value: (g) => `FLWSECK_TEST-${g.pick('abcdefgh0123456789', 32)}-X`,
  },
  { ruleId: 'frameio-api-token', identifier: 'frameio', value: (g) => `fio-u-${g.pick(`${LOWER_ALNUM}-_=`, 64)}` },
  { ruleId: 'flyio-access-token', identifier: 'flyio', value: (g) => `fo1_${g.pick(WORD_DASH, 43)}` },
  { ruleId: 'gitlab-deploy-token', identifier: 'gitlab', value: (g) => `gldt-${g.pick(ALNUM, 20)}` },
  { ruleId: 'gitlab-runner-authentication-token', identifier: 'gitlab', value: (g) => `glrt-${g.pick(ALNUM, 20)}` },
  { ruleId: 'gitlab-ptt', identifier: 'gitlab', value: (g) => `glptt-${g.pick(HEX, 40)}` },
  { ruleId: 'gitlab-oauth-app-secret', identifier: 'gitlab', value: (g) => `gloas-${g.pick(ALNUM, 64)}` },
  {
    ruleId: 'maxmind-license-key',
    identifier: 'maxmind',
    value: (g) => `${g.pick(ALNUM, 6)}_${g.pick(ALNUM, 29)}_mmk`,
  },
  { ruleId: 'octopus-deploy-api-key', identifier: 'octopus', value: (g) => `API-${g.pick(UPPER_ALNUM, 26)}` },
  { ruleId: 'openshift-user-token', identifier: 'openshift', value: (g) => `sha256~${g.pick(WORD_DASH, 43)}` },
  { ruleId: 'perplexity-api-key', identifier: 'perplexity', value: (g) => `pplx-${g.pick(ALNUM, 48)}` },
  { ruleId: 'prefect-api-token', identifier: 'prefect', value: (g) => `pnu_${g.pick(ALNUM, 36)}` },
  { ruleId: 'readme-api-token', identifier: 'readme', value: (g) => `rdme_${g.pick(LOWER_ALNUM, 70)}` },
  { ruleId: 'rubygems-api-token', identifier: 'rubygems', value: (g) => `rubygems_${g.pick(HEX, 48)}` },
  { ruleId: 'scalingo-api-token', identifier: 'scalingo', value: (g) => `tk-us-${g.pick(WORD_DASH, 48)}` },
  { ruleId: 'sentry-user-token', identifier: 'sentry', value: (g) => `sntryu_${g.pick(HEX, 64)}` },
  { ruleId: 'settlemint-personal-access-token', identifier: 'settlemint', value: (g) => `sm_pat_${g.pick(ALNUM, 16)}` },
  { ruleId: 'shippo-api-token', identifier: 'shippo', value: (g) => `shippo_live_${g.pick(HEX, 40)}` },
  {
    ruleId: 'sendinblue-api-token',
    identifier: 'sendinblue',
    value: (g) => `xkeysib-${g.pick(HEX, 64)}-${g.pick(ALNUM, 16)}`,
  },
  { ruleId: 'adobe-client-secret', identifier: 'adobe', value: (g) => `p8e-${g.pick(LOWER_ALNUM, 32)}` },
  { ruleId: 'alibaba-access-key-id', identifier: 'alibaba', value: (g) => `LTAI${g.pick(LOWER_ALNUM, 20)}` },
  { ruleId: 'square-access-token', identifier: 'square', value: (g) => `sq0atp-${g.pick(WORD_DASH, 22)}` },
  {
    ruleId: 'huggingface-organization-api-token',
    identifier: 'huggingface',
    value: (g) => `api_org_${g.pick(UPPER + LOWER, 34)}`,
  },
  { ruleId: 'grafana-api-key', identifier: 'grafana', value: (g) => `eyJrIjoi${g.pick(ALNUM, 72)}` },
  {
    ruleId: 'harness-api-key',
    identifier: 'harness',
    value: (g) => `pat.${g.pick(WORD_DASH, 22)}.${g.pick(ALNUM, 24)}.${g.pick(ALNUM, 20)}`,
  },
  {
    ruleId: 'hashicorp-tf-api-token',
    identifier: 'terraform',
    value: (g) => `${g.pick(LOWER_ALNUM, 14)}.atlasv1.${g.pick(`${LOWER_ALNUM}-_`, 64)}`,
  },
  {
    ruleId: 'azure-ad-client-secret',
    identifier: 'azure',
    value: (g) => `${g.pick(ALNUM, 3)}${g.pick(DIGITS, 1)}Q~${g.pick(`${ALNUM}_~.-`, 34)}`,
  },
  {
    ruleId: 'microsoft-teams-webhook',
    identifier: 'teams',
    value: (g) =>
      `https://${g.pick(LOWER, 8)}.webhook.office.com/webhookb2/${g.uuid()}@${g.uuid()}/IncomingWebhook/${g.pick(LOWER_ALNUM, 32)}/${g.uuid()}`,
  },
  { ruleId: 'typeform-api-token', identifier: 'typeform', value: (g) => `tfp_${g.pick(`${LOWER_ALNUM}-_.=`, 59)}` },
  { ruleId: 'yandex-api-key', identifier: 'yandex', value: (g) => `AQVN${g.pick(WORD_DASH, 36)}` },
  {
    ruleId: 'mapbox-api-token',
    identifier: 'mapbox',
    value: (g) => `pk.${g.pick(LOWER_ALNUM, 60)}.${g.pick(LOWER_ALNUM, 22)}`,
  },
  { ruleId: 'mailgun-private-api-token', identifier: 'mailgun', value: (g) => `key-${g.pick(HEX, 32)}` },
  { ruleId: 'snyk-api-token', identifier: 'snyk_api_key', value: (g) => g.uuid() },
  {
    ruleId: 'telegram-bot-api-token',
    identifier: 'telegram',
    value: (g) => `${g.pick('123456789', 1)}${g.pick(DIGITS, 9)}:A${g.pick(`${LOWER_ALNUM}_-`, 34)}`,
  },
  { ruleId: 'okta-access-token', identifier: 'okta', value: (g) => `00${g.pick(WORD_DASH, 40)}` },
  {
    ruleId: 'cloudflare-origin-ca-key',
    identifier: 'cloudflare',
    value: (g) => `v1.0-${g.pick(HEX, 24)}-${g.pick(HEX, 146)}`,
  },
  {
    ruleId: 'sidekiq-secret',
    identifier: 'BUNDLE_GEMS__CONTRIBSYS__COM',
    value: (g) => `${g.pick(HEX, 8)}:${g.pick(HEX, 8)}`,
  },
  { ruleId: 'beamer-api-token', identifier: 'beamer', value: (g) => `b_${g.pick(`${LOWER_ALNUM}=_-`, 44)}` },
  { ruleId: 'sentry-access-token', identifier: 'sentry', value: (g) => g.pick(HEX, 64) },
];

/** How gitleaks' generator and a service's own log embed a value (`i`: identifier, `I`: upper case). */
const EMBEDDINGS = {
  ini: (i: string, s: string) => `${i}Token="${s}"`,
  json: (i: string, s: string) => `{\n    "${i}_token": "${s}"\n}`,
  yaml: (i: string, s: string) => `${i}_token: ${s}`,
  env: (i: string, s: string) => `{"config.ini": "${i.toUpperCase()}_TOKEN=${s}\\nBACKUP_ENABLED=true"}`,
  log: (i: string, s: string) =>
    `2026-12-07T02:41:29.123Z INFO ${i} client configured ${i}_token=${s} region=eu-west-1`,
  // Without a secret word beside the value: only its format (and the vendor's name, for rules
  // that need it) tells it is a secret. As a service says it, and as a JSON field renders.
  said: (i: string, s: string) => `rejected by ${i}: ${s} (401)`,
  field: (i: string, s: string) => `{"level":"info","${i}":"${s}"}`,
} as const;

export type Embedding = keyof typeof EMBEDDINGS;

export interface VendorToken {
  readonly ruleId: string;
  readonly identifier: string;
  /** The generated secret value. */
  readonly value: string;
  /** The value embedded each way gitleaks' samples (and a log line) put it. */
  readonly samples: Readonly<Record<Embedding, string>>;
}

/** The vendor tokens of one run. The same seed gives the same values. */
export function vendorTokenCorpus(seed: number): VendorToken[] {
  const g = generator(seed);
  return FORMATS.map((f) => {
    const value = f.value(g);
    const samples = Object.fromEntries(
      Object.entries(EMBEDDINGS).map(([name, embed]) => [name, embed(f.identifier, value)]),
    ) as Record<Embedding, string>;
    return { ruleId: f.ruleId, identifier: f.identifier, value, samples };
  });
}

/** A log call of the corpus, in plain data so that a child process can make it from JSON. */
export interface VendorLogCall {
  readonly ruleId: string;
  readonly placement: 'message' | 'field' | 'nested field' | 'error message';
  readonly message: string;
  readonly context?: Record<string, unknown>;
  /** When set: the context gets `error: new Error(errorMessage)`. */
  readonly errorMessage?: string;
}

/**
 * Each token logged in the message, in a field, in a nested field and in an error's message, the
 * `worded` way (gitleaks' samples and a log line: a secret word beside the value, as in
 * `dopplerToken="..."`) or the `named` way (only the vendor's name beside it: `rejected by
 * doppler: ...`, `{ doppler: '...' }`), where only the value's format gives it away.
 */
export function vendorLogCalls(tokens: readonly VendorToken[], way: 'worded' | 'named'): VendorLogCall[] {
  return tokens.flatMap((t): VendorLogCall[] =>
    way === 'worded'
      ? [
          { ruleId: t.ruleId, placement: 'message', message: t.samples.log },
          { ruleId: t.ruleId, placement: 'field', message: 'config loaded', context: { detail: t.samples.ini } },
          {
            ruleId: t.ruleId,
            placement: 'nested field',
            message: 'upstream answered',
            context: { upstream: { response: { body: t.samples.json, config: t.samples.yaml } } },
          },
          { ruleId: t.ruleId, placement: 'error message', message: 'startup failed', errorMessage: t.samples.env },
        ]
      : [
          { ruleId: t.ruleId, placement: 'message', message: t.samples.said },
          { ruleId: t.ruleId, placement: 'field', message: 'vendor configured', context: { [t.identifier]: t.value } },
          {
            ruleId: t.ruleId,
            placement: 'nested field',
            message: 'vendors loaded',
            context: { vendors: [{ [t.identifier]: t.value }] },
          },
          { ruleId: t.ruleId, placement: 'error message', message: 'call failed', errorMessage: t.samples.said },
        ],
  );
}

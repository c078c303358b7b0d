// gitleaks' rules on a log line's own shapes: the generic rule leaves ids alone under names that do
// not say secret, and a member's key is read as the name of its value's vendor.
import { describe, expect, it } from 'vitest';
import { recordingLogger } from '../testing/recording-sink.js';
import { defaultGitleaksScanner } from './default-scanner.js';

const { logger, sink } = recordingLogger();
function logLine(write: (l: typeof logger) => void): string {
  sink.clear();
  write(logger);
  return sink.lines.join('\n');
}

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

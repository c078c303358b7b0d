// A string under a key that names a vendor goes through the same stages in the same order as any
// string, the key read only at gitleaks' stage. Before the fix the key-read gitleaks pass ran
// first, before the whole-secret patterns: it censored an AWS key pair's access key id alone, the
// pair pattern no longer matched, and the secret access key was written as it was under keys such
// as `access`, `config_key` or `heroku` (under any other key, or in a message, the pair went whole).
import { describe, expect, it } from 'vitest';
import { Redactor } from './redactor.js';
import { recordingLogger } from './testing/recording-sink.js';

const secretKey = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const pair = `AKIAZ52HGXYRN4WBTEST ${secretKey}`;

describe('an AWS key pair under a vendor-naming key', () => {
  it.each(['access', 'config_key', 'heroku', 'plain'])('is redacted whole under %s', (key) => {
    const r = new Redactor();
    expect(r.redactStringUnder(key, pair)).toBe(r.redactString(pair));
    expect(r.redactStringUnder(key, pair)).not.toContain(secretKey);
  });

  it('is redacted whole in a record field', () => {
    const { logger, sink } = recordingLogger();
    logger.info('m', { access: pair, nested: { config_key: pair } });
    expect(sink.lines.join('\n')).not.toContain(secretKey);
  });
});

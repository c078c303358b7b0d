// biome-ignore-all lint/suspicious/noTemplateCurlyInString: template references are the test data
import { describe, expect, it } from 'vitest';
import { isPlaceholder } from './placeholders.js';
import { Redactor } from './redactor.js';

describe('isPlaceholder', () => {
  it.each([
    '${DB_PASSWORD}',
    '${SUMO_ACCESS_KEY:=$2}',
    '{{ .Values.Password }}',
    '${{ secrets.NPM_TOKEN }}',
    '%API_KEY%',
    '$API_TOKEN',
    '{SumoAccessKey}',
    '<YOUR_PROFILE>',
    '<SUMOLOGIC ACCESS KEY>',
    '<your-token>',
    '********',
    '###',
    'xxxxxxxx',
    'XXXXXXXXXXXXXXXX',
    'xoxb-xxxxxxxxx-xxxxxxxxxx',
    'pplx-xxxxxxxxxxxxxxxxxxxx',
    '"xxxxxxxxxx"',
    "'${TOKEN}'",
  ])('%s is a placeholder', (value) => {
    expect(isPlaceholder(value)).toBe(true);
  });

  it.each([
    'hunter22',
    '$upers3cret',
    '$ecret',
    '<secret>',
    '{{',
    'xxxxx',
    'xxxxxxxxa',
    'axxxxxxxx',
    'xoxb-123456789-abcdefghij',
    '**',
    '${}',
    '%lower%',
    '"xxxxxxxxxx',
    'x',
    '',
  ])('%s is not', (value) => {
    expect(isPlaceholder(value)).toBe(false);
  });

  it('is left by the built-in rules, and censored by a user pattern', () => {
    const r = new Redactor({ patterns: [/\$\{DB_PASSWORD\}/g] });
    expect(r.redactString('password=${DB_PASSWORD}')).toBe('password=[REDACTED]');
    const builtIn = new Redactor();
    expect(builtIn.redactString('password=${DB_PASSWORD} token: <YOUR_TOKEN> key=xxxxxxxx')).toBe(
      'password=${DB_PASSWORD} token: <YOUR_TOKEN> key=xxxxxxxx',
    );
    expect(builtIn.redactString('slack xoxb-xxxxxxxxx-xxxxxxxxxx and password=hunter22')).toBe(
      'slack xoxb-xxxxxxxxx-xxxxxxxxxx and password=[REDACTED]',
    );
  });
});

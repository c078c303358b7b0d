// biome-ignore-all lint/suspicious/noTemplateCurlyInString: template references are the test data
// A placeholder names what stands there (`${DB_PASSWORD}`, `<YOUR_TOKEN>`, `{SumoAccessKey}`);
// a value in the same brackets whose words mix digits into letters is a secret that happens to be
// bracketed, and the built-in rules must not leave it. Before the fix each of these was written as
// it was.
import { describe, expect, it } from 'vitest';
import { isPlaceholder } from './placeholders.js';
import { Redactor } from './redactor.js';

describe('bracketed secrets are not placeholders', () => {
  it.each([
    '<HUNTER2PASSWORD>',
    '<A1B2C3D4E5F6G7H8J9K0>',
    '{abc123Secret9}',
    '{Kx9f2LmQ7pZ}',
    '{{ 9f8e7d6c5b4a }}',
    '${aB3dE5gH7jK9}',
    '%P4SSW0RD%',
  ])('%s is not a placeholder', (value) => {
    expect(isPlaceholder(value)).toBe(false);
  });

  it.each([
    ['password=<HUNTER2PASSWORD>', 'HUNTER2PASSWORD'],
    ['token: <A1B2C3D4E5F6G7H8J9K0>', 'A1B2C3D4E5F6G7H8J9K0'],
    ['secret={abc123Secret9}', 'abc123Secret9'],
    ['{"password": "{Kx9f2LmQ7pZ}"}', 'Kx9f2LmQ7pZ'],
  ])('%s is redacted', (text, secret) => {
    expect(new Redactor().redactString(text)).not.toContain(secret);
  });

  it.each([
    '${DB_PASSWORD2}',
    '<API_KEY_V2>',
    '$SECRET2024',
    '%PASSWORD123%',
    '{SumoAccessKey}',
    '${SUMO_ACCESS_KEY:=$2}',
  ])('%s (words, digits only at their ends) stays a placeholder', (value) => {
    expect(isPlaceholder(value)).toBe(true);
  });
});

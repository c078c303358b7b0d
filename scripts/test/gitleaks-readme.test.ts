// The README's list of vendor formats is generated from the rule data (readme-vendors.mjs): the
// committed block is what the script writes now, and it names every rule's vendor.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { GITLEAKS_RULES } from '../../packages/logger-protocol/src/gitleaks/rules.generated.js';
import { END, README, readmeWithVendors, START, vendorOf } from '../gitleaks/readme-vendors.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));

describe('the README vendor list', () => {
  it('is what readme-vendors.mjs writes from the vendored rules now', () => {
    expect(readFileSync(join(root, README), 'utf8')).toBe(readmeWithVendors());
  });

  it('names the vendor of every translated rule but the generic one', () => {
    const readme = readFileSync(join(root, README), 'utf8');
    const block = readme.slice(readme.indexOf(START), readme.indexOf(END)).replace(/\s+/g, ' ');
    for (const rule of GITLEAKS_RULES) {
      const vendor = vendorOf(rule.id);
      if (rule.id === 'generic-api-key') expect(vendor).toBeUndefined();
      else expect(block, rule.id).toContain(vendor);
    }
  });

  it.each([
    ['new-relic-user-api-key', 'New Relic'],
    ['github-fine-grained-pat', 'GitHub'],
    ['doppler-api-token', 'Doppler'],
    ['private-key', 'private keys'],
  ])('%s is a %s format', (id, vendor) => {
    expect(vendorOf(id)).toBe(vendor);
  });
});

// What this project allows on top of gitleaks' own allowlists, per rule id. gitleaks scans source
// code; a log line is full of identifiers under names gitleaks' generic rule takes for secrets
// (`idempotency_key: <uuid>`, `cache_key=<sha1>`), so that rule leaves ids alone: canonical UUIDs
// and single-case hex strings (digests, commit shas, trace ids). A secret under a name that says so
// (`api_key=<hex>`) is still redacted by its key (key-value-fragments.ts), and the vendor rules
// keep their own shapes.
import type { GitleaksAllowlist } from './rule-data.js';

/** Allowlists added to gitleaks' rules, by rule id. */
export const ALLOWLIST_ADDITIONS: Readonly<Record<string, readonly GitleaksAllowlist[]>> = Object.freeze({
  'generic-api-key': Object.freeze([
    Object.freeze({
      condition: 'OR',
      regexTarget: 'secret',
      regexes: Object.freeze([
        Object.freeze({ source: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$', flags: 'i' }),
        Object.freeze({ source: '^(?:[0-9a-f]+|[0-9A-F]+)$', flags: '' }),
      ]),
      stopwords: Object.freeze([]),
    } as const),
  ]),
});

// What this project allows on top of gitleaks' own allowlists, per rule id. gitleaks scans source
// code; a log line is full of identifiers under names gitleaks' generic rule takes for secrets
// (`idempotency_key: <uuid>`, `cache_key=<sha1>`, `access_log_id=<hex>`), so that rule leaves ids
// alone (canonical UUIDs and single-case hex strings: digests, commit shas, trace ids) unless the
// name says secret, token, password, credential, auth or api key (`"api_token", "<uuid>"` is one of
// gitleaks' own true positives). Vendor rules keep their own shapes.
import type { GitleaksAllowlist } from './rule-data.js';

/** Allowlists added to gitleaks' rules, by rule id. */
export const ALLOWLIST_ADDITIONS: Readonly<Record<string, readonly GitleaksAllowlist[]>> = Object.freeze({
  'generic-api-key': Object.freeze([
    Object.freeze({
      condition: 'OR',
      regexTarget: 'match',
      regexes: Object.freeze([
        Object.freeze({
          source:
            '^(?![\\s\\S]*(?:[Tt][Oo][Kk][Ee][Nn]|[Ss][Ee][Cc][Rr][Ee][Tt]|[Pp][Aa][Ss][Ss]|[Pp][Ww][Dd]|[Cc][Rr][Ee][Dd]|[Aa][Uu][Tt][Hh]|[Aa][Pp][Ii][_.-]?[Kk][Ee][Yy]))[\\s\\S]*[\\s"\'=:>,`](?:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[0-9a-f]+|[0-9A-F]+)(?:[\\s"\';`]|\\\\[NRnr])?$',
          flags: '',
        }),
      ]),
      stopwords: Object.freeze([]),
    } as const),
  ]),
});

// The part of a gitleaks secret that is censored. gitleaks reports a secret group that may hold
// the quotes around a value (curl-auth-user: `"user:pw"`) or, for Kubernetes Secret manifests,
// the data key before it (`tls.crt: LS0t...`). Neither is secret: the key and the quotes stay, as
// with every other rule of the redactor (`password: '[REDACTED]'`).

// A YAML key and what may follow it before the value: `key: `, `key: |`, `key: >-` and a newline.
const DATA_KEY = /^[\w.-]+:(?:[ \t]*(?:\||>[-+]?)\s+)?[ \t]*/;
const QUOTES = new Set(['"', "'", '`']);

/** The `[from, to)` offsets within `secret` (rule `ruleId`'s secret group) to censor; empty when nothing is left. */
export function censoredPart(ruleId: string, secret: string): readonly [number, number] {
  let from = 0;
  let to = secret.length;
  if (ruleId === 'kubernetes-secret-yaml') from = DATA_KEY.exec(secret)?.[0].length ?? 0;
  const quote = secret[from];
  if (quote !== undefined && QUOTES.has(quote) && to - from >= 2 && secret[to - 1] === quote) {
    from++;
    to--;
  }
  return [from, to];
}

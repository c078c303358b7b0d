// The sampling decision of a trace: a hash of its trace id against the rate, so that every record
// of a request, and every service that sees the same trace id, decides the same.

/**
 * Whether a trace is sampled at `rate`: decided by the trace id alone (FNV-1a hash), so every
 * record of a request, and every service that sees the same trace id, decides the same.
 */
export function isTraceSampled(traceId: string, rate: number): boolean {
  if (rate <= 0) return false;
  if (rate >= 1) return true;
  let hash = 0x811c9dc5;
  for (let i = 0; i < traceId.length; i++) {
    hash ^= traceId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) / 0x1_0000_0000 < rate;
}

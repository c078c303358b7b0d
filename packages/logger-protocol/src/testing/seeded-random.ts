/**
 * A small seeded generator (mulberry32) for test data: the same seed gives the same strings, so a
 * failing run can be replayed from the seed it prints.
 *
 * @example
 * ```ts
 * const g = seededRandom(42);
 * g.pick('abcdef0123456789', 32); // the same 32 hex characters every run with seed 42
 * ```
 */
export function seededRandom(seed: number): {
  /** A number in [0, 1). */
  next(): number;
  /** `n` characters drawn from `alphabet`. */
  pick(alphabet: string, n: number): string;
  /** A random lower-case UUID-shaped string. */
  uuid(): string;
} {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = (alphabet: string, n: number): string => {
    let out = '';
    for (let i = 0; i < n; i++) out += alphabet[Math.floor(next() * alphabet.length)];
    return out;
  };
  const uuid = (): string => [8, 4, 4, 4, 12].map((n) => pick('0123456789abcdef', n)).join('-');
  return { next, pick, uuid };
}

// Shared timing helpers: alternate the contenders round by round (so drift on a shared machine
// hits them alike), and report medians in ns per call.

/** Runs `fn(n)` once per round for each contender, in turn; returns ns per call per round. */
export function compare(contenders, { rounds = 9, calls = 200_000, warmup = 50_000 } = {}) {
  const results = Object.fromEntries(Object.keys(contenders).map((k) => [k, []]));
  for (const fn of Object.values(contenders)) fn(warmup);
  for (let r = 0; r < rounds; r++) {
    for (const [name, fn] of Object.entries(contenders)) {
      const start = process.hrtime.bigint();
      fn(calls);
      const ns = Number(process.hrtime.bigint() - start);
      results[name].push(ns / calls);
    }
  }
  return Object.fromEntries(Object.entries(results).map(([k, v]) => [k, median(v)]));
}

export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export const fmt = (n) => (n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(1));

// Shared timing helpers. Contenders alternate round by round (so drift on a shared machine hits
// them alike). Every figure is reported two ways:
//   mean    total wall time of all measured rounds / all measured calls: garbage collection,
//           buffer flushes and every slow call included (what a busy service pays);
//   median  the median of the per-round (or per-call) figures: the typical call, robust to noise.
// Ratios against a peer are given for both, with the spread (min–max) of the per-round ratio.
import { PerformanceObserver, performance } from 'node:perf_hooks';

/**
 * Runs `fn(n)` once per round for each contender, in turn, and times each round as a whole.
 * Returns, per contender, `{ perRound: ns/call of each round, totalNs, calls, intervals }`;
 * `intervals` are the rounds' [start, end] in performance.now() ms (to attribute GC to them).
 */
export function compare(contenders, { rounds = 9, calls = 200_000, warmup = 50_000 } = {}) {
  if (rounds < 3) throw new Error(`at least 3 rounds, got ${rounds}`);
  const results = Object.fromEntries(
    Object.keys(contenders).map((k) => [k, { perRound: [], totalNs: 0, calls: 0, intervals: [] }]),
  );
  for (const fn of Object.values(contenders)) fn(warmup);
  for (let r = 0; r < rounds; r++) {
    for (const [name, fn] of Object.entries(contenders)) {
      const t0 = performance.now();
      const start = process.hrtime.bigint();
      fn(calls);
      const ns = Number(process.hrtime.bigint() - start);
      const out = results[name];
      out.intervals.push([t0, performance.now()]);
      out.perRound.push(ns / calls);
      out.totalNs += ns;
      out.calls += calls;
    }
  }
  return results;
}

/** Mean (total time / total calls) and median (of the rounds) of one contender's result. */
export function summary(result) {
  return { mean: result.totalNs / result.calls, median: median(result.perRound) };
}

/**
 * `a / b` for two contenders measured in the same rounds: the ratio of means (totals), the ratio
 * of medians, and the min and max of the per-round ratios.
 */
export function ratio(a, b) {
  const perRound = a.perRound.map((x, i) => x / b.perRound[i]);
  return {
    mean: a.totalNs / a.calls / (b.totalNs / b.calls),
    median: median(a.perRound) / median(b.perRound),
    min: Math.min(...perRound),
    max: Math.max(...perRound),
    perRound,
  };
}

/** `0.55x (rounds 0.52–0.58)` */
export const fmtRatio = (r, key = 'mean') => `${r[key].toFixed(2)}x (rounds ${r.min.toFixed(2)}–${r.max.toFixed(2)})`;

/**
 * Observes garbage collection; `msIn(intervals)` is the GC time (ms) that started inside the given
 * [start, end] intervals. Entries arrive asynchronously: await `settle()` before reading.
 */
export function gcTracker() {
  const entries = [];
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) entries.push([e.startTime, e.duration]);
  });
  observer.observe({ entryTypes: ['gc'] });
  return {
    settle: () => new Promise((resolve) => setTimeout(resolve, 50)),
    msIn: (intervals) =>
      entries.reduce((sum, [t, d]) => (intervals.some(([s, e]) => t >= s && t < e) ? sum + d : sum), 0),
    stop: () => observer.disconnect(),
  };
}

export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export const fmt = (n) => (n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(1));

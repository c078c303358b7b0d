// Two trees' Logger side by side in one process, alternating rounds: the console bench's plain
// record and its secret-bearing record through logger-protocol alone (a sink that drops lines).
// BENCH_BASE=<a tree with packages/logger-protocol built> names the other tree, for example the
// commit before a change: `git archive <rev> packages/logger-protocol tsconfig.base.json | tar -x -C
// /tmp/base`, link node_modules, `tsc -p packages/logger-protocol/tsconfig.build.json`.
import { pathToFileURL } from 'node:url';
import { bound, fields, secretFields } from './console-records.mjs';

const base = process.env.BENCH_BASE;
if (base === undefined) {
  process.stderr.write('BENCH_BASE=<a tree with packages/logger-protocol built> is required\n');
  process.exit(2);
}
const Old = await import(pathToFileURL(`${base}/packages/logger-protocol/dist/index.js`).href);
const New = await import('@dashtam/logger-protocol');
const sink = () => ({ write() {}, flush() {}, close: async () => {}, stats: () => ({}) });
const make = (M) => new M.Logger({ sink: sink(), traceContext: () => '4bf92f3577b34da6a3ce929d0e0e4736' }).bind(bound);
const [before, after] = [make(Old), make(New)];
const cases = {
  plain: (l) => l.info('User registered', fields()),
  secrets: (l) => l.info('Login failed password=hunter22', secretFields()),
};
const ROUNDS = 9;
for (const [name, call] of Object.entries(cases)) {
  const ns = { before: [], after: [] };
  for (let round = 0; round < ROUNDS; round++) {
    for (const [k, l] of [
      ['before', before],
      ['after', after],
    ]) {
      for (let i = 0; i < 5_000; i++) call(l);
      const start = process.hrtime.bigint();
      for (let i = 0; i < 50_000; i++) call(l);
      ns[k].push(Number(process.hrtime.bigint() - start) / 50_000);
    }
  }
  const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
  const ratios = ns.after.map((v, i) => v / ns.before[i]).sort((a, b) => a - b);
  console.log(
    `${name}: before ${median(ns.before).toFixed(0)} ns, after ${median(ns.after).toFixed(0)} ns per call (medians); after / before ${median(ratios).toFixed(2)}x (rounds ${ratios[0].toFixed(2)}-${ratios.at(-1).toFixed(2)})`,
  );
}

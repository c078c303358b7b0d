// What the spool durability tests share: a child that logs under steady load and says, as it
// goes, which records it has logged and when; reading what reached the local endpoint; waiting on
// the endpoint's answers instead of on a clock.
import { once } from 'node:events';
import type { LocalCloudWatchLogs } from '@dashtam/cloudwatch-local';
import { type Child, containerEntry, productionEnv } from './child.js';

/** The log group the container's CloudWatch sink writes to in production. */
export const GROUP = '/dashtam/production/app';

/** The message of every record the load child logs. */
export const LOAD = 'spool load';

export interface LoadOptions {
  /** Names this process's records (`run` field), so that several processes' can be told apart. */
  readonly run: string;
  /** Records per millisecond. */
  readonly perMs: number;
  /** Stops logging after this many records (prints `done`). @default unlimited */
  readonly limit?: number;
  /** Prints `ready` once this many records are logged. @default 200 */
  readonly readyAfter?: number;
  /** Characters of filler in each record. @default 0 */
  readonly padding?: number;
  /**
   * Every this many records, collects garbage and prints the main thread's memory as
   * `{"memory":{"seq":…,"rss":…,"heapUsed":…}}`. @default never
   */
  readonly memoryEvery?: number;
}

/**
 * A script that logs `perMs` records per millisecond (catching up after a stall), each with its
 * sequence number `seq` and the time `t` it was logged. After each burst it prints
 * `<last seq> <t>` on stdout: pipes are written synchronously on Linux, so a line printed before a
 * kill is in the pipe. On stdin, `stats` prints the logger's stats as `{"child_stats":...}`.
 */
export function loadScript(o: LoadOptions): string {
  return `import { createInterface } from 'node:readline';
  import { getLogger } from ${JSON.stringify(containerEntry)};
  import { setFlagsFromString } from 'node:v8';
  import { runInNewContext } from 'node:vm';
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc');
  const logger = getLogger();
  const memoryEvery = ${o.memoryEvery ?? 0};
  let nextSample = memoryEvery;
  const pad = 'x'.repeat(${o.padding ?? 0});
  const limit = ${o.limit ?? Number.MAX_SAFE_INTEGER};
  const start = Date.now();
  let seq = 0;
  let ready = false;
  function tick() {
    const now = Date.now();
    const due = Math.min(limit, Math.floor((now - start + 1) * ${o.perMs}));
    if (seq < due) {
      while (seq < due) logger.info(${JSON.stringify(LOAD)}, { run: ${JSON.stringify(o.run)}, seq: seq++, t: now${o.padding ? ', pad' : ''} });
      process.stdout.write(\`\${seq - 1} \${now}\\n\`);
    }
    if (memoryEvery > 0 && seq >= nextSample) {
      nextSample += memoryEvery;
      gc();
      const { rss, heapUsed, external } = process.memoryUsage();
      process.stdout.write(JSON.stringify({ memory: { seq, rss, heapUsed, external } }) + '\\n');
    }
    if (!ready && seq >= ${o.readyAfter ?? 200}) { ready = true; process.stdout.write('ready\\n'); }
    if (seq < limit) setTimeout(tick, 1); else process.stdout.write('done\\n');
  }
  tick();
  for await (const line of createInterface({ input: process.stdin })) {
    if (line === 'stats') process.stdout.write(JSON.stringify({ child_stats: logger.stats() }) + '\\n');
  }`;
}

/**
 * A start that logs nothing and waits: its shipper adopts and replays what gone processes left in
 * the spool. `stats` on stdin prints the stats; when `replayedAtLeast` is given it prints them
 * by itself once that many records were replayed.
 */
export function idleScript(replayedAtLeast?: number): string {
  return `import { createInterface } from 'node:readline';
  import { getLogger } from ${JSON.stringify(containerEntry)};
  const logger = getLogger();
  const print = () => process.stdout.write(JSON.stringify({ child_stats: logger.stats() }) + '\\n');
  process.stdout.write('started\\n');
  ${
    replayedAtLeast === undefined
      ? ''
      : `const poll = setInterval(() => { if (logger.stats().replayed >= ${replayedAtLeast}) { clearInterval(poll); print(); } }, 20);`
  }
  for await (const line of createInterface({ input: process.stdin })) if (line === 'stats') print();
  setInterval(() => {}, 1 << 30);`;
}

/** The environment of a load child: production, CloudWatch only, the spool under `spoolDir`. */
export function loadEnv(cw: LocalCloudWatchLogs, spoolDir: string, extra: Record<string, string> = {}) {
  return productionEnv(cw, { LOG_SINKS: 'cloudwatch', LOG_SPOOL_DIR: spoolDir, ...extra });
}

/** `seq → t` of every burst the child reported on stdout (the last record of each burst). */
export function bursts(stdout: string): Map<number, number> {
  const out = new Map<number, number>();
  for (const m of stdout.matchAll(/^(\d+) (\d+)$/gm)) out.set(Number(m[1]), Number(m[2]));
  return out;
}

/**
 * The highest `seq` the child reported as logged before `before` (ms since the epoch): every
 * record up to it was logged by then. -1 when none.
 */
export function loggedBefore(stdout: string, before: number): number {
  let last = -1;
  for (const [seq, t] of bursts(stdout)) if (t < before && seq > last) last = seq;
  return last;
}

/** The highest `seq` the child reported as logged at all. */
export function loggedInAll(stdout: string): number {
  return loggedBefore(stdout, Number.POSITIVE_INFINITY);
}

/** A record as it reached the endpoint. */
export interface Arrived {
  readonly message: string;
  readonly run?: string;
  readonly seq?: number;
  readonly replayed?: boolean;
  readonly [key: string]: unknown;
}

/** Every record with `message` in every stream of the group (none when the group was never made). */
export function arrived(cw: LocalCloudWatchLogs, message = LOAD): Arrived[] {
  let streams: string[];
  try {
    streams = cw.store.streamNames(GROUP);
  } catch {
    return [];
  }
  return streams
    .flatMap((s) => cw.store.messages(GROUP, s).map((m) => JSON.parse(m) as Arrived))
    .filter((r) => r.message === message);
}

/** How many events the group holds in all (cheap: nothing is parsed). */
function storedCount(cw: LocalCloudWatchLogs): number {
  try {
    return cw.store.streamNames(GROUP).reduce((n, s) => n + cw.store.messages(GROUP, s).length, 0);
  } catch {
    return 0;
  }
}

/**
 * Resolves once `check()` holds, looking again after each answer of the endpoint; rejects when
 * one of `children` ends first. `atLeast` events stored is checked before `check` (which parses).
 */
export async function untilEndpoint(
  cw: LocalCloudWatchLogs,
  check: () => boolean,
  options: { readonly children?: readonly Child[]; readonly atLeast?: number } = {},
): Promise<void> {
  const holds = () => storedCount(cw) >= (options.atLeast ?? 0) && check();
  const ended = Promise.race((options.children ?? []).map((c) => c.ended)).then((run) => {
    throw new Error(`a child ended while waiting on the endpoint:\n${run.stderr}`);
  });
  ended.catch(() => undefined);
  while (!holds()) await Promise.race([once(cw, 'response'), ended]);
}

/** The seqs of `run` missing from `records` among 0..last. */
export function missing(records: readonly Arrived[], run: string, last: number): number[] {
  const have = new Set(records.filter((r) => r.run === run).map((r) => r.seq));
  const out: number[] = [];
  for (let seq = 0; seq <= last; seq++) if (!have.has(seq)) out.push(seq);
  return out;
}

/** The `run/seq` keys that reached the endpoint more than once without the replayed mark. */
export function unmarkedDuplicates(records: readonly Arrived[]): string[] {
  const seen = new Map<string, number>();
  for (const r of records) {
    if (r.replayed === true) continue;
    const key = `${r.run}/${r.seq}`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  return [...seen].filter(([, n]) => n > 1).map(([key]) => key);
}

/** The memory samples a child printed, in order. */
export function memorySamples(stdout: string): { seq: number; rss: number; heapUsed: number; external: number }[] {
  return [...stdout.matchAll(/^\{"memory":.*\}$/gm)].map((m) => JSON.parse(m[0]).memory);
}

/** The `child_stats` a child printed last. */
export function lastStats(stdout: string): Record<string, number> | undefined {
  const found = [...stdout.matchAll(/^\{"child_stats":.*\}$/gm)].pop();
  return found === undefined
    ? undefined
    : (JSON.parse(found[0]) as { child_stats: Record<string, number> }).child_stats;
}

/** Asks a child for its stats (`stats` on stdin) and resolves with the answer. */
export async function askStats(run: Child): Promise<Record<string, number>> {
  const count = () => run.output().stdout.match(/^\{"child_stats":/gm)?.length ?? 0;
  const before = count();
  run.child.stdin?.write('stats\n');
  while (count() === before) {
    const closed = await Promise.race([
      once(run.child.stdout as NodeJS.ReadableStream, 'data').then(() => false),
      run.ended.then(() => true),
    ]);
    if (closed && count() === before) throw new Error(`child ended before printing its stats:\n${run.output().stderr}`);
  }
  return lastStats(run.output().stdout) as Record<string, number>;
}

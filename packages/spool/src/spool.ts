import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { FallbackDestination } from '@dashtam/fd-writer';
import { FallbackWriter, onExit, processWide } from '@dashtam/fd-writer/internal';
import type { SpoolRecord } from './frame.js';
import { makeDirs } from './make-dirs.js';
import { OWNER_FILE, type OwnerInfo, readOwner, selfIdentity } from './owner.js';
import { DirReader } from './reader.js';
import { SegmentWriter } from './segment-writer.js';
import { add, atOrPast, F, I, newSharedState, type SharedState } from './shared-state.js';
import { waitOn } from './shipper.js';
import type { SpoolWorkerData } from './worker-data.js';

/** How a sink opens its spool. */
export interface SpoolOptions {
  /** The root directory, shared by every process that spools there. */
  readonly dir: string;
  /** The sink's kind (`cloudwatch`, `otlp`): only a shipper of that kind replays its records. */
  readonly kind: string;
  /** The backend (kind, region, endpoint; a collector's URL): only a shipper of the same route replays these records. */
  readonly route: string;
  /** Where the records go, as the worker's destination reads it (serialisable: group, stream, resource). */
  readonly destination: Readonly<Record<string, unknown>>;
  /** The worker-thread entry that ships (it calls `runSpoolWorker`), and the data it is given. */
  readonly worker: { readonly entry: URL | string; readonly data: unknown };
  /** Past this many bytes on disk the oldest unsent records go to the fallback. */
  readonly maxBytes: number;
  /** How long the exit waits for the worker to ship what is spooled. */
  readonly exitWaitMs: number;
  /** Where the fallback's lines go: an fd is written by the worker itself. */
  readonly fallback: FallbackDestination;
  /** The `source` field of the fallback's reports. */
  readonly source: string;
  /** Applied to every string of a report (the sink's redactor: reports quote errors and paths). @default none */
  readonly redact?: (text: string) => string;
  /** Bytes per segment file. @default 8 MiB */
  readonly segmentBytes?: number;
  /** A heartbeat older than this makes another host's directory abandoned. @default 60 s */
  readonly staleMs?: number;
  /** @default 2000 */
  readonly adoptEveryMs?: number;
  /**
   * Records the spool could not keep (a write failed: disk full, directory gone). From then on
   * `append` returns false and the sink keeps records its own way.
   */
  readonly onLost: (records: SpoolRecord[]) => void;
}

/** What a spool did, for the sink's `stats()`. */
export interface SpoolStats {
  readonly spooled: number;
  readonly shipped: number;
  readonly replayed: number;
  readonly spool_bytes: number;
  readonly torn: number;
  readonly spool_fallback: number;
  readonly spool_rejected: number;
  readonly spool_overflowed: number;
  readonly spool_retries: number;
  readonly spool_truncated: number;
}

const MAX_WORKER_RESTARTS = 5;
const RESTART_WINDOW_MS = 60_000;

interface ExitState {
  /** How to begin the exit of each open spool (functions: another copy's class has other private fields). */
  readonly open: Set<() => void>;
  deadline: number | undefined;
}
// One per process whatever copies of this package are loaded (see processWide).
const exitState = (): ExitState =>
  processWide<ExitState>('dashtam.spool-exit.v1', () => ({ open: new Set(), deadline: undefined }));

/**
 * A sink's disk spool: the log call appends (coalesced, see {@link SegmentWriter}); a worker
 * thread ships from disk and checkpoints what the backend accepted. At process exit what is
 * gathered is written synchronously and the exit waits (Atomics, at most `exitWaitMs`) for the
 * worker to ship it; what it does not ship stays on disk and the next start replays it.
 */
export class Spool {
  readonly dir: string;
  readonly #options: SpoolOptions;
  readonly #state: SharedState;
  readonly #writer: SegmentWriter;
  readonly #fallback: FallbackWriter;
  #data: SpoolWorkerData;
  readonly #forgetAtExit: () => void;
  #worker: Worker | undefined;
  #restarts = 0;
  #lastRestart = 0;
  // What the exit waits to see shipped, fixed when the exit began.
  #exitTarget: readonly [number, number] | undefined;
  readonly #begin = (): void => this.#beginExit();
  #closed = false;

  private constructor(
    options: SpoolOptions,
    dir: string,
    state: SharedState,
    writer: SegmentWriter,
    data: SpoolWorkerData,
    reports: FallbackWriter,
  ) {
    this.dir = dir;
    this.#options = options;
    this.#state = state;
    this.#writer = writer;
    this.#data = data;
    this.#fallback = reports;
    this.#startWorker();
    this.#forgetAtExit = onExit('drain', this, 'exitSync');
    exitState().open.add(this.#begin);
  }

  /**
   * Opens a new spool directory under `options.dir` and starts its worker. When the directory
   * cannot be made or written (read-only, no permission, a file in the way, a full disk), writes
   * one warning naming the path and the error to the fallback and returns undefined: the sink
   * keeps records its own way.
   */
  static open(options: SpoolOptions): Spool | undefined {
    const self = selfIdentity();
    const name = `${options.kind}-${self.pid}-${self.token}`;
    const dir = join(options.dir, name);
    const state = newSharedState();
    // The spool's own reports (one each until a recovery), whichever part writes them.
    const reports = new FallbackWriter(options.fallback, {
      source: options.source,
      ...(options.redact !== undefined ? { redact: options.redact } : {}),
    });
    let writer: SegmentWriter;
    try {
      makeDirs(options.dir);
      // Made under a dot name and renamed: a shipper never sees a directory without its owner file.
      const making = join(options.dir, `.${name}`);
      mkdirSync(making);
      const { startedAt: _startedAt, ...identity } = self;
      const owner: OwnerInfo = {
        version: 1,
        ...identity,
        created: Date.now(),
        kind: options.kind,
        route: options.route,
        destination: options.destination,
      };
      writeFileSync(join(making, OWNER_FILE), JSON.stringify(owner));
      renameSync(making, dir);
      writer = new SegmentWriter(dir, 1, options.segmentBytes ?? 8 << 20, state, (error, records) => {
        reports.report(
          'spool_write_failed',
          'The log spool could not be written; records are kept in memory from now on',
          { path: dir, error: describe(error) },
        );
        // Handed back: the sink counts them on its own path, not as spooled.
        add(state.floats, F.spooled, -records.length);
        options.onLost(records);
      });
    } catch (error) {
      reports.report(
        'spool_unavailable',
        'The log spool directory cannot be used; records are kept in memory (LOG_SPOOL_DIR sets another)',
        { path: options.dir, error: describe(error) },
      );
      try {
        rmSync(join(options.dir, `.${name}`), { recursive: true, force: true });
      } catch {
        // Nothing was made (a file in the way answers ENOTDIR, which `force` does not ignore).
      }
      return undefined;
    }
    const data: SpoolWorkerData = {
      spool: {
        root: options.dir,
        own: dir,
        route: options.route,
        state,
        maxBytes: options.maxBytes,
        staleMs: options.staleMs ?? 60_000,
        self: {
          pid: self.pid,
          hostname: self.hostname,
          bootId: self.bootId,
          pidNamespace: self.pidNamespace,
          token: self.token,
          startTicks: self.startTicks,
          startedAt: self.startedAt,
        },
        fallbackFd: typeof options.fallback === 'number' ? options.fallback : null,
        source: options.source,
        adoptEveryMs: options.adoptEveryMs ?? 2000,
      },
      destination: options.worker.data,
    };
    return new Spool(options, dir, state, writer, data, reports);
  }

  /** Appends a record (no I/O on the call). False when the spool cannot take it any more. */
  append(line: string, level: string, time: number): boolean {
    if (!this.#writer.append(line, level, time)) return false;
    add(this.#state.floats, F.spooled, 1);
    return true;
  }

  /** Counters for the sink's stats. */
  stats(): SpoolStats {
    const f = this.#state.floats;
    return {
      spooled: f[F.spooled] as number,
      shipped: f[F.shipped] as number,
      replayed: f[F.replayed] as number,
      spool_bytes: f[F.spoolBytes] as number,
      torn: f[F.torn] as number,
      spool_fallback: f[F.fallback] as number,
      spool_rejected: f[F.rejected] as number,
      spool_overflowed: f[F.overflowed] as number,
      spool_retries: f[F.retries] as number,
      spool_truncated: f[F.truncated] as number,
    };
  }

  /**
   * Resolves when every record appended before the call is shipped (or handed to the fallback),
   * or after `timeoutMs`, or as soon as the backend fails: what is not shipped then stays in the
   * spool, shipped when the backend is back. Never rejects.
   */
  flush(timeoutMs: number): Promise<void> {
    return this.#waitShipped(timeoutMs, false);
  }

  // Waits for what is appended so far to be shipped, at most `timeoutMs`; `whileFailing` waits on
  // through failures too (close: the caller asked for delivery before it stops).
  async #waitShipped(timeoutMs: number, whileFailing: boolean): Promise<void> {
    this.#writer.flushSync();
    const ints = this.#state.ints;
    const target = [Atomics.load(ints, I.segment), Atomics.load(ints, I.committed)] as const;
    // While the backend fails the records are safe on disk and waiting would not ship them (a
    // flush at beforeExit would keep an idle process up, outage after outage).
    const failing = () => !whileFailing && Atomics.load(ints, I.failing) === 1;
    if (this.#shippedPast(target) || failing()) return;
    const deadline = Date.now() + timeoutMs;
    Atomics.add(ints, I.flushing, 1);
    this.#signal();
    // A referenced timer keeps the process up while a flush waits (the wait itself does not).
    const keepAlive = setTimeout(() => undefined, timeoutMs);
    try {
      while (!this.#shippedPast(target) && Date.now() < deadline && this.#worker !== undefined && !failing()) {
        await waitOn(ints, I.shipped, Atomics.load(ints, I.shipped), Math.min(250, deadline - Date.now()));
      }
    } finally {
      clearTimeout(keepAlive);
      Atomics.sub(ints, I.flushing, 1);
    }
  }

  /**
   * Takes no more records (`append` returns false), waits for those spooled to be shipped (within
   * `timeoutMs`, through failures and retries), stops the worker and closes the files; what is
   * unshipped stays on disk for the next start.
   */
  async close(timeoutMs: number): Promise<void> {
    if (this.#closed) return;
    // Records logged from now on take the sink's in-memory path; those spooled are waited for.
    this.#writer.close();
    await this.#waitShipped(timeoutMs, true);
    this.#closed = true;
    this.#forgetAtExit();
    exitState().open.delete(this.#begin);
    const worker = this.#worker;
    this.#worker = undefined;
    if (worker === undefined) return;
    Atomics.store(this.#state.ints, I.stop, 1);
    this.#signal();
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        void worker.terminate();
        resolve();
      }, timeoutMs);
      worker.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /**
   * At process exit (synchronous): writes what is gathered, then waits up to `exitWaitMs` for
   * the worker to ship this process's records. What it does not ship stays for the next start.
   */
  exitSync(): void {
    // Every open spool of the process is told at once and they wait out one deadline together
    // (the logs' and the metrics' spools do not wait one after the other).
    const exit = exitState();
    if (exit.deadline === undefined) {
      exit.deadline = Date.now() + this.#options.exitWaitMs;
      for (const begin of exit.open) begin();
    }
    this.#beginExit();
    if (this.#worker === undefined) return;
    const ints = this.#state.ints;
    const target = this.#exitTarget ?? [Atomics.load(ints, I.segment), Atomics.load(ints, I.committed)];
    const deadline = Math.min(exit.deadline, Date.now() + this.#options.exitWaitMs);
    while (!this.#shippedPast(target)) {
      const left = deadline - Date.now();
      if (left <= 0) return;
      Atomics.wait(ints, I.shipped, Atomics.load(ints, I.shipped), Math.min(left, 50));
    }
  }

  // Writes what is gathered and tells the worker to ship this process's records at once.
  #beginExit(): void {
    if (this.#exitTarget !== undefined) return;
    this.#writer.flushSync();
    const ints = this.#state.ints;
    this.#exitTarget = [Atomics.load(ints, I.segment), Atomics.load(ints, I.committed)];
    Atomics.store(ints, I.exiting, 1);
    this.#signal();
  }

  // The worker cannot run here: the spool's records go back to the sink's in-memory path, and so
  // does every later record (nothing today's in-memory delivery keeps is lost).
  #giveUp(): void {
    this.#closed = true;
    this.#forgetAtExit();
    exitState().open.delete(this.#begin);
    this.#writer.close();
    this.#writer.disable();
    // Runs in the worker's 'exit' listener: a file system error here (read-only, removed by hand)
    // must not become the process's uncaught exception.
    try {
      const reader = new DirReader(
        this.dir,
        () => undefined,
        (n) => add(this.#state.floats, F.torn, n),
      );
      for (;;) {
        const records = reader.peek(10_000, 1 << 24);
        if (records.length === 0) break;
        add(this.#state.floats, F.spooled, -records.length);
        this.#options.onLost(records);
        reader.commit(records.length);
      }
      // Directories the worker adopted are other processes' records, for their own destinations:
      // they stay, and the directory is marked closed so that another shipper (or the next start)
      // replays them.
      if (segmentsOrEntries(join(this.dir, ADOPTED_DIR))) {
        reader.close();
        for (const name of readdirSync(this.dir)) {
          if (name !== ADOPTED_DIR && name !== OWNER_FILE) rmSync(join(this.dir, name), { force: true });
        }
        const owner = readOwner(join(this.dir, OWNER_FILE));
        if (owner !== undefined) writeFileSync(join(this.dir, OWNER_FILE), JSON.stringify({ ...owner, closed: true }));
      } else reader.remove();
    } catch (error) {
      this.#fallback.report('spool_give_up_failed', 'The spool could not hand its records over; they stay on disk', {
        path: this.dir,
        error: describe(error),
      });
    }
  }

  #shippedPast(target: readonly [number, number]): boolean {
    const ints = this.#state.ints;
    return atOrPast(Atomics.load(ints, I.shippedSegment), Atomics.load(ints, I.shippedOffset), target[0], target[1]);
  }

  // Wakes the worker wherever it waits.
  #signal(): void {
    const ints = this.#state.ints;
    Atomics.add(ints, I.written, 1);
    Atomics.notify(ints, I.written);
  }

  #startWorker(): void {
    const worker = newWorker(this.#options.worker.entry, this.#data);
    worker.on('message', (message: { type?: string; chunk?: string }) => {
      if (message?.type === 'fallback' && typeof message.chunk === 'string') {
        const to = this.#options.fallback;
        if (typeof to !== 'number') to.write(message.chunk);
      }
    });
    worker.on('error', (error) => {
      this.#fallback.report('spool_worker_failed', 'The spool shipper failed; records stay on disk', {
        path: this.dir,
        error: describe(error),
        restarts: this.#restarts,
      });
    });
    worker.on('exit', () => {
      if (this.#closed || this.#worker !== worker) return;
      this.#worker = undefined;
      // A worker that ran for a while before it died starts a new count: a long-lived process
      // gives up only on a worker that keeps dying.
      if (Date.now() - this.#lastRestart > RESTART_WINDOW_MS) this.#restarts = 0;
      if (this.#restarts < MAX_WORKER_RESTARTS) {
        this.#restarts++;
        this.#lastRestart = Date.now();
        // The dead worker may have sent any record written so far without checkpointing it: the
        // next one sends those marked replayed.
        const ints = this.#state.ints;
        const suspectUntil = { segment: Atomics.load(ints, I.segment), offset: Atomics.load(ints, I.committed) };
        this.#data = { ...this.#data, spool: { ...this.#data.spool, suspectUntil } };
        this.#startWorker();
      } else this.#giveUp();
    });
    // After the listeners: a 'message' listener refs the worker again. Never keeps the process up.
    worker.unref();
    this.#worker = worker;
  }
}

/**
 * The process's flags as the worker gets them: without those a worker refuses (`--input-type`,
 * `--eval`) and without export conditions (`--conditions x`, `-C x`): the worker is this
 * package's own built code, resolved as published (a test runner's source condition would hand it
 * TypeScript files).
 */
export function workerFlags(flags: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < flags.length; i++) {
    const flag = flags[i] as string;
    if (flag === '--conditions' || flag === '-C') {
      i++;
      continue;
    }
    if (/^(--conditions=|-C=|--input-type|--eval)/.test(flag)) continue;
    out.push(flag);
  }
  return out;
}

// A worker with the process's own flags (see workerFlags), but the per-process ones it throws for
// (ERR_WORKER_INVALID_EXEC_ARGV: `--max-old-space-size`, `--stack-size`, `--title`, ...).
function newWorker(entry: URL | string, workerData: SpoolWorkerData): Worker {
  let execArgv = workerFlags(process.execArgv);
  for (let attempt = 0; ; attempt++) {
    try {
      return new Worker(entry, { workerData, execArgv });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ERR_WORKER_INVALID_EXEC_ARGV' || attempt > 1) throw error;
      // The message names the refused flags ("...execArgv flags: --a, --b"); failing that, none are passed.
      const refused = new Set(
        String((error as Error).message)
          .replace(/^[^:]*:\s*/, '')
          .split(', '),
      );
      const kept = execArgv.filter((flag) => !refused.has(flag));
      execArgv = attempt === 0 && kept.length < execArgv.length ? kept : [];
    }
  }
}

// The folder a shipper moves adopted directories to (see shipper.ts).
const ADOPTED_DIR = 'adopted';

function segmentsOrEntries(dir: string): boolean {
  try {
    return readdirSync(dir).length > 0;
  } catch {
    return false;
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code !== undefined ? `${code}: ${error.message}` : error.message;
  }
  return String(error);
}

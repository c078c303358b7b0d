import { mkdirSync, readdirSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Destination, Refused, ShipResult } from './destination.js';
import type { SpoolRecord } from './frame.js';
import { type LivenessProbe, OWNER_FILE, type OwnerInfo, ownerIsGone, readOwner } from './owner.js';
import { DirReader, segmentsIn } from './reader.js';
import { segmentName } from './segment-writer.js';
import { add, atOrPast, F, I, type SharedState } from './shared-state.js';

/** Where the shipper's own records go when they can never be shipped, and its reports. */
export interface ShipperFallback {
  records(lines: readonly string[]): void;
  report(key: string, message: string, fields?: Record<string, unknown>): void;
  resetReports(): void;
}

export interface ShipperOptions {
  /** The spool's root directory (shared with other processes). */
  readonly root: string;
  /** This spool's own directory under the root. */
  readonly own: string;
  /** The backend: only directories of the same route are adopted. */
  readonly route: string;
  readonly state: SharedState;
  readonly destination: Destination;
  readonly fallback: ShipperFallback;
  /** Past this many bytes on disk, the oldest unsent records go to the fallback. */
  readonly maxBytes: number;
  /** Judges whether another directory's owner is gone. */
  readonly probe: LivenessProbe;
  /** How often the root is searched for directories of gone owners. @default 2000 */
  readonly adoptEveryMs?: number;
  /**
   * A restarted shipper: the writer's position when the previous shipper died. Its own records
   * before it may have reached the backend already (that shipper's requests were in flight): they
   * are sent marked replayed.
   */
  readonly suspectUntil?: { readonly segment: number; readonly offset: number };
}

interface Source {
  readonly reader: DirReader;
  readonly destination: Readonly<Record<string, unknown>>;
  readonly replayed: boolean;
}

const HEARTBEAT_MS = 5_000;
const BUDGET_EVERY_MS = 250;
const ADOPTED = 'adopted';
// The dot name a spool directory has while it is made: `.<kind>-<pid>-<token>`.
const HALF_MADE = /^\.[a-z]+-\d+-[0-9a-f]{16}$/;

/**
 * Ships a spool: its own directory's records as the writer appends them, and first the records
 * of directories whose owner is gone (adopted: moved under `adopted/` by an atomic rename, so two
 * shippers never take the same one), marked replayed. A batch is sent when it is full, when its
 * oldest record has waited `flushIntervalMs`, while a flush waits, or at exit; a failure that may
 * pass is retried with backoff until it does (the records wait on disk, not in memory);
 * records that can never be shipped go to the fallback, counted. After each batch the checkpoint
 * moves, and the writer is told how far its records are shipped.
 */
export class Shipper {
  readonly #o: ShipperOptions;
  readonly #own: Source;
  // The own records a dead shipper may have sent: the same reader, marked replayed.
  readonly #ownSuspect: Source;
  #suspectUntil: { readonly segment: number; readonly offset: number } | undefined;
  readonly #adopted = new Map<string, Source>();
  readonly #ints: Int32Array;
  readonly #floats: Float64Array;
  #lastAdopt = Number.NEGATIVE_INFINITY;
  #lastHeartbeat = 0;
  #lastBudget = Number.NEGATIVE_INFINITY;
  // While a batch waits for its retry: how many of the oldest records of its source the budget
  // may still shed (the batch's own; those of the batches sent beside it are in flight and may be
  // accepted, so they are never shed), and how many it shed.
  #sheddable: { source: Source; left: number; shed: number } | undefined;

  constructor(options: ShipperOptions) {
    this.#o = options;
    this.#ints = options.state.ints;
    this.#floats = options.state.floats;
    const ints = this.#ints;
    this.#own = {
      reader: new DirReader(
        options.own,
        () => ({ segment: Atomics.load(ints, I.segment), committed: Atomics.load(ints, I.committed) }),
        (n) => this.#torn(n),
      ),
      destination: readOwner(join(options.own, OWNER_FILE))?.destination ?? {},
      replayed: false,
    };
    this.#ownSuspect = { ...this.#own, replayed: true };
    this.#suspectUntil = options.suspectUntil;
    for (const dir of this.#ownedDirs(join(options.own, ADOPTED))) this.#addSource(dir);
  }

  /** Ships until the writer asks it to stop; then closes or releases its directory. */
  async run(): Promise<void> {
    const dest = this.#o.destination;
    // The heartbeat goes on while a request is awaited (a request timeout may be longer than the
    // staleness after which another host takes the directory for abandoned).
    const beat = setInterval(() => this.#heartbeat(), HEARTBEAT_MS);
    beat.unref();
    try {
      await this.#loop(dest);
    } finally {
      clearInterval(beat);
    }
    this.#release();
  }

  async #loop(dest: Destination): Promise<void> {
    while (Atomics.load(this.#ints, I.stop) === 0) {
      this.#housekeeping();
      const exiting = Atomics.load(this.#ints, I.exiting) === 1;
      const adopted = exiting ? undefined : this.#adopted.values().next().value;
      if (adopted !== undefined) {
        const records = adopted.reader.peek(dest.maxRecords, dest.maxChars);
        if (records.length > 0) await this.#ship(adopted, records);
        else if (adopted.reader.exhausted()) this.#finish(adopted);
        continue;
      }
      const seen = Atomics.load(this.#ints, I.written);
      const records = this.#own.reader.peek(dest.maxRecords, dest.maxChars);
      this.#publish();
      if (records.length === 0) {
        if (exiting && this.#adopted.size > 0) {
          const [first] = this.#adopted.values();
          const replay = (first as Source).reader.peek(dest.maxRecords, dest.maxChars);
          if (replay.length > 0) await this.#ship(first as Source, replay);
          else if ((first as Source).reader.exhausted()) this.#finish(first as Source);
          continue;
        }
        await waitOn(this.#ints, I.written, seen, this.#o.adoptEveryMs ?? 2000);
        continue;
      }
      const waited = Date.now() - (records[0] as SpoolRecord).time;
      const ripe =
        exiting ||
        records.length >= dest.maxRecords ||
        chars(records) >= dest.maxChars ||
        Atomics.load(this.#ints, I.flushing) > 0 ||
        waited >= dest.flushIntervalMs ||
        waited < 0;
      if (!ripe) {
        await waitOn(this.#ints, I.written, seen, dest.flushIntervalMs - waited);
        continue;
      }
      await this.#ship(this.#ownSource(), records);
    }
  }

  // The own records from the checkpoint on: marked replayed while they start before where the
  // writer was when a previous shipper of this spool died.
  #ownSource(): Source {
    const until = this.#suspectUntil;
    if (until === undefined) return this.#own;
    const at = this.#own.reader.position;
    if (!atOrPast(at.segment, at.offset, until.segment, until.offset)) return this.#ownSuspect;
    this.#suspectUntil = undefined;
    return this.#own;
  }

  // Sends one batch until it is done or the spool must shed it; counts and checkpoints. With a
  // destination that takes several at once, the full batches after it go out beside it, and each
  // is settled in order (a batch that must be retried holds back the commits of those after it).
  async #ship(source: Source, records: readonly SpoolRecord[]): Promise<void> {
    const dest = this.#o.destination;
    const batches = [records];
    let skip = records.length;
    while (batches.length < (dest.concurrency ?? 1)) {
      const next = source.reader.peek(dest.maxRecords, dest.maxChars, 0, skip);
      if (next.length === 0 || (next.length < dest.maxRecords && chars(next) < dest.maxChars)) break;
      batches.push(next);
      skip += next.length;
    }
    const first = batches.map((batch) => this.#attempt(source, batch));
    for (let i = 0; i < batches.length; i++) {
      const last = i === batches.length - 1;
      if (!(await this.#shipUntilDone(source, batches[i] as SpoolRecord[], first[i] as Promise<ShipResult>, last)))
        return;
    }
  }

  async #attempt(source: Source, records: readonly SpoolRecord[]): Promise<ShipResult> {
    try {
      return await this.#o.destination.ship(records, source.destination, source.replayed);
    } catch (error) {
      return { kind: 'retry', reason: error instanceof Error ? error.message : String(error) };
    }
  }

  // Settles a batch whose first attempt is `pending`, retrying it until it is done; false when it
  // stopped short (a stop, a checkpoint that could not be written, a partial consume). The budget
  // may shed the batch's oldest records meanwhile: the rest are retried; true when all were shed.
  async #shipUntilDone(
    source: Source,
    batch: readonly SpoolRecord[],
    pending: Promise<ShipResult>,
    last: boolean,
  ): Promise<boolean> {
    const dest = this.#o.destination;
    let records = batch;
    for (let attempt = 0; ; attempt++) {
      const result = attempt === 0 ? await pending : await this.#attempt(source, records);
      if (result.kind === 'done') {
        const consumed = Math.max(0, Math.min(records.length, result.consumed));
        const refused = this.#refuse(result.refused ?? []);
        // This process's own records count as shipped, marked or not.
        const counter = source.reader === this.#own.reader ? F.shipped : F.replayed;
        add(this.#floats, counter, Math.max(0, consumed - refused));
        add(this.#floats, F.truncated, result.truncated ?? 0);
        if (!this.#commit(source, consumed)) return false;
        Atomics.store(this.#ints, I.failing, 0);
        this.#o.fallback.resetReports();
        this.#publish();
        return consumed === records.length;
      }
      add(this.#floats, F.retries, 1);
      // A flush does not wait on a backend that fails (a beforeExit flush would keep an idle
      // process up, outage after outage): it is told now, and cleared by the next success.
      Atomics.store(this.#ints, I.failing, 1);
      Atomics.add(this.#ints, I.shipped, 1);
      Atomics.notify(this.#ints, I.shipped);
      this.#o.fallback.report(
        `retry:${result.reason.slice(0, 80)}`,
        'Delivery failing; records wait in the spool and are retried',
        {
          reason: result.reason,
          spool: this.#o.own,
        },
      );
      const ceiling = Math.min(dest.retryMaxDelayMs, dest.retryBaseDelayMs * 2 ** Math.min(attempt, 20));
      const delay = result.afterMs !== undefined ? Math.max(0, result.afterMs) : Math.random() * ceiling;
      const until = Date.now() + delay;
      // Wakes for a stop, and to keep the spool within its bound while the backend is away.
      while (Date.now() < until) {
        if (Atomics.load(this.#ints, I.stop) === 1) return false;
        const seen = Atomics.load(this.#ints, I.written);
        await waitOn(this.#ints, I.written, seen, Math.min(until - Date.now(), BUDGET_EVERY_MS));
        // The budget may shed the oldest of these very records (all of them, and those after
        // them when no batch after this one is in flight): the rest are retried.
        const guard = { source, left: last ? Number.POSITIVE_INFINITY : records.length, shed: 0 };
        this.#sheddable = guard;
        try {
          this.#housekeeping();
        } finally {
          this.#sheddable = undefined;
        }
        if (guard.shed >= records.length) return true;
        if (guard.shed > 0) records = records.slice(guard.shed);
      }
    }
  }

  // Moves a directory's checkpoint. A directory that went away meanwhile (removed by hand) is
  // dropped, reported: false.
  #commit(source: Source, n: number): boolean {
    try {
      source.reader.commit(n);
      return true;
    } catch (error) {
      this.#o.fallback.report('checkpoint', 'A spool checkpoint could not be written; that directory is left', {
        spool: source.reader.dir,
        error: error instanceof Error ? error.message : String(error),
      });
      this.#adopted.delete(source.reader.dir);
      return false;
    }
  }

  // Writes refused records to the fallback, counted; returns how many count as not shipped.
  #refuse(refused: readonly Refused[]): number {
    let count = 0;
    for (const r of refused) {
      if (r.lines.length === 0) continue;
      const notShipped = Math.min(r.lines.length, Math.max(0, r.counted ?? r.lines.length));
      count += notShipped;
      add(this.#floats, F.fallback, r.lines.length);
      if (r.byBackend) add(this.#floats, F.rejected, notShipped);
      this.#o.fallback.report(
        `refused:${r.reason.slice(0, 40)}`,
        'Records that can never be shipped; written to this fallback',
        {
          reason: r.reason,
          records: r.lines.length,
        },
      );
      this.#o.fallback.records(r.lines);
    }
    return count;
  }

  #torn(records: number): void {
    add(this.#floats, F.torn, records);
    this.#o.fallback.report('torn', 'A torn block in the spool (a write cut short, or changed on disk) was skipped', {
      records,
      spool: this.#o.own,
    });
  }

  // Tells the writer how far its own records are done: everything before this block boundary.
  #publish(): void {
    const at = this.#own.reader.position;
    const ints = this.#ints;
    if (Atomics.load(ints, I.shippedSegment) === at.segment && Atomics.load(ints, I.shippedOffset) === at.offset)
      return;
    Atomics.store(ints, I.shippedSegment, at.segment);
    Atomics.store(ints, I.shippedOffset, at.offset);
    Atomics.add(ints, I.shipped, 1);
    Atomics.notify(ints, I.shipped);
  }

  #housekeeping(): void {
    const now = Date.now();
    if (now - this.#lastHeartbeat >= HEARTBEAT_MS) this.#heartbeat();
    if (now - this.#lastAdopt >= (this.#o.adoptEveryMs ?? 2000)) {
      this.#lastAdopt = now;
      this.#adopt();
    }
    if (now - this.#lastBudget >= BUDGET_EVERY_MS) {
      this.#lastBudget = now;
      this.#budget();
    }
  }

  #heartbeat(): void {
    const now = Date.now();
    this.#lastHeartbeat = now;
    try {
      utimesSync(join(this.#o.own, OWNER_FILE), now / 1000, now / 1000);
    } catch {
      // The directory went away (removed by hand): shipping goes on from what is open.
    }
  }

  // Moves the directories of gone owners of our route under ours: the rename is the claim.
  #adopt(): void {
    let names: string[];
    try {
      names = readdirSync(this.#o.root);
    } catch {
      return;
    }
    const ownName = basename(this.#o.own);
    for (const name of names) {
      if (name === ownName) continue;
      if (name.startsWith('.')) {
        this.#removeHalfMade(name);
        continue;
      }
      const dir = join(this.#o.root, name);
      const owner = readOwner(join(dir, OWNER_FILE));
      if (owner?.route !== this.#o.route || !ownerIsGone(join(dir, OWNER_FILE), this.#o.probe)) continue;
      const target = join(this.#o.own, ADOPTED, name);
      try {
        mkdirSync(join(this.#o.own, ADOPTED), { recursive: true });
        renameSync(dir, target);
      } catch {
        // Another shipper took it first, or it went away.
        continue;
      }
      for (const found of this.#ownedDirs(target, true)) this.#addSource(found);
    }
  }

  // A spool directory is made under a dot name and renamed once its owner file is written: one
  // still under its dot name long after was left by a process that died inside Spool.open (it holds
  // an owner file at most, no record). Removed once it is older than the heartbeat's staleness.
  #removeHalfMade(name: string): void {
    const dir = join(this.#o.root, name);
    try {
      if (!HALF_MADE.test(name) || this.#o.probe.now() - statSync(dir).mtimeMs <= this.#o.probe.staleMs) return;
      if (segmentsIn(dir).length > 0) return;
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // Gone already, or not ours to remove.
    }
  }

  // `dir` and the directories adopted under it, depth first (the oldest first).
  #ownedDirs(dir: string, self = false): string[] {
    const out: string[] = [];
    let names: string[] = [];
    try {
      names = readdirSync(join(dir, self ? ADOPTED : '')).sort();
    } catch {
      // None.
    }
    for (const name of names) out.push(...this.#ownedDirs(join(dir, self ? ADOPTED : '', name), true));
    if (self) out.push(dir);
    return out;
  }

  #addSource(dir: string): void {
    if (this.#adopted.has(dir)) return;
    const owner: OwnerInfo | undefined = readOwner(join(dir, OWNER_FILE));
    this.#adopted.set(dir, {
      reader: new DirReader(
        dir,
        () => undefined,
        (n) => this.#torn(n),
      ),
      destination: owner?.destination ?? {},
      replayed: true,
    });
  }

  #finish(source: Source): void {
    this.#adopted.delete(source.reader.dir);
    // A directory adopted under it that is still there was dropped with records left: it stays.
    if (hasEntries(join(source.reader.dir, ADOPTED))) source.reader.close();
    else source.reader.remove();
  }

  // Keeps the spool within maxBytes: the oldest unsent records (replays first) go to the fallback.
  #budget(): void {
    let bytes = this.#bytesOnDisk();
    this.#floats[F.spoolBytes] = bytes;
    if (bytes <= this.#o.maxBytes) return;
    this.#o.fallback.report('spool_full', 'The spool is over its size bound: its oldest records go to this fallback', {
      spool: this.#o.root,
      max_bytes: this.#o.maxBytes,
    });
    const sources = [...this.#adopted.values(), this.#own];
    for (const source of sources) {
      const guard = this.#sheddable?.source === source ? this.#sheddable : undefined;
      while (bytes > this.#o.maxBytes) {
        const most = Math.min(1000, guard?.left ?? 1000);
        if (most <= 0) break;
        // About what the records take on disk (their text and a prefix each): no more than the excess.
        const records = source.reader.peek(most, bytes - this.#o.maxBytes, 32);
        if (records.length === 0) break;
        add(this.#floats, F.fallback, records.length);
        add(this.#floats, F.overflowed, records.length);
        this.#o.fallback.records(records.map((r) => r.line));
        if (!this.#commit(source, records.length)) break;
        if (guard !== undefined) {
          guard.left -= records.length;
          guard.shed += records.length;
        }
        bytes = this.#bytesOnDisk();
      }
    }
    this.#floats[F.spoolBytes] = bytes;
    this.#publish();
  }

  // Bytes of the segments not yet done, from each directory's checkpoint on.
  #bytesOnDisk(): number {
    let total = 0;
    for (const source of [this.#own, ...this.#adopted.values()]) {
      const at = source.reader.position;
      // The records of the checkpoint's block already done (shipped or shed) take no more room.
      total -= source.reader.doneBytesInBlock;
      for (const n of segmentsIn(source.reader.dir)) {
        if (n < at.segment) continue;
        try {
          total += statSync(join(source.reader.dir, segmentName(n))).size - (n === at.segment ? at.offset : 0);
        } catch {
          // Deleted meanwhile.
        }
      }
    }
    return total;
  }

  // At stop: the directory goes when all is shipped, else it is marked closed for the next shipper.
  #release(): void {
    const own = this.#own.reader;
    // Adopted directories are removed as they are finished: one still on disk (dropped when its
    // checkpoint could not be written) holds records, and goes with this one to the next shipper.
    const done = this.#adopted.size === 0 && !hasEntries(join(this.#o.own, ADOPTED)) && own.peek(1, 1).length === 0;
    this.#floats[F.spoolBytes] = done ? 0 : this.#bytesOnDisk();
    try {
      if (done) own.remove();
      else {
        const owner = readOwner(join(this.#o.own, OWNER_FILE));
        if (owner !== undefined)
          writeFileSync(join(this.#o.own, OWNER_FILE), JSON.stringify({ ...owner, closed: true }));
      }
    } catch {
      // Nothing to release.
    }
  }
}

function hasEntries(dir: string): boolean {
  try {
    return readdirSync(dir).length > 0;
  } catch {
    return false;
  }
}

function chars(records: readonly SpoolRecord[]): number {
  let n = 0;
  for (const r of records) n += r.line.length;
  return n;
}

/** Waits until `ints[index]` is no longer `seen`, or `ms` pass. */
export async function waitOn(ints: Int32Array, index: number, seen: number, ms: number): Promise<void> {
  const result = (
    Atomics as unknown as {
      waitAsync(a: Int32Array, i: number, v: number, t: number): { async: boolean; value: Promise<string> | string };
    }
  ).waitAsync(ints, index, seen, Math.max(0, ms));
  if (result.async) await result.value;
}

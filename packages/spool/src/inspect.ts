// What a spool root holds, read without changing a byte: every spool directory (and the ones
// adopted under them), what waits after its checkpoint, and who owns it. For operators
// (`dashtam-logs spool`): segment files are read directly with the frame functions, never through
// DirReader, whose commit writes the checkpoint and deletes segments.
import { type Dirent, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { readCheckpoint } from './checkpoint.js';
import { destinationLabel } from './destination-label.js';
import { SpoolErrorCode, SpoolRootError } from './errors.js';
import { nextBlockAfter, readBlock, recordText } from './frame.js';
import { type LivenessProbe, liveProbe, OWNER_FILE, ownerIsGone, readOwner, selfIdentity } from './owner.js';
import { segmentName, segmentNumber } from './segment-writer.js';

const ADOPTED = 'adopted';

/** Whether a directory's owner is running (`alive`), went away without closing (`gone`) or closed it (`closed`). */
export type SpoolDirState = 'alive' | 'gone' | 'closed';

/** What waits in some records: how many, their bytes on disk, and the oldest and newest record times. */
export interface SpoolWaiting {
  /** Records after the checkpoint. */
  readonly records: number;
  /** Bytes of segment data after the checkpoint (block headers included, torn blocks too). */
  readonly bytes: number;
  /** Records found in torn blocks (a write cut short, or bytes changed on disk): they will not be shipped. */
  readonly torn: number;
  /** The oldest waiting record's time (ms since the epoch), or null when none waits. */
  readonly oldest: number | null;
  /** The newest waiting record's time (ms since the epoch), or null when none waits. */
  readonly newest: number | null;
}

/** One spool directory. */
export interface SpoolDirReport extends SpoolWaiting {
  readonly path: string;
  /** The directory that adopted this one (its owner was gone), or null for one directly under the root. */
  readonly adoptedBy: string | null;
  /** The sink kind (`cloudwatch`, `otlp`); `unknown` without a readable owner file. */
  readonly kind: string;
  /** The backend route (kind, region, endpoint), or null without a readable owner file. */
  readonly route: string | null;
  /** The sink's description of where its records go (group and stream; endpoint), or null. */
  readonly destination: Readonly<Record<string, unknown>> | null;
  /** {@link destination} in one line. */
  readonly label: string;
  readonly pid: number | null;
  readonly hostname: string | null;
  /** When the owner opened it (ms since the epoch), or null. */
  readonly created: number | null;
  readonly state: SpoolDirState;
  /** Bytes of all its segment files, shipped parts of the current segment included. */
  readonly diskBytes: number;
  /** Its segment files. */
  readonly segments: number;
}

/** The waiting records of every directory that ships to one destination. */
export interface SpoolDestinationReport extends SpoolWaiting {
  readonly kind: string;
  readonly route: string | null;
  readonly destination: Readonly<Record<string, unknown>> | null;
  readonly label: string;
  /** The directories holding them. */
  readonly dirs: number;
}

/** What a spool root holds. */
export interface SpoolReport {
  readonly root: string;
  /** When it was read (ms since the epoch). */
  readonly inspectedAt: number;
  /** Every spool directory, adopted ones right after their adopter. */
  readonly dirs: readonly SpoolDirReport[];
  /** Per destination, in the order first met. */
  readonly destinations: readonly SpoolDestinationReport[];
  readonly total: SpoolWaiting & { readonly dirs: number; readonly diskBytes: number };
}

/** How {@link inspectSpool} judges owners (tests give other facts). */
export interface InspectSpoolOptions {
  /** @default the probe of this process, with a heartbeat stale after 60 s (the spool's own default) */
  readonly probe?: LivenessProbe;
  /** @default Date.now */
  readonly now?: () => number;
}

/**
 * Reads every spool directory under `root` (and the ones adopted under them) and says what waits
 * to be shipped, per directory and per destination. Changes nothing: no checkpoint is written,
 * no file deleted or renamed.
 *
 * @throws {SpoolRootError} when `root` is missing, not a directory, or cannot be read.
 * @example
 * ```ts
 * const report = inspectSpool('/var/spool/app');
 * for (const d of report.destinations) console.log(d.label, d.records, d.bytes);
 * ```
 */
export function inspectSpool(root: string, options: InspectSpoolOptions = {}): SpoolReport {
  const entries = listRoot(root);
  const probe = options.probe ?? liveProbe(selfIdentity(), 60_000);
  const dirs: SpoolDirReport[] = [];
  for (const entry of entries) {
    if (entry.isDirectory() && !entry.name.startsWith('.')) collect(join(root, entry.name), null, probe, dirs);
  }
  return {
    root,
    inspectedAt: (options.now ?? Date.now)(),
    dirs,
    destinations: byDestination(dirs),
    total: {
      ...sum(dirs),
      dirs: dirs.length,
      diskBytes: dirs.reduce((n, d) => n + d.diskBytes, 0),
    },
  };
}

function listRoot(root: string): Dirent[] {
  let isDir: boolean;
  try {
    isDir = statSync(root).isDirectory();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new SpoolRootError(SpoolErrorCode.RootMissing, root, `spool directory ${root} does not exist`, {
        cause: error,
      });
    }
    throw new SpoolRootError(SpoolErrorCode.RootUnreadable, root, `spool directory ${root} cannot be read (${code})`, {
      cause: error,
    });
  }
  if (!isDir) {
    throw new SpoolRootError(
      SpoolErrorCode.RootNotADirectory,
      root,
      `spool directory ${root} is not a directory (a spool root holds one directory per sink)`,
    );
  }
  try {
    return readdirSync(root, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new SpoolRootError(SpoolErrorCode.RootUnreadable, root, `spool directory ${root} cannot be read (${code})`, {
      cause: error,
    });
  }
}

// `dir` and, depth first, the directories adopted under it. A directory with neither an owner file
// nor a segment is not a spool directory and is left out.
function collect(dir: string, adoptedBy: string | null, probe: LivenessProbe, out: SpoolDirReport[]): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  const segments = names
    .map(segmentNumber)
    .filter((n): n is number => n !== undefined)
    .sort((a, b) => a - b);
  if (!names.includes(OWNER_FILE) && segments.length === 0 && !names.includes(ADOPTED)) return;
  const ownerPath = join(dir, OWNER_FILE);
  const owner = readOwner(ownerPath);
  const state: SpoolDirState = owner?.closed === true ? 'closed' : ownerIsGone(ownerPath, probe) ? 'gone' : 'alive';
  const kind = typeof owner?.kind === 'string' ? owner.kind : 'unknown';
  const destination = owner?.destination !== null && typeof owner?.destination === 'object' ? owner.destination : null;
  out.push({
    path: dir,
    adoptedBy,
    kind,
    route: typeof owner?.route === 'string' ? owner.route : null,
    destination,
    label: destinationLabel(kind, destination),
    pid: owner?.pid ?? null,
    hostname: typeof owner?.hostname === 'string' ? owner.hostname : null,
    created: typeof owner?.created === 'number' ? owner.created : null,
    state,
    ...waitingIn(dir, segments, state === 'alive'),
  });
  if (!names.includes(ADOPTED)) return;
  let adopted: string[];
  try {
    adopted = readdirSync(join(dir, ADOPTED)).sort();
  } catch {
    return;
  }
  for (const name of adopted) collect(join(dir, ADOPTED, name), dir, probe, out);
}

// What waits in `dir` after its checkpoint, read as the shipper reads it (see DirReader) but
// without taking anything. A block cut short at the end of a live owner's last segment is being
// written, not torn.
function waitingIn(
  dir: string,
  segments: readonly number[],
  live: boolean,
): SpoolWaiting & { diskBytes: number; segments: number } {
  const first = segments[0] ?? 1;
  let at = readCheckpoint(dir, first);
  if (at.segment < first) at = { segment: first, offset: 0, skip: 0 };
  let records = 0;
  let bytes = 0;
  let torn = 0;
  let diskBytes = 0;
  let oldest: number | null = null;
  let newest: number | null = null;
  for (const n of segments) {
    let data: Buffer;
    try {
      data = readFileSync(join(dir, segmentName(n)));
    } catch {
      continue;
    }
    diskBytes += data.length;
    if (n < at.segment) continue;
    const start = n === at.segment ? Math.min(at.offset, data.length) : 0;
    let skip = n === at.segment ? at.skip : 0;
    bytes += data.length - start;
    let offset = start;
    while (offset < data.length) {
      const found = readBlock(data, offset);
      if (found.kind === 'block') {
        for (const record of found.records.slice(skip)) {
          records++;
          oldest = oldest === null || record.time < oldest ? record.time : oldest;
          newest = newest === null || record.time > newest ? record.time : newest;
        }
        for (const record of found.records.slice(0, skip)) {
          bytes -= Buffer.byteLength(recordText(record.line, record.level, record.time - found.base));
        }
        skip = 0;
        offset += found.size;
        continue;
      }
      skip = 0;
      if (found.kind === 'partial') {
        if (!(live && n === segments[segments.length - 1])) torn += partialCount(data, offset);
        break;
      }
      torn += found.records;
      offset = nextBlockAfter(data, offset);
    }
  }
  return { records, bytes, torn, oldest, newest, diskBytes, segments: segments.length };
}

// The records a block cut short claimed in its header (0 when even the header is cut), as DirReader counts them.
function partialCount(bytes: Buffer, at: number): number {
  const head = /^#\d+ [0-9a-f]{8} (\d+)\n/.exec(bytes.toString('latin1', at, Math.min(bytes.length, at + 40)));
  return head === null ? 0 : Number(head[1]);
}

function sum(parts: readonly SpoolWaiting[]): SpoolWaiting {
  let oldest: number | null = null;
  let newest: number | null = null;
  for (const p of parts) {
    if (p.oldest !== null && (oldest === null || p.oldest < oldest)) oldest = p.oldest;
    if (p.newest !== null && (newest === null || p.newest > newest)) newest = p.newest;
  }
  return {
    records: parts.reduce((n, p) => n + p.records, 0),
    bytes: parts.reduce((n, p) => n + p.bytes, 0),
    torn: parts.reduce((n, p) => n + p.torn, 0),
    oldest,
    newest,
  };
}

function byDestination(dirs: readonly SpoolDirReport[]): SpoolDestinationReport[] {
  const groups = new Map<string, SpoolDirReport[]>();
  for (const d of dirs) {
    const key = JSON.stringify([d.kind, d.route, d.destination]);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [d]);
    else group.push(d);
  }
  return [...groups.values()].map((group) => {
    const [d] = group as [SpoolDirReport];
    return {
      kind: d.kind,
      route: d.route,
      destination: d.destination,
      label: d.label,
      dirs: group.length,
      ...sum(group),
    };
  });
}

// Who owns a spool directory, and whether that owner is still alive. A pid alone cannot say: a
// restarted container's new process is pid 1 again, and pids are reused. An owner is taken for
// gone when any of these holds:
//   - it says it closed;
//   - it ran on this host and its pid is ours, but it started before this process did (a
//     restarted container's earlier process; another spool of this very process is alive);
//   - it ran on this host and no process has its pid;
//   - it ran on this host and the process with its pid started at another time (/proc, Linux);
//   - its heartbeat (the owner file's mtime, touched by the shipper) is older than `staleMs`
//     (another host sharing the directory, or no /proc to ask).
import { randomBytes } from 'node:crypto';
import { readFileSync, readlinkSync, statSync } from 'node:fs';
import { hostname } from 'node:os';

/** The owner file's name in a spool directory. */
export const OWNER_FILE = 'owner.json';

/** What `owner.json` says. */
export interface OwnerInfo {
  readonly version: 1;
  /** Random, unique to one open spool. */
  readonly token: string;
  readonly pid: number;
  readonly hostname: string;
  /** The process's start time in clock ticks since boot (Linux /proc), or null elsewhere. */
  readonly startTicks: number | null;
  /** The kernel's boot id (Linux), or null elsewhere. */
  readonly bootId: string | null;
  /**
   * The process's pid namespace (Linux, `pid:[inode]`), or null elsewhere (absent in older files).
   * Containers on one host may share a host name (host networking) and a volume: a pid of another
   * namespace says nothing about the processes of ours.
   */
  readonly pidNamespace?: string | null;
  /** When the spool was opened (ms since the epoch). */
  readonly created: number;
  /** The kind of sink that writes it (`cloudwatch`, `otlp`). */
  readonly kind: string;
  /**
   * The backend it ships to (kind, region and endpoint; a collector's URL): only a shipper of the
   * same route replays it, so records never go to another region's or endpoint's backend.
   */
  readonly route: string;
  /** Where its records go (the sink's own description: group and stream, endpoint and resource). */
  readonly destination: Readonly<Record<string, unknown>>;
  /** Set when the spool was closed: what is left is anybody's to ship. */
  readonly closed?: boolean;
}

/** How this process is known in an owner file. */
export function selfIdentity(): Pick<
  OwnerInfo,
  'pid' | 'hostname' | 'startTicks' | 'bootId' | 'token' | 'pidNamespace'
> & {
  readonly startedAt: number;
} {
  return {
    startedAt: Date.now() - process.uptime() * 1000,
    pid: process.pid,
    hostname: hostname(),
    startTicks: startTicksOf(process.pid),
    bootId: bootId(),
    pidNamespace: pidNamespace(),
    token: randomBytes(8).toString('hex'),
  };
}

/** The start time of process `pid` in clock ticks since boot, or null when /proc cannot say. */
export function startTicksOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    // The command name (field 2) is in parentheses and may hold spaces: count from its end.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[19]);
    return Number.isFinite(ticks) ? ticks : null;
  } catch {
    return null;
  }
}

function pidNamespace(): string | null {
  try {
    return readlinkSync('/proc/self/ns/pid');
  } catch {
    return null;
  }
}

function bootId(): string | null {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'latin1').trim();
  } catch {
    return null;
  }
}

/** Reads an owner file; undefined when it is missing or not one. */
export function readOwner(path: string): OwnerInfo | undefined {
  try {
    const info = JSON.parse(readFileSync(path, 'utf8')) as OwnerInfo;
    return info !== null && typeof info === 'object' && typeof info.token === 'string' && typeof info.pid === 'number'
      ? info
      : undefined;
  } catch {
    return undefined;
  }
}

/** The facts about this process an owner is judged against (tests give other ones). */
export interface LivenessProbe {
  readonly self: Pick<OwnerInfo, 'pid' | 'hostname' | 'bootId' | 'token' | 'startTicks' | 'pidNamespace'> & {
    /** When this process started (ms since the epoch). */
    readonly startedAt: number;
  };
  /** True when a process with this pid exists. */
  readonly exists: (pid: number) => boolean;
  /** The start ticks of `pid`, or null. */
  readonly startTicks: (pid: number) => number | null;
  readonly now: () => number;
  readonly staleMs: number;
}

/** The probe of this process. */
export function liveProbe(self: LivenessProbe['self'], staleMs: number): LivenessProbe {
  return {
    self,
    exists: (pid) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch (e) {
        // EPERM: it exists, owned by another user.
        return (e as NodeJS.ErrnoException).code === 'EPERM';
      }
    },
    startTicks: startTicksOf,
    now: Date.now,
    staleMs,
  };
}

/** Whether the owner described in `ownerPath` is gone: its directory is then anybody's to ship. */
export function ownerIsGone(ownerPath: string, probe: LivenessProbe): boolean {
  const info = readOwner(ownerPath);
  const verdict = info === undefined ? 'unknown' : verdictOf(info, probe);
  return verdict === 'unknown' ? heartbeatStale(ownerPath, probe) : verdict === 'gone';
}

function sameHost(info: OwnerInfo, probe: LivenessProbe): boolean {
  return (
    info.hostname === probe.self.hostname &&
    (info.bootId === null || probe.self.bootId === null || info.bootId === probe.self.bootId) &&
    // Another pid namespace (another container with the same host name): its pids are not ours to ask.
    (info.pidNamespace == null || probe.self.pidNamespace == null || info.pidNamespace === probe.self.pidNamespace)
  );
}

// The verdicts that need no clock (see the module comment); 'unknown' leaves it to the heartbeat.
function verdictOf(info: OwnerInfo, probe: LivenessProbe): 'gone' | 'alive' | 'unknown' {
  if (info.token === probe.self.token) return 'alive';
  if (info.closed === true) return 'gone';
  if (!sameHost(info, probe)) return 'unknown';
  if (info.pid === probe.self.pid) {
    // This pid is ours: the owner is this process (another of its spools) or an earlier one.
    if (info.startTicks !== null && probe.self.startTicks !== null)
      return info.startTicks === probe.self.startTicks ? 'alive' : 'gone';
    return info.created < probe.self.startedAt - 1000 ? 'gone' : 'alive';
  }
  if (!probe.exists(info.pid)) return 'gone';
  const ticks = info.startTicks === null ? null : probe.startTicks(info.pid);
  if (ticks === null) return 'unknown';
  return ticks === info.startTicks ? 'alive' : 'gone';
}

function heartbeatStale(ownerPath: string, probe: LivenessProbe): boolean {
  try {
    return probe.now() - statSync(ownerPath).mtimeMs > probe.staleMs;
  } catch {
    // No owner file at all: a directory half made by a process that died at once, or not ours.
    return true;
  }
}

// A spool directory as a process that is gone left it, written by hand in the spool's on-disk
// format (packages/spool/src/frame.ts, owner.ts): for the hazards a real process cannot be made to
// leave on cue (records two weeks old, an earlier process with the pid the next one gets).

import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import type { LocalCloudWatchLogs } from '@dashtam/cloudwatch-local';
import { GROUP } from './spool-load.js';

/** One record of a dead directory: its JSON line and the time the spool holds for it. */
export interface DeadRecord {
  readonly line: string;
  readonly time: number;
}

/** The owner fields a test sets; the rest are this host's. */
export interface DeadOwner {
  readonly pid: number;
  /** The process's start in clock ticks since boot; null where /proc cannot say. */
  readonly startTicks: number | null;
  /** The stream prefix the records go to. */
  readonly streamPrefix: string;
}

/** A pid no process has now: a child's that has ended. */
export function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid as number;
}

/**
 * The route the container's CloudWatch sink gives `cw` (region, endpoint, the production log
 * group): only such a sink adopts the directory.
 */
export function routeOf(cw: LocalCloudWatchLogs, group = '/dashtam/production/app'): string {
  return `cloudwatch|us-east-1|${cw.url}|${group}`;
}

/**
 * Writes `<root>/cloudwatch-<pid>-<token>/` with its owner.json and one segment holding one block
 * per entry of `blocks`. Returns the directory.
 */
export function writeDeadDir(
  root: string,
  cw: LocalCloudWatchLogs,
  owner: DeadOwner,
  blocks: readonly (readonly DeadRecord[])[],
): string {
  const token = randomBytes(8).toString('hex');
  const dir = join(root, `cloudwatch-${owner.pid}-${token}`);
  mkdirSync(dir, { recursive: true });
  let bootId: string | null = null;
  try {
    bootId = readFileSync('/proc/sys/kernel/random/boot_id', 'latin1').trim();
  } catch {
    // Not Linux.
  }
  writeFileSync(
    join(dir, 'owner.json'),
    JSON.stringify({
      version: 1,
      token,
      pid: owner.pid,
      hostname: hostname(),
      startTicks: owner.startTicks,
      bootId,
      created: Date.now() - 60_000,
      kind: 'cloudwatch',
      route: routeOf(cw),
      destination: { logGroup: GROUP, stream: { prefix: owner.streamPrefix } },
    }),
  );
  writeFileSync(join(dir, '00000001.seg'), Buffer.concat(blocks.map(block)));
  return dir;
}

// `#<payload bytes> <crc32, 8 hex digits> <records>\n` and `<time> <level> <length> <line>\n` each.
function block(records: readonly DeadRecord[]): Buffer {
  const payload = Buffer.from(records.map((r) => `${r.time} info ${r.line.length} ${r.line}\n`).join(''), 'utf8');
  const sum = (crc32(payload) >>> 0).toString(16).padStart(8, '0');
  return Buffer.concat([Buffer.from(`#${payload.length} ${sum} ${records.length}\n`, 'latin1'), payload]);
}

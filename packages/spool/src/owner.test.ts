import { mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type LivenessProbe, type OwnerInfo, ownerIsGone, selfIdentity, startTicksOf } from './owner.js';

const self = { pid: 1, hostname: 'box', bootId: 'boot-a', token: 'me', startTicks: 50, startedAt: Date.now() - 60_000 };
function probe(over: Partial<LivenessProbe> = {}): LivenessProbe {
  return { self, exists: () => true, startTicks: () => 100, now: Date.now, staleMs: 60_000, ...over };
}
function ownerFile(info: Partial<OwnerInfo>, ageMs = 0): string {
  const dir = mkdtempSync(join(tmpdir(), 'owner-'));
  const path = join(dir, 'owner.json');
  const full: OwnerInfo = {
    version: 1,
    token: 'other',
    pid: 42,
    hostname: 'box',
    startTicks: 100,
    bootId: 'boot-a',
    created: 0,
    kind: 'k',
    route: 'k',
    destination: {},
    ...info,
  };
  writeFileSync(path, JSON.stringify(full));
  const t = (Date.now() - ageMs) / 1000;
  utimesSync(path, t, t);
  return path;
}

describe('whether a spool directory owner is gone', () => {
  it('a live process with the same start time owns it', () => {
    expect(ownerIsGone(ownerFile({}), probe())).toBe(false);
  });
  it('our own token is ours', () => {
    expect(ownerIsGone(ownerFile({ token: 'me', pid: 1 }), probe())).toBe(false);
  });
  it('our pid and an earlier start is a previous process (a restarted container is pid 1 again)', () => {
    expect(ownerIsGone(ownerFile({ pid: 1 }), probe())).toBe(true);
    expect(ownerIsGone(ownerFile({ pid: 1, startTicks: null, created: Date.now() - 3_600_000 }), probe())).toBe(true);
  });
  it('our pid and our start is another spool of this process: alive', () => {
    expect(ownerIsGone(ownerFile({ pid: 1, startTicks: 50 }), probe())).toBe(false);
    expect(ownerIsGone(ownerFile({ pid: 1, startTicks: null, created: Date.now() }), probe())).toBe(false);
  });
  it('a pid no process has is gone', () => {
    expect(ownerIsGone(ownerFile({}), probe({ exists: () => false }))).toBe(true);
  });
  it('a pid reused by a process that started at another time is gone', () => {
    expect(ownerIsGone(ownerFile({}), probe({ startTicks: () => 101 }))).toBe(true);
  });
  it('another pid namespace on the same host name (containers sharing a volume and a host name): its pids say nothing, the heartbeat does', () => {
    const inNs = { ...self, pidNamespace: 'pid:[4026531836]' };
    const p = probe({ self: inNs, exists: () => false, startTicks: () => null });
    // pid 1 of another container, alive (fresh heartbeat), started at another time than our pid 1.
    expect(ownerIsGone(ownerFile({ pid: 1, startTicks: 99, pidNamespace: 'pid:[4026532999]' }), p)).toBe(false);
    // Another pid, which our namespace does not have.
    expect(ownerIsGone(ownerFile({ pid: 57, pidNamespace: 'pid:[4026532999]' }), p)).toBe(false);
    // Once its heartbeat is stale it is gone.
    expect(ownerIsGone(ownerFile({ pid: 57, pidNamespace: 'pid:[4026532999]' }, 120_000), p)).toBe(true);
    // The same namespace: judged by pid as before.
    expect(ownerIsGone(ownerFile({ pid: 57, pidNamespace: 'pid:[4026531836]' }), p)).toBe(true);
  });
  it('closed is gone', () => {
    expect(ownerIsGone(ownerFile({ closed: true }), probe())).toBe(true);
  });
  it('another host (or boot) is judged by the heartbeat', () => {
    expect(ownerIsGone(ownerFile({ hostname: 'other' }), probe())).toBe(false);
    expect(ownerIsGone(ownerFile({ hostname: 'other' }, 120_000), probe())).toBe(true);
    expect(ownerIsGone(ownerFile({ bootId: 'boot-b' }, 120_000), probe())).toBe(true);
  });
  it('no start time to compare: the heartbeat says', () => {
    expect(ownerIsGone(ownerFile({ startTicks: null }), probe())).toBe(false);
    expect(ownerIsGone(ownerFile({ startTicks: null }, 120_000), probe())).toBe(true);
    expect(ownerIsGone(ownerFile({}), probe({ startTicks: () => null }))).toBe(false);
  });
  it('a missing or broken owner file: gone', () => {
    const dir = mkdtempSync(join(tmpdir(), 'owner-'));
    expect(ownerIsGone(join(dir, 'owner.json'), probe())).toBe(true);
    writeFileSync(join(dir, 'owner.json'), '{not json');
    expect(ownerIsGone(join(dir, 'owner.json'), probe({ now: () => Date.now() + 120_000 }))).toBe(true);
  });
  it('reads this process from /proc where there is one', () => {
    const me = selfIdentity();
    expect(me.pid).toBe(process.pid);
    expect(me.token).toMatch(/^[0-9a-f]{16}$/);
    if (process.platform === 'linux') expect(startTicksOf(process.pid)).toBeGreaterThan(0);
    expect(startTicksOf(2 ** 30)).toBeNull();
  });
});

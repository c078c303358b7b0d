// `dashtam-logs spool`'s text: what a spool root holds, for a person at a terminal. One line per
// destination first (what an operator asks: how much waits, and since when), then each directory
// with its owner's state, then the total.
import { basename, relative } from 'node:path';
import type { SpoolDirReport, SpoolReport, SpoolWaiting } from '@dashtam/spool';

/** The report as text; ages are counted back from `report.inspectedAt`. */
export function formatSpoolReport(report: SpoolReport): string {
  const now = report.inspectedAt;
  const lines = [`Spool ${report.root} (read only: nothing is shipped or changed)`];
  if (report.dirs.length === 0) {
    lines.push('', 'No spool directories: nothing waits to be shipped.');
    return `${lines.join('\n')}\n`;
  }
  lines.push('', 'Waiting per destination:');
  for (const d of report.destinations) {
    lines.push(`  ${d.kind} ${d.label} (${count(d.dirs, 'directory', 'directories')}): ${waiting(d, now)}`);
  }
  lines.push('', 'Directories:');
  for (const d of report.dirs) {
    lines.push(`  ${relative(report.root, d.path)}`, `    ${owner(d)}`, `    ${d.kind} ${d.label}: ${waiting(d, now)}`);
  }
  const t = report.total;
  lines.push(
    '',
    `Total (${count(t.dirs, 'directory', 'directories')}): ${waiting(t, now)}; ${size(t.diskBytes)} of segment files on disk`,
  );
  return `${lines.join('\n')}\n`;
}

function owner(d: SpoolDirReport): string {
  const who = d.pid === null ? 'no owner file' : `pid ${d.pid} on ${d.hostname ?? '?'}`;
  const why =
    d.adoptedBy !== null
      ? `adopted by ${basename(d.adoptedBy)}, whose process ships it`
      : d.state === 'alive'
        ? 'its process ships it'
        : 'a sink of the same route (running, or the next to start) adopts and ships it';
  return `${d.state} (${who}): ${why}`;
}

function waiting(w: SpoolWaiting, now: number): string {
  const torn = w.torn > 0 ? `, ${count(w.torn, 'torn record', 'torn records')} (not shipped)` : '';
  if (w.records === 0) return `nothing waiting${torn}`;
  const n = `${count(w.records, 'record', 'records')} waiting`;
  const oldest = w.oldest === null ? '' : `, oldest ${new Date(w.oldest).toISOString()} (${age(now - w.oldest)} ago)`;
  return `${n}, ${size(w.bytes)}${oldest}${torn}`;
}

function count(n: number, one: string, many: string): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

/** Bytes in B, KiB, MiB or GiB (one decimal past B). */
export function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

/** A duration in its two largest units: 45s, 12m 5s, 3h 20m, 2d 4h. */
export function age(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${s % 60}s`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h ${m % 60}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

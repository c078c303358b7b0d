import { closeSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FallbackWriter } from './fallback-writer.js';

function memory() {
  const chunks: string[] = [];
  return { chunks, write: (c: string) => chunks.push(c), lines: () => chunks.join('').split('\n').slice(0, -1) };
}

describe('FallbackWriter', () => {
  it('writes record lines as they are, one newline each, and nothing for no lines', () => {
    const out = memory();
    const fallback = new FallbackWriter(out, { source: 'test-sink' });
    fallback.records([]);
    fallback.records(['{"message":"a"}', '{"message":"b"}']);
    expect(out.chunks).toEqual(['{"message":"a"}\n{"message":"b"}\n']);
  });

  it('reports once per key until resetReports, tagged with its source, every string redacted', () => {
    const out = memory();
    const fallback = new FallbackWriter(out, {
      source: 'test-sink',
      redact: (t) => t.replaceAll('hunter2', '[REDACTED]'),
    });
    fallback.report('outage', 'backend down', { error: 'connect to https://u:hunter2@h failed', attempt: 3 });
    fallback.report('outage', 'backend down again');
    fallback.report('overflow', 'buffer full');
    fallback.resetReports();
    fallback.report('outage', 'backend down, once more');
    const reports = out.lines().map((l) => JSON.parse(l));
    expect(reports.map((r) => r.message)).toEqual(['backend down', 'buffer full', 'backend down, once more']);
    expect(reports[0]).toMatchObject({
      level: 'error',
      source: 'test-sink',
      error: 'connect to https://u:[REDACTED]@h failed',
      attempt: 3,
    });
    expect(Number.isNaN(Date.parse(reports[0].timestamp))).toBe(false);
    expect(out.chunks.join('')).not.toContain('hunter2');
  });

  it('still reports when a field cannot be serialised, and never throws when the destination does', () => {
    const out = memory();
    const fallback = new FallbackWriter(out, { source: 'test-sink' });
    fallback.report('odd', 'odd field', { big: 10n });
    expect(out.lines().map((l) => JSON.parse(l))).toEqual([
      { level: 'error', message: 'odd field', source: 'test-sink' },
    ]);
    const broken = new FallbackWriter(
      {
        write: () => {
          throw new Error('EPIPE');
        },
      },
      { source: 'test-sink' },
    );
    expect(() => broken.records(['{}'])).not.toThrow();
    expect(() => broken.report('k', 'm')).not.toThrow();
  });

  it('writes to a file descriptor synchronously', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'fallback-')), 'out.log');
    const fd = openSync(path, 'w');
    new FallbackWriter(fd, { source: 'test-sink' }).records(['{"message":"kept"}']);
    closeSync(fd);
    expect(readFileSync(path, 'utf8')).toBe('{"message":"kept"}\n');
  });
});

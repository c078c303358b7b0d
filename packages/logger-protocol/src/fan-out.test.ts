import * as assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import { InvalidOptionsError } from './errors.js';
import { fanOut } from './fan-out.js';
import type { LogSink } from './log-sink.js';
import { Logger } from './logger.js';
import { RecordingSink } from './testing/recording-sink.js';
import { runSinkContract } from './testing/sink-contract.js';

runSinkContract('fanOut of two recording sinks', { describe, it }, () => {
  const first = new RecordingSink();
  const second = new RecordingSink();
  return {
    sink: fanOut(first, second),
    read: async () => {
      // Both outputs got every record, byte for byte.
      assert.deepEqual(second.lines, first.lines);
      return first.records;
    },
  };
});

/** A sink whose flush stays pending until `release()`. */
function slowSink(): LogSink & { lines: string[]; release: () => void; flushed: number } {
  let release = () => {};
  const sink = {
    name: 'slow',
    lines: [] as string[],
    flushed: 0,
    write(line: string) {
      sink.lines.push(line);
    },
    flush() {
      return new Promise<void>((resolve) => {
        release = () => {
          sink.flushed++;
          resolve();
        };
      });
    },
    close() {
      return sink.flush();
    },
    release: () => release(),
  };
  return sink;
}

function throwingSink(name = 'broken'): LogSink & { fail: boolean; lines: string[] } {
  const sink = {
    name,
    fail: true,
    lines: [] as string[],
    write(line: string) {
      if (sink.fail) throw new Error('disk full');
      sink.lines.push(line);
    },
    flush: () => Promise.reject(new Error('flush failed')),
    close: () => Promise.reject(new Error('close failed')),
  };
  return sink;
}

describe('fanOut', () => {
  let stderr: MockInstance;
  beforeEach(() => {
    stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(() => stderr.mockRestore());
  const stderrLines = () => stderr.mock.calls.map((c) => JSON.parse(String(c[0])) as Record<string, string>);
  const reports = () => stderrLines().filter((l) => l.message === 'dashtam sink failed');

  it('gives each output the records at or above its own level', () => {
    const all = new RecordingSink();
    const warnings = new RecordingSink();
    const logger = new Logger({ sink: fanOut(all, { sink: warnings, level: 'WARN', name: 'alerts' }) });
    logger.debug('d');
    logger.info('i');
    logger.warning('w');
    logger.critical('c');
    expect(all.records.map((r) => r.message)).toEqual(['d', 'i', 'w', 'c']);
    expect(warnings.records.map((r) => r.message)).toEqual(['w', 'c']);
  });

  it('takes the lowest level of its outputs as its own, so the logger builds nothing no output wants', () => {
    const a = new RecordingSink();
    const b = new RecordingSink();
    const sink = fanOut({ sink: a, level: 'info' }, { sink: b, level: 'error' });
    expect(sink.level).toBe('info');
    const logger = new Logger({ sink, level: 'debug' });
    expect(logger.level).toBe('info');
    expect(logger.isLevelEnabled('debug')).toBe(false);
    // An output's own level counts too, and the higher of the two wins.
    const own: LogSink = Object.assign(new RecordingSink(), { level: 'warning' as const });
    expect(fanOut({ sink: own, level: 'debug' }).level).toBe('warning');
    expect(fanOut(new RecordingSink()).level).toBe('debug');
  });

  it('still gives every other output each record when one output throws, and counts the failures', () => {
    const broken = throwingSink();
    const good = new RecordingSink();
    const logger = new Logger({ sink: fanOut(broken, good) });
    logger.info('one');
    logger.info('two');
    expect(good.records.map((r) => r.message)).toEqual(['one', 'two']);
    expect(logger.stats()).toMatchObject({ broken: { failed_writes: 2 }, recording: { failed_writes: 0, written: 2 } });
    // One report per failure streak, naming the sink, with a stable code in the error's name.
    expect(reports()).toHaveLength(1);
    expect(reports()[0]?.error_message).toBe('SinkFailedError: Sink "broken" failed: disk full');
    broken.fail = false;
    logger.info('three');
    broken.fail = true;
    logger.info('four');
    expect(broken.lines).toHaveLength(1);
    expect(reports()).toHaveLength(2);
    expect(good.records).toHaveLength(4);
    // What the failing output refused is on stderr, the fallback: nothing is lost.
    expect(
      stderrLines()
        .filter((l) => l.trace_id !== undefined)
        .map((l) => l.message),
    ).toEqual(['one', 'two', 'four']);
  });

  it('flushes every output at once: a slow one delays only the fan-out promise', async () => {
    const slow = slowSink();
    const fast = new RecordingSink();
    const logger = new Logger({ sink: fanOut(slow, fast) });
    logger.info('x');
    let settled = false;
    const flushing = logger.flush().then(() => {
      settled = true;
    });
    // The fast output was flushed without waiting for the slow one.
    await vi.waitFor(() => expect(fast.stats()).toMatchObject({ flushes: 1 }));
    expect(settled).toBe(false);
    slow.release();
    await flushing;
    expect(settled).toBe(true);
    expect(slow.flushed).toBe(1);
  });

  it('flushes and closes the others when one output rejects, and never rejects itself', async () => {
    const broken = throwingSink();
    const good = new RecordingSink();
    const sink = fanOut(broken, good);
    await expect(sink.flush()).resolves.toBeUndefined();
    await expect(sink.close()).resolves.toBeUndefined();
    expect(good.stats()).toMatchObject({ flushes: 1, closed: 1 });
    expect(reports().map((r) => r.error_message)).toEqual([
      'SinkFailedError: Sink "broken" failed: flush failed',
      'SinkFailedError: Sink "broken" failed: close failed',
    ]);
  });

  it('names the counters of each output, numbering outputs of one kind', () => {
    const plain: LogSink = { write() {}, flush: async () => {}, close: async () => {} };
    const sink = fanOut(new RecordingSink(), new RecordingSink(), { sink: new RecordingSink(), name: 'audit' }, plain);
    expect(Object.keys(sink.stats?.() ?? {})).toEqual(['recording', 'recording_2', 'audit', 'sink']);
    const failingStats: LogSink = {
      name: 'odd',
      write() {},
      flush: async () => {},
      close: async () => {},
      stats() {
        throw new Error('no stats');
      },
    };
    expect(fanOut(failingStats).stats?.()).toEqual({ odd: { failed_writes: 0 } });
    const proto = fanOut({ sink: new RecordingSink(), name: '__proto__' }).stats?.() ?? {};
    expect(Object.keys(proto)).toEqual(['__proto__']);
    expect(Object.getOwnPropertyDescriptor(proto, '__proto__')?.value).toMatchObject({ written: 0, failed_writes: 0 });
  });

  it('rejects what is not a sink, an empty list, a bad level and two outputs given one name', () => {
    const error = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e as InvalidOptionsError;
      }
      return assert.fail('expected an error');
    };
    expect(error(() => fanOut()).message).toContain('at least one sink');
    for (const bad of [null, 3, {}, { write() {} }, { sink: { write() {} } }]) {
      const e = error(() => fanOut(bad as never));
      expect(e).toBeInstanceOf(InvalidOptionsError);
      expect(e.option).toBe('sinks[0]');
      expect(e.message).toContain('write(line, level, time), flush() and close()');
    }
    const loud = error(() => fanOut(new RecordingSink(), { sink: new RecordingSink(), level: 'loud' }));
    expect(loud).toBeInstanceOf(InvalidOptionsError);
    expect(loud.option).toBe('sinks[1].level');
    expect(loud.message).toContain('Invalid log level "loud"');
    const ownLevel = Object.assign(new RecordingSink(), { level: 'verbose' });
    expect(error(() => fanOut(ownLevel as never)).option).toBe('sinks[0].sink.level');
    const dup = error(() => fanOut({ sink: new RecordingSink(), name: 'a' }, { sink: new RecordingSink(), name: 'a' }));
    expect(dup.option).toBe('sinks[1].name');
    expect(error(() => fanOut({ sink: new RecordingSink(), name: '' })).option).toBe('sinks[0].name');
  });
});

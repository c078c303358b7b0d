import { closeSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FdWriterErrorCode, FdWriteTimeoutError, InvalidFdWriterOptionsError } from './errors.js';
import { type WriteSystem, writeAllSync, writeAllWith } from './write-all-sync.js';

const errno = (code: string) => Object.assign(new Error(`${code}: scripted`), { code });

/**
 * A descriptor that follows a script: a number is how many bytes the next write takes at most,
 * a string is the error code it throws. After the script it takes everything. Sleeping moves a
 * fake clock, so the timeout is tested without waiting.
 */
function scripted(script: ReadonlyArray<number | string>) {
  const steps = [...script];
  const received: number[] = [];
  const sleeps: number[] = [];
  let clock = 0;
  const system: WriteSystem = {
    write(_fd, bytes, offset, length) {
      const step = steps.shift();
      if (typeof step === 'string') throw errno(step);
      const n = Math.min(length, step ?? length);
      received.push(...bytes.subarray(offset, offset + n));
      return n;
    },
    now: () => clock,
    sleep(ms) {
      sleeps.push(ms);
      clock += ms;
    },
  };
  return { system, text: () => Buffer.from(received).toString('utf8'), sleeps, steps };
}

const bytes = (s: string) => Buffer.from(s, 'utf8');

describe('writeAllWith', () => {
  it('continues partial writes where they stopped until every byte is written', () => {
    const fd = scripted([3, 1, 2, 4]);
    writeAllWith(fd.system, 1, bytes('héllo wörld\n'), 1000);
    expect(fd.text()).toBe('héllo wörld\n');
    expect(fd.sleeps).toEqual([]);
  });

  it('waits 1 ms on EAGAIN and retries, losing nothing', () => {
    const fd = scripted([2, 'EAGAIN', 'EAGAIN', 'EAGAIN', 3]);
    writeAllWith(fd.system, 1, bytes('line one\nline two\n'), 1000);
    expect(fd.text()).toBe('line one\nline two\n');
    expect(fd.sleeps).toEqual([1, 1, 1]);
  });

  it('keeps waiting for a slow reader as long as each stall is shorter than the timeout', () => {
    // 20 stalls of 8 ms each, 160 ms in all, against a 10 ms timeout: progress restarts the count.
    const stall = Array.from({ length: 8 }, () => 'EAGAIN');
    const fd = scripted(Array.from({ length: 20 }, () => [...stall, 1]).flat());
    writeAllWith(fd.system, 1, bytes('x'.repeat(25)), 10);
    expect(fd.text()).toBe('x'.repeat(25));
    expect(fd.sleeps).toHaveLength(160);
  });

  it('gives up with FdWriteTimeoutError when the descriptor accepts nothing for timeoutMs', () => {
    const fd = scripted([4, ...Array.from({ length: 100 }, () => 'EAGAIN')]);
    let error: unknown;
    try {
      writeAllWith(fd.system, 7, bytes('0123456789'), 5);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FdWriteTimeoutError);
    expect(error).toMatchObject({
      code: FdWriterErrorCode.WriteTimeout,
      fd: 7,
      bytesWritten: 4,
      bytesTotal: 10,
      message: 'fd 7 accepted nothing for 5 ms (EAGAIN); 4 of 10 bytes written',
    });
    expect((error as Error).cause).toMatchObject({ code: 'EAGAIN' });
    expect(fd.sleeps).toEqual([1, 1, 1, 1, 1]);
    expect(fd.text()).toBe('0123');
  });

  it('gives up at the first EAGAIN when timeoutMs is 0', () => {
    const fd = scripted(['EAGAIN']);
    expect(() => writeAllWith(fd.system, 1, bytes('x'), 0)).toThrow(FdWriteTimeoutError);
    expect(fd.sleeps).toEqual([]);
  });

  it('counts a write of 0 bytes as a stall, so it cannot loop forever', () => {
    const fd = scripted(Array.from({ length: 100 }, () => 0));
    expect(() => writeAllWith(fd.system, 1, bytes('x'), 3)).toThrow(FdWriteTimeoutError);
    expect(fd.sleeps).toEqual([1, 1, 1]);
  });

  it('throws any other error at once, without retrying', () => {
    const fd = scripted([1, 'EPIPE', 5]);
    expect(() => writeAllWith(fd.system, 1, bytes('abc'), 1000)).toThrow('EPIPE: scripted');
    expect(fd.sleeps).toEqual([]);
    expect(fd.steps).toEqual([5]);
  });

  it('writes nothing and returns for an empty chunk', () => {
    const fd = scripted(['EBADF']);
    writeAllWith(fd.system, 1, new Uint8Array(0), 1000);
    expect(fd.steps).toEqual(['EBADF']);
  });
});

describe('writeAllSync', () => {
  it('writes strings as UTF-8 and byte arrays as they are to a real descriptor', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'dashtam-fd-writer-')), 'out.log');
    const fd = openSync(file, 'w');
    try {
      writeAllSync(fd, '{"message":"grüße"}\n');
      writeAllSync(fd, new Uint8Array([0x6f, 0x6b, 0x0a]), { timeoutMs: 10 });
    } finally {
      closeSync(fd);
    }
    expect(readFileSync(file, 'utf8')).toBe('{"message":"grüße"}\nok\n');
  });

  it('throws the system error for a descriptor that cannot be written', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'dashtam-fd-writer-')), 'read-only.log');
    closeSync(openSync(file, 'w'));
    const fd = openSync(file, 'r');
    try {
      expect(() => writeAllSync(fd, 'lost\n')).toThrow(expect.objectContaining({ code: 'EBADF' }));
    } finally {
      closeSync(fd);
    }
  });

  it('rejects a timeoutMs that is not a number of milliseconds >= 0', () => {
    for (const timeoutMs of [-1, Number.NaN, '5' as unknown as number]) {
      expect(() => writeAllSync(1, '', { timeoutMs })).toThrow(InvalidFdWriterOptionsError);
    }
    expect(() => writeAllSync(1, '', { timeoutMs: -1 })).toThrow(
      'Invalid writeAllSync option "timeoutMs": expected a number of milliseconds >= 0, got -1',
    );
  });
});

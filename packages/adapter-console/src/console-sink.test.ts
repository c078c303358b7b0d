import { closeSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger, type LoggerOptions, type LogRecord } from '@dashtam/logger-protocol';
import { parseJsonLines, runSinkContract } from '@dashtam/logger-protocol/testing';
import { describe, expect, it, vi } from 'vitest';
import { ConsoleSink, type ConsoleSinkOptions } from './console-sink.js';
import { InvalidConsoleOptionsError } from './errors.js';

type CaptureOptions = ConsoleSinkOptions & Omit<LoggerOptions, 'sink' | 'onError'>;

/** A logger over a console sink writing into an array. */
function capture(options: CaptureOptions = {}) {
  const chunks: string[] = [];
  const { format, colors, bufferSize, flushDelay, onError, ...loggerOptions } = options;
  const sink = new ConsoleSink({
    destination: { write: (c: string) => chunks.push(c) },
    ...(format !== undefined ? { format } : {}),
    ...(colors !== undefined ? { colors } : {}),
    ...(bufferSize !== undefined ? { bufferSize } : {}),
    ...(flushDelay !== undefined ? { flushDelay } : {}),
    ...(onError !== undefined ? { onError } : {}),
  });
  const logger = new Logger({ sink, ...loggerOptions });
  const text = () => chunks.join('');
  const records = async (): Promise<LogRecord[]> => {
    await logger.flush();
    return parseJsonLines(text()) as LogRecord[];
  };
  return { logger, chunks, text, records };
}

runSinkContract('ConsoleSink (json)', { describe, it }, () => {
  const { logger, records } = capture({ format: 'json' });
  return { sink: logger.sink, read: records };
});

describe('ConsoleSink json format', () => {
  it('buffers lines and writes them in one chunk on flush', async () => {
    const { logger, chunks, records } = capture({ traceContext: () => 't' });
    logger.info('a');
    logger.info('b');
    expect(chunks).toEqual([]);
    const out = await records();
    expect(chunks).toHaveLength(1);
    expect(out.map((r) => r.message)).toEqual(['a', 'b']);
  });

  it('writes buffered lines after flushDelay without a flush, in one chunk', () => {
    vi.useFakeTimers();
    try {
      const { logger, chunks } = capture();
      logger.info('later');
      logger.info('later still');
      vi.advanceTimersByTime(9);
      expect(chunks).toEqual([]);
      vi.advanceTimersByTime(1);
      expect(chunks).toHaveLength(1);
      expect(chunks[0]).toContain('"message":"later still"');
    } finally {
      vi.useRealTimers();
    }
  });

  it('writes buffered lines on the next turn of the event loop when flushDelay is 0', async () => {
    const { logger, chunks } = capture({ flushDelay: 0 });
    logger.info('next turn');
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(chunks.join('')).toContain('"message":"next turn"');
  });

  it('writes every line at once when bufferSize is 0, and when the buffer fills', () => {
    const unbuffered = capture({ bufferSize: 0 });
    unbuffered.logger.info('now');
    expect(unbuffered.chunks).toHaveLength(1);
    const small = capture({ bufferSize: 10 });
    small.logger.info('fills the buffer');
    expect(small.chunks).toHaveLength(1);
  });

  it('writes to a file descriptor', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dashtam-console-'));
    const file = join(dir, 'out.log');
    const fd = openSync(file, 'w');
    const logger = new Logger({ sink: new ConsoleSink({ destination: fd }) });
    for (let i = 0; i < 1000; i++) logger.info('line', { i, text: 'ü€😀' });
    await logger.close();
    closeSync(fd);
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(1000);
    expect(JSON.parse(lines[999] ?? '{}')).toMatchObject({ i: 999, text: 'ü€😀' });
  });

  it('keeps writing, unbuffered, after close', async () => {
    const { logger, chunks } = capture();
    await logger.close();
    logger.info('after close');
    expect(chunks.join('')).toContain('after close');
  });

  it('reports a failing destination through onError and never throws', async () => {
    const onError = vi.fn();
    const logger = new Logger({
      sink: new ConsoleSink({
        onError,
        destination: {
          write() {
            throw new Error('EPIPE');
          },
        },
      }),
    });
    logger.info('x');
    await expect(logger.flush()).resolves.toBeUndefined();
    expect(onError).toHaveBeenCalledOnce();
    expect(String(onError.mock.calls[0]?.[0])).toContain('1 line(s) not written');
    expect(logger.stats()).toEqual({ written: 1, lost: 1 });
  });

  it('counts the records it took', async () => {
    const { logger } = capture({ level: 'info' });
    logger.debug('below the level');
    logger.bind({ a: 1 }).info('one');
    logger.warning('two');
    expect(logger.stats()).toEqual({ written: 2, lost: 0 });
  });

  it('bound loggers share the buffer and the minimum level', async () => {
    const { logger, records } = capture({ level: 'info' });
    const child = logger.bind({ component: 'db' });
    child.debug('hidden');
    child.info('shown');
    expect((await records()).map((r) => [r.message, r.component])).toEqual([['shown', 'db']]);
  });
});

describe('ConsoleSink pretty format', () => {
  const at = Date.UTC(2025, 10, 13, 19, 0, 0, 123);

  it('prints time, padded level, message, then key=value context with trace_id last', () => {
    const { logger, text } = capture({ format: 'pretty', clock: () => at, traceContext: () => 'abc123' });
    logger.info('User registered', { user_id: 'u-1', count: 2, tags: ['a'] });
    logger.warning('Rate limit approaching');
    expect(text()).toBe(
      '2025-11-13T19:00:00.123Z [INFO    ] User registered\n' +
        '    user_id=u-1 count=2 tags=["a"] trace_id=abc123\n' +
        '2025-11-13T19:00:00.123Z [WARNING ] Rate limit approaching\n' +
        '    trace_id=abc123\n',
    );
  });

  it('escapes CR, LF and escape sequences so input cannot forge a line', () => {
    const { logger, text } = capture({ format: 'pretty', clock: () => at, traceContext: () => 't' });
    logger.info('search\n2025-11-13T19:00:00.123Z [CRITICAL] forged', { q: 'x\r\n\u001b[31mred' });
    const lines = text().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe('2025-11-13T19:00:00.123Z [INFO    ] search\\n2025-11-13T19:00:00.123Z [CRITICAL] forged');
    expect(lines[1]).toBe('    q=x\\r\\nred trace_id=t');
  });

  it('prints error stacks as indented lines and colours levels when asked', () => {
    const plain = capture({ format: 'pretty', clock: () => at });
    plain.logger.error('failed', { error: new Error('boom') });
    const lines = plain.text().split('\n');
    expect(lines[1]).toContain('error_type=Error error_message=boom');
    expect(lines[2]).toMatch(/^ {6}Error: boom$/);
    expect(lines.slice(3, -1).every((l) => l.startsWith('      '))).toBe(true);
    const coloured = capture({ format: 'pretty', colors: true });
    coloured.logger.critical('x');
    expect(coloured.text()).toContain('\u001b[');
    expect(plain.text()).not.toContain('\u001b[');
  });

  it('redacts secrets in pretty output as in json', () => {
    const { logger, text } = capture({ format: 'pretty' });
    logger.info('login', { password: 'hunter2', note: 'Bearer abc.def' });
    expect(text()).not.toContain('hunter2');
    expect(text()).not.toContain('abc.def');
  });
});

describe('ConsoleSink options', () => {
  it('rejects bad options with a typed error that says what is accepted', () => {
    expect(() => new ConsoleSink({ format: 'xml' as never })).toThrow(InvalidConsoleOptionsError);
    expect(() => new ConsoleSink({ format: 'xml' as never })).toThrow(/"pretty", "json" or "emf-summary"/);
    expect(() => new ConsoleSink({ destination: {} as never })).toThrow(/write\(chunk\)/);
    expect(() => new ConsoleSink({ bufferSize: -1 })).toThrow(/bufferSize/);
    expect(() => new ConsoleSink({ colors: 'yes' as never })).toThrow(/colors/);
    expect(() => new ConsoleSink({ onError: 'log' as never })).toThrow(/"onError": expected a function/);
    for (const flushDelay of [-1, 1.5, 60_001, '10' as never]) {
      expect(() => new ConsoleSink({ flushDelay })).toThrow(/"flushDelay": expected an integer from 0 to 60000 \(ms\)/);
    }
  });

  it('defaults to json on stdout with colours only on a TTY', () => {
    const sink = new ConsoleSink();
    expect(sink.settings).toMatchObject({ format: 'json', destination: 1, bufferSize: 16384, flushDelay: 10 });
    expect(new ConsoleSink({ destination: process.stderr }).settings.destination).toBe(2);
    expect(
      new ConsoleSink({ format: 'pretty', destination: { write() {}, isTTY: true } as never }).settings.colors,
    ).toBe(true);
  });
});

describe('ConsoleSink pretty error causes', () => {
  it('prints the cause chain as caused-by lines after the stack', () => {
    const chunks: string[] = [];
    const logger = new Logger({
      sink: new ConsoleSink({ format: 'pretty', destination: { write: (c: string) => chunks.push(c) } }),
    });
    logger.error('failed', { error: new Error('top', { cause: new TypeError('middle', { cause: 'root reason' }) }) });
    const lines = chunks.join('').split('\n');
    expect(lines[1]).not.toContain('error_cause');
    expect(lines).toContain('      caused by TypeError: middle');
    expect(lines).toContain('      caused by root reason');
  });
});

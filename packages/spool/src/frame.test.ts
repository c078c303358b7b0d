import { describe, expect, it } from 'vitest';
import { encodeBlock, nextBlockAfter, parsePayload, readBlock, recordText } from './frame.js';

function block(records: [string, string, number][]): Buffer {
  return encodeBlock(records.map(([l, v, t]) => recordText(l, v, t)).join(''), records.length);
}

describe('spool blocks', () => {
  it("writes times as their distance from the block's base, and reads them back whole", () => {
    const base = 1_765_000_000_000;
    const bytes = encodeBlock(
      recordText('{"a":1}', 'info', 0) + recordText('{"b":2}', 'warning', -5),
      2,
      undefined,
      base,
    );
    expect(bytes.toString('latin1')).toMatch(/^#\d+ [0-9a-f]{8} 2 1765000000000\n0 info 7 /);
    expect(readBlock(bytes, 0)).toMatchObject({
      kind: 'block',
      base,
      records: [
        { line: '{"a":1}', level: 'info', time: base },
        { line: '{"b":2}', level: 'warning', time: base - 5 },
      ],
    });
  });

  it('reads back what was written: unicode, newlines and spaces in a line', () => {
    const records: [string, string, number][] = [
      ['{"message":"héllo ☃ 𝄞"}', 'info', 1_700_000_000_123],
      ['line with\nnewline and  spaces ', 'error', 1],
      ['', 'debug', 0],
    ];
    const bytes = block(records);
    const read = readBlock(bytes, 0);
    expect(read).toEqual({
      kind: 'block',
      size: bytes.length,
      base: 0,
      records: records.map(([line, level, time]) => ({ line, level, time })),
    });
  });

  it('says partial for a block cut short, torn for one whose bytes changed', () => {
    const bytes = block([['{"a":1}', 'info', 5]]);
    expect(readBlock(bytes.subarray(0, bytes.length - 1), 0)).toEqual({ kind: 'partial' });
    expect(readBlock(bytes.subarray(0, 5), 0)).toEqual({ kind: 'partial' });
    const changed = Buffer.from(bytes);
    changed[changed.length - 3] = 0x32;
    expect(readBlock(changed, 0)).toEqual({ kind: 'torn', records: 1 });
    expect(readBlock(Buffer.from('garbage without a header\n'), 0)).toEqual({ kind: 'torn', records: 0 });
    expect(readBlock(Buffer.alloc(64, 0x41), 0)).toEqual({ kind: 'torn', records: 0 });
  });

  it('finds the next good block after a torn one', () => {
    const a = block([['{"a":1}', 'info', 5]]);
    const b = block([['{"b":2}', 'info', 6]]);
    const torn = Buffer.from(a);
    torn[torn.length - 3] = 0x39;
    const bytes = Buffer.concat([torn, b]);
    expect(nextBlockAfter(bytes, 0)).toBe(a.length);
    expect(nextBlockAfter(a, 0)).toBe(a.length);
  });

  it('refuses a payload whose lengths do not add up', () => {
    expect(parsePayload('1 info 3 abc\n')).toEqual([{ line: 'abc', level: 'info', time: 1 }]);
    expect(parsePayload('1 info 4 abc\n')).toBeUndefined();
    expect(parsePayload('x info 3 abc\n')).toBeUndefined();
    expect(parsePayload('1 info\n')).toBeUndefined();
  });
});

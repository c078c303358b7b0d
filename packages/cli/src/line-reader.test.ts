import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { cutBytes, cutText, readLines } from './line-reader.js';

async function lines(chunks: (string | Buffer)[], max = 1024) {
  const out: [string, number][] = [];
  for await (const line of readLines(Readable.from(chunks, { objectMode: false }), max)) {
    out.push([line.text, line.cutBytes]);
  }
  return out;
}

describe('readLines', () => {
  it('splits at \\n, \\r\\n and a lone \\r like node:readline, across chunks', async () => {
    expect(await lines(['a\nb\r', '\nc\rd', '\n\n', 'last'])).toEqual([
      ['a', 0],
      ['b', 0],
      ['c', 0],
      ['d', 0],
      ['', 0],
      ['last', 0],
    ]);
    expect(await lines([''])).toEqual([]);
    expect(await lines(['x\n'])).toEqual([['x', 0]]);
  });

  it('keeps the first max bytes of a long line, whole characters only, and counts the rest', async () => {
    const e = Buffer.from('é');
    // 1023 ASCII bytes then é across two chunks, split inside the é.
    const head = Buffer.from('a'.repeat(1023));
    expect(await lines([head, e.subarray(0, 1), Buffer.concat([e.subarray(1), Buffer.from('tail\nnext\n')])])).toEqual([
      ['a'.repeat(1023), 6],
      ['next', 0],
    ]);
    expect(await lines([`${'b'.repeat(5000)}\n`])).toEqual([['b'.repeat(1024), 5000 - 1024]]);
  });

  it('stops when the signal aborts, with the input still open', async () => {
    const input = new Readable({ read() {} });
    input.push('one\n');
    const controller = new AbortController();
    const seen: string[] = [];
    for await (const line of readLines(input, 1024, controller.signal)) {
      seen.push(line.text);
      controller.abort();
    }
    expect(seen).toEqual(['one']);
    expect(input.destroyed).toBe(true);
  });
});

describe('cutText', () => {
  it('cuts a message to max UTF-8 bytes at a character boundary', () => {
    expect(cutText('short', 1024)).toEqual({ text: 'short', cutBytes: 0 });
    expect(cutText('é'.repeat(2000), 1025)).toEqual({ text: 'é'.repeat(512), cutBytes: 4000 - 1024 });
  });
});

describe('cutBytes', () => {
  it('cuts bytes that are not UTF-8 (a run of continuation bytes) at the limit, not back to nothing', () => {
    const junk = Buffer.alloc(5000, 0x80);
    const cut = cutBytes(junk, junk.length, 1024);
    expect(cut.cutBytes).toBe(5000 - 1024);
    expect(cut.text.length).toBeGreaterThan(0);
  });

  it('still drops a character the limit splits, whole', () => {
    const text = Buffer.from(`${'a'.repeat(1023)}€`); // € is 3 bytes: 1023 + 3 = 1026
    expect(cutBytes(text, text.length, 1024)).toEqual({ text: 'a'.repeat(1023), cutBytes: 3 });
  });
});

import { describe, expect, it } from 'vitest';
import { LineStore } from './line-store.js';

// A seeded generator, so a failure can be replayed.
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = ['a', 'json{"k":1}', 'é', '€', '😀', '\u0000', '\n', 'ü', '日本'];

function line(rand: () => number): string {
  const long = rand() < 0.05;
  const n = long ? 50 + Math.floor(rand() * 400) : Math.floor(rand() * 12);
  let out = '';
  for (let i = 0; i < n; i++) out += PIECES[Math.floor(rand() * PIECES.length)];
  return out;
}

describe('LineStore', () => {
  it('gives back every line, time, sequence number and UTF-8 length, in order, across chunks and growth', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const rand = random(seed);
      // Small chunks: lines straddle the boundaries, long lines get chunks of their own.
      const store = new LineStore(64);
      const model: { line: string; time: number; seq: number }[] = [];
      let seq = 0;
      for (let step = 0; step < 5000; step++) {
        const dice = rand();
        if (dice < 0.08) {
          store.pop();
          model.pop();
        } else if (dice < 0.65) {
          const text = line(rand);
          const time = 1_700_000_000_000 + Math.floor(rand() * 1e6);
          expect(store.push(text, time, ++seq)).toBe(Buffer.byteLength(text));
          model.push({ line: text, time, seq });
        } else {
          const n = Math.floor(rand() * 5);
          store.shift(n);
          model.splice(0, n);
        }
        expect(store.length).toBe(model.length);
      }
      expect(store.bytes).toBe(model.reduce((sum, m) => sum + Buffer.byteLength(m.line), 0));
      model.forEach((m, i) => {
        expect(store.lineAt(i), `seed ${seed}, record ${i}`).toBe(m.line);
        expect(store.timeAt(i)).toBe(m.time);
        expect(store.seqAt(i)).toBe(m.seq);
        expect(store.bytesAt(i)).toBe(Buffer.byteLength(m.line));
      });
    }
  });

  it('holds more records than its first capacity and keeps them after being emptied and refilled', () => {
    const store = new LineStore();
    for (let i = 0; i < 5000; i++) store.push(`{"i":${i}}`, i, i);
    expect(store.length).toBe(5000);
    expect(store.lineAt(4999)).toBe('{"i":4999}');
    store.shift(5000);
    expect(store.length).toBe(0);
    expect(store.bytes).toBe(0);
    store.push('again', 1, 5001);
    expect([store.lineAt(0), store.seqAt(0)]).toEqual(['again', 5001]);
    store.shift(10);
    expect(store.length).toBe(0);
  });

  it('lets go of a chunk a long line had to itself once that line is taken or popped', () => {
    const store = new LineStore(64);
    store.push('x'.repeat(1000), 1, 1);
    expect(store.chunks).toBe(1);
    store.shift(1);
    expect(store.chunks).toBe(0);
    store.push('short', 2, 2);
    store.push('y'.repeat(1000), 3, 3);
    expect(store.chunks).toBe(2);
    store.pop();
    expect(store.chunks).toBe(1);
    store.push('next', 4, 4);
    expect([store.lineAt(0), store.lineAt(1)]).toEqual(['short', 'next']);
    expect(store.bytes).toBe(9);
  });

  it('keeps a line longer than a chunk whole', () => {
    const store = new LineStore(16);
    const long = `${'x'.repeat(40)}😀${'y'.repeat(40)}`;
    store.push('short', 1, 1);
    store.push(long, 2, 2);
    store.push('after', 3, 3);
    expect([store.lineAt(0), store.lineAt(1), store.lineAt(2)]).toEqual(['short', long, 'after']);
    store.shift(2);
    expect(store.lineAt(0)).toBe('after');
  });
});

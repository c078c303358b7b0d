// Input lines with a length limit. A line is read as bytes and only its first `maxBytes` become a
// string: a line of hundreds of megabytes (a runaway log, a binary piped by mistake) costs its
// first `maxBytes` of memory and a count, instead of a JavaScript string past what V8 can hold
// (about 512 MiB: "Invalid string length" and a crash). Lines end at \n, \r\n or a lone \r, as
// node:readline splits them.

import type { Readable } from 'node:stream';
import { UsageError } from './errors.js';

/** The default of `--max-line`: 1 MiB, CloudWatch Logs' own event limit. */
export const DEFAULT_MAX_LINE_BYTES = 1_048_576;
const MIN_MAX_LINE = 1024;
// The escaped form of a line can be six times as long (\u0001): keep that below V8's string limit.
const MAX_MAX_LINE = 64 * 1_048_576;

/** One input line: its first bytes as text, and how many bytes were cut off after them. */
export interface InputLine {
  readonly text: string;
  /** Bytes of the line not in `text` (0: the whole line). */
  readonly cutBytes: number;
}

/**
 * Parses `--max-line`: bytes, or KiB or MiB (1 KiB to 64 MiB).
 *
 * @throws {UsageError} naming what is accepted.
 * @example
 * ```ts
 * parseMaxLine('64KiB', 'pretty'); // 65536
 * ```
 */
export function parseMaxLine(value: string, command: string): number {
  const m = /^(\d+)(B|KiB|MiB)?$/.exec(value.trim());
  const unit = m?.[2] === 'MiB' ? 1_048_576 : m?.[2] === 'KiB' ? 1024 : 1;
  const bytes = m === null ? Number.NaN : Number(m[1]) * unit;
  if (!(bytes >= MIN_MAX_LINE && bytes <= MAX_MAX_LINE)) {
    throw new UsageError(
      `--max-line ${JSON.stringify(value)} is not a line length; accepted: ${MIN_MAX_LINE} bytes to 64MiB, as bytes or with KiB or MiB (e.g. 65536, 64KiB, 1MiB)`,
      command,
    );
  }
  return bytes;
}

/**
 * The text of `bytes` cut to at most `maxBytes`, at a character boundary (a character the limit
 * splits is cut whole).
 */
export function cutBytes(bytes: Buffer, length: number, maxBytes: number): InputLine {
  let kept = Math.min(length, maxBytes);
  if (kept < length) {
    // Back to the start of the last character; drop it unless all of its bytes are kept.
    // At most 3 bytes back (a UTF-8 character is at most 4): bytes that are not UTF-8 (a run of
    // continuation bytes) are cut at the limit, not walked back to nothing.
    let lead = kept;
    while (lead > 0 && kept - lead < 3 && ((bytes[lead] ?? 0) & 0xc0) === 0x80) lead--;
    if (((bytes[lead] ?? 0) & 0xc0) !== 0x80) kept = lead;
  }
  return { text: bytes.toString('utf8', 0, kept), cutBytes: length - kept };
}

/**
 * A message (a CloudWatch event) cut to `maxBytes` of UTF-8 like an input line.
 *
 * @example
 * ```ts
 * cutText('é'.repeat(2000), 1024); // { text: 'é' × 512, cutBytes: 2976 }
 * ```
 */
export function cutText(text: string, maxBytes: number): InputLine {
  // A UTF-16 unit is at most 3 bytes: no need to count the bytes of a short message.
  if (text.length * 3 <= maxBytes) return { text, cutBytes: 0 };
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return { text, cutBytes: 0 };
  return cutBytes(bytes, bytes.length, maxBytes);
}

const LF = 0x0a;
const CR = 0x0d;

/**
 * The lines of `input` (without their ends), each cut to `maxBytes`; stops at the next chunk when
 * `signal` aborts.
 */
export async function* readLines(input: Readable, maxBytes: number, signal?: AbortSignal): AsyncGenerator<InputLine> {
  // The kept bytes of the current line (at most maxBytes + one character), and its length so far.
  let pieces: Buffer[] = [];
  let kept = 0;
  let length = 0;
  let afterCr = false;
  const add = (chunk: Buffer, from: number, to: number) => {
    length += to - from;
    // One byte past the limit is kept, to see whether the character at the limit is whole.
    const room = maxBytes + 1 - kept;
    if (room <= 0 || to <= from) return;
    const piece = chunk.subarray(from, Math.min(to, from + room));
    pieces.push(piece);
    kept += piece.length;
  };
  const take = (): InputLine => {
    const line = cutBytes(Buffer.concat(pieces, kept), length, maxBytes);
    pieces = [];
    kept = 0;
    length = 0;
    return line;
  };

  const chunks = input[Symbol.asyncIterator]();
  const aborted = new Promise<IteratorResult<unknown>>((resolve) => {
    if (signal?.aborted) resolve({ done: true, value: undefined });
    signal?.addEventListener('abort', () => resolve({ done: true, value: undefined }), { once: true });
  });
  try {
    for (;;) {
      const pending = chunks.next();
      // Settled after an abort too (the stream is destroyed below): not an unhandled rejection.
      pending.catch(() => {});
      const next = await Promise.race([pending, aborted]);
      if (next.done) break;
      const chunk = typeof next.value === 'string' ? Buffer.from(next.value, 'utf8') : (next.value as Buffer);
      let at = 0;
      if (afterCr && chunk.length > 0) {
        if (chunk[0] === LF) at = 1;
        afterCr = false;
      }
      // Positions of the next LF and CR, searched again only once passed (no rescans per line).
      let lf = chunk.indexOf(LF, at);
      let cr = chunk.indexOf(CR, at);
      while (at < chunk.length) {
        if (lf !== -1 && lf < at) lf = chunk.indexOf(LF, at);
        if (cr !== -1 && cr < at) cr = chunk.indexOf(CR, at);
        const end = lf === -1 ? cr : cr === -1 ? lf : Math.min(lf, cr);
        if (end === -1) {
          add(chunk, at, chunk.length);
          break;
        }
        add(chunk, at, end);
        yield take();
        if (chunk[end] === CR) {
          if (end + 1 === chunk.length) afterCr = true;
          else if (chunk[end + 1] === LF) {
            at = end + 2;
            continue;
          }
        }
        at = end + 1;
      }
    }
    if (length > 0) yield take();
  } finally {
    // A read may still be pending (nothing more came after an abort): destroying settles it.
    input.destroy();
    await chunks.return?.();
  }
}

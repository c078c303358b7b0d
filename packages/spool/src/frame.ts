// The spool's on-disk format: a segment file is a run of blocks, one per coalesced write. A block
// is a header line and a payload:
//
//   #<payload bytes> <crc32 of the payload, 8 hex digits> <records> <base time>\n
//   <time - base> <level> <line length in UTF-16 units> <line>\n      (one per record)
//
// A record's time is written as its distance from the block's base time (its first record's):
// a small number is written in a tenth of the time a 13-digit one takes, the largest part of a log
// call's cost here. A header without a base (base 0) holds whole times.
//
// The checksum makes a torn block (a write cut short by a kill or a full disk, or bytes changed
// on disk) visible: it is skipped and its records counted as torn, never shipped as garbage. The
// line's length makes a line holding a newline safe. Times are milliseconds since the epoch.
import { crc32 } from 'node:zlib';

/** One record as the spool holds it. */
export interface SpoolRecord {
  /** The finished log line (JSON). */
  readonly line: string;
  /** The record's level name, as the sink was given it. */
  readonly level: string;
  /** Milliseconds since the epoch. */
  readonly time: number;
}

const HEADER = /^#(\d{1,10}) ([0-9a-f]{8}) (\d{1,9})(?: (-?\d{1,16}))?\n/;
// The longest header: '#' + 10 digits + ' ' + 8 + ' ' + 9 digits + ' ' + 17 + '\n'.
export const MAX_HEADER_BYTES = 49;

/** One record's text in a payload; `time` is its distance from the block's base time. */
export function recordText(line: string, level: string, time: number): string {
  return `${time} ${level} ${line.length} ${line}\n`;
}

/**
 * A block of `records` records whose texts are `payload`, as the bytes to write: in `scratch` when
 * it is large enough (the writer reuses one buffer: a new one per block cost more than the write).
 */
export function encodeBlock(payload: string, records: number, scratch?: Buffer, base = 0): Buffer {
  const size = Buffer.byteLength(payload, 'utf8');
  // The checksum's 8 digits are written over the zeros once the payload is in place.
  const head = base === 0 ? `#${size} 00000000 ${records}\n` : `#${size} 00000000 ${records} ${base}\n`;
  const block =
    scratch !== undefined && scratch.length >= head.length + size
      ? scratch.subarray(0, head.length + size)
      : Buffer.allocUnsafe(head.length + size);
  block.write(head, 0, 'latin1');
  block.write(payload, head.length, 'utf8');
  const sum = (crc32(block.subarray(head.length)) >>> 0).toString(16).padStart(8, '0');
  block.write(sum, head.indexOf(' ') + 1, 'latin1');
  return block;
}

/** What reading a block at an offset found. */
export type BlockRead =
  | { readonly kind: 'block'; readonly records: SpoolRecord[]; readonly size: number; readonly base: number }
  /** The bytes end before the block does (being written, or cut short). */
  | { readonly kind: 'partial' }
  /** The bytes there are not a whole, valid block: `records` is what its header claimed (0 when unreadable). */
  | { readonly kind: 'torn'; readonly records: number };

/** Reads the block that starts at `offset` of `bytes`. */
export function readBlock(bytes: Buffer, offset: number): BlockRead {
  const headEnd = bytes.indexOf(10, offset);
  if (headEnd === -1) {
    return bytes.length - offset > MAX_HEADER_BYTES ? { kind: 'torn', records: 0 } : { kind: 'partial' };
  }
  const head = HEADER.exec(bytes.toString('latin1', offset, headEnd + 1));
  if (head === null) return { kind: 'torn', records: 0 };
  const size = Number(head[1]);
  const count = Number(head[3]);
  const start = headEnd + 1;
  if (start + size > bytes.length) return { kind: 'partial' };
  const payload = bytes.subarray(start, start + size);
  if ((crc32(payload) >>> 0).toString(16).padStart(8, '0') !== head[2]) return { kind: 'torn', records: count };
  const base = head[4] === undefined ? 0 : Number(head[4]);
  const records = parsePayload(payload.toString('utf8'), base);
  if (records === undefined || records.length !== count) return { kind: 'torn', records: count };
  return { kind: 'block', records, size: start + size - offset, base };
}

/**
 * The offset of the next block header after a torn block at `from`: the next line that starts with
 * a header whose block checks out. `bytes.length` when there is none.
 */
export function nextBlockAfter(bytes: Buffer, from: number): number {
  let at = from;
  for (;;) {
    const newline = bytes.indexOf(10, at);
    if (newline === -1 || newline + 1 >= bytes.length) return bytes.length;
    at = newline + 1;
    if (bytes[at] === 0x23 && readBlock(bytes, at).kind === 'block') return at;
  }
}

/** The records of a payload's text (times `base` plus each record's); undefined when it is not one. */
export function parsePayload(text: string, base = 0): SpoolRecord[] | undefined {
  const records: SpoolRecord[] = [];
  let at = 0;
  while (at < text.length) {
    const s1 = text.indexOf(' ', at);
    const s2 = s1 === -1 ? -1 : text.indexOf(' ', s1 + 1);
    const s3 = s2 === -1 ? -1 : text.indexOf(' ', s2 + 1);
    if (s3 === -1) return undefined;
    const time = Number(text.slice(at, s1));
    const level = text.slice(s1 + 1, s2);
    const length = Number(text.slice(s2 + 1, s3));
    const end = s3 + 1 + length;
    if (!Number.isFinite(time) || !Number.isInteger(length) || length < 0 || text.charCodeAt(end) !== 10)
      return undefined;
    records.push({ line: text.slice(s3 + 1, end), level, time: base + time });
    at = end + 1;
  }
  return records;
}

/**
 * A protobuf writer over one growable buffer, reused from request to request (the export worker
 * encodes one request at a time; `encodeLogsRequest` copies the bytes out). Nested messages take
 * their length after their content: `begin` reserves a byte for it, `end` writes it and moves the
 * content when the length needs more bytes (a KeyValue is most often under 128 bytes).
 */
import { ByteBuffer } from './byte-buffer.js';

const TWO_32 = 0x1_0000_0000;

/** The bytes a varint of `v` (0 <= v < 2^32) takes. */
export function varintSize(v: number): number {
  return v < 0x80 ? 1 : v < 0x4000 ? 2 : v < 0x20_0000 ? 3 : v < 0x1000_0000 ? 4 : 5;
}

export class ProtobufWriter extends ByteBuffer {
  byte(b: number): void {
    this.ensure(1);
    this.buf[this.pos++] = b;
  }

  /** A varint of 0 <= v < 2^32 (tags, lengths, enums, bools). */
  varint(v: number): void {
    this.ensure(5);
    const buf = this.buf;
    let p = this.pos;
    while (v > 0x7f) {
      buf[p++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    buf[p++] = v;
    this.pos = p;
  }

  /** An int64 varint of a safe integer (negative ones in ten bytes, two's complement). */
  int64(v: number): void {
    if (v >= 0 && v < TWO_32) {
      this.varint(v);
      return;
    }
    const high = Math.floor(v / TWO_32);
    this.varint64(v - high * TWO_32, high >>> 0);
  }

  /** An int64 varint of any integer in [-2^63, 2^63) (resource attributes beyond 2^53). */
  bigInt64(v: number): void {
    const bits = BigInt.asUintN(64, BigInt(v));
    this.varint64(Number(bits & 0xffff_ffffn), Number(bits >> 32n));
  }

  /** A varint of the 64-bit value high * 2^32 + low (both unsigned 32-bit). */
  varint64(low: number, high: number): void {
    this.ensure(10);
    const buf = this.buf;
    let p = this.pos;
    while (high !== 0 || low > 0x7f) {
      buf[p++] = (low & 0x7f) | 0x80;
      low = ((low >>> 7) | (high << 25)) >>> 0;
      high >>>= 7;
    }
    buf[p++] = low;
    this.pos = p;
  }

  fixed32(v: number): void {
    this.ensure(4);
    this.buf.writeUInt32LE(v >>> 0, this.pos);
    this.pos += 4;
  }

  fixed64(low: number, high: number): void {
    this.ensure(8);
    this.buf.writeUInt32LE(low >>> 0, this.pos);
    this.buf.writeUInt32LE(high >>> 0, this.pos + 4);
    this.pos += 8;
  }

  double(v: number): void {
    this.ensure(8);
    this.buf.writeDoubleLE(v, this.pos);
    this.pos += 8;
  }

  bytes(b: Uint8Array): void {
    this.varint(b.length);
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  /** A length-delimited UTF-8 string (lone surrogates become U+FFFD, as with TextEncoder). */
  string(s: string): void {
    const len = s.length;
    const reserved = varintSize(len);
    // The length may take one byte more than reserved (non-ASCII text is up to 3 bytes a character).
    this.ensure(reserved + 1 + len * 3);
    const buf = this.buf;
    const base = this.pos;
    const start = base + reserved;
    let p = start;
    if (len < 64) {
      // Short strings: a loop beats the native call; bails out at the first non-ASCII character.
      for (let i = 0; i < len; i++) {
        const c = s.charCodeAt(i);
        if (c > 0x7f) {
          p = -1;
          break;
        }
        buf[p++] = c;
      }
    } else {
      p = -1;
    }
    const n = p === -1 ? buf.write(s, start) : p - start;
    const size = varintSize(n);
    if (size !== reserved) buf.copyWithin(base + size, start, start + n);
    this.pos = varintAt(buf, base, n) + n;
  }

  /** Length-delimited bytes from lower-case hex digits in `text[start, end)` (checked by the caller). */
  hexRange(text: string, start: number, end: number): void {
    const n = (end - start) >> 1;
    this.varint(n);
    this.ensure(n);
    const buf = this.buf;
    let p = this.pos;
    for (let i = start; i < end; i += 2) buf[p++] = (nibble(text.charCodeAt(i)) << 4) | nibble(text.charCodeAt(i + 1));
    this.pos = p;
  }

  /**
   * The common attribute in one go: `tag`, then a KeyValue { key, AnyValue { string_value } } with
   * every length known up front, when key and value are ASCII and short (each length one byte).
   * False, with nothing written, otherwise.
   */
  shortAsciiPair(tag: number, key: string, value: string): boolean {
    const k = key.length;
    const v = value.length;
    if (k + v > 120) return false;
    this.ensure(k + v + 8);
    const buf = this.buf;
    let p = this.pos;
    buf[p] = tag;
    buf[p + 1] = k + v + 6; // KeyValue: key tag, length, key; value tag, length; AnyValue
    buf[p + 2] = 0x0a;
    buf[p + 3] = k;
    p += 4;
    for (let i = 0; i < k; i++) {
      const c = key.charCodeAt(i);
      if (c > 0x7f) return false;
      buf[p++] = c;
    }
    buf[p] = 0x12;
    buf[p + 1] = v + 2;
    buf[p + 2] = 0x0a;
    buf[p + 3] = v;
    p += 4;
    for (let i = 0; i < v; i++) {
      const c = value.charCodeAt(i);
      if (c > 0x7f) return false;
      buf[p++] = c;
    }
    this.pos = p;
    return true;
  }

  /** Starts a nested message: returns its mark for `end`. */
  begin(): number {
    this.ensure(1);
    return this.pos++;
  }

  /** Ends the nested message begun at `mark`: writes its length in front of it. */
  end(mark: number): void {
    const len = this.pos - mark - 1;
    if (len < 0x80) {
      this.buf[mark] = len;
      return;
    }
    const size = varintSize(len);
    this.ensure(size - 1);
    this.buf.copyWithin(mark + size, mark + 1, this.pos);
    varintAt(this.buf, mark, len);
    this.pos += size - 1;
  }
}

/** Writes a varint of 0 <= v < 2^32 at `p` (room checked by the caller); returns the next position. */
function varintAt(buf: Buffer, p: number, v: number): number {
  while (v > 0x7f) {
    buf[p++] = (v & 0x7f) | 0x80;
    v >>>= 7;
  }
  buf[p++] = v;
  return p;
}

/** The value of a lower-case hex digit's character code. */
function nibble(c: number): number {
  return c <= 0x39 ? c - 0x30 : c - 0x57;
}

/**
 * A JSON text writer over one growable byte buffer, reused from request to request (the export
 * worker encodes one request at a time; the encoder copies the bytes out): ASCII fragments and
 * numbers byte by byte, strings too while they need no escape and are ASCII, else through
 * `JSON.stringify` (which escapes what JSON requires and lone surrogates) and a UTF-8 write.
 * Building the request as one JS string instead cost twice the time (the rope, then its encoding).
 */
import { ByteBuffer } from './byte-buffer.js';
export class JsonWriter extends ByteBuffer {
  /** ASCII text as it is (JSON punctuation, names, numbers). */
  ascii(text: string): void {
    const len = text.length;
    this.ensure(len);
    const buf = this.buf;
    let p = this.pos;
    for (let i = 0; i < len; i++) buf[p++] = text.charCodeAt(i);
    this.pos = p;
  }

  /** A JSON string of `s`, quotes included. */
  string(s: string): void {
    const len = s.length;
    this.ensure(len + 2);
    const buf = this.buf;
    let p = this.pos;
    buf[p++] = 0x22;
    for (let i = 0; i < len; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x20 || c > 0x7f || c === 0x22 || c === 0x5c) {
        const text = JSON.stringify(s);
        this.ensure(text.length * 3);
        this.pos += this.buf.write(text, this.pos);
        return;
      }
      buf[p++] = c;
    }
    buf[p++] = 0x22;
    this.pos = p;
  }
}

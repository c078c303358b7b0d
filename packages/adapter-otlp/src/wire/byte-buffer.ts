/**
 * One growable byte buffer, reused from request to request (the export worker encodes one request
 * at a time; `encodeLogsRequest` copies the bytes out): what the JSON and protobuf writers write into.
 */
export class ByteBuffer {
  buf: Buffer;
  pos = 0;

  constructor(size = 1 << 16) {
    this.buf = Buffer.allocUnsafe(size);
  }

  /** Makes room for `n` more bytes (the content written so far is kept). */
  ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }
}

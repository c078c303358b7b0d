/**
 * The queued records as bytes: each finished line is encoded (UTF-8) into large reusable chunks
 * the moment it is queued, and its time, sequence number and place are kept in typed arrays. No
 * object and no string per record outlives the log call, so a queue of 100,000 records costs the
 * garbage collector nothing to scan or promote (holding them as strings made the warm CloudWatch
 * call cost twice the console call in GC). Lines are decoded again only when a batch is sent, or
 * handed to the fallback.
 *
 * Records are taken from the head in order (FIFO); a chunk whose records are all taken is reused.
 */
export class LineStore {
  readonly #chunkSize: number;
  // Chunks in use, oldest first; #chunkBase is the number of chunks dropped before chunks[0].
  readonly #chunks: Buffer[] = [];
  #chunkBase = 0;
  #spare: Buffer | undefined;
  // Write position in the newest chunk.
  #tail = 0;
  // Per-record metadata in a ring of `capacity` slots (a power of two).
  #capacity = 1024;
  #time = new Float64Array(this.#capacity);
  #seq = new Float64Array(this.#capacity);
  #chunk = new Float64Array(this.#capacity);
  #start = new Int32Array(this.#capacity);
  #bytes = new Int32Array(this.#capacity);
  #head = 0;
  #count = 0;
  #totalBytes = 0;

  /** `chunkSize`: bytes per chunk (a longer line gets a chunk of its own). @default 1 MiB */
  constructor(chunkSize = 1 << 20) {
    this.#chunkSize = chunkSize;
  }

  /** Records held. */
  get length(): number {
    return this.#count;
  }

  /** UTF-8 bytes of the records held. */
  get bytes(): number {
    return this.#totalBytes;
  }

  /** Chunks allocated (the spare included): the memory the store holds, in `chunkSize` units. */
  get chunks(): number {
    return this.#chunks.length + (this.#spare === undefined ? 0 : 1);
  }

  /** Encodes and keeps a line; returns its UTF-8 length in bytes. */
  push(line: string, time: number, seq: number): number {
    if (this.#count === this.#capacity) this.#grow();
    // A UTF-16 code unit never takes more than 3 UTF-8 bytes: when that much room is left, the
    // line is written without measuring it first.
    let chunk = this.#chunks[this.#chunks.length - 1];
    if (chunk === undefined || chunk.length - this.#tail < line.length * 3) {
      const need = Buffer.byteLength(line, 'utf8');
      if (chunk === undefined || chunk.length - this.#tail < need) chunk = this.#newChunk(need);
    }
    const written = chunk.write(line, this.#tail, 'utf8');
    const slot = (this.#head + this.#count) & (this.#capacity - 1);
    this.#time[slot] = time;
    this.#seq[slot] = seq;
    this.#chunk[slot] = this.#chunkBase + this.#chunks.length - 1;
    this.#start[slot] = this.#tail;
    this.#bytes[slot] = written;
    this.#tail += written;
    this.#count++;
    this.#totalBytes += written;
    return written;
  }

  /** Forgets the newest record (its room is written over by the next push). */
  pop(): void {
    if (this.#count === 0) return;
    const slot = this.#slot(this.#count - 1);
    this.#count--;
    this.#totalBytes -= this.#bytes[slot] as number;
    // Chunks after the record's own hold no record: let them go (one kept as the spare), and
    // write again from where the record started.
    const index = (this.#chunk[slot] as number) - this.#chunkBase;
    while (this.#chunks.length - 1 > index) {
      const chunk = this.#chunks.pop() as Buffer;
      if (chunk.length === this.#chunkSize) this.#spare = chunk;
    }
    this.#tail = this.#start[slot] as number;
    // A larger chunk that held only this line goes too.
    if (this.#tail === 0 && (this.#chunks[index] as Buffer).length !== this.#chunkSize) {
      this.#chunks.pop();
      this.#tail = this.#chunks.length === 0 ? 0 : this.#endOf(this.#chunks.length - 1);
    }
  }

  /** The time of the `i`-th record from the head. */
  timeAt(i: number): number {
    return this.#time[this.#slot(i)] as number;
  }

  /** The sequence number of the `i`-th record from the head. */
  seqAt(i: number): number {
    return this.#seq[this.#slot(i)] as number;
  }

  /** The UTF-8 length of the `i`-th record from the head. */
  bytesAt(i: number): number {
    return this.#bytes[this.#slot(i)] as number;
  }

  /** The `i`-th record from the head, decoded. */
  lineAt(i: number): string {
    const slot = this.#slot(i);
    const chunk = this.#chunks[(this.#chunk[slot] as number) - this.#chunkBase] as Buffer;
    const start = this.#start[slot] as number;
    return chunk.toString('utf8', start, start + (this.#bytes[slot] as number));
  }

  /** Drops `n` records from the head; chunks left without records are released (one kept for reuse). */
  shift(n: number): void {
    const count = Math.min(n, this.#count);
    for (let i = 0; i < count; i++) this.#totalBytes -= this.#bytes[this.#slot(i)] as number;
    this.#head = (this.#head + count) & (this.#capacity - 1);
    this.#count -= count;
    if (this.#count === 0) {
      // Everything taken: keep the newest chunk (unless it was one line's own, larger chunk) and
      // write from its start again.
      this.#release(this.#chunks.length - 1);
      this.#tail = 0;
      const kept = this.#chunks[0];
      if (kept !== undefined && kept.length !== this.#chunkSize) this.#release(1);
      return;
    }
    this.#release((this.#chunk[this.#head] as number) - this.#chunkBase);
  }

  // Drops the chunks before index `keepFrom`, keeping the last dropped one as the spare.
  #release(keepFrom: number): void {
    if (keepFrom <= 0) return;
    const dropped = this.#chunks.splice(0, keepFrom);
    this.#chunkBase += keepFrom;
    const last = dropped[dropped.length - 1] as Buffer;
    if (last.length === this.#chunkSize) this.#spare = last;
  }

  #newChunk(need: number): Buffer {
    let chunk: Buffer;
    if (need <= this.#chunkSize && this.#spare !== undefined) {
      chunk = this.#spare;
      this.#spare = undefined;
    } else {
      chunk = Buffer.allocUnsafe(Math.max(this.#chunkSize, need));
    }
    this.#chunks.push(chunk);
    this.#tail = 0;
    return chunk;
  }

  // The write position in chunk `index`: the end of its newest record (records fill chunks in order).
  #endOf(index: number): number {
    const absolute = this.#chunkBase + index;
    for (let i = this.#count - 1; i >= 0; i--) {
      const slot = this.#slot(i);
      if ((this.#chunk[slot] as number) === absolute)
        return (this.#start[slot] as number) + (this.#bytes[slot] as number);
      if ((this.#chunk[slot] as number) < absolute) break;
    }
    return 0;
  }

  #slot(i: number): number {
    return (this.#head + i) & (this.#capacity - 1);
  }

  #grow(): void {
    const capacity = this.#capacity * 2;
    const copy = <T extends Float64Array | Int32Array>(from: T, to: T): T => {
      for (let i = 0; i < this.#count; i++) to[i] = from[this.#slot(i)] as number;
      return to;
    };
    this.#time = copy(this.#time, new Float64Array(capacity));
    this.#seq = copy(this.#seq, new Float64Array(capacity));
    this.#chunk = copy(this.#chunk, new Float64Array(capacity));
    this.#start = copy(this.#start, new Int32Array(capacity));
    this.#bytes = copy(this.#bytes, new Int32Array(capacity));
    this.#head = 0;
    this.#capacity = capacity;
  }
}

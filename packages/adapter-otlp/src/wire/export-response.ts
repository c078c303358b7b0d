/**
 * What an OTLP/HTTP answer's body says: the `partial_success` of an ExportLogsServiceResponse
 * (protobuf or OTLP/JSON) after a 2xx, and a short reason text after an error status (the message
 * of a protobuf `google.rpc.Status`, else the body's first characters).
 */

/** The longest body excerpt a reason carries, in characters. */
export const REASON_LENGTH = 200;

/** A `partial_success`: how many records the collector rejected, and its message ('' when none). */
export interface PartialSuccess {
  readonly rejected: number;
  readonly message: string;
}

/** Thrown inside this module only, for a body that is not a protobuf message. */
class MalformedError extends Error {}

/** A minimal protobuf reader: varints, length-delimited fields and skipping the rest. */
class Reader {
  pos = 0;
  constructor(readonly bytes: Uint8Array) {}

  get done(): boolean {
    return this.pos >= this.bytes.length;
  }

  /** A varint as a number (exact up to 2^53, an approximation beyond). */
  varint(): number {
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.bytes.length) throw new MalformedError('varint past the end');
      const b = this.bytes[this.pos++] as number;
      value += (b & 0x7f) * scale;
      if (b < 0x80) return value;
      scale *= 128;
    }
    throw new MalformedError('varint longer than 10 bytes');
  }

  chunk(): Uint8Array {
    const length = this.varint();
    const end = this.pos + length;
    if (end > this.bytes.length) throw new MalformedError('field past the end');
    const out = this.bytes.subarray(this.pos, end);
    this.pos = end;
    return out;
  }

  skip(wireType: number): void {
    if (wireType === 0) this.varint();
    else if (wireType === 1) this.pos += 8;
    else if (wireType === 2) this.chunk();
    else if (wireType === 5) this.pos += 4;
    else throw new MalformedError(`wire type ${wireType}`);
    if (this.pos > this.bytes.length) throw new MalformedError('field past the end');
  }
}

/** The string field `field` and the varint field `count` of a protobuf message. */
function readMessage(bytes: Uint8Array, count: number, text: number): { count: number; text: string } {
  const reader = new Reader(bytes);
  let n = 0;
  let message = '';
  while (!reader.done) {
    const tag = reader.varint();
    const field = Math.floor(tag / 8);
    const wireType = tag % 8;
    if (field === count && wireType === 0) n = reader.varint();
    else if (field === text && wireType === 2) message = Buffer.from(reader.chunk()).toString('utf8');
    else reader.skip(wireType);
  }
  return { count: n, text: message };
}

function partialFromProtobuf(body: Uint8Array): PartialSuccess {
  const reader = new Reader(body);
  let partial: PartialSuccess = { rejected: 0, message: '' };
  while (!reader.done) {
    const tag = reader.varint();
    if (tag === 0x0a) {
      // ExportLogsServiceResponse.partial_success (1) { rejected_log_records (1), error_message (2) }
      const { count, text } = readMessage(reader.chunk(), 1, 2);
      // A negative int64 arrives as a 10-byte varint: not a count.
      partial = { rejected: count <= Number.MAX_SAFE_INTEGER ? count : 0, message: text };
    } else {
      reader.skip(tag % 8);
    }
  }
  return partial;
}

function partialFromJson(body: Uint8Array): PartialSuccess {
  const response: unknown = JSON.parse(Buffer.from(body).toString('utf8'));
  if (response === null || typeof response !== 'object') throw new MalformedError('not an object');
  const r = response as Record<string, unknown>;
  const partial = (r.partialSuccess ?? r.partial_success) as Record<string, unknown> | undefined | null;
  if (partial === undefined || partial === null || typeof partial !== 'object') return { rejected: 0, message: '' };
  const count = partial.rejectedLogRecords ?? partial.rejected_log_records;
  const message = partial.errorMessage ?? partial.error_message;
  const rejected = typeof count === 'number' || typeof count === 'string' ? Number(count) : 0;
  return {
    rejected: Number.isFinite(rejected) && rejected > 0 ? Math.trunc(rejected) : 0,
    message: typeof message === 'string' ? message : '',
  };
}

/**
 * The `partial_success` of a 2xx answer's body: protobuf or JSON as `json` says (the answer's
 * content type, else the request's). An empty body rejects nothing. Undefined for a body that
 * cannot be read.
 */
export function readPartialSuccess(body: Uint8Array, json: boolean): PartialSuccess | undefined {
  if (body.length === 0) return { rejected: 0, message: '' };
  try {
    return json ? partialFromJson(body) : partialFromProtobuf(body);
  } catch {
    return undefined;
  }
}

/**
 * A short text for an error answer: the message of a protobuf `google.rpc.Status` (field 2) when
 * the body is one, else the body as text; at most `REASON_LENGTH` characters, on one line.
 */
export function reasonText(body: Uint8Array, protobuf: boolean): string {
  let text = '';
  if (protobuf) {
    try {
      text = readMessage(body, 1, 2).text;
    } catch {
      text = '';
    }
  }
  if (text === '') text = Buffer.from(body.subarray(0, REASON_LENGTH * 4)).toString('utf8');
  text = text.replace(/\s+/g, ' ').trim();
  return text.length > REASON_LENGTH ? `${text.slice(0, REASON_LENGTH)}…` : text;
}

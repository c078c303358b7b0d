import { RECORD_LEADING_KEYS } from '@dashtam/logger-protocol/internal';
/** PutLogEvents' limits (AWS API reference). */
export const PUT_LOG_EVENTS_LIMITS = Object.freeze({
  maxEvents: 10_000,
  maxBytes: 1_048_576,
  eventOverheadBytes: 26,
  maxSpanMs: 24 * 60 * 60 * 1000,
});

/**
 * One record taken from the queue to be sent. `seq` orders enqueueing; `message` and `bytes` (its
 * UTF-8 size) are what is sent: the record truncated when it was over `maxEventBytes`.
 */
export interface QueuedEvent {
  readonly seq: number;
  readonly time: number;
  message: string;
  bytes: number;
}

/** `YYYY-MM-DD` of a time, in UTC. */
export function utcDay(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

/** UTF-8 byte length of a message (the count PutLogEvents uses). */
export function utf8Bytes(text: string): number {
  // Stryker disable next-line StringLiteral: Buffer's default encoding is UTF-8
  return Buffer.byteLength(text, 'utf8');
}

/** The events in chronological order, stable for equal timestamps (PutLogEvents requires the order). */
export function chronological(events: readonly QueuedEvent[]): QueuedEvent[] {
  return events
    .map((e, i) => [e, i] as const)
    .sort((a, b) => a[0].time - b[0].time || a[1] - b[1])
    .map(([e]) => e);
}

const MARKER = '…[truncated]';

/**
 * Makes an oversize record fit in `maxEventBytes` (message bytes + 26): a JSON record that keeps
 * the leading keys (timestamp, level, message, trace_id, and span_id, trace_flags and
 * correlation_id when present; the message itself cut if need be), adds
 * `truncated: true` and `original_bytes`, and carries as much of the original line as fits in
 * `partial`, cut on a UTF-8 character boundary and ended with a marker. Never drops the event.
 */
export function truncateRecord(line: string, maxEventBytes: number): string {
  const budget = maxEventBytes - PUT_LOG_EVENTS_LIMITS.eventOverheadBytes;
  const original = utf8Bytes(line);
  const head: Record<string, unknown> = {};
  try {
    const parsed = JSON.parse(line) as Record<string, unknown>;
    // The record's leading keys, in the schema's order (span and correlation ids when present).
    for (const key of RECORD_LEADING_KEYS) if (parsed[key] !== undefined) head[key] = parsed[key];
  } catch {
    // Not JSON: only the partial text is kept.
  }
  if (typeof head.message === 'string' && utf8Bytes(head.message) > budget / 4) {
    head.message = cutUtf8(head.message, Math.floor(budget / 4)) + MARKER;
  }
  const skeleton = { ...head, truncated: true, original_bytes: original };
  let room = budget - utf8Bytes(JSON.stringify({ ...skeleton, partial: '' }));
  for (let tries = 0; tries < 20 && room > 0; tries++) {
    const out = JSON.stringify({ ...skeleton, partial: cutUtf8(line, room) + MARKER });
    const over = utf8Bytes(out) - budget;
    if (over <= 0) return out;
    room -= over + 16;
  }
  return JSON.stringify(skeleton);
}

/** The longest prefix of `text` of at most `maxBytes` UTF-8 bytes that ends on a character boundary. */
export function cutUtf8(text: string, maxBytes: number): string {
  // Stryker disable next-line StringLiteral: Buffer's default encoding is UTF-8
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return text;
  let end = Math.max(0, maxBytes - MARKER.length * 3);
  while (end > 0 && ((bytes[end] as number) & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end).toString('utf8');
}

import { uuidv7 } from '@dashtam/event-registry/internal';

/**
 * A fresh trace id: a UUIDv7 (48-bit millisecond time, version 7, variant 10, random bits) written
 * as 32 lowercase hex digits, so it is also a valid W3C trace id and sorts by creation time.
 *
 * @example
 * ```ts
 * newTraceId(); // '0193a6f4c1d27a3e8b1f5c6d7e8f9a0b'
 * ```
 */
export function newTraceId(now: number = Date.now()): string {
  return uuidv7(now).replaceAll('-', '');
}

/**
 * A fresh request id: a UUIDv7 in its usual form (`0193a6f4-c1d2-7a3e-8b1f-5c6d7e8f9a0b`), the
 * same generator as {@link newTraceId}, so request ids sort by creation time too.
 */
export function newRequestId(now: number = Date.now()): string {
  return uuidv7(now);
}

const TRACE_ID = /^[0-9a-f]{32}$/;

/** True for a W3C trace id: 32 lowercase hex digits, not all zero. */
export function isW3cTraceId(value: string): boolean {
  return TRACE_ID.test(value) && value !== '00000000000000000000000000000000';
}

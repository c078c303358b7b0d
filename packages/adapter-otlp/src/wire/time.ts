/**
 * A record's time (ms since the epoch) as OTLP's `time_unix_nano`, the way the SDK path turns it
 * into nanoseconds (`millisToHrTime`: whole seconds, then the rest rounded to the nanosecond), as
 * the two 32-bit halves of a fixed64 or as decimal text for OTLP/JSON.
 *
 * Two differences from the SDK path, both for times no logger produces: a time before 1970 is sent
 * as 0 (OTLP's "unknown"; fixed64 cannot hold it, and the SDK takes any time before about 1998 for
 * a `performance.now()` reading and adds the process start to it), and a time that is not finite
 * or beyond ±8.64e15 ms is replaced by now, as `OtlpSink.write` does before the SDK sees it.
 */

const NS_PER_S = 1_000_000_000;
const TWO_32 = 0x1_0000_0000;
const MAX_TIME = 8.64e15;

/** The time to send, in ms: `time`, now when it is not a date, 0 before the epoch. */
export function sendableTime(time: number): number {
  if (!Number.isFinite(time) || Math.abs(time) > MAX_TIME) return Date.now();
  return Math.max(time, 0);
}

/** Low and high 32 bits of the last `nanoHalves` call: read right after it (no allocation). */
export const halves = { low: 0, high: 0 };

/** Sets `halves` to the nanoseconds of `ms` (a `sendableTime`) modulo 2^64. */
export function nanoHalves(ms: number): void {
  const seconds = Math.trunc(ms / 1000);
  const nanos = Math.round((ms % 1000) * 1e6);
  if (seconds < TWO_32) {
    // seconds * 1e9 + nanos in exact steps below 2^53: seconds = hi * 2^16 + lo.
    const lo16 = seconds % 0x1_0000;
    const hi16 = (seconds - lo16) / 0x1_0000;
    const a = lo16 * NS_PER_S + nanos; // < 2^47
    const b = hi16 * NS_PER_S; // < 2^46, counted in units of 2^16
    const bLow = b % 0x1_0000;
    let low = bLow * 0x1_0000 + (a % TWO_32);
    let high = (b - bLow) / 0x1_0000 + Math.floor(a / TWO_32);
    if (low >= TWO_32) {
      low -= TWO_32;
      high += 1;
    }
    halves.low = low;
    halves.high = high >>> 0;
    return;
  }
  const total = BigInt.asUintN(64, BigInt(seconds) * 1_000_000_000n + BigInt(nanos));
  halves.low = Number(total & 0xffff_ffffn);
  halves.high = Number(total >> 32n);
}

/** The nanoseconds of `ms` (a `sendableTime`) as decimal text, for OTLP/JSON. */
export function nanoText(ms: number): string {
  if (Number.isSafeInteger(ms)) return ms === 0 ? '0' : `${ms}000000`;
  const seconds = Math.trunc(ms / 1000);
  const nanos = Math.round((ms % 1000) * 1e6);
  return (BigInt(seconds) * 1_000_000_000n + BigInt(nanos)).toString();
}

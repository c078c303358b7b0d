/**
 * A UUIDv7 (RFC 9562): 48-bit Unix time in milliseconds, version 7, variant `10`, random bits.
 * Sorts by creation time. Uses the platform's Web Crypto, no dependency.
 *
 * @example
 * ```ts
 * uuidv7(); // '0193a6f4-c1d2-7a3e-8b1f-5c6d7e8f9a0b'
 * ```
 */
export function uuidv7(now: number = Date.now()): string {
  const random = globalThis.crypto.randomUUID();
  const time = Math.max(0, Math.floor(now)).toString(16).padStart(12, '0').slice(-12);
  // randomUUID() is a v4: its 15th character is the version digit and the 20th already carries the
  // `10` variant, so only the time and the version change.
  return `${time.slice(0, 8)}-${time.slice(8)}-7${random.slice(15)}`;
}

import { InvalidOptionsError } from './errors.js';

/** Caps that keep one record bounded whatever the context holds. All optional. */
export interface SerializeLimitsOptions {
  /** Nesting depth below the record's top level; deeper values become a marker. @default 10 */
  readonly maxDepth?: number;
  /** Items kept from an array, Set or Map; the rest are counted in a marker. @default 100 */
  readonly maxArrayLength?: number;
  /** Keys kept from one object. @default 200 */
  readonly maxObjectKeys?: number;
  /** Code units kept from one string value (the message included); stacks too. @default 16384 */
  readonly maxStringLength?: number;
  /** Links followed along an error's `cause` chain. @default 8 */
  readonly maxCauseDepth?: number;
}

/** The resolved caps. */
export type SerializeLimits = Required<SerializeLimitsOptions>;

/** The default caps. */
export const DEFAULT_SERIALIZE_LIMITS: SerializeLimits = Object.freeze({
  maxDepth: 10,
  maxArrayLength: 100,
  maxObjectKeys: 200,
  maxStringLength: 16384,
  maxCauseDepth: 8,
});

/** Applies defaults and validates: every cap must be an integer >= 1. */
export function resolveSerializeLimits(options: SerializeLimitsOptions = {}): SerializeLimits {
  const out = { ...DEFAULT_SERIALIZE_LIMITS };
  for (const key of Object.keys(DEFAULT_SERIALIZE_LIMITS) as (keyof SerializeLimits)[]) {
    const value = options[key];
    if (value === undefined) continue;
    if (!Number.isInteger(value) || value < 1) {
      throw new InvalidOptionsError(`limits.${key}`, `expected an integer >= 1, got ${String(value)}`);
    }
    out[key] = value;
  }
  return Object.freeze(out);
}

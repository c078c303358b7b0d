// Option checks the dashtam adapters share: an integer option within its range, its default when it
// is absent. Each adapter passes the function that builds its own typed error, so what a user
// catches (`InvalidCloudWatchOptionsError`, `InvalidOtlpOptionsError`, ...) and reads stays the
// adapter's: `Invalid <class> option "<key>": expected an integer from MIN to MAX, got X`.

/** The default and the accepted range (bounds included) of an integer option. */
export interface IntegerRange {
  readonly default: number;
  readonly min: number;
  readonly max: number;
}

/**
 * `value`, or `range.default` when it is undefined (or null).
 *
 * @throws what `invalid` builds from the problem (`expected an integer from MIN to MAX, got X`) when
 * the value is not an integer from `range.min` to `range.max`.
 */
export function integerOption(value: unknown, range: IntegerRange, invalid: (problem: string) => Error): number {
  const v = value ?? range.default;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < range.min || v > range.max) {
    throw invalid(`expected an integer from ${range.min} to ${range.max}, got ${String(v)}`);
  }
  return v;
}

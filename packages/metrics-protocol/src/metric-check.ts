import { InvalidMetricError } from './errors.js';
import { isMetricUnit, METRIC_UNITS } from './metric-units.js';
import type { MetricDimensions } from './metrics-protocol.js';

/** The limits every metric call is held to (CloudWatch's, which are the strictest of the backends). */
export const METRIC_LIMITS = {
  /** Characters in a metric or dimension name (EMF schema: 1 to 255). */
  maxNameLength: 255,
  /** Dimensions on one value (AWS's EMF JSON schema: a DimensionSet holds at most 9 keys). */
  maxDimensions: 9,
  /** Characters in a dimension value (CloudWatch: 1 to 1024). */
  maxDimensionValueLength: 1024,
  /** Largest magnitude CloudWatch accepts for a value (2^360). */
  maxMagnitude: 2 ** 360,
} as const;

/** Names the EMF document uses itself: a metric or dimension may not take them. */
const RESERVED = new Set(['_aws']);
// Control characters break the EMF schema's `^(.*)$` and log lines: C0 and DEL, the C1 controls
// (NEL, U+0085, among them: a line break to many readers), and the line and paragraph separators
// U+2028/U+2029 (line terminators to ECMAScript regexes, so `.` in the schema refuses them).
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
// A lone surrogate is no character: it has no UTF-8 form, and JSON writes it as a 6-byte escape.
const LONE_SURROGATE = /\p{Surrogate}/u;
// CloudWatch's dimension rules (API Dimension): ASCII only, at least one character that is not
// whitespace, and a name does not start with a colon. A document breaking them loses its metrics.
const NOT_ASCII = /[^\u0000-\u007f]/;
const DIMENSION_RULE = 'expected ASCII characters, at least one not a space (CloudWatch accepts no other dimension)';

/**
 * Checks one metric call against the rules of the port: a name of 1 to 255 characters without
 * control characters, a finite value within ±2^360, a unit from {@link METRIC_UNITS} (or none), and
 * at most 9 dimensions whose names follow the name rule and differ from the metric's name and whose
 * values are strings of 1 to 1024 characters; dimension names and values in ASCII with a character
 * that is not whitespace, names not starting with `:` (CloudWatch's dimension rules). Returns the error that says what was wrong, or
 * undefined when the call is good. Never throws.
 *
 * @example
 * ```ts
 * checkMetric('latency', Number.NaN, 'Milliseconds')?.message;
 * // 'Invalid metric "latency": the value NaN is not a finite number'
 * ```
 */
export function checkMetric(
  name: unknown,
  value: unknown,
  unit?: unknown,
  dimensions?: unknown,
): InvalidMetricError | undefined {
  const nameProblem = checkName(name, 'the name');
  if (nameProblem !== undefined) return new InvalidMetricError(name, nameProblem);
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return new InvalidMetricError(name, `the value ${show(value)} is not a finite number`);
  }
  if (Math.abs(value) > METRIC_LIMITS.maxMagnitude) {
    return new InvalidMetricError(name, `the value ${value} is out of range: expected a magnitude of at most 2^360`);
  }
  if (unit !== undefined && !isMetricUnit(unit)) {
    return new InvalidMetricError(
      name,
      `the unit ${show(unit)} is not accepted: expected one of ${METRIC_UNITS.join(', ')}`,
    );
  }
  if (dimensions === undefined) return undefined;
  return checkDimensions(name as string, dimensions);
}

function checkDimensions(name: string, dimensions: unknown): InvalidMetricError | undefined {
  if (dimensions === null || typeof dimensions !== 'object' || Array.isArray(dimensions)) {
    return new InvalidMetricError(name, `dimensions must be an object of names to strings, got ${show(dimensions)}`);
  }
  const keys = Object.keys(dimensions);
  if (keys.length > METRIC_LIMITS.maxDimensions) {
    return new InvalidMetricError(
      name,
      `${keys.length} dimensions given (${keys.join(', ')}): at most ${METRIC_LIMITS.maxDimensions} are accepted`,
    );
  }
  for (const key of keys) {
    const keyProblem = checkName(key, `the dimension name ${JSON.stringify(key)}`);
    if (keyProblem !== undefined) return new InvalidMetricError(name, keyProblem);
    if (NOT_ASCII.test(key) || key.trim() === '' || key.startsWith(':')) {
      return new InvalidMetricError(
        name,
        `the dimension name ${show(key)} is not accepted: ${DIMENSION_RULE}, not starting with ":"`,
      );
    }
    if (key === name) return new InvalidMetricError(name, `a dimension may not have the metric's own name`);
    const v = (dimensions as MetricDimensions)[key];
    if (typeof v !== 'string' || v.length === 0 || v.length > METRIC_LIMITS.maxDimensionValueLength) {
      return new InvalidMetricError(
        name,
        `the dimension ${JSON.stringify(key)} has the value ${show(v)}: expected a string of 1 to ${METRIC_LIMITS.maxDimensionValueLength} characters`,
      );
    }
    if (CONTROL.test(v)) {
      return new InvalidMetricError(name, `the dimension ${JSON.stringify(key)} has control characters in its value`);
    }
    if (NOT_ASCII.test(v) || v.trim() === '') {
      return new InvalidMetricError(
        name,
        `the dimension ${JSON.stringify(key)} has the value ${show(v)}: ${DIMENSION_RULE}`,
      );
    }
  }
  return undefined;
}

function checkName(name: unknown, what: string): string | undefined {
  if (typeof name !== 'string' || name.length === 0 || name.length > METRIC_LIMITS.maxNameLength) {
    return `${what} must be a string of 1 to ${METRIC_LIMITS.maxNameLength} characters`;
  }
  if (CONTROL.test(name)) return `${what} has control characters`;
  if (LONE_SURROGATE.test(name)) return `${what} has a lone surrogate (not well-formed Unicode)`;
  if (RESERVED.has(name)) return `${what} is reserved (${[...RESERVED].join(', ')})`;
  return undefined;
}

function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value);
  if (typeof value === 'number') return String(value);
  return `(${value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value})`;
}

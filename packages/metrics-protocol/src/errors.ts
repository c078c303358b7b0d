/** Stable codes for every error this package defines. */
export const MetricsProtocolErrorCode = {
  InvalidMetric: 'DASHTAM_INVALID_METRIC',
} as const;
export type MetricsProtocolErrorCode = (typeof MetricsProtocolErrorCode)[keyof typeof MetricsProtocolErrorCode];

/** Base of every error of `@dashtam/metrics-protocol`. */
export class MetricsProtocolError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/**
 * A metric call that breaks a rule: what was wrong and what is accepted. Implementations report it
 * (a metric call never throws); {@link checkMetric} returns it.
 */
export class InvalidMetricError extends MetricsProtocolError {
  /** The metric's name as given (possibly not a string). */
  readonly metric: unknown;
  constructor(metric: unknown, problem: string) {
    super(MetricsProtocolErrorCode.InvalidMetric, `Invalid metric ${describe(metric)}: ${problem}`);
    this.metric = metric;
  }
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}...` : value);
  return `(${value === null ? 'null' : typeof value})`;
}

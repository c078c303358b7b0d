/** Names of the errors CloudWatch Logs answers when it is overloaded or failing on its side. */
const RETRYABLE_NAMES = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'ServiceUnavailableException',
  'ServiceUnavailable',
  'InternalFailure',
  'InternalServerError',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError',
]);

const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNABORTED',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

interface SdkLikeError {
  name?: string;
  code?: string;
  $retryable?: unknown;
  $metadata?: { httpStatusCode?: number };
}

/** What to do with a failed request. */
export type FailureKind = 'retry' | 'recreate' | 'give_up';

/**
 * Throttling, 5xx and network errors are retried; a missing group or stream is re-created; every
 * other error (bad request, access denied) would fail again, so its batch goes to the fallback.
 */
export function classifyFailure(error: unknown): FailureKind {
  const e = (error ?? {}) as SdkLikeError;
  if (e.name === 'ResourceNotFoundException') return 'recreate';
  // Stryker disable next-line ConditionalExpression: the set holds no undefined
  if (e.name !== undefined && RETRYABLE_NAMES.has(e.name)) return 'retry';
  if (e.$retryable) return 'retry';
  const status = e.$metadata?.httpStatusCode;
  // Stryker disable next-line ConditionalExpression: undefined >= 500 is false as well
  if (status !== undefined && status >= 500) return 'retry';
  if (e.code !== undefined && NETWORK_CODES.has(e.code)) return 'retry';
  // No HTTP answer at all (socket hang up, aborted): a network failure.
  if (status === undefined && (e.name === 'Error' || e.name === 'AbortError')) return 'retry';
  return 'give_up';
}

/** Exponential backoff with full jitter: a random delay in [0, min(cap, base * 2^attempt)). */
export function backoffDelay(
  attempt: number,
  baseMs: number,
  capMs: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(attempt, 30));
  return Math.floor(random() * ceiling);
}

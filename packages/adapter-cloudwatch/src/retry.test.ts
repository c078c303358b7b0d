import { describe, expect, it } from 'vitest';
import { backoffDelay, classifyFailure } from './retry.js';

describe('classifyFailure', () => {
  it('retries an error the SDK marks retryable, and a status of 500 or more', () => {
    expect(classifyFailure({ name: 'Odd', $retryable: {}, $metadata: { httpStatusCode: 400 } })).toBe('retry');
    expect(classifyFailure({ name: 'Odd', $retryable: false, $metadata: { httpStatusCode: 400 } })).toBe('give_up');
    expect(classifyFailure({ name: 'Odd', $metadata: { httpStatusCode: 500 } })).toBe('retry');
    expect(classifyFailure({ name: 'Odd', $metadata: { httpStatusCode: 499 } })).toBe('give_up');
  });

  it('retries a network error code whatever the error is called, and no other code', () => {
    expect(classifyFailure({ name: 'FetchError', code: 'ECONNRESET' })).toBe('retry');
    expect(classifyFailure({ name: 'FetchError', code: 'EAI_AGAIN', $metadata: { httpStatusCode: 400 } })).toBe(
      'retry',
    );
    expect(classifyFailure({ name: 'FetchError', code: 'EOTHER', $metadata: { httpStatusCode: 400 } })).toBe('give_up');
  });

  it('retries a plain Error or an AbortError that got no HTTP answer, and gives up once there was one', () => {
    expect(classifyFailure({ name: 'Error' })).toBe('retry');
    expect(classifyFailure({ name: 'AbortError' })).toBe('retry');
    expect(classifyFailure({ name: 'Error', $metadata: { httpStatusCode: 400 } })).toBe('give_up');
    expect(classifyFailure({ name: 'AbortError', $metadata: { httpStatusCode: 403 } })).toBe('give_up');
    expect(classifyFailure({ name: 'TypeError' })).toBe('give_up');
  });

  it('gives up on nothing at all', () => {
    for (const error of [undefined, null, {}]) expect(classifyFailure(error), String(error)).toBe('give_up');
  });
});

describe('backoffDelay', () => {
  it('doubles the ceiling per attempt up to the cap, however many attempts', () => {
    expect(backoffDelay(1, 100, 5000, () => 0.5)).toBe(100);
    expect(backoffDelay(40, 100, 5000, () => 0.5)).toBe(2500);
    expect(backoffDelay(40, 1, Number.MAX_SAFE_INTEGER, () => 0.5)).toBe(2 ** 29);
  });
});

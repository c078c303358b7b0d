import { describe, expect, it } from 'vitest';
import { errorName, errorText, isAccessDenied } from './aws-errors.js';

describe('what delivery reads from an SDK error', () => {
  it('takes the name of an error, and none from a value without one', () => {
    expect(errorName(Object.assign(new Error('x'), { name: 'ThrottlingException' }))).toBe('ThrottlingException');
    expect(errorName(undefined)).toBeUndefined();
    expect(errorName('text')).toBeUndefined();
  });

  it('quotes an error as "name: message" and anything else as text', () => {
    expect(errorText(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }))).toBe(
      'ThrottlingException: Rate exceeded',
    );
    expect(errorText('socket closed')).toBe('socket closed');
    expect(errorText(undefined)).toBe('undefined');
  });

  it('knows the three names AWS gives a refused permission, and nothing else', () => {
    for (const name of ['AccessDeniedException', 'AccessDenied', 'UnauthorizedOperation']) {
      expect(isAccessDenied({ name })).toBe(true);
    }
    expect(isAccessDenied({ name: 'ResourceNotFoundException' })).toBe(false);
    expect(isAccessDenied({})).toBe(false);
    expect(isAccessDenied(null)).toBe(false);
  });
});

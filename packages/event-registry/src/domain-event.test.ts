import { describe, expect, it } from 'vitest';
import { createEvent, toSnakeCase } from './domain-event.js';
import { InvalidEventError, UnknownEventError } from './errors.js';
import { uuidv7 } from './uuidv7.js';

describe('createEvent', () => {
  it('rejects a payload that is not a plain object, saying what it got', () => {
    const cases: [unknown, string][] = [
      [null, 'got null'],
      ['text', 'got string'],
      [7, 'got number'],
      [[1], 'got object'],
    ];
    for (const [payload, got] of cases) {
      expect(() => createEvent('UserLoginAttempted', payload as never), String(payload)).toThrow(
        new InvalidEventError(`Payload of UserLoginAttempted must be an object, ${got}`),
      );
    }
  });

  it('rejects an unknown type with its name quoted', () => {
    expect(() => createEvent('NoSuchEvent' as never, {} as never)).toThrow(new UnknownEventError('NoSuchEvent'));
    expect(new UnknownEventError('NoSuchEvent').message).toBe(
      'Unknown event type "NoSuchEvent": every event must have an entry in EVENT_REGISTRY',
    );
  });
});

describe('toSnakeCase', () => {
  it('splits acronyms from the word after them', () => {
    expect(toSnakeCase('MFAChallengeSucceeded')).toBe('mfa_challenge_succeeded');
    expect(toSnakeCase('UserLoginAttempted')).toBe('user_login_attempted');
    expect(toSnakeCase('HTTP2Request')).toBe('http2_request');
  });
});

describe('uuidv7', () => {
  it('puts the millisecond time, as 12 hex digits, first', () => {
    expect(uuidv7(0x0123456789ab)).toMatch(/^01234567-89ab-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(uuidv7(-5).slice(0, 13)).toBe('00000000-0000');
    expect(uuidv7(2 ** 48 + 5).slice(0, 13)).toBe('00000000-0005');
  });
});

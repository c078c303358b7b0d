import { describe, expect, it } from 'vitest';
import { InvalidLogLevelError, LoggerProtocolErrorCode } from './errors.js';
import { parseLogLevel } from './levels.js';

const messageFor = (value: unknown): string => {
  try {
    parseLogLevel(value);
  } catch (e) {
    return (e as InvalidLogLevelError).message;
  }
  throw new Error('parseLogLevel accepted the value');
};

describe('InvalidLogLevelError', () => {
  it('quotes a string value in full up to 40 characters and cuts a longer one', () => {
    expect(messageFor('loud')).toMatch(/^Invalid log level "loud": expected one of debug, info/);
    expect(messageFor('x'.repeat(40))).toContain(`"${'x'.repeat(40)}":`);
    expect(messageFor('x'.repeat(41))).toContain(`"${'x'.repeat(40)}…":`);
  });

  it('describes a value that is not a string by its type', () => {
    expect(messageFor(null)).toMatch(/^Invalid log level null: /);
    expect(messageFor({ level: 'info' })).toMatch(/^Invalid log level object: /);
    expect(messageFor(['info'])).toMatch(/^Invalid log level object: /);
    expect(messageFor(42)).toMatch(/^Invalid log level number 42: /);
    expect(messageFor(undefined)).toMatch(/^Invalid log level undefined undefined: /);
  });

  it('carries the value, its code and its class name', () => {
    const error = new InvalidLogLevelError(7, ['info']);
    expect(error).toMatchObject({
      name: 'InvalidLogLevelError',
      code: LoggerProtocolErrorCode.InvalidLogLevel,
      value: 7,
    });
  });
});

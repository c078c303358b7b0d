import { describe, expect, it } from 'vitest';
import { InvalidLogLevelError, LoggerProtocolErrorCode } from './errors.js';
import { isLevelEnabled, parseLogLevel } from './levels.js';
import { LOG_LEVELS } from './record-schema.js';

describe('parseLogLevel', () => {
  it('accepts every level in any case and with spaces around it', () => {
    expect(LOG_LEVELS.map((l) => parseLogLevel(` ${l.toUpperCase()} `))).toEqual([...LOG_LEVELS]);
    expect(parseLogLevel('Warning')).toBe('warning');
  });

  it('maps WARN to warning', () => {
    expect(parseLogLevel('WARN')).toBe('warning');
    expect(parseLogLevel('warn')).toBe('warning');
  });

  it('throws a typed error naming the accepted values when the level is unknown', () => {
    for (const bad of ['verbose', '', 'constructor', '__proto__', 42, undefined, null]) {
      let caught: unknown;
      try {
        parseLogLevel(bad);
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(InvalidLogLevelError);
      const error = caught as InvalidLogLevelError;
      expect(error.code).toBe(LoggerProtocolErrorCode.InvalidLogLevel);
      expect(error.message).toContain('debug, info, warning, error, critical');
    }
  });
});

describe('isLevelEnabled', () => {
  it('orders debug < info < warning < error < critical', () => {
    expect(isLevelEnabled('error', 'warning')).toBe(true);
    expect(isLevelEnabled('info', 'warning')).toBe(false);
    expect(isLevelEnabled('critical', 'critical')).toBe(true);
    expect(isLevelEnabled('debug', 'info')).toBe(false);
  });
});

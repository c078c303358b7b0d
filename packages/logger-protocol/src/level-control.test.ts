import { describe, expect, it } from 'vitest';
import { InvalidLevelSpecError, InvalidLoggerNameError, InvalidLogLevelError } from './errors.js';
import { parseLevelSpec } from './level-control.js';
import { Logger } from './logger.js';
import { recordingLogger } from './testing/recording-sink.js';

describe('parseLevelSpec', () => {
  it('reads a default level and per-name levels, any case, spaces ignored', () => {
    expect(parseLevelSpec('info,db=debug,http=warning')).toEqual({
      level: 'info',
      levels: { db: 'debug', http: 'warning' },
    });
    expect(parseLevelSpec(' WARN , db.pool = Debug ')).toEqual({ level: 'warning', levels: { 'db.pool': 'debug' } });
    expect(parseLevelSpec('db=error')).toEqual({ level: undefined, levels: { db: 'error' } });
  });

  it.each([
    ['info,db=loud', 'db=loud', '"loud" is not a level'],
    ['verbose', 'verbose', '"verbose" is not a level'],
    ['info,,db=debug', '', 'empty'],
    ['info,debug', 'debug', 'default level is given twice'],
    ['db=debug,db=info', 'db=info', '"db" is given twice'],
    ['info,d b=debug', 'd b=debug', 'not a logger name'],
    ['info,=debug', '=debug', 'not a logger name'],
    ['info,db.=debug', 'db.=debug', 'not a logger name'],
  ])('refuses %j naming the entry %j', (spec, entry, problem) => {
    let error: unknown;
    try {
      parseLevelSpec(spec);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidLevelSpecError);
    const e = error as InvalidLevelSpecError;
    expect(e.code).toBe('DASHTAM_INVALID_LEVEL_SPEC');
    expect(e.entry.trim()).toBe(entry);
    expect(e.message).toContain(problem);
    expect(e.message).toContain('info,db=debug,http=warning');
  });
});

describe('named loggers and levels', () => {
  it('writes the name as `logger` on every record, a child of a child joining names with dots', () => {
    const { logger, sink } = recordingLogger();
    const db = logger.child('db');
    db.info('query');
    db.child('pool').bind({ size: 3 }).info('grown');
    logger.info('root');
    expect(sink.records.map((r) => [r.message, r.logger])).toEqual([
      ['query', 'db'],
      ['grown', 'db.pool'],
      ['root', undefined],
    ]);
    expect(db.child('pool').name).toBe('db.pool');
    expect(logger.name).toBe('');
  });

  it('gives each name its level, a parent name covering the names below it', () => {
    const { logger, sink } = recordingLogger({ level: 'info', levels: { db: 'debug', http: 'warning' } });
    logger.debug('root debug');
    logger.child('db').debug('db debug');
    logger.child('db').child('pool').debug('pool debug');
    logger.child('http').info('http info');
    logger.child('http').warning('http warning');
    logger.child('other').debug('other debug');
    logger.child('other').info('other info');
    expect(sink.records.map((r) => r.message)).toEqual(['db debug', 'pool debug', 'http warning', 'other info']);
    expect(logger.child('db').level).toBe('debug');
    expect(logger.child('http').isLevelEnabled('info')).toBe(false);
  });

  it('setLevel changes loggers that exist already, at their next call', () => {
    const { logger, sink } = recordingLogger({ level: 'info' });
    const db = logger.child('db');
    const boundDb = db.bind({ table: 'users' });
    const pool = db.child('pool');
    db.debug('before');
    logger.setLevel('debug', 'db');
    db.debug('after');
    boundDb.debug('bound after');
    pool.debug('pool after');
    logger.debug('root still info');
    logger.setLevel('error');
    logger.info('root now error');
    db.debug('db keeps its own');
    logger.setLevel('WARN', 'db.pool');
    pool.debug('pool now warning');
    pool.warning('pool warning');
    expect(sink.records.map((r) => r.message)).toEqual([
      'after',
      'bound after',
      'pool after',
      'db keeps its own',
      'pool warning',
    ]);
    expect(logger.level).toBe('error');
    expect(pool.level).toBe('warning');
  });

  it("setLevel without a name on a named logger sets that name's level, not every logger's", () => {
    const { logger, sink } = recordingLogger({ level: 'info' });
    const db = logger.child('db');
    const http = logger.child('http');
    db.setLevel('debug');
    db.bind({ table: 'users' }).setLevel('debug');
    db.debug('db debug');
    db.child('pool').debug('pool debug');
    http.debug('http debug');
    logger.debug('root debug');
    expect(sink.records.map((r) => r.message)).toEqual(['db debug', 'pool debug']);
    expect([logger.level, http.level, db.level]).toEqual(['info', 'info', 'debug']);
    logger.bind({ a: 1 }).setLevel('warning');
    expect([logger.level, http.level, db.level]).toEqual(['warning', 'warning', 'debug']);
  });

  it('never goes below the sink level', () => {
    const { logger } = recordingLogger({ level: 'debug', levels: { db: 'debug' } });
    expect(logger.child('db').level).toBe('debug');
    const sink = { write() {}, flush: async () => {}, close: async () => {}, level: 'warning' as const };
    const floored = new Logger({ sink, level: 'debug', levels: { db: 'debug' } });
    floored.setLevel('debug', 'db');
    expect(floored.child('db').level).toBe('warning');
    expect(floored.level).toBe('warning');
  });

  it('refuses bad names and levels with clear errors, and leaves the levels as they were', () => {
    const { logger, sink } = recordingLogger({ level: 'info' });
    expect(() => logger.child('')).toThrow(InvalidLoggerNameError);
    expect(() => logger.child('a b')).toThrow(/letters, digits/);
    expect(() => logger.child('db').child('.x')).toThrow(InvalidLoggerNameError);
    expect(() => logger.child('x'.repeat(129))).toThrow(InvalidLoggerNameError);
    expect(() => logger.setLevel('loud')).toThrow(InvalidLogLevelError);
    expect(() => logger.setLevel('debug', 'no good')).toThrow(InvalidLoggerNameError);
    expect(() => recordingLogger({ levels: { 'bad name': 'debug' } })).toThrow(InvalidLoggerNameError);
    expect(() => recordingLogger({ levels: { db: 'loud' } })).toThrow(InvalidLogLevelError);
    logger.debug('still info');
    logger.info('written');
    expect(sink.records.map((r) => r.message)).toEqual(['written']);
  });

  it("lets a call's own `logger` field win over the name", () => {
    const { logger, sink } = recordingLogger();
    logger.child('db').info('x', { logger: 'custom' });
    expect(sink.records[0]?.logger).toBe('custom');
  });
});

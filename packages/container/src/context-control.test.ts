// Tests of context and level control through the container: per-logger levels, runWithContext,
// trace scopes, the debug tail and sampling.
import { createEvent } from '@dashtam/event-registry';
import { flushDebugTail } from '@dashtam/logger-protocol';
import { capturedOutput } from '@dashtam/logger-protocol/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { configureContainer, flushLogs, getEventBus, getLogger, getSettings, shutdown } from './container.js';
import { InvalidContextFieldsError, InvalidSettingError } from './errors.js';
import { loadSettings } from './settings.js';
import { getLogScope, openTraceScope, runWithContext, runWithTraceContext, runWithTraceId } from './trace-context.js';
import { newTraceId } from './trace-id.js';
import { isTraceSampled } from './trace-sampling.js';

function container(env: Record<string, string>) {
  const out = capturedOutput();
  configureContainer({ env: { ENVIRONMENT: 'testing', ...env }, destination: out.destination, exitHooks: false });
  return out;
}

afterEach(async () => {
  await shutdown();
  configureContainer({});
});

describe('LOG_LEVEL with per-logger levels', () => {
  it('reads info,db=debug,http=warning', () => {
    expect(loadSettings({ LOG_LEVEL: 'info,db=debug,http=warning' })).toMatchObject({
      logLevel: 'info',
      logLevels: { db: 'debug', http: 'warning' },
    });
    expect(loadSettings({ ENVIRONMENT: 'development', LOG_LEVEL: 'db=error' })).toMatchObject({
      logLevel: 'debug',
      logLevels: { db: 'error' },
    });
  });

  it('refuses a bad entry, naming it and what is accepted', () => {
    expect(() => loadSettings({ LOG_LEVEL: 'info,db=loud' })).toThrow(InvalidSettingError);
    expect(() => loadSettings({ LOG_LEVEL: 'info,db=loud' })).toThrow(
      /Invalid LOG_LEVEL: .*"db=loud".*"loud" is not a level.*Accepted/,
    );
    expect(() => loadSettings({ LOG_LEVEL: 'info,,http=warn' })).toThrow(/LOG_LEVEL.*empty/);
    expect(() => loadSettings({ LOG_LEVEL: 'verbose' })).toThrow(/Invalid LOG_LEVEL: .*"verbose"/);
  });

  it('gives named loggers their level, and setLevel changes them at run time', async () => {
    const out = container({ LOG_LEVEL: 'info,db=debug,http=warning' });
    const logger = getLogger();
    const db = logger.child('db');
    const http = logger.child('http');
    db.debug('db debug');
    http.info('http info');
    http.warning('http warning');
    logger.debug('root debug');
    logger.setLevel('debug', 'http');
    http.debug('http debug now');
    logger.setLevel('error', 'db');
    db.info('db info now dropped');
    await flushLogs();
    expect(out.records().map((r) => [r.message, r.logger])).toEqual([
      ['db debug', 'db'],
      ['http warning', 'http'],
      ['http debug now', 'http'],
    ]);
  });
});

describe('runWithContext', () => {
  it('writes the fields on every record inside, event handlers included, across awaits', async () => {
    const out = container({ LOG_LEVEL: 'info' });
    const bus = getEventBus();
    await runWithContext({ user_id: 'u-1', tenant_id: 't-9' }, async () => {
      getLogger().info('before await');
      await new Promise((resolve) => setImmediate(resolve));
      await bus.publish(createEvent('UserLoginSucceeded', { user_id: 'u-1', email: 'a@example.com' }));
      getLogger().info('after await');
    });
    getLogger().info('outside');
    await flushLogs();
    const records = out.records();
    const inside = records.filter((r) => r.message !== 'outside');
    expect(inside.length).toBeGreaterThanOrEqual(3);
    for (const r of inside) expect(r).toMatchObject({ user_id: 'u-1', tenant_id: 't-9' });
    expect(records.find((r) => r.message === 'user_login_succeeded')).toMatchObject({
      user_id: 'u-1',
      tenant_id: 't-9',
    });
    expect(records.find((r) => r.message === 'outside')?.tenant_id).toBeUndefined();
    // One trace for the whole scope.
    expect(new Set(inside.map((r) => r.trace_id)).size).toBe(1);
  });

  it('merges nested scopes (inner wins), lets bound and call context win, and redacts', async () => {
    const out = container({});
    runWithTraceId('t-outer', () =>
      runWithContext({ tenant_id: 't-1', user_id: 'u-1' }, () =>
        runWithContext({ user_id: 'u-2', api_token: 'sk_live_0123456789abcdefghijklmn' }, () => {
          getLogger().info('nested');
          getLogger().bind({ tenant_id: 'bound' }).info('bound');
          getLogger().info('call', { user_id: 'u-3' });
        }),
      ),
    );
    await flushLogs();
    const [nested, bound, call] = out.records();
    expect(nested).toMatchObject({ trace_id: 't-outer', tenant_id: 't-1', user_id: 'u-2', api_token: '[REDACTED]' });
    expect(bound).toMatchObject({ tenant_id: 'bound', user_id: 'u-2' });
    expect(call).toMatchObject({ tenant_id: 't-1', user_id: 'u-3' });
  });

  it('runs fn with a field whose getter throws, writing a marker for it as bind does', async () => {
    const out = container({ LOG_LEVEL: 'info' });
    const circular: Record<string, unknown> = { name: 'c' };
    circular.self = circular;
    const fields = {
      user_id: 'u-1',
      get tenant_id(): string {
        throw new Error('no tenant yet');
      },
      circular,
      kind: Symbol('job'),
    };
    const inside = () => {
      getLogger().info('inside');
      return 42;
    };
    expect(runWithContext(fields, inside)).toBe(42);
    expect(runWithTraceContext({ traceId: 'e'.repeat(32), fields }, () => getLogger().info('traced'))).toBeUndefined();
    await flushLogs();
    const records = out.records();
    expect(records.map((r) => r.message)).toEqual(['inside', 'traced']);
    for (const r of records) {
      expect(r).toMatchObject({
        user_id: 'u-1',
        tenant_id: '[Throws: no tenant yet]',
        circular: { name: 'c', self: '[Circular]' },
        kind: 'Symbol(job)',
      });
    }
  });

  it('refuses fields that are not an object, or that the record writes itself', () => {
    expect(() => runWithContext(null as never, () => 1)).toThrow(InvalidContextFieldsError);
    expect(() => runWithContext(['a'] as never, () => 1)).toThrow(/an array/);
    expect(() => runWithContext({ trace_id: 'x' }, () => 1)).toThrow(
      /"trace_id" is written by the logger itself.*runWithTraceContext/,
    );
    expect(() => runWithContext({ level: 'x' }, () => 1)).toThrow(InvalidContextFieldsError);
    expect(() => runWithContext({ error: new Error('x') }, () => 1)).toThrow(/"error"/);
    expect(runWithContext({ ok: 1 }, () => 42)).toBe(42);
  });
});

describe('LOG_DEBUG_TAIL', () => {
  it('reads on/off and the limits, refusing what it does not accept', () => {
    expect(loadSettings({})).toMatchObject({ debugTail: false, debugTailMaxRecords: 100, sampleRate: 0 });
    expect(loadSettings({ LOG_DEBUG_TAIL: 'on', LOG_DEBUG_TAIL_MAX_RECORDS: '20' })).toMatchObject({
      debugTail: true,
      debugTailMaxRecords: 20,
    });
    expect(() => loadSettings({ LOG_DEBUG_TAIL: 'maybe' })).toThrow(/Invalid LOG_DEBUG_TAIL: "maybe".*on or off/);
    expect(() => loadSettings({ LOG_DEBUG_TAIL_MAX_RECORDS: '0' })).toThrow(/LOG_DEBUG_TAIL_MAX_RECORDS.*too small/);
    expect(() => loadSettings({ LOG_DEBUG_TAIL_MAX_BYTES: 'lots' })).toThrow(/LOG_DEBUG_TAIL_MAX_BYTES/);
  });

  it('writes a scope’s debug records before its error, marked buffered, and nothing for a scope without one', async () => {
    const out = container({ LOG_LEVEL: 'info', LOG_DEBUG_TAIL: 'on' });
    const logger = getLogger();
    runWithTraceContext({ traceId: 'a'.repeat(32) }, () => {
      logger.debug('ok step');
      logger.info('ok done');
    });
    await runWithTraceContext({ traceId: 'b'.repeat(32) }, async () => {
      logger.debug('step 1');
      await new Promise((resolve) => setImmediate(resolve));
      logger.child('db').debug('step 2');
      logger.error('failed');
    });
    await flushLogs();
    expect(out.records().map((r) => [r.message, r.buffered, r.trace_id.slice(0, 1)])).toEqual([
      ['ok done', undefined, 'a'],
      ['step 1', true, 'b'],
      ['step 2', true, 'b'],
      ['failed', undefined, 'b'],
    ]);
    expect(logger.stats()).toMatchObject({ debug_tail: { held_records: 0, open_scopes: 0, dropped: 1, flushed: 2 } });
  });

  it('gives each runWithContext its own trace and tail after a record was written outside any scope', async () => {
    const out = container({ LOG_LEVEL: 'info', LOG_DEBUG_TAIL: 'on' });
    const logger = getLogger();
    // A worker: a start-up record outside any scope, then one scope per job.
    logger.info('worker started');
    for (const job of ['j-1', 'j-2']) {
      await runWithContext({ job }, async () => {
        logger.debug('fetching');
        await new Promise((resolve) => setImmediate(resolve));
        logger.error('job failed');
      });
    }
    await flushLogs();
    const records = out.records();
    expect(records.map((r) => [r.message, r.job, r.buffered])).toEqual([
      ['worker started', undefined, undefined],
      ['fetching', 'j-1', true],
      ['job failed', 'j-1', undefined],
      ['fetching', 'j-2', true],
      ['job failed', 'j-2', undefined],
    ]);
    // Three traces: the start-up one and one per job.
    expect(new Set(records.map((r) => r.trace_id)).size).toBe(3);
    expect(logger.stats()).toMatchObject({ debug_tail: { held_records: 0, open_scopes: 0, flushed: 2 } });
  });

  it('gives the tail to a scope opened before the logger was first asked for, and none after a reconfiguration turned it off', async () => {
    const out = container({ LOG_LEVEL: 'info', LOG_DEBUG_TAIL: 'on' });
    // A worker's first job: no getLogger() call has been made yet when its scope opens.
    await runWithContext({ job: 'j-1' }, async () => {
      getLogger().debug('fetching');
      await new Promise((resolve) => setImmediate(resolve));
      getLogger().error('job failed');
    });
    await flushLogs();
    expect(out.records().map((r) => [r.message, r.buffered])).toEqual([
      ['fetching', true],
      ['job failed', undefined],
    ]);
    await shutdown();
    const off = container({ LOG_LEVEL: 'info' });
    runWithContext({ job: 'j-2' }, () => {
      expect(getLogScope()?.tail).toBeUndefined();
      getLogger().debug('dropped');
    });
    await flushLogs();
    expect(off.records()).toEqual([]);
  });

  it('samples a scope opened before the logger was first asked for', async () => {
    const out = container({ LOG_LEVEL: 'info', LOG_SAMPLE_RATE: '1' });
    runWithTraceContext({ traceId: 'f'.repeat(32) }, () => getLogger().debug('detail'));
    await flushLogs();
    expect(out.records().map((r) => [r.message, r.sampled])).toEqual([['detail', true]]);
  });

  it('flushDebugTail writes what the running scope holds', async () => {
    const out = container({ LOG_LEVEL: 'info', LOG_DEBUG_TAIL: 'on' });
    runWithTraceContext({ traceId: 'c'.repeat(32) }, () => {
      getLogger().debug('held');
      flushDebugTail(getLogScope());
    });
    await flushLogs();
    expect(out.records().map((r) => [r.message, r.buffered])).toEqual([['held', true]]);
  });

  it('writes what a scope held when its function throws or its promise rejects, then lets the error go on', async () => {
    const out = container({ LOG_LEVEL: 'info', LOG_DEBUG_TAIL: 'on' });
    const logger = getLogger();
    await expect(
      runWithTraceContext({ traceId: 'e'.repeat(32) }, async () => {
        logger.debug('job step');
        await new Promise((resolve) => setImmediate(resolve));
        throw new Error('job failed');
      }),
    ).rejects.toThrow('job failed');
    expect(() =>
      runWithContext({ job: 'sync' }, () => {
        logger.debug('sync step');
        throw new Error('sync failed');
      }),
    ).toThrow('sync failed');
    logger.error('caller logs the failure');
    await flushLogs();
    expect(out.records().map((r) => [r.message, r.buffered])).toEqual([
      ['job step', true],
      ['sync step', true],
      ['caller logs the failure', undefined],
    ]);
    expect(out.records()[0]?.trace_id).toBe('e'.repeat(32));
    expect(out.records()[1]?.job).toBe('sync');
    expect(logger.stats()).toMatchObject({ debug_tail: { held_records: 0, open_scopes: 0, flushed: 2 } });
  });

  it('openTraceScope keeps the scope open across runs until end(), which writes what it held when failed', async () => {
    const out = container({ LOG_LEVEL: 'info', LOG_DEBUG_TAIL: 'on' });
    const logger = getLogger();
    const ok = openTraceScope({ traceId: 'f'.repeat(32), fields: { tenant_id: 't-1' } });
    ok.run(() => logger.debug('ok held'));
    ok.run(() => logger.info('ok info'));
    ok.end(false);
    const bad = openTraceScope({ traceId: '1'.repeat(32) });
    bad.run(() => logger.debug('bad held'));
    bad.end(true);
    bad.end(true);
    bad.run(() => logger.debug('after the end'));
    await flushLogs();
    expect(out.records().map((r) => [r.message, r.buffered, r.tenant_id])).toEqual([
      ['ok info', undefined, 't-1'],
      ['bad held', true, undefined],
    ]);
    expect(logger.stats()).toMatchObject({ debug_tail: { held_records: 0, open_scopes: 0, flushed: 1, dropped: 2 } });
    expect(() => openTraceScope({ traceId: 'x', fields: { level: 'x' } })).toThrow(InvalidContextFieldsError);
  });

  it('holds nothing when off', async () => {
    const out = container({ LOG_LEVEL: 'info' });
    runWithTraceContext({ traceId: 'd'.repeat(32) }, () => {
      getLogger().debug('dropped');
      getLogger().error('failed');
    });
    await flushLogs();
    expect(out.records().map((r) => r.message)).toEqual(['failed']);
    expect(getLogger().stats().debug_tail).toBeUndefined();
  });
});

describe('LOG_SAMPLE_RATE', () => {
  it('reads a fraction from 0 to 1 and refuses anything else', () => {
    expect(loadSettings({ LOG_SAMPLE_RATE: '0.25' }).sampleRate).toBe(0.25);
    expect(loadSettings({ LOG_SAMPLE_RATE: '1' }).sampleRate).toBe(1);
    expect(loadSettings({ LOG_SAMPLE_RATE: '.5' }).sampleRate).toBe(0.5);
    for (const bad of ['1.5', '-0.1', '50%', 'half', '1e-2']) {
      expect(() => loadSettings({ LOG_SAMPLE_RATE: bad }), bad).toThrow(
        /Invalid LOG_SAMPLE_RATE: .*fraction from 0 to 1/,
      );
    }
  });

  it('samples a fraction of trace ids close to the rate, the same way every time', () => {
    const ids = Array.from({ length: 20_000 }, () => newTraceId());
    const sampled = ids.filter((id) => isTraceSampled(id, 0.1));
    expect(sampled.length / ids.length).toBeGreaterThan(0.08);
    expect(sampled.length / ids.length).toBeLessThan(0.12);
    expect(ids.filter((id) => isTraceSampled(id, 0.1))).toEqual(sampled);
    expect(ids.every((id) => isTraceSampled(id, 1))).toBe(true);
    expect(ids.some((id) => isTraceSampled(id, 0))).toBe(false);
  });

  it('writes every record of a sampled request, marked sampled, and none below the level of the others', async () => {
    const out = container({ LOG_LEVEL: 'info', LOG_SAMPLE_RATE: '0.5' });
    const ids = Array.from({ length: 40 }, () => newTraceId());
    for (const traceId of ids) {
      runWithTraceContext({ traceId }, () => {
        getLogger().debug('detail');
        getLogger().info('done');
      });
    }
    await flushLogs();
    const records = out.records();
    for (const traceId of ids) {
      const mine = records.filter((r) => r.trace_id === traceId);
      if (isTraceSampled(traceId, 0.5)) {
        expect(mine.map((r) => [r.message, r.sampled])).toEqual([
          ['detail', true],
          ['done', true],
        ]);
      } else {
        expect(mine.map((r) => [r.message, r.sampled])).toEqual([['done', undefined]]);
      }
    }
    expect(getSettings().sampleRate).toBe(0.5);
  });
});

import * as assert from 'node:assert/strict';
import type { LogSink } from '../log-sink.js';
import { Logger } from '../logger.js';
import type { TraceContext } from '../logger-protocol.js';
import type { LogLevel, LogRecord } from '../record-schema.js';

/** What the contract suite needs from a test runner (vitest, jest and node:test all fit). */
export interface ContractRunner {
  describe(name: string, fn: () => void): void;
  it(name: string, fn: () => Promise<void> | void): void;
}

/** A sink under test and a way to read back, parsed, every record it took so far. */
export interface ContractSubject {
  readonly sink: LogSink;
  /** Flushes the sink and returns every record it wrote, oldest first, read from its real output. */
  read(): Promise<LogRecord[]>;
  /** Releases what the test set up around the sink (a server, a file); the suite closes the sink itself. */
  close?(): Promise<void>;
}

/** Builds a fresh sink for one contract case. */
export type ContractFactory = () => Promise<ContractSubject> | ContractSubject;

const ISO_MS_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * The behaviour a `Logger` over any {@link LogSink} must show, as one suite each sink runs against
 * its real output: record schema and key order, levels and filtering, trace ids, bind, errors,
 * redaction, clashing keys, hostile context that must neither throw nor lose the record, and
 * `flush`/`close`/`stats` reaching the sink from any bound logger.
 *
 * @example
 * ```ts
 * import { describe, it } from 'vitest';
 * runSinkContract('ConsoleSink (json)', { describe, it }, () => {
 *   const out: string[] = [];
 *   const sink = new ConsoleSink({ format: 'json', destination: { write: (s) => out.push(s) } });
 *   return { sink, read: async () => { await sink.flush(); return out.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l)); } };
 * });
 * ```
 */
export function runSinkContract(name: string, runner: ContractRunner, factory: ContractFactory): void {
  const { describe, it } = runner;

  interface Subject {
    readonly logger: Logger;
    read(): Promise<LogRecord[]>;
  }

  async function withSubject(
    options: { level?: LogLevel; traceContext?: TraceContext },
    fn: (s: Subject) => Promise<void>,
  ): Promise<void> {
    const subject = await factory();
    const logger = new Logger({
      sink: subject.sink,
      level: options.level ?? 'debug',
      traceContext: options.traceContext ?? (() => 'contract-trace'),
    });
    try {
      await fn({ logger, read: () => subject.read() });
    } finally {
      await logger.close();
      await subject.close?.();
    }
  }

  describe(`${name} satisfies the LogSink contract`, () => {
    it('writes timestamp, level, message and trace_id first, then the context in order', async () => {
      await withSubject({}, async ({ logger, read }) => {
        logger.info('User registered', { user_id: 'u-1', count: 3, ok: true });
        const [record] = await read();
        if (record === undefined) return assert.fail('no record was written');
        assert.deepEqual(Object.keys(record), ['timestamp', 'level', 'message', 'trace_id', 'user_id', 'count', 'ok']);
        assert.match(record.timestamp, ISO_MS_UTC);
        assert.equal(record.level, 'info');
        assert.equal(record.message, 'User registered');
        assert.equal(record.trace_id, 'contract-trace');
        assert.equal(record.count, 3);
      });
    });

    it('writes each level under its lower-case name and drops calls below the minimum', async () => {
      await withSubject({ level: 'warning' }, async ({ logger, read }) => {
        logger.debug('d');
        logger.info('i');
        logger.warning('w');
        logger.error('e');
        logger.critical('c');
        const records = await read();
        assert.deepEqual(
          records.map((r) => [r.level, r.message]),
          [
            ['warning', 'w'],
            ['error', 'e'],
            ['critical', 'c'],
          ],
        );
      });
    });

    it('takes trace_id from the context, then the bound context, then the trace context', async () => {
      let current = 'from-context-port';
      await withSubject({ traceContext: () => current }, async ({ logger, read }) => {
        logger.info('a');
        current = 'changed';
        logger.info('b');
        logger.info('c', { trace_id: 'explicit' });
        logger.bind({ trace_id: 'bound' }).info('d');
        const records = await read();
        assert.deepEqual(
          records.map((r) => r.trace_id),
          ['from-context-port', 'changed', 'explicit', 'bound'],
        );
      });
    });

    it('binds context into a new logger and leaves the original unchanged', async () => {
      await withSubject({}, async ({ logger, read }) => {
        const bound = logger.bind({ request_path: '/users', http_method: 'POST' });
        const scoped = bound.withContext({ operation: 'create' });
        bound.info('bound', { extra: 1 });
        scoped.info('scoped');
        logger.info('plain');
        bound.info('override', { http_method: 'PUT' });
        const [b, s, p, o] = await read();
        assert.equal(b?.request_path, '/users');
        assert.equal(b?.extra, 1);
        assert.equal(s?.operation, 'create');
        assert.equal(s?.http_method, 'POST');
        assert.equal(p?.request_path, undefined);
        assert.equal(o?.http_method, 'PUT');
        assert.equal(Object.keys(o ?? {}).filter((k) => k === 'http_method').length, 1);
      });
    });

    it('serialises context.error with its type, message, stack and cause chain', async () => {
      await withSubject({}, async ({ logger, read }) => {
        const root = new TypeError('socket closed');
        logger.error('Database connection failed', {
          error: new Error('query failed', { cause: root }),
          retry_count: 3,
        });
        const [record] = await read();
        assert.equal(record?.error_type, 'Error');
        assert.equal(record?.error_message, 'query failed');
        assert.match(String(record?.error_stack), /query failed/);
        assert.deepEqual((record?.error_cause as Record<string, unknown> | undefined)?.type, 'TypeError');
        assert.equal(record?.retry_count, 3);
        assert.equal(record?.error, undefined);
      });
    });

    it('redacts secrets by key at any depth and by pattern anywhere, the message included', async () => {
      await withSubject({}, async ({ logger, read }) => {
        const input = {
          password: 'hunter2',
          nested: { list: [{ apiKey: 'k-123' }] },
          note: 'card 4111 1111 1111 1111',
        };
        logger.info('Authorization: Bearer abc.def.ghi', input);
        const [record] = await read();
        const text = JSON.stringify(record);
        for (const secret of ['hunter2', 'k-123', '4111 1111 1111 1111', 'abc.def.ghi'])
          assert.ok(!text.includes(secret), secret);
        assert.equal(record?.password, '[REDACTED]');
        assert.equal(input.password, 'hunter2', 'the caller object is not mutated');
      });
    });

    it('keeps a context key that clashes with a record field under a prefixed name', async () => {
      await withSubject({}, async ({ logger, read }) => {
        logger.info('real message', { message: 'forged', level: 'critical', timestamp: 'x' });
        const [record] = await read();
        assert.equal(record?.message, 'real message');
        assert.equal(record?.level, 'info');
        assert.equal(record?.ctx_message, 'forged');
        assert.equal(record?.ctx_level, 'critical');
        assert.equal(record?.ctx_timestamp, 'x');
      });
    });

    it('never throws on hostile context and still writes the record', async () => {
      await withSubject({}, async ({ logger, read }) => {
        const circular: Record<string, unknown> = { name: 'loop' };
        circular.self = circular;
        const hostile = {
          circular,
          big: 10n ** 30n,
          sym: Symbol('s'),
          fn() {},
          get boom(): never {
            throw new Error('getter exploded');
          },
          proxy: new Proxy(
            {},
            {
              ownKeys: () => {
                throw new Error('trap');
              },
            },
          ),
          nan: Number.NaN,
          date: new Date(Number.NaN),
        };
        assert.doesNotThrow(() => logger.warning('hostile', hostile));
        assert.doesNotThrow(() => logger.info('bad message' as unknown as string, 42 as never));
        const records = await read();
        assert.equal(records[0]?.message, 'hostile');
        assert.equal(records[0]?.big, '1000000000000000000000000000000');
        assert.equal((records[0]?.circular as Record<string, unknown> | undefined)?.self, '[Circular]');
        assert.equal(records.length, 2);
      });
    });

    it('reaches the one sink from any bound logger: flush, stats and close', async () => {
      await withSubject({}, async ({ logger, read }) => {
        const child = logger.bind({ request_path: '/users' }).bind({ user_id: 'u-1' });
        assert.equal(child.sink, logger.sink);
        child.info('from the child');
        logger.info('from the root');
        await child.flush();
        const records = await read();
        assert.deepEqual(
          records.map((r) => [r.message, r.user_id]),
          [
            ['from the child', 'u-1'],
            ['from the root', undefined],
          ],
        );
        const stats = child.stats();
        assert.equal(typeof stats, 'object');
        assert.deepEqual(stats, logger.stats());
        await child.close();
        await assert.doesNotReject(logger.flush());
      });
    });
  });
}

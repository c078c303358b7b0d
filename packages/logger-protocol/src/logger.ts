// The facade: class Logger, the one implementation of the logger port, and its public methods
// (level, naming, binding, flush, close, stats, and the level methods). What it delegates lives
// beside it, one idea a file: options and their checks in logger-options.ts, level dispatch by
// prototype swapping in level-dispatch.ts, building the record line in record-line.ts, holding
// records for the debug tail in held-records.ts.

import { flushHeld, holdBelow } from './held-records.js';
import { checkLoggerName, type LevelCell } from './level-control.js';
import { belowMethods, classFor, SWAPPED_LEVELS } from './level-dispatch.js';
import { parseLogLevel } from './levels.js';
import type { LogScope } from './log-scope.js';
import type { LogSink, SinkStats } from './log-sink.js';
import { type LoggerConfig, type LoggerOptions, reportError, resolveConfig } from './logger-options.js';
import type { LogContext, ManagedLogger } from './logger-protocol.js';
import { contextMembers, hasError } from './record.js';
import { asContext, type Bound, EMPTY, recordLine, safeMerge, writeEmergency } from './record-line.js';
import { LOG_LEVEL_VALUES, type LogLevel } from './record-schema.js';

// What bind() hands to the constructor: the shared config and the child's bound context. Private
// to this module, so a user's options can never be taken for it.
class Child {
  constructor(
    readonly config: LoggerConfig,
    readonly bound: Bound,
    readonly name: string,
    readonly cell: LevelCell,
  ) {}
}

/**
 * The one implementation of {@link LoggerProtocol}: it builds the record (schema, trace id,
 * redaction, safe serialisation) and hands one JSON line to its {@link LogSink}. Outputs differ
 * only in their sink. A call below the minimum level returns after one comparison; a call never
 * throws. Every logger bound from this one writes to the same sink, so `flush()`, `close()` and
 * `stats()` work from any of them.
 *
 * @example
 * ```ts
 * const logger = new Logger({ sink: new ConsoleSink({ format: 'json' }), level: 'info' });
 * const log = logger.bind({ request_path: '/users' });
 * log.info('Request received', { http_method: 'POST' });
 * await log.flush();
 * ```
 */
export class Logger implements ManagedLogger {
  readonly #config: LoggerConfig;
  readonly #bound: Bound;
  readonly #name: string;
  // Shared by every logger of this name and changed in place by setLevel: a call reads one number.
  readonly #cell: LevelCell;

  /** @throws {InvalidOptionsError} naming the option that is wrong and what is accepted. */
  constructor(options: LoggerOptions) {
    if (options instanceof Child) {
      this.#config = options.config;
      this.#bound = options.bound;
      this.#name = options.name;
      this.#cell = options.cell;
      return;
    }
    const config = resolveConfig(options);
    // Stryker disable next-line StringLiteral: any name no level names resolves to the default level
    const cell = config.levels.cell('');
    this.#config = config;
    this.#bound = EMPTY;
    this.#name = '';
    this.#cell = cell;
    // The root is an instance of its name's class of level methods, as every logger is.
    const Root = classFor(cell, config.captures, Logger);
    // biome-ignore lint/correctness/noConstructorReturn: the logger the caller gets is of its level's class (see classFor)
    return new Root(new Child(config, EMPTY, '', cell) as unknown as LoggerOptions);
  }

  /** The minimum level this logger writes now (its name's, or its sink's when that is higher). */
  get level(): LogLevel {
    return this.#cell.level;
  }

  /** This logger's name (`db`, `db.pool`), written on its records as `logger`; '' for the root. */
  get name(): string {
    return this.#name;
  }

  /**
   * Sets the level of every logger of `name` (and of the names below it that have no level of
   * their own), at once for loggers that exist already. Without a name it sets this logger's own
   * name's level (`logger.child('db').setLevel('debug')` is `setLevel('debug', 'db')`), or the
   * default level when called on an unnamed logger.
   *
   * @throws {InvalidLogLevelError} when `level` names no level.
   * @throws {InvalidLoggerNameError} when `name` is not a logger name.
   * @example
   * ```ts
   * logger.setLevel('debug', 'db'); // logger.child('db') and child('db.pool') now write debug
   * ```
   */
  setLevel(level: LogLevel | string, name?: string): void {
    const parsed = parseLogLevel(level);
    const target = name === undefined ? this.#name : checkLoggerName(name);
    this.#config.levels.set(parsed, target === '' ? undefined : target);
  }

  /**
   * A named logger: `logger` on every record (`db`; a child of a named logger adds to its name:
   * `db.pool`), its level from `levels` / `LOG_LEVEL=info,db=debug` / `setLevel`. It shares this
   * logger's sink and bound context.
   *
   * @throws {InvalidLoggerNameError} when `name` is not letters, digits, `_`, `-` in dot-separated parts.
   */
  child(name: string): Logger {
    const full = checkLoggerName(this.#name === '' ? name : `${this.#name}.${checkLoggerName(name)}`);
    return this.#derive({ logger: full }, full, this.#config.levels.cell(full));
  }

  /** The sink this logger (and every logger bound from it) writes to. */
  get sink(): LogSink {
    return this.#config.sink;
  }

  /** Resolves once every record logged before the call is delivered or handed to a fallback. Never rejects. */
  flush(): Promise<void> {
    return this.#settle(() => this.#config.sink.flush());
  }

  /** Flushes and releases the sink's resources. Never rejects. */
  close(): Promise<void> {
    return this.#settle(() => this.#config.sink.close());
  }

  /** The sink's counters (`{}` when it keeps none), and the debug tail's in `debug_tail`. Never throws. */
  stats(): SinkStats {
    let stats: SinkStats = {};
    try {
      stats = this.#config.sink.stats?.() ?? {};
    } catch (e) {
      this.#report(e);
    }
    const tail = this.#config.debugTail;
    return tail === undefined ? stats : { ...stats, debug_tail: { ...tail.stats() } };
  }

  /** True when a call at `level` would be written now. */
  isLevelEnabled(level: LogLevel): boolean {
    return LOG_LEVEL_VALUES[level] >= this.#cell.minimum;
  }

  // The methods below write. For a level under a name's minimum, the name's class (level-dispatch.ts)
  // replaces them with a no-op, or, with a debug tail or sampling, with one that hands the call to
  // #below: a filtered call is a call to an empty function, as in pino, and setLevel swaps them.
  debug(message: string, context?: LogContext): void {
    this.#emit('debug', message, context);
  }

  info(message: string, context?: LogContext): void {
    this.#emit('info', message, context);
  }

  warning(message: string, context?: LogContext): void {
    this.#emit('warning', message, context);
  }

  error(message: string, context?: LogContext): void {
    this.#emit('error', message, context);
  }

  critical(message: string, context?: LogContext): void {
    this.#emit('critical', message, context);
  }

  bind(context: LogContext): Logger {
    return this.#derive(context, this.#name, this.#cell);
  }

  #derive(context: LogContext, name: string, cell: LevelCell): Logger {
    try {
      const raw = safeMerge(this.#bound.raw, asContext(context));
      const error = hasError(raw);
      const given = raw.trace_id === undefined || raw.trace_id === null ? '' : String(raw.trace_id);
      // A trace id that looks like a secret is refused, an empty one ignored: the records carry the
      // ambient id instead.
      const traceId = given !== '' && this.#config.serializer.isSafeId(given) ? given : undefined;
      const members = contextMembers(this.#config.serializer, raw, error);
      const Named = classFor(cell, this.#config.captures, Logger);
      return new Named(
        new Child(
          this.#config,
          {
            raw,
            keys: new Set(Object.keys(raw)),
            members,
            traceId,
            error,
          },
          name,
          cell,
        ) as unknown as LoggerOptions,
      );
    } catch (e) {
      this.#report(e);
      return this;
    }
  }

  withContext(context: LogContext): Logger {
    return this.bind(context);
  }

  async #settle(action: () => Promise<void>): Promise<void> {
    try {
      await action();
    } catch (e) {
      this.#report(e);
    }
  }

  #emit(level: LogLevel, message: string, context: LogContext | undefined): void {
    const config = this.#config;
    let time = 0;
    try {
      // Stryker disable next-line ConditionalExpression: #scope() gives undefined without a source
      const scope = config.scope === undefined ? undefined : this.#scope();
      // An error in a scope with a debug tail: what was held is written first, in order.
      if (scope?.tail !== undefined && LOG_LEVEL_VALUES[level] >= 40) flushHeld(scope.tail);
      time = config.clock();
      config.sink.write(recordLine(config, this.#bound, level, message, context, time, scope, false), level, time);
    } catch (e) {
      this.#report(e);
      writeEmergency(config, level, message, time);
    }
  }

  // A call below this logger's level, when sampling or a debug tail may still want it.
  #below(level: LogLevel, message: string, context: LogContext | undefined): void {
    const config = this.#config;
    if (LOG_LEVEL_VALUES[level] < config.floor) return;
    try {
      const scope = this.#scope();
      if (scope === undefined) return;
      if (scope.sampled === true && config.sampling) {
        this.#emit(level, message, context);
        return;
      }
      holdBelow(config, this.#bound, scope, level, message, context);
    } catch (e) {
      this.#report(e);
    }
  }

  static {
    for (const level of SWAPPED_LEVELS) {
      belowMethods[level] = function (this: Logger, message: string, context?: LogContext): void {
        this.#below(level, message, context);
      };
    }
  }

  #scope(): LogScope | undefined {
    try {
      // Stryker disable next-line OptionalChaining: only called when there is a source
      const scope = this.#config.scope?.();
      return scope !== null && typeof scope === 'object' ? scope : undefined;
    } catch (e) {
      this.#report(e);
      return undefined;
    }
  }

  #report(error: unknown): void {
    reportError(this.#config, error);
  }
}

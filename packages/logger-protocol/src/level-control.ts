// Levels by logger name: `LOG_LEVEL=info,db=debug` parsed (`parseLevelSpec`), logger names
// checked, and the level cells every logger of a name shares, which `setLevel` changes at once
// (the methods they swap are in level-dispatch.ts).
import { InvalidLevelSpecError, InvalidLoggerNameError, InvalidLogLevelError } from './errors.js';
import { parseLogLevel } from './levels.js';
import { LOG_LEVEL_VALUES, type LogLevel } from './record-schema.js';

const NAME = /^[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*$/;
const MAX_NAME_LENGTH = 128;

/**
 * Checks a logger name: letters, digits, `_` and `-` in dot-separated parts (`db`, `db.pool`).
 *
 * @throws {InvalidLoggerNameError} naming the value and what is accepted.
 */
export function checkLoggerName(name: unknown): string {
  if (typeof name !== 'string' || name.length > MAX_NAME_LENGTH || !NAME.test(name)) {
    throw new InvalidLoggerNameError(name);
  }
  return name;
}

/** A level setting: the default level and per-name levels. */
export interface LevelSpec {
  /** The level of loggers without a level of their own; undefined when the setting gave none. */
  readonly level: LogLevel | undefined;
  /** Levels by logger name (`db`, `db.pool`, `http`). */
  readonly levels: Readonly<Record<string, LogLevel>>;
}

/**
 * Parses `info`, `info,db=debug,http=warning` or `db=debug` (spaces around entries ignored, level
 * names in any case). A name's level also applies to the names below it (`db` covers `db.pool`)
 * unless they have their own.
 *
 * @throws {InvalidLevelSpecError} naming the entry that is wrong: an unknown level, a bad name, a
 * name given twice, two default levels, or an empty entry.
 * @example
 * ```ts
 * parseLevelSpec('info,db=debug,http=warn'); // { level: 'info', levels: { db: 'debug', http: 'warning' } }
 * ```
 */
export function parseLevelSpec(text: string): LevelSpec {
  let level: LogLevel | undefined;
  const levels: Record<string, LogLevel> = Object.create(null);
  for (const raw of String(text).split(',')) {
    const entry = raw.trim();
    if (entry === '') throw new InvalidLevelSpecError(raw, 'an entry is empty');
    const eq = entry.indexOf('=');
    const name = eq < 0 ? undefined : entry.slice(0, eq).trim();
    const value = eq < 0 ? entry : entry.slice(eq + 1).trim();
    let parsed: LogLevel;
    try {
      parsed = parseLogLevel(value);
    } catch (e) {
      if (!(e instanceof InvalidLogLevelError)) throw e;
      throw new InvalidLevelSpecError(entry, `${JSON.stringify(value)} is not a level`);
    }
    if (name === undefined) {
      if (level !== undefined) throw new InvalidLevelSpecError(entry, 'the default level is given twice');
      level = parsed;
      continue;
    }
    try {
      checkLoggerName(name);
    } catch {
      throw new InvalidLevelSpecError(
        entry,
        `${JSON.stringify(name)} is not a logger name (letters, digits, "_", "-", dot-separated parts)`,
      );
    }
    if (Object.hasOwn(levels, name)) throw new InvalidLevelSpecError(entry, `${JSON.stringify(name)} is given twice`);
    levels[name] = parsed;
  }
  return { level, levels: Object.freeze({ ...levels }) };
}

/** The live minimum of one logger name: every logger of that name reads it at each call. */
export interface LevelCell {
  /** The numeric minimum (`LOG_LEVEL_VALUES`): a call below it is not written. */
  minimum: number;
  /** The level it stands for. */
  level: LogLevel;
  /** Whatever the logger keeps for this name (its class of level methods); the control only holds it. */
  carrier?: unknown;
}

/**
 * The levels of a logger and everything bound or named from it: a default level, levels by name,
 * and a floor (the sink's own level: nothing below it is built). `set` changes them at run time and
 * every existing logger sees the change at its next call, because loggers of one name share one
 * {@link LevelCell}.
 */
export class LevelControl {
  #level: LogLevel;
  readonly #floor: LogLevel | undefined;
  readonly #levels = new Map<string, LogLevel>();
  // One cell per name asked for; the root (unnamed) cell under ''.
  readonly #cells = new Map<string, LevelCell>();

  readonly #onChange: (cell: LevelCell) => void;

  /** `onChange` is called for a cell whenever `set` may have changed it. */
  constructor(
    level: LogLevel,
    levels: Readonly<Record<string, LogLevel>>,
    floor: LogLevel | undefined,
    onChange: (cell: LevelCell) => void = () => {},
  ) {
    this.#level = level;
    this.#floor = floor;
    this.#onChange = onChange;
    for (const [name, l] of Object.entries(levels)) this.#levels.set(checkLoggerName(name), l);
  }

  /** The shared cell of `name` ('' for loggers without a name). */
  cell(name: string): LevelCell {
    let cell = this.#cells.get(name);
    if (cell === undefined) {
      cell = { minimum: 0, level: 'debug' };
      this.#fill(cell, name);
      this.#cells.set(name, cell);
    }
    return cell;
  }

  /**
   * Sets the default level (no name) or a name's level (and so the names below it that have none
   * of their own). Takes effect at once for every logger.
   */
  set(level: LogLevel, name: string | undefined): void {
    if (name === undefined) this.#level = level;
    else this.#levels.set(name, level);
    for (const [n, cell] of this.#cells) {
      this.#fill(cell, n);
      this.#onChange(cell);
    }
  }

  /** The configured level of a name: its own, else its nearest parent's, else the default. */
  levelOf(name: string): LogLevel {
    for (let n = name; n !== ''; n = n.includes('.') ? n.slice(0, n.lastIndexOf('.')) : '') {
      const own = this.#levels.get(n);
      if (own !== undefined) return own;
    }
    return this.#level;
  }

  #fill(cell: LevelCell, name: string): void {
    const own = this.levelOf(name);
    const floor = this.#floor;
    const level = floor !== undefined && LOG_LEVEL_VALUES[floor] > LOG_LEVEL_VALUES[own] ? floor : own;
    cell.level = level;
    cell.minimum = LOG_LEVEL_VALUES[level];
  }
}

// Level dispatch by prototype swapping: how a call below a logger name's level costs a call to an
// empty function, and how setLevel changes what every logger of that name does at once.
//
// Why this design. A filtered call (`log.debug(...)` under `info`) is the most frequent call a
// service makes, so it must cost next to nothing, as in pino, which installs a no-op for each
// level below its own. A level check per call (read the name's level cell, compare, return) was
// measured first and cost 2.84x pino's filtered call (rounds 2.23–3.99); with the methods swapped
// the same bench measured 1.2 / 0.6 ns (mean / median) against pino's 0.7 / 0.6, 1.81x on the mean
// (one round of nine at 4.14x pulled it) and 1.01x on the median (BENCHMARKS.md, run of
// 2026-11-29, issue #12; the earlier no-op methods took a filtered call from 1.2 ns to 0.5 ns).
//
// So every logger is an instance of its name's class: a subclass of Logger, kept in the name's
// level cell, whose prototype holds per level either Logger's writing method, a no-op, or (with a
// debug tail or sampling, which may still want the call) the hand-off to Logger's #below. The
// loggers of one name share that prototype, so setLevel changes four properties once for all of
// them, however many were bound; a call reads nothing but its method.
import type { LevelCell } from './level-control.js';
import type { LogContext } from './logger-protocol.js';
import { LOG_LEVEL_VALUES } from './record-schema.js';

// The levels whose methods a name's class swaps (critical is always written).
export const SWAPPED_LEVELS = ['debug', 'info', 'warning', 'error'] as const;
export type SwappedLevel = (typeof SWAPPED_LEVELS)[number];
export type LevelMethod = (this: never, message: string, context?: LogContext) => void;
// Methods that hand a call below the level to Logger's #below (set by Logger's static block).
export const belowMethods = {} as Record<SwappedLevel, LevelMethod>;
const noop: LevelMethod = () => {};

/**
 * The class of the loggers of one name (kept in its level cell): a subclass of `base` (Logger)
 * whose prototype holds, per level, `base`'s writing method, or a no-op / the hand-off to #below
 * when the name's level is above it. Made once per name.
 */
export function classFor<C extends abstract new (...args: never[]) => object>(
  cell: LevelCell,
  captures: boolean,
  base: C,
): C {
  if (cell.carrier === undefined) {
    const Base = base as unknown as new () => object;
    cell.carrier = class extends Base {};
    applyLevel(cell, captures);
  }
  return cell.carrier as C;
}

/** Sets the level methods of a name's class from its cell's minimum (at creation and after setLevel). */
export function applyLevel(cell: LevelCell, captures: boolean): void {
  const proto = (cell.carrier as { prototype: Record<SwappedLevel, LevelMethod> }).prototype;
  // The writing methods are the base class's (Logger.prototype), which the carrier extends.
  const writing = Object.getPrototypeOf(proto) as Record<SwappedLevel, LevelMethod>;
  for (const level of SWAPPED_LEVELS) {
    proto[level] = LOG_LEVEL_VALUES[level] >= cell.minimum ? writing[level] : captures ? belowMethods[level] : noop;
  }
}

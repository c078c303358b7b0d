/** What a user gives a sink to spool on disk. */
export interface SpoolSettings {
  /** The root directory; several processes may share it. */
  readonly dir: string;
  /** Past this many bytes on disk the oldest unsent records go to the fallback, counted. @default 256 MiB */
  readonly maxBytes?: number;
  /** How long `process.exit()` waits for the worker to ship what is spooled, in ms. @default 2000 */
  readonly exitWaitMs?: number;
  /** Bytes per segment file. @default 8 MiB */
  readonly segmentBytes?: number;
}

/** The settings with their defaults applied. */
export type ResolvedSpoolSettings = Required<SpoolSettings>;

export const SPOOL_DEFAULTS = Object.freeze({
  maxBytes: 256 * 1024 * 1024,
  exitWaitMs: 2000,
  segmentBytes: 8 * 1024 * 1024,
});

const RANGES = {
  maxBytes: { min: 64 * 1024, max: 2 ** 50 },
  exitWaitMs: { min: 0, max: 600_000 },
  segmentBytes: { min: 4096, max: 1024 * 1024 * 1024 },
} as const;

/**
 * Checks a sink's `spool` option and applies defaults; `problem(key, text)` makes the sink's own
 * error (naming what was wrong and what is accepted), which is thrown.
 */
export function resolveSpoolSettings(
  value: unknown,
  problem: (key: string, text: string) => Error,
): ResolvedSpoolSettings {
  if (value === null || typeof value !== 'object') {
    throw problem('spool', `expected an object such as { dir: '/var/spool/app' }, got ${String(value)}`);
  }
  const given = value as SpoolSettings;
  if (typeof given.dir !== 'string' || given.dir.trim() === '' || given.dir.includes('\0')) {
    throw problem('spool.dir', `expected a directory path, got ${JSON.stringify(given.dir)}`);
  }
  const number = (key: keyof typeof RANGES): number => {
    const v = given[key] ?? SPOOL_DEFAULTS[key];
    const { min, max } = RANGES[key];
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min || v > max) {
      throw problem(`spool.${key}`, `expected an integer from ${min} to ${max}, got ${JSON.stringify(v)}`);
    }
    return v;
  };
  return {
    dir: given.dir,
    maxBytes: number('maxBytes'),
    exitWaitMs: number('exitWaitMs'),
    segmentBytes: number('segmentBytes'),
  };
}

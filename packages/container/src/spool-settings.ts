import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SPOOL_DEFAULTS } from '@dashtam/spool';
import { wholeNumber } from './batching-settings.js';
import type { EnvironmentVariables } from './environment-variables.js';
import { InvalidSettingError } from './errors.js';

/** The disk spool under the network sinks (CloudWatch, OTLP, EMF metrics through CloudWatch). */
export interface SpoolSettingsGroup {
  /**
   * `LOG_SPOOL` (`on` unless `off`), `LOG_SPOOL_DIR` (default `<os temp dir>/dashtam-spool`),
   * `LOG_SPOOL_MAX_BYTES` (default 256 MiB) and `LOG_EXIT_WAIT_MS` (default 2000): undefined when
   * the spool is off (records then wait in memory, and go to stderr at exit).
   */
  readonly spool: { readonly dir: string; readonly maxBytes: number; readonly exitWaitMs: number } | undefined;
}

const ON = ['on', 'true', '1', 'yes'];
const OFF = ['off', 'false', '0', 'no'];

/** Reads the spool's variables. @throws {InvalidSettingError} naming the variable and what it accepts. */
export function loadSpoolSettings(env: EnvironmentVariables): SpoolSettingsGroup {
  const raw = env.LOG_SPOOL;
  const flag = (raw ?? '').trim().toLowerCase();
  if (flag !== '' && !ON.includes(flag) && !OFF.includes(flag)) {
    throw new InvalidSettingError(
      'LOG_SPOOL',
      `${JSON.stringify(raw)} is not accepted: expected on or off (also true/false, 1/0, yes/no); unset means on`,
    );
  }
  const dirRaw = env.LOG_SPOOL_DIR;
  const dir = dirRaw === undefined || dirRaw.trim() === '' ? join(tmpdir(), 'dashtam-spool') : dirRaw.trim();
  if (dir.includes('\0')) {
    throw new InvalidSettingError('LOG_SPOOL_DIR', 'holds a NUL character: expected a directory path');
  }
  const maxBytes = wholeNumber(
    env,
    'LOG_SPOOL_MAX_BYTES',
    SPOOL_DEFAULTS.maxBytes,
    64 * 1024,
    2 ** 50,
    'bytes the spool may take on disk; past it the oldest unsent records go to stderr',
  );
  const exitWaitMs = wholeNumber(
    env,
    'LOG_EXIT_WAIT_MS',
    SPOOL_DEFAULTS.exitWaitMs,
    0,
    600_000,
    'milliseconds an exit waits for spooled records to be shipped',
  );
  return { spool: OFF.includes(flag) ? undefined : { dir, maxBytes, exitWaitMs } };
}

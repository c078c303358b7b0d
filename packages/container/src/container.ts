// The container: the process's singletons (settings, logger, event bus, metrics), built on first
// use from the environment, and their flush and shutdown.
import type { EventBus } from '@dashtam/event-registry';
import type { FallbackDestination } from '@dashtam/fd-writer';
import { processWide, runExitPhases } from '@dashtam/fd-writer/internal';
import type { DebugTailBuffer, Logger, RedactionOptions } from '@dashtam/logger-protocol';
import type { ManagedMetrics } from '@dashtam/metrics-protocol';
import { createEventBus } from './event-wiring.js';
import { createLogger, debugTailFor } from './logger-factory.js';
import { createMetrics } from './metrics-factory.js';
import { setScopePolicy, setScopePolicySource } from './scope-policy.js';
import { type EnvironmentVariables, loadSettings, type Settings } from './settings.js';

/** What {@link configureContainer} may set before the singletons are built. */
export interface ContainerOptions {
  /** Read settings from this map instead of `process.env`. */
  readonly env?: EnvironmentVariables;
  /** Console output instead of stdout (tests): a `{ write(chunk) }` object or a file descriptor. */
  readonly destination?: FallbackDestination;
  /** Flush on SIGTERM, SIGINT and beforeExit. @default true */
  readonly exitHooks?: boolean;
  /**
   * Your organisation's own secret keys and token formats, keys that look secret but are not, and
   * the censor (see `@dashtam/logger-protocol`'s README). @default the built-in rules
   * @example
   * ```ts
   * configureContainer({ redaction: { patterns: [{ name: 'acme_token', pattern: /\bacme_[A-Za-z0-9]{32}\b/g }] } });
   * ```
   */
  readonly redaction?: RedactionOptions;
}

// The singletons live on globalThis (processWide, from @dashtam/fd-writer/internal), not in this
// module: a process that loads the package twice (an application require()s it while a dependency
// imports it: the CommonJS and the ESM build) still has one logger, one event bus, one metrics, one
// set of settings and one set of signal hooks.
interface ContainerState {
  options: ContainerOptions;
  settings: Settings | undefined;
  logger: Logger | undefined;
  eventBus: EventBus | undefined;
  metrics: ManagedMetrics | undefined;
  // The debug tail of the current settings (undefined: off), built with the first scope or logger.
  debugTail: DebugTailBuffer | undefined;
  scopePolicyReady: boolean;
  // The signal and beforeExit listeners installed (by whichever copy), so that any copy removes them.
  hooks: { readonly onSignal: (signal: NodeJS.Signals) => void; readonly onBeforeExit: () => void } | undefined;
}

const state = processWide<ContainerState>('dashtam.container.v1', () => ({
  options: {},
  settings: undefined,
  logger: undefined,
  eventBus: undefined,
  metrics: undefined,
  debugTail: undefined,
  scopePolicyReady: false,
  hooks: undefined,
}));

/**
 * Sets where the container reads settings and writes console output. Takes effect for singletons
 * built afterwards; `await shutdown()` first to rebuild.
 */
export function configureContainer(next: ContainerOptions): void {
  state.options = { ...next };
}

/** The settings, read once from the environment. @throws {InvalidSettingError} */
export function getSettings(): Settings {
  state.settings ??= loadSettings(state.options.env ?? process.env);
  return state.settings;
}

/**
 * The app-wide logger, built on first use: its outputs chosen by `LOG_SINKS` (else by
 * `ENVIRONMENT`), its level by `LOG_LEVEL`. It is a `LoggerProtocol` for application code, with
 * `flush()`, `close()` and `stats()` for the code that owns the process.
 *
 * @throws {InvalidSettingError} when the environment holds an unaccepted value.
 * @example
 * ```ts
 * const logger = getLogger();
 * logger.info('Operation started', { operation: 'sync_accounts' });
 * ```
 */
export function getLogger(): Logger {
  if (state.logger === undefined) {
    const current = getSettings();
    ensureScopePolicy();
    state.logger = createLogger(current, {
      ...(state.options.destination !== undefined ? { destination: state.options.destination } : {}),
      ...(state.options.redaction !== undefined ? { redaction: state.options.redaction } : {}),
      debugTail: state.debugTail,
    });
    installExitHooks();
  }
  return state.logger;
}

/**
 * The app-wide metrics, built on first use: CloudWatch Embedded Metric Format documents, through a
 * CloudWatch sink of their own when `LOG_SINKS` names cloudwatch, else as JSON lines on stdout;
 * `METRICS=off` gives metrics that do nothing. Namespace `METRICS_NAMESPACE` (default
 * `Dashtam/{ENVIRONMENT}`), interval `METRICS_INTERVAL` seconds (default 60). What is held is
 * written on SIGTERM, SIGINT, beforeExit, `shutdown()` and `process.exit`, before the logger's
 * sinks are flushed.
 *
 * @throws {InvalidSettingError} when the environment holds an unaccepted value.
 * @example
 * ```ts
 * const metrics = getMetrics();
 * metrics.timing('provider_latency', 182.4, 'Milliseconds', { provider: 'plaid' });
 * metrics.count('orders_placed', 1, 'Count', { channel: 'web' });
 * ```
 */
export function getMetrics(): ManagedMetrics {
  if (state.metrics === undefined) {
    state.metrics = createMetrics(getSettings(), {
      ...(state.options.destination !== undefined ? { destination: state.options.destination } : {}),
      ...(state.options.redaction !== undefined ? { redaction: state.options.redaction } : {}),
    });
    installExitHooks();
  }
  return state.metrics;
}

// A scope (request, job) opened before the logger is built gets the tail and sampling of the
// current settings: the settings and the tail buffer are built then (not the logger and its
// sinks). Settings that are wrong are left for getLogger() to throw where the application calls it.
function ensureScopePolicy(): void {
  if (state.scopePolicyReady) return;
  try {
    const current = getSettings();
    state.debugTail = debugTailFor(current);
    setScopePolicy({ debugTail: state.debugTail, sampleRate: current.sampleRate });
    state.scopePolicyReady = true;
  } catch {
    // getLogger() throws the same InvalidSettingError at the application's own call.
  }
}
setScopePolicySource(ensureScopePolicy);

// Flush on SIGTERM, SIGINT and beforeExit, so buffered records (CloudWatch batches) are delivered
// before the process ends. After a signal's flush, if no one else listens for it, the signal is
// raised again so the process ends the way it would have without us.
const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

// Every copy's signal handler carries this brand (a Symbol.for key: the same in every copy and
// version of the package), so a copy that does not share this one's state (another version, with
// its state under another key) is not taken for an application listening for the signal: else each
// would leave ending the process to the other, and SIGTERM would do nothing.
const SIGNAL_HOOK = Symbol.for('dashtam.container.signal-hook');

// True when nothing but container copies listens for `signal`: then a container ends the process.
function onlyContainersListen(signal: NodeJS.Signals): boolean {
  return process.listeners(signal).every((l) => (l as { [SIGNAL_HOOK]?: true })[SIGNAL_HOOK] === true);
}

function onSignal(signal: NodeJS.Signals): void {
  // When containers are the signal's only listeners one ends the process, which runs no exit
  // listener: so it closes the metrics and the logger, and records written while the flush waits,
  // or after it, go to the sinks' fallbacks (synchronous) instead of dying in a buffer. Then it
  // runs the exit registry's phases, as the exit listener would have, for what other sinks and
  // metrics of the process (built without the container) still hold.
  const ending = onlyContainersListen(signal);
  void (ending ? closeLogs() : flushLogs()).then(() => {
    if (onlyContainersListen(signal)) {
      removeExitHooks();
      runExitPhases();
      process.kill(process.pid, signal);
    }
  });
}

(onSignal as { [SIGNAL_HOOK]?: true })[SIGNAL_HOOK] = true;

function onBeforeExit(): void {
  void flushLogs();
}

function installExitHooks(): void {
  if (state.hooks !== undefined || state.options.exitHooks === false) return;
  state.hooks = { onSignal, onBeforeExit };
  for (const signal of SIGNALS) process.on(signal, onSignal);
  process.on('beforeExit', onBeforeExit);
}

function removeExitHooks(): void {
  const hooks = state.hooks;
  if (hooks === undefined) return;
  state.hooks = undefined;
  for (const signal of SIGNALS) process.off(signal, hooks.onSignal);
  process.off('beforeExit', hooks.onBeforeExit);
}

/**
 * The app-wide event bus, wired from EVENT_REGISTRY: the LoggingEventHandler is subscribed to every
 * event marked `requires_logging`. Other flags (audit, email, session) are there for subscribers
 * an application adds with `subscribe`.
 *
 * @example
 * ```ts
 * await getEventBus().publish(createEvent('UserLoginSucceeded', { user_id, email }));
 * ```
 */
export function getEventBus(): EventBus {
  state.eventBus ??= createEventBus(getLogger());
  return state.eventBus;
}

/**
 * Writes what the metrics hold (if built), then flushes the logger's buffered output (if built):
 * call it before a `process.exit()` of your own. Never rejects.
 */
export async function flushLogs(): Promise<void> {
  await state.metrics?.flush().catch(() => undefined);
  await state.logger?.flush().catch(() => undefined);
}

// Metrics first: their documents go through sinks, which close after.
async function closeLogs(): Promise<void> {
  await state.metrics?.close().catch(() => undefined);
  await state.logger?.close().catch(() => undefined);
}

/**
 * Closes the metrics (writing what they hold), flushes and closes the logger and forgets the
 * singletons (settings, logger, metrics, event bus), so the
 * next call builds them again from the environment. Never rejects.
 */
export async function shutdown(): Promise<void> {
  const current = state.logger;
  const currentMetrics = state.metrics;
  removeExitHooks();
  state.logger = undefined;
  state.metrics = undefined;
  state.settings = undefined;
  state.eventBus = undefined;
  state.debugTail = undefined;
  state.scopePolicyReady = false;
  setScopePolicy({ debugTail: undefined, sampleRate: 0 });
  // Metrics first, so what they held is written before the logger's sinks close.
  await currentMetrics?.close().catch(() => undefined);
  await current?.close().catch(() => undefined);
}

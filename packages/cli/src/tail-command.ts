import type { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  CloudWatchLogsClient,
  type FilteredLogEvent,
  FilterLogEventsCommand,
  type FilterLogEventsCommandOutput,
} from '@aws-sdk/client-cloudwatch-logs';
import { CloudWatchReadError } from './errors.js';
import { serverFilterPattern } from './filter-pattern.js';
import { LinePrinter, type LinePrinterOptions } from './line-printer.js';
import { DEFAULT_MAX_LINE_BYTES } from './line-reader.js';
import { isMetricsStream, METRICS_STREAM_PREFIX } from './metric-documents.js';
import { write } from './output.js';

/** What `dashtam-logs tail` reads and how. */
export interface TailOptions extends LinePrinterOptions {
  readonly group: string;
  readonly streamPrefix?: string;
  /** Start time, ms since the epoch. */
  readonly startTime: number;
  /** Keep polling for new events until the signal aborts. @default false */
  readonly follow?: boolean;
  /** Wait between polls when following, in ms. @default 2000 */
  readonly interval?: number;
  /**
   * When following, each poll starts this long (ms) before the newest event seen, so an event
   * ingested late with an earlier timestamp is still read; events already printed are recognised
   * by id. 0 starts at the newest. @default 10000
   */
  readonly overlap?: number;
  /** Retries of a throttled or failed call before giving up. @default 8 */
  readonly maxRetries?: number;
  /**
   * `--filter-pattern`: a CloudWatch filter pattern sent as is; a JSON one (`{ ... }`) is joined
   * with `&&` to the conditions of `level`, `traceId` and `grep`, another kind cannot be.
   */
  readonly filterPattern?: string;
  /** Name each event's stream: `[stream] ` before a line, `@logStream` in a JSON record. @default false */
  readonly showStream?: boolean;
}

const RETRYABLE = new Set([
  'ThrottlingException',
  'TooManyRequestsException',
  'LimitExceededException',
  'ServiceUnavailableException',
  'InternalFailure',
  'RequestTimeout',
]);

function isRetryable(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number }; code?: string };
  if (RETRYABLE.has(String(e?.name))) return true;
  const status = e?.$metadata?.httpStatusCode;
  if (typeof status === 'number') return status >= 500;
  // No HTTP answer at all: a reset or refused connection.
  return typeof e?.code === 'string' && /^E(CONNRESET|CONNREFUSED|PIPE|TIMEDOUT)$/.test(e.code);
}

function isAbort(error: unknown, signal: AbortSignal): boolean {
  return signal.aborted || (error as { name?: string })?.name === 'AbortError';
}

/**
 * `dashtam-logs tail`: reads a log group with FilterLogEvents from `startTime`, every page, and
 * prints each event (pretty, or as is with `json`); with `follow`, polls for new events until
 * `signal` aborts (then resolves: Ctrl-C is a clean end). Throttling and server errors are
 * retried with backoff. `level`, `traceId`, `grep` and `filterPattern` narrow the query on the
 * server (a JSON filter pattern, see filter-pattern.ts), and are checked exactly here.
 *
 * @throws {CloudWatchReadError} when CloudWatch refuses a call (missing group, access denied) or
 * keeps failing after `maxRetries`.
 * @example
 * ```ts
 * await runTail({ group: '/dashtam/production/app', startTime: Date.now() - 900_000 }, client, process.stdout, signal);
 * ```
 */
export async function runTail(
  options: TailOptions,
  client: CloudWatchLogsClient,
  out: Writable,
  signal: AbortSignal,
): Promise<void> {
  const printer = new LinePrinter({ ...options, dropOthersWhenFiltering: true });
  const filterPattern = serverFilterPattern(options);
  // The container's metrics (EMF documents) have streams of their own in the app's group: not
  // records, so not printed unless --stream-prefix asks for them.
  const skipsMetrics = !options.streamPrefix?.startsWith(METRICS_STREAM_PREFIX);
  // Events already printed, by id, with their timestamps: those at or after the next poll's start
  // (the newest timestamp seen less the overlap), which that poll returns again. Older ones are
  // forgotten, so memory is bounded by what the overlap holds.
  const seen = new Map<string, number>();
  const overlap = options.overlap ?? DEFAULT_OVERLAP_MS;
  let newest = options.startTime;
  let startTime = options.startTime;
  for (;;) {
    let nextToken: string | undefined;
    do {
      const page = await send(client, options, filterPattern, startTime, nextToken, signal);
      if (page === undefined) return;
      for (const event of page.events ?? []) {
        if (skipsMetrics && isMetricsStream(event.logStreamName)) continue;
        const id = event.eventId ?? `${event.logStreamName}/${event.timestamp}/${event.message}`;
        if (seen.has(id)) continue;
        const time = event.timestamp ?? 0;
        seen.set(id, time);
        // Compared one by one, not Math.max(...times): a poll can return more events than a call
        // takes arguments. Not past now: one event stamped in the future must not move every later
        // poll past the events still to come.
        if (time > newest) newest = Math.min(time, Date.now());
        const stream = options.showStream === true ? (event.logStreamName ?? '') : undefined;
        const text = printer.printMessage(messageOf(event), options.maxLine ?? DEFAULT_MAX_LINE_BYTES, stream);
        if (text !== undefined) await write(out, text);
      }
      nextToken = page.nextToken;
    } while (nextToken !== undefined && !signal.aborted);
    if (!options.follow || signal.aborted) return;
    startTime = Math.max(options.startTime, newest - overlap);
    for (const [id, time] of seen) if (time < startTime) seen.delete(id);
    try {
      await sleep(options.interval ?? 2000, undefined, { signal });
    } catch {
      return; // aborted while waiting: a clean end
    }
  }
}

/** How far back (ms) each poll of `--follow` starts before the newest event seen. */
export const DEFAULT_OVERLAP_MS = 10_000;

function messageOf(event: FilteredLogEvent): string {
  // A record is one line; a multi-line message (not ours) is printed as it is.
  return (event.message ?? '').replace(/\n$/, '');
}

async function send(
  client: CloudWatchLogsClient,
  options: TailOptions,
  filterPattern: string | undefined,
  startTime: number,
  nextToken: string | undefined,
  signal: AbortSignal,
): Promise<FilterLogEventsCommandOutput | undefined> {
  const maxRetries = options.maxRetries ?? 8;
  const command = new FilterLogEventsCommand({
    logGroupName: options.group,
    startTime,
    ...(options.streamPrefix !== undefined ? { logStreamNamePrefix: options.streamPrefix } : {}),
    ...(filterPattern !== undefined && filterPattern !== '' ? { filterPattern } : {}),
    ...(nextToken !== undefined ? { nextToken } : {}),
  });
  for (let attempt = 0; ; attempt++) {
    try {
      return await client.send(command, { abortSignal: signal });
    } catch (error) {
      if (isAbort(error, signal)) return undefined;
      if (!isRetryable(error) || attempt >= maxRetries) throw describe(error, options.group, attempt);
      // Full jitter, 100 ms doubling to 5 s.
      const delay = Math.random() * Math.min(5000, 100 * 2 ** attempt);
      try {
        await sleep(delay, undefined, { signal });
      } catch {
        return undefined;
      }
    }
  }
}

function describe(error: unknown, group: string, retries: number): CloudWatchReadError {
  const e = error as { name?: string; message?: string };
  const name = String(e?.name ?? 'Error');
  if (name === 'ResourceNotFoundException') {
    return new CloudWatchReadError(`log group ${JSON.stringify(group)} not found (${name}: ${e.message})`, {
      cause: error,
    });
  }
  const after = retries > 0 ? ` after ${retries} retries` : '';
  return new CloudWatchReadError(`FilterLogEvents on ${JSON.stringify(group)} failed${after}: ${name}: ${e?.message}`, {
    cause: error,
  });
}

/** A CloudWatch Logs client for the CLI: its own retries only (see {@link runTail}). */
export function createClient(options: { region?: string; endpoint?: string }): CloudWatchLogsClient {
  return new CloudWatchLogsClient({
    region: options.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1',
    ...(options.endpoint !== undefined ? { endpoint: options.endpoint } : {}),
    maxAttempts: 1,
  });
}

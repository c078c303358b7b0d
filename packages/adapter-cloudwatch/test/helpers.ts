import { once } from 'node:events';
import { CloudWatchLogsClient, GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import type { LocalCloudWatchLogs } from '@dashtam/cloudwatch-local';
import { Logger, type LoggerOptions, type LogRecord } from '@dashtam/logger-protocol';
import { capturedOutput } from '@dashtam/logger-protocol/testing';
import { CloudWatchSink } from '../src/cloudwatch-sink.js';
import type { CloudWatchSinkOptions } from '../src/options.js';

export const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

/** Fallback lines, captured. */
export function fallbackSink() {
  return capturedOutput();
}

let counter = 0;

const LOGGER_KEYS = new Set([
  'level',
  'traceContext',
  'spanContext',
  'correlationContext',
  'clock',
  'redaction',
  'limits',
]);

/** Splits one options bag into the logger's options and the sink's. */
export function splitOptions<T extends object>(
  options: T,
): [Omit<LoggerOptions, 'sink'>, Partial<CloudWatchSinkOptions>] {
  const logger: Record<string, unknown> = {};
  const sink: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(options)) (LOGGER_KEYS.has(k) ? logger : sink)[k] = v;
  return [logger, sink];
}

/**
 * A logger over a CloudWatch sink pointed at `cw`, with a unique group, test-friendly retry delays
 * and a captured fallback. Logger options (level, traceContext, ...) go to the logger, the rest to the sink.
 */
export function adapterFor(
  cw: LocalCloudWatchLogs,
  options: Partial<CloudWatchSinkOptions> & Omit<LoggerOptions, 'sink'> = {},
) {
  const fallback = fallbackSink();
  const logGroup = `/dashtam/test/app-${++counter}`;
  const [loggerOptions, sinkOptions] = splitOptions(options);
  const sink = new CloudWatchSink({
    logGroup,
    logStream: 'stream',
    endpoint: cw.url,
    region: 'us-east-1',
    credentials,
    retryBaseDelay: 5,
    retryMaxDelay: 50,
    fallback: fallback.destination,
    ...sinkOptions,
  });
  const logger = new Logger({ sink, ...loggerOptions });
  return { logger, sink, logGroup, fallback };
}

/** Reads a whole stream back through the real SDK (GetLogEvents, every page) and parses each record. */
export async function readBack(
  cw: LocalCloudWatchLogs,
  logGroupName: string,
  logStreamName: string,
): Promise<LogRecord[]> {
  const client = new CloudWatchLogsClient({ endpoint: cw.url, region: 'us-east-1', credentials, maxAttempts: 1 });
  const out: LogRecord[] = [];
  let token: string | undefined;
  try {
    for (;;) {
      const page = await client.send(
        new GetLogEventsCommand({
          logGroupName,
          logStreamName,
          startFromHead: true,
          ...(token ? { nextToken: token } : {}),
        }),
      );
      for (const e of page.events ?? []) out.push(JSON.parse(e.message ?? '') as LogRecord);
      if (!page.events?.length || page.nextForwardToken === token) break;
      token = page.nextForwardToken;
    }
  } finally {
    client.destroy();
  }
  return out;
}

/**
 * Resolves once the endpoint has answered `count` more `operation` requests with 200 (the events
 * of a PutLogEvents are stored by then).
 */
export function answered(cw: LocalCloudWatchLogs, operation: string, count = 1): Promise<void> {
  let seen = 0;
  return new Promise((resolve) => {
    const listener = (op: string, status: number) => {
      if (op !== operation || status !== 200 || ++seen < count) return;
      cw.off('response', listener);
      resolve();
    };
    cw.on('response', listener);
  });
}

/** Resolves when the endpoint next receives `operation`. */
export async function nextRequest(cw: LocalCloudWatchLogs, operation: string): Promise<void> {
  for (;;) {
    const [op] = await once(cw, 'request');
    if (op === operation) return;
  }
}

import { once } from 'node:events';
import { CloudWatchLogsClient, GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import type { LocalCloudWatchLogs } from '@dashtam/cloudwatch-local';
import type { LogRecord } from '@dashtam/logger-protocol';
import { CloudWatchAdapter } from '../src/cloudwatch-adapter.js';
import type { CloudWatchAdapterOptions } from '../src/options.js';

export const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

/** Fallback lines, captured. */
export function fallbackSink() {
  const chunks: string[] = [];
  return {
    destination: { write: (c: string) => chunks.push(c) },
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

let counter = 0;

/** An adapter pointed at `cw`, with a unique group, test-friendly retry delays and a captured fallback. */
export function adapterFor(cw: LocalCloudWatchLogs, options: Partial<CloudWatchAdapterOptions> = {}) {
  const fallback = fallbackSink();
  const logGroup = `/dashtam/test/app-${++counter}`;
  const logger = new CloudWatchAdapter({
    logGroup,
    logStream: 'stream',
    endpoint: cw.url,
    region: 'us-east-1',
    credentials,
    retryBaseDelay: 5,
    retryMaxDelay: 50,
    fallback: fallback.destination,
    ...options,
  });
  return { logger, logGroup, fallback };
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

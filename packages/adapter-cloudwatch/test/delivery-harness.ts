import {
  CloudWatchLogsClient,
  type CloudWatchLogsClientResolvedConfig,
  PutLogEventsCommand,
  type PutLogEventsCommandInput,
  type ServiceInputTypes,
  type ServiceOutputTypes,
} from '@aws-sdk/client-cloudwatch-logs';
import { capturedOutput } from '@dashtam/logger-protocol/testing';
import type { AwsStub } from 'aws-sdk-client-mock';
import { vi } from 'vitest';
import type { QueuedEvent } from '../src/batch.js';
import { Delivery } from '../src/delivery.js';
import { FallbackWriter } from '../src/fallback.js';
import { type CloudWatchSinkOptions, resolveCloudWatchConfig } from '../src/options.js';

/** An event as the queue hands it to the sender, for tests of what is done with a batch. */
export const queuedEvent = (seq: number, time: number, message: string): QueuedEvent => ({
  seq,
  time,
  message,
  bytes: Buffer.byteLength(message),
});

/** An AWS SDK error by name, with the HTTP status the SDK would report. */
export const awsError = (name: string, message = 'failed', status = 400) =>
  Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });

/** CloudWatch's throttling answer. */
export const throttled = () => awsError('ThrottlingException', 'Rate exceeded');

/** A record line as the logger would enqueue it; `m` is what the tests read back. */
export const line = (m: string): string => JSON.stringify({ m });

/** Everything written to a fallback, read back as records (`m` of each) and as the adapter's reports. */
export function capturedFallback() {
  const out = capturedOutput();
  const lines = out.lines;
  return {
    writer: new FallbackWriter(out.destination),
    records: () =>
      lines()
        .filter((l) => l.source === undefined)
        .map((l) => l.m),
    reports: () => lines().filter((l) => l.source === 'dashtam-cloudwatch-adapter'),
  };
}

/**
 * A Delivery over a mocked client (whatever `mockClient(CloudWatchLogsClient)` answers), with a
 * captured fallback, fast retries and an hour-long interval unless the test says otherwise.
 */
export function deliveryWith(options: Partial<CloudWatchSinkOptions> = {}) {
  const fallback = capturedFallback();
  const config = resolveCloudWatchConfig({
    logGroup: '/dashtam/unit/app',
    logStream: 's',
    retryBaseDelay: 1,
    retryMaxDelay: 2,
    flushInterval: 3_600_000,
    ...options,
  });
  const delivery = new Delivery(new CloudWatchLogsClient({ region: 'us-east-1' }), config, fallback.writer);
  live.push(delivery);
  return { delivery, ...fallback };
}

export interface Deferred<T> {
  readonly promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

export function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** One PutLogEvents call as the mocked client saw it. */
export interface Put {
  /** `Date.now()` when it was made (the fake clock in tests that use one). */
  readonly at: number;
  readonly group: string | undefined;
  readonly stream: string | undefined;
  readonly messages: unknown[];
  readonly timestamps: (number | undefined)[];
}

type Answer = (n: number) => Promise<unknown>;

/**
 * Records every PutLogEvents call and answers the n-th (from 1) with `answer(n)` (success by
 * default). `called(n)` resolves once n calls were made.
 */
export function recordPuts(
  mock: AwsStub<ServiceInputTypes, ServiceOutputTypes, CloudWatchLogsClientResolvedConfig>,
  answer: Answer = () => Promise.resolve({}),
) {
  const puts: Put[] = [];
  const waiting: { n: number; resolve: () => void }[] = [];
  mock.on(PutLogEventsCommand).callsFake((input: PutLogEventsCommandInput) => {
    const events = input.logEvents ?? [];
    puts.push({
      at: Date.now(),
      group: input.logGroupName,
      stream: input.logStreamName,
      messages: events.map((e) => (JSON.parse(e.message ?? '{}') as { m?: unknown }).m),
      timestamps: events.map((e) => e.timestamp),
    });
    for (const w of waiting.filter((w) => w.n <= puts.length)) w.resolve();
    return answer(puts.length);
  });
  return {
    puts,
    called(n: number): Promise<void> {
      if (puts.length >= n) return Promise.resolve();
      return new Promise((resolve) => waiting.push({ n, resolve }));
    },
  };
}

/**
 * Fake timers for delivery tests: the clock, `setTimeout` (interval, backoff, deadlines) and `Date`
 * are faked; `setImmediate` stays real, so the sender starts on a real turn of the event loop.
 */
export function fakeClock(now: number): void {
  vi.useFakeTimers({ now, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
}

/** One real turn of the event loop: a sender kicked before it has run (its answers were immediate). */
export function turn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Advances the fake clock by `ms`, then lets the sender run what that made due. */
export async function advance(ms: number): Promise<void> {
  await vi.advanceTimersByTimeAsync(ms);
  await turn();
}

/**
 * Under {@link fakeClock}: lets the event loop turn and runs the clock timer by timer until
 * `promise` settles; throws if it never does.
 */
export async function until<T>(promise: Promise<T>): Promise<T> {
  let settled = false;
  promise.then(
    () => {
      settled = true;
    },
    () => {
      settled = true;
    },
  );
  for (let i = 0; i < 10_000 && !settled; i++) {
    await turn();
    if (!settled) await vi.advanceTimersToNextTimerAsync();
  }
  if (!settled) throw new Error('never settled');
  return promise;
}

const live: Delivery[] = [];

/** Drains every delivery made by {@link deliveryWith} (call it after each test): nothing is left to run. */
export function drainDeliveries(): void {
  for (const d of live.splice(0)) d.drainSync();
}

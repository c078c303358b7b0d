import { alreadyExists, invalidParameter, notFound } from './aws-error.js';
import { compileFilterPattern } from './filter-pattern.js';

/** CloudWatch Logs' limits, as documented for PutLogEvents. */
export const LIMITS = Object.freeze({
  maxBatchEvents: 10_000,
  maxBatchBytes: 1_048_576,
  eventOverheadBytes: 26,
  maxSpanMs: 24 * 60 * 60 * 1000,
  maxFutureMs: 2 * 60 * 60 * 1000,
  maxAgeMs: 14 * 24 * 60 * 60 * 1000,
});

/**
 * The retention periods CloudWatch Logs accepts (PutRetentionPolicy). Kept here, not imported from
 * `@dashtam/adapter-cloudwatch`'s `CLOUDWATCH_RETENTION_DAYS`: this endpoint models the service and
 * judges the adapter, and the adapter's tests depend on this package (importing back would be a
 * cycle). `packages/adapter-cloudwatch/test/retention.test.ts` checks that the two lists agree.
 */
export const RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

export interface StoredEvent {
  readonly timestamp: number;
  readonly message: string;
  readonly ingestionTime: number;
  readonly eventId: string;
  /**
   * The `x-amzn-logs-format` header of the PutLogEvents call that stored the event (`json/emf` for
   * embedded metric format documents), undefined when the call had none.
   */
  readonly logFormat?: string;
}

/** What the transport tells the store about a call besides its body. */
export interface CallContext {
  /** The call's `x-amzn-logs-format` header. */
  readonly logFormat?: string | undefined;
}

interface Stream {
  readonly name: string;
  readonly creationTime: number;
  readonly events: StoredEvent[];
  storedBytes: number;
  lastIngestionTime?: number;
}

interface Group {
  readonly name: string;
  readonly creationTime: number;
  retentionInDays?: number;
  readonly streams: Map<string, Stream>;
}

type Json = Record<string, unknown>;

const GROUP_NAME = /^[.\-_/#A-Za-z0-9]{1,512}$/;
const STREAM_NAME = /^[^:*]{1,512}$/;

function str(input: Json, key: string, required = true): string | undefined {
  const v = input[key];
  if (v === undefined && !required) return undefined;
  if (typeof v !== 'string')
    throw invalidParameter(
      `1 validation error detected: Value at '${key}' failed to satisfy constraint: Member must not be null`,
    );
  return v;
}

function num(input: Json, key: string): number | undefined {
  const v = input[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw invalidParameter(`Value at '${key}' must be a number`);
  return v;
}

/**
 * The state of the local endpoint and the operations on it, with CloudWatch Logs' validations and
 * answers. Operations take and return the JSON bodies of the AWS JSON 1.1 protocol.
 */
export class LogStore {
  readonly #groups = new Map<string, Group>();
  readonly #clock: () => number;
  readonly #maxEventBytes: number;
  #nextEventId = 0;

  constructor(options: { clock?: () => number; maxEventBytes?: number } = {}) {
    this.#clock = options.clock ?? Date.now;
    this.#maxEventBytes = options.maxEventBytes ?? 1_048_576;
  }

  #group(name: string | undefined): Group {
    const group = name === undefined ? undefined : this.#groups.get(name);
    if (group === undefined) throw notFound('The specified log group does not exist.');
    return group;
  }

  #stream(groupName: string | undefined, streamName: string | undefined): Stream {
    const stream = streamName === undefined ? undefined : this.#group(groupName).streams.get(streamName);
    if (stream === undefined) throw notFound('The specified log stream does not exist.');
    return stream;
  }

  CreateLogGroup(input: Json): Json {
    const name = str(input, 'logGroupName') as string;
    if (!GROUP_NAME.test(name)) throw invalidParameter(`Invalid log group name: ${name}`);
    if (this.#groups.has(name)) throw alreadyExists('The specified log group already exists');
    this.#groups.set(name, { name, creationTime: this.#clock(), streams: new Map() });
    return {};
  }

  DeleteLogGroup(input: Json): Json {
    const name = str(input, 'logGroupName') as string;
    this.#group(name);
    this.#groups.delete(name);
    return {};
  }

  CreateLogStream(input: Json): Json {
    const group = this.#group(str(input, 'logGroupName'));
    const name = str(input, 'logStreamName') as string;
    if (!STREAM_NAME.test(name)) throw invalidParameter(`Invalid log stream name: ${name}`);
    if (group.streams.has(name)) throw alreadyExists('The specified log stream already exists');
    group.streams.set(name, { name, creationTime: this.#clock(), events: [], storedBytes: 0 });
    return {};
  }

  DeleteLogStream(input: Json): Json {
    const group = this.#group(str(input, 'logGroupName'));
    const name = str(input, 'logStreamName') as string;
    if (!group.streams.delete(name)) throw notFound('The specified log stream does not exist.');
    return {};
  }

  PutRetentionPolicy(input: Json): Json {
    const group = this.#group(str(input, 'logGroupName'));
    const days = num(input, 'retentionInDays');
    if (days === undefined || !RETENTION_DAYS.includes(days)) {
      throw invalidParameter(
        `1 validation error detected: Value '${String(days)}' at 'retentionInDays' failed to satisfy constraint: Member must satisfy enum value set: [${RETENTION_DAYS.join(', ')}]`,
      );
    }
    group.retentionInDays = days;
    return {};
  }

  DescribeLogGroups(input: Json): Json {
    const prefix = str(input, 'logGroupNamePrefix', false) ?? '';
    const groups = [...this.#groups.values()]
      .filter((g) => g.name.startsWith(prefix))
      .sort((a, b) => (a.name < b.name ? -1 : 1))
      .map((g) => ({
        logGroupName: g.name,
        creationTime: g.creationTime,
        ...(g.retentionInDays !== undefined ? { retentionInDays: g.retentionInDays } : {}),
        storedBytes: [...g.streams.values()].reduce((n, s) => n + s.storedBytes, 0),
        arn: `arn:aws:logs:local:000000000000:log-group:${g.name}:*`,
      }));
    return { logGroups: groups };
  }

  DescribeLogStreams(input: Json): Json {
    const group = this.#group(str(input, 'logGroupName'));
    const prefix = str(input, 'logStreamNamePrefix', false) ?? '';
    const streams = [...group.streams.values()]
      .filter((s) => s.name.startsWith(prefix))
      .sort((a, b) => (a.name < b.name ? -1 : 1))
      .map((s) => {
        let first = Number.POSITIVE_INFINITY;
        let last = Number.NEGATIVE_INFINITY;
        for (const e of s.events) {
          if (e.timestamp < first) first = e.timestamp;
          if (e.timestamp > last) last = e.timestamp;
        }
        return {
          logStreamName: s.name,
          creationTime: s.creationTime,
          ...(s.events.length > 0 ? { firstEventTimestamp: first, lastEventTimestamp: last } : {}),
          ...(s.lastIngestionTime !== undefined ? { lastIngestionTime: s.lastIngestionTime } : {}),
          storedBytes: s.storedBytes,
          arn: `arn:aws:logs:local:000000000000:log-group:${group.name}:log-stream:${s.name}`,
        };
      });
    return { logStreams: streams };
  }

  PutLogEvents(input: Json, context: CallContext = {}): Json {
    const groupName = str(input, 'logGroupName');
    const streamName = str(input, 'logStreamName');
    const events = input.logEvents;
    if (!Array.isArray(events) || events.length < 1 || events.length > LIMITS.maxBatchEvents) {
      throw invalidParameter(
        `1 validation error detected: Value at 'logEvents' failed to satisfy constraint: Member must have length less than or equal to ${LIMITS.maxBatchEvents} and greater than or equal to 1`,
      );
    }
    let bytes = 0;
    let previous = Number.NEGATIVE_INFINITY;
    for (const [i, e] of events.entries()) {
      const event = e as Json;
      if (typeof event?.message !== 'string' || event.message.length < 1) {
        throw invalidParameter(
          `1 validation error detected: Value at 'logEvents.${i + 1}.member.message' failed to satisfy constraint: Member must have length greater than or equal to 1`,
        );
      }
      if (typeof event.timestamp !== 'number' || !Number.isInteger(event.timestamp)) {
        throw invalidParameter(
          `1 validation error detected: Value at 'logEvents.${i + 1}.member.timestamp' failed to satisfy constraint: Member must not be null`,
        );
      }
      const size = Buffer.byteLength(event.message, 'utf8');
      if (size + LIMITS.eventOverheadBytes > this.#maxEventBytes) {
        throw invalidParameter(
          `Log event too large: ${size + LIMITS.eventOverheadBytes} bytes exceeds limit of ${this.#maxEventBytes}`,
        );
      }
      if (event.timestamp < previous) {
        throw invalidParameter('Log events in a single PutLogEvents request must be in chronological order.');
      }
      previous = event.timestamp;
      bytes += size + LIMITS.eventOverheadBytes;
    }
    if (bytes > LIMITS.maxBatchBytes) {
      throw invalidParameter(`Upload too large: ${bytes} bytes exceeds limit of ${LIMITS.maxBatchBytes}`);
    }
    const first = (events[0] as Json).timestamp as number;
    if (previous - first > LIMITS.maxSpanMs) {
      throw invalidParameter(
        'The batch of log events in a single PutLogEvents request cannot span more than 24 hours.',
      );
    }
    const group = this.#group(groupName);
    const stream = this.#stream(groupName, streamName);
    const now = this.#clock();
    const retentionFloor =
      group.retentionInDays === undefined ? Number.NEGATIVE_INFINITY : now - group.retentionInDays * 86_400_000;
    let tooOldEnd = 0;
    let expiredEnd = 0;
    let tooNewStart = events.length;
    for (const [i, e] of events.entries()) {
      const t = (e as Json).timestamp as number;
      if (t < now - LIMITS.maxAgeMs) tooOldEnd = i + 1;
      if (t < retentionFloor) expiredEnd = i + 1;
      if (t > now + LIMITS.maxFutureMs && tooNewStart === events.length) tooNewStart = i;
    }
    for (let i = Math.max(tooOldEnd, expiredEnd); i < tooNewStart; i++) {
      const e = events[i] as { timestamp: number; message: string };
      stream.events.push({
        timestamp: e.timestamp,
        message: e.message,
        ingestionTime: now,
        eventId: String(this.#nextEventId++),
        ...(context.logFormat !== undefined ? { logFormat: context.logFormat } : {}),
      });
      stream.storedBytes += Buffer.byteLength(e.message, 'utf8');
    }
    stream.lastIngestionTime = now;
    const rejected = {
      ...(tooOldEnd > 0 ? { tooOldLogEventEndIndex: tooOldEnd } : {}),
      ...(expiredEnd > 0 ? { expiredLogEventEndIndex: expiredEnd } : {}),
      ...(tooNewStart < events.length ? { tooNewLogEventStartIndex: tooNewStart } : {}),
    };
    return {
      nextSequenceToken: String(this.#nextEventId).padStart(56, '0'),
      ...(Object.keys(rejected).length > 0 ? { rejectedLogEventsInfo: rejected } : {}),
    };
  }

  GetLogEvents(input: Json): Json {
    const stream = this.#stream(str(input, 'logGroupName'), str(input, 'logStreamName'));
    const limit = Math.min(num(input, 'limit') ?? 10_000, 10_000);
    const token = str(input, 'nextToken', false);
    const start = token === undefined ? 0 : Number(token.slice(2));
    const sorted = sortByTime(stream.events).filter((e) => inRange(e.timestamp, input));
    const page = sorted.slice(start, start + limit);
    const next = `f/${start + page.length}`;
    return {
      events: page.map(({ timestamp, message, ingestionTime }) => ({ timestamp, message, ingestionTime })),
      nextForwardToken: next,
      nextBackwardToken: `b/${start}`,
    };
  }

  FilterLogEvents(input: Json): Json {
    const group = this.#group(str(input, 'logGroupName'));
    const names = input.logStreamNames as string[] | undefined;
    const prefix = str(input, 'logStreamNamePrefix', false);
    const matches = compileFilterPattern(str(input, 'filterPattern', false));
    const limit = Math.min(num(input, 'limit') ?? 10_000, 10_000);
    const token = str(input, 'nextToken', false);
    const start = token === undefined ? 0 : Number(token);
    const all: (StoredEvent & { logStreamName: string })[] = [];
    for (const s of group.streams.values()) {
      if (names !== undefined && !names.includes(s.name)) continue;
      if (prefix !== undefined && !s.name.startsWith(prefix)) continue;
      for (const e of s.events) {
        if (inRange(e.timestamp, input) && matches(e.message)) all.push({ ...e, logStreamName: s.name });
      }
    }
    const sorted = sortByTime(all);
    const page = sorted.slice(start, start + limit);
    return {
      // The log format is this endpoint's record of the call, not a field CloudWatch returns.
      events: page.map(({ logFormat: _, ...event }) => event),
      ...(start + page.length < sorted.length ? { nextToken: String(start + page.length) } : {}),
    };
  }

  /** Every stored message of a stream, in timestamp order (for tests). */
  messages(groupName: string, streamName: string): string[] {
    return sortByTime(this.#stream(groupName, streamName).events).map((e) => e.message);
  }

  /** Every stored event of a stream, in timestamp order, with the log format of its call (for tests). */
  events(groupName: string, streamName: string): StoredEvent[] {
    return sortByTime(this.#stream(groupName, streamName).events);
  }

  /** Stream names of a group (for tests). */
  streamNames(groupName: string): string[] {
    return [...this.#group(groupName).streams.keys()];
  }
}

function sortByTime<T extends { timestamp: number }>(events: readonly T[]): T[] {
  return events
    .map((e, i) => [e, i] as const)
    .sort((a, b) => a[0].timestamp - b[0].timestamp || a[1] - b[1])
    .map(([e]) => e);
}

function inRange(t: number, input: Json): boolean {
  const start = input.startTime as number | undefined;
  const end = input.endTime as number | undefined;
  return (start === undefined || t >= start) && (end === undefined || t <= end);
}

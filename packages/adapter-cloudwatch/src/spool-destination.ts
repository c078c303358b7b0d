import { type CloudWatchLogsClient, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import type { FallbackWriter } from '@dashtam/fd-writer/internal';
import { type Destination, markReplayed, type Refused, type ShipResult, type SpoolRecord } from '@dashtam/spool/worker';
import { errorName, errorText } from './aws-errors.js';
import { PUT_LOG_EVENTS_LIMITS, truncateRecord, utcDay, utf8Bytes } from './batch.js';
import { CountedFallback } from './counted-fallback.js';
import { newCounters } from './counters.js';
import { type LogFormat, withLogFormat } from './log-format.js';
import { Provisioning } from './provisioning.js';
import { classifyFailure } from './retry.js';

/** Where a spooled CloudWatch sink's records go: recorded in its spool, so a replay goes there too. */
export interface CloudWatchSpoolTarget {
  readonly logGroup: string;
  /** A fixed stream, or the prefix of the per-day one (`<prefix>/<YYYY-MM-DD>`). */
  readonly stream: { readonly name: string } | { readonly prefix: string };
  readonly logFormat?: LogFormat;
  readonly retentionInDays?: number;
}

/** The delivery settings the destination works with. */
export interface CloudWatchDestinationSettings {
  readonly batchSize: number;
  readonly maxEventBytes: number;
  readonly flushInterval: number;
  readonly retryBaseDelay: number;
  readonly retryMaxDelay: number;
}

// CloudWatch refuses events older than 14 days or more than 2 hours ahead (PutLogEvents).
const MAX_AGE_MS = 14 * 86_400_000;
const MAX_AHEAD_MS = 2 * 3_600_000;
const DAY_MS = 86_400_000;

/**
 * PutLogEvents from the spool, in the worker thread: a batch is one UTC day's records (one stream
 * per day), within the API's count and byte limits, in chronological order. Records CloudWatch
 * would refuse for their age are not sent but handed back as refused; a missing group or stream is
 * created; throttling, 5xx and the network are retried by the shipper (the records wait on disk).
 */
export class CloudWatchDestination implements Destination {
  readonly maxRecords: number;
  readonly maxChars = PUT_LOG_EVENTS_LIMITS.maxBytes;
  readonly flushIntervalMs: number;
  readonly retryBaseDelayMs: number;
  readonly retryMaxDelayMs: number;
  readonly #client: CloudWatchLogsClient;
  readonly #settings: CloudWatchDestinationSettings;
  readonly #reports: CountedFallback;
  readonly #provisioning = new Map<string, Provisioning>();
  readonly #now: () => number;

  constructor(
    client: CloudWatchLogsClient,
    settings: CloudWatchDestinationSettings,
    reports: FallbackWriter,
    now: () => number = Date.now,
  ) {
    this.#client = client;
    this.#settings = settings;
    this.maxRecords = settings.batchSize;
    this.flushIntervalMs = settings.flushInterval;
    this.retryBaseDelayMs = settings.retryBaseDelay;
    this.retryMaxDelayMs = settings.retryMaxDelay;
    this.#reports = new CountedFallback(reports, newCounters());
    this.#now = now;
  }

  async ship(
    records: readonly SpoolRecord[],
    where: Readonly<Record<string, unknown>>,
    replayed: boolean,
  ): Promise<ShipResult> {
    const target = where as unknown as CloudWatchSpoolTarget;
    const now = this.#now();
    const tooOld: string[] = [];
    const tooNew: string[] = [];
    const events: { timestamp: number; message: string }[] = [];
    let truncated = 0;
    let bytes = 0;
    let day: number | undefined;
    let consumed = 0;
    for (const record of records) {
      const line = replayed ? markReplayed(record.line) : record.line;
      if (record.time < now - MAX_AGE_MS) {
        tooOld.push(line);
        consumed++;
        continue;
      }
      if (record.time > now + MAX_AHEAD_MS) {
        tooNew.push(line);
        consumed++;
        continue;
      }
      const recordDay = Math.floor(record.time / DAY_MS);
      if (day !== undefined && recordDay !== day) break;
      let message = line;
      let size = utf8Bytes(message);
      if (size + PUT_LOG_EVENTS_LIMITS.eventOverheadBytes > this.#settings.maxEventBytes) {
        message = truncateRecord(message, this.#settings.maxEventBytes);
        size = utf8Bytes(message);
        truncated++;
      }
      if (events.length > 0 && bytes + size + PUT_LOG_EVENTS_LIMITS.eventOverheadBytes > PUT_LOG_EVENTS_LIMITS.maxBytes)
        break;
      day = recordDay;
      bytes += size + PUT_LOG_EVENTS_LIMITS.eventOverheadBytes;
      events.push({ timestamp: record.time, message });
      consumed++;
    }
    const refused: Refused[] = [];
    if (tooOld.length > 0)
      refused.push({ lines: tooOld, reason: 'too_old: older than CloudWatch accepts (14 days)', byBackend: false });
    if (tooNew.length > 0)
      refused.push({ lines: tooNew, reason: 'too_new: more than 2 hours ahead', byBackend: false });
    if (events.length === 0) return { kind: 'done', consumed, refused, truncated };
    events.sort((a, b) => a.timestamp - b.timestamp);
    const stream =
      'name' in target.stream ? target.stream.name : `${target.stream.prefix}/${utcDay(events[0]?.timestamp ?? now)}`;
    for (let recreated = 0; ; recreated++) {
      try {
        const response = await this.#client.send(
          withLogFormat(
            new PutLogEventsCommand({ logGroupName: target.logGroup, logStreamName: stream, logEvents: events }),
            target.logFormat,
          ),
        );
        this.#reports.resetReports();
        refused.push(...rejected(events, response.rejectedLogEventsInfo));
        return { kind: 'done', consumed, refused, truncated };
      } catch (error) {
        const kind = classifyFailure(error);
        if (kind === 'recreate' && recreated < 3) {
          try {
            await this.#provisioningFor(target).provision(stream);
          } catch (e) {
            return { kind: 'retry', reason: `${errorName(e)}: ${errorText(e)}` };
          }
          continue;
        }
        if (kind === 'retry') return { kind: 'retry', reason: `${errorName(error)}: ${errorText(error)}` };
        refused.push({
          lines: events.map((e) => e.message),
          reason: `refused: ${errorName(error)}: ${errorText(error)}`,
          byBackend: true,
        });
        return { kind: 'done', consumed, refused, truncated };
      }
    }
  }

  close(): void {
    this.#client.destroy();
  }

  #provisioningFor(target: CloudWatchSpoolTarget): Provisioning {
    let p = this.#provisioning.get(target.logGroup);
    if (p === undefined) {
      p = new Provisioning(
        this.#client,
        { logGroup: target.logGroup, retentionInDays: target.retentionInDays },
        this.#reports,
      );
      this.#provisioning.set(target.logGroup, p);
    }
    return p;
  }
}

type RejectedInfo =
  | { tooNewLogEventStartIndex?: number; tooOldLogEventEndIndex?: number; expiredLogEventEndIndex?: number }
  | undefined;

// What CloudWatch stored the batch without: [0, oldEnd) and [newStart, n) of the batch as sent.
function rejected(events: readonly { message: string }[], info: RejectedInfo): Refused[] {
  const n = events.length;
  const clamp = (i: number | undefined, d: number) => Math.min(n, Math.max(0, i ?? d));
  const oldEnd = Math.max(clamp(info?.tooOldLogEventEndIndex, 0), clamp(info?.expiredLogEventEndIndex, 0));
  const newStart = Math.max(oldEnd, clamp(info?.tooNewLogEventStartIndex, n));
  const out: Refused[] = [];
  if (oldEnd > 0)
    out.push({
      lines: events.slice(0, oldEnd).map((e) => e.message),
      reason: 'rejected: too old or expired',
      byBackend: true,
    });
  if (newStart < n)
    out.push({ lines: events.slice(newStart).map((e) => e.message), reason: 'rejected: too new', byBackend: true });
  return out;
}

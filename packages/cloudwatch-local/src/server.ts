import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { AccessPolicy } from './access-policy.js';
import { AwsError } from './aws-error.js';
import { FaultInjector, type FaultRule } from './faults.js';
import { type CallContext, LogStore } from './log-store.js';

const TARGET_PREFIX = 'Logs_20140328.';
const OPERATIONS = new Set([
  'CreateLogGroup',
  'DeleteLogGroup',
  'CreateLogStream',
  'DeleteLogStream',
  'DescribeLogGroups',
  'DescribeLogStreams',
  'PutLogEvents',
  'GetLogEvents',
  'FilterLogEvents',
  'PutRetentionPolicy',
]);

/** One request the endpoint received, as {@link LocalCloudWatchLogs.requests} lists it. */
export interface RecordedRequest {
  readonly operation: string;
  /** The request body; a PutLogEvents body without its `logEvents` (their number is in `putEvents`). */
  readonly input: Readonly<Record<string, unknown>>;
  /** The HTTP status answered (0 when the connection was dropped). */
  status: number;
  /** PutLogEvents: events in the call. */
  readonly putEvents?: number;
  /** FilterLogEvents and GetLogEvents: events in the answer. */
  eventsReturned?: number;
}

/** How many requests {@link LocalCloudWatchLogs.requests} keeps (the newest). */
export const REQUEST_LOG_SIZE = 1000;

/** Options of a {@link LocalCloudWatchLogs} endpoint. */
export interface LocalCloudWatchLogsOptions {
  /** @default '127.0.0.1' */
  readonly host?: string;
  /** 0 picks a free port. @default 0 */
  readonly port?: number;
  /** The service's clock, for the too-old and too-new rules. @default Date.now */
  readonly clock?: () => number;
  /** Largest event, message bytes + 26 (1 MiB today; 256 KiB on older accounts). @default 1048576 */
  readonly maxEventBytes?: number;
}

/**
 * A local CloudWatch Logs endpoint: HTTP, AWS JSON 1.1 (`POST /`,
 * `X-Amz-Target: Logs_20140328.<Operation>`), the operations a logging adapter uses, with AWS's
 * validations, partial rejections and error shapes, and fault injection. Signatures are not checked.
 *
 * @example
 * ```ts
 * const cw = await LocalCloudWatchLogs.start();
 * const client = new CloudWatchLogsClient({ endpoint: cw.url, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
 * cw.faults.inject({ kind: 'throttle', count: 3, operations: ['PutLogEvents'] });
 * await cw.stop();
 * ```
 */
export class LocalCloudWatchLogs extends EventEmitter<{
  request: [operation: string];
  response: [operation: string, status: number];
}> {
  readonly store: LogStore;
  readonly faults: FaultInjector;
  /** What the caller's role may call (everything until told otherwise). */
  readonly policy = new AccessPolicy();
  readonly #server: Server;
  readonly #sockets = new Set<Socket>();
  readonly #calls = new Map<string, number>();
  readonly #log: RecordedRequest[] = [];
  #url = '';

  private constructor(options: LocalCloudWatchLogsOptions) {
    super();
    this.store = new LogStore({
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.maxEventBytes ? { maxEventBytes: options.maxEventBytes } : {}),
    });
    this.faults = new FaultInjector();
    this.#server = createServer((req, res) => {
      this.#handle(req, res).catch((e: unknown) => {
        if (!res.headersSent) this.#send(res, new AwsError('InternalFailure', String(e), 500));
      });
    });
    this.#server.keepAliveTimeout = 30_000;
    this.#server.on('connection', (socket) => {
      this.#sockets.add(socket);
      socket.on('close', () => this.#sockets.delete(socket));
    });
  }

  /** Starts an endpoint and resolves once it listens. */
  static async start(options: LocalCloudWatchLogsOptions = {}): Promise<LocalCloudWatchLogs> {
    const endpoint = new LocalCloudWatchLogs(options);
    await new Promise<void>((resolve, reject) => {
      endpoint.#server.once('error', reject);
      endpoint.#server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
    });
    const { address, port } = endpoint.#server.address() as AddressInfo;
    endpoint.#url = `http://${address}:${port}`;
    return endpoint;
  }

  /** `http://127.0.0.1:<port>`. */
  get url(): string {
    return this.#url;
  }

  /** How many requests each operation received (faulted ones included). */
  calls(operation: string): number {
    return this.#calls.get(operation) ?? 0;
  }

  /**
   * The last {@link REQUEST_LOG_SIZE} requests (of `operation`, or all), oldest first: what a
   * caller sent (a FilterLogEvents `filterPattern`, say) and how many events it got back.
   */
  requests(operation?: string): readonly RecordedRequest[] {
    return operation === undefined ? [...this.#log] : this.#log.filter((r) => r.operation === operation);
  }

  /** Stops listening and closes every connection. */
  async stop(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    if (req.url?.startsWith('/__')) return this.#control(req, res, body);
    const target = String(req.headers['x-amz-target'] ?? '');
    const operation = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : '';
    this.#calls.set(operation, (this.#calls.get(operation) ?? 0) + 1);
    this.emit('request', operation);
    if (req.method !== 'POST' || !OPERATIONS.has(operation)) {
      return this.#send(res, new AwsError('UnknownOperationException', `Unknown operation ${JSON.stringify(target)}`));
    }
    let input: Record<string, unknown>;
    try {
      input = body === '' ? {} : (JSON.parse(body) as Record<string, unknown>);
    } catch {
      return this.#send(res, new AwsError('SerializationException', 'Request body is not valid JSON'));
    }
    const { logEvents, ...rest } = input;
    const recorded: RecordedRequest = {
      operation,
      input: rest,
      status: 0,
      ...(Array.isArray(logEvents) ? { putEvents: logEvents.length } : {}),
    };
    this.#log.push(recorded);
    if (this.#log.length > REQUEST_LOG_SIZE) this.#log.shift();
    res.once('finish', () => {
      recorded.status = res.statusCode;
    });
    // IAM answers before the service sees the call.
    const denied = this.policy.check(operation, input);
    if (denied !== undefined) return this.#send(res, denied, operation);
    const fault = this.faults.take(operation);
    if (fault?.kind === 'drop') {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'throttle') return this.#send(res, new AwsError('ThrottlingException', 'Rate exceeded'));
    if (fault?.kind === 'server_error') {
      return this.#send(
        res,
        new AwsError('ServiceUnavailableException', 'The service cannot complete the request.', 500),
      );
    }
    if (fault?.kind === 'slow') await new Promise((r) => setTimeout(r, fault.delayMs ?? 1000));
    if (fault?.kind === 'hold') await this.faults.waitForRelease();
    try {
      const op = operation as keyof LogStore;
      // Recorded, never judged: CloudWatch stores an event whatever its log format says.
      const format = req.headers['x-amzn-logs-format'];
      const context: CallContext = { logFormat: Array.isArray(format) ? format.join(',') : format };
      const result = (this.store[op] as (i: Record<string, unknown>, c: CallContext) => unknown).call(
        this.store,
        input,
        context,
      );
      const events = (result as { events?: unknown })?.events;
      if (Array.isArray(events)) recorded.eventsReturned = events.length;
      this.#send(res, result, operation);
    } catch (e) {
      if (!(e instanceof AwsError))
        process.stderr.write(`cloudwatch-local: ${operation} failed: ${(e as Error)?.stack ?? String(e)}\n`);
      this.#send(res, e instanceof AwsError ? e : new AwsError('InternalFailure', String(e), 500), operation);
    }
  }

  // Lets the command-line endpoint be steered over HTTP: POST /__faults {rule}, DELETE /__faults,
  // POST /__policy {"allowOnly": [...], "deny": [...]}, DELETE /__policy.
  #control(req: IncomingMessage, res: ServerResponse, body: string): void {
    try {
      if (req.url === '/__faults' && req.method === 'POST') this.faults.inject(JSON.parse(body) as FaultRule);
      else if (req.url === '/__faults' && req.method === 'DELETE') this.faults.clear();
      else if (req.url === '/__policy' && req.method === 'POST') {
        const rule = JSON.parse(body) as { allowOnly?: string[]; deny?: string[] };
        if (rule.allowOnly !== undefined) this.policy.allowOnly(rule.allowOnly);
        if (rule.deny !== undefined) this.policy.deny(rule.deny);
      } else if (req.url === '/__policy' && req.method === 'DELETE') this.policy.clear();
      else {
        this.#send(res, new AwsError('NotFound', `No control route ${req.method} ${req.url}`, 404));
        return;
      }
      this.#send(res, {});
    } catch (e) {
      this.#send(res, new AwsError('InvalidParameterException', e instanceof Error ? e.message : String(e)));
    }
  }

  #send(res: ServerResponse, result: unknown, operation = ''): void {
    const error = result instanceof AwsError ? result : undefined;
    this.emit('response', operation, error ? error.status : 200);
    const payload = error ? { __type: error.type, message: error.message } : result;
    res.writeHead(error ? error.status : 200, {
      'content-type': 'application/x-amz-json-1.1',
      'x-amzn-requestid': randomUUID(),
      ...(error ? { 'x-amzn-errortype': error.type } : {}),
    });
    res.end(JSON.stringify(payload));
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

import {
  type CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  PutRetentionPolicyCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { errorName, errorText, isAccessDenied } from './aws-errors.js';
import { type CountedFallback, REPORT } from './counted-fallback.js';
import type { CloudWatchSinkConfig } from './options.js';

/** The settings provisioning needs. */
export type ProvisioningConfig = Pick<CloudWatchSinkConfig, 'logGroup' | 'retentionInDays'>;

/**
 * Creates the log stream, and the log group first when it is missing too, with its retention. The
 * sender calls it only when PutLogEvents says the stream or group is missing: a least-privilege
 * role may call PutLogEvents and nothing else.
 */
export class Provisioning {
  readonly #client: CloudWatchLogsClient;
  readonly #config: ProvisioningConfig;
  readonly #fallback: CountedFallback;

  constructor(client: CloudWatchLogsClient, config: ProvisioningConfig, fallback: CountedFallback) {
    this.#client = client;
    this.#config = config;
    this.#fallback = fallback;
  }

  /**
   * PutLogEvents said the stream (or the group) is missing: creates the stream, and the group first
   * when CreateLogStream says the group is missing too. Throws what the requests throw, but
   * AccessDenied and ResourceAlreadyExists.
   */
  async provision(stream: string): Promise<void> {
    try {
      await this.#createStream(stream);
    } catch (e) {
      if (errorName(e) !== 'ResourceNotFoundException') throw e;
      await this.#ensureGroup();
      await this.#createStream(stream);
    }
  }

  async #createStream(stream: string): Promise<void> {
    const group = this.#config.logGroup;
    try {
      await ignoreExists(this.#client.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: stream })));
    } catch (e) {
      if (!isAccessDenied(e)) throw e;
      this.#fallback.report(REPORT.createStreamDenied, 'Not allowed to create the log stream; assuming it exists', {
        log_group: group,
        log_stream: stream,
        error: errorText(e),
      });
    }
  }

  // A least-privilege role may lack CreateLogGroup / PutRetentionPolicy when the group is managed
  // elsewhere: AccessDenied is taken as "already provisioned", reported once, and delivery carries
  // on. If the group really is missing, PutLogEvents keeps answering ResourceNotFound and after
  // three attempts the batch goes to the fallback.
  async #ensureGroup(): Promise<void> {
    const group = this.#config.logGroup;
    let created: boolean;
    try {
      created = await ignoreExists(this.#client.send(new CreateLogGroupCommand({ logGroupName: group })));
    } catch (e) {
      if (!isAccessDenied(e)) throw e;
      this.#fallback.report(REPORT.createGroupDenied, 'Not allowed to create the log group; assuming it exists', {
        log_group: group,
        error: errorText(e),
      });
      return;
    }
    // Retention is set on a group this adapter created, never changed on one that already existed.
    if (!created || this.#config.retentionInDays === undefined) return;
    try {
      await this.#client.send(
        new PutRetentionPolicyCommand({ logGroupName: group, retentionInDays: this.#config.retentionInDays }),
      );
    } catch (e) {
      if (!isAccessDenied(e)) throw e;
      this.#fallback.report(REPORT.retentionDenied, 'Not allowed to set the log group retention; delivery goes on', {
        log_group: group,
        error: errorText(e),
      });
    }
  }
}

// True when the request created the resource, false when it already existed.
async function ignoreExists(request: Promise<unknown>): Promise<boolean> {
  try {
    await request;
    return true;
  } catch (e) {
    if (errorName(e) !== 'ResourceAlreadyExistsException') throw e;
    return false;
  }
}

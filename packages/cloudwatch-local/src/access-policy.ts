import { AwsError } from './aws-error.js';

const ACCOUNT = '000000000000';
const ROLE_ARN = `arn:aws:sts::${ACCOUNT}:assumed-role/dashtam-logs/local`;

/**
 * What the caller's IAM role may call, answered the way IAM answers a call it does not allow:
 * 400 `AccessDeniedException`, "User: ... is not authorized to perform: logs:<Operation> on
 * resource: <arn> because no identity-based policy allows the logs:<Operation> action". Every
 * operation is allowed until {@link AccessPolicy.allowOnly} or {@link AccessPolicy.deny} say otherwise.
 *
 * @example
 * ```ts
 * cw.policy.allowOnly(['PutLogEvents']); // the role of the spec's least-privilege checklist
 * ```
 */
export class AccessPolicy {
  #allowed: ReadonlySet<string> | undefined;
  #denied = new Set<string>();

  /** Allows these operations and denies every other one. */
  allowOnly(operations: readonly string[]): void {
    this.#allowed = new Set(operations);
  }

  /** Denies these operations (on top of any `allowOnly`). */
  deny(operations: readonly string[]): void {
    for (const op of operations) this.#denied.add(op);
  }

  /** Allows everything again. */
  clear(): void {
    this.#allowed = undefined;
    this.#denied.clear();
  }

  /** The AccessDeniedException for this call, or undefined when it is allowed. */
  check(operation: string, input: Record<string, unknown>): AwsError | undefined {
    const allowed = (this.#allowed === undefined || this.#allowed.has(operation)) && !this.#denied.has(operation);
    if (allowed) return undefined;
    return new AwsError(
      'AccessDeniedException',
      `User: ${ROLE_ARN} is not authorized to perform: logs:${operation} on resource: ${resourceArn(input)} because no identity-based policy allows the logs:${operation} action`,
    );
  }
}

function resourceArn(input: Record<string, unknown>): string {
  const group = typeof input.logGroupName === 'string' ? input.logGroupName : '*';
  const base = `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:${group}`;
  return typeof input.logStreamName === 'string' ? `${base}:log-stream:${input.logStreamName}` : `${base}:*`;
}

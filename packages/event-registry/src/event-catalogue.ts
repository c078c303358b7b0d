/**
 * The event catalogue: every domain event type and its payload. Payloads carry what a reader of the
 * log or audit trail needs (ids, provider, counts, reasons) and never a secret: no password,
 * token, key or card number appears in any payload type.
 *
 * Adding an event: add its payload here and its entry in EVENT_REGISTRY; the compiler then asks for
 * its logging handler if it is marked `requires_logging`.
 */

/** The three phases of a workflow, each with its payload. */
type Phased<Name extends string, Attempted, Succeeded, Failed> = {
  [K in `${Name}Attempted`]: Attempted;
} & { [K in `${Name}Succeeded`]: Succeeded } & { [K in `${Name}Failed`]: Failed };

interface Failure {
  /** Why it failed, in a few words (`invalid_credentials`, `provider_timeout`). */
  readonly reason: string;
}
interface UserRef {
  readonly user_id: string;
}
interface ProviderRef extends UserRef {
  readonly provider: string;
}
interface SyncRef extends ProviderRef {
  readonly account_id?: string;
}
interface SyncResult extends SyncRef {
  readonly count: number;
  readonly duration_ms: number;
}
interface RoleChange extends UserRef {
  readonly role: string;
  readonly changed_by: string;
}
interface SessionRef extends UserRef {
  readonly session_id_hash: string;
}

/** Payload of each event type, by name. */
export type EventPayloads = Phased<
  'UserRegistration',
  { email: string },
  UserRef & { email: string },
  { email: string } & Failure
> &
  Phased<'UserLogin', { email: string }, UserRef & { email: string }, { email: string } & Failure> &
  Phased<'UserLogout', UserRef, UserRef, UserRef & Failure> &
  Phased<'PasswordChange', UserRef, UserRef, UserRef & Failure> &
  Phased<'EmailVerification', UserRef & { email: string }, UserRef & { email: string }, UserRef & Failure> &
  Phased<'PasswordReset', { email: string }, UserRef, { email: string } & Failure> &
  Phased<
    'MfaChallenge',
    UserRef & { method: string },
    UserRef & { method: string },
    UserRef & { method: string } & Failure
  > &
  Phased<'AccessTokenRefresh', UserRef, UserRef, UserRef & Failure> &
  Phased<'RoleAssignment', RoleChange, RoleChange, RoleChange & Failure> &
  Phased<'RoleRevocation', RoleChange, RoleChange, RoleChange & Failure> &
  Phased<
    'PermissionCheck',
    UserRef & { permission: string },
    UserRef & { permission: string },
    UserRef & { permission: string } & Failure
  > &
  Phased<'ProviderConnection', ProviderRef, ProviderRef & { connection_id: string }, ProviderRef & Failure> &
  Phased<'ProviderDisconnection', ProviderRef, ProviderRef, ProviderRef & Failure> &
  Phased<'ProviderTokenRefresh', ProviderRef, ProviderRef & { expires_in_s: number }, ProviderRef & Failure> &
  Phased<'AccountSync', SyncRef, SyncResult, SyncRef & Failure & { duration_ms: number }> &
  Phased<'TransactionSync', SyncRef, SyncResult, SyncRef & Failure & { duration_ms: number }> &
  Phased<'HoldingsSync', SyncRef, SyncResult, SyncRef & Failure & { duration_ms: number }> &
  Phased<'BalanceSync', SyncRef, SyncResult, SyncRef & Failure & { duration_ms: number }> &
  Phased<
    'FileImport',
    UserRef & { file_name: string; format: string },
    UserRef & { file_name: string; count: number },
    UserRef & { file_name: string } & Failure
  > &
  Phased<'SessionCreation', UserRef & { ip_address: string }, SessionRef & { ip_address: string }, UserRef & Failure> &
  Phased<'SessionRevocation', SessionRef, SessionRef & { revoked_by: string }, SessionRef & Failure> &
  Phased<'SessionActivity', SessionRef & { request_path: string }, SessionRef, SessionRef & Failure> & {
    RateLimitCheckAttempted: { key: string; endpoint: string };
    RateLimitCheckAllowed: { key: string; endpoint: string; remaining: number };
    RateLimitCheckDenied: { key: string; endpoint: string; limit: number; retry_after_s: number };
    SuspiciousSessionActivity: SessionRef & { reason: string; ip_address: string };
    TokenRejectedDueToRotation: UserRef & { token_family_hash: string; reason: string };
    SessionSecurityAlert: SessionRef & { alert: string };
  };

/** Every event type name. */
export type EventType = keyof EventPayloads & string;

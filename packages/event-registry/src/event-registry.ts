import type { EventType } from './event-catalogue.js';
import type { EventCategory, EventMetadata, WorkflowPhase } from './event-metadata.js';

interface Flags<L extends boolean> {
  readonly logging: L;
  readonly highVolume?: boolean;
  readonly audit?: boolean;
  readonly email?: boolean;
  readonly session?: boolean;
}

// Keeps `requires_logging` as a literal type, so LoggedEventType can be computed from the registry.
function entry<T extends EventType, L extends boolean>(
  event_type: T,
  category: EventCategory,
  workflow_name: string,
  phase: WorkflowPhase,
  flags: Flags<L>,
): EventMetadata<T> & { readonly requires_logging: L } {
  return Object.freeze({
    event_type,
    category,
    workflow_name,
    phase,
    requires_logging: flags.logging,
    high_volume: flags.highVolume ?? false,
    requires_audit: flags.audit ?? false,
    requires_email: flags.email ?? false,
    requires_session: flags.session ?? false,
  });
}

const LOG = { logging: true } as const;
const LOG_AUDIT = { logging: true, audit: true } as const;
/** Per-request events: logged, at debug (see EventMetadata.high_volume). */
const LOG_HIGH_VOLUME = { logging: true, highVolume: true } as const;

/**
 * The single source of truth: one entry per domain event. The container reads it at startup to
 * subscribe handlers (the LoggingEventHandler to every entry with `requires_logging`).
 */
export const EVENT_REGISTRY = Object.freeze([
  // Authentication
  entry('UserRegistrationAttempted', 'authentication', 'user_registration', 'ATTEMPTED', LOG_AUDIT),
  entry('UserRegistrationSucceeded', 'authentication', 'user_registration', 'SUCCEEDED', {
    logging: true,
    audit: true,
    email: true,
  }),
  entry('UserRegistrationFailed', 'authentication', 'user_registration', 'FAILED', LOG_AUDIT),
  entry('UserLoginAttempted', 'authentication', 'user_login', 'ATTEMPTED', LOG_AUDIT),
  entry('UserLoginSucceeded', 'authentication', 'user_login', 'SUCCEEDED', {
    logging: true,
    audit: true,
    session: true,
  }),
  entry('UserLoginFailed', 'authentication', 'user_login', 'FAILED', LOG_AUDIT),
  entry('UserLogoutAttempted', 'authentication', 'user_logout', 'ATTEMPTED', LOG_AUDIT),
  entry('UserLogoutSucceeded', 'authentication', 'user_logout', 'SUCCEEDED', {
    logging: true,
    audit: true,
    session: true,
  }),
  entry('UserLogoutFailed', 'authentication', 'user_logout', 'FAILED', LOG_AUDIT),
  entry('PasswordChangeAttempted', 'authentication', 'password_change', 'ATTEMPTED', LOG_AUDIT),
  entry('PasswordChangeSucceeded', 'authentication', 'password_change', 'SUCCEEDED', {
    logging: true,
    audit: true,
    email: true,
    session: true,
  }),
  entry('PasswordChangeFailed', 'authentication', 'password_change', 'FAILED', LOG_AUDIT),
  entry('EmailVerificationAttempted', 'authentication', 'email_verification', 'ATTEMPTED', LOG_AUDIT),
  entry('EmailVerificationSucceeded', 'authentication', 'email_verification', 'SUCCEEDED', LOG_AUDIT),
  entry('EmailVerificationFailed', 'authentication', 'email_verification', 'FAILED', LOG_AUDIT),
  entry('PasswordResetAttempted', 'authentication', 'password_reset', 'ATTEMPTED', {
    logging: true,
    audit: true,
    email: true,
  }),
  entry('PasswordResetSucceeded', 'authentication', 'password_reset', 'SUCCEEDED', {
    logging: true,
    audit: true,
    email: true,
    session: true,
  }),
  entry('PasswordResetFailed', 'authentication', 'password_reset', 'FAILED', LOG_AUDIT),
  entry('MfaChallengeAttempted', 'authentication', 'mfa_challenge', 'ATTEMPTED', LOG_AUDIT),
  entry('MfaChallengeSucceeded', 'authentication', 'mfa_challenge', 'SUCCEEDED', LOG_AUDIT),
  entry('MfaChallengeFailed', 'authentication', 'mfa_challenge', 'FAILED', LOG_AUDIT),
  entry('AccessTokenRefreshAttempted', 'authentication', 'access_token_refresh', 'ATTEMPTED', LOG),
  entry('AccessTokenRefreshSucceeded', 'authentication', 'access_token_refresh', 'SUCCEEDED', LOG),
  entry('AccessTokenRefreshFailed', 'authentication', 'access_token_refresh', 'FAILED', LOG_AUDIT),
  // Authorization
  entry('RoleAssignmentAttempted', 'authorization', 'role_assignment', 'ATTEMPTED', LOG_AUDIT),
  entry('RoleAssignmentSucceeded', 'authorization', 'role_assignment', 'SUCCEEDED', LOG_AUDIT),
  entry('RoleAssignmentFailed', 'authorization', 'role_assignment', 'FAILED', LOG_AUDIT),
  entry('RoleRevocationAttempted', 'authorization', 'role_revocation', 'ATTEMPTED', LOG_AUDIT),
  entry('RoleRevocationSucceeded', 'authorization', 'role_revocation', 'SUCCEEDED', {
    logging: true,
    audit: true,
    session: true,
  }),
  entry('RoleRevocationFailed', 'authorization', 'role_revocation', 'FAILED', LOG_AUDIT),
  // Permission checks run on most requests: attempts and successes at debug, failures at warning.
  entry('PermissionCheckAttempted', 'authorization', 'permission_check', 'ATTEMPTED', LOG_HIGH_VOLUME),
  entry('PermissionCheckSucceeded', 'authorization', 'permission_check', 'SUCCEEDED', LOG_HIGH_VOLUME),
  entry('PermissionCheckFailed', 'authorization', 'permission_check', 'FAILED', { ...LOG_AUDIT, highVolume: true }),
  // Provider
  entry('ProviderConnectionAttempted', 'provider', 'provider_connection', 'ATTEMPTED', LOG_AUDIT),
  entry('ProviderConnectionSucceeded', 'provider', 'provider_connection', 'SUCCEEDED', {
    logging: true,
    audit: true,
    email: true,
  }),
  entry('ProviderConnectionFailed', 'provider', 'provider_connection', 'FAILED', LOG_AUDIT),
  entry('ProviderDisconnectionAttempted', 'provider', 'provider_disconnection', 'ATTEMPTED', LOG_AUDIT),
  entry('ProviderDisconnectionSucceeded', 'provider', 'provider_disconnection', 'SUCCEEDED', {
    logging: true,
    audit: true,
    email: true,
  }),
  entry('ProviderDisconnectionFailed', 'provider', 'provider_disconnection', 'FAILED', LOG_AUDIT),
  entry('ProviderTokenRefreshAttempted', 'provider', 'provider_token_refresh', 'ATTEMPTED', LOG),
  entry('ProviderTokenRefreshSucceeded', 'provider', 'provider_token_refresh', 'SUCCEEDED', LOG_AUDIT),
  entry('ProviderTokenRefreshFailed', 'provider', 'provider_token_refresh', 'FAILED', {
    logging: true,
    audit: true,
    email: true,
  }),
  // Data sync
  entry('AccountSyncAttempted', 'data_sync', 'account_sync', 'ATTEMPTED', LOG),
  entry('AccountSyncSucceeded', 'data_sync', 'account_sync', 'SUCCEEDED', LOG),
  entry('AccountSyncFailed', 'data_sync', 'account_sync', 'FAILED', LOG),
  entry('TransactionSyncAttempted', 'data_sync', 'transaction_sync', 'ATTEMPTED', LOG),
  entry('TransactionSyncSucceeded', 'data_sync', 'transaction_sync', 'SUCCEEDED', LOG),
  entry('TransactionSyncFailed', 'data_sync', 'transaction_sync', 'FAILED', LOG),
  entry('HoldingsSyncAttempted', 'data_sync', 'holdings_sync', 'ATTEMPTED', LOG),
  entry('HoldingsSyncSucceeded', 'data_sync', 'holdings_sync', 'SUCCEEDED', LOG),
  entry('HoldingsSyncFailed', 'data_sync', 'holdings_sync', 'FAILED', LOG),
  entry('BalanceSyncAttempted', 'data_sync', 'balance_sync', 'ATTEMPTED', LOG),
  entry('BalanceSyncSucceeded', 'data_sync', 'balance_sync', 'SUCCEEDED', LOG),
  entry('BalanceSyncFailed', 'data_sync', 'balance_sync', 'FAILED', LOG),
  entry('FileImportAttempted', 'data_sync', 'file_import', 'ATTEMPTED', LOG_AUDIT),
  entry('FileImportSucceeded', 'data_sync', 'file_import', 'SUCCEEDED', LOG_AUDIT),
  entry('FileImportFailed', 'data_sync', 'file_import', 'FAILED', LOG_AUDIT),
  // Session
  entry('SessionCreationAttempted', 'session', 'session_creation', 'ATTEMPTED', LOG),
  entry('SessionCreationSucceeded', 'session', 'session_creation', 'SUCCEEDED', LOG_AUDIT),
  entry('SessionCreationFailed', 'session', 'session_creation', 'FAILED', LOG_AUDIT),
  entry('SessionRevocationAttempted', 'session', 'session_revocation', 'ATTEMPTED', LOG_AUDIT),
  entry('SessionRevocationSucceeded', 'session', 'session_revocation', 'SUCCEEDED', LOG_AUDIT),
  entry('SessionRevocationFailed', 'session', 'session_revocation', 'FAILED', LOG_AUDIT),
  // Session activity is per request: logged at debug, not audited; failures at warning.
  entry('SessionActivityAttempted', 'session', 'session_activity', 'ATTEMPTED', LOG_HIGH_VOLUME),
  entry('SessionActivitySucceeded', 'session', 'session_activity', 'SUCCEEDED', LOG_HIGH_VOLUME),
  entry('SessionActivityFailed', 'session', 'session_activity', 'FAILED', LOG_HIGH_VOLUME),
  // Session security alerts: the spec lists them in the session category (7.2).
  entry('SuspiciousSessionActivity', 'session', 'session_security', 'DETECTED', {
    logging: true,
    audit: true,
    email: true,
    session: true,
  }),
  entry('SessionSecurityAlert', 'session', 'session_security', 'DETECTED', {
    logging: true,
    audit: true,
    email: true,
  }),
  // Rate limit: checks and allowances are per request, logged at debug; denials at warning.
  entry('RateLimitCheckAttempted', 'rate_limit', 'rate_limit_check', 'ATTEMPTED', LOG_HIGH_VOLUME),
  entry('RateLimitCheckAllowed', 'rate_limit', 'rate_limit_check', 'ALLOWED', LOG_HIGH_VOLUME),
  entry('RateLimitCheckDenied', 'rate_limit', 'rate_limit_check', 'DENIED', { ...LOG_AUDIT, highVolume: true }),
  // Security: a refresh token reused after rotation belongs to no session workflow of the spec.
  entry('TokenRejectedDueToRotation', 'security', 'token_rotation', 'DETECTED', {
    logging: true,
    audit: true,
    session: true,
  }),
] as const);

type Registry = (typeof EVENT_REGISTRY)[number];

/** The event types marked `requires_logging: true`, computed from the registry by the compiler. */
export type LoggedEventType = Extract<Registry, { readonly requires_logging: true }>['event_type'];

/** The event types that have a registry entry (must be every EventType; see the check below). */
export type RegisteredEventType = Registry['event_type'];

// Compile-time completeness: an event type with a payload but no registry entry is an error here.
type Missing = Exclude<EventType, RegisteredEventType>;
const registryIsComplete: [Missing] extends [never] ? true : { missing_registry_entry: Missing } = true;
void registryIsComplete;

const BY_TYPE: ReadonlyMap<string, EventMetadata> = new Map(EVENT_REGISTRY.map((m) => [m.event_type, m]));

/** The metadata of an event type, or undefined when it has no entry. */
export function getEventMetadata(eventType: string): EventMetadata | undefined {
  return BY_TYPE.get(eventType);
}

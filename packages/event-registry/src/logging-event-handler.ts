import type { LogContext, LoggerProtocol } from '@dashtam/logger-protocol';
import { type DomainEvent, toSnakeCase } from './domain-event.js';
import type { EventMetadata } from './event-metadata.js';
import { EVENT_REGISTRY, getEventMetadata, type LoggedEventType } from './event-registry.js';

/** How one logged event becomes a log line. */
export type EventLogHandler<T extends LoggedEventType> = (
  logger: LoggerProtocol,
  event: DomainEvent<T>,
  metadata: EventMetadata,
) => void;

/**
 * The level an event is logged at: warning for failures, denials and security events (DETECTED);
 * debug for the other phases of high-volume events (per-request checks); else info.
 */
export function levelFor(metadata: EventMetadata): 'debug' | 'info' | 'warning' {
  if (metadata.category === 'security') return 'warning';
  if (metadata.phase === 'FAILED' || metadata.phase === 'DENIED' || metadata.phase === 'DETECTED') return 'warning';
  return metadata.high_volume ? 'debug' : 'info';
}

/** The structured fields of an event's log line. */
export function eventFields(event: DomainEvent, metadata: EventMetadata): LogContext {
  return {
    event_id: event.event_id,
    event_type: event.event_type,
    occurred_at: event.occurred_at.toISOString(),
    category: metadata.category,
    workflow_name: metadata.workflow_name,
    phase: metadata.phase,
    ...event.payload,
  };
}

/** The standard handler: the snake_case event name as message, at the phase's level. */
export const logEvent = <T extends LoggedEventType>(
  logger: LoggerProtocol,
  event: DomainEvent<T>,
  metadata: EventMetadata,
): void => {
  logger[levelFor(metadata)](toSnakeCase(event.event_type), eventFields(event, metadata));
};

/** Security events also carry `security_alert: true`, so alarms can filter on one field. */
const logSecurityEvent = <T extends LoggedEventType>(
  logger: LoggerProtocol,
  event: DomainEvent<T>,
  metadata: EventMetadata,
): void => {
  logger.warning(toSnakeCase(event.event_type), { ...eventFields(event, metadata), security_alert: true });
};

/**
 * One handler per logged event. The mapped type makes this table self-enforcing: mark a new event
 * `requires_logging: true` in the registry and the compiler fails here until it has a handler.
 */
export const EVENT_LOG_HANDLERS: { readonly [T in LoggedEventType]: EventLogHandler<T> } = {
  UserRegistrationAttempted: logEvent,
  UserRegistrationSucceeded: logEvent,
  UserRegistrationFailed: logEvent,
  UserLoginAttempted: logEvent,
  UserLoginSucceeded: logEvent,
  UserLoginFailed: logEvent,
  UserLogoutAttempted: logEvent,
  UserLogoutSucceeded: logEvent,
  UserLogoutFailed: logEvent,
  PasswordChangeAttempted: logEvent,
  PasswordChangeSucceeded: logEvent,
  PasswordChangeFailed: logEvent,
  EmailVerificationAttempted: logEvent,
  EmailVerificationSucceeded: logEvent,
  EmailVerificationFailed: logEvent,
  PasswordResetAttempted: logEvent,
  PasswordResetSucceeded: logEvent,
  PasswordResetFailed: logEvent,
  MfaChallengeAttempted: logEvent,
  MfaChallengeSucceeded: logEvent,
  MfaChallengeFailed: logEvent,
  AccessTokenRefreshAttempted: logEvent,
  AccessTokenRefreshSucceeded: logEvent,
  AccessTokenRefreshFailed: logEvent,
  RoleAssignmentAttempted: logEvent,
  RoleAssignmentSucceeded: logEvent,
  RoleAssignmentFailed: logEvent,
  RoleRevocationAttempted: logEvent,
  RoleRevocationSucceeded: logEvent,
  RoleRevocationFailed: logEvent,
  PermissionCheckAttempted: logEvent,
  PermissionCheckSucceeded: logEvent,
  PermissionCheckFailed: logEvent,
  ProviderConnectionAttempted: logEvent,
  ProviderConnectionSucceeded: logEvent,
  ProviderConnectionFailed: logEvent,
  ProviderDisconnectionAttempted: logEvent,
  ProviderDisconnectionSucceeded: logEvent,
  ProviderDisconnectionFailed: logEvent,
  ProviderTokenRefreshAttempted: logEvent,
  ProviderTokenRefreshSucceeded: logEvent,
  ProviderTokenRefreshFailed: logEvent,
  AccountSyncAttempted: logEvent,
  AccountSyncSucceeded: logEvent,
  AccountSyncFailed: logEvent,
  TransactionSyncAttempted: logEvent,
  TransactionSyncSucceeded: logEvent,
  TransactionSyncFailed: logEvent,
  HoldingsSyncAttempted: logEvent,
  HoldingsSyncSucceeded: logEvent,
  HoldingsSyncFailed: logEvent,
  BalanceSyncAttempted: logEvent,
  BalanceSyncSucceeded: logEvent,
  BalanceSyncFailed: logEvent,
  FileImportAttempted: logEvent,
  FileImportSucceeded: logEvent,
  FileImportFailed: logEvent,
  SessionCreationAttempted: logEvent,
  SessionCreationSucceeded: logEvent,
  SessionCreationFailed: logEvent,
  SessionRevocationAttempted: logEvent,
  SessionRevocationSucceeded: logEvent,
  SessionRevocationFailed: logEvent,
  SessionActivityAttempted: logEvent,
  SessionActivitySucceeded: logEvent,
  SessionActivityFailed: logEvent,
  SuspiciousSessionActivity: logSecurityEvent,
  SessionSecurityAlert: logSecurityEvent,
  RateLimitCheckAttempted: logEvent,
  RateLimitCheckAllowed: logEvent,
  RateLimitCheckDenied: logEvent,
  TokenRejectedDueToRotation: logSecurityEvent,
};

/**
 * Logs domain events (spec 7.2): info for ATTEMPTED and SUCCEEDED (debug for high-volume events,
 * the per-request checks), warning for FAILED, denials and security events, with the snake_case event name as the message and the event's id, type, time,
 * category, workflow, phase and payload as fields. Redaction applies as for every log call.
 *
 * @example
 * ```ts
 * const handler = new LoggingEventHandler(logger);
 * for (const m of EVENT_REGISTRY) if (m.requires_logging) bus.subscribe(m.event_type, handler.handle);
 * ```
 */
export class LoggingEventHandler {
  readonly #logger: LoggerProtocol;

  constructor(logger: LoggerProtocol) {
    this.#logger = logger;
  }

  /** Logs one event; events that are not marked `requires_logging` are ignored. Never throws. */
  readonly handle = (event: DomainEvent): void => {
    const metadata = getEventMetadata(event.event_type);
    if (metadata === undefined || !metadata.requires_logging) return;
    const handler = (EVENT_LOG_HANDLERS as Record<string, EventLogHandler<LoggedEventType> | undefined>)[
      event.event_type
    ];
    (handler ?? logEvent)(this.#logger, event as DomainEvent<LoggedEventType>, metadata);
  };

  /** The event types this handler logs: every registry entry marked `requires_logging`. */
  static loggedEventTypes(): LoggedEventType[] {
    // Stryker disable next-line MethodExpression: every registry entry is logged today; the filter is for one that is not
    return EVENT_REGISTRY.filter((m) => m.requires_logging).map((m) => m.event_type as LoggedEventType);
  }
}

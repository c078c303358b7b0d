import type { EventType } from './event-catalogue.js';

/** The workflow families of the catalogue. */
export const EventCategory = {
  Authentication: 'authentication',
  Authorization: 'authorization',
  Provider: 'provider',
  DataSync: 'data_sync',
  Session: 'session',
  RateLimit: 'rate_limit',
  Security: 'security',
} as const;
export type EventCategory = (typeof EventCategory)[keyof typeof EventCategory];

/** Where in its workflow an event stands. Rate limiting adds ALLOWED and DENIED; security events are DETECTED. */
export const WorkflowPhase = {
  Attempted: 'ATTEMPTED',
  Succeeded: 'SUCCEEDED',
  Failed: 'FAILED',
  Allowed: 'ALLOWED',
  Denied: 'DENIED',
  Detected: 'DETECTED',
} as const;
export type WorkflowPhase = (typeof WorkflowPhase)[keyof typeof WorkflowPhase];

/** What the registry says of one event type: its place, and which subscribers it needs. */
export interface EventMetadata<T extends EventType = EventType> {
  readonly event_type: T;
  readonly category: EventCategory;
  readonly workflow_name: string;
  readonly phase: WorkflowPhase;
  /** The LoggingEventHandler subscribes to it. */
  readonly requires_logging: boolean;
  /**
   * It happens on most requests (rate-limit checks and allowances, session activity, permission
   * checks): the LoggingEventHandler logs its ATTEMPTED, SUCCEEDED and ALLOWED phases at debug, so
   * they are there when debugging and cost nothing at production's info level.
   */
  readonly high_volume: boolean;
  /** An audit subscriber should record it (compliance trail; not part of this project). */
  readonly requires_audit: boolean;
  /** An email subscriber should act on it. */
  readonly requires_email: boolean;
  /** A session subscriber should act on it. */
  readonly requires_session: boolean;
}

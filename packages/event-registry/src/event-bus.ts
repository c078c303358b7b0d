import type { DomainEvent } from './domain-event.js';
import type { EventType } from './event-catalogue.js';

/** Handles one event type; may be async. */
export type EventHandler<T extends EventType = EventType> = (event: DomainEvent<T>) => void | Promise<void>;

/** One handler failure, as reported by a bus. */
export interface HandlerFailure {
  readonly event: DomainEvent;
  readonly handler: string;
  readonly error: unknown;
}

/** What a publish did: how many handlers ran, and which failed. */
export interface PublishResult {
  readonly handled: number;
  readonly failures: readonly HandlerFailure[];
}

/**
 * The event bus port. `publish` resolves once every handler has finished; it never rejects: a
 * handler that throws or rejects is reported and the others still run.
 *
 * @example
 * ```ts
 * const unsubscribe = bus.subscribe('UserLoginFailed', (e) => alerts.count(e.payload.reason));
 * await bus.publish(createEvent('UserLoginFailed', { email, reason: 'invalid_credentials' }));
 * ```
 */
export interface EventBus {
  subscribe<T extends EventType>(eventType: T, handler: EventHandler<T>): () => void;
  publish(event: DomainEvent): Promise<PublishResult>;
}

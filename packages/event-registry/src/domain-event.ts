import { InvalidEventError, UnknownEventError } from './errors.js';
import type { EventPayloads, EventType } from './event-catalogue.js';
import { getEventMetadata } from './event-registry.js';
import { uuidv7 } from './uuidv7.js';

/**
 * A domain event: something that happened, immutable. `event_id` is a UUIDv7, `occurred_at` the
 * time it happened, `event_type` its catalogue name.
 */
export interface DomainEvent<T extends EventType = EventType> {
  readonly event_id: string;
  readonly event_type: T;
  readonly occurred_at: Date;
  readonly payload: Readonly<EventPayloads[T]>;
}

/** What {@link createEvent} may be given instead of its defaults (tests). */
export interface CreateEventOptions {
  /** @default Date.now */
  readonly clock?: () => number;
  /** @default uuidv7 */
  readonly idGenerator?: () => string;
}

/**
 * Creates a frozen domain event of a registered type.
 *
 * @throws {UnknownEventError} when the type has no registry entry (possible from untyped callers).
 * @throws {InvalidEventError} when the payload is not an object.
 * @example
 * ```ts
 * const event = createEvent('UserRegistrationSucceeded', { user_id: id, email });
 * await bus.publish(event);
 * ```
 */
export function createEvent<T extends EventType>(
  type: T,
  payload: EventPayloads[T],
  options: CreateEventOptions = {},
): DomainEvent<T> {
  if (getEventMetadata(type) === undefined) throw new UnknownEventError(type);
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
    throw new InvalidEventError(
      `Payload of ${type} must be an object, got ${payload === null ? 'null' : typeof payload}`,
    );
  }
  const now = (options.clock ?? Date.now)();
  return Object.freeze({
    event_id: (options.idGenerator ?? uuidv7)(),
    event_type: type,
    occurred_at: new Date(now),
    payload: Object.freeze({ ...payload }) as Readonly<EventPayloads[T]>,
  });
}

/** `UserRegistrationSucceeded` → `user_registration_succeeded`: the message a logged event carries. */
export function toSnakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();
}

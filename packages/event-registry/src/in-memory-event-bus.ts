import type { DomainEvent } from './domain-event.js';
import { UnknownEventError } from './errors.js';
import type { EventBus, EventHandler, HandlerFailure, PublishResult } from './event-bus.js';
import type { EventType } from './event-catalogue.js';
import { getEventMetadata } from './event-registry.js';

/** Options of an {@link InMemoryEventBus}. */
export interface InMemoryEventBusOptions {
  /** Called once for each failing handler; what it throws is ignored. @default nothing */
  readonly onHandlerError?: (failure: HandlerFailure) => void;
}

/**
 * An in-process event bus. Handlers of an event run in subscription order; each is isolated: a
 * synchronous throw or a rejected promise is caught, reported through `onHandlerError` and in the
 * result, and never stops the other handlers or the publisher. Async handlers are awaited.
 *
 * @example
 * ```ts
 * const bus = new InMemoryEventBus({ onHandlerError: (f) => logger.error('event_handler_failed', { error: f.error }) });
 * ```
 */
export class InMemoryEventBus implements EventBus {
  readonly #handlers = new Map<string, EventHandler<EventType>[]>();
  readonly #onHandlerError: ((failure: HandlerFailure) => void) | undefined;

  constructor(options: InMemoryEventBusOptions = {}) {
    this.#onHandlerError = options.onHandlerError;
  }

  /**
   * Subscribes `handler` to `eventType`. Returns a function that unsubscribes it.
   * @throws {UnknownEventError} when the type has no registry entry.
   */
  subscribe<T extends EventType>(eventType: T, handler: EventHandler<T>): () => void {
    if (getEventMetadata(eventType) === undefined) throw new UnknownEventError(eventType);
    if (typeof handler !== 'function') throw new TypeError(`Handler for ${eventType} must be a function`);
    const list = this.#handlers.get(eventType) ?? [];
    list.push(handler as EventHandler<EventType>);
    this.#handlers.set(eventType, list);
    // `list` stays the one array of this type's handlers: the map entry is never replaced.
    return () => {
      const at = list.indexOf(handler as EventHandler<EventType>);
      if (at >= 0) list.splice(at, 1);
    };
  }

  /** How many handlers are subscribed to `eventType`. */
  handlerCount(eventType: EventType): number {
    return this.#handlers.get(eventType)?.length ?? 0;
  }

  /** The event types with at least one handler. */
  subscribedTypes(): EventType[] {
    return [...this.#handlers].filter(([, list]) => list.length > 0).map(([type]) => type as EventType);
  }

  async publish(event: DomainEvent): Promise<PublishResult> {
    const handlers = [...(this.#handlers.get(event?.event_type) ?? [])];
    const failures: HandlerFailure[] = [];
    const pending: Promise<void>[] = [];
    for (const handler of handlers) {
      const name = handler.name || 'anonymous';
      try {
        const result = handler(event);
        // Stryker disable next-line ConditionalExpression: awaiting a value that is not a thenable resolves to it, as not awaiting does
        if (result !== undefined && typeof (result as Promise<void>).then === 'function') {
          pending.push(Promise.resolve(result).catch((error: unknown) => this.#fail(failures, event, name, error)));
        }
      } catch (error) {
        this.#fail(failures, event, name, error);
      }
    }
    await Promise.all(pending);
    return { handled: handlers.length, failures };
  }

  #fail(failures: HandlerFailure[], event: DomainEvent, handler: string, error: unknown): void {
    const failure = { event, handler, error };
    failures.push(failure);
    try {
      // Stryker disable next-line OptionalChaining: without a reporter the call throws, which the catch below ignores
      this.#onHandlerError?.(failure);
    } catch {
      // The reporter must not break publishing.
    }
  }
}

import { EVENT_REGISTRY, InMemoryEventBus, LoggingEventHandler } from '@dashtam/event-registry';
import type { LoggerProtocol } from '@dashtam/logger-protocol';

/**
 * Builds the event bus and wires it from the registry (spec 7.4): the LoggingEventHandler is
 * subscribed to exactly the events marked `requires_logging`. A failing handler is logged at error
 * level and never stops the others.
 */
export function createEventBus(logger: LoggerProtocol): InMemoryEventBus {
  const bus = new InMemoryEventBus({
    onHandlerError: ({ event, handler, error }) =>
      logger.error('event_handler_failed', { error, handler, event_type: event.event_type, event_id: event.event_id }),
  });
  const logging = new LoggingEventHandler(logger);
  for (const metadata of EVENT_REGISTRY) {
    if (metadata.requires_logging) bus.subscribe(metadata.event_type, logging.handle);
  }
  return bus;
}

// `@dashtam/event-registry`: what applications use. What the dashtam packages share with each
// other (the UUIDv7 generator) is in `./internal.ts` (`@dashtam/event-registry/internal`).
export type { DomainEvent } from './domain-event.js';
export { createEvent } from './domain-event.js';
export { EventRegistryError, EventRegistryErrorCode, InvalidEventError, UnknownEventError } from './errors.js';
export type { EventBus, EventHandler, PublishResult } from './event-bus.js';
export type { EventPayloads, EventType } from './event-catalogue.js';
export type { EventMetadata } from './event-metadata.js';
export { EventCategory, WorkflowPhase } from './event-metadata.js';
export { EVENT_REGISTRY, getEventMetadata } from './event-registry.js';
export { InMemoryEventBus } from './in-memory-event-bus.js';
export { LoggingEventHandler } from './logging-event-handler.js';

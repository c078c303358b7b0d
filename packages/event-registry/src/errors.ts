/** Stable codes for the errors this package throws. */
export const EventRegistryErrorCode = {
  UnknownEvent: 'DASHTAM_UNKNOWN_EVENT',
  InvalidEvent: 'DASHTAM_INVALID_EVENT',
} as const;
export type EventRegistryErrorCode = (typeof EventRegistryErrorCode)[keyof typeof EventRegistryErrorCode];

/** Base of the errors thrown by `@dashtam/event-registry`. */
export class EventRegistryError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** An event type that is not in EVENT_REGISTRY. */
export class UnknownEventError extends EventRegistryError {
  readonly eventType: unknown;
  constructor(eventType: unknown) {
    super(
      EventRegistryErrorCode.UnknownEvent,
      `Unknown event type ${JSON.stringify(String(eventType))}: every event must have an entry in EVENT_REGISTRY`,
    );
    this.eventType = eventType;
  }
}

/** An event object that is not well formed (missing id, time or payload). */
export class InvalidEventError extends EventRegistryError {
  constructor(message: string) {
    super(EventRegistryErrorCode.InvalidEvent, message);
  }
}

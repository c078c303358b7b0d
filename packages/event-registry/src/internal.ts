/**
 * `@dashtam/event-registry/internal`: what the dashtam packages share with the event registry:
 * the UUIDv7 generator (the container's trace ids are UUIDv7s as 32 hex digits).
 *
 * For the dashtam packages only: not an API for applications, no semver promise (any release may
 * change or remove a name). Applications use the package root.
 */
export { uuidv7 } from './uuidv7.js';

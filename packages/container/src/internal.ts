/**
 * `@dashtam/container/internal`: what the dashtam packages share with the container: the trace
 * scope the Express middleware opens for a request and ends when its response is done, the check
 * of scope fields, and the trace and request id generators.
 *
 * For the dashtam packages only: not an API for applications, no semver promise (any release may
 * change or remove a name). Applications use the package root.
 */

// For the express middleware's own process-wide state.
export { processWide } from '@dashtam/fd-writer/internal';
export { checkContextFields } from './context-fields.js';
export type { TraceScopeHandle } from './trace-context.js';
export { openTraceScope } from './trace-context.js';
export { newRequestId, newTraceId } from './trace-id.js';

/**
 * `@dashtam/adapter-console/internal`: what the dashtam packages share with the console adapter:
 * its pretty format (`PrettyRenderer`), which the `dashtam-logs` command prints records with.
 *
 * For the dashtam packages only: not an API for applications, no semver promise (any release may
 * change or remove a name). Applications use the package root.
 */

export { PrettyRenderer } from './pretty-renderer.js';

export type { ConsoleAdapterConfig, ConsoleAdapterOptions } from './console-adapter.js';
export { ConsoleAdapter, ConsoleFormat, resolveConsoleAdapterConfig } from './console-adapter.js';
export { ConsoleAdapterError, ConsoleAdapterErrorCode, InvalidConsoleOptionsError } from './errors.js';
export type { ConsoleDestination } from './line-writer.js';
export { PrettyRenderer } from './pretty-renderer.js';

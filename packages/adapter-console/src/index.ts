export type { ConsoleSinkConfig, ConsoleSinkOptions } from './console-sink.js';
export { ConsoleFormat, ConsoleSink } from './console-sink.js';
export { ConsoleAdapterError, ConsoleAdapterErrorCode, InvalidConsoleOptionsError } from './errors.js';
export type { ConsoleDestination } from './line-writer.js';
export { PrettyRenderer } from './pretty-renderer.js';

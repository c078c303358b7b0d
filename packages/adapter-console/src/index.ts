export type { ConsoleSinkOptions } from './console-sink.js';
export { ConsoleFormat, ConsoleSink } from './console-sink.js';
export { ConsoleAdapterError, ConsoleAdapterErrorCode, InvalidConsoleOptionsError } from './errors.js';

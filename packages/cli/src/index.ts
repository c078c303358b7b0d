export { CliError, CliErrorCode, CloudWatchReadError, UsageError } from './errors.js';
export type { LinePrinterOptions } from './line-printer.js';
export { LinePrinter } from './line-printer.js';
export type { CliIo } from './main.js';
export { main } from './main.js';
export { runPretty } from './pretty-command.js';
export type { GrepCondition, RecordFilterOptions } from './record-filter.js';
export type { TailOptions } from './tail-command.js';
export { runTail } from './tail-command.js';

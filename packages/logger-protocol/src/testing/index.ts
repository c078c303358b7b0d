export type { ContractFactory, ContractRunner, ContractSubject } from './logger-contract.js';
export { runLoggerContract } from './logger-contract.js';
export type { RecordingLoggerOptions } from './recording-logger.js';
export { RecordingLogger } from './recording-logger.js';
export type { CorpusCase } from './secret-corpus.js';
export { lookalikeCorpus, secretCorpus } from './secret-corpus.js';

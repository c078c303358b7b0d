export type { CapturedOutput } from './captured-output.js';
export { capturedOutput, parseJsonLines } from './captured-output.js';
export { RecordingSink, recordingLogger } from './recording-sink.js';
export type { CorpusCase } from './secret-corpus.js';
export { lookalikeCorpus, secretCorpus } from './secret-corpus.js';
export { seededRandom } from './seeded-random.js';
export type { ContractFactory, ContractRunner, ContractSubject } from './sink-contract.js';
export { runSinkContract } from './sink-contract.js';

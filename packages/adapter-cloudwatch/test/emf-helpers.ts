import { EventEmitter, once } from 'node:events';
import { checkEmfDocument } from '@dashtam/cloudwatch-local';
import type { LogSink } from '@dashtam/logger-protocol';

export interface EmfDocument {
  _aws: {
    Timestamp: number;
    CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit: string }[] }[];
  };
  [member: string]: unknown;
}

/**
 * Judges every document a test sees with AWS's schema and the specification's prose rules
 * (`checkEmfDocument`), and returns it parsed; a document that breaks a rule fails the test.
 */
export function validDocument(line: string, maxBytes = 262_118): EmfDocument {
  const problems = checkEmfDocument(line);
  if (problems.length > 0) throw new Error(`invalid EMF document (${problems.join('; ')}): ${line.slice(0, 300)}`);
  const bytes = Buffer.byteLength(line, 'utf8');
  if (bytes > maxBytes) throw new Error(`EMF document of ${bytes} bytes, over ${maxBytes}`);
  const document = JSON.parse(line) as EmfDocument;
  // CloudWatch's dimension rules (API Dimension): a value of 1 to 1024 ASCII characters, not only whitespace.
  for (const key of document._aws.CloudWatchMetrics.flatMap((d) => d.Dimensions.flat())) {
    const value = document[key] as string;
    if (value.length > 1024 || value.trim() === '' || /[^\u0020-\u007e]/.test(value)) {
      throw new Error(`EMF dimension ${key} of ${value.length} characters CloudWatch refuses: ${value.slice(0, 80)}`);
    }
  }
  return document;
}

/** A sink that keeps the documents written to it, each judged as it arrives, and says when one arrives. */
export class DocumentSink extends EventEmitter<{ document: [EmfDocument] }> implements LogSink {
  readonly documents: EmfDocument[] = [];
  readonly times: number[] = [];
  readonly levels: string[] = [];
  closed = false;
  flushes = 0;
  readonly #maxBytes: number;

  constructor(maxBytes = 262_118) {
    super();
    this.#maxBytes = maxBytes;
  }

  write(line: string, level: string, time: number): void {
    const document = validDocument(line, this.#maxBytes);
    this.documents.push(document);
    this.times.push(time);
    this.levels.push(level);
    this.emit('document', document);
  }

  flush(): Promise<void> {
    this.flushes++;
    return Promise.resolve();
  }

  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }

  /** Resolves with the next document written. */
  async next(): Promise<EmfDocument> {
    const [document] = await once(this, 'document');
    return document as EmfDocument;
  }
}

/** Every value of metric `name` across documents, flattened (a count's sums, a timing's samples). */
export function valuesOf(
  documents: readonly EmfDocument[],
  name: string,
  where: Record<string, string> = {},
): number[] {
  return documents
    .filter((d) => Object.entries(where).every(([k, v]) => d[k] === v))
    .flatMap((d) => (name in d ? [d[name] as number | number[]].flat() : []));
}

/** The metric definitions of a document, as `name:unit`. */
export function definitions(document: EmfDocument): string[] {
  return document._aws.CloudWatchMetrics.flatMap((d) => d.Metrics.map((m) => `${m.Name}:${m.Unit}`));
}

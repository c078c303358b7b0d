import { describe, expect, it } from 'vitest';
import { recordingLogger } from './testing/recording-sink.js';
import { lookalikeCorpus, secretCorpus } from './testing/secret-corpus.js';

// The shared record path (every adapter writes what it builds): each class of secret in the corpus
// is logged and must be gone from the line; each look-alike must come out unchanged.
describe('redaction over the secret corpus', () => {
  const cases = secretCorpus();
  const kinds = [...new Set(cases.map((c) => c.kind))];

  it('covers every class of secret the issue names', () => {
    for (const kind of [
      'secret word in key',
      'plural or grouping key',
      'number',
      'url credentials',
      'secret query parameter',
      'key=value in text',
      'vendor token in message',
      'vendor token in field',
      'vendor token in headers',
      'vendor token in error',
      'aws key pair',
      'private key',
      'bearer credential',
      'secret trace id',
      'value on the next line',
      'config text',
      'kubernetes secret',
      'sql',
      'markup',
      'command line',
      'secret named in prose',
    ]) {
      expect(kinds).toContain(kind);
    }
  });

  for (const kind of kinds) {
    it(`removes every secret of class "${kind}" and keeps the rest of the text`, () => {
      const { logger, sink: loggerSink } = recordingLogger({ traceContext: () => 'ambient-trace' });
      for (const c of cases.filter((x) => x.kind === kind)) {
        loggerSink.clear();
        logger.info(c.message, c.context);
        const line = loggerSink.lines[0] ?? '';
        for (const secret of c.secrets) expect(line, `${kind}: ${secret}`).not.toContain(secret);
        for (const kept of c.keep) expect(line, `${kind} keeps ${kept}`).toContain(kept);
        if (kind !== 'secret trace id') expect(line).toContain('[REDACTED]');
      }
    });
  }

  it('puts the ambient trace id in place of a trace id that looks like a secret', () => {
    const { logger, sink: loggerSink } = recordingLogger({ traceContext: () => 'ambient-trace' });
    for (const c of cases.filter((x) => x.kind === 'secret trace id')) logger.info(c.message, c.context);
    for (const r of loggerSink.records) expect(r.trace_id).toBe('ambient-trace');
    const bound = logger.bind({ trace_id: 'Bearer abcDEF123456789xyz' });
    bound.info('bound');
    expect(loggerSink.records.at(-1)?.trace_id).toBe('ambient-trace');
    const ok = logger.bind({ trace_id: 'order-7781-abc' });
    ok.info('kept');
    expect(loggerSink.records.at(-1)?.trace_id).toBe('order-7781-abc');
  });
});

describe('redaction over the look-alike corpus', () => {
  for (const c of lookalikeCorpus()) {
    it(`keeps ${c.kind} intact`, () => {
      const { logger, sink: loggerSink } = recordingLogger();
      logger.info(c.message, c.context);
      const line = loggerSink.lines[0] ?? '';
      expect(line).not.toContain('[REDACTED]');
      for (const kept of c.keep) expect(line).toContain(kept);
    });
  }
});

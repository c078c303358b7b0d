// A member's key is read as the name of its value's vendor (redactStringUnder): only its end can
// reach the value in any rule, so only its end is read. Before, the whole key was scanned with the
// value, uncapped where the value is capped: a 1 MB key of `curl ` words took 4 s per log call.
import { describe, expect, it } from 'vitest';
import { Redactor } from './redactor.js';
import { recordingLogger } from './testing/recording-sink.js';

describe('a long key read as a vendor’s name', () => {
  it('costs what its end costs', { timeout: 8_000 }, () => {
    const { logger, sink } = recordingLogger();
    const key = 'curl '.repeat(1_000_000);
    logger.info('m', { [key]: 'value-123456' });
    expect(sink.lines).toHaveLength(1);
  });

  it('still reads the vendor’s name at the end of a long key', () => {
    const heroku = '8a1a6318-4c2b-4e2b-bcda-5573fc9f03a9';
    const out = new Redactor().redactStringUnder(`${'x'.repeat(100_000)}_heroku`, heroku);
    expect(out).not.toContain(heroku);
  });
});

// A member's key is read as the name of its value's vendor (redactStringUnder): only its end can
// reach the value in any rule, so only its last 2,048 characters are read. Before, the whole key
// was scanned with the value, uncapped where the value is capped: a 1 MB key of `curl ` words took
// 4 s per log call. No rule reaches 2,048 characters back, so the cap changes no verdict; no
// duration is asserted (the machine is shared): a long key must simply be logged.
import { describe, expect, it } from 'vitest';
import { Redactor } from './redactor.js';
import { recordingLogger } from './testing/recording-sink.js';

const heroku = '8a1a6318-4c2b-4e2b-bcda-5573fc9f03a9';

describe('a long key read as a vendor’s name', () => {
  it('still reads the vendor’s name at the end of a long key', () => {
    const out = new Redactor().redactStringUnder(`${'x'.repeat(100_000)}_heroku`, heroku);
    expect(out).not.toContain(heroku);
  });

  it('logs a record under a long key', () => {
    const { logger, sink } = recordingLogger();
    logger.info('m', { ['curl '.repeat(200_000)]: 'value-123456' });
    expect(sink.lines).toHaveLength(1);
  });
});

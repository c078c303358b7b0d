// A key that names a secret's vendor is read as that name wherever a key stands beside a string
// value, not only in a plain object's member: Map entries, Headers, URLSearchParams, entry lists
// (Object.entries) and flat name/value lists. Before the fix these wrote the value as it was.
import { describe, expect, it } from 'vitest';
import { Redactor } from './redactor.js';
import { recordingLogger } from './testing/recording-sink.js';

const { logger, sink } = recordingLogger();
function logLine(write: (l: typeof logger) => void): string {
  sink.clear();
  write(logger);
  return sink.lines.join('\n');
}

const heroku = '8a1a6318-4c2b-4e2b-bcda-5573fc9f03a9';
const datadog = 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0';

describe('a vendor named by the key of a container entry', () => {
  it.each([
    [
      'Map',
      () => ({
        m: new Map([
          ['heroku', heroku],
          ['datadog', datadog],
        ]),
      }),
    ],
    ['Headers', () => ({ h: new Headers({ heroku, datadog }) })],
    ['URLSearchParams', () => ({ q: new URLSearchParams({ heroku, datadog }) })],
    ['Object.entries', () => ({ e: Object.entries({ heroku, datadog }) })],
    ['flat name/value list', () => ({ raw: ['Host', 'example.com', 'heroku', heroku, 'datadog', datadog] })],
  ])('%s: the value is redacted as it is under an object key', (_, context) => {
    const line = logLine((l) => l.info('vendors', context()));
    expect(line).not.toContain(heroku);
    expect(line).not.toContain(datadog);
    expect(line).toContain('[REDACTED]');
  });

  it('leaves the same values alone under keys that name no vendor', () => {
    const line = logLine((l) =>
      l.info('ids', { m: new Map([['request_id', heroku]]), e: Object.entries({ commit: datadog }) }),
    );
    expect(line).toContain(heroku);
    expect(line).toContain(datadog);
  });
});

describe('a value read under its vendor key keeps its own findings', () => {
  it('censors a secret the value holds by itself even when the key-read finding covers its keyword', () => {
    // Read as `mattermost=<value>`, the first 26 characters are a finding and are censored first;
    // the value's own finding (`mattermost` inside it, then `':"="<26 chars>`) then lost its keyword.
    const value = 'ZmaTtERMOStg1cgXMN1wbee6JK\':"="1rnG600RSab3VtP5EqtDpWUSJX';
    const own = new Redactor().redactString(value);
    expect(own).not.toContain('1rnG600RSab3VtP5EqtDpWUSJX');
    expect(new Redactor().redactStringUnder('mattermost', value)).not.toContain('1rnG600RSab3VtP5EqtDpWUSJX');
  });
});

import { describe, expect, it } from 'vitest';
import { ConsoleSink } from './console-sink.js';
import { EmfSummaryRenderer, summarizeEmf } from './emf-summary.js';

const T = Date.parse('2025-11-13T19:00:00.000Z');

/** An EMF document as EmfMetrics writes one: one directive, its dimensions, then the targets. */
function emf(
  dimensions: Record<string, string>,
  metrics: Record<string, { unit: string; value: number | number[] }>,
  namespace = 'Dashtam/development',
): string {
  return JSON.stringify({
    _aws: {
      Timestamp: T,
      CloudWatchMetrics: [
        {
          Namespace: namespace,
          Dimensions: [Object.keys(dimensions)],
          Metrics: Object.entries(metrics).map(([Name, m]) => ({ Name, Unit: m.unit })),
        },
      ],
    },
    ...dimensions,
    ...Object.fromEntries(Object.entries(metrics).map(([k, m]) => [k, m.value])),
  });
}

describe('summarizeEmf', () => {
  it('gives the namespace, the dimensions in braces, and each metric with its unit', () => {
    const doc = emf(
      { method: 'GET', route: '/users/:id' },
      {
        http_request_duration: { unit: 'Milliseconds', value: [12, 30, 18.5] },
        http_requests: { unit: 'Count', value: 3 },
      },
    );
    expect(summarizeEmf(doc)).toBe(
      'Dashtam/development {method=GET route=/users/:id} http_request_duration[ms] n=3 min=12 avg=20.17 max=30, http_requests=3',
    );
  });

  it('shows a single value as name=value, no braces without dimensions, and leaves out Count and None', () => {
    expect(
      summarizeEmf(
        emf(
          {},
          {
            jobs_done: { unit: 'Count', value: 3 },
            queue_depth: { unit: 'None', value: [7] },
            cpu: { unit: 'Percent', value: [42.123456] },
            upload: { unit: 'Bytes', value: 2048 },
            rate: { unit: 'Count/Second', value: [5] },
            wait: { unit: 'Seconds', value: [0.000123456] },
          },
        ),
      ),
    ).toBe(
      'Dashtam/development jobs_done=3, queue_depth=7, cpu[%]=42.12, upload[B]=2048, rate[Count/Second]=5, wait[s]=0.000123',
    );
  });

  it('takes a document of many values (no spread into Math.min)', () => {
    const values = Array.from({ length: 200_000 }, (_, i) => i);
    expect(summarizeEmf(emf({}, { latency: { unit: 'Seconds', value: values } }))).toBe(
      'Dashtam/development latency[s] n=200000 min=0 avg=99999.5 max=199999',
    );
  });

  it('escapes control characters in every name and value (colour codes removed): a document cannot start a line', () => {
    const doc = emf({ 'ro\nute': 'a\u001b[31mb' }, { 'n\u2028ame': { unit: 'Count', value: 1 } }, 'N\r');
    const summary = summarizeEmf(doc) as string;
    expect(summary).not.toMatch(/[\n\r\u001b\u2028]/);
    expect(summary).toBe('N\\r {ro\\nute=ab} n\\u2028ame=1');
  });

  it('is undefined for what is not an EMF document', () => {
    expect(summarizeEmf('not json')).toBeUndefined();
    expect(summarizeEmf('{"message":"a record","_aws":"x"}')).toBeUndefined();
    expect(summarizeEmf('[1,2]')).toBeUndefined();
    expect(summarizeEmf('{"_aws":{"CloudWatchMetrics":[]}}')).toBeUndefined();
  });
});

describe('EmfSummaryRenderer', () => {
  it('writes the summary in the pretty records shape: time and a padded [METRICS ] label', () => {
    const line = new EmfSummaryRenderer(false).render(emf({}, { jobs: { unit: 'Count', value: 1 } }), 'info', T);
    expect(line).toBe('2025-11-13T19:00:00.000Z [METRICS ] Dashtam/development jobs=1');
  });

  it('colours the label when asked', () => {
    const line = new EmfSummaryRenderer(true).render(emf({}, { jobs: { unit: 'Count', value: 1 } }), 'info', T);
    expect(line).toContain('\u001b[35mMETRICS');
  });

  it('writes a line that is not a document as it is, escaped', () => {
    expect(new EmfSummaryRenderer(false).render('plain\ntext', 'info', T)).toBe('plain\\ntext');
  });
});

describe("ConsoleSink format 'emf-summary'", () => {
  it('writes one summary line per document, unbuffered like pretty, with no raw JSON', async () => {
    const chunks: string[] = [];
    const sink = new ConsoleSink({ format: 'emf-summary', destination: { write: (c: string) => chunks.push(c) } });
    expect(sink.settings).toMatchObject({ format: 'emf-summary', bufferSize: 0, colors: false });
    sink.write(emf({ route: '/' }, { latency: { unit: 'Milliseconds', value: [1, 3] } }), 'info', T);
    expect(chunks).toEqual([
      '2025-11-13T19:00:00.000Z [METRICS ] Dashtam/development {route=/} latency[ms] n=2 min=1 avg=2 max=3\n',
    ]);
    await sink.close();
    expect(sink.stats()).toEqual({ written: 1, lost: 0 });
  });
});

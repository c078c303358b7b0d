import type { MetricUnit } from '@dashtam/metrics-protocol';
import type { MetricKind } from '@dashtam/metrics-protocol/internal';
import { utf8Bytes } from './batch.js';
import { EMF_LIMITS } from './emf-options.js';

/** One series of an interval: a metric name with one combination of dimension values. */
export interface EmfSeries {
  readonly name: string;
  readonly kind: MetricKind;
  readonly unit: MetricUnit;
  /** A count's sum. */
  sum: number;
  /** A gauge's or timing's values, in the order recorded. */
  readonly values: number[];
}

/** The series of an interval that share one combination of dimension values: one document's worth, before splitting. */
export interface EmfGroup {
  /** The dimensions (defaults merged in), sorted by key. */
  readonly dimensions: readonly (readonly [string, string])[];
  readonly series: EmfSeries[];
}

interface Piece {
  readonly definition: string;
  readonly target: string;
  readonly bytes: number;
}

/**
 * Writes one group as EMF documents, as few as the limits allow: at most 100 metric definitions per
 * document, at most 100 values per metric target (a timing with 250 values goes out as 100, 100
 * and 50 in three documents), and at most `maxBytes` UTF-8 bytes per document. Every value
 * recorded is in exactly one document; nothing is dropped to fit.
 *
 * @example
 * ```ts
 * renderDocuments({ dimensions: [['route', '/']], series: [{ name: 'latency', kind: 'timing', unit: 'Milliseconds', sum: 0, values: [12, 30] }] }, 'Dashtam/production', 1700000000000, 262118);
 * // ['{"_aws":{"Timestamp":1700000000000,"CloudWatchMetrics":[{"Namespace":"Dashtam/production","Dimensions":[["route"]],"Metrics":[{"Name":"latency","Unit":"Milliseconds"}]}]},"route":"/","latency":[12,30]}']
 * ```
 */
export function renderDocuments(group: EmfGroup, namespace: string, timestamp: number, maxBytes: number): string[] {
  const keys = group.dimensions.map(([k]) => k);
  const head = `{"_aws":{"Timestamp":${timestamp},"CloudWatchMetrics":[{"Namespace":${JSON.stringify(namespace)},"Dimensions":[${JSON.stringify(keys)}],"Metrics":[`;
  const dimensions = group.dimensions.map(([k, v]) => `,${JSON.stringify(k)}:${JSON.stringify(v)}`).join('');
  const middle = ']}]}';
  // The frame of every document; each piece adds its definition, its target and two commas.
  const frame = utf8Bytes(head) + utf8Bytes(middle) + utf8Bytes(dimensions) + 1;
  const documents: string[] = [];
  // A loop, not Math.max(...): a group may hold more series than a call takes arguments.
  let rounds = 0;
  for (const series of group.series) rounds = Math.max(rounds, roundsOf(series));
  for (let round = 0; round < rounds; round++) {
    let definitions: string[] = [];
    let targets = '';
    let bytes = frame;
    const emit = () => {
      documents.push(`${head}${definitions.join(',')}${middle}${dimensions}${targets}}`);
      definitions = [];
      targets = '';
      bytes = frame;
    };
    for (const series of group.series) {
      const piece = pieceOf(series, round);
      if (piece === undefined) continue;
      const full = definitions.length === EMF_LIMITS.maxMetricsPerDocument;
      if (full || (definitions.length > 0 && bytes + piece.bytes > maxBytes)) emit();
      definitions.push(piece.definition);
      targets += `,${piece.target}`;
      bytes += piece.bytes;
    }
    if (definitions.length > 0) emit();
  }
  return documents;
}

function roundsOf(series: EmfSeries): number {
  return series.kind === 'count' ? 1 : Math.ceil(series.values.length / EMF_LIMITS.maxValuesPerTarget);
}

// A series' share of one round: a count's sum in the first; values r*100 to r*100+99 in round r.
function pieceOf(series: EmfSeries, round: number): Piece | undefined {
  let value: string;
  if (series.kind === 'count') {
    if (round > 0) return undefined;
    value = String(series.sum);
  } else {
    const start = round * EMF_LIMITS.maxValuesPerTarget;
    if (start >= series.values.length) return undefined;
    value = `[${series.values.slice(start, start + EMF_LIMITS.maxValuesPerTarget).join(',')}]`;
  }
  const name = JSON.stringify(series.name);
  const definition = `{"Name":${name},"Unit":${JSON.stringify(series.unit)}}`;
  const target = `${name}:${value}`;
  return { definition, target, bytes: utf8Bytes(definition) + utf8Bytes(target) + 2 };
}

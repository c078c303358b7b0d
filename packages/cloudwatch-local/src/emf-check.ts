import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';

// AWS's published schema (emf-schema/README.md says where it comes from), read from the package
// folder so the same path works from src/ (tests) and dist/ (the command line).
const schema = JSON.parse(readFileSync(new URL('../emf-schema/emf-schema.json', import.meta.url), 'utf8')) as object;
// The schema's `$id`s are JSON pointers into itself, which Ajv's strict mode refuses as ids.
const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);

/** The limits the specification states in prose, which the schema does not check. */
export const EMF_PROSE_LIMITS = Object.freeze({ maxMetricsPerDirective: 100, maxValuesPerTarget: 100 });

/**
 * Judges one embedded metric format document (a parsed log event, or its text): AWS's JSON schema
 * (Ajv), then the rules of the specification's prose that the schema leaves out: every metric
 * `Name` is a root member holding a number or an array of at most 100 numbers; every dimension key
 * is a root member holding a string; a directive holds at most 100 metric definitions. Returns the
 * problems found, empty when the document is valid.
 *
 * @example
 * ```ts
 * checkEmfDocument('{"_aws":{"Timestamp":1,"CloudWatchMetrics":[{"Namespace":"N","Dimensions":[[]],"Metrics":[{"Name":"m"}]}]}}');
 * // ['metric "m": the root member is missing']
 * ```
 */
export function checkEmfDocument(document: unknown): string[] {
  let doc = document;
  if (typeof doc === 'string') {
    try {
      doc = JSON.parse(doc) as unknown;
    } catch {
      return ['not JSON'];
    }
  }
  if (!validate(doc)) {
    return (validate.errors ?? []).map((e) => `schema: ${e.instancePath || '/'} ${e.message ?? ''}`.trim());
  }
  const root = doc as Record<string, unknown> & {
    _aws: { CloudWatchMetrics: { Dimensions: string[][]; Metrics: { Name: string }[] }[] };
  };
  const problems: string[] = [];
  const isNumber = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
  for (const [i, directive] of root._aws.CloudWatchMetrics.entries()) {
    if (directive.Metrics.length > EMF_PROSE_LIMITS.maxMetricsPerDirective) {
      problems.push(
        `directive ${i}: ${directive.Metrics.length} metric definitions, at most ${EMF_PROSE_LIMITS.maxMetricsPerDirective}`,
      );
    }
    for (const { Name } of directive.Metrics) {
      const target = Object.hasOwn(root, Name) ? root[Name] : undefined;
      if (target === undefined) problems.push(`metric ${JSON.stringify(Name)}: the root member is missing`);
      else if (Array.isArray(target)) {
        if (target.length > EMF_PROSE_LIMITS.maxValuesPerTarget) {
          problems.push(
            `metric ${JSON.stringify(Name)}: ${target.length} values, at most ${EMF_PROSE_LIMITS.maxValuesPerTarget}`,
          );
        }
        if (!target.every(isNumber)) problems.push(`metric ${JSON.stringify(Name)}: an array member is not a number`);
      } else if (!isNumber(target)) problems.push(`metric ${JSON.stringify(Name)}: not a number or array of numbers`);
    }
    for (const key of directive.Dimensions.flat()) {
      const target = Object.hasOwn(root, key) ? root[key] : undefined;
      if (typeof target !== 'string')
        problems.push(`dimension ${JSON.stringify(key)}: the root member is not a string`);
    }
  }
  return problems;
}

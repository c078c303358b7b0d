/**
 * The resource and scope `OtlpSink` sends, as a `WireContext` for the wire encoder: the SDK's
 * default resource (service.name fallback, telemetry.sdk.*) merged with the sink's resource
 * attributes, and the scope name the sink's logger has. Built once per sink, never per request.
 */
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import type { OtlpSinkConfig } from '../options.js';
import type { WireContext } from './types.js';

/** The instrumentation scope of the sink's records. */
export const SCOPE_NAME = '@dashtam/adapter-otlp';

/**
 * The context `OtlpSink` exports its records with, for `encodeLogsRequest`.
 *
 * @example
 * ```ts
 * const context = wireContextOf(resolveOtlpConfig({ endpoint, serviceName: 'orders' }));
 * ```
 */
export function wireContextOf(config: Pick<OtlpSinkConfig, 'resourceAttributes'>): WireContext {
  const attributes = defaultResource().merge(resourceFromAttributes({ ...config.resourceAttributes })).attributes;
  const resource: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(attributes)) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') resource[key] = value;
  }
  return { resource, scope: { name: SCOPE_NAME } };
}

import { describe, expect, it } from 'vitest';
import { InvalidOtlpOptionsError, OtlpAdapterErrorCode } from './errors.js';
import { type OtlpSinkOptions, resolveOtlpConfig } from './options.js';

const base: OtlpSinkOptions = { endpoint: 'http://127.0.0.1:4318/v1/logs', serviceName: 'orders' };

function rejection(options: unknown): InvalidOtlpOptionsError {
  try {
    resolveOtlpConfig(options as OtlpSinkOptions);
  } catch (e) {
    if (e instanceof InvalidOtlpOptionsError) return e;
    throw e;
  }
  throw new Error('accepted');
}

describe('resolveOtlpConfig', () => {
  it('applies the defaults and builds the resource attributes', () => {
    expect(resolveOtlpConfig({ ...base, serviceVersion: '1.0.0', deploymentEnvironment: 'production' })).toEqual({
      endpoint: 'http://127.0.0.1:4318/v1/logs',
      protocol: 'http/protobuf',
      headers: {},
      resourceAttributes: {
        'service.name': 'orders',
        'service.version': '1.0.0',
        'deployment.environment': 'production',
        'deployment.environment.name': 'production',
      },
      maxQueueSize: 2048,
      maxExportBatchSize: 512,
      flushInterval: 1000,
      exportTimeout: 10_000,
      flushTimeout: 10_000,
      retryBaseDelay: 500,
      retryMaxDelay: 5000,
      fallback: 2,
    });
  });

  it('throws a typed error naming the option and what is accepted', () => {
    const cases: [unknown, string, string][] = [
      [null, 'options', 'endpoint and serviceName'],
      [{ ...base, endpoint: 'collector:4318' }, 'endpoint', 'http:// or https:// URL'],
      [{ ...base, endpoint: 42 }, 'endpoint', 'got 42'],
      [{ ...base, protocol: 'grpc' }, 'protocol', 'http/protobuf, http/json (gRPC is not supported)'],
      [{ ...base, serviceName: ' ' }, 'serviceName', 'non-empty string'],
      [{ endpoint: base.endpoint }, 'serviceName', 'got undefined'],
      [{ ...base, serviceVersion: '' }, 'serviceVersion', 'non-empty string'],
      [{ ...base, headers: { 'bad name': 'x' } }, 'headers', 'token characters'],
      [{ ...base, headers: { ok: 'a\r\nb' } }, 'headers', 'without CR, LF or NUL'],
      [{ ...base, headers: 'k=v' }, 'headers', 'expected an object'],
      [{ ...base, resourceAttributes: { 'a.b': {} } }, 'resourceAttributes', 'string, number or boolean'],
      [{ ...base, maxQueueSize: 0 }, 'maxQueueSize', 'integer from 1 to 10000000, got 0'],
      [{ ...base, flushTimeout: 1.5 }, 'flushTimeout', 'got 1.5'],
      [{ ...base, maxQueueSize: 10, maxExportBatchSize: 11 }, 'maxExportBatchSize', 'at most maxQueueSize (10)'],
      [{ ...base, fallback: 'stderr' }, 'fallback', 'write(chunk) method or a file descriptor'],
    ];
    for (const [options, option, text] of cases) {
      const error = rejection(options);
      expect(error.option).toBe(option);
      expect(error.code).toBe(OtlpAdapterErrorCode.InvalidOptions);
      expect(error.name).toBe('InvalidOtlpOptionsError');
      expect(error.message).toContain(`Invalid OtlpSink option "${option}"`);
      expect(error.message).toContain(text);
    }
  });
});

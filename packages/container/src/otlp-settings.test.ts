import { describe, expect, it } from 'vitest';
import { InvalidSettingError } from './errors.js';
import { loadSettings } from './settings.js';

const OTLP = { LOG_SINKS: 'otlp' };

function rejects(env: Record<string, string>): InvalidSettingError {
  try {
    loadSettings({ ...OTLP, ...env });
  } catch (e) {
    if (e instanceof InvalidSettingError) return e;
    throw e;
  }
  throw new Error('loadSettings accepted it');
}

describe('the OTLP settings (OTEL_* variables)', () => {
  it('are read only when LOG_SINKS names otlp', () => {
    expect(loadSettings({ OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }).otlp).toBeUndefined();
    expect(loadSettings({ LOG_SINKS: 'console,otlp:warning' }).otlp).toEqual({
      endpoint: 'http://localhost:4318/v1/logs',
      protocol: 'http/protobuf',
      headers: {},
      serviceName: 'dashtam',
    });
  });

  it('appends /v1/logs to OTEL_EXPORTER_OTLP_ENDPOINT and uses OTEL_EXPORTER_OTLP_LOGS_ENDPOINT as is, which wins', () => {
    expect(loadSettings({ ...OTLP, OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }).otlp?.endpoint).toBe(
      'http://collector:4318/v1/logs',
    );
    expect(loadSettings({ ...OTLP, OTEL_EXPORTER_OTLP_ENDPOINT: 'https://gw.example/otlp/' }).otlp?.endpoint).toBe(
      'https://gw.example/otlp/v1/logs',
    );
    expect(
      loadSettings({
        ...OTLP,
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
        OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: 'http://logs:9000/ingest',
      }).otlp?.endpoint,
    ).toBe('http://logs:9000/ingest');
  });

  it('reads the protocol, the logs one first, and the service name', () => {
    const settings = loadSettings({
      ...OTLP,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
      OTEL_EXPORTER_OTLP_LOGS_PROTOCOL: 'http/json',
      OTEL_SERVICE_NAME: 'orders',
    });
    expect(settings.otlp).toMatchObject({ protocol: 'http/json', serviceName: 'orders' });
  });

  it('reads headers as URL-encoded key=value pairs, the logs variable overriding key by key', () => {
    const settings = loadSettings({
      ...OTLP,
      OTEL_EXPORTER_OTLP_HEADERS: 'api-key=abc%3D%3D, Tenant = t1 ,x-empty=',
      OTEL_EXPORTER_OTLP_LOGS_HEADERS: 'tenant=logs%20team',
    });
    expect(settings.otlp?.headers).toEqual({ 'api-key': 'abc==', tenant: 'logs team', 'x-empty': '' });
  });

  it('stops the start with InvalidSettingError naming the variable and the accepted values', () => {
    const grpc = rejects({ OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' });
    expect(grpc.variable).toBe('OTEL_EXPORTER_OTLP_PROTOCOL');
    expect(grpc.code).toBe('DASHTAM_INVALID_SETTING');
    expect(grpc.message).toContain('http/protobuf or http/json');
    expect(grpc.message).toContain('gRPC is not supported');
    expect(rejects({ OTEL_EXPORTER_OTLP_LOGS_PROTOCOL: 'http' }).variable).toBe('OTEL_EXPORTER_OTLP_LOGS_PROTOCOL');
    const endpoint = rejects({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' });
    expect(endpoint.variable).toBe('OTEL_EXPORTER_OTLP_ENDPOINT');
    expect(endpoint.message).toContain('http:// or https:// URL');
    expect(rejects({ OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: 'not a url' }).variable).toBe(
      'OTEL_EXPORTER_OTLP_LOGS_ENDPOINT',
    );
    const headers = rejects({ OTEL_EXPORTER_OTLP_HEADERS: 'api-key=s3cr3t,novalue' });
    expect(headers.variable).toBe('OTEL_EXPORTER_OTLP_HEADERS');
    expect(headers.message).toContain('key=value');
    expect(headers.message).not.toContain('s3cr3t');
    expect(rejects({ OTEL_EXPORTER_OTLP_LOGS_HEADERS: 'k=%E0%A4%A' }).variable).toBe('OTEL_EXPORTER_OTLP_LOGS_HEADERS');
    // A character no HTTP header can carry (here U+20AC, or a control character): refused at the start,
    // naming the variable and the key, never the value.
    for (const value of ['Bearer%20t0k%E2%82%ACn', 'Bearer%20t0k%01n']) {
      const unsendable = rejects({ OTEL_EXPORTER_OTLP_HEADERS: `authorization=${value}` });
      expect(unsendable.variable).toBe('OTEL_EXPORTER_OTLP_HEADERS');
      expect(unsendable.message).toContain('"authorization"');
      expect(unsendable.message).not.toContain('t0k');
    }
  });

  it('accepts otlp in LOG_SINKS and names it among the accepted sinks', () => {
    expect(loadSettings({ LOG_SINKS: 'OTLP:error' }).logSinks).toEqual([{ name: 'otlp', level: 'error' }]);
    expect(() => loadSettings({ LOG_SINKS: 'otel' })).toThrow(/console, cloudwatch, otlp/);
  });
});

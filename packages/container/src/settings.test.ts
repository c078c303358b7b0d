import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { loadSettings } from './settings.js';

describe('loadSettings', () => {
  it('defaults to development at debug level with the host name as instance id', () => {
    expect(loadSettings({})).toMatchObject({
      environment: 'development',
      logLevel: 'debug',
      awsRegion: 'us-east-1',
      instanceId: hostname(),
      colors: undefined,
      cloudWatchEndpoint: undefined,
      logRetentionDays: undefined,
    });
  });

  it('defaults to info outside development and honours LOG_LEVEL in any case', () => {
    expect(loadSettings({ ENVIRONMENT: 'Testing' }).logLevel).toBe('info');
    expect(loadSettings({ ENVIRONMENT: 'ci', LOG_LEVEL: 'WARN' })).toMatchObject({
      environment: 'ci',
      logLevel: 'warning',
    });
  });

  it('reads AWS and instance settings, preferring the CloudWatch-specific endpoint', () => {
    const s = loadSettings({
      ENVIRONMENT: 'production',
      AWS_DEFAULT_REGION: 'eu-west-1',
      INSTANCE_ID: 'i-123',
      AWS_ENDPOINT_URL: 'http://generic',
      AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: 'http://127.0.0.1:4566',
      LOG_RETENTION_DAYS: '30',
    });
    expect(s).toMatchObject({
      awsRegion: 'eu-west-1',
      instanceId: 'i-123',
      cloudWatchEndpoint: 'http://127.0.0.1:4566',
      logRetentionDays: 30,
    });
  });

  it('maps NO_COLOR and FORCE_COLOR to the colour setting', () => {
    expect(loadSettings({ NO_COLOR: '1', FORCE_COLOR: '1' }).colors).toBe(false);
    expect(loadSettings({ FORCE_COLOR: '1' }).colors).toBe(true);
    expect(loadSettings({ FORCE_COLOR: '0' }).colors).toBeUndefined();
  });

  it('accepts the common ENVIRONMENT aliases in any case, trimmed', () => {
    const cases: [string, string][] = [
      ['prod', 'production'],
      [' PRD ', 'production'],
      ['Production', 'production'],
      ['stage', 'staging'],
      ['STG', 'staging'],
      ['test', 'testing'],
      ['\tTest\n', 'testing'],
      ['CI', 'ci'],
      ['dev', 'development'],
      ['Local', 'development'],
    ];
    for (const [ENVIRONMENT, environment] of cases) {
      expect(loadSettings({ ENVIRONMENT }), JSON.stringify(ENVIRONMENT)).toMatchObject({
        environment,
        unknownEnvironment: undefined,
      });
    }
  });

  it('falls back to development for an unknown ENVIRONMENT and keeps the value it did not accept', () => {
    expect(loadSettings({ ENVIRONMENT: 'qa' })).toMatchObject({
      environment: 'development',
      logLevel: 'debug',
      unknownEnvironment: 'qa',
    });
    expect(loadSettings({ ENVIRONMENT: '  ' })).toMatchObject({
      environment: 'development',
      unknownEnvironment: undefined,
    });
  });

  it('rejects a bad LOG_LEVEL or retention with the accepted values', () => {
    expect(() => loadSettings({ LOG_LEVEL: 'verbose' })).toThrow(
      /Invalid LOG_LEVEL: .*debug, info, warning, error, critical/,
    );
    expect(() => loadSettings({ LOG_RETENTION_DAYS: '31' })).toThrow(/LOG_RETENTION_DAYS.*30, 60/);
  });
});

import { hostname } from 'node:os';
import { CLOUDWATCH_RETENTION_DAYS } from '@dashtam/adapter-cloudwatch/internal';
import { describe, expect, it } from 'vitest';
import { InvalidSettingError } from './errors.js';
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
      logRetentionDays: 30,
      logBatchSize: 10_000,
      logBatchIntervalMs: 1000,
      logBufferMaxEvents: 100_000,
      logBufferMaxBytes: 33_554_432,
    });
  });

  it('reads the CloudWatch batching settings', () => {
    expect(
      loadSettings({
        LOG_BATCH_SIZE: '500',
        LOG_BATCH_INTERVAL_MS: ' 250 ',
        LOG_BUFFER_MAX_EVENTS: '500',
        LOG_BUFFER_MAX_BYTES: '1_048_576',
      }),
    ).toMatchObject({
      logBatchSize: 500,
      logBatchIntervalMs: 250,
      logBufferMaxEvents: 500,
      logBufferMaxBytes: 1_048_576,
    });
  });

  it('rejects batching settings out of bounds, naming the variable, what is wrong and what is accepted', () => {
    const cases: [Record<string, string>, string][] = [
      [
        { LOG_BATCH_SIZE: '10001' },
        'Invalid LOG_BATCH_SIZE: "10001" is too large: expected a whole number from 1 to 10000 (events per PutLogEvents call; CloudWatch accepts at most 10000); unset means 10000',
      ],
      [{ LOG_BATCH_SIZE: '0' }, 'Invalid LOG_BATCH_SIZE: "0" is too small: expected a whole number from 1 to 10000'],
      [{ LOG_BATCH_SIZE: '1e3' }, 'Invalid LOG_BATCH_SIZE: "1e3" is not a whole number'],
      [
        { LOG_BATCH_INTERVAL_MS: '1.5' },
        'Invalid LOG_BATCH_INTERVAL_MS: "1.5" is not a whole number: expected a whole number from 1 to 3600000',
      ],
      [
        { LOG_BATCH_SIZE: '500', LOG_BUFFER_MAX_EVENTS: '499' },
        'Invalid LOG_BUFFER_MAX_EVENTS: "499" is too small: expected a whole number from 500 to 100000000 (events held in memory; at least LOG_BATCH_SIZE, or a batch could never fill)',
      ],
      [
        { LOG_BUFFER_MAX_BYTES: '65536' },
        'Invalid LOG_BUFFER_MAX_BYTES: "65536" is too small: expected a whole number from 1048576 to 1099511627776 (bytes held in memory; at least 1048576, one full PutLogEvents request)',
      ],
      [{ LOG_BUFFER_MAX_BYTES: '-5' }, 'Invalid LOG_BUFFER_MAX_BYTES: "-5" is not a whole number'],
    ];
    for (const [env, message] of cases) {
      expect(() => loadSettings(env)).toThrow(InvalidSettingError);
      expect(() => loadSettings(env)).toThrow(message);
    }
  });

  it('reads LOG_RETENTION_DAYS: never or 0 keeps logs forever, any accepted period is kept', () => {
    expect(loadSettings({ LOG_RETENTION_DAYS: 'never' }).logRetentionDays).toBe('never');
    expect(loadSettings({ LOG_RETENTION_DAYS: ' NEVER ' }).logRetentionDays).toBe('never');
    expect(loadSettings({ LOG_RETENTION_DAYS: '0' }).logRetentionDays).toBe('never');
    for (const days of CLOUDWATCH_RETENTION_DAYS) {
      expect(loadSettings({ LOG_RETENTION_DAYS: String(days) }).logRetentionDays).toBe(days);
    }
    expect(loadSettings({ LOG_RETENTION_DAYS: '' }).logRetentionDays).toBe(30);
  });

  it('defaults to info outside development and honours LOG_LEVEL in any case', () => {
    expect(loadSettings({ ENVIRONMENT: 'Testing' }).logLevel).toBe('info');
    expect(loadSettings({ ENVIRONMENT: 'ci', LOG_LEVEL: 'WARN' })).toMatchObject({
      environment: 'ci',
      logLevel: 'warning',
    });
  });

  it('reads LOG_SINKS: outputs in any case with their own levels, else the environment default', () => {
    const sinks = (env: Record<string, string>) => loadSettings(env).logSinks;
    expect(sinks({})).toEqual([{ name: 'console', level: undefined }]);
    expect(sinks({ ENVIRONMENT: 'ci', LOG_SINKS: '  ' })).toEqual([{ name: 'console', level: undefined }]);
    expect(sinks({ ENVIRONMENT: 'prod' })).toEqual([{ name: 'cloudwatch', level: undefined }]);
    expect(sinks({ ENVIRONMENT: 'staging', LOG_SINKS: 'Console : WARN , CLOUDWATCH' })).toEqual([
      { name: 'console', level: 'warning' },
      { name: 'cloudwatch', level: undefined },
    ]);
    expect(sinks({ LOG_SINKS: 'cloudwatch:error' })).toEqual([{ name: 'cloudwatch', level: 'error' }]);
  });

  it('rejects a LOG_SINKS it cannot follow, naming the variable and what is accepted', () => {
    const error = (value: string) => {
      try {
        loadSettings({ LOG_SINKS: value });
      } catch (e) {
        return e as InvalidSettingError;
      }
      throw new Error(`LOG_SINKS=${value} was accepted`);
    };
    for (const [value, text] of [
      ['console,datadog', 'unknown sink "datadog" in "console,datadog"'],
      ['console,,cloudwatch', 'is not accepted'],
      ['console:info:x', 'is not accepted'],
      ['console:loud', '"console:loud": Invalid log level "loud"'],
      ['console:', 'Invalid log level ""'],
      ['console,CONSOLE', '"console" is named twice'],
    ] as const) {
      const e = error(value);
      expect(e).toBeInstanceOf(InvalidSettingError);
      expect(e.message, value).toContain('LOG_SINKS');
      expect(e.message, value).toContain(text);
    }
    expect(error('datadog').message).toContain('expected a comma-separated list of console, cloudwatch');
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
    for (const bad of ['1e1', '-1', 'forever', '30.0']) {
      expect(() => loadSettings({ LOG_RETENTION_DAYS: bad })).toThrow(
        `Invalid LOG_RETENTION_DAYS: ${JSON.stringify(bad)} is not accepted: expected one of CloudWatch's retention periods in days (${CLOUDWATCH_RETENTION_DAYS.join(', ')}), or "never" (or 0) to keep logs forever; unset means 30`,
      );
    }
  });
});

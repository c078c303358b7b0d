import { describe, expect, it } from 'vitest';
import { InvalidSettingError } from './errors.js';
import { loadSettings } from './settings.js';

describe('metrics settings', () => {
  it('defaults to on, the namespace Dashtam/{ENVIRONMENT} and 60-second intervals', () => {
    expect(loadSettings({})).toMatchObject({
      metrics: true,
      metricsNamespace: 'Dashtam/development',
      metricsIntervalSeconds: 60,
    });
    expect(loadSettings({ ENVIRONMENT: 'production' }).metricsNamespace).toBe('Dashtam/production');
  });

  it('reads METRICS, METRICS_NAMESPACE and METRICS_INTERVAL', () => {
    expect(
      loadSettings({ METRICS: ' OFF ', METRICS_NAMESPACE: ' Acme/Payments api ', METRICS_INTERVAL: '10' }),
    ).toMatchObject({ metrics: false, metricsNamespace: 'Acme/Payments api', metricsIntervalSeconds: 10 });
    expect(loadSettings({ METRICS: 'on', METRICS_INTERVAL: '3600' })).toMatchObject({
      metrics: true,
      metricsIntervalSeconds: 3600,
    });
  });

  it.each([
    ['METRICS', 'yes', '"yes" is not accepted: expected "on" or "off"; unset means on'],
    [
      'METRICS_NAMESPACE',
      'AWS/Lambda',
      'not starting with "AWS/", got "AWS/Lambda"; unset means "Dashtam/development"',
    ],
    ['METRICS_NAMESPACE', 'a'.repeat(256), 'expected 1 to 255 characters'],
    ['METRICS_NAMESPACE', 'app|prod', 'of 0-9A-Za-z . - _ / # : and space'],
    ['METRICS_INTERVAL', '0', '"0" is too small: expected a whole number from 1 to 3600'],
    ['METRICS_INTERVAL', '3601', '"3601" is too large: expected a whole number from 1 to 3600'],
    ['METRICS_INTERVAL', '1.5', 'is not a whole number'],
  ])('refuses %s=%j, naming the variable and what is accepted', (variable, value, message) => {
    const load = () => loadSettings({ [variable]: value });
    expect(load).toThrow(InvalidSettingError);
    expect(load).toThrow(`Invalid ${variable}: `);
    expect(load).toThrow(message);
  });
});

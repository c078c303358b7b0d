import { CloudWatchSink } from '@dashtam/adapter-cloudwatch';
import { capturedOutput } from '@dashtam/logger-protocol/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { configureContainer, flushLogs, getLogger, getSettings, shutdown } from './container.js';
import { createLogger } from './logger-factory.js';
import { loadSettings } from './settings.js';
import { runWithTraceId } from './trace-context.js';

const sink = capturedOutput;

afterEach(async () => {
  await shutdown();
  configureContainer({});
});

describe('container', () => {
  it('builds one JSON console logger for testing and ci, carrying the request trace id', async () => {
    for (const ENVIRONMENT of ['testing', 'ci']) {
      const out = sink();
      configureContainer({ env: { ENVIRONMENT }, destination: out.destination });
      await shutdown();
      configureContainer({ env: { ENVIRONMENT }, destination: out.destination });
      expect(getLogger()).toBe(getLogger());
      runWithTraceId('req-1', () => getLogger().info('inside', { k: 1 }));
      getLogger().debug('below info');
      await flushLogs();
      expect(out.records()).toMatchObject([{ level: 'info', message: 'inside', trace_id: 'req-1', k: 1 }]);
    }
  });

  it('builds a pretty console logger at debug level for development', async () => {
    const out = sink();
    configureContainer({ env: { ENVIRONMENT: 'development', NO_COLOR: '1' }, destination: out.destination });
    getLogger().debug('hello', { user_id: 'u' });
    await shutdown();
    expect(out.text()).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z \[DEBUG {3}\] hello\n {4}user_id=u trace_id=[0-9a-f]{32}\n$/);
  });

  it('honours LOG_LEVEL', async () => {
    const out = sink();
    configureContainer({ env: { ENVIRONMENT: 'testing', LOG_LEVEL: 'error' }, destination: out.destination });
    getLogger().warning('dropped');
    getLogger().error('kept');
    await getLogger().flush();
    expect(out.records().map((r) => r.message)).toEqual(['kept']);
    expect(getSettings().logLevel).toBe('error');
  });

  it("applies the user's redaction options: own token format, allow-listed key, censor", async () => {
    const out = sink();
    configureContainer({
      env: { ENVIRONMENT: 'testing' },
      destination: out.destination,
      redaction: {
        patterns: [{ name: 'acme_token', pattern: /\bacme_[A-Za-z0-9]{16}\b/g }],
        allowKeys: ['token_bucket'],
        censor: '***',
      },
    });
    getLogger().info('issued acme_0123456789abcdef', { token_bucket: 'b-1', password: 'hunter2' });
    await getLogger().flush();
    expect(out.records()[0]).toMatchObject({ message: 'issued ***', token_bucket: 'b-1', password: '***' });
  });

  it('falls back to the development console for an unknown ENVIRONMENT and writes one warning naming it', async () => {
    const out = sink();
    configureContainer({ env: { ENVIRONMENT: 'qa', NO_COLOR: '1' }, destination: out.destination });
    expect(getSettings().environment).toBe('development');
    getLogger().info('after');
    getLogger().info('again');
    await shutdown();
    const text = out.text();
    expect(text.match(/\[WARNING \]/g)).toHaveLength(1);
    expect(text).toMatch(
      /\[WARNING \] Unknown ENVIRONMENT, using development\n {4}variable=ENVIRONMENT received=qa accepted=/,
    );
    for (const name of ['development', 'testing', 'ci', 'staging', 'production', 'prod', 'test']) {
      expect(text.split('\n')[1]).toContain(name);
    }
    expect(text).toContain('] after');
  });

  it('builds a CloudWatch sink for staging and production, named as the spec says', async () => {
    for (const ENVIRONMENT of ['staging', 'production']) {
      const logger = createLogger(
        loadSettings({
          ENVIRONMENT,
          INSTANCE_ID: 'i-9',
          LOG_RETENTION_DAYS: '30',
          AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
        }),
      );
      expect(logger.sink).toBeInstanceOf(CloudWatchSink);
      const settings = (logger.sink as CloudWatchSink).settings;
      expect(settings.logGroup).toBe(`/dashtam/${ENVIRONMENT}/app`);
      expect(settings.streamFor('2025-11-13')).toBe('i-9/2025-11-13');
      expect(settings.retentionInDays).toBe(30);
      expect(settings).toMatchObject({ batchSize: 10_000, flushInterval: 1000, maxBufferEvents: 100_000 });
      await logger.close();
    }
  });

  it('rebuilds from the environment after shutdown', async () => {
    const out = sink();
    configureContainer({ env: { ENVIRONMENT: 'testing' }, destination: out.destination });
    const first = getLogger();
    first.info('buffered before clear');
    await shutdown();
    expect(getLogger()).not.toBe(first);
    expect(out.records().map((r) => r.message)).toEqual(['buffered before clear']);
  });
});

// An independent judge of "no secret reaches any output": the secret corpus is logged through every
// adapter and through the container in real processes, and secretlint (its recommended preset,
// which knows the vendor formats) scans everything that was written. The same scanner first proves
// it sees the secrets in the corpus itself, so zero findings mean redaction, not a blind scanner.
// A second judge does the same: gitleaks' own rules run by Python's `re` (oracle/gitleaks_oracle.py).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { CloudWatchSink } from '@dashtam/adapter-cloudwatch';
import { ConsoleSink } from '@dashtam/adapter-console';
import { OtlpSink } from '@dashtam/adapter-otlp';
import { LocalCloudWatchLogs } from '@dashtam/cloudwatch-local';
import type { LoggerProtocol } from '@dashtam/logger-protocol';
import { Logger } from '@dashtam/logger-protocol';
import { type CorpusCase, lookalikeCorpus, recordingLogger, secretCorpus } from '@dashtam/logger-protocol/testing';
import { OtlpReceiver, toDashtamRecord } from '@dashtam/otlp-local';
import { createEngine } from '@secretlint/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gitleaksScan, isSecret } from './oracle/gitleaks-oracle.js';

const entry = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const testing = fileURLToPath(new URL('../../logger-protocol/dist/testing/index.js', import.meta.url));
const corpus = secretCorpus();
const lookalikes = lookalikeCorpus();
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

interface Finding {
  readonly ruleId: string;
  readonly message: string;
}

let scan: (content: string) => Promise<Finding[]>;
let cw: LocalCloudWatchLogs;

beforeAll(async () => {
  const engine = await createEngine({
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    configFileJSON: { rules: [{ id: '@secretlint/secretlint-rule-preset-recommend' }] },
    formatter: 'json',
    color: false,
    maskSecrets: true,
  });
  scan = async (content) => {
    const { output } = await engine.executeOnContent({ content, filePath: 'output.log' });
    return (JSON.parse(output) as { messages: Finding[] }[]).flatMap((f) => f.messages);
  };
  cw = await LocalCloudWatchLogs.start();
});
afterAll(async () => {
  await cw?.stop();
});

function logAll(logger: LoggerProtocol, cases: readonly CorpusCase[]): void {
  for (const c of cases) logger.info(c.message, c.context);
  logger
    .bind({ request_path: '/login', password: 'bound-secret-value-1' })
    .warning('bound context', corpus[0]?.context);
}

/** Asserts the judge's verdict and our own: no finding, no secret fragment, every kept text present. */
async function judge(output: string, name: string): Promise<void> {
  expect(output.length, `${name} wrote something`).toBeGreaterThan(1000);
  const findings = await scan(output);
  expect(findings, `${name}: secretlint findings`).toEqual([]);
  const { findings: leaks } = await gitleaksScan([output]);
  expect(leaks.filter(isSecret), `${name}: gitleaks oracle findings`).toEqual([]);
  for (const c of corpus) {
    for (const secret of c.secrets) expect(output.includes(secret), `${name} leaked ${c.kind}: ${secret}`).toBe(false);
    for (const kept of c.keep) expect(output, `${name} kept ${kept}`).toContain(kept);
  }
  expect(output).not.toContain('bound-secret-value-1');
}

/** What a collector received: each record back in dashtam's form, and each request body as sent (http/json). */
function otlpOutput(receiver: OtlpReceiver): string {
  const records = receiver.logs.map((l) =>
    JSON.stringify(toDashtamRecord(l), (_k, v) => (typeof v === 'bigint' ? String(v) : v)),
  );
  return [...records, ...receiver.requests.map((r) => r.body.toString('utf8'))].join('\n');
}

function run(env: Record<string, string>, script: string): Promise<string> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { PATH: process.env.PATH, NO_COLOR: '1', ...env },
  });
  const chunks: Buffer[] = [];
  child.stdout.on('data', (c: Buffer) => chunks.push(c));
  child.stderr.on('data', (c: Buffer) => chunks.push(c));
  return once(child, 'close').then(([code]) => {
    expect(code, Buffer.concat(chunks).toString('utf8')).toBe(0);
    return Buffer.concat(chunks).toString('utf8');
  });
}

const childScript = `
  import { getLogger, shutdown } from ${JSON.stringify(entry)};
  import { secretCorpus } from ${JSON.stringify(testing)};
  const logger = getLogger();
  const corpus = secretCorpus();
  for (const c of corpus) logger.info(c.message, c.context);
  logger.bind({ request_path: '/login', password: 'bound-secret-value-1' }).warning('bound context', corpus[0].context);
  await shutdown();
`;

describe('secretlint over everything the loggers wrote', () => {
  it('finds the corpus secrets when they are not redacted (the judge can see)', async () => {
    const raw = corpus
      .map(
        (c) =>
          `${c.message}\n${JSON.stringify(c.context, (_k, v) => (typeof v === 'bigint' ? String(v) : v))}\n${c.secrets.join('\n')}`,
      )
      .join('\n');
    const rules = new Set((await scan(raw)).map((f) => f.ruleId.replace('@secretlint/secretlint-rule-', '')));
    for (const rule of [
      'database-connection-string',
      'basicauth',
      'github',
      'slack',
      'npm',
      'openai',
      'anthropic',
      'sendgrid',
      'gitlab',
      'huggingface',
      'privatekey',
    ]) {
      expect(rules, rule).toContain(rule);
    }
    // The second judge, gitleaks' rules in Python (oracle/gitleaks_oracle.py), sees them too.
    const gitleaksRules = new Set((await gitleaksScan([raw])).findings.map((f) => f.rule_id));
    for (const rule of [
      'anthropic-api-key',
      'aws-access-token',
      'gcp-api-key',
      'generic-api-key',
      'github-fine-grained-pat',
      'github-oauth',
      'github-pat',
      'gitlab-pat',
      'huggingface-access-token',
      'jwt',
      'npm-access-token',
      'openai-api-key',
      'private-key',
      'sendgrid-api-token',
      'slack-bot-token',
      'slack-user-token',
      'stripe-access-token',
      'twilio-api-key',
    ]) {
      expect(gitleaksRules, `gitleaks oracle: ${rule}`).toContain(rule);
    }
  });

  it('RecordingSink (the shared record path): zero findings', async () => {
    const { logger, sink } = recordingLogger();
    logAll(logger, corpus);
    await judge(sink.lines.join('\n'), 'RecordingSink');
  });

  for (const format of ['json', 'pretty'] as const) {
    it(`ConsoleSink (${format}): zero findings`, async () => {
      const chunks: string[] = [];
      const logger = new Logger({
        sink: new ConsoleSink({ format, colors: false, destination: { write: (c: string) => chunks.push(c) } }),
      });
      logAll(logger, corpus);
      await logger.close();
      await judge(chunks.join(''), `ConsoleSink ${format}`);
    });
  }

  it('CloudWatchSink, read back from a CloudWatch Logs endpoint: zero findings', async () => {
    const fallback: string[] = [];
    const logger = new Logger({
      sink: new CloudWatchSink({
        logGroup: '/dashtam/oracle',
        logStream: 'adapter',
        endpoint: cw.url,
        region: 'us-east-1',
        credentials,
        fallback: { write: (c: string) => fallback.push(c) },
      }),
    });
    logAll(logger, corpus);
    await logger.close();
    expect(fallback).toEqual([]);
    await judge(cw.store.messages('/dashtam/oracle', 'adapter').join('\n'), 'CloudWatchSink');
  });

  it('OtlpSink, as a collector received it (http/json): zero findings', async () => {
    const receiver = await OtlpReceiver.start();
    try {
      const fallback: string[] = [];
      const logger = new Logger({
        sink: new OtlpSink({
          endpoint: receiver.logsUrl,
          protocol: 'http/json',
          serviceName: 'oracle',
          fallback: { write: (c: string) => fallback.push(c) },
        }),
      });
      logAll(logger, corpus);
      await logger.close();
      expect(fallback).toEqual([]);
      expect(receiver.logs.length).toBe(corpus.length + 1);
      await judge(otlpOutput(receiver), 'OtlpSink');
    } finally {
      await receiver.close();
    }
  });

  for (const environment of ['development', 'testing'] as const) {
    it(`the container in a real process (ENVIRONMENT=${environment}, stdout and stderr): zero findings`, async () => {
      const output = await run({ ENVIRONMENT: environment }, childScript);
      await judge(output, `container ${environment}`);
    });
  }

  it('the container in a real process (ENVIRONMENT=production, CloudWatch and stderr): zero findings', async () => {
    const output = await run(
      {
        ENVIRONMENT: 'production',
        INSTANCE_ID: 'oracle',
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'local',
        AWS_SECRET_ACCESS_KEY: 'local',
        AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: cw.url,
      },
      childScript,
    );
    const streams = cw.store.streamNames('/dashtam/production/app').filter((s) => s.startsWith('oracle/'));
    const delivered = streams.flatMap((s) => cw.store.messages('/dashtam/production/app', s));
    expect(delivered.length).toBe(corpus.length + 1);
    await judge(`${delivered.join('\n')}\n${output}`, 'container production');
  });

  it('the container in a real process (LOG_SINKS=console,cloudwatch: both outputs and stderr): zero findings', async () => {
    const output = await run(
      {
        ENVIRONMENT: 'production',
        LOG_SINKS: 'console,cloudwatch',
        INSTANCE_ID: 'oracle-fan-out',
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'local',
        AWS_SECRET_ACCESS_KEY: 'local',
        AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: cw.url,
      },
      childScript,
    );
    const streams = cw.store.streamNames('/dashtam/production/app').filter((s) => s.startsWith('oracle-fan-out/'));
    const delivered = streams.flatMap((s) => cw.store.messages('/dashtam/production/app', s));
    // Every record reached both outputs: CloudWatch, and JSON lines on stdout.
    expect(delivered.length).toBe(corpus.length + 1);
    const stdoutRecords = output.split('\n').filter((l) => l.startsWith('{"timestamp"'));
    expect(stdoutRecords.length).toBeGreaterThanOrEqual(corpus.length + 1);
    await judge(`${delivered.join('\n')}\n${output}`, 'container console+cloudwatch');
  });

  it('the container in a real process (LOG_SINKS=otlp: the collector and stderr): zero findings', async () => {
    const receiver = await OtlpReceiver.start();
    try {
      const output = await run(
        {
          ENVIRONMENT: 'staging',
          LOG_SINKS: 'otlp',
          OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
          OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
          OTEL_SERVICE_NAME: 'oracle',
        },
        childScript,
      );
      expect(receiver.logs.length).toBe(corpus.length + 1);
      await judge(`${otlpOutput(receiver)}\n${output}`, 'container otlp');
    } finally {
      await receiver.close();
    }
  });
});

describe('look-alikes come out intact through every console format', () => {
  for (const format of ['json', 'pretty'] as const) {
    it(`ConsoleSink (${format}) keeps ids, order numbers, timestamps, URLs and counters`, async () => {
      const chunks: string[] = [];
      const logger = new Logger({
        sink: new ConsoleSink({ format, colors: false, destination: { write: (c: string) => chunks.push(c) } }),
      });
      for (const c of lookalikes) logger.info(c.message, c.context);
      await logger.close();
      const output = chunks.join('');
      expect(output).not.toContain('[REDACTED]');
      for (const c of lookalikes) for (const kept of c.keep) expect(output, `${c.kind}: ${kept}`).toContain(kept);
      expect(await scan(output)).toEqual([]);
      expect((await gitleaksScan([output])).findings.filter(isSecret)).toEqual([]);
    });
  }
});

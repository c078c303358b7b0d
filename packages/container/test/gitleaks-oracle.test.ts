// A second independent judge: gitleaks' own rules (vendor/gitleaks/gitleaks.toml, v8.30.0), run by
// Python's `re` (oracle/gitleaks_oracle.py), a translation that shares nothing with the redactor.
// First it must see: every vendor token of the corpus (formats the redactor's list does not name,
// values new each run from a printed seed) is found in the raw samples. Then the verdict: the
// corpus logged through every sink and the container in real processes, and nothing found after.
import { spawn } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { once } from 'node:events';
import { CloudWatchSink } from '@dashtam/adapter-cloudwatch';
import { ConsoleSink } from '@dashtam/adapter-console';
import { OtlpSink } from '@dashtam/adapter-otlp';
import { LocalCloudWatchLogs } from '@dashtam/cloudwatch-local';
import { Logger, type LoggerProtocol } from '@dashtam/logger-protocol';
import { recordingLogger } from '@dashtam/logger-protocol/testing';
import { OtlpReceiver, toDashtamRecord } from '@dashtam/otlp-local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { containerEntry } from './child.js';
import { gitleaksScan, isSecret } from './oracle/gitleaks-oracle.js';
import { type Embedding, type VendorLogCall, vendorLogCalls, vendorTokenCorpus } from './oracle/vendor-token-corpus.js';

const seed = process.env.ORACLE_SEED ? Number(process.env.ORACLE_SEED) : randomInt(2 ** 31);
const tokens = vendorTokenCorpus(seed);
const replay = `(seed ${seed}: ORACLE_SEED=${seed} replays this run)`;

describe('the gitleaks oracle (Python re over gitleaks v8.30.0 rules)', () => {
  it('translates every rule that has a regex', async () => {
    const scan = await gitleaksScan([]);
    expect(scan.skipped).toEqual([{ id: 'pkcs12-file', reason: 'path-only rule (no regex): log text has no path' }]);
    expect(scan.rules).toBe(221);
  });

  it('fails, naming the package to install, when python3 is missing (never skips)', async () => {
    await expect(gitleaksScan(['x'], '/nonexistent/python3')).rejects.toThrow('apt-get install -y python3');
  });

  it(`finds every vendor token of the corpus in the raw samples, by rule id ${replay}`, async () => {
    expect(new Set(tokens.map((t) => t.ruleId)).size).toBeGreaterThanOrEqual(40);
    const texts: { ruleId: string; value: string; embedding: Embedding; text: string }[] = tokens.flatMap((t) =>
      Object.entries(t.samples).map(([embedding, text]) => ({
        ruleId: t.ruleId,
        value: t.value,
        embedding: embedding as Embedding,
        text,
      })),
    );
    const { findings } = await gitleaksScan(texts.map((t) => t.text));
    // The secret is the value, or part of it when the rule's first group is a fragment (gitleaks
    // takes the first non-empty group: microsoft-teams-webhook's is one block of a UUID).
    const missed = texts
      .filter(
        (t, i) => !findings.some((f) => f.text_index === i && f.rule_id === t.ruleId && t.value.includes(f.secret)),
      )
      .map((t) => `${t.ruleId} (${t.embedding}): ${t.text}`);
    expect(missed, `not found ${replay}`).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// The verdict: vendor tokens logged through every sink and the container, in real processes. Two
// sets of values (two seeds): one logged the `worded` way (a secret word beside each value, as
// gitleaks' samples put them), one the `named` way (only the vendor's name beside it).
//
// Both ways must come out clean from every output: the named way needs the redactor to read a
// field's key as the value's name (`{ heroku: '<uuid>' }`, which gitleaks' semi-generic rules
// flag as `"heroku":"<uuid>"`; Redactor.redactStringUnder).

const worded = tokens;
const named = vendorTokenCorpus(seed + 1);
const calls = [...vendorLogCalls(worded, 'worded'), ...vendorLogCalls(named, 'named')];
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

function logCalls(logger: LoggerProtocol, list: readonly VendorLogCall[]): void {
  for (const c of list) {
    const context = { ...c.context, ...(c.errorMessage === undefined ? {} : { error: new Error(c.errorMessage) }) };
    logger.info(c.message, context);
  }
}

/** The same calls, made by a child process that imports the built container, from JSON on stdin. */
const childScript = `
  import { getLogger, shutdown } from ${JSON.stringify(containerEntry)};
  let input = '';
  for await (const chunk of process.stdin) input += chunk;
  const logger = getLogger();
  for (const c of JSON.parse(input)) {
    const context = { ...c.context, ...(c.errorMessage === undefined ? {} : { error: new Error(c.errorMessage) }) };
    logger.info(c.message, context);
  }
  await shutdown();
`;

async function runChild(env: Record<string, string>): Promise<string> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', childScript], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { PATH: process.env.PATH, NO_COLOR: '1', ...env },
  });
  const chunks: Buffer[] = [];
  child.stdout.on('data', (c: Buffer) => chunks.push(c));
  child.stderr.on('data', (c: Buffer) => chunks.push(c));
  child.stdin.end(JSON.stringify(calls));
  const [code] = await once(child, 'close');
  const output = Buffer.concat(chunks).toString('utf8');
  expect(code, output).toBe(0);
  return output;
}

/** What a collector received: each record back in dashtam's form (one line each), and the request bodies as sent. */
function otlpOutput(receiver: OtlpReceiver): { records: string; wire: string } {
  const records = receiver.logs.map((l) =>
    JSON.stringify(toDashtamRecord(l), (_k, v) => (typeof v === 'bigint' ? String(v) : v)),
  );
  return { records: records.join('\n'), wire: receiver.requests.map((r) => r.body.toString('utf8')).join('\n') };
}

interface Leaks {
  /** Rule ids the oracle found, with the set whose value held the secret (`other`: none of the corpus). */
  readonly found: string[];
  /** Rule ids of corpus values found verbatim, with their set. */
  readonly verbatim: string[];
}

/** What leaked in `output`, by rule id and set (`worded:`, `named:`). */
async function leaks(output: string, wire: string): Promise<Leaks> {
  // Line by line: the same findings as the whole output (no vendor format spans lines), and the
  // keyword prefilter then spares each line most rules (about 10x faster).
  const { findings } = await gitleaksScan(output.split('\n'));
  const setOf = (secret: string): string =>
    worded.some((t) => t.value.includes(secret))
      ? 'worded'
      : named.some((t) => t.value.includes(secret))
        ? 'named'
        : 'other';
  const found = [...new Set(findings.filter(isSecret).map((f) => `${setOf(f.secret)}:${f.rule_id}`))].sort();
  const verbatim = [
    ...worded.filter((t) => output.includes(t.value) || wire.includes(t.value)).map((t) => `worded:${t.ruleId}`),
    ...named.filter((t) => output.includes(t.value) || wire.includes(t.value)).map((t) => `named:${t.ruleId}`),
  ].sort();
  return { found, verbatim: [...new Set(verbatim)] };
}

/**
 * The verdict on one output: nothing found by the oracle, no value verbatim (beyond the known
 * named-way leaks). `wire`: what was sent as is (OTLP request bodies, one line for hundreds of
 * records, the same strings as the records): checked for values verbatim only, as the oracle takes
 * seconds over such lines.
 */
async function verdict(output: string, name: string, wire = ''): Promise<void> {
  expect(output.length, `${name} wrote something`).toBeGreaterThan(1000);
  const { found, verbatim } = await leaks(output, wire);
  expect(found, `${name}: gitleaks oracle findings ${replay}`).toEqual([]);
  expect(verbatim, `${name}: corpus values verbatim ${replay}`).toEqual([]);
}

describe('the vendor-token corpus through every output: the gitleaks oracle finds nothing', () => {
  let cw: LocalCloudWatchLogs;
  beforeAll(async () => {
    cw = await LocalCloudWatchLogs.start();
  });
  afterAll(async () => {
    await cw?.stop();
  });

  it(`RecordingSink (the shared record path) ${replay}`, async () => {
    const { logger, sink } = recordingLogger();
    logCalls(logger, calls);
    await verdict(sink.lines.join('\n'), 'RecordingSink');
  });

  for (const format of ['json', 'pretty'] as const) {
    it(`ConsoleSink (${format}) ${replay}`, async () => {
      const chunks: string[] = [];
      const logger = new Logger({
        sink: new ConsoleSink({ format, colors: false, destination: { write: (c: string) => chunks.push(c) } }),
      });
      logCalls(logger, calls);
      await logger.close();
      await verdict(chunks.join(''), `ConsoleSink ${format}`);
    });
  }

  it(`CloudWatchSink, read back from a CloudWatch Logs endpoint ${replay}`, async () => {
    const fallback: string[] = [];
    const logger = new Logger({
      sink: new CloudWatchSink({
        logGroup: '/dashtam/gitleaks-oracle',
        logStream: 'adapter',
        endpoint: cw.url,
        region: 'us-east-1',
        credentials,
        fallback: { write: (c: string) => fallback.push(c) },
      }),
    });
    logCalls(logger, calls);
    await logger.close();
    expect(fallback).toEqual([]);
    const delivered = cw.store.messages('/dashtam/gitleaks-oracle', 'adapter');
    expect(delivered.length).toBe(calls.length);
    await verdict(delivered.join('\n'), 'CloudWatchSink');
  });

  it(`OtlpSink, as a collector received it (http/json) ${replay}`, async () => {
    const receiver = await OtlpReceiver.start();
    try {
      const fallback: string[] = [];
      const logger = new Logger({
        sink: new OtlpSink({
          endpoint: receiver.logsUrl,
          protocol: 'http/json',
          serviceName: 'gitleaks-oracle',
          fallback: { write: (c: string) => fallback.push(c) },
        }),
      });
      logCalls(logger, calls);
      await logger.close();
      expect(fallback).toEqual([]);
      expect(receiver.logs.length).toBe(calls.length);
      const { records, wire } = otlpOutput(receiver);
      await verdict(records, 'OtlpSink', wire);
    } finally {
      await receiver.close();
    }
  });

  for (const environment of ['development', 'testing'] as const) {
    it(`the container in a real process (ENVIRONMENT=${environment}, stdout and stderr) ${replay}`, async () => {
      await verdict(await runChild({ ENVIRONMENT: environment }), `container ${environment}`);
    });
  }

  it(`the container in a real process (LOG_SINKS=console,cloudwatch: both outputs and stderr) ${replay}`, async () => {
    const output = await runChild({
      ENVIRONMENT: 'production',
      LOG_SINKS: 'console,cloudwatch',
      INSTANCE_ID: 'gitleaks-oracle',
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: cw.url,
    });
    const streams = cw.store.streamNames('/dashtam/production/app').filter((s) => s.startsWith('gitleaks-oracle/'));
    const delivered = streams.flatMap((s) => cw.store.messages('/dashtam/production/app', s));
    expect(delivered.length).toBe(calls.length);
    await verdict(`${delivered.join('\n')}\n${output}`, 'container console+cloudwatch');
  });

  it(`the container in a real process (LOG_SINKS=otlp: the collector and stderr) ${replay}`, async () => {
    const receiver = await OtlpReceiver.start();
    try {
      const output = await runChild({
        ENVIRONMENT: 'staging',
        LOG_SINKS: 'otlp',
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_SERVICE_NAME: 'gitleaks-oracle',
      });
      expect(receiver.logs.length).toBe(calls.length);
      const { records, wire } = otlpOutput(receiver);
      await verdict(`${records}\n${output}`, 'container otlp', wire);
    } finally {
      await receiver.close();
    }
  });
});

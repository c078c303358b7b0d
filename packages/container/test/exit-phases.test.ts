import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { containerEntry, jsonLines, runChild, startChild } from './child.js';

// The built adapters, imported by a child process as a user's application would.
const built = (pkg: string) => JSON.stringify(fileURLToPath(new URL(`../../${pkg}/dist/index.js`, import.meta.url)));

type Line = Record<string, unknown>;
const namespaceOf = (l: Line) =>
  (l._aws as { CloudWatchMetrics?: { Namespace?: string }[] } | undefined)?.CloudWatchMetrics?.[0]?.Namespace;

describe('the exit phases in a real process', () => {
  it('at process.exit() writes the metrics, then drains the network sinks, then flushes the console, whatever order they were built in', async () => {
    // Built in the "wrong" order: the console line writer ('final') first, then the CloudWatch
    // sinks ('drain'), then the metrics ('metrics'). Everything goes to stdout, so the order of
    // the phases is the order of the lines. The endpoint never answers (port 9, discard), and
    // nothing is sent before the exit: the CloudWatch records are all still held.
    const run = await runChild(
      `import { ConsoleSink } from ${built('adapter-console')};
       import { CloudWatchSink, EmfMetrics } from ${built('adapter-cloudwatch')};
       import { Logger } from ${built('logger-protocol')};
       const consoleSink = new ConsoleSink({ format: 'json', bufferSize: 1 << 20, flushDelay: 60000 });
       const cw = { logGroup: '/g', endpoint: 'http://127.0.0.1:9', region: 'us-east-1',
         credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, fallback: 1 };
       const cwLogger = new Logger({ sink: new CloudWatchSink({ ...cw, logStream: 'app' }) });
       const cwMetrics = new EmfMetrics({ sink: new CloudWatchSink({ ...cw, logStream: 'metrics', logFormat: 'json/emf' }), namespace: 'Test/cloudwatch' });
       const consoleMetrics = new EmfMetrics({ sink: consoleSink, namespace: 'Test/console' });
       const consoleLogger = new Logger({ sink: consoleSink });
       for (let i = 0; i < 3; i++) {
         consoleLogger.info('to console', { i });
         cwLogger.info('to cloudwatch', { i });
         cwMetrics.count('jobs', 1);
         consoleMetrics.count('jobs', 1);
       }
       process.exit(0);`,
      { PATH: process.env.PATH },
    );
    expect(run.code).toBe(0);
    const lines = jsonLines(run.stdout);
    const where = (test: (l: Line) => boolean) => lines.flatMap((l, i) => (test(l) ? [i] : []));
    const reports = where((l) => l.source === 'dashtam-cloudwatch-adapter');
    const toCloudWatch = where((l) => l.message === 'to cloudwatch');
    const cwDocument = where((l) => namespaceOf(l) === 'Test/cloudwatch');
    const toConsole = where((l) => l.message === 'to console');
    const consoleDocument = where((l) => namespaceOf(l) === 'Test/console');
    expect([reports.length, toCloudWatch.length, cwDocument.length]).toEqual([2, 3, 1]);
    expect([toConsole.length, consoleDocument.length]).toEqual([3, 1]);
    expect(lines.find((l) => namespaceOf(l) !== undefined)).toMatchObject({ jobs: 3 });
    // 'metrics': the documents were in the sinks before they drained or flushed, so they reached
    // the CloudWatch fallback and the console. 'drain' before 'final': every fallback line comes
    // before the console's buffered lines; the console's document after its records.
    const drained = [...reports, ...toCloudWatch, ...cwDocument];
    const flushed = [...toConsole, ...consoleDocument];
    expect(Math.max(...drained)).toBeLessThan(Math.min(...flushed));
    expect(consoleDocument[0]).toBeGreaterThan(Math.max(...toConsole));
    expect(lines).toHaveLength(drained.length + flushed.length);
  });

  it('on SIGTERM, with the container the only listener, runs the exit phases before the signal ends the process', async () => {
    // The application has a console sink of its own beside the container's logger; its lines wait
    // for a flush a minute away when the signal comes. A death by signal runs no exit listener:
    // the container runs the registry's phases before raising the signal again.
    const child = startChild(
      `import { getLogger } from ${JSON.stringify(containerEntry)};
       import { ConsoleSink } from ${built('adapter-console')};
       import { Logger } from ${built('logger-protocol')};
       getLogger().info('container logger built');
       const own = new Logger({ sink: new ConsoleSink({ format: 'json', bufferSize: 1 << 20, flushDelay: 60000 }) });
       for (let i = 0; i < 100; i++) own.info('own sink', { i });
       setTimeout(() => process.stdout.write('ready\\n'), 50);
       setInterval(() => {}, 1000);`,
      { PATH: process.env.PATH, ENVIRONMENT: 'production', LOG_SINKS: 'console', INSTANCE_ID: 'exit-phases' },
    );
    await child.waitFor('ready');
    child.child.kill('SIGTERM');
    const run = await child.ended;
    expect(run.signal).toBe('SIGTERM');
    const own = jsonLines(run.stdout).filter((l) => l.message === 'own sink');
    expect(own.map((l) => l.i)).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });
});

#!/usr/bin/env node
// The local CloudWatch Logs endpoint from the command line.
//   cloudwatch-local [serve] [--port 4566] [--host 127.0.0.1]   start an endpoint in the foreground
//   cloudwatch-local read --group G [--endpoint URL] [--filter TEXT]  print a group's events as JSON lines
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { LocalCloudWatchLogs } from './server.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? (process.argv[i + 1] as string) : fallback;
}

const command = process.argv[2]?.startsWith('--') ? 'serve' : (process.argv[2] ?? 'serve');

if (command === 'serve') {
  const port = Number(arg('port', '4566'));
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port must be an integer from 0 to 65535, got ${arg('port', '')}`);
    process.exit(2);
  }
  const endpoint = await LocalCloudWatchLogs.start({ port, host: arg('host', '127.0.0.1') });
  console.log(`Local CloudWatch Logs endpoint listening on ${endpoint.url}`);
  console.log(
    `Point the SDK at it: AWS_ENDPOINT_URL_CLOUDWATCH_LOGS=${endpoint.url} AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local AWS_REGION=us-east-1`,
  );
  endpoint.on('request', (operation) => {
    if (operation !== 'PutLogEvents') console.log(`  ${operation}`);
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void endpoint.stop().then(() => process.exit(0));
    });
  }
} else if (command === 'read') {
  const group = arg('group', '');
  if (group === '') {
    console.error('read needs --group, e.g. --group /dashtam/production/app');
    process.exit(2);
  }
  const client = new CloudWatchLogsClient({
    endpoint: arg('endpoint', 'http://127.0.0.1:4566'),
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  let nextToken: string | undefined;
  const filter = arg('filter', '');
  do {
    const page = await client.send(
      new FilterLogEventsCommand({
        logGroupName: group,
        ...(filter ? { filterPattern: filter } : {}),
        ...(nextToken ? { nextToken } : {}),
      }),
    );
    for (const e of page.events ?? []) console.log(e.message);
    nextToken = page.nextToken;
  } while (nextToken);
  client.destroy();
} else {
  console.error(`Unknown command ${JSON.stringify(command)}: use serve or read`);
  process.exit(2);
}

#!/usr/bin/env node
// Starts a local CloudWatch Logs endpoint in the foreground:
//   node packages/cloudwatch-local/dist/cli.js [--port 4566] [--host 127.0.0.1]
// Then: AWS_ENDPOINT_URL_CLOUDWATCH_LOGS=http://127.0.0.1:4566 ENVIRONMENT=production ...
import { LocalCloudWatchLogs } from './server.js';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? (process.argv[i + 1] as string) : fallback;
}

const port = Number(arg('port', process.env.PORT ?? '4566'));
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be an integer from 0 to 65535, got ${arg('port', '')}`);
  process.exit(2);
}
const endpoint = await LocalCloudWatchLogs.start({ port, host: arg('host', '127.0.0.1') });
console.log(`Local CloudWatch Logs endpoint listening on ${endpoint.url}`);
console.log(
  `Use it: AWS_ENDPOINT_URL_CLOUDWATCH_LOGS=${endpoint.url} AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local`,
);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void endpoint.stop().then(() => process.exit(0));
  });
}

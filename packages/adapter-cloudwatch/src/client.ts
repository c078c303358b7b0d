import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';

/** What the adapter builds its own client from (the sink on the main thread, the spool's worker). */
export interface ClientSettings {
  readonly region?: string;
  readonly endpoint?: string;
  readonly credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  readonly requestTimeout: number;
}

/** A CloudWatch Logs client without SDK retries: delivery retries with its own backoff, and both would multiply the attempts. */
export function newCloudWatchClient(settings: ClientSettings): CloudWatchLogsClient {
  return new CloudWatchLogsClient({
    ...(settings.region !== undefined ? { region: settings.region } : {}),
    ...(settings.endpoint !== undefined ? { endpoint: settings.endpoint } : {}),
    ...(settings.credentials !== undefined ? { credentials: settings.credentials } : {}),
    maxAttempts: 1,
    requestHandler: { requestTimeout: settings.requestTimeout, connectionTimeout: settings.requestTimeout },
  });
}

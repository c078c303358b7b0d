// The worker thread of a spooled CloudWatch sink (started by the sink, see spool-worker-path):
// PutLogEvents from the spool, off the main thread.
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { runSpoolWorker } from '@dashtam/spool/worker';
import { CloudWatchDestination, type CloudWatchDestinationSettings } from './spool-destination.js';

/** What the sink passes its worker: the client's settings and delivery's. */
export interface CloudWatchWorkerData {
  readonly client: {
    readonly region?: string;
    readonly endpoint?: string;
    readonly credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
    readonly requestTimeout: number;
  };
  readonly settings: CloudWatchDestinationSettings;
}

void runSpoolWorker((data, { fallback }) => {
  const { client, settings } = data as CloudWatchWorkerData;
  return new CloudWatchDestination(
    new CloudWatchLogsClient({
      ...(client.region !== undefined ? { region: client.region } : {}),
      ...(client.endpoint !== undefined ? { endpoint: client.endpoint } : {}),
      ...(client.credentials !== undefined ? { credentials: client.credentials } : {}),
      // The shipper retries with backoff; SDK retries on top would multiply the attempts.
      maxAttempts: 1,
      requestHandler: { requestTimeout: client.requestTimeout, connectionTimeout: client.requestTimeout },
    }),
    settings,
    fallback,
  );
});

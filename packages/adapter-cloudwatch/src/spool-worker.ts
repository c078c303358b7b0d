// The worker thread of a spooled CloudWatch sink (started by the sink, see spool-worker-path):
// PutLogEvents from the spool, off the main thread.
import { runSpoolWorker } from '@dashtam/spool/worker';
import { type ClientSettings, newCloudWatchClient } from './client.js';
import { redactReport } from './fallback.js';
import { CloudWatchDestination, type CloudWatchDestinationSettings } from './spool-destination.js';

/** What the sink passes its worker: the client's settings and delivery's. */
export interface CloudWatchWorkerData {
  readonly client: ClientSettings;
  readonly settings: CloudWatchDestinationSettings;
}

void runSpoolWorker(
  (data, { fallback }) => {
    const { client, settings } = data as CloudWatchWorkerData;
    return new CloudWatchDestination(newCloudWatchClient(client), settings, fallback);
  },
  { redact: redactReport },
);

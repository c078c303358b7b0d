// The worker thread of a spooled OTLP sink (started by the sink, see spool-worker-path): encodes
// and posts the spool's records, off the main thread.
import { runSpoolWorker } from '@dashtam/spool/worker';
import { redactReport } from './fallback.js';
import { OtlpDestination, type OtlpDestinationSettings } from './spool-destination.js';

void runSpoolWorker((data, { fallback }) => new OtlpDestination(data as OtlpDestinationSettings, fallback), {
  redact: redactReport,
});

/** `dashtam-logs --help`. */
export const MAIN_HELP = `Usage: dashtam-logs <command> [flags]

Read dashtam logs: pretty-print JSON lines, tail them from CloudWatch Logs, or see what the
disk spool holds.

Commands:
  pretty    JSON lines on stdin → the console adapter's pretty format on stdout
  tail      read a CloudWatch Logs group (FilterLogEvents), once or --follow
  spool     what the disk spool holds: records waiting per destination and per directory

Flags:
  -h, --help       this help (dashtam-logs <command> --help for a command's)
  -v, --version    the version

Exit status: 0 done (Ctrl-C while following is a clean end), 1 CloudWatch failed or the spool
directory cannot be read, 2 bad command line.
`;

/** `dashtam-logs pretty --help`. */
export const PRETTY_HELP = `Usage: dashtam-logs pretty [--level L] [--grep key=value]... [--raw] [--max-line N]

Reads JSON lines on stdin and prints each dashtam record (a JSON object with level, message and
timestamp) in the console adapter's pretty format. Any other line passes through, its control,
bidirectional and zero-width characters shown escaped (\\u001b) so it cannot drive the terminal.

Flags:
  --level L          only records at L or above: debug, info, warning (warn), error, critical
  --grep key=value   only records whose top-level field key has this value (repeat: all must match)
  --raw              print lines that are not records as they are (escape sequences included)
  --max-line N       longest line printed whole, in bytes or KiB/MiB (default 1MiB, 1KiB to 64MiB);
                     a longer one is cut there, ending with … [cut: N bytes], and never read whole
  -h, --help         this help

With --level or --grep set, EMF metric documents (JSON with _aws.CloudWatchMetrics)
are left out like records that do not match; other lines still pass through.

Colours: on a terminal, off when stdout is not a TTY or NO_COLOR is set; FORCE_COLOR=1 forces them.

Example:
  ENVIRONMENT=testing node app.js | dashtam-logs pretty --level warning
`;

/** `dashtam-logs tail --help`. */
export const TAIL_HELP = `Usage: dashtam-logs tail --group G [--stream-prefix P] [--since 15m] [--follow]
                         [--level L] [--trace-id T] [--grep key=value]... [--filter-pattern P]
                         [--json] [--show-stream] [--raw] [--max-line N]

Reads a CloudWatch Logs group with FilterLogEvents (every page; throttling and server errors are
retried) and prints each record pretty, or as JSON lines with --json.

Flags:
  --group G           log group (required), e.g. /dashtam/production/app
  --stream-prefix P   only streams whose name starts with P (e.g. an INSTANCE_ID); the
                      metrics streams (metrics/...) are skipped unless P starts with metrics/
  --since S           start: a duration back from now (30s, 15m, 2h, 7d) or an ISO 8601 time (default 10m)
  -f, --follow        keep polling for new events until Ctrl-C
  --interval I        wait between polls when following (default 2s)
  --overlap O         each poll re-reads O before the newest event seen, so an event ingested late
                      with an earlier timestamp is not missed; printed ones are not repeated
                      (default 10s; 0s reads from the newest only)
  --level L           only records at L or above: debug, info, warning (warn), error, critical
  --trace-id T        only records of this trace_id
  --grep key=value    only records whose top-level field key has this value (repeat: all must match)
  --filter-pattern P  a CloudWatch filter pattern, sent as is; a JSON one ({ $.status_code >= 500 })
                      is joined with && to the conditions of --level, --trace-id and --grep;
                      another kind (terms, %regex%, [fields]) cannot be used with them
  --json              print the records as they are stored (JSON lines)
  --show-stream       name each event's log stream: [stream] before the line, or an @logStream
                      field first in each JSON record with --json
  --raw               print events that are not records as they are (by default their control,
                      bidirectional and zero-width characters are shown escaped)
  --endpoint URL      CloudWatch Logs endpoint (default: AWS_ENDPOINT_URL_CLOUDWATCH_LOGS, or AWS's)
  --region R          region (default: AWS_REGION, else us-east-1)
  --max-retries N     retries of a throttled or failed call, with backoff, before giving up (default 8)
  --max-line N        longest event printed whole (default 1MiB): a record is filtered on all of it,
                      its pretty form cut there; --json prints records whole
  -h, --help          this help

--level, --trace-id and --grep are sent to CloudWatch as a JSON filter pattern, so only matching
events are downloaded, and checked again here exactly (a --grep value CloudWatch cannot express
exactly, with a "  or *, is checked here only). When a filter is set, events that are not dashtam
records (EMF metric documents among them) are left out. Credentials come from the AWS SDK's usual chain (environment, profile, role).

Example:
  dashtam-logs tail --group /dashtam/production/app --since 1h --level error --follow
`;

/** `dashtam-logs spool --help`. */
export const SPOOL_HELP = `Usage: dashtam-logs spool [dir] [--json]

Reads the disk spool under the network sinks (CloudWatch, OTLP) and prints what waits to be
shipped: one line per destination (records, bytes, the oldest record's time and age), then each
spool directory with its owner (pid and host) and state, then the total. Nothing is shipped,
checkpointed, moved or deleted: it is safe to run beside the applications that spool there.

Arguments:
  dir          the spool directory (default: $LOG_SPOOL_DIR, else <os temp dir>/dashtam-spool,
               as the container's)

Flags:
  --json       print the report as JSON (times in ms since the epoch)
  -h, --help   this help

States: alive (its process ships it), gone (its process ended without closing: the next start of
a sink of the same route adopts and ships it), closed (closed with records left: likewise).
Torn records (a write cut short, or bytes changed on disk) are counted; they are never shipped.

Exit status: 0 done, 1 the directory is missing, not a directory or cannot be read, 2 bad command line.

Example:
  LOG_SPOOL_DIR=/var/spool/app dashtam-logs spool
  dashtam-logs spool /mnt/efs/spool --json | jq '.destinations'
`;

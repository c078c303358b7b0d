import type { PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';

/** The log formats a `CloudWatchSink` can declare on its PutLogEvents calls. */
export const LogFormat = {
  /** CloudWatch Embedded Metric Format: CloudWatch extracts metrics from every event of the call. */
  Emf: 'json/emf',
} as const;
export type LogFormat = (typeof LogFormat)[keyof typeof LogFormat];

/** The header CloudWatch Logs reads the format from (EMF specification, "PutLogEvents request format"). */
export const LOG_FORMAT_HEADER = 'x-amzn-logs-format';

/**
 * Adds the `x-amzn-logs-format` header to one PutLogEvents call, with an SDK middleware in the
 * build step (where the HTTP request exists and is not signed yet). It is added to the command,
 * not to the client: a client given by the user may serve other sinks and calls, which must not
 * carry the header.
 */
export function withLogFormat(command: PutLogEventsCommand, format: LogFormat | undefined): PutLogEventsCommand {
  if (format === undefined) return command;
  command.middlewareStack.add(
    (next) => (args) => {
      const request = args.request as { headers?: Record<string, string> } | undefined;
      if (request?.headers !== undefined) request.headers[LOG_FORMAT_HEADER] = format;
      return next(args);
    },
    { step: 'build', name: 'dashtamLogFormatHeader' },
  );
  return command;
}

import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseDuration, parseSince } from './duration.js';
import { UsageError } from './errors.js';
import { serverFilterPattern } from './filter-pattern.js';
import type { LinePrinterOptions } from './line-printer.js';
import { parseMaxLine } from './line-reader.js';
import { parseGrep, parseLevelFlag } from './record-filter.js';
import type { TailOptions } from './tail-command.js';

type Spec = NonNullable<Parameters<typeof parseArgs>[0]>['options'];

const FILTER_FLAGS = {
  level: { type: 'string' },
  grep: { type: 'string', multiple: true },
  help: { type: 'boolean', short: 'h' },
  raw: { type: 'boolean' },
} as const satisfies Spec;

const PRETTY_FLAGS = {
  ...FILTER_FLAGS,
  'max-line': { type: 'string' },
} as const satisfies Spec;

const TAIL_FLAGS = {
  ...FILTER_FLAGS,
  group: { type: 'string' },
  'stream-prefix': { type: 'string' },
  since: { type: 'string' },
  follow: { type: 'boolean', short: 'f' },
  interval: { type: 'string' },
  overlap: { type: 'string' },
  'trace-id': { type: 'string' },
  'filter-pattern': { type: 'string' },
  json: { type: 'boolean' },
  'show-stream': { type: 'boolean' },
  endpoint: { type: 'string' },
  region: { type: 'string' },
  'max-retries': { type: 'string' },
  'max-line': { type: 'string' },
} as const satisfies Spec;

const SPOOL_FLAGS = {
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies Spec;

function flagList(spec: Spec): string {
  return Object.keys(spec ?? {})
    .map((f) => `--${f}`)
    .join(', ');
}

// node:util's messages name the problem; ours add the command and what is accepted.
function parse<S extends Spec>(command: string, spec: S, argv: readonly string[], allowPositionals = false) {
  try {
    return parseArgs({ args: [...argv], options: spec, strict: true, allowPositionals });
  } catch (error) {
    const e = error as { code?: string; message: string };
    const named = /'([^']+)'/.exec(e.message)?.[1] ?? '';
    if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      throw new UsageError(`unknown flag ${named} for ${command}; accepted: ${flagList(spec)}`, command);
    }
    if (e.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
      throw new UsageError(`unexpected argument ${JSON.stringify(named)} for ${command}: it takes flags only`, command);
    }
    if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      throw new UsageError(`${e.message.replace(/^Option /, 'flag ')} (${command})`, command);
    }
    throw new UsageError(`${e.message} (${command})`, command);
  }
}

/** The parsed `pretty` command line, or `'help'`. */
export function parsePrettyArgs(argv: readonly string[]): LinePrinterOptions | 'help' {
  const { values } = parse('pretty', PRETTY_FLAGS, argv);
  if (values.help) return 'help';
  return {
    ...(values.level !== undefined ? { level: parseLevelFlag(values.level, 'pretty') } : {}),
    grep: parseGrep(values.grep ?? [], 'pretty'),
    ...(values.raw === true ? { raw: true } : {}),
    ...(values['max-line'] !== undefined ? { maxLine: parseMaxLine(values['max-line'], 'pretty') } : {}),
  };
}

/** The parsed `tail` command line (without colours, which depend on the terminal), or `'help'`. */
export function parseTailArgs(
  argv: readonly string[],
  now: number,
): (TailOptions & { endpoint?: string; region?: string }) | 'help' {
  const { values } = parse('tail', TAIL_FLAGS, argv);
  if (values.help) return 'help';
  const group = values.group?.trim();
  if (group === undefined || group === '') {
    throw new UsageError('tail needs --group, the log group to read, e.g. --group /dashtam/production/app', 'tail');
  }
  if (!/^[.\-_/#A-Za-z0-9]{1,512}$/.test(group)) {
    throw new UsageError(
      `--group ${JSON.stringify(group)} is not a log group name; accepted: 1 to 512 characters of a-z, A-Z, 0-9, '.', '-', '_', '/', '#'`,
      'tail',
    );
  }
  if (values.endpoint !== undefined && !/^https?:\/\/[^\s/]+/.test(values.endpoint)) {
    throw new UsageError(
      `--endpoint ${JSON.stringify(values.endpoint)} is not a URL; accepted: http:// or https:// and a host, e.g. http://127.0.0.1:4566`,
      'tail',
    );
  }
  if (values['trace-id'] !== undefined && !/^[A-Za-z0-9._-]{1,128}$/.test(values['trace-id'])) {
    throw new UsageError(
      `--trace-id ${JSON.stringify(values['trace-id'])} is not a trace id; accepted: 1 to 128 characters of [A-Za-z0-9._-]`,
      'tail',
    );
  }
  const maxRetries = values['max-retries'];
  if (maxRetries !== undefined && !/^(?:[0-9]|[1-9][0-9])$/.test(maxRetries)) {
    throw new UsageError(
      `--max-retries ${JSON.stringify(maxRetries)} is not a number of retries; accepted: a whole number from 0 to 99`,
      'tail',
    );
  }
  if (values.interval !== undefined && !values.follow) {
    throw new UsageError('--interval only applies with --follow', 'tail');
  }
  if (values.overlap !== undefined && !values.follow) {
    throw new UsageError('--overlap only applies with --follow', 'tail');
  }
  const grep = parseGrep(values.grep ?? [], 'tail');
  const level = values.level !== undefined ? parseLevelFlag(values.level, 'tail') : undefined;
  const filterPattern = values['filter-pattern'];
  // Refuses here (exit 2) what runTail would refuse.
  serverFilterPattern({
    grep,
    ...(level !== undefined ? { level } : {}),
    ...(values['trace-id'] !== undefined ? { traceId: values['trace-id'] } : {}),
    ...(filterPattern !== undefined ? { filterPattern } : {}),
  });
  return {
    group,
    startTime: parseSince(values.since ?? '10m', now),
    follow: values.follow ?? false,
    json: values.json ?? false,
    grep,
    ...(values.raw === true ? { raw: true } : {}),
    ...(values['show-stream'] === true ? { showStream: true } : {}),
    ...(filterPattern !== undefined ? { filterPattern } : {}),
    ...(values['max-line'] !== undefined ? { maxLine: parseMaxLine(values['max-line'], 'tail') } : {}),
    ...(values.interval !== undefined ? { interval: parseDuration('--interval', values.interval) } : {}),
    ...(values.overlap !== undefined
      ? { overlap: /^0+(ms|s|m|h)?$/.test(values.overlap.trim()) ? 0 : parseDuration('--overlap', values.overlap) }
      : {}),
    ...(values['stream-prefix'] !== undefined ? { streamPrefix: values['stream-prefix'] } : {}),
    ...(level !== undefined ? { level } : {}),
    ...(values['trace-id'] !== undefined ? { traceId: values['trace-id'] } : {}),
    ...(values.endpoint !== undefined ? { endpoint: values.endpoint } : {}),
    ...(values.region !== undefined ? { region: values.region } : {}),
    ...(maxRetries !== undefined ? { maxRetries: Number(maxRetries) } : {}),
  };
}

/** The spool directory the container uses when `LOG_SPOOL_DIR` is not set. */
export function defaultSpoolDir(env: NodeJS.ProcessEnv): string {
  const dir = env.LOG_SPOOL_DIR?.trim();
  return dir === undefined || dir === '' ? join(tmpdir(), 'dashtam-spool') : dir;
}

/** The parsed `spool` command line, or `'help'`: the directory (default: as the container's) and `--json`. */
export function parseSpoolArgs(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
): { dir: string; json: boolean } | 'help' {
  const { values, positionals } = parse('spool', SPOOL_FLAGS, argv, true);
  if (values.help) return 'help';
  if (positionals.length > 1) {
    throw new UsageError(
      `spool takes at most one directory, got ${positionals.length}: ${positionals.map((p) => JSON.stringify(p)).join(', ')}; accepted: dashtam-logs spool [dir] [--json]`,
      'spool',
    );
  }
  const [given] = positionals;
  if (given !== undefined && (given.trim() === '' || given.includes('\0'))) {
    throw new UsageError(
      `spool directory ${JSON.stringify(given)} is not a path; accepted: a directory path, e.g. /var/spool/app (default: $LOG_SPOOL_DIR, else <os temp dir>/dashtam-spool)`,
      'spool',
    );
  }
  return { dir: given ?? defaultSpoolDir(env), json: values.json ?? false };
}

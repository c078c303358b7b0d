import type { LogLevel } from '@dashtam/logger-protocol';
import { escapeControlCharacters, RECORD_HEAD_KEYS } from '@dashtam/logger-protocol/internal';
import type { ILogObj, Logger } from 'tslog';
import { tslogLogger } from '#tslog';

// tslog has no WARNING or CRITICAL; they are added as levels of their own so the names match ours.
const TSLOG_LEVELS = { WARNING: 4, CRITICAL: 6 } as const;
const LEVEL_WIDTH = 8;
const HEAD: ReadonlySet<string> = new Set(RECORD_HEAD_KEYS);
const MULTILINE = new Set(['error_stack']);

/**
 * Renders one record (already redacted and safe) in the spec's development shape: time, padded
 * level, message, then `key=value` context on an indented line, trace_id last. tslog does the
 * colouring. Every value is escaped, so user input cannot start a new line that looks like a
 * record; stacks keep their lines but each is indented. Exported so that other tools (the
 * `dashtam-logs pretty` command) print exactly what the console adapter prints.
 *
 * @example
 * ```ts
 * const renderer = new PrettyRenderer(false); // colours off
 * const line = '{"timestamp":"2025-11-13T19:00:00.123Z","level":"info","message":"User registered","trace_id":"abc","user_id":"u-1"}';
 * renderer.render(line, 'info', Date.parse('2025-11-13T19:00:00.123Z'));
 * // 2025-11-13T19:00:00.123Z [INFO    ] User registered
 * //     user_id=u-1 trace_id=abc
 * ```
 */
export class PrettyRenderer {
  // Undefined in the CommonJS build on a Node without require(esm): render() then writes the same
  // layout, without colours.
  readonly #tslog: Logger<ILogObj> | undefined;
  #rendered = '';
  #time = new Date(0);

  /** @param colors ANSI colours on (for a terminal) or off. */
  constructor(colors: boolean) {
    const Tslog = tslogLogger();
    this.#tslog =
      Tslog &&
      new Tslog<ILogObj>({
        type: 'hidden',
        minLevel: 0,
        customLevels: TSLOG_LEVELS,
        clock: () => this.#time,
        stack: { capture: 'off' },
        pretty: {
          template: '{{yyyy}}-{{mm}}-{{dd}}T{{hh}}:{{MM}}:{{ss}}.{{ms}}Z [{{logLevelName}}',
          style: colors,
          timeZone: 'UTC',
          styles: {
            logLevelName: {
              '*': ['bold', 'white'],
              DEBUG: ['bold', 'green'],
              INFO: ['bold', 'blue'],
              WARNING: ['bold', 'yellow'],
              ERROR: ['bold', 'red'],
              CRITICAL: ['bold', 'redBright'],
            },
          },
        },
      });
    this.#tslog?.attachTransport({
      format: 'pretty',
      write: (_record: unknown, line: string) => {
        this.#rendered = line;
      },
    });
  }

  /**
   * The pretty text of one JSON record line, without a trailing newline.
   *
   * @param line a record as the JSON format writes it (an object with `message` and `trace_id`)
   * @param level the record's level
   * @param time the record's time, in ms since the epoch
   * @throws {SyntaxError} when `line` is not JSON.
   */
  render(line: string, level: LogLevel, time: number): string {
    const record = JSON.parse(line) as Record<string, unknown>;
    const name = level.toUpperCase();
    const body = `${' '.repeat(Math.max(0, LEVEL_WIDTH - name.length))}] ${escapeControlCharacters(String(record.message))}`;
    this.#time = new Date(time);
    this.#rendered = '';
    this.#call(level, body);
    const head = this.#rendered || `${new Date(time).toISOString()} [${name}${body}`;
    return head + this.#context(record);
  }

  #call(level: LogLevel, body: string): void {
    // debug, info and error are tslog's own methods; warning and critical come from customLevels.
    (this.#tslog as unknown as Record<LogLevel, (text: string) => void> | undefined)?.[level](body);
  }

  #context(record: Record<string, unknown>): string {
    const pairs: string[] = [];
    const blocks: string[] = [];
    for (const [key, value] of Object.entries(record)) {
      if (HEAD.has(key)) continue;
      if (key === 'error_cause') {
        blocks.push(causeLines(value));
        continue;
      }
      if (MULTILINE.has(key) && typeof value === 'string') {
        blocks.push(
          value
            .split('\n')
            .map((l) => `      ${escapeControlCharacters(l)}`)
            .join('\n'),
        );
        continue;
      }
      pairs.push(`${escapeControlCharacters(key)}=${formatValue(value)}`);
    }
    // Every record the adapter writes has one; a line from elsewhere (dashtam-logs pretty) may not.
    if (record.trace_id !== undefined) pairs.push(`trace_id=${formatValue(record.trace_id)}`);
    if (pairs.length === 0 && blocks.length === 0) return '';
    return `\n    ${pairs.join(' ')}${blocks.length > 0 ? `\n${blocks.join('\n')}` : ''}`;
  }
}

function formatValue(value: unknown): string {
  if (typeof value === 'string') return escapeControlCharacters(value);
  return escapeControlCharacters(JSON.stringify(value));
}

// The cause chain as indented `caused by` lines (their stacks are in the JSON format; here they
// would bury the message).
function causeLines(cause: unknown): string {
  const lines: string[] = [];
  let link = cause;
  for (let depth = 0; depth < 16 && link !== undefined; depth++) {
    if (link !== null && typeof link === 'object' && 'type' in link && 'message' in link) {
      const { type, message } = link as { type: unknown; message: unknown };
      lines.push(`      caused by ${formatValue(type)}: ${formatValue(message)}`);
      link = (link as { cause?: unknown }).cause;
    } else {
      lines.push(`      caused by ${formatValue(link)}`);
      link = undefined;
    }
  }
  return lines.join('\n');
}

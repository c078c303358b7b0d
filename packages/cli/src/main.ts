import type { Readable, Writable } from 'node:stream';
import { packageVersion } from '#package-version';
import { parsePrettyArgs, parseSpoolArgs, parseTailArgs } from './args.js';
import { CliError, UsageError } from './errors.js';
import { MAIN_HELP, PRETTY_HELP, SPOOL_HELP, TAIL_HELP } from './help.js';
import { useColors } from './line-printer.js';
import { runPretty } from './pretty-command.js';
import { runSpool } from './spool-command.js';
import { createClient, runTail } from './tail-command.js';

/** What the CLI runs against (the process's streams and environment, or a test's). */
export interface CliIo {
  readonly stdin: Readable;
  readonly stdout: Writable & { isTTY?: boolean };
  readonly stderr: Writable;
  readonly env: NodeJS.ProcessEnv;
  /** Aborts on Ctrl-C: a follow ends cleanly. */
  readonly signal: AbortSignal;
}

/**
 * Runs `dashtam-logs` with `argv` (without node and the script) and resolves to the exit code:
 * 0 done, 1 CloudWatch failed or the spool directory cannot be read, 2 bad command line (the message says what was wrong and what is
 * accepted, on stderr).
 *
 * @example
 * ```ts
 * process.exitCode = await main(process.argv.slice(2), { stdin, stdout, stderr, env, signal });
 * ```
 */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case undefined:
        throw new UsageError('a command is needed: pretty, spool or tail');
      case '-h':
      case '--help':
      case 'help':
        io.stdout.write(
          rest[0] === 'pretty'
            ? PRETTY_HELP
            : rest[0] === 'tail'
              ? TAIL_HELP
              : rest[0] === 'spool'
                ? SPOOL_HELP
                : MAIN_HELP,
        );
        return 0;
      case '-v':
      case '--version':
        io.stdout.write(`${packageVersion()}\n`);
        return 0;
      case 'pretty': {
        const options = parsePrettyArgs(rest);
        if (options === 'help') {
          io.stdout.write(PRETTY_HELP);
          return 0;
        }
        await runPretty(
          { ...options, colors: useColors(io.env, io.stdout.isTTY === true) },
          io.stdin,
          io.stdout,
          io.signal,
        );
        return 0;
      }
      case 'tail': {
        const options = parseTailArgs(rest, Date.now());
        if (options === 'help') {
          io.stdout.write(TAIL_HELP);
          return 0;
        }
        const client = createClient(options);
        try {
          await runTail(
            { ...options, colors: !options.json && useColors(io.env, io.stdout.isTTY === true) },
            client,
            io.stdout,
            io.signal,
          );
        } finally {
          client.destroy();
        }
        return 0;
      }
      case 'spool': {
        const options = parseSpoolArgs(rest, io.env);
        if (options === 'help') {
          io.stdout.write(SPOOL_HELP);
          return 0;
        }
        await runSpool(options, io.stdout);
        return 0;
      }
      default:
        throw new UsageError(`unknown command ${JSON.stringify(command)}; accepted: pretty, spool, tail`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      const help = error.command === undefined ? 'dashtam-logs --help' : `dashtam-logs ${error.command} --help`;
      io.stderr.write(`dashtam-logs: ${error.message}\nSee: ${help}\n`);
      return error.exitCode;
    }
    if (error instanceof CliError) {
      io.stderr.write(`dashtam-logs: ${error.message}\n`);
      return error.exitCode;
    }
    throw error;
  }
}

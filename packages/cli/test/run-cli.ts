import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The built executable, run as a user runs it (npm test builds before testing). */
export const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

/** A running `dashtam-logs` child process with its output collected. */
export interface RunningCli {
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves once stdout satisfies `test` (checked on every chunk; no timer). */
  waitForStdout(test: (out: string) => boolean): Promise<void>;
  /** Resolves with the exit code once the process has exited and its streams closed. */
  exited: Promise<number | null>;
}

/** Starts `dashtam-logs args`, with colours neither forced nor refused unless `env` says so. */
export function startCli(args: readonly string[], env: NodeJS.ProcessEnv = {}): RunningCli {
  const { FORCE_COLOR: _f, NO_COLOR: _n, ...base } = process.env;
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...base, ...env }, stdio: 'pipe' });
  let out = '';
  let err = '';
  const waiters: { test: (s: string) => boolean; resolve: () => void }[] = [];
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
    for (const w of [...waiters]) {
      if (w.test(out)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    err += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitForStdout: (test) =>
      test(out)
        ? Promise.resolve()
        : new Promise<void>((resolve, reject) => {
            waiters.push({ test, resolve });
            void exited.then(() => {
              if (!test(out)) reject(new Error(`exited before the expected output; stdout:\n${out}\nstderr:\n${err}`));
            });
          }),
  };
}

/** Runs `dashtam-logs args` with `input` on stdin to the end. */
export async function runCli(
  args: readonly string[],
  input = '',
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const running = startCli(args, env);
  running.child.stdin?.end(input);
  const code = await running.exited;
  return { code, stdout: running.stdout(), stderr: running.stderr() };
}

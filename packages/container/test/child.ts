import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LocalCloudWatchLogs } from '@dashtam/cloudwatch-local';
import { parseJsonLines } from '@dashtam/logger-protocol/testing';

/** The built container, imported by a child process as a user's application would. */
export const containerEntry = fileURLToPath(new URL('../dist/index.js', import.meta.url));

/** The environment of an application in production mode, logging to `cw`. */
export function productionEnv(cw: LocalCloudWatchLogs, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    ENVIRONMENT: 'production',
    INSTANCE_ID: 'child',
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: cw.url,
    ...extra,
  };
}

export interface ChildRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A running child: its output so far, a way to talk to it on stdin, and its end. */
export interface Child {
  readonly child: ReturnType<typeof spawn>;
  /** Resolves with the first stdout chunk that contains `text`. */
  readonly waitFor: (text: string) => Promise<void>;
  /** What the child printed so far. */
  readonly output: () => { readonly stdout: string; readonly stderr: string };
  readonly ended: Promise<ChildRun>;
}

/**
 * Starts `node --input-type=module -e script` with `env`, stdin and both outputs piped. Unless
 * `env` names one, the child's spool (LOG_SPOOL_DIR) is a new directory of its own: a test's
 * leftovers are never replayed into another test's endpoint.
 */
export function startChild(script: string, env: NodeJS.ProcessEnv): Child {
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { LOG_SPOOL_DIR: mkdtempSync(join(tmpdir(), 'dashtam-spool-test-')), ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stdout.on('data', (c: string) => {
    stdout += c;
  });
  child.stderr.on('data', (c: string) => {
    stderr += c;
  });
  const ended = once(child, 'close').then(([code, signal]) => ({
    code: code as number | null,
    signal: signal as NodeJS.Signals | null,
    stdout,
    stderr,
  }));
  const waitFor = async (text: string): Promise<void> => {
    while (!stdout.includes(text)) {
      const closed = await Promise.race([once(child.stdout, 'data').then(() => false), ended.then(() => true)]);
      if (closed && !stdout.includes(text)) throw new Error(`child ended before printing ${text}:\n${stderr}`);
    }
  };
  return { child, waitFor, output: () => ({ stdout, stderr }), ended };
}

/** Runs a child to its end. */
export function runChild(script: string, env: NodeJS.ProcessEnv): Promise<ChildRun> {
  const run = startChild(script, env);
  run.child.stdin?.end();
  return run.ended;
}

/** The JSON lines of a process's output (other lines, such as Node's warnings, are skipped). */
export function jsonLines(text: string): Record<string, unknown>[] {
  return parseJsonLines(text, { mixed: true });
}

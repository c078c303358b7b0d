// Runs gitleaks_oracle.py (gitleaks' rules, translated to Python `re` on their own) over texts.
// One python3 process per call: the texts go in as JSON on stdin, the findings come back on stdout.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('./gitleaks_oracle.py', import.meta.url));

export interface GitleaksFinding {
  /** The index of the text (in the batch given to `gitleaksScan`) the finding is in. */
  readonly text_index: number;
  readonly rule_id: string;
  readonly secret: string;
}

export interface GitleaksScan {
  readonly findings: readonly GitleaksFinding[];
  /** How many of gitleaks' rules were applied. */
  readonly rules: number;
  /** The rules left out, and why (path-only rules; any the translation could not take). */
  readonly skipped: readonly { readonly id: string; readonly reason: string }[];
}

/**
 * Scans `texts` with gitleaks' rules in one python3 process (`python`: the interpreter, by default
 * $PYTHON3 or `python3` on PATH). Rejects, never skips, when python3 is missing.
 */
export async function gitleaksScan(
  texts: readonly string[],
  python = process.env.PYTHON3 ?? 'python3',
): Promise<GitleaksScan> {
  const child = spawn(python, [script], { stdio: ['pipe', 'pipe', 'pipe'] });
  const spawned = once(child, 'spawn').catch((error: NodeJS.ErrnoException) => {
    throw new Error(
      error.code === 'ENOENT'
        ? `the gitleaks oracle needs python3 (3.11 or newer, for tomllib), and ${python} is not on PATH: apt-get install -y python3`
        : `the gitleaks oracle could not start ${python}: ${error.message}`,
    );
  });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (c: Buffer) => out.push(c));
  child.stderr.on('data', (c: Buffer) => err.push(c));
  // A write to a child that never started (or died) fails with EPIPE: the exit code says why.
  child.stdin.on('error', () => undefined);
  const closed = once(child, 'close');
  // A child that never started rejects `closed` too: `spawned` says why, and is awaited first.
  closed.catch(() => undefined);
  await spawned;
  child.stdin.end(JSON.stringify({ texts }));
  const [code] = (await closed) as [number | null];
  const stderr = Buffer.concat(err).toString('utf8');
  if (code !== 0) {
    const hint = /ModuleNotFoundError: No module named 'tomllib'/.test(stderr)
      ? ' (tomllib needs Python 3.11 or newer: apt-get install -y python3 on Debian 12)'
      : '';
    throw new Error(`the gitleaks oracle (${python} ${script}) exited with ${code}${hint}:\n${stderr}`);
  }
  return JSON.parse(Buffer.concat(out).toString('utf8')) as GitleaksScan;
}

/**
 * Findings that are not secrets, by analysis (each one looked at, not a pattern to hide leaks):
 * gitleaks' generic-api-key reads `</client_secret> trace_id=4bf9...` (a closing XML tag whose
 * content was redacted, then the pretty format's trace id) as `client_secret > value`, and takes
 * the record's own W3C trace id for the secret. A trace id the logger writes is 32 hex digits: a
 * secret given as a trace id is refused, never written (secretCorpus's "secret trace id" cases).
 */
export function isSecret(finding: GitleaksFinding): boolean {
  return !(finding.rule_id === 'generic-api-key' && /^trace_id=[0-9a-f]{32}$/.test(finding.secret));
}

#!/usr/bin/env node
// The `dashtam-logs` executable: wires the process's streams, environment and Ctrl-C to main().
import { main } from './main.js';

// The AWS SDK warns on every run under Node 20 that its 2027 releases will need Node 22: a note for
// whoever pins the SDK (this package does), not for someone reading logs. Set the variable to
// anything else to see it.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const controller = new AbortController();
let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    // First Ctrl-C: stop reading and end cleanly; a second one: stop now.
    if (interrupted) process.exit(130);
    interrupted = true;
    controller.abort();
  });
}
// A reader that went away (`| head`) is a normal end, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

main(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  signal: controller.signal,
}).then(
  (code) => {
    process.exitCode = code;
    // Ctrl-C while reading stdin: nothing more will come.
    if (interrupted) process.stdin.destroy();
  },
  (error: unknown) => {
    process.stderr.write(`dashtam-logs: unexpected error: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  },
);

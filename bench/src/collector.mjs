// An OTLP collector for the benchmarks, in a child process (its work does not share the
// measured thread): reads each body and answers 200 with an empty response.
import { spawn } from 'node:child_process';
import { once } from 'node:events';

/**
 * Starts the collector; resolves with its logs URL and the child. `keepAliveMs` sets the server's
 * keep-alive timeout (Node's default when not given).
 */
export async function startCollector({ keepAliveMs } = {}) {
  const child = spawn(
    process.execPath,
    [
      '-e',
      `const http = require('node:http');
       const server = http.createServer((req, res) => {
         req.resume();
         req.on('end', () => { res.writeHead(200, { 'content-type': req.headers['content-type'] }); res.end(req.headers['content-type'].includes('json') ? '{}' : ''); });
       });
       ${keepAliveMs !== undefined ? `server.keepAliveTimeout = ${Number(keepAliveMs)};` : ''}
       server.listen(0, '127.0.0.1', () => process.stdout.write(server.address().port + '\\n'));`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const [portChunk] = await once(child.stdout, 'data');
  return { url: `http://127.0.0.1:${String(portChunk).trim()}/v1/logs`, child };
}

// One variant of the demo API (see api-app.mjs) driven without a socket: the parent sends
// `{ requests }`, this process answers that many GET /health requests through light-my-request
// (10 in flight, as the HTTP bench's 10 connections) and replies with the time it took and how
// many answers were not 200. Run by api-inject.bench.mjs over IPC.
import inject from 'light-my-request';
import { buildApp } from './api-app.mjs';

const app = buildApp(process.argv[2]);
const IN_FLIGHT = 10;

async function serve(requests) {
  let next = 0;
  let bad = 0;
  const worker = async () => {
    while (next < requests) {
      next++;
      const res = await inject(app, { method: 'GET', url: '/health' });
      if (res.statusCode !== 200) bad++;
    }
  };
  const start = process.hrtime.bigint();
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  return { ns: Number(process.hrtime.bigint() - start), bad };
}

process.on('message', async ({ requests }) => {
  process.send(await serve(requests));
});
process.send({ ready: true });
process.on('SIGINT', () => process.exit(0));

// One variant of the demo API for the HTTP benchmark (see api-app.mjs), on a port chosen at run
// time (printed as `PORT <n>`).
import { buildApp } from './api-app.mjs';

const app = buildApp(process.argv[2]);
const server = app.listen(0, '127.0.0.1', () => {
  process.stdout.write(`PORT ${server.address().port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));

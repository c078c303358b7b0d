// A small demo of the logging stack without a server (`pnpm demo:logs`):
// the same calls, first as pretty development output, then as JSON lines (testing/CI).
import { configureContainer, getLogger, runWithTraceId, shutdown } from '@dashtam/container';

async function scenario(environment) {
  configureContainer({ env: { ...process.env, ENVIRONMENT: environment } });
  await shutdown();
  const logger = getLogger();
  await runWithTraceId('4bf92f3577b34da6a3ce929d0e0e4736', async () => {
    const request = logger.bind({ request_path: '/users', http_method: 'POST' });
    request.info('Request received');
    request.debug('Validating user data', { email: 'user@example.com' });
    request.info('User registered', { user_id: '123e4567-e89b-12d3-a456-426614174000', password: 'hunter2' });
    request.warning('Rate limit approaching', { current_rate: 45, limit: 50 });
    request.error('Database connection failed', {
      error: new Error('Connection refused', { cause: new Error('ECONNREFUSED 127.0.0.1:5432') }),
      retry_count: 3,
    });
    request.info('User search', { query: 'evil\r\n2025-01-01T00:00:00.000Z [CRITICAL] forged line' });
  });
  await shutdown();
}

process.stdout.write('\n=== ENVIRONMENT=development (pretty) ===\n');
await scenario('development');
process.stdout.write('\n=== ENVIRONMENT=testing (JSON lines) ===\n');
await scenario('testing');

import { randomBytes } from 'node:crypto';
import { createEvent, type EventBus } from '@dashtam/event-registry';
import { HttpError } from '@dashtam/express';
import { type Request, type Response, Router } from 'express';
import type { InMemoryUserStore } from './user-store.js';
import { credentials } from './validation.js';

/**
 * DEMO ONLY: a small domain in memory that shows logging and domain events end to end.
 * Registration and login publish their ATTEMPTED / SUCCEEDED / FAILED events; the password never
 * reaches a log (it is not logged, and if it were, redaction would catch it).
 */
export function demoRoutes(deps: { eventBus: EventBus; users: InMemoryUserStore }): Router {
  const { eventBus, users } = deps;
  const router = Router();

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.post('/users', async (req: Request, res: Response) => {
    const { email, password } = credentials(req.body, { checkStrength: true });
    await eventBus.publish(createEvent('UserRegistrationAttempted', { email }));
    if (users.has(email)) {
      await eventBus.publish(createEvent('UserRegistrationFailed', { email, reason: 'duplicate_email' }));
      throw new HttpError(409, 'Conflict', 'A user with this email already exists');
    }
    const user = users.create(email, password);
    await eventBus.publish(createEvent('UserRegistrationSucceeded', { user_id: user.id, email: user.email }));
    req.log.info('User created', { user_id: user.id, action: 'user_registration' });
    res.status(201).json(user);
  });

  router.post('/sessions', async (req: Request, res: Response) => {
    const { email, password } = credentials(req.body, { checkStrength: false });
    await eventBus.publish(createEvent('UserLoginAttempted', { email }));
    const user = users.verify(email, password);
    if (user === undefined) {
      await eventBus.publish(createEvent('UserLoginFailed', { email, reason: 'invalid_credentials' }));
      throw new HttpError(401, 'Unauthorized', 'Invalid email or password');
    }
    await eventBus.publish(createEvent('UserLoginSucceeded', { user_id: user.id, email: user.email }));
    // The session id goes to the client only; `session_id` is a secret key and would be redacted anyway.
    res.status(201).json({ user_id: user.id, session_id: randomBytes(24).toString('base64url') });
  });

  router.get('/users/:id', (req: Request, res: Response) => {
    const user = users.get(String(req.params.id));
    if (user === undefined) throw new HttpError(404, 'Not Found', 'No user with this id');
    res.json(user);
  });

  router.post('/sync/accounts', async (req: Request, res: Response) => {
    const userId = String(req.get('x-user-id') ?? 'demo-user');
    const provider = 'demo-bank';
    const started = performance.now();
    await eventBus.publish(createEvent('AccountSyncAttempted', { user_id: userId, provider }));
    // Simulated provider round trip; `?delay_ms=` (0 to 5000) makes a slow provider.
    const delay = Math.min(5000, Math.max(0, Number(req.query.delay_ms) || 5));
    // The detail a developer wants only when a sync fails: at debug, written with LOG_LEVEL=debug,
    // or (LOG_DEBUG_TAIL=on) held and written right before this request's error.
    req.log.debug('Provider request sent', { provider, endpoint: '/v2/accounts', timeout_ms: 5000 });
    await new Promise((resolve) => setTimeout(resolve, delay));
    const failing = req.query.fail === 'true';
    req.log.debug('Provider answered', { provider, status_code: failing ? 503 : 200, waited_ms: delay });
    if (failing) req.log.debug('Retry budget exhausted', { provider, attempts: 1, max_attempts: 1 });
    const duration_ms = Math.round(performance.now() - started);
    if (failing) {
      const error = new Error('Provider returned 503', { cause: new Error('upstream timeout after 5 ms') });
      req.log.error('Account sync failed', { error, user_id: userId, provider, duration_ms });
      await eventBus.publish(
        createEvent('AccountSyncFailed', { user_id: userId, provider, reason: 'provider_unavailable', duration_ms }),
      );
      throw new HttpError(502, 'Bad Gateway', 'The provider sync failed; try again later');
    }
    const count = 3;
    req.log.info('Account sync completed', { user_id: userId, provider, account_count: count, duration_ms });
    await eventBus.publish(createEvent('AccountSyncSucceeded', { user_id: userId, provider, count, duration_ms }));
    res.json({ provider, account_count: count, duration_ms });
  });

  return router;
}

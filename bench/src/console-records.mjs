// The records of the console bench (console.bench.mjs), shared with logger-compare.mjs so that
// both measure the same calls.

/** The bound context of every call. */
export const bound = { request_path: '/users', http_method: 'POST' };

/** A plain record's six fields. */
export const fields = () => ({
  user_id: '123e4567-e89b-12d3-a456-426614174000',
  email: 'user@example.com',
  action: 'user_registration',
  attempt: 2,
  duration_ms: 12.5,
  ok: true,
});

/** A record whose strings hold secrets (a connection string, a key=value fragment). */
export const secretFields = () => ({
  user_id: '123e4567-e89b-12d3-a456-426614174000',
  dsn: 'postgres://app:s3cr3tpw@db.internal:5432/orders',
  note: 'retry with token=abc123def456',
});

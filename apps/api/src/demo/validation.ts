import type { FieldError } from '@dashtam/express';
import { HttpError } from '@dashtam/express';

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,255}\.[^\s@]{2,}$/;

/** Email and password of a registration or login body; throws a 422 listing every bad field. */
export function credentials(
  body: unknown,
  { checkStrength }: { checkStrength: boolean },
): { email: string; password: string } {
  const b = (body ?? {}) as Record<string, unknown>;
  const errors: FieldError[] = [];
  if (typeof b.email !== 'string' || !EMAIL.test(b.email))
    errors.push({ field: 'email', message: 'must be an email address' });
  if (typeof b.password !== 'string' || b.password.length === 0)
    errors.push({ field: 'password', message: 'is required' });
  else if (checkStrength && (b.password.length < 8 || b.password.length > 256)) {
    errors.push({ field: 'password', message: 'must be 8 to 256 characters' });
  }
  if (errors.length > 0)
    throw new HttpError(422, 'Unprocessable Content', 'The request body failed validation', errors);
  return { email: b.email as string, password: b.password as string };
}

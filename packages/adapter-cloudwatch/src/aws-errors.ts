/** The error's `name` (how the AWS SDK tells its errors apart), undefined when it has none. */
export function errorName(error: unknown): string | undefined {
  return (error as Error)?.name;
}

/** `Name: message` for an Error, the value as text otherwise: what a fallback report quotes. */
export function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** True when the caller's role is not allowed to make the request. */
export function isAccessDenied(error: unknown): boolean {
  return ['AccessDeniedException', 'AccessDenied', 'UnauthorizedOperation'].includes(errorName(error) as string);
}

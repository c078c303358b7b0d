import type { Response } from 'express';

/**
 * Calls `done(finished)` once, on the first of the response's 'finish' and 'close': a response sent in full
 * emits 'finish' (then 'close' when it has a socket); a response a serverless adapter made by hand
 * finishes but never closes; a response whose client left closes without finishing. Returns false,
 * registering nothing, when the response had closed already (its client left before this ran):
 * the caller decides when that request is done. `finished` is false when the connection went away
 * before the response was sent in full. With `scope` (an AsyncResource), `done` runs in it.
 */
export function onResponseDone(
  res: Response,
  done: (finished: boolean) => void,
  scope?: { runInAsyncScope(fn: (finished: boolean) => void, thisArg: undefined, finished: boolean): void },
): boolean {
  if (res.closed) return false;
  let called = false;
  // Two listeners over one flag; they stay after the first: the response, and they with it, are
  // garbage once the request is done, and removing them costs more than the check on the later event.
  res.on('finish', () => {
    if (called) return;
    called = true;
    if (scope === undefined) done(true);
    else scope.runInAsyncScope(done, undefined, true);
  });
  res.on('close', () => {
    if (called) return;
    called = true;
    if (scope === undefined) done(res.writableFinished);
    else scope.runInAsyncScope(done, undefined, res.writableFinished);
  });
  return true;
}

import type { Response } from 'express';

/**
 * Calls `done(finished)` once, on the first of the response's 'finish' and 'close': a response sent in full
 * emits 'finish' (then 'close' when it has a socket); a response a serverless adapter made by hand
 * finishes but never closes; a response whose client left closes without finishing. Returns false,
 * registering nothing, when the response had closed already (its client left before this ran):
 * the caller decides when that request is done. `finished` is false when the connection went away
 * before the response was sent in full.
 */
export function onResponseDone(res: Response, done: (finished: boolean) => void): boolean {
  if (res.closed) return false;
  let called = false;
  const end = (finished: boolean): void => {
    if (called) return;
    called = true;
    // The listeners stay: the response, and they with it, are garbage once the request is done,
    // and removing them costs more than the one check above on the later event.
    done(finished);
  };
  const onFinish = (): void => end(true);
  const onClose = (): void => end(res.writableFinished);
  res.on('finish', onFinish);
  res.on('close', onClose);
  return true;
}

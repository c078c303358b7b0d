// tslog's Logger, which renders the pretty lines. tslog is an ES module only: this build imports it;
// the CommonJS twin (tslog.cts) requires it when the first renderer is made. Code imports `#tslog`.
import { Logger } from 'tslog';

/** tslog's Logger class (always there in the ESM build). */
export function tslogLogger(): typeof Logger | undefined {
  return Logger;
}

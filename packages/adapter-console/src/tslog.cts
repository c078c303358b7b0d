// The CommonJS twin of tslog.esm.ts (see scripts/build-package.mjs). tslog is an ES module only, so
// a top-level require() of it would make this whole package (and the container) fail to load on a
// Node without require(esm) (before 20.19). It is required when the first pretty renderer is made
// instead; where that fails with ERR_REQUIRE_ESM, there is no tslog and the renderer writes the
// same layout itself, without colours.
import type { Logger } from 'tslog' with { 'resolution-mode': 'import' };

namespace Tslog {
  let loaded: typeof Logger | null | undefined;

  /** tslog's Logger class, or undefined where this Node cannot require() an ES module. */
  export function tslogLogger(): typeof Logger | undefined {
    if (loaded === undefined) {
      try {
        loaded = (require('tslog') as { Logger: typeof Logger }).Logger;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ERR_REQUIRE_ESM') throw error;
        loaded = null;
      }
    }
    return loaded ?? undefined;
  }
}

export = Tslog;

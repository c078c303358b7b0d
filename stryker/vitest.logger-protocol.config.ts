import { defineConfig } from 'vite';
import base from '../vitest.config.ts';

// logger-protocol's tests for its mutation run (see logger-protocol.config.mjs), less the ones that
// run every gitleaks rule on generated strings, each structured form through a whole logger, or 64 KB
// inputs: seconds each, and they would run for
// nearly every mutant of the redaction path. The unit tests of the scanner (scan.test.ts,
// prefix.test.ts, vendor-context.test.ts) and the corpus tests stay.
export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: ['packages/logger-protocol/src/**/*.test.ts'],
    exclude: [
      ...(base.test?.exclude ?? []),
      'packages/logger-protocol/src/gitleaks/rules-redacted.test.ts',
      'packages/logger-protocol/src/gitleaks/hostile.test.ts',
      'packages/logger-protocol/src/gitleaks/min-length-rules.test.ts',
      // Each form through a whole logger in every placement, 64 KB inputs included; the scanners'
      // own tests (structured-form-scanners.test.ts) pin their spans.
      'packages/logger-protocol/src/structured-forms.test.ts',
    ],
  },
});

import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { jsonLines, runChild } from './child.js';

// The dual-package hazard: one process that loads the CommonJS build (an application's require())
// and the ESM build (a dependency's import) of the same packages. Process-wide state lives on
// globalThis (processWide), so the two copies share one logger, one trace scope store, one set of
// signal hooks and one exit registry.
const built = (format: 'cjs' | 'esm', pkg: string, entry = 'index') =>
  JSON.stringify(
    fileURLToPath(new URL(`../../${pkg}/dist/${format === 'cjs' ? 'cjs/' : ''}${entry}.js`, import.meta.url)),
  );

describe('the CommonJS and the ESM build in one process', () => {
  it('share one logger, one trace context, one set of signal hooks and one exit drain', async () => {
    const run = await runChild(
      `const exitListeners = process.listenerCount('exit');
       const sigterm = process.listenerCount('SIGTERM');
       const { createRequire } = await import('node:module');
       const require = createRequire(import.meta.url);
       const cjs = require(${built('cjs', 'container')});
       const esm = await import(${built('esm', 'container')});
       const cjsExit = require(${built('cjs', 'fd-writer', 'internal')});
       const esmExit = await import(${built('esm', 'fd-writer', 'internal')});
       const out = (o) => process.stdout.write(JSON.stringify(o) + '\\n');
       const logger = cjs.getLogger();
       out({ check: 'logger', two_copies: cjs.getLogger !== esm.getLogger, same: esm.getLogger() === logger,
         sigterm_hooks: process.listenerCount('SIGTERM') - sigterm });
       await esm.runWithTraceId('esm-scope', async () => out({ check: 'esm scope, read by cjs', trace_id: cjs.getTraceId() }));
       cjs.runWithTraceId('cjs-scope', () => out({ check: 'cjs scope, read by esm', trace_id: esm.getTraceId() }));
       await cjs.runWithContext({ job: 'j-1' }, async () => esm.getLogger().info('in a cjs context'));
       // One registry: the ESM copy's 'metrics' target runs before the CommonJS copy's 'final' one.
       globalThis.targets = [{ drain: () => out({ drained: 'cjs final' }) }, { drain: () => out({ drained: 'esm metrics' }) }];
       cjsExit.onExit('final', globalThis.targets[0], 'drain');
       esmExit.onExit('metrics', globalThis.targets[1], 'drain');
       out({ check: 'exit', exit_listeners: process.listenerCount('exit') - exitListeners });
       await esm.shutdown();
       out({ check: 'shutdown', sigterm_hooks: process.listenerCount('SIGTERM') - sigterm, rebuilt: cjs.getLogger() !== logger });
       await cjs.shutdown();`,
      { PATH: process.env.PATH, ENVIRONMENT: 'testing' },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(jsonLines(run.stdout)).toEqual([
      { check: 'logger', two_copies: true, same: true, sigterm_hooks: 1 },
      { check: 'esm scope, read by cjs', trace_id: 'esm-scope' },
      { check: 'cjs scope, read by esm', trace_id: 'cjs-scope' },
      { check: 'exit', exit_listeners: 1 },
      // The console output is buffered: the shared logger writes it at the shutdown.
      expect.objectContaining({ message: 'in a cjs context', job: 'j-1' }),
      { check: 'shutdown', sigterm_hooks: 0, rebuilt: true },
      { drained: 'esm metrics' },
      { drained: 'cjs final' },
    ]);
  });
});

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import { EXIT_PHASES, type ExitPhase, onExit, runExitPhases } from './internal.js';

type Registry = typeof import('./exit-registry.js');

// Every registration of a test is undone after it, so each test sees only its own targets.
const undo: (() => void)[] = [];
afterEach(() => {
  for (const u of undo.splice(0)) u();
});

/** A target that records its calls into `log`, as `name`. */
function probe(log: string[], name: string) {
  return {
    write(): void {
      log.push(name);
    },
  };
}

function register(phase: ExitPhase, target: { write(): void }, registry: Pick<Registry, 'onExit'> = { onExit }) {
  undo.push(registry.onExit(phase, target, 'write'));
}

/** Another copy of the module, as when two versions of the package are installed. */
async function anotherCopy(tag: string): Promise<Registry> {
  return (await import(
    /* @vite-ignore */ `${new URL('./exit-registry.ts', import.meta.url).href}?copy=${tag}`
  )) as Registry;
}

describe('the exit registry', () => {
  it('runs the phases in order, metrics, drain, final, whatever order the targets were registered in', () => {
    const log: string[] = [];
    const targets = {
      final: probe(log, 'final'),
      drain: probe(log, 'drain'),
      metrics: probe(log, 'metrics'),
      final2: probe(log, 'final 2'),
      metrics2: probe(log, 'metrics 2'),
    };
    register('final', targets.final);
    register('drain', targets.drain);
    register('metrics', targets.metrics);
    register('final', targets.final2);
    register('metrics', targets.metrics2);
    runExitPhases();
    expect(log).toEqual(['metrics', 'metrics 2', 'drain', 'final', 'final 2']);
    expect(EXIT_PHASES).toEqual(['metrics', 'drain', 'final']);
  });

  it('calls the method on its target (this is the target)', () => {
    class Buffered {
      held = ['a', 'b'];
      readonly out: string[] = [];
      flushSync(): void {
        this.out.push(...this.held.splice(0));
      }
    }
    const target = new Buffered();
    undo.push(onExit('final', target, 'flushSync'));
    runExitPhases();
    runExitPhases(); // a second run finds nothing left
    expect(target.out).toEqual(['a', 'b']);
  });

  it('accepts only a method of the target that takes no argument (types)', () => {
    const target = { flushSync: () => undefined, size: 1, write: (_chunk: string) => undefined };
    // Compiled by the typecheck, never run.
    const refused = () => [
      // @ts-expect-error not a method
      onExit('final', target, 'size'),
      // @ts-expect-error not a member
      onExit('final', target, 'drainSync'),
      // @ts-expect-error takes an argument
      onExit('final', target, 'write'),
      // @ts-expect-error not a phase
      onExit('exit', target, 'flushSync'),
    ];
    expect(refused).toBeTypeOf('function');
    undo.push(onExit('final', target, 'flushSync'));
  });

  it('goes on with the other targets when one throws, and does not throw itself', () => {
    const log: string[] = [];
    const throwing = {
      write(): void {
        log.push('throws');
        throw new Error('boom');
      },
    };
    register('metrics', throwing);
    register('metrics', probe(log, 'metrics after it'));
    register('final', probe(log, 'final'));
    expect(() => runExitPhases()).not.toThrow();
    expect(log).toEqual(['throws', 'metrics after it', 'final']);
  });

  it('does not call a target after its unregister function, and unregistering twice is harmless', () => {
    const log: string[] = [];
    const unregister = onExit('drain', probe(log, 'gone'), 'write');
    register('drain', probe(log, 'kept'));
    unregister();
    unregister();
    runExitPhases();
    expect(log).toEqual(['kept']);
  });

  it('is not re-entered by a target that runs the phases itself', () => {
    const log: string[] = [];
    register('metrics', {
      write(): void {
        log.push('metrics');
        runExitPhases();
      },
    });
    register('final', probe(log, 'final'));
    runExitPhases();
    expect(log).toEqual(['metrics', 'final']);
  });

  it('is one registry and one exit listener for two copies of the module in a process', async () => {
    const before = process.listenerCount('exit');
    const [a, b] = await Promise.all([anotherCopy('a'), anotherCopy('b')]);
    expect(a).not.toBe(b);
    const log: string[] = [];
    register('final', probe(log, 'final, copy a'), a);
    register('metrics', probe(log, 'metrics, copy b'), b);
    register('drain', probe(log, 'drain, this copy'));
    expect(process.listenerCount('exit') - before).toBeLessThanOrEqual(1);
    a.runExitPhases();
    expect(log).toEqual(['metrics, copy b', 'drain, this copy', 'final, copy a']);
  });

  it('shares the state with a copy of another version that has other phases, and runs them all', () => {
    // The state as a copy of another version may have made it: without 'final' (an older one), and
    // with a phase this copy does not know (a newer one), which runs after the known ones.
    const shared = (globalThis as Record<symbol, { phases: Record<string, Set<unknown> | undefined> }>)[
      Symbol.for('dashtam.exit-registry')
    ];
    const finals = shared?.phases.final;
    expect(finals).toBeDefined();
    const log: string[] = [];
    const newer = probe(log, "a newer copy's phase");
    const later = { ref: new WeakRef(newer), method: 'write', phase: 'later' };
    try {
      delete shared?.phases.final;
      (shared as { phases: Record<string, Set<unknown>> }).phases.later = new Set([later]);
      register('final', probe(log, 'final'));
      register('metrics', probe(log, 'metrics'));
      runExitPhases();
      expect(log).toEqual(['metrics', 'final', "a newer copy's phase"]);
    } finally {
      delete shared?.phases.later;
      for (const r of finals ?? []) shared?.phases.final?.add(r);
    }
  });

  it('does not keep alive a target dropped without unregistering', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const dropped = (() => {
      const target = probe([], 'dropped');
      onExit('drain', target, 'write');
      return new WeakRef(target);
    })();
    for (let i = 0; i < 10 && dropped.deref() !== undefined; i++) {
      await new Promise((resolve) => setImmediate(resolve));
      gc();
    }
    expect(dropped.deref()).toBeUndefined();
  });

  it('installs its exit listener once, on the first registration', () => {
    const before = process.listenerCount('exit');
    for (let i = 0; i < 3; i++) register('final', probe([], 'x'));
    expect(process.listenerCount('exit') - before).toBeLessThanOrEqual(1);
    expect(process.listeners('exit').filter((l) => l.name === 'runExitPhases')).toHaveLength(1);
  });
});

// State that must be one per process, whatever number of copies of a dashtam package the process
// loaded: the ESM and the CommonJS build of one package (an application that require()s it while a
// dependency imports it), or two installed versions. Module-level variables would be one per copy
// (two loggers, two trace scopes, two sets of signal hooks); a value kept on `globalThis` under a
// `Symbol.for` key is the same object for every copy. Internal to the dashtam packages.

/**
 * The process's one value under `Symbol.for(key)`, made by `create` for the first copy that asks.
 * Put a version in `key` (`dashtam.container.v1`) and change it when the value's shape changes, so
 * that copies of different shapes do not read each other's.
 *
 * @example
 * ```ts
 * const storage = processWide('dashtam.trace-context.v1', () => new AsyncLocalStorage<TraceStore>());
 * ```
 */
export function processWide<T>(key: string, create: () => T): T {
  const holder = globalThis as { [key: symbol]: unknown };
  const symbol = Symbol.for(key);
  if (!(symbol in holder)) holder[symbol] = create();
  return holder[symbol] as T;
}

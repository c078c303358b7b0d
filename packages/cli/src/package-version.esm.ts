// The package's version, read from its package.json at run time (ESM build: dist/ is one level
// below the package). Its CommonJS twin is package-version.cts; code imports `#package-version`.
import { readFileSync } from 'node:fs';

/** This package's version, from its package.json. */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

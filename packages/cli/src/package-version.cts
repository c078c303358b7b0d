// The CommonJS twin of package-version.esm.ts (see scripts/build-package.mjs): dist/cjs/ is two
// levels below the package, and CommonJS has __dirname instead of import.meta. Written with
// `import = require` and `export =` (a namespace: named imports of it type-check), the CommonJS
// syntax that verbatimModuleSyntax accepts in a .cts file.
import fs = require('node:fs');
import path = require('node:path');

namespace PackageVersion {
  /** This package's version, from its package.json. */
  export function packageVersion(): string {
    const file = path.join(__dirname, '..', '..', 'package.json');
    return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
  }
}

export = PackageVersion;

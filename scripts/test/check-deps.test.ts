import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('../check-deps.mjs', import.meta.url));

function workspace(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'dashtam-deps-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const run = (root: string) => spawnSync(process.execPath, [script, root], { encoding: 'utf8' });
const pkg = (name: string, deps: Record<string, string> = {}) => JSON.stringify({ name, dependencies: deps });

describe('check-deps', () => {
  it('passes a workspace that follows the rules', () => {
    const root = workspace({
      'packages/logger-protocol/package.json': pkg('@dashtam/logger-protocol'),
      'packages/logger-protocol/src/index.ts': "export { x } from './x.js';\n",
      'packages/adapter-console/package.json': pkg('@dashtam/adapter-console', {
        '@dashtam/logger-protocol': '1',
        tslog: '5',
      }),
      'packages/adapter-console/src/a.ts':
        "import { Logger } from 'tslog';\nimport type { LogLevel } from '@dashtam/logger-protocol';\nimport { writeSync } from 'node:fs';\n",
    });
    const r = run(root);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('fails when a domain package imports infrastructure, a builtin or a third-party package', () => {
    const root = workspace({
      'packages/logger-protocol/package.json': pkg('@dashtam/logger-protocol', { tslog: '5' }),
      'packages/logger-protocol/src/a.ts': "import { Logger } from 'tslog';\nimport { readFileSync } from 'node:fs';\n",
      'packages/event-registry/package.json': pkg('@dashtam/event-registry'),
      'packages/event-registry/src/b.ts':
        "import { ConsoleAdapter } from '@dashtam/adapter-console';\nimport { RecordLogger } from '@dashtam/logger-protocol';\n",
    });
    const r = run(root);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('@dashtam/logger-protocol: may not depend on tslog (package.json)');
    expect(r.stderr).toContain('packages/logger-protocol/src/a.ts: @dashtam/logger-protocol may not import tslog');
    expect(r.stderr).toContain('a domain package may not import node:fs');
    expect(r.stderr).toContain('@dashtam/event-registry may not import @dashtam/adapter-console');
    expect(r.stderr).toContain('@dashtam/event-registry may not import @dashtam/logger-protocol');
  });

  it('lets @dashtam/express use express as types only, and keeps the CLI off the container', () => {
    const ok = workspace({
      'packages/express/package.json': JSON.stringify({
        name: '@dashtam/express',
        dependencies: { '@dashtam/container': '1', '@dashtam/logger-protocol': '1' },
        peerDependencies: { express: '^4.21 || ^5', '@types/express': '^5', '@opentelemetry/api': '^1.9' },
      }),
      'packages/express/src/a.ts':
        "import type { Request } from 'express';\nimport { runWithTraceContext } from '@dashtam/container';\nimport { trace } from '@opentelemetry/api';\n",
      'packages/cli/package.json': pkg('@dashtam/cli', {
        '@dashtam/adapter-console': 'workspace:*',
        '@aws-sdk/client-cloudwatch-logs': '3',
      }),
      'packages/cli/src/b.ts':
        "import { PrettyRenderer } from '@dashtam/adapter-console/internal';\nimport { FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';\n",
    });
    expect(run(ok).stderr).toBe('');
    const bad = workspace({
      'packages/express/package.json': JSON.stringify({
        name: '@dashtam/express',
        peerDependencies: { express: '^5' },
      }),
      'packages/express/src/a.ts': "import express from 'express';\n",
      'packages/cli/package.json': pkg('@dashtam/cli', { '@dashtam/container': '1' }),
      'packages/cli/src/b.ts': "import { getLogger } from '@dashtam/container';\n",
    });
    const r = run(bad);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('@dashtam/express may not import express');
    expect(r.stderr).toContain('@dashtam/cli: may not depend on @dashtam/container (package.json)');
    expect(r.stderr).toContain('@dashtam/cli may not import @dashtam/container');
  });

  it('lets both adapters use @dashtam/fd-writer, which itself may use Node builtins only', () => {
    const ok = workspace({
      'packages/fd-writer/package.json': pkg('@dashtam/fd-writer'),
      'packages/fd-writer/src/a.ts': "import { writeSync } from 'node:fs';\n",
      'packages/adapter-console/package.json': pkg('@dashtam/adapter-console', { '@dashtam/fd-writer': '1' }),
      'packages/adapter-console/src/a.ts': "import { writeAllSync } from '@dashtam/fd-writer';\n",
      'packages/adapter-cloudwatch/package.json': pkg('@dashtam/adapter-cloudwatch', { '@dashtam/fd-writer': '1' }),
      'packages/adapter-cloudwatch/src/a.ts': "import { writeAllSync } from '@dashtam/fd-writer';\n",
    });
    expect(run(ok).stderr).toBe('');
    const bad = workspace({
      'packages/fd-writer/package.json': pkg('@dashtam/fd-writer', { '@dashtam/logger-protocol': '1' }),
      'packages/fd-writer/src/a.ts': "import type { LogLevel } from '@dashtam/logger-protocol';\n",
      'packages/event-registry/package.json': pkg('@dashtam/event-registry'),
      'packages/event-registry/src/b.ts': "import { writeAllSync } from '@dashtam/fd-writer';\n",
    });
    const r = run(bad);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('@dashtam/fd-writer: may not depend on @dashtam/logger-protocol (package.json)');
    expect(r.stderr).toContain('@dashtam/fd-writer may not import @dashtam/logger-protocol (even as a type)');
    expect(r.stderr).toContain('@dashtam/event-registry may not import @dashtam/fd-writer');
  });

  it('fails when the app imports an adapter or a package reaches into another with ../', () => {
    const root = workspace({
      'apps/api/package.json': pkg('@dashtam/api', { '@dashtam/container': '1' }),
      'apps/api/src/app.ts':
        "import { ConsoleAdapter } from '@dashtam/adapter-console';\nimport { x } from '../../../packages/container/src/x.js';\n",
    });
    const r = run(root);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('@dashtam/api may not import @dashtam/adapter-console');
    expect(r.stderr).toContain('imports across packages with a relative path');
  });

  it("lets a dashtam package import another one's /internal subpath where it may import the package, never an app or an example", () => {
    const ok = workspace({
      'packages/logger-protocol/package.json': pkg('@dashtam/logger-protocol'),
      'packages/adapter-console/package.json': pkg('@dashtam/adapter-console', {
        '@dashtam/logger-protocol': 'workspace:*',
      }),
      'packages/adapter-console/src/a.ts': "import { reportFailure } from '@dashtam/logger-protocol/internal';\n",
    });
    expect(run(ok).stderr).toBe('');
    const bad = workspace({
      'packages/logger-protocol/package.json': pkg('@dashtam/logger-protocol'),
      'packages/event-registry/package.json': pkg('@dashtam/event-registry'),
      'packages/event-registry/src/a.ts': "import { Redactor } from '@dashtam/logger-protocol/internal';\n",
      'packages/adapter-console/package.json': pkg('@dashtam/adapter-console', { '@dashtam/logger-protocol': '1' }),
      'packages/adapter-console/examples/b.mjs': "import { Redactor } from '@dashtam/logger-protocol/internal';\n",
      'apps/api/package.json': pkg('@dashtam/api', { '@dashtam/container': '1' }),
      'apps/api/src/c.ts': "import { openTraceScope } from '@dashtam/container/internal';\n",
    });
    const r = run(bad);
    expect(r.status).toBe(1);
    // The direction rules hold for the subpath as for the root.
    expect(r.stderr).toContain('@dashtam/event-registry may not import @dashtam/logger-protocol/internal');
    expect(r.stderr).toContain(
      'packages/adapter-console/examples/b.mjs: imports @dashtam/logger-protocol/internal, which is for the dashtam packages only (use @dashtam/logger-protocol)',
    );
    expect(r.stderr).toContain(
      'apps/api/src/c.ts: imports @dashtam/container/internal, which is for the dashtam packages only (use @dashtam/container)',
    );
  });

  it('fails when a package imports /internal of a dependency it does not pin exactly (no semver promise there)', () => {
    const root = workspace({
      'packages/logger-protocol/package.json': pkg('@dashtam/logger-protocol'),
      'packages/adapter-console/package.json': pkg('@dashtam/adapter-console', {
        '@dashtam/logger-protocol': 'workspace:^',
      }),
      'packages/adapter-console/src/a.ts': "import { reportFailure } from '@dashtam/logger-protocol/internal';\n",
      // Its root only: any range will do.
      'packages/adapter-otlp/package.json': pkg('@dashtam/adapter-otlp', { '@dashtam/logger-protocol': 'workspace:^' }),
      'packages/adapter-otlp/src/b.ts': "import { Logger } from '@dashtam/logger-protocol';\n",
    });
    const r = run(root);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(
      'packages/adapter-console/src/a.ts: imports @dashtam/logger-protocol/internal, so package.json must pin @dashtam/logger-protocol as "workspace:*" (exact), not "workspace:^"',
    );
    expect(r.stderr).not.toContain('adapter-otlp');
  });
});

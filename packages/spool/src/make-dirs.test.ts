import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeDirs } from './make-dirs.js';

describe('makeDirs', () => {
  it('makes a directory and its missing parents, and accepts one that exists', () => {
    const root = mkdtempSync(join(tmpdir(), 'make-dirs-'));
    makeDirs(join(root, 'a', 'b', 'c'));
    makeDirs(join(root, 'a', 'b', 'c'));
    expect(statSync(join(root, 'a', 'b', 'c')).isDirectory()).toBe(true);
  });

  it('throws EEXIST when a file is in the way', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'make-dirs-')), 'file');
    writeFileSync(file, 'x');
    expect(() => makeDirs(file)).toThrow(expect.objectContaining({ code: 'EEXIST' }));
    expect(() => makeDirs(join(file, 'below'))).toThrow(expect.objectContaining({ code: 'ENOTDIR' }));
  });

  it.runIf(process.platform === 'linux')('throws ENOENT under /proc, where a recursive mkdirSync never returns', () => {
    expect(() => makeDirs('/proc/no-such-dir/spool')).toThrow(expect.objectContaining({ code: 'ENOENT' }));
  });
});

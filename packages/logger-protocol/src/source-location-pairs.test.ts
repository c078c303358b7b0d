// A source location (`password-reset.ts:88:11`, `secrets.go:118:`) in a stack frame or a log
// prefix is a file name and a line number, not a secret key and its value. Before the fix a file
// whose name holds a secret word lost its line number (`password-reset.ts:[REDACTED]`), and a Go
// log line after such a prefix lost its whole message.
import { describe, expect, it } from 'vitest';
import { Redactor } from './redactor.js';

describe('source locations', () => {
  const r = new Redactor();
  it.each([
    'Error: boom\n    at reset (/app/src/auth/password-reset.ts:88:11)',
    'at Object.<anonymous> (C:\\app\\secrets.js:12:5)',
    '  at com.acme.PasswordEncoder.encode(PasswordEncoder.java:57)',
    'secrets.go:118: open /etc/app/config.yaml: no such file',
    'private_key_loader.py:42 loaded 3 keys',
  ])('%s stays as it is', (text) => {
    expect(r.redactString(text)).toBe(text);
  });

  it.each([
    ['password.ts: hunter2Secret9', 'hunter2Secret9'],
    ['secret.json: {"a": 1} password=hunter2Secret9', 'hunter2Secret9'],
    ['password: 123456', '123456'],
  ])('%s: a value that is not a line number still goes', (text, secret) => {
    expect(r.redactString(text)).not.toContain(secret);
  });
});

import { describe, expect, it } from 'vitest';
import { SCOPE_MEMO_SIZE, ScopeMembersMemo } from './scope-members-memo.js';

describe('ScopeMembersMemo', () => {
  it('finds members by the identity of the fields object, never by an equal one', () => {
    const memo = new ScopeMembersMemo();
    const a = { request_id: 'r-1' };
    memo.set(a, ',"request_id":"r-1"');
    expect(memo.get(a)).toBe(',"request_id":"r-1"');
    expect(memo.get({ request_id: 'r-1' })).toBeUndefined();
  });

  it(`keeps the last ${SCOPE_MEMO_SIZE} and forgets the oldest first`, () => {
    const memo = new ScopeMembersMemo();
    const keys = Array.from({ length: SCOPE_MEMO_SIZE + 2 }, (_, i) => ({ i }));
    keys.forEach((k, i) => {
      memo.set(k, `m${i}`);
    });
    expect(memo.get(keys[0] as object)).toBeUndefined();
    expect(memo.get(keys[1] as object)).toBeUndefined();
    expect(memo.get(keys[2] as object)).toBe('m2');
    expect(memo.get(keys.at(-1) as object)).toBe(`m${SCOPE_MEMO_SIZE + 1}`);
    for (let i = 2; i < keys.length; i++) expect(memo.get(keys[i] as object)).toBe(`m${i}`);
  });
});

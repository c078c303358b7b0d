// The serialised fields of the last few scopes, found by the fields object's identity: a request's
// records share its scope's fields, so they are serialised once per request, not once per record.

/** How many scopes' members are kept: more than the requests a process usually has in flight at once. */
export const SCOPE_MEMO_SIZE = 32;

/**
 * A small ring of (fields object, serialised members), replaced oldest first. Not a WeakMap: a
 * WeakMap keyed by one new object per request made the garbage collector trace an ephemeron table
 * of every request since its last run (a fifth of the extra GC time of GET /health at debug).
 */
export class ScopeMembersMemo {
  readonly #keys: (object | undefined)[] = new Array(SCOPE_MEMO_SIZE).fill(undefined);
  readonly #members: string[] = new Array(SCOPE_MEMO_SIZE).fill('');
  #next = 0;

  /** The members remembered for `fields`, if it is one of the last {@link SCOPE_MEMO_SIZE} set. */
  get(fields: object): string | undefined {
    for (let i = 0; i < SCOPE_MEMO_SIZE; i++) {
      if (this.#keys[i] === fields) return this.#members[i];
    }
    return undefined;
  }

  /** Remembers `members` for `fields`, in place of the oldest entry. */
  set(fields: object, members: string): void {
    this.#keys[this.#next] = fields;
    this.#members[this.#next] = members;
    this.#next = (this.#next + 1) % SCOPE_MEMO_SIZE;
  }
}

import { once } from 'node:events';
import type { Writable } from 'node:stream';

/** Writes text, waiting for `drain` when the stream asks for it (so a slow reader slows us down). */
export async function write(out: Writable, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
}

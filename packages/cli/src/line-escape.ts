// What a line that is not a record may not put on the reader's terminal as it is: control
// characters (escape sequences that move the cursor, clear the screen, set the title or forge
// colours), C1 controls, bidirectional overrides and isolates (which reorder what is shown, the
// "Trojan Source" trick) and zero-width characters (which hide text). They are shown escaped, as
// `\uXXXX`; tabs stay. `--raw` prints the line as it is.

// C0 but tab, DEL and C1; bidi marks, embeddings, overrides and isolates; zero-width characters
// and the BOM; the line and paragraph separators.
const UNSAFE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;

/** `line` with every character a terminal would act on or hide shown as `\uXXXX`. */
export function escapeLine(line: string): string {
  return line.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

// Values written on the lines after their key: YAML `password:` followed by an indented value,
// block scalars (`password: |` / `>-` and their indented lines) and form dumps (`Password:` then
// the value indented below). Only a key line that ends with `:` (or a block indicator) and names a
// secret counts, and only the lines indented deeper than it are its value. One hand-written scan
// over the lines: no regex runs on more than one short line.

/** [start, end) of text to censor. */
export type Span = [number, number];

// A key line, trimmed: an optional `- ` (a sequence item), the key bare or quoted, `:` and an
// optional block scalar indicator (`|`, `>`, with chomping and indentation digits).
const KEY_LINE = /^(?:- )?(["']?)([A-Za-z0-9_][\w .-]{0,63})\1[ \t]*:[ \t]*([|>][-+0-9]{0,2})?$/;
// The same key at the end of a line after other text (`Error: password: |`, a stack's first line).
const KEY_LINE_END = /[ \t](["']?)([A-Za-z0-9_][\w.-]{0,63})\1[ \t]*:[ \t]*([|>][-+0-9]{0,2})?$/;
// A nested mapping member (`db: value`), whose value alone goes.
export const MEMBER = /^(?:- )?["']?[A-Za-z0-9_][\w.-]{0,63}["']?[ \t]*:(?:[ \t]+|$)/;
const MAX_KEY_LINE = 160;
// Member values that are switches, not secrets (`auth:\n  enabled: true`).
const PLAIN_FACT = /^(?:true|false|null|~|yes|no|on|off)$/i;

/** True when `text` may hold a key line followed by an indented value (a `:` before a newline). */
export function mayHoldNextLineValue(text: string): boolean {
  const nl = text.lastIndexOf('\n');
  return nl > 0 && text.lastIndexOf(':', nl) >= 0;
}

export interface Line {
  readonly start: number;
  /** Before the line break (`\n` or `\r\n`). */
  readonly end: number;
  /** Where the next line starts. */
  readonly next: number;
  readonly indent: number;
  readonly blank: boolean;
}

export function lineAt(text: string, start: number): Line {
  const nl = text.indexOf('\n', start);
  const next = nl < 0 ? text.length : nl + 1;
  let end = nl < 0 ? text.length : nl;
  if (end > start && text[end - 1] === '\r') end--;
  let i = start;
  while (i < end && (text[i] === ' ' || text[i] === '\t')) i++;
  return { start, end, next, indent: i - start, blank: i === end };
}

/** Spans of the values on the lines after secret key lines. */
export function nextLineValueSpans(text: string, isSecretKey: (key: string) => boolean): Span[] {
  const spans: Span[] = [];
  if (!mayHoldNextLineValue(text)) return spans;
  let start = 0;
  while (start < text.length) {
    const line = lineAt(text, start);
    const after = line.next;
    const trimmed = text.slice(line.start + line.indent, line.end).trimEnd();
    const m = trimmed.length <= MAX_KEY_LINE && trimmed.includes(':') ? keyLine(trimmed, isSecretKey) : null;
    if (m === null) {
      start = after;
      continue;
    }
    const block = m[3] !== undefined;
    // The value lines: every following line indented deeper than the key (blank lines inside).
    const lines: Line[] = [];
    let j = after;
    while (j < text.length) {
      const l = lineAt(text, j);
      if (!l.blank && (l.indent <= line.indent || isStackFrame(text, l))) break;
      lines.push(l);
      j = l.next;
    }
    while (lines.length > 0 && (lines.at(-1) as Line).blank) lines.pop();
    if (lines.length > 0) collect(text, lines, block, spans);
    start = j;
  }
  return spans;
}

// A block scalar or a plain value goes whole (one span from its first character to the end of its
// last line); a nested mapping keeps its member names (each value goes).
// A stack's frames follow an error message indented (`    at f (file.js:1:2)`): they are no value.
const STACK_FRAME = /^at \S.{0,512}(?:\(|:\d+)/;

function isStackFrame(text: string, l: Line): boolean {
  return text.startsWith('at ', l.start + l.indent) && STACK_FRAME.test(text.slice(l.start + l.indent, l.end));
}

function keyLine(line: string, isSecretKey: (key: string) => boolean): RegExpExecArray | null {
  for (const re of [KEY_LINE, KEY_LINE_END]) {
    const m = re.exec(line);
    if (m !== null && isSecretKey(m[2] as string)) return m;
  }
  return null;
}

function collect(text: string, lines: readonly Line[], block: boolean, spans: Span[]): void {
  const first = lines[0] as Line;
  const last = lines.at(-1) as Line;
  const firstText = text.slice(first.start + first.indent, first.end);
  if (block || !MEMBER.test(firstText)) {
    spans.push([first.start + first.indent, trimRight(text, first.start, last.end)]);
    return;
  }
  for (const l of lines) {
    const content = text.slice(l.start + l.indent, l.end);
    const member = MEMBER.exec(content);
    // A sequence item keeps its `- `.
    const skip = member === null ? (content.startsWith('- ') ? 2 : 0) : member[0].length;
    const from = l.start + l.indent + skip;
    const to = trimRight(text, from, l.end);
    if (to > from && !PLAIN_FACT.test(text.slice(from, to))) spans.push([from, to]);
  }
}

function trimRight(text: string, from: number, end: number): number {
  let e = end;
  while (e > from && /\s/.test(text[e - 1] as string)) e--;
  return e;
}

// Kubernetes Secrets written out as text (a manifest in a message, `kubectl get secret -o json`
// in an error): every value under `data:` / `stringData:` is a secret whatever its key is called
// (`tls.crt`, `config.json`, `username`), so each is censored and the keys are kept. YAML is
// judged one document (`---`) at a time, `kind` before or after `data`; other kinds (ConfigMap)
// stay. JSON text is judged whole: once it says `"kind":"Secret"`, every `data` / `stringData`
// object in it goes (a List mixing Secrets with other kinds loses those objects' values too).
import { type Line, lineAt, MEMBER, type Span } from './next-line-values.js';

const KIND_LINE = /^["']?kind["']?[ \t]*:[ \t]*["']?Secret["']?$/;
const DATA_LINE = /^["']?(?:data|stringData)["']?[ \t]*:$/;
// JSON, possibly escaped inside a JSON string (`{\"kind\":\"Secret\"}`).
const JSON_KIND = /\\{0,3}"kind\\{0,3}"[ \t]{0,40}:[ \t]{0,40}\\{0,3}"Secret\\{0,3}"/;
const JSON_DATA = /\\{0,3}"(?:data|stringData)\\{0,3}"[ \t\r\n]{0,40}:[ \t\r\n]{0,40}\{/g;
const JSON_VALUE = /:[ \t\r\n]{0,40}(\\{0,3})"/g;

/** Spans of the values under `data` / `stringData` of Kubernetes Secrets in `text`. */
export function kubernetesSecretSpans(text: string): Span[] {
  const spans: Span[] = [];
  if (!text.includes('Secret')) return spans;
  if (JSON_KIND.test(text)) jsonSpans(text, spans);
  if (text.includes('\n')) yamlSpans(text, spans);
  return spans;
}

function yamlSpans(text: string, spans: Span[]): void {
  let doc: Line[] = [];
  for (let start = 0; start < text.length; ) {
    const line = lineAt(text, start);
    if (text.startsWith('---', line.start + line.indent)) {
      documentSpans(text, doc, spans);
      doc = [];
    } else {
      doc.push(line);
    }
    start = line.next;
  }
  documentSpans(text, doc, spans);
}

function content(text: string, line: Line): string {
  return text.slice(line.start + line.indent, line.end).trimEnd();
}

function documentSpans(text: string, doc: readonly Line[], spans: Span[]): void {
  const kind = doc.find((l) => l.end - l.start < 64 && KIND_LINE.test(content(text, l)));
  if (kind === undefined) return;
  for (let i = 0; i < doc.length; i++) {
    const head = doc[i] as Line;
    if (head.indent !== kind.indent || head.end - head.start > 64 || !DATA_LINE.test(content(text, head))) continue;
    let child = -1;
    for (i++; i < doc.length; i++) {
      const l = doc[i] as Line;
      if (l.blank) continue;
      if (l.indent <= kind.indent) break;
      if (child < 0) child = l.indent;
      const from = l.start + l.indent;
      const member = l.indent === child ? MEMBER.exec(text.slice(from, l.end)) : null;
      const valueAt = member === null ? from : from + member[0].length;
      const end = l.start + l.indent + content(text, l).length;
      // A block scalar's indicator (`tls.key: |`) is no secret; its lines below are.
      if (end > valueAt && !/^[|>][-+0-9]{0,2}$/.test(text.slice(valueAt, end))) spans.push([valueAt, end]);
    }
    i--;
  }
}

function jsonSpans(text: string, spans: Span[]): void {
  JSON_DATA.lastIndex = 0;
  for (let m = JSON_DATA.exec(text); m !== null; m = JSON_DATA.exec(text)) {
    const open = m.index + m[0].length - 1;
    const close = matchingBrace(text, open);
    JSON_VALUE.lastIndex = open;
    for (let v = JSON_VALUE.exec(text); v !== null && v.index < close; v = JSON_VALUE.exec(text)) {
      const escapes = (v[1] as string).length;
      const from = v.index + v[0].length;
      const to = stringEnd(text, from, escapes);
      if (to > from) spans.push([from, to]);
      JSON_VALUE.lastIndex = to + escapes + 1;
    }
    JSON_DATA.lastIndex = Math.max(close, JSON_DATA.lastIndex);
  }
}

function matchingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return i;
  }
  return text.length;
}

// The closing quote preceded by exactly `escapes` backslashes; the span ends before those.
function stringEnd(text: string, from: number, escapes: number): number {
  for (let j = from; j < text.length; j++) {
    if (text[j] !== '"') continue;
    let n = 0;
    for (let k = j - 1; k >= from && text[k] === '\\'; k--) n++;
    if (n === escapes) return j - escapes;
  }
  return text.length;
}

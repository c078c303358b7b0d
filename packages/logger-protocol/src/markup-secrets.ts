// Secrets in XML and HTML: the text of an element named like a secret (`<Password>pw</Password>`,
// `<wsse:Password Type="...">pw</wsse:Password>`, `<client_secret>..</client_secret>`) and the
// `value` of a name/value element whose name is a secret (`<add key="ApiKey" value=".."/>`,
// `<entry name="password" value=".."/>`, `<input name="password" value="..">`). Names are judged
// like object keys (a namespace prefix dropped), so `<PasswordPolicy>` stays. Attributes named like
// a secret (`password="pw"`, `data-api-key=".."`) are key=value fragments already. One scan from
// `<` to `<`: each character is looked at a bounded number of times.
import type { Span } from './next-line-values.js';

const NAME_CHAR = /[\w.:-]/;
const ATTRIBUTE = /([\w:.-]{1,64})[ \t\r\n]{0,10}=[ \t\r\n]{0,10}(?:"([^"]*)"|'([^']*)')/g;
const NAME_ATTRIBUTES = new Set(['key', 'name']);

/** Spans of element texts and name/value attributes that hold secrets in `text`. */
export function markupSecretSpans(text: string, isSecretKey: (key: string) => boolean): Span[] {
  const spans: Span[] = [];
  for (let i = text.indexOf('<'); i >= 0; ) {
    let j = i + 1;
    while (j < text.length && NAME_CHAR.test(text[j] as string)) j++;
    let k = j;
    while (k < text.length && text[k] !== '>' && text[k] !== '<') k++;
    const name = text.slice(i + 1, j);
    if (!/^[A-Za-z_]/.test(name) || text[k] !== '>') {
      i = text.indexOf('<', k);
      continue;
    }
    if (k > j) nameValueSpan(text, j, k, isSecretKey, spans);
    const next = text.indexOf('<', k);
    if (text[k - 1] !== '/' && next > k + 1 && isClosing(text, next, name)) {
      if (isSecretKey(name.slice(name.lastIndexOf(':') + 1))) {
        const [from, to] = trim(text, k + 1, next);
        if (to > from) spans.push([from, to]);
      }
    }
    i = next;
  }
  return spans;
}

function isClosing(text: string, at: number, name: string): boolean {
  if (!text.startsWith(`</${name}`, at)) return false;
  const after = text[at + 2 + name.length] ?? '';
  return after === '>' || /\s/.test(after);
}

// `key="ApiKey" value="..."` / `name="password" value="..."` inside one tag.
function nameValueSpan(
  text: string,
  from: number,
  to: number,
  isSecretKey: (key: string) => boolean,
  spans: Span[],
): void {
  const attrs = text.slice(from, to);
  if (!attrs.includes('=')) return;
  let secretName = false;
  let value: Span | undefined;
  ATTRIBUTE.lastIndex = 0;
  for (let m = ATTRIBUTE.exec(attrs); m !== null; m = ATTRIBUTE.exec(attrs)) {
    const attribute = (m[1] as string).toLowerCase();
    const content = m[2] ?? (m[3] as string);
    if (NAME_ATTRIBUTES.has(attribute)) secretName ||= isSecretKey(content);
    else if (attribute === 'value' && content !== '') {
      const end = from + m.index + m[0].length - 1;
      value = [end - content.length, end];
    }
  }
  if (secretName && value !== undefined) spans.push(value);
}

function trim(text: string, from: number, to: number): Span {
  let a = from;
  let b = to;
  while (a < b && /\s/.test(text[a] as string)) a++;
  while (b > a && /\s/.test(text[b - 1] as string)) b--;
  return [a, b];
}

// Passwords on the command lines of tools whose password flag is known: `mysql -pS3cret`
// (attached: a bare `-p` prompts and the next word is the database), `mysqladmin -p...`,
// `sshpass -p pw`, `redis-cli -a pw` / `--pass pw`, `docker login -p pw` (only `login`: `docker
// run -p 8080:80` publishes a port), `htpasswd -b file user pw` (the argument after the user),
// `curl -uuser:pw` / `--user=user:pw`. The tool's name must stand before the flag, so `ls -p` and
// `grep -a` stay. `--password value`, `--password=value` and `-u user:pw` are key=value fragments.
import type { Span } from './next-line-values.js';

const TOOL =
  /(?<![\w.-])(mysql(?:admin|dump|import|show|check|binlog)?|mariadb(?:-admin|-dump)?|sshpass|redis-cli|docker|podman|htpasswd|curl)(?=[ \t])/g;
const MAX_ARGS = 64;

interface Arg {
  /** The argument without its quotes. */
  readonly text: string;
  /** Where the argument starts in the text, and where it ends (before a closing quote). */
  readonly from: number;
  readonly to: number;
  /** Where its opening quote stands, from `from` (-1: none). */
  readonly quote: number;
}

/** True when `text` may hold one of these command lines (a flag after a space). */
export function mayHoldCommandSecret(text: string): boolean {
  return text.includes(' -');
}

/** Spans of the passwords given on command lines in `text`. */
export function commandLineSpans(text: string): Span[] {
  const spans: Span[] = [];
  if (!mayHoldCommandSecret(text)) return spans;
  TOOL.lastIndex = 0;
  for (let m = TOOL.exec(text); m !== null; m = TOOL.exec(text)) {
    const [args, end] = argsAfter(text, m.index + m[0].length);
    toolSpans(m[1] as string, args, spans);
    TOOL.lastIndex = Math.max(end, TOOL.lastIndex);
  }
  return spans;
}

// The arguments up to the end of the command (a line break, `|`, `;`, `&` outside quotes).
function argsAfter(text: string, from: number): [Arg[], number] {
  const args: Arg[] = [];
  let i = from;
  while (args.length < MAX_ARGS) {
    while (text[i] === ' ' || text[i] === '\t') i++;
    const start = i;
    while (i < text.length && !/[\s|;&]/.test(text[i] as string)) {
      const c = text[i] as string;
      const close = c === '"' || c === "'" ? text.indexOf(c, i + 1) : i;
      i = close < 0 ? text.length : close + 1;
    }
    if (i === start) break;
    args.push(arg(text, start, i));
  }
  return [args, i];
}

// `'pw'`, `-p'pw'`, `--user="a:b"`: the quotes are not part of the value.
function arg(text: string, from: number, to: number): Arg {
  const raw = text.slice(from, to);
  const quote = raw.search(/["']/);
  if (quote >= 0 && raw.length > quote + 1 && raw.endsWith(raw[quote] as string)) {
    return { text: raw.slice(0, quote) + raw.slice(quote + 1, -1), from, to: to - 1, quote };
  }
  return { text: raw, from, to, quote: -1 };
}

// The span of `arg` after its first `skip` characters (a flag glued to its value) and its opening
// quote when that stands before the value (`"-pa b"`, `-p'a b'`).
function valueAfter(arg: Arg, skip: number): Span | undefined {
  const from = arg.from + skip + (arg.quote >= 0 && arg.quote <= skip ? 1 : 0);
  return arg.to > from ? [from, arg.to] : undefined;
}

function push(spans: Span[], span: Span | undefined): void {
  if (span !== undefined) spans.push(span);
}

function toolSpans(tool: string, args: readonly Arg[], spans: Span[]): void {
  const at = (i: number): Span | undefined => {
    const a = args[i];
    return a === undefined || a.text.startsWith('-') ? undefined : valueAfter(a, 0);
  };
  if (tool === 'htpasswd') {
    htpasswd(args, spans);
    return;
  }
  const docker = tool === 'docker' || tool === 'podman';
  if (docker && args.find((a) => !a.text.startsWith('-'))?.text !== 'login') return;
  for (let i = 0; i < args.length; i++) {
    const a = (args[i] as Arg).text;
    if (tool.startsWith('my') || tool.startsWith('mariadb')) {
      if (/^-p./.test(a)) push(spans, valueAfter(args[i] as Arg, 2));
    } else if (tool === 'sshpass' || docker) {
      if (a === '-p') push(spans, at(i + 1));
      else if (/^-p./.test(a)) push(spans, valueAfter(args[i] as Arg, 2));
    } else if (tool === 'redis-cli') {
      if (a === '-a' || a === '--pass') push(spans, at(i + 1));
      else if (a.startsWith('--pass=')) push(spans, valueAfter(args[i] as Arg, 7));
    } else if (/^-u[^-\s]/.test(a) && a.includes(':')) {
      push(spans, valueAfter(args[i] as Arg, 2));
    } else if (a.startsWith('--user=')) {
      push(spans, valueAfter(args[i] as Arg, 7));
    }
  }
}

// `htpasswd -b[c] file user pw`, `htpasswd -nb user pw`: the password is the last positional.
function htpasswd(args: readonly Arg[], spans: Span[]): void {
  const flags = args.filter((a) => /^-[A-Za-z]+$/.test(a.text)).map((a) => a.text);
  if (!flags.some((f) => f.includes('b'))) return;
  const positional = args.filter((a) => !a.text.startsWith('-'));
  const pw = positional[flags.some((f) => f.includes('n')) ? 1 : 2];
  if (pw !== undefined) push(spans, valueAfter(pw, 0));
}

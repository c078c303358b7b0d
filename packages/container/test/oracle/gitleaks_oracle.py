#!/usr/bin/env python3
"""An independent judge of "no secret in the output": gitleaks' own rules, run by Python's `re`.

Reads the pinned rules file (vendor/gitleaks/gitleaks.toml, gitleaks v8.30.0) with tomllib,
translates each Go RE2 regex to Python `re` syntax, and applies every rule to each text the way
gitleaks' detect/detect.go does (detectRule, checkFindingAllowed, filter):

- keyword prefilter: the rule runs when one of its keywords is a substring of the lower-cased text
  (a rule without keywords always runs);
- every non-overlapping match of the regex, trimmed of newlines; the secret is the regex's
  secretGroup, or else its first non-empty group, or else the match (the regex is run again on the
  match text, as gitleaks does);
- Shannon entropy of the secret (per character, over its UTF-8 length) must exceed `entropy`
  when the rule sets one;
- the global [allowlist] and then the rule's [[rules.allowlists]]: regexTarget secret / match /
  line, stopwords compared in lower case, condition OR / AND. Log text has no path and no commit:
  an AND allowlist that needs a path or a commit never holds, a path-only rule is skipped, and a
  rule with both a path and a regex is applied without its path;
- a generic-* finding is dropped when a non-generic finding on the same line holds its secret.

Not done (on purpose): `gitleaks:allow` comments are not honoured; encoded (base64/hex/percent)
segments are not decoded; multi-part (required) rules are not in the rules file.

The translation was checked against Go's own regexp (Go 1.19, RE2 syntax): all 221 rule regexes,
the joined global allowlist and the 11 joined rule allowlists, over 27,000 texts (the vendor
samples of 39 seeds, logged records, the secret corpus, and their upper-case, lower-case,
swapped-case, trailing-newline and \v-for-space variants): the same matches and the same groups,
byte for byte. One known difference: RE2's (?i) also folds U+212A (Kelvin sign) with k and
U+017F (long s) with s; Python's re.ASCII does not, so a token spelled with those two characters
is not seen.

Written from the Go sources alone, in another language than the JS translation the redactor
uses: the two share no code, so one's mistake is not the other's blind spot.

Input on stdin: {"texts": ["...", ...]}
Output on stdout: {"findings": [{"text_index", "rule_id", "secret"}], "rules": N,
                   "skipped": [{"id", "reason"}]}
`python3 gitleaks_oracle.py --check` prints the translation report only (no stdin).
"""

import json
import math
import os
import re
import sys
import tomllib
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_RULES = os.path.normpath(os.path.join(HERE, '..', '..', '..', '..', 'vendor', 'gitleaks', 'gitleaks.toml'))

# RE2's Perl classes are ASCII; `\s` is [\t\n\f\r ] (no \v, unlike Python's re.ASCII `\s`).
RE2_SPACE = '\\t\\n\\f\\r '
POSIX = {
    'alnum': '0-9A-Za-z',
    'alpha': 'A-Za-z',
    'ascii': '\\x00-\\x7f',
    'blank': '\\t ',
    'cntrl': '\\x00-\\x1f\\x7f',
    'digit': '0-9',
    'graph': '!-~',
    'lower': 'a-z',
    'print': ' -~',
    'punct': '!-/:-@\\[-`{-~',
    'space': '\\t\\n\\v\\f\\r ',
    'upper': 'A-Z',
    'word': '0-9A-Za-z_',
    'xdigit': '0-9A-Fa-f',
}
FLAG_GROUP = re.compile(r'\(\?([imsU]*)(?:-([imsU]*))?([:)])')


class Unsupported(Exception):
    pass


def _escape(p, i, in_class):
    """Translates the escape at p[i] (a backslash); returns (text, next index)."""
    if i + 1 >= len(p):
        raise Unsupported('trailing backslash')
    e = p[i + 1]
    if e == 'z':
        if in_class:
            raise Unsupported('\\z in a character class')
        return '\\Z', i + 2
    if e == 's':
        return (RE2_SPACE if in_class else f'[{RE2_SPACE}]'), i + 2
    if e == 'S':
        # In a class: Python's ASCII \S leaves out \v, RE2's \S does not.
        return ('\\S\\v' if in_class else f'[^{RE2_SPACE}]'), i + 2
    if e in 'pPQECX':
        raise Unsupported(f'RE2 escape \\{e}')
    if e == 'x' and p[i + 2 : i + 3] == '{':
        end = p.index('}', i)
        return f'\\U{int(p[i + 3 : end], 16):08x}', end + 1
    if e.isdigit() and e != '0':
        raise Unsupported(f'backreference-like escape \\{e}')
    return p[i : i + 2], i + 2


def _char_class(p, i):
    """Translates the class that opens at p[i] ('['); returns (text, next index)."""
    out = ['[']
    i += 1
    if p[i : i + 1] == '^':
        out.append('^')
        i += 1
    first = True
    while True:
        if i >= len(p):
            raise Unsupported('unterminated character class')
        c = p[i]
        if c == ']' and not first:
            out.append(']')
            return ''.join(out), i + 1
        first = False
        if c == '[' and p[i + 1 : i + 2] == ':':
            end = p.find(':]', i + 2)
            if end == -1:
                raise Unsupported('unterminated POSIX class')
            name = p[i + 2 : end]
            negated = name.startswith('^')
            if negated or name not in POSIX:
                raise Unsupported(f'POSIX class [:{name}:]')
            out.append(POSIX[name])
            i = end + 2
        elif c == '\\':
            text, i = _escape(p, i, True)
            out.append(text)
        elif c in '[]&~|':
            # Python warns on (and may one day read as set operations) `[`, `&&`, `~~`, `||`.
            out.append('\\' + c)
            i += 1
        elif c == '-' and p[i + 1 : i + 2] == '-':
            out.append('\\-')
            i += 1
        else:
            out.append(c)
            i += 1


def translate(p):
    """Go RE2 syntax to Python `re` syntax (compiled with re.ASCII, as RE2's classes are ASCII).

    Python 3.11 takes global flags only at the very start. A `(?flags)` elsewhere holds, in RE2,
    to the end of its enclosing group, across `|`: it becomes a scoped `(?flags:` closed at each
    `|` of that group (and opened again after it) and at the group's end. RE2's `$` without (?m)
    is the end of the text: `\\Z` (Python's `$` also matches before a final newline).
    """
    out = []
    scoped = [[]]  # per open group: the flag groups opened inside it by a mid-pattern (?flags)
    i = 0
    n = len(p)
    while i < n:
        c = p[i]
        if c == '\\':
            text, i = _escape(p, i, False)
            out.append(text)
        elif c == '[':
            text, i = _char_class(p, i)
            out.append(text)
        elif c == '(':
            if p.startswith('(?P<', i) or p.startswith('(?:', i) or not p.startswith('(?', i):
                end = i + (3 if p.startswith('(?:', i) else 1)
                if p.startswith('(?P<', i):
                    end = p.index('>', i) + 1
                out.append(p[i:end])
                scoped.append([])
                i = end
                continue
            m = FLAG_GROUP.match(p, i)
            if not m:
                raise Unsupported(f'group syntax {p[i : i + 6]!r}')
            on, off, kind = m.group(1), m.group(2) or '', m.group(3)
            if 'U' in on + off:
                raise Unsupported('the U (ungreedy) flag')
            flags = on + (f'-{off}' if off else '')
            i = m.end()
            if kind == ':':
                out.append(f'(?{flags}:')
                scoped.append([])
            elif not out and not off and len(scoped) == 1:
                out.append(f'(?{flags})')  # at the very start: global, as Python allows
            else:
                out.append(f'(?{flags}:')
                scoped[-1].append(flags)
        elif c == ')':
            if len(scoped) == 1:
                raise Unsupported('unbalanced )')
            out.append(')' * len(scoped.pop()) + ')')
            i += 1
        elif c == '|':
            opened = scoped[-1]
            out.append(')' * len(opened) + '|' + ''.join(f'(?{f}:' for f in opened))
            i += 1
        elif c == '$':
            out.append('\\Z')
            i += 1
        else:
            out.append(c)
            i += 1
    if len(scoped) != 1:
        raise Unsupported('unbalanced (')
    out.append(')' * len(scoped[0]))
    return ''.join(out)


def compile_re2(p):
    with warnings.catch_warnings():
        warnings.simplefilter('error')
        return re.compile(translate(p), re.ASCII)


def join_or(patterns):
    """gitleaks' joinRegexOr: `(?:a|b|c)` - a leading (?i) in one holds for those after it too."""
    return '(?:' + '|'.join(patterns) + ')'


class Allowlist:
    def __init__(self, a):
        self.condition = (a.get('condition') or 'OR').upper()
        self.target = a.get('regexTarget') or 'secret'
        self.regex = compile_re2(join_or(a['regexes'])) if a.get('regexes') else None
        self.stopwords = sorted({w.lower() for w in a.get('stopwords', [])})
        self.needs_path_or_commit = bool(a.get('paths') or a.get('commits'))

    def allows(self, secret, match, line):
        target = {'match': match, 'line': line}.get(self.target, secret)
        regex_allowed = bool(self.regex and target and self.regex.search(target))
        low = secret.lower()
        stopword = bool(secret and any(w in low for w in self.stopwords))
        if self.condition == 'AND':
            if self.needs_path_or_commit:
                return False  # log text has no path and no commit: that check is false
            checks = []
            if self.regex:
                checks.append(regex_allowed)
            if self.stopwords:
                checks.append(stopword)
            return all(checks)
        return regex_allowed or stopword


class Rule:
    def __init__(self, r):
        self.id = r['id']
        self.keywords = [k.lower() for k in r.get('keywords', [])]
        self.regex = compile_re2(r['regex'])
        self.secret_group = r.get('secretGroup', 0)
        self.entropy = r.get('entropy', 0.0)
        self.allowlists = [Allowlist(a) for a in r.get('allowlists', [])]


def shannon_entropy(s):
    if not s:
        return 0.0
    counts = {}
    for ch in s:
        counts[ch] = counts.get(ch, 0) + 1
    inv = 1.0 / len(s.encode('utf-8'))  # Go divides by len(data): bytes
    return -sum(c * inv * math.log2(c * inv) for c in counts.values())


def load(path):
    with open(path, 'rb') as f:
        config = tomllib.load(f)
    rules, skipped = [], []
    for r in config['rules']:
        if 'regex' not in r:
            skipped.append({'id': r['id'], 'reason': 'path-only rule (no regex): log text has no path'})
            continue
        try:
            rules.append(Rule(r))
        except (Unsupported, re.error, Warning) as e:
            skipped.append({'id': r['id'], 'reason': f'cannot translate: {e}'})
    global_allowlists = [Allowlist(config['allowlist'])] if 'allowlist' in config else []
    global_allowlists += [Allowlist(a) for a in config.get('allowlists', [])]
    return rules, global_allowlists, skipped


def line_of(text, start, end):
    """The line(s) of the match, as gitleaks' location() cuts them."""
    ls = text.rfind('\n', 0, start)
    le = text.find('\n', end)
    return text[max(ls, 0) : len(text) if le == -1 else le]


def detect(text, rules, global_allowlists):
    findings = []
    low = text.lower()
    for rule in rules:
        if rule.keywords and not any(k in low for k in rule.keywords):
            continue
        for m in rule.regex.finditer(text):
            match = m.group(0).strip('\n')
            if not match:
                continue
            start = m.start() + (len(m.group(0)) - len(m.group(0).lstrip('\n')))
            end = start + len(match)
            secret = match
            g = rule.regex.search(match)
            if g and g.re.groups >= 1:
                if rule.secret_group > 0:
                    if g.re.groups < rule.secret_group:
                        continue
                    secret = g.group(rule.secret_group) or ''
                else:
                    secret = next((s for s in g.groups() if s), secret)
            if rule.entropy and shannon_entropy(secret) <= rule.entropy:
                continue
            line = line_of(text, start, end)
            if any(a.allows(secret, match, line) for a in global_allowlists):
                continue
            if any(a.allows(secret, match, line) for a in rule.allowlists):
                continue
            findings.append(
                {'rule_id': rule.id, 'secret': secret, 'match': match, 'line_no': text.count('\n', 0, start)}
            )
    kept = []
    for f in findings:
        if 'generic' in f['rule_id'].lower() and any(
            o['line_no'] == f['line_no']
            and o['rule_id'] != f['rule_id']
            and f['secret'] in o['secret']
            and 'generic' not in o['rule_id'].lower()
            for o in findings
        ):
            continue
        kept.append(f)
    return kept


def main():
    rules_path = os.environ.get('GITLEAKS_RULES', DEFAULT_RULES)
    rules, global_allowlists, skipped = load(rules_path)
    if '--check' in sys.argv[1:]:
        json.dump({'rules': len(rules), 'skipped': skipped}, sys.stdout)
        return
    texts = json.load(sys.stdin)['texts']
    findings = []
    for index, text in enumerate(texts):
        for f in detect(text, rules, global_allowlists):
            findings.append({'text_index': index, 'rule_id': f['rule_id'], 'secret': f['secret']})
    json.dump({'findings': findings, 'rules': len(rules), 'skipped': skipped}, sys.stdout)


if __name__ == '__main__':
    main()

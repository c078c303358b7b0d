# A second opinion on Go RE2 patterns for scripts/test/gitleaks-translate.test.ts: Python's `re`
# (3.11: scoped (?i:...) and (?-i:...)) runs each RE2 pattern, rewritten only where Python's syntax
# differs, over the given strings. Reads JSON [{"pattern": str, "strings": [str]}] on stdin, writes
# JSON [{"error": str} | {"results": [null | [match, group1, ...]]}] on stdout.
#
# Rewrites: `$` and `\z` -> `\Z` (Python's `$` also matches before a final newline, RE2's does not);
# POSIX classes spelled out; a `(?flags)` after the start of the pattern (an error in Python 3.11)
# becomes `(?flags:...)` around the rest of each alternative of its group (RE2 applies it to the end
# of the group, across `|`). re.ASCII: RE2's \w \d \b and case folding are ASCII (its \s is too, but
# without \v: the strings the test sends hold no \v).
import json
import re
import sys

POSIX = {
    "alnum": "0-9A-Za-z", "alpha": "A-Za-z", "digit": "0-9", "lower": "a-z", "upper": "A-Z",
    "space": "\\t\\n\\v\\f\\r ", "word": "0-9A-Za-z_", "xdigit": "0-9A-Fa-f", "blank": "\\t ",
    "punct": "!-/:-@\\[-`{-~", "print": " -~", "graph": "!-~", "cntrl": "\\x00-\\x1f\\x7f", "ascii": "\\x00-\\x7f",
}


def rewrite(p: str) -> str:
    out = []
    # per open group: the (?flags: wrappers opened in its current alternative
    wrappers = [[]]
    i = 0
    while i < len(p):
        c = p[i]
        if c == "\\":
            out.append("\\Z" if p[i + 1] == "z" else p[i:i + 2])
            i += 2
        elif c == "[":
            j = i + 1
            head = "["
            if p[j] == "^":
                head += "^"
                j += 1
            body = ""
            if p[j] == "]":
                body += "\\]"
                j += 1
            while p[j] != "]":
                m = re.match(r"\[:(\^?)(\w+):\]", p[j:])
                if m:
                    if m.group(1):
                        raise ValueError("negated POSIX class")
                    body += POSIX[m.group(2)]
                    j += len(m.group(0))
                elif p[j] == "\\":
                    body += p[j:j + 2]
                    j += 2
                else:
                    body += "\\[" if p[j] == "[" else p[j]
                    j += 1
            out.append(head + body + "]")
            i = j + 1
        elif c == "$":
            out.append("\\Z")
            i += 1
        elif c == "(":
            m = re.match(r"\(\?([a-zA-Z-]+)\)", p[i:])
            if m and i > 0:
                out.append("(?" + m.group(1) + ":")
                wrappers[-1].append(m.group(1))
                i += len(m.group(0))
                continue
            step = 4 if p.startswith("(?P<", i) else 1
            out.append(p[i:i + step])
            i += step
            wrappers.append([])
        elif c == "|":
            flags = wrappers[-1]
            out.append(")" * len(flags) + "|" + "".join("(?" + f + ":" for f in flags))
            i += 1
        elif c == ")":
            out.append(")" * len(wrappers.pop()) + ")")
            i += 1
        else:
            out.append(c)
            i += 1
    out.append(")" * len(wrappers[-1]))
    return "".join(out)


def main() -> None:
    jobs = json.load(sys.stdin)
    answers = []
    for job in jobs:
        try:
            rx = re.compile(rewrite(job["pattern"]), re.ASCII)
        except (re.error, ValueError, IndexError, KeyError) as e:
            answers.append({"error": str(e)})
            continue
        results = []
        for s in job["strings"]:
            m = rx.search(s)
            results.append(None if m is None else [m.group(0), *m.groups()])
        answers.append({"results": results})
    json.dump(answers, sys.stdout)


main()

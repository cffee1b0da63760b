#!/usr/bin/env python3
"""List functions in Rust sources longer than a limit.

Usage: tools/fn-lengths.py [DIR] [LIMIT]   (defaults: src 120)

A function's length is counted from its `fn` line to the line of its
closing brace, inclusive. Braces inside string and char literals and
comments are skipped, which is enough for this codebase (no raw strings
holding unbalanced braces). Exit status 1 when any function is over the
limit, so CI can run it.
"""
import os
import re
import sys

FN = re.compile(r"^\s*(pub(\([a-z]+\))?\s+)?(const\s+)?(async\s+)?(unsafe\s+)?fn\s+([A-Za-z_0-9]+)")


def strip(line, state):
    """Return the line with literals and comments blanked; state carries block comments."""
    out = []
    i = 0
    while i < len(line):
        c = line[i]
        if state["block"]:
            if line.startswith("*/", i):
                state["block"] = False
                i += 2
            else:
                i += 1
            continue
        if state["raw"]:
            end = '"' + "#" * state["raw_hashes"]
            j = line.find(end, i)
            if j < 0:
                return "".join(out)
            state["raw"] = False
            i = j + len(end)
            continue
        m = re.match(r'r(#*)"', line[i:])
        if m and (i == 0 or not (line[i - 1].isalnum() or line[i - 1] == "_")):
            state["raw"] = True
            state["raw_hashes"] = len(m.group(1))
            i += len(m.group(0))
            continue
        if c == '"' or state["str"]:
            if not state["str"]:
                state["str"] = True
                i += 1
                continue
            if c == "\\":
                i += 2
                continue
            if c == '"':
                state["str"] = False
            i += 1
            continue
        if line.startswith("//", i):
            break
        if line.startswith("/*", i):
            state["block"] = True
            i += 2
            continue
        if c == "'":
            m = re.match(r"'(\\.|[^\\'])'", line[i:]) or re.match(r"'\\u\{[0-9a-fA-F]+\}'", line[i:])
            if m:
                i += len(m.group(0))
                continue
        out.append(c)
        i += 1
    return "".join(out)


def functions(path):
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    state = {"block": False, "str": False, "raw": False, "raw_hashes": 0}
    stack = []  # (name, start line, depth at which its body opened)
    depth = 0
    pending = None
    for n, line in enumerate(lines, 1):
        m = FN.match(line)
        code = strip(line, state)
        if m and not state["str"]:
            pending = (m.group(6), n)
        for c in code:
            if c == "{":
                depth += 1
                if pending:
                    stack.append((pending[0], pending[1], depth))
                    pending = None
            elif c == "}":
                if stack and stack[-1][2] == depth:
                    name, start, _ = stack.pop()
                    yield name, start, n - start + 1
                depth -= 1
            elif c == ";" and pending:
                pending = None  # a declaration without a body


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "src"
    limit = int(sys.argv[2]) if len(sys.argv) > 2 else 120
    over = []
    for dirpath, _, names in os.walk(root):
        for name in names:
            if name.endswith(".rs"):
                path = os.path.join(dirpath, name)
                for fn, start, length in functions(path):
                    if length > limit:
                        over.append((length, f"{path}:{start}", fn))
    for length, where, fn in sorted(over, reverse=True):
        print(f"{length:5} {where} {fn}")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())

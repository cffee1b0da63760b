#!/usr/bin/env python3
"""Reports import cycles between the top-level modules of src/.

Reads `use crate::X` and `crate::X::` from every .rs file under src/
(a file `a/b.rs` or `a/mod.rs` counts as module `a`), builds the graph of
which module names which, and prints every cycle in it (each strongly
connected component of more than one module, with one cycle through it).
Exits 1 when there is a cycle, so CI can run it. A file's unit tests
(from `#[cfg(test)]` to the end of the file, where they sit in this
codebase) may use any module, as integration tests do, and are not read.

    python3 tools/import-cycles.py [SRC]
"""
import pathlib
import re
import sys

src = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "src")
mods = {p.stem if p.parent == src else p.relative_to(src).parts[0]
        for p in src.rglob("*.rs")} - {"lib", "main"}

# `crate::X`, also inside `use crate::{X, Y::Z}` groups.
direct = re.compile(r"\bcrate::([a-z_][a-z0-9_]*)")
group = re.compile(r"\bcrate::\{([^;]*?)\}\s*;", re.S)

edges = {m: {} for m in mods}  # module -> {named module: "file:line"}
for path in sorted(src.rglob("*.rs")):
    rel = path.relative_to(src)
    mod = rel.parts[0] if len(rel.parts) > 1 else path.stem
    if mod not in mods:
        continue
    text = path.read_text(encoding="utf-8")
    # Unit tests may build a whole site; they are not part of the flow.
    at_tests = re.search(r"^#\[cfg\(test\)\]\s*\nmod tests\b", text, re.M)
    if at_tests:
        text = text[: at_tests.start()]
    # Comments are not imports.
    code = re.sub(r"//[^\n]*", "", text)
    found = [(m.group(1), m.start()) for m in direct.finditer(code)]
    for g in group.finditer(code):
        for part in re.split(r",", g.group(1)):
            name = part.strip().split("::")[0].strip("{} \n")
            if name:
                found.append((name, g.start()))
    for name, at in found:
        if name in mods and name != mod:
            line = code.count("\n", 0, at) + 1
            edges[mod].setdefault(name, f"{path}:{line}")

# Tarjan's strongly connected components.
index, low, stack, on, sccs = {}, {}, [], set(), []
def visit(v):
    index[v] = low[v] = len(index)
    stack.append(v)
    on.add(v)
    for w in sorted(edges[v]):
        if w not in index:
            visit(w)
            low[v] = min(low[v], low[w])
        elif w in on:
            low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        comp = []
        while True:
            w = stack.pop()
            on.discard(w)
            comp.append(w)
            if w == v:
                break
        if len(comp) > 1:
            sccs.append(sorted(comp))
sys.setrecursionlimit(10000)
for v in sorted(mods):
    if v not in index:
        visit(v)

def shortest_path(a, b, inside):
    """The shortest chain of imports from a to b inside one component."""
    paths, seen = [[a]], {a}
    while paths:
        nxt = []
        for p in paths:
            for w in sorted(edges[p[-1]]):
                if w == b:
                    return p + [b]
                if w in inside and w not in seen:
                    seen.add(w)
                    nxt.append(p + [w])
        paths = nxt
    return None


# Every import inside a component lies on a cycle: show the shortest one
# through each, once per cycle.
for comp in sccs:
    inside, cycles = set(comp), []
    for a in comp:
        for b in sorted(edges[a]):
            if b not in inside:
                continue
            back = shortest_path(b, a, inside)
            cyc = [a] + back
            # One name per cycle, whichever module it is read from.
            i = cyc.index(min(cyc[:-1]))
            cyc = cyc[i:-1] + cyc[:i] + [cyc[i]]
            if cyc not in cycles:
                cycles.append(cyc)
    print(f"{len(comp)} modules import each other in a circle: {', '.join(comp)}")
    for cyc in sorted(cycles, key=lambda c: (len(c), c)):
        print("  cycle: " + " -> ".join(cyc))
        for a, b in zip(cyc, cyc[1:]):
            print(f"    {a} -> {b}  ({edges[a][b]})")
if not sccs:
    print("no import cycles between modules")
sys.exit(1 if sccs else 0)

#!/usr/bin/env python3
"""Checks that lib/ is layered: every folder of lib/ is a layer, and a file may use
only its own layer and those below it (docs/architecture.md).

  check_layers.py LIBDIR [OBJDIR]

From the sources: a quoted #include of a lib/ header from a higher layer fails, and
so does any cycle of #includes between files. From the object files in OBJDIR (the
library's build directory, as meson names them: base/alloc.c -> base_alloc.c.o),
read with nm: a file calling a function (or using data) defined in a higher layer
fails, and so does any cycle of calls between files: within a layer too, the files
must form a hierarchy. Prints every violation; exit status 1 when there is one.
"""
import os
import re
import subprocess
import sys

# Bottom first. A layer may use itself and the layers before it.
LAYERS = ["base", "time", "complaint", "deadlines", "store", "classify", "metrics",
          "experimental", "desk"]
RANK = {name: i for i, name in enumerate(LAYERS)}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def sources(libdir):
    """Every .c and .h under libdir, as paths relative to it."""
    found = []
    for root, _, names in os.walk(libdir):
        for name in names:
            if name.endswith((".c", ".h")):
                found.append(os.path.relpath(os.path.join(root, name), libdir))
    return sorted(found)


def layer_of(path, problems):
    parts = path.split(os.sep)
    if len(parts) < 2 or parts[0] not in RANK:
        problems.append(f"{path}: not in a layer folder ({', '.join(LAYERS)})")
        return None
    return parts[0]


def resolve(libdir, path, name):
    """The lib/ file an include names (same folder first, then lib/), or None."""
    for candidate in (os.path.join(os.path.dirname(path), name), name):
        candidate = os.path.normpath(candidate)
        if os.path.isfile(os.path.join(libdir, candidate)):
            return candidate
    return None


def cycles(graph):
    """The strongly connected components with more than one file (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    sys.setrecursionlimit(10000)
    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def check_edges(graph, what, problems):
    for src in sorted(graph):
        for dst in sorted(graph[src]):
            ls, ld = src.split(os.sep)[0], dst.split(os.sep)[0]
            if ls in RANK and ld in RANK and RANK[ld] > RANK[ls]:
                problems.append(f"{src} {what} {dst}: layer {ls} uses the higher layer {ld}")
    for component in cycles(graph):
        problems.append(f"{what} cycle between: {' '.join(component)}")


def include_graph(libdir, files, problems):
    graph = {}
    for path in files:
        with open(os.path.join(libdir, path), encoding="utf-8") as f:
            text = f.read()
        graph[path] = set()
        for name in INCLUDE.findall(text):
            target = resolve(libdir, path, name)
            if target is not None and target != path:
                graph[path].add(target)
    return graph


def nm_symbols(objs):
    """{object: (defined, undefined)} from one run of nm over every object."""
    out = subprocess.run(["nm", "-A"] + objs, check=True, capture_output=True,
                         text=True).stdout
    table = {obj: (set(), set()) for obj in objs}
    for line in out.splitlines():
        name, _, rest = line.rpartition(".o:")
        name += ".o"
        fields = rest.split()
        if name not in table:
            continue
        if len(fields) == 2 and fields[0] == "U":
            table[name][1].add(fields[1])
        elif len(fields) == 3 and fields[1] in "TDBRGSV":
            table[name][0].add(fields[2])
    return table


def call_graph(objdir, files, problems):
    paths = {}
    for path in files:
        if path.endswith(".c"):
            obj = os.path.join(objdir, path.replace(os.sep, "_") + ".o")
            if not os.path.isfile(obj):
                problems.append(f"{path}: no object file {obj}")
                continue
            paths[obj] = path
    table = nm_symbols(sorted(paths)) if paths else {}
    objects = {paths[obj]: syms for obj, syms in table.items()}
    owner = {}
    for path, (defined, _) in objects.items():
        for sym in defined:
            owner[sym] = path
    graph = {}
    for path, (_, undefined) in objects.items():
        graph[path] = {owner[s] for s in undefined if s in owner and owner[s] != path}
    return graph


def main(argv):
    if len(argv) not in (2, 3):
        print(__doc__, file=sys.stderr)
        return 2
    libdir = argv[1]
    problems = []
    files = sources(libdir)
    if not files:
        problems.append(f"{libdir}: no sources")
    files = [p for p in files if layer_of(p, problems) is not None]
    check_edges(include_graph(libdir, files, problems), "includes", problems)
    if len(argv) == 3:
        check_edges(call_graph(argv[2], files, problems), "calls", problems)
    for p in problems:
        print(p)
    if not problems:
        print(f"{len(files)} files in {len(LAYERS)} layers: no upward use, no cycle")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

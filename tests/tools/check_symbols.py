#!/usr/bin/env python3
"""The shared library exports exactly the functions the public headers declare, each
under the symbol version node lib/redress.map gives it: a stable function (sys/ too)
as the default version (name@@node) of the newest release node that lists it, and as
an older version (name@node) of every earlier release node that lists it (the layout
kept for programs built against that release, docs/abi.md); redress/experimental.h
under REDRESS_EXPERIMENTAL. The stable headers, sys/ apart, keep to at most 100
functions (docs/abi.md)."""
import pathlib
import re
import subprocess
import sys

EXPERIMENTAL_NODE = "REDRESS_EXPERIMENTAL"
STABLE_LIMIT = 100


def header_functions(paths):
    names = set()
    for path in paths:
        text = path.read_text(encoding="utf-8")
        names |= set(re.findall(r"REDRESS_API\s[^;(]*?\b(redress_\w+)\s*\(", text))
    return names


def release_nodes(map_path):
    """name -> the release nodes (REDRESS_<major>.<minor>) listing it, in file order."""
    text = re.sub(r"/\*.*?\*/", "", map_path.read_text(encoding="utf-8"), flags=re.S)
    listed = {}
    for node, body in re.findall(r"(REDRESS_\d+\.\d+)\s*\{(.*?)\}", text, flags=re.S):
        names = re.findall(r"\b(redress_\w+)\s*;", body.split("local:")[0])
        for name in names:
            listed.setdefault(name, []).append(node)
    return listed


def exported_symbols(lib):
    """name -> (default node, set of older nodes)."""
    out = subprocess.run(["nm", "-D", "--defined-only", lib], check=True,
                         capture_output=True, text=True).stdout
    nodes = {}
    for line in out.splitlines():
        parts = line.split()
        # type A marks the version-script node names themselves, not code or data
        if len(parts) >= 3 and parts[1] != "A":
            symbol = parts[2]
            default, older = nodes.get(re.split("@", symbol)[0], ("", set()))
            if "@@" in symbol:
                name, _, default = symbol.partition("@@")
            else:
                name, _, node = symbol.partition("@")
                older = older | {node}
            nodes[name] = (default, older)
    return nodes


def main():
    include, lib = pathlib.Path(sys.argv[1]), sys.argv[2]
    map_path = pathlib.Path(sys.argv[3]) if len(sys.argv) > 3 else \
        include.parent / "lib" / "redress.map"
    module_dir = include / "redress"
    experimental = header_functions([module_dir / "experimental.h"])
    core = header_functions(p for p in module_dir.glob("*.h") if p.name != "experimental.h")
    system = header_functions(module_dir.glob("sys/*.h"))
    listed = release_nodes(map_path)
    expected = {}
    failures = []
    for name in sorted(core | system):
        nodes = listed.get(name)
        if not nodes:
            failures.append(f"{name} is in no release node of {map_path.name}")
            continue
        expected[name] = (nodes[-1], set(nodes[:-1]))
    expected.update({name: (EXPERIMENTAL_NODE, set()) for name in experimental})
    exported = exported_symbols(lib)
    for name in sorted(set(exported) - set(expected)):
        failures.append(f"exported but not in a header: {name}")
    for name in sorted(set(expected) - set(exported)):
        failures.append(f"declared but not exported: {name}")
    for name in sorted(set(expected) & set(exported)):
        (want_default, want_older), (default, older) = expected[name], exported[name]
        if default != want_default:
            failures.append(f"{name} is in node '{default}', expected {want_default}")
        if older != want_older:
            failures.append(f"{name} keeps older versions {sorted(older)}, expected "
                            f"{sorted(want_older)}")
    if len(core) > STABLE_LIMIT:
        failures.append(f"{len(core)} functions in the stable headers (limit {STABLE_LIMIT})")
    for line in failures:
        print(line)
    print(f"{len(core)} stable, {len(system)} sys, {len(experimental)} experimental functions; "
          f"{len(exported)} symbols exported")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

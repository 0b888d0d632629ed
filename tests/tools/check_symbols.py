#!/usr/bin/env python3
"""The shared library exports exactly the functions the public headers declare, each
under its symbol version node: the stable headers (and sys/) under a release node
(the one lib/redress.map lists it in: REDRESS_1.0, or the node of the release that
added it), redress/experimental.h under REDRESS_EXPERIMENTAL. A function whose
struct grew keeps its older symbol in the node it was released in (docs/abi.md): the
map lists it in both, and the newest node is its default. The stable headers, sys/
apart, keep to at most 100 functions (docs/abi.md)."""
import pathlib
import re
import subprocess
import sys

RELEASE_NODES = ("REDRESS_1.0", "REDRESS_1.1")
EXPERIMENTAL_NODE = "REDRESS_EXPERIMENTAL"
STABLE_LIMIT = 100


def map_nodes(path):
    """Each name of the version script with the nodes that list it, in file order."""
    text = re.sub(r"/\*.*?\*/", "", path.read_text(encoding="utf-8"), flags=re.S)
    listed = {}
    for node, body in re.findall(r"(\w[\w.]*)\s*\{\s*global:(.*?)(?:local:.*?)?\}", text, re.S):
        for name in re.findall(r"\b(redress_\w+)\s*;", body):
            listed.setdefault(name, []).append(node)
    return listed


def header_functions(paths):
    names = set()
    for path in paths:
        text = path.read_text(encoding="utf-8")
        names |= set(re.findall(r"REDRESS_API\s[^;(]*?\b(redress_\w+)\s*\(", text))
    return names


def exported_symbols(lib):
    """Each exported name with its default node and its older (non-default) nodes."""
    out = subprocess.run(["nm", "-D", "--defined-only", lib], check=True,
                         capture_output=True, text=True).stdout
    nodes, older = {}, {}
    for line in out.splitlines():
        parts = line.split()
        # type A marks the version-script node names themselves, not code or data
        if len(parts) >= 3 and parts[1] != "A":
            if "@@" in parts[2]:
                name, _, node = parts[2].partition("@@")
                nodes[name] = node
            else:
                name, _, node = parts[2].partition("@")
                older.setdefault(name, []).append(node)
    return nodes, older


def check_companion(header, lib, map_path, core_exported):
    """The companion library's exports against its header and its own version script."""
    failures = []
    text = pathlib.Path(header).read_text(encoding="utf-8")
    declared = set(re.findall(r"REDRESS_SCENARIO_API\s[^;(]*?\b(redress_\w+)\s*\(", text))
    listed = map_nodes(pathlib.Path(map_path))
    exported, older = exported_symbols(lib)
    for name in sorted(declared):
        nodes = listed.get(name, [])
        if len(nodes) != 1:
            failures.append(f"companion: {name} is in {nodes or 'no node'} of {map_path}, expected one")
        elif exported.get(name) != nodes[0]:
            failures.append(f"companion: {name} exported in node {exported.get(name)}, expected {nodes[0]}")
        if name in core_exported:
            failures.append(f"companion: libredress exports {name} too")
    for name in sorted(set(exported) - declared):
        failures.append(f"companion: exported but not in its header: {name}")
    for name in sorted(older):
        failures.append(f"companion: keeps an older symbol of {name}")
    print(f"companion {pathlib.Path(lib).name}: {len(declared)} functions, "
          f"{len(exported)} symbols exported")
    return failures


def main():
    companion = None
    if "--companion" in sys.argv:
        at = sys.argv.index("--companion")
        companion = sys.argv[at + 1:at + 4]
        del sys.argv[at:at + 4]
    include, lib = pathlib.Path(sys.argv[1]), sys.argv[2]
    module_dir = include / "redress"
    experimental = header_functions([module_dir / "experimental.h"])
    core = header_functions(p for p in module_dir.glob("*.h") if p.name != "experimental.h")
    system = header_functions(module_dir.glob("sys/*.h"))
    listed = map_nodes(include.parent / "lib" / "redress.map")
    failures = []
    expected, expected_older = {}, {}
    for name in sorted(core | system | experimental):
        nodes = listed.get(name, [])
        allowed = (EXPERIMENTAL_NODE,) if name in experimental else RELEASE_NODES
        if not nodes:
            failures.append(f"{name} is in no node of lib/redress.map")
            continue
        if any(node not in allowed for node in nodes):
            failures.append(f"{name} is listed in {nodes}, expected one of {allowed}")
        expected[name] = nodes[-1]
        expected_older[name] = nodes[:-1]
    exported, older = exported_symbols(lib)
    for name in sorted(set(exported) - set(expected)):
        failures.append(f"exported but not in a header: {name}")
    for name in sorted(set(expected) - set(exported)):
        failures.append(f"declared but not exported: {name}")
    for name in sorted(set(expected) & set(exported)):
        if exported[name] != expected[name]:
            failures.append(f"{name} is in node '{exported[name]}', expected {expected[name]}")
        if sorted(older.get(name, [])) != sorted(expected_older[name]):
            failures.append(f"{name} keeps older symbols {older.get(name, [])}, "
                            f"expected {expected_older[name]}")
    if companion is not None:
        failures += check_companion(companion[0], companion[1], companion[2], exported)
    if len(core) > STABLE_LIMIT:
        failures.append(f"{len(core)} functions in the stable headers (limit {STABLE_LIMIT})")
    for line in failures:
        print(line)
    print(f"{len(core)} stable, {len(system)} sys, {len(experimental)} experimental functions; "
          f"{len(exported)} symbols exported")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

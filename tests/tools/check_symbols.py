#!/usr/bin/env python3
"""The shared library exports exactly the functions the public headers declare, each
under its symbol version node: the stable headers (and sys/) under the release node,
redress/experimental.h under REDRESS_EXPERIMENTAL. The stable headers, sys/ apart,
keep to at most 100 functions (docs/abi.md)."""
import pathlib
import re
import subprocess
import sys

STABLE_NODE = "REDRESS_1.0"
EXPERIMENTAL_NODE = "REDRESS_EXPERIMENTAL"
STABLE_LIMIT = 100


def header_functions(paths):
    names = set()
    for path in paths:
        text = path.read_text(encoding="utf-8")
        names |= set(re.findall(r"REDRESS_API\s[^;(]*?\b(redress_\w+)\s*\(", text))
    return names


def exported_symbols(lib):
    out = subprocess.run(["nm", "-D", "--defined-only", lib], check=True,
                         capture_output=True, text=True).stdout
    nodes = {}
    for line in out.splitlines():
        parts = line.split()
        # type A marks the version-script node names themselves, not code or data
        if len(parts) >= 3 and parts[1] != "A":
            name, _, node = parts[2].partition("@@")
            nodes[name.split("@")[0]] = node
    return nodes


def main():
    include, lib = pathlib.Path(sys.argv[1]), sys.argv[2]
    module_dir = include / "redress"
    experimental = header_functions([module_dir / "experimental.h"])
    core = header_functions(p for p in module_dir.glob("*.h") if p.name != "experimental.h")
    system = header_functions(module_dir.glob("sys/*.h"))
    expected = {name: STABLE_NODE for name in core | system}
    expected.update({name: EXPERIMENTAL_NODE for name in experimental})
    exported = exported_symbols(lib)
    failures = []
    for name in sorted(set(exported) - set(expected)):
        failures.append(f"exported but not in a header: {name}")
    for name in sorted(set(expected) - set(exported)):
        failures.append(f"declared but not exported: {name}")
    for name in sorted(set(expected) & set(exported)):
        if exported[name] != expected[name]:
            failures.append(f"{name} is in node '{exported[name]}', expected {expected[name]}")
    if len(core) > STABLE_LIMIT:
        failures.append(f"{len(core)} functions in the stable headers (limit {STABLE_LIMIT})")
    for line in failures:
        print(line)
    print(f"{len(core)} stable, {len(system)} sys, {len(experimental)} experimental functions; "
          f"{len(exported)} symbols exported")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

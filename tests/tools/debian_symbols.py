#!/usr/bin/env python3
"""Writes debian/libredress1.symbols from lib/redress.map, or checks that it is fresh.

The Debian symbols file tells dpkg-shlibdeps the oldest libredress1 a program needs,
symbol by symbol: each name@node of the version script, with the version of the
release that added the node. A node is named after its release (REDRESS_1.1 was
added in 1.1.0); a node whose release is later than the project's version (work not
yet released) is given the project's version, which is the oldest package that has
it. REDRESS_EXPERIMENTAL (redress/experimental.h, outside the ABI promise) gets the
project's version too, so a program that calls it needs at least the release it was
built against, and is tagged (optional): such a call may go away in a later release.

  debian_symbols.py MAP VERSION            print the symbols file
  debian_symbols.py MAP VERSION --check F  exit 1 (with a diff) if F is not that text

The package build checks the file against the built library itself
(DPKG_GENSYMBOLS_CHECK_LEVEL=4 in debian/rules: any difference fails)."""
import difflib
import pathlib
import re
import sys

SONAME = "libredress.so.1"
PACKAGE = "libredress1"
DEV_PACKAGE = "libredress-dev"
EXPERIMENTAL_NODE = "REDRESS_EXPERIMENTAL"


def map_entries(text):
    """(node, name) for every name the version script lists, nodes in file order."""
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    entries = []
    for node, body in re.findall(r"(\w[\w.]*)\s*\{\s*global:(.*?)(?:local:.*?)?\}", text, re.S):
        entries.append((node, None))  # the node's own version definition symbol
        entries.extend((node, name) for name in re.findall(r"\b(redress_\w+)\s*;", body))
    return entries


def version_key(version):
    return tuple(int(part) for part in version.split("."))


def node_version(node, project_version):
    """The package version that first has the node's symbols."""
    if node == EXPERIMENTAL_NODE:
        return project_version
    m = re.fullmatch(r"REDRESS_(\d+)\.(\d+)", node)
    if not m:
        raise SystemExit(f"debian_symbols: a node not named REDRESS_X.Y: {node}")
    released = f"{m.group(1)}.{m.group(2)}.0"
    return min(released, project_version, key=version_key)


def symbols_text(map_text, project_version):
    lines = [f"# Written by tests/tools/debian_symbols.py from lib/redress.map; do not edit.",
             f"{SONAME} {PACKAGE} #MINVER#",
             f"* Build-Depends-Package: {DEV_PACKAGE}"]
    entries = sorted(map_entries(map_text), key=lambda e: (e[1] or e[0], e[0]))
    for node, name in entries:
        tag = "(optional)" if node == EXPERIMENTAL_NODE else ""
        lines.append(f" {tag}{name or node}@{node} {node_version(node, project_version)}")
    return "\n".join(lines) + "\n"


def main(argv):
    if len(argv) not in (3, 5) or (len(argv) == 5 and argv[3] != "--check"):
        print(__doc__, file=sys.stderr)
        return 2
    want = symbols_text(pathlib.Path(argv[1]).read_text(encoding="utf-8"), argv[2])
    if len(argv) == 3:
        sys.stdout.write(want)
        return 0
    path = pathlib.Path(argv[4])
    have = path.read_text(encoding="utf-8") if path.exists() else ""
    if have == want:
        print(f"{path}: fresh ({want.count(chr(10)) - 3} symbols)")
        return 0
    sys.stdout.writelines(difflib.unified_diff(have.splitlines(True), want.splitlines(True),
                                               str(path), "from lib/redress.map"))
    print(f"{path} is stale: regenerate it with\n  python3 tests/tools/debian_symbols.py "
          f"lib/redress.map {argv[2]} > {path}")
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))

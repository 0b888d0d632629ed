#!/usr/bin/env python3
"""The shared library exports exactly the functions the public header declares."""
import re
import subprocess
import sys


def header_functions(path):
    text = open(path, encoding="utf-8").read()
    return set(re.findall(r"REDRESS_API\s[^;(]*?\b(redress_\w+)\s*\(", text))


def exported_symbols(lib):
    out = subprocess.run(["nm", "-D", "--defined-only", lib], check=True,
                         capture_output=True, text=True).stdout
    names = set()
    for line in out.splitlines():
        parts = line.split()
        # type A marks the version-script node names (REDRESS_0), not code or data
        if len(parts) >= 3 and parts[1] != "A":
            names.add(parts[2].split("@")[0])
    return names


def main():
    header, lib = sys.argv[1], sys.argv[2]
    declared = header_functions(header)
    exported = exported_symbols(lib)
    stray = sorted(exported - declared)
    missing = sorted(declared - exported)
    for name in stray:
        print(f"exported but not in the header: {name}")
    for name in missing:
        print(f"declared but not exported: {name}")
    print(f"{len(declared)} functions declared, {len(exported)} symbols exported")
    return 1 if stray or missing else 0


if __name__ == "__main__":
    sys.exit(main())

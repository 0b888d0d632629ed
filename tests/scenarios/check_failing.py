#!/usr/bin/env python3
"""Negative scenarios: each file of tests/scenarios/failing must make `redress-desk test`
fail (exit status 1) with the report lines its `#! ` comments give (each a substring of
one line of the report).

  check_failing.py REDRESS_DESK FILE...
"""
import subprocess
import sys


def main():
    desk, files = sys.argv[1], sys.argv[2:]
    problems = []
    for path in files:
        before = len(problems)
        with open(path, encoding="utf-8", errors="replace") as f:  # nul-byte.scenario holds 0xFF
            wanted = [line[3:].rstrip("\n") for line in f if line.startswith("#! ")]
        if not wanted:
            problems.append(f"{path}: no '#! ' line says what the report must hold")
        run = subprocess.run([desk, "test", path], capture_output=True, text=True, check=False)
        if run.returncode != 1:
            problems.append(f"{path}: exit status {run.returncode}, expected 1\n{run.stdout}{run.stderr}")
        lines = run.stdout.splitlines()
        for want in wanted:
            if not any(want in line for line in lines):
                problems.append(f"{path}: the report lacks {want!r}; it was:\n{run.stdout}")
        print(f"{'ok' if len(problems) == before else 'not ok'} {path}")
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""`redress-desk test` and the Python helper (redress.scenario) give the same results:
for each format the CLI's report and the helper's are the same text, the CLI fails
exactly when a scenario did not pass, and each file's outcome agrees.

  compare_cli_python.py REDRESS_DESK FILE...
(with REDRESS_LIBRARY, REDRESS_SCENARIO_LIBRARY and PYTHONPATH set, as meson does)
"""
import subprocess
import sys

from redress import scenario


def main():
    desk, files = sys.argv[1], sys.argv[2:]
    problems = []
    results = scenario.run_all(files)
    for fmt in ("text", "tap", "junit"):
        cli = subprocess.run([desk, "test", "--format", fmt] + files, capture_output=True,
                             text=True, check=False)
        if cli.stdout != scenario.report(results, fmt):
            problems.append(f"--format {fmt}: the CLI's report differs from the helper's")
        want = 0 if all(r.passed for r in results) else 1
        if cli.returncode != want:
            problems.append(f"--format {fmt}: exit status {cli.returncode}, expected {want}")
    for path, result in zip(files, results):
        one = subprocess.run([desk, "test", path], capture_output=True, text=True, check=False)
        if (one.returncode == 0) != result.passed:
            problems.append(f"{path}: CLI exit {one.returncode}, helper {result.outcome}")
        print(f"{path}: {result.outcome}, {len(result.checks)} checks")
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""The scenario README.md shows (its first ```text block after "## Business rules as
tests") passes, with the zone files of tests/data.

  readme_scenario.py REDRESS_DESK README.md ZONEINFO_DIR
"""
import os
import re
import subprocess
import sys
import tempfile


def main():
    desk, readme, zones = sys.argv[1:4]
    text = open(readme, encoding="utf-8").read()
    section = text[text.index("## Business rules as tests"):]
    scenario = re.search(r"```text\n(.*?)```", section, re.S).group(1)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "readme.scenario")
        with open(path, "w", encoding="utf-8") as f:
            f.write(scenario)
        run = subprocess.run([desk, "test", "--zoneinfo", zones, path], check=False)
    return run.returncode


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Writes the first ```c block of README.md to a file, so the README's example is tested."""
import re
import sys

text = open(sys.argv[1], encoding="utf-8").read()
match = re.search(r"```c\n(.*?)```", text, re.S)
if match is None:
    sys.exit("README.md has no ```c block")
open(sys.argv[2], "w", encoding="utf-8").write(match.group(1))

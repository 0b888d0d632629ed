#!/usr/bin/env python3
"""The ABI guard of libredress (docs/abi.md).

check: compare a freshly built shared library with the committed baseline
  check_abi.py check LIBRARY INCLUDE_DIR BASELINE_DIR SONAME [--no-debug-info]
- libabigail's abidiff compares the library with BASELINE_DIR/SONAME.abi, only
  public types counting (the include directory, with redress/ and redress/sys/, is
  given as --headers-dir1/2);
- the enumerators of every public header are compared with BASELINE_DIR/SONAME.enums, since
  enums that travel as `int` are invisible to abidiff.
Added functions and enumerators pass (they are listed); anything else that changed
fails. Exit 0 pass, 1 fail, 77 skip (abidiff absent, no debug info, other arch).

update: rewrite the baseline from a build directory, on purpose
  check_abi.py update BUILD_DIR      (what tests/abi/update-baseline.sh runs)
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

SKIP = 77
HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_ROOT = os.path.dirname(os.path.dirname(HERE))

# abidiff's exit status is a bit field (libabigail manual, "abidiff", return values).
ABIDIFF_ERROR = 1
ABIDIFF_USAGE_ERROR = 2
ABIDIFF_ABI_CHANGE = 4
ABIDIFF_ABI_INCOMPATIBLE_CHANGE = 8

# abidw flags of the baseline: public types only, no absolute paths, and short
# locations (abidiff needs a type's header name to tell public from private).
ABIDW_FLAGS = ["--drop-private-types", "--no-corpus-path", "--no-comp-dir-path",
               "--short-locs"]

# ELF (e_machine, EI_CLASS) to libabigail's architecture names.
ARCHITECTURES = {(62, 2): "elf-amd-x86_64", (183, 2): "elf-arm-aarch64",
                 (3, 1): "elf-intel-80386"}


def fail(message):
    print(f"check_abi: {message}", file=sys.stderr)
    return 1


# ---- enumerators -------------------------------------------------------------

def public_headers(include_dir):
    """Every public header under the include directory, in a stable order."""
    found = []
    for root, _, files in os.walk(include_dir):
        found += [os.path.join(root, f) for f in files if f.endswith(".h")]
    return sorted(found)


def header_enumerators(include_dir):
    """{name: (enum, value)} of every enumerator of the public headers; raises
    ValueError on one without an explicit value (the headers promise explicit values)."""
    text = "\n".join(open(p, encoding="utf-8").read() for p in public_headers(include_dir))
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    text = re.sub(r"//[^\n]*", " ", text)
    found = {}
    for enum, body in re.findall(r"typedef\s+enum\s+(\w+)\s*\{(.*?)\}", text, flags=re.S):
        for item in filter(None, (part.strip() for part in body.split(","))):
            name, sep, value = (s.strip() for s in item.partition("="))
            if not sep:
                raise ValueError(f"{enum}: {name} has no explicit value")
            try:
                found[name] = (enum, int(value, 0))
            except ValueError:
                raise ValueError(f"{enum}: {name} = {value} is not a plain integer") from None
    return found


def read_enumerators(path):
    found = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip() and not line.startswith("#"):
                enum, name, value = line.split()
                found[name] = (enum, int(value))
    return found


def write_enumerators(path, enumerators):
    with open(path, "w", encoding="utf-8") as f:
        f.write("# Enumerators of the public headers (include/): enum name value. Written by\n"
                "# tests/abi/update-baseline.sh; never edit by hand (docs/abi.md).\n")
        for name, (enum, value) in sorted(enumerators.items(), key=lambda i: (i[1][0], i[1][1], i[0])):
            f.write(f"{enum} {name} {value}\n")


def compare_enumerators(baseline, current):
    problems = []
    for name, (enum, value) in sorted(baseline.items()):
        if name not in current:
            problems.append(f"enumerator {name} ({enum} = {value}) was removed")
        elif current[name] != (enum, value):
            problems.append(f"enumerator {name} changed from {enum} = {value} to "
                            f"{current[name][0]} = {current[name][1]}")
    added = sorted(set(current) - set(baseline))
    return problems, added


# ---- the library ---------------------------------------------------------------

def elf_architecture(path):
    with open(path, "rb") as f:
        ident = f.read(20)
    if ident[:4] != b"\x7fELF":
        return None
    order = "little" if ident[5] == 1 else "big"
    return ARCHITECTURES.get((int.from_bytes(ident[18:20], order), ident[4]))


def baseline_architecture(path):
    with open(path, encoding="utf-8") as f:
        match = re.search(r"architecture='([^']*)'", f.readline())
    return match.group(1) if match else None


def run_abidiff(headers, baseline, library, extra):
    cmd = ["abidiff", "--headers-dir1", headers, "--headers-dir2", headers] + extra + \
          [baseline, library]
    done = subprocess.run(cmd, capture_output=True, text=True)
    return done.returncode, done.stdout + done.stderr, cmd


def check(library, include_dir, baseline_dir, soname, has_debug_info):
    if shutil.which("abidiff") is None:
        print("SKIP: abidiff is not installed (Debian: apt-get install abigail-tools)")
        return SKIP
    if not has_debug_info:
        print("SKIP: the library is built without debug info (-g); abidiff needs it "
              "to see types (use buildtype=debug or debugoptimized)")
        return SKIP
    baseline = os.path.join(baseline_dir, soname + ".abi")
    enums_baseline = os.path.join(baseline_dir, soname + ".enums")
    if not os.path.exists(baseline) or not os.path.exists(enums_baseline):
        return fail(f"no baseline {soname}.abi/.enums in {baseline_dir}: a new soversion "
                    "needs one (sh tests/abi/update-baseline.sh BUILD_DIR, docs/abi.md)")
    arch, base_arch = elf_architecture(library), baseline_architecture(baseline)
    if arch != base_arch:
        print(f"SKIP: the baseline describes {base_arch}, this library is "
              f"{arch or 'another architecture'}")
        return SKIP

    headers = os.path.abspath(include_dir)
    # Full report first (additions included), for the log.
    _, report, cmd = run_abidiff(headers, baseline, library, [])
    print("$ " + " ".join(cmd))
    print(report)
    # The verdict ignores added symbols: anything left is a change to what exists.
    status, verdict, cmd = run_abidiff(headers, baseline, library, ["--no-added-syms"])
    problems = []
    if status & (ABIDIFF_ERROR | ABIDIFF_USAGE_ERROR):
        problems.append(f"abidiff failed (exit status {status}):\n{verdict}")
    elif status & ABIDIFF_ABI_INCOMPATIBLE_CHANGE:
        problems.append(f"incompatible ABI change (abidiff bit 8, exit status {status})")
    elif status & ABIDIFF_ABI_CHANGE:
        problems.append(f"an existing function or public type changed (abidiff bit 4 with "
                        f"--no-added-syms, exit status {status})")

    try:
        enum_problems, added = compare_enumerators(read_enumerators(enums_baseline),
                                                   header_enumerators(include_dir))
    except ValueError as e:
        enum_problems, added = [str(e)], []
    problems += enum_problems
    for name in added:
        print(f"added enumerator: {name}")

    if problems:
        for p in problems:
            print(f"ABI: {p}", file=sys.stderr)
        print("If the change is intended, read docs/abi.md: either it is compatible and the "
              "baseline is regenerated on purpose (sh tests/abi/update-baseline.sh BUILD_DIR), "
              "or the soversion is bumped.", file=sys.stderr)
        return 1
    print(f"ABI of {os.path.basename(library)} matches {soname}.abi and {soname}.enums")
    return 0


# ---- update ----------------------------------------------------------------------

def shared_library_of(build_dir):
    out = subprocess.run(["meson", "introspect", build_dir, "--targets"], check=True,
                         capture_output=True, text=True).stdout
    for target in json.loads(out):
        if target["name"] == "redress" and target["type"] == "shared library":
            return target["filename"][0]
    raise SystemExit(fail(f"{build_dir} builds no shared libredress "
                          "(default_library must be shared or both)"))


def update(build_dir):
    if shutil.which("abidw") is None:
        return fail("abidw is not installed (Debian: apt-get install abigail-tools)")
    library = shared_library_of(build_dir)
    include_dir = os.path.join(SOURCE_ROOT, "include")
    with tempfile.TemporaryDirectory() as tmp:
        scratch = os.path.join(tmp, "out.abi")
        subprocess.run(["abidw", "--headers-dir", include_dir] + ABIDW_FLAGS +
                       ["--out-file", scratch, library], check=True)
        text = open(scratch, encoding="utf-8").read()
    if "<abi-instr" not in text:
        return fail(f"{library} has no debug info: build it with -g "
                    "(buildtype=debugoptimized, the project's default)")
    soname = re.search(r"soname='([^']+)'", text).group(1)
    abi_path = os.path.join(HERE, soname + ".abi")
    enums_path = os.path.join(HERE, soname + ".enums")
    with open(abi_path, "w", encoding="utf-8") as f:
        f.write(text)
    enumerators = header_enumerators(include_dir)
    write_enumerators(enums_path, enumerators)
    functions = len(re.findall(r"<elf-symbol name='redress_", text))
    print(f"wrote {os.path.relpath(abi_path, SOURCE_ROOT)} ({functions} functions) and "
          f"{os.path.relpath(enums_path, SOURCE_ROOT)} ({len(enumerators)} enumerators) "
          f"from {library}")
    return 0


def main(argv):
    if len(argv) >= 2 and argv[1] == "update" and len(argv) == 3:
        return update(argv[2])
    if len(argv) >= 6 and argv[1] == "check":
        return check(argv[2], argv[3], argv[4], argv[5], "--no-debug-info" not in argv[6:])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))

#!/bin/sh
# libredress as a meson subproject gives its parent the library and nothing else.
# The parent in tests/consumers/subproject gets this tree as the release tarball its
# wrap names (subprojects/packagefiles/, the tracked files of the tree as they are
# now), builds consumer.c against dependency('redress'), and must see: one target
# of the subproject (the library), none of its tests, and an install of the library
# and its headers only (no redress-desk, no redress.pc, no CMake files).
# Then the standalone project configures without cmocka and says it skips the suites.
#
#   check_subproject.sh SOURCE_ROOT
#
# Exit 0 pass, 1 fail, 77 skip (no tar, xz or git).
set -eu
root=$(cd "$1" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
for tool in tar xz git; do
  command -v "$tool" >/dev/null 2>&1 || { echo "SKIP: $tool not installed"; exit 77; }
done

work=$(mktemp -d "${TMPDIR:-/tmp}/redress-subproject.XXXXXX")
trap 'rm -rf "$work"' EXIT
parent=$work/parent
cp -R "$here/subproject" "$parent"
cp "$here/consumer.c" "$parent/"

wrap=$parent/subprojects/redress.wrap
dir=$(sed -n 's/^directory *= *//p' "$wrap")
tarball=$(sed -n 's/^source_filename *= *//p' "$wrap")
version=$(sed -n "s/^ *version: '\([^']*\)',\$/\1/p" "$root/meson.build" | head -n 1)
[ "$dir" = "redress-$version" ] ||
  { echo "FAIL: $wrap names $dir, but the project is version $version"; exit 1; }

# The release tarball as `meson dist` would make it: the tree's files (tracked, and
# new ones not ignored), as they are in the working tree.
mkdir -p "$parent/subprojects/packagefiles" "$work/src/$dir"
(cd "$root" && git ls-files -z --cached --others --exclude-standard |
   xargs -0 sh -c 'for f; do [ -f "$f" ] && printf "%s\n" "$f"; done' sh) > "$work/files"
(cd "$root" && tar -cf - -T "$work/files") | tar -xf - -C "$work/src/$dir"
tar -C "$work/src" -cJf "$parent/subprojects/packagefiles/$tarball" "$dir"

build=$work/build
meson setup "$build" "$parent" > "$work/setup.log" 2>&1 ||
  { cat "$work/setup.log"; echo "FAIL: the parent does not configure"; exit 1; }
grep -q 'libredress as a subproject' "$work/setup.log" ||
  { cat "$work/setup.log"; echo "FAIL: the subproject did not say it builds the library only"; exit 1; }

# What the parent's build holds: its own program and test, and the library.
meson introspect "$build" --targets > "$work/targets.json"
meson introspect "$build" --tests > "$work/tests.json"
python3 - "$work/targets.json" "$work/tests.json" <<'EOF'
import json, sys
targets = json.load(open(sys.argv[1]))
tests = json.load(open(sys.argv[2]))
ours = sorted(t["name"] for t in targets if t.get("subproject") == "redress")
theirs = sorted(t["name"] for t in targets if not t.get("subproject"))
print(f"targets from the subproject: {ours}; the parent's own: {theirs}")
print(f"tests: {sorted(t['name'] for t in tests)}")
if ours != ["redress"]:
    sys.exit("FAIL: the subproject adds more than the library")
if sorted(t["name"] for t in tests) != ["parent"]:
    sys.exit("FAIL: the subproject adds tests to the parent")
EOF

meson compile -C "$build" > "$work/build.log" 2>&1 ||
  { cat "$work/build.log"; echo "FAIL: the parent does not build"; exit 1; }
meson test -C "$build" --print-errorlogs > "$work/test.log" 2>&1 ||
  { cat "$work/test.log"; echo "FAIL: the parent's program failed"; exit 1; }

dest=$work/dest
meson install -C "$build" --destdir "$dest" --no-rebuild --quiet
installed=$(cd "$dest" && find . \( -type f -o -type l \) | sed 's,^\./,/,' | sort)
echo "installed:"; printf '  %s\n' $installed
unexpected=$(printf '%s\n' "$installed" |
  grep -v -e '/bin/parent$' -e '/libredress\.so[.0-9]*$' -e '/include/redress\.h$' \
          -e '/include/redress/[a-z_]*\.h$' -e '/include/redress/sys/store\.h$' || true)
[ -z "$unexpected" ] || { echo "FAIL: the subproject installs more than the library:"; \
                          printf '  %s\n' $unexpected; exit 1; }
printf '%s\n' "$installed" | grep -q '/libredress\.so\.[0-9]*$' ||
  { echo "FAIL: the library was not installed with the parent"; exit 1; }

# Standalone without cmocka (pkg-config and CMake see none): configure passes, says
# so, and registers no cmocka suite.
alone=$work/alone
printf "[binaries]\ncmake = 'false'\n" > "$work/no-cmake.ini"
PKG_CONFIG_LIBDIR=$work/none \
  meson setup "$alone" "$work/src/$dir" -Dexamples=false -Dsanitized_tests=false \
    --native-file "$work/no-cmake.ini" > "$work/alone.log" 2>&1 ||
  { cat "$work/alone.log"; echo "FAIL: configure fails without cmocka"; exit 1; }
if grep -q 'Run-time dependency cmocka found: YES' "$work/alone.log"; then
  echo "note: cmocka still found (outside pkg-config and CMake); absence not checked"
else
  grep -q 'cmocka not found: the C test suites are skipped' "$work/alone.log" ||
    { cat "$work/alone.log"; echo "FAIL: no word that the suites are skipped"; exit 1; }
  meson introspect "$alone" --tests | python3 -c '
import json, sys
names = [t["name"] for t in json.load(sys.stdin)]
assert "calendar" not in names and "store" not in names, names
print(f"without cmocka: {len(names)} tests remain, no cmocka suite")'
fi
echo "PASS: the parent got only the library (and its headers)"

#!/bin/sh
# The Debian packages, built and used as a user gets them (docs/packaging.md):
#  1. dpkg-buildpackage -us -uc -b in a copy of the tree (so nothing is written beside
#     the checkout); the package build runs the plain suite (DEB_BUILD_OPTIONS=nocheck
#     skips it);
#  2. lintian on the result: any error or warning fails (the overrides in debian/ say
#     why each remaining tag is there);
#  3. apt-get install ./*.deb, then the consumers of tests/consumers built against the
#     installed packages only: pkg-config, CMake find_package(redress), the static
#     library; redress-desk and python3's `import redress` run with no path set;
#  4. the packages are purged again (KEEP_PACKAGES=1 keeps them; OUT=DIR keeps the .debs).
# DEBS=DIR takes the .debs (and .changes) built before from DIR instead of step 1.
#
#   sh tests/packages.sh          (as root on Debian 12 or later; CI runs it)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
[ "$(id -u)" -eq 0 ] || { echo "packages.sh: run as root (it installs packages)" >&2; exit 1; }

tools="dpkg-dev debhelper dh-python lintian build-essential fakeroot libcmocka-dev libsqlite3-dev
  meson ninja-build pkg-config python3 cmake"
missing=""
for p in $tools; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $missing
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/redress-packages.XXXXXX")
packages="libredress1 libredress-scenario1 libredress-dev redress-desk python3-redress"
installed_before=""
for p in $packages; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" &&
    installed_before="$installed_before $p"
done
cleanup() {
  if [ -z "${KEEP_PACKAGES:-}" ] && [ -z "$installed_before" ]; then
    DEBIAN_FRONTEND=noninteractive apt-get purge -y -q $packages > /dev/null 2>&1 || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# 1. The tree's files (tracked, and new ones not ignored) in a directory of their own.
src=$work/redress
mkdir -p "$src"
(cd "$root" && git ls-files -z --cached --others --exclude-standard |
   xargs -0 sh -c 'for f; do [ -f "$f" ] && printf "%s\n" "$f"; done' sh) > "$work/files"
(cd "$root" && tar -cf - -T "$work/files") | tar -xf - -C "$src"
if [ -n "${DEBS:-}" ]; then
  cp "$DEBS"/*.deb "$DEBS"/*.changes "$DEBS"/*.buildinfo "$work/"
else
  start=$(date +%s)
  (cd "$src" && dpkg-buildpackage -us -uc -b) > "$work/build.log" 2>&1 ||
    { tail -n 80 "$work/build.log"; echo "FAIL: dpkg-buildpackage"; exit 1; }
  echo "dpkg-buildpackage: $(( $(date +%s) - start )) s"
  grep -E '^(Ok|Expected Fail|Fail|Skipped|Timeout):' "$work/build.log" || true
fi
ls "$work"/*.deb
if [ -n "${OUT:-}" ]; then
  mkdir -p "$OUT" && cp "$work"/*.deb "$work"/*.changes "$work"/*.buildinfo "$OUT/"
fi

# 2. lintian, as Debian's archive would run it.
lintian --info --display-info --fail-on error,warning "$work"/*.changes > "$work/lintian.log" 2>&1 ||
  { cat "$work/lintian.log"; echo "FAIL: lintian"; exit 1; }
echo "lintian (errors, warnings and info):"; sed 's/^/  /' "$work/lintian.log"

# 3. Installed, and used.
DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$work"/*.deb > "$work/install.log" 2>&1 ||
  { cat "$work/install.log"; echo "FAIL: apt-get install"; exit 1; }
version=$(dpkg-query -W -f='${Version}' libredress-dev)
multiarch=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
cd "$work"
flags=$(pkg-config --cflags --libs redress)
echo "pkg-config --cflags --libs redress: $flags"
# shellcheck disable=SC2086 # the flags are words on purpose
cc -std=c99 -Wall -Wextra -Werror -o consumer-pkg-config "$root/tests/consumers/consumer.c" $flags
./consumer-pkg-config
# (/lib is /usr/lib on a merged-/usr system: either path is the package's file)
ldd consumer-pkg-config | grep -Eq "libredress.so.1 => (/usr)?/lib/$multiarch/libredress.so.1 " ||
  { ldd consumer-pkg-config; echo "FAIL: not linked to the packaged libredress.so.1"; exit 1; }

# The static library: the archive and what pkg-config --static adds.
# shellcheck disable=SC2046
cc -std=c99 -Wall -Wextra -Werror -o consumer-static "$root/tests/consumers/consumer.c" \
  $(pkg-config --cflags redress) "/usr/lib/$multiarch/libredress.a" \
  $(pkg-config --libs-only-other --libs-only-l --static redress | sed 's/-lredress//')
./consumer-static
if ldd consumer-static | grep -q libredress; then
  echo "FAIL: the static consumer loads libredress"; exit 1
fi

cmake -S "$root/tests/consumers" -B cmake-build -DREDRESS_EXPECTED_VERSION="${version%%-*}" \
  > cmake.log 2>&1 || { cat cmake.log; echo "FAIL: cmake configure"; exit 1; }
grep -q "from /usr/lib/$multiarch/cmake/redress" cmake.log ||
  { cat cmake.log; echo "FAIL: CMake did not find the packaged redress"; exit 1; }
cmake --build cmake-build > cmake-build.log 2>&1 || { cat cmake-build.log; echo "FAIL: cmake build"; exit 1; }
./cmake-build/consumer

redress-desk --help > desk-help.txt
HOME=$work redress-desk --db "$work/desk.db" demo --quiet --svg "$work/demo.svg" > desk-demo.txt
[ -s "$work/demo.svg" ] || { echo "FAIL: redress-desk demo wrote no chart"; exit 1; }
if [ -e /usr/share/man/man1/redress-desk.1.gz ]; then
  man -l /usr/share/man/man1/redress-desk.1.gz > /dev/null 2>&1 || echo "note: man could not format the page"
  echo "redress-desk.1 installed"
fi
# Debian's interpreter (python3-redress is for it), not another python3 on PATH.
(cd / && env -u REDRESS_LIBRARY -u LD_LIBRARY_PATH -u PYTHONPATH /usr/bin/python3 -c '
import redress
print("python3: import redress from", redress.__file__, "with libredress", redress.version())')
echo "PASS: packages built, lintian clean, consumers built and ran against the installed packages"

#!/bin/sh
# Programs build and run against an installed copy of libredress, found the two usual
# ways: pkg-config and CMake's find_package(redress) with the target redress::redress.
# The build is installed into a temporary DESTDIR; nothing outside it is touched.
#
#   check_consumers.sh BUILD_DIR PREFIX VERSION
#
# CC names the C compiler (default cc); CFLAGS, flags for both builds (a sanitizer). Exit 0 pass, 1 fail, 77 skip (a tool is absent).
set -eu
build=$1 prefix=$2 version=$3
here=$(cd "$(dirname "$0")" && pwd)
cc=${CC:-cc}

work=$(mktemp -d "${TMPDIR:-/tmp}/redress-consumers.XXXXXX")
trap 'rm -rf "$work"' EXIT
dest=$work/dest
meson install -C "$build" --destdir "$dest" --no-rebuild --quiet

library=$(find "$dest" -name 'libredress.so.*' -type f | head -n 1)
[ -n "$library" ] || { echo "FAIL: no shared libredress was installed under $dest"; exit 1; }
libdir=$(dirname "$library")
skipped=""

if command -v pkg-config >/dev/null 2>&1; then
  # Only the installed redress.pc is visible, and its paths point into DESTDIR.
  flags=$(PKG_CONFIG_LIBDIR="$libdir/pkgconfig" PKG_CONFIG_PATH="" \
          PKG_CONFIG_SYSROOT_DIR="$dest" pkg-config --cflags --libs redress)
  echo "pkg-config --cflags --libs redress: $flags"
  # shellcheck disable=SC2086 # the flags are words on purpose
  $cc ${CFLAGS:-} -std=c99 -Wall -Wextra -Werror -o "$work/with-pkg-config" "$here/consumer.c" $flags
  LD_LIBRARY_PATH="$libdir" "$work/with-pkg-config"
else
  skipped="$skipped pkg-config"
fi

if command -v cmake >/dev/null 2>&1; then
  cmake -S "$here" -B "$work/cmake-build" -DCMAKE_C_COMPILER="$cc" \
        -DCMAKE_PREFIX_PATH="$dest$prefix" -DREDRESS_EXPECTED_VERSION="$version" \
        > "$work/cmake.log" 2>&1 || { cat "$work/cmake.log"; echo "FAIL: cmake configure"; exit 1; }
  grep "redress $version from" "$work/cmake.log"
  # The package found must be the one just installed, not one elsewhere on the machine.
  grep -q "redress $version from $dest$prefix/" "$work/cmake.log" ||
    { echo "FAIL: CMake found libredress outside $dest$prefix"; exit 1; }
  cmake --build "$work/cmake-build" > "$work/build.log" 2>&1 ||
    { cat "$work/build.log"; echo "FAIL: cmake build"; exit 1; }
  LD_LIBRARY_PATH="$libdir" "$work/cmake-build/consumer"
else
  skipped="$skipped cmake"
fi

if [ -n "$skipped" ]; then
  echo "SKIP: not installed:$skipped (the other consumer, if any, passed)"
  exit 77
fi
echo "both consumers built against $dest$prefix and ran"

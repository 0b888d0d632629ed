#!/bin/sh
# The Windows build, cross-compiled with mingw-w64 (Debian: gcc-mingw-w64-x86-64):
# libredress as a DLL and a static library; the DLL exports exactly the functions of
# lib/redress.map (REDRESS_API is __declspec(dllexport) there); examples/quickstart.c
# links against each, as a program using the import library (dllimport) and as one
# linking the static library (REDRESS_STATIC); and both run under wine (Debian:
# wine64) when it is installed.
#
#   sh tests/windows/cross-build.sh [BUILD_DIR]     (default build-win)
#
# Exit 0 pass, 1 fail, 77 skip (no mingw-w64). Without wine the links are checked
# and the runs are skipped, said on the last line.
set -eu
cd "$(dirname "$0")/../.."
build=${1:-build-win}
host=x86_64-w64-mingw32
cc=$host-gcc

command -v "$cc" >/dev/null 2>&1 ||
  { echo "SKIP: $cc not found (apt-get install gcc-mingw-w64-x86-64)"; exit 77; }

[ -d "$build" ] || meson setup "$build" --cross-file tests/windows/$host.ini \
  -Ddefault_library=both -Dtests=false -Dexamples=false -Ddocs=false
meson compile -C "$build"
dll=$build/lib/libredress-1.dll

# The DLL's exports are the map's functions, no more (no rd_* internals) and no fewer.
exports=$($host-objdump -p "$dll" | sed -n '/Ordinal\/Name Pointer/,/^$/p' |
  sed -n 's/^[[:space:]]*\[ *[0-9]*\] //p' | sort -u)
listed=$(sed 's,/\*.*\*/,,' lib/redress.map | grep -o 'redress_[a-z0-9_]*;' | tr -d ';' | sort -u)
if [ "$exports" != "$listed" ]; then
  echo "FAIL: $dll exports differ from lib/redress.map (< DLL, > map):"
  printf '%s\n' "$exports" > "$build/exports.txt"
  printf '%s\n' "$listed" > "$build/listed.txt"
  diff "$build/exports.txt" "$build/listed.txt" || true
  exit 1
fi
echo "$dll exports the $(printf '%s\n' "$exports" | wc -l) functions of lib/redress.map"
imports=$($host-objdump -p "$dll" | sed -n 's/^[[:space:]]*DLL Name: //p' | tr '\n' ' ')
echo "$dll needs: $imports"

# quickstart as a host builds it: the public headers and the import library, then the
# static library. Warnings are errors, as in every build of the project.
flags="-std=c99 -Wall -Wextra -Werror -Iinclude"
# shellcheck disable=SC2086 # flags are words on purpose
$cc $flags -o "$build/quickstart-dll.exe" examples/quickstart.c -L"$build/lib" -lredress
# shellcheck disable=SC2086
$cc $flags -DREDRESS_STATIC -static-libgcc -o "$build/quickstart-static.exe" \
  examples/quickstart.c "$build/lib/libredress.a" -pthread
$host-objdump -p "$build/quickstart-dll.exe" | grep -q 'DLL Name: libredress-1.dll' ||
  { echo "FAIL: quickstart-dll.exe does not import libredress-1.dll"; exit 1; }
if $host-objdump -p "$build/quickstart-static.exe" | grep -q 'DLL Name: libredress'; then
  echo "FAIL: quickstart-static.exe imports libredress although linked statically"; exit 1
fi
echo "quickstart linked against the DLL and against the static library"

# Debian's wine64 package puts its loader outside PATH (the wine package adds a wrapper).
wine=$(command -v wine64 || command -v wine || true)
[ -n "$wine" ] || [ ! -x /usr/lib/wine/wine64 ] || wine=/usr/lib/wine/wine64
if [ -z "$wine" ]; then
  echo "PASS (built and linked; not run: no wine64, apt-get install wine64 to run them)"
  exit 0
fi
# A throwaway wine prefix; the DLLs are found through WINEPATH: the library's, and
# mingw-w64's libwinpthread-1.dll.
prefix=$(mktemp -d "${TMPDIR:-/tmp}/redress-wine.XXXXXX")
wineserver=$(command -v wineserver || echo /usr/lib/wine/wineserver)
trap 'WINEPREFIX="$prefix" "$wineserver" -k 2>/dev/null || true; rm -rf "$prefix"' EXIT
winpthread=$(dirname "$($cc -print-file-name=libwinpthread-1.dll)")
winepath="Z:$(cd "$build/lib" && pwd | tr / '\\');Z:$(printf '%s' "$winpthread" | tr / '\\')"
for exe in quickstart-dll quickstart-static; do
  WINEPREFIX="$prefix" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml=" WINEPATH="$winepath" \
    "$wine" "$build/$exe.exe" > "$build/$exe.out" 2> "$build/$exe.err" ||
    { cat "$build/$exe.out" "$build/$exe.err"; echo "FAIL: $exe.exe under wine"; exit 1; }
  tr -d '\r' < "$build/$exe.out" > "$build/$exe.txt"
  grep -q 'closed, satisfaction 5/5' "$build/$exe.txt" ||
    { cat "$build/$exe.txt"; echo "FAIL: $exe.exe did not close its complaint"; exit 1; }
done
# The same story from both; only the times (the clock at the run) may differ.
if [ "$(tr -d '0-9' < "$build/quickstart-dll.txt")" != "$(tr -d '0-9' < "$build/quickstart-static.txt")" ]; then
  diff "$build/quickstart-dll.txt" "$build/quickstart-static.txt"; echo "FAIL: outputs differ"; exit 1
fi
echo "PASS (quickstart ran under $("$wine" --version 2>/dev/null || echo wine), DLL and static alike)"

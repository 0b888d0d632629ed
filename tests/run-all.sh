#!/bin/sh
# Sets up a fresh machine and runs every test: the plain suites, then the same suites
# under AddressSanitizer + UndefinedBehaviorSanitizer, then under valgrind.
set -eu
cd "$(dirname "$0")/.."
sh tests/install-deps.sh
[ -d build ] || meson setup build
meson compile -C build
# The API reference: Doxygen fails on any undocumented public symbol.
[ -d build-docs ] || meson setup build-docs -Ddocs=true -Dtests=false -Dexamples=false
meson compile -C build-docs
meson test -C build --print-errorlogs
meson test -C build --setup=asan --print-errorlogs
meson test -C build --setup=valgrind --print-errorlogs

#!/bin/sh
# Sets up a fresh machine and runs every test: the plain suites, then the same suites
# under AddressSanitizer + UndefinedBehaviorSanitizer, then under valgrind.
set -eu
cd "$(dirname "$0")/.."
sh tests/install-deps.sh
[ -d build ] || meson setup build
meson compile -C build
meson test -C build --print-errorlogs
meson test -C build --setup=asan --print-errorlogs
meson test -C build --setup=valgrind --print-errorlogs

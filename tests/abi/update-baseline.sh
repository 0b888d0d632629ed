#!/bin/sh
# Regenerates the ABI baseline (tests/abi/libredress.so.N.abi and .enums) from the
# shared library of a build directory. Run it ON PURPOSE only: after a change that
# docs/abi.md allows (a new function, an enumerator, a member appended to a versioned
# struct with its version bumped), or with a new soversion. Review the diff of the
# baseline before committing it.
#
#   sh tests/abi/update-baseline.sh [BUILD_DIR]     (default: build)
#
# The build must have debug info (-g): buildtype debugoptimized, the default.
set -eu
build=${1:-build}
cd "$(dirname "$0")/../.."
meson compile -C "$build" lib/redress:shared_library
exec python3 tests/abi/check_abi.py update "$build"

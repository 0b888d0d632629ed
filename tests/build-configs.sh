#!/bin/sh
# Builds everything (library, tests, examples) in the configurations a user may try,
# one after another, each in its own build directory, deleted once it passed; a failed
# one is kept for a look. Warnings are errors in every one of them.
#
#   sh tests/build-configs.sh                    # all of them (about an hour on 2 cores)
#   sh tests/build-configs.sh asan-ubsan clang-lto   # some (CI: see .ci/run)
#
# A configuration marked "test" below also runs its default test setup (the plain
# suites), under its own sanitizer where it has one. BUILD_CONFIGS_TEST=yes runs the
# tests of every configuration, BUILD_CONFIGS_TEST=no of none (builds only).
set -eu
cd "$(dirname "$0")/.."
sh tests/install-deps.sh

all="debug debugoptimized release minsize gcc-lto clang clang-lto asan-ubsan tsan"

# NAME -> compiler, whether its tests run, meson options.
config() {
  case $1 in
    debug) echo "gcc - --buildtype=debug" ;;
    debugoptimized) echo "gcc - --buildtype=debugoptimized" ;;
    release) echo "gcc - --buildtype=release" ;;
    minsize) echo "gcc - --buildtype=minsize" ;;
    gcc-lto) echo "gcc - --buildtype=release -Db_lto=true" ;;
    clang) echo "clang test --buildtype=debugoptimized" ;;
    clang-lto) echo "clang - --buildtype=release -Db_lto=true" ;;
    asan-ubsan) echo "gcc test -Db_sanitize=address,undefined" ;;
    tsan) echo "gcc test -Db_sanitize=thread" ;;
    *) echo "build-configs: unknown configuration $1 (known: $all)" >&2; return 1 ;;
  esac
}

failed=""
for name in ${*:-$all}; do
  spec=$(config "$name")
  set -- $spec
  compiler=$1 run_tests=$2
  shift 2
  case ${BUILD_CONFIGS_TEST:-} in
    yes) run_tests=test ;;
    no) run_tests=- ;;
  esac
  dir=build-config-$name
  rm -rf "$dir"
  started=$(date +%s)
  echo "== $name: CC=$compiler meson setup $* -Dexamples=true -Dtests=true"
  if CC=$compiler meson setup "$dir" "$@" -Dexamples=true -Dtests=true >"$dir.log" 2>&1 &&
     meson compile -C "$dir" >>"$dir.log" 2>&1 &&
     { [ "$run_tests" != test ] || meson test -C "$dir" --print-errorlogs >>"$dir.log" 2>&1; }; then
    echo "== $name: passed in $(($(date +%s) - started)) s"
    rm -rf "$dir" "$dir.log"
  else
    tail -n 40 "$dir.log"
    echo "== $name: FAILED (build directory $dir, log $dir.log)"
    failed="$failed $name"
  fi
done
[ -z "$failed" ] || { echo "build-configs: failed:$failed" >&2; exit 1; }

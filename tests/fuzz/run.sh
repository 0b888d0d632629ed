#!/bin/sh
# Builds the libFuzzer targets (clang, -Dfuzz=true) and runs each one for a bounded
# number of runs from its seed corpus, as CI does. A crash stops the script with the
# reproducer's path (kept in $FUZZ_BUILD_DIR/fuzz-artifacts); replay it with
# `$FUZZ_BUILD_DIR/tests/fuzz/fuzz_<name> <file>`, fix the bug, then keep the file in
# tests/fuzz/corpus_<name>/ so that the replay tests guard against it for good.
#
#   sh tests/fuzz/run.sh                      # 20000 runs per target, at most 30 s each
#   FUZZ_RUNS=-1 FUZZ_SECONDS=600 sh tests/fuzz/run.sh   # ten minutes per target
#
# Environment: FUZZ_BUILD_DIR (default build-fuzz in the source tree), FUZZ_RUNS,
# FUZZ_SECONDS (the cap per target), FUZZ_TARGETS (names without the fuzz_ prefix).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${FUZZ_BUILD_DIR:-$root/build-fuzz}
runs=${FUZZ_RUNS:-20000}
seconds=${FUZZ_SECONDS:-30}
targets=${FUZZ_TARGETS:-"calendar classify cues_tsv json lifecycle"}

if [ ! -f "$build/build.ninja" ]; then
  CC=${FUZZ_CC:-clang} meson setup "$build" "$root" -Dfuzz=true -Dexamples=false
fi
outputs=""
for t in $targets; do outputs="$outputs tests/fuzz/fuzz_$t"; done
# shellcheck disable=SC2086 # one word per target
ninja -C "$build" $outputs

# New corpus entries and artifacts go to a scratch directory, never into the tree.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
for t in $targets; do
  mkdir -p "$work/corpus_$t" "$work/artifacts_$t"
  printf 'fuzz_%s: ' "$t"
  if "$build/tests/fuzz/fuzz_$t" -runs="$runs" -max_total_time="$seconds" \
      -artifact_prefix="$work/artifacts_$t/" -print_final_stats=1 \
      "$work/corpus_$t" "$here/corpus_$t" >"$work/log_$t" 2>&1; then
    runs_done=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log_$t")
    echo "ok, ${runs_done:-?} runs"
  else
    echo "FAILED"
    tail -n 40 "$work/log_$t"
    for f in "$work/artifacts_$t"/*; do
      [ -f "$f" ] || continue
      mkdir -p "$build/fuzz-artifacts"
      cp "$f" "$build/fuzz-artifacts/"
      echo "reproducer kept in $build/fuzz-artifacts/$(basename "$f")"
    done
    status=1
  fi
done
exit $status

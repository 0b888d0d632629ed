#!/bin/sh
# Builds the benchmarks and runs every side-by-side comparison (docs/performance.md),
# then prints the table of results. Each program repeats its timings and reports
# medians; the whole run takes a few minutes.
#
#   tests/bench/run-all.sh [BUILD_DIR]     default BUILD_DIR: build-bench (set up if missing)
#   meson compile -C BUILD_DIR bench       the same, as a meson run target
#
# Peers: SQLite and jansson are linked in (libsqlite3-dev, libjansson-dev); numpy is
# run through a python3 that imports it ($BENCH_PYTHON, else /usr/bin/python3, else
# python3; `apt-get install -y python3-numpy`); the npm `sentiment` and
# `vader-sentiment` packages are expected under /tmp/sentiment-bench (`npm install
# --prefix /tmp/sentiment-bench sentiment vader-sentiment`). A missing peer leaves
# its column empty; nothing else changes.
set -eu

src=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$src/build-bench}
bench=$build/tests/bench

# Under `meson compile ... bench` the targets are already built (and running ninja
# again from inside ninja is not allowed).
if [ -z "${MESON_BUILD_ROOT:-}" ]; then
  if [ ! -f "$build/build.ninja" ]; then
    meson setup "$build" "$src" -Dbench=true --buildtype=release
  elif ! meson introspect --buildoptions "$build" | grep -q '"name": "bench", "value": true'; then
    meson configure "$build" -Dbench=true
  fi
  ninja -C "$build" -j2 tests/bench/bench_due tests/bench/bench_metrics_sql \
    tests/bench/bench_json tests/bench/bench_busday tests/bench/bench_classify \
    tests/bench/bench_memory
fi

BENCH_PYTHON=${BENCH_PYTHON:-}
for p in "$BENCH_PYTHON" /usr/bin/python3 python3; do
  if [ -n "$p" ] && "$p" -c 'import numpy' 2>/dev/null; then BENCH_PYTHON=$p; break; fi
done
export BENCH_PYTHON

log=$build/bench-results.txt
: > "$log"
echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(nproc) cores" | tee -a "$log"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$log"
for prog in bench_due bench_metrics_sql bench_json bench_busday bench_classify bench_memory; do
  echo "== $prog" | tee -a "$log"
  start=$(date +%s)
  "$bench/$prog" 2>&1 | tee -a "$log"
  echo "($prog: $(( $(date +%s) - start )) s)" | tee -a "$log"
done
# Over a million complaints, metrics accumulation is bound by TLB misses and page
# faults; the same run with the heap on transparent huge pages (a host setting,
# glibc >= 2.35) shows what the library does once memory stops being the limit.
echo "== bench_metrics_sql, heap on huge pages" | tee -a "$log"
GLIBC_TUNABLES=glibc.malloc.hugetlb=1 "$bench/bench_metrics_sql" --label "huge pages" 2>&1 |
  tee -a "$log"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$log"

echo
echo "| workload | ours | peer | ratio | target | met? |"
echo "|---|---|---|---|---|---|"
grep '^RESULT|' "$log" | awk -F'|' '{ line = "|"; for (i = 2; i <= NF; i++) line = line " " $i " |"; print line }'
echo
echo "(full output in $log)"

/* Helpers shared by the side-by-side benchmarks (tests/bench/bench_*.c): CPU-time
 * clocks, medians of repeated runs, a deterministic random stream, a counting
 * allocator, and the RESULT lines that tests/bench/run-all.sh gathers into the
 * table of docs/performance.md. */
#ifndef REDRESS_BENCH_UTIL_H
#define REDRESS_BENCH_UTIL_H

#include <stddef.h>
#include <stdint.h>

#include "redress.h"

/* Every figure is the median of this many runs (the machine is shared: see
 * docs/performance.md, "Noise"). */
#define BENCH_RUNS 5

/* CPU seconds of the calling thread: other processes on the same cores slow the
 * wall clock but not this one, which keeps figures comparable on a busy machine. */
double bench_cpu_seconds(void);
/* Wall-clock seconds (monotonic), for phases whose wait is part of the cost. */
double bench_wall_seconds(void);

/* The median of v[0..n); sorts v. */
double bench_median(double *v, size_t n);
/* The spread of v[0..n) around its median, as "min..max". */
void bench_spread(char *out, size_t cap, const double *v, size_t n);

/* A deterministic stream (64-bit LCG, high bits): the same data on every run. */
uint64_t bench_next(uint64_t *state);

/* Stops the program with a message naming the call that failed. */
void bench_check(int rc, redress_desk *desk, const char *what);

/* Peak resident set of the process in bytes (getrusage ru_maxrss). */
double bench_peak_rss_bytes(void);

/* An allocator that counts the bytes it hands out (live and peak). */
typedef struct bench_counter {
  size_t live, peak, calls;
} bench_counter;
redress_allocator bench_counting_allocator(bench_counter *counter);

/*
 * Prints one workload's figures, human-readable and as a machine line
 *   RESULT|workload|ours|peer|ratio|target|met
 * `lower_is_better`: figures are times (ratio = peer / ours) rather than rates
 * (ratio = ours / peer). A peer of 0 or less means "no peer": ratio "-". `target`
 * is the ratio to reach (0: none); `target_text` overrides how it is printed.
 */
typedef struct bench_result {
  const char *workload;
  double ours, peer;
  const char *unit;        /* "ms", "MB/s", ... */
  const char *peer_name;   /* "SQLite 3.40 (:memory:)" */
  int lower_is_better;
  double target;           /* ratio to reach; 0 for none */
  const char *target_text; /* NULL: "≥{target}×" */
  int met;                 /* -1: judge from target and ratio; else 0/1 as given */
} bench_result;
void bench_report(const bench_result *r);

#endif

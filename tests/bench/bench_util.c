/* Helpers shared by the side-by-side benchmarks; see bench_util.h. */
#include "bench_util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

static double clock_seconds(clockid_t id) {
  struct timespec ts;
  clock_gettime(id, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

double bench_cpu_seconds(void) { return clock_seconds(CLOCK_THREAD_CPUTIME_ID); }

double bench_wall_seconds(void) { return clock_seconds(CLOCK_MONOTONIC); }

static int by_value(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

double bench_median(double *v, size_t n) {
  if (n == 0) return NAN;
  qsort(v, n, sizeof *v, by_value);
  return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

void bench_spread(char *out, size_t cap, const double *v, size_t n) {
  double lo = INFINITY, hi = -INFINITY;
  for (size_t i = 0; i < n; i++) {
    if (v[i] < lo) lo = v[i];
    if (v[i] > hi) hi = v[i];
  }
  snprintf(out, cap, "%.4g..%.4g", lo, hi);
}

uint64_t bench_next(uint64_t *state) {
  *state = *state * 6364136223846793005ull + 1442695040888963407ull;
  return *state >> 33;
}

void bench_check(int rc, redress_desk *desk, const char *what) {
  if (rc == REDRESS_OK) return;
  fprintf(stderr, "bench: %s: %s (%s)\n", what, redress_strerror(rc),
          desk != NULL ? redress_desk_errmsg(desk) : "");
  exit(1);
}

double bench_peak_rss_bytes(void) {
  struct rusage ru;
  if (getrusage(RUSAGE_SELF, &ru) != 0) return -1;
  return (double)ru.ru_maxrss * 1024.0; /* Linux reports KiB */
}

/* ---- counting allocator: a 16-byte header keeps each block's size --------- */

#define HEADER 16u

static void *count_alloc(size_t size, void *ud) {
  bench_counter *c = ud;
  unsigned char *p = malloc(size + HEADER);
  if (p == NULL) return NULL;
  memcpy(p, &size, sizeof size);
  c->live += size;
  c->calls++;
  if (c->live > c->peak) c->peak = c->live;
  return p + HEADER;
}

static void count_free(void *ptr, void *ud) {
  bench_counter *c = ud;
  if (ptr == NULL) return;
  unsigned char *p = (unsigned char *)ptr - HEADER;
  size_t size = 0;
  memcpy(&size, p, sizeof size);
  c->live -= size;
  free(p);
}

static void *count_realloc(void *ptr, size_t size, void *ud) {
  bench_counter *c = ud;
  unsigned char *p = (unsigned char *)ptr - HEADER;
  size_t old = 0;
  memcpy(&old, p, sizeof old);
  unsigned char *q = realloc(p, size + HEADER);
  if (q == NULL) return NULL;
  memcpy(q, &size, sizeof size);
  c->live = c->live - old + size;
  c->calls++;
  if (c->live > c->peak) c->peak = c->live;
  return q + HEADER;
}

redress_allocator bench_counting_allocator(bench_counter *counter) {
  redress_allocator a = REDRESS_ALLOCATOR_INIT;
  a.alloc = count_alloc;
  a.realloc = count_realloc;
  a.free = count_free;
  a.ud = counter;
  return a;
}

/* ---- results --------------------------------------------------------------- */

static double ratio_of(const bench_result *r) {
  if (r->peer <= 0 || r->ours <= 0) return NAN;
  return r->lower_is_better ? r->peer / r->ours : r->ours / r->peer;
}

static void print_figure(char *out, size_t cap, double v, const char *unit) {
  if (v <= 0) {
    snprintf(out, cap, "-");
    return;
  }
  const char *fmt = v >= 100 ? "%.0f %s" : v >= 10 ? "%.1f %s" : "%.3g %s";
  snprintf(out, cap, fmt, v, unit);
}

void bench_report(const bench_result *r) {
  char ours[64], peer[64], ratio[32] = "-", target[64] = "-";
  print_figure(ours, sizeof ours, r->ours, r->unit);
  print_figure(peer, sizeof peer, r->peer, r->unit);
  double q = ratio_of(r);
  if (q == q) snprintf(ratio, sizeof ratio, "%.1f×", q);
  if (r->target_text != NULL)
    snprintf(target, sizeof target, "%s", r->target_text);
  else if (r->target > 0)
    snprintf(target, sizeof target, "≥%g×", r->target);
  int met = r->met;
  if (met < 0) met = r->target > 0 && q == q && q >= r->target;
  const char *verdict = r->met < 0 && r->target <= 0 ? "-" : met ? "yes" : "no";
  printf("%-48s ours %-14s %s %-14s ratio %-8s target %-10s met: %s\n", r->workload, ours,
         r->peer_name != NULL ? r->peer_name : "peer", peer, ratio, target, verdict);
  printf("RESULT|%s|%s|%s%s%s|%s|%s|%s\n", r->workload, ours, peer,
         r->peer_name != NULL && r->peer > 0 ? " " : "",
         r->peer_name != NULL && r->peer > 0 ? r->peer_name : "", ratio, target, verdict);
  fflush(stdout);
}

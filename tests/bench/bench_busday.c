/*
 * Business time, side by side with numpy: the due date of "15 business days" from
 * 1,000,000 start instants (2026-2030), Monday to Friday, with the same holidays
 * (12 a year, 2026-2031). Ours: redress_calendar_add(..., 15, REDRESS_SPAN_BUSINESS_DAYS)
 * on "mon-fri 09:00-17:00" in UTC, which answers an instant (the close of the 15th
 * business day strictly after the start's day). Peer: numpy.busday_offset, which
 * works on whole days only (no opening hours, no time zone, no part-day holidays),
 * run by tests/bench/busday_numpy.py on the same starts. The two answers are
 * compared day by day. The target is 2x numpy: inside the years its holidays span a
 * calendar answers business days from the table it builds at parse (two lookups).
 * The same count on the same calendar in Europe/London (DST) is timed too, ours only.
 *
 *   bench_busday [--script busday_numpy.py] [starts]
 * The Python interpreter is $BENCH_PYTHON (default python3); it needs numpy.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench_util.h"

#ifndef BENCH_SOURCE_DIR
#define BENCH_SOURCE_DIR "tests/bench"
#endif

#define BUSINESS_DAYS 15
static const int holiday_md[12][2] = {{1, 1},  {1, 6},  {4, 10}, {5, 1},  {5, 25}, {6, 15},
                                      {8, 15}, {10, 3}, {11, 1}, {12, 24}, {12, 25}, {12, 26}};

/* The spec, and the same holidays one per line for numpy. */
static size_t build_spec(char *spec, size_t cap, FILE *holidays) {
  size_t len = (size_t)snprintf(spec, cap, "mon-fri 09:00-17:00");
  for (int y = 2026; y <= 2031; y++)
    for (int k = 0; k < 12; k++) {
      int n = snprintf(spec + len, cap - len, "; holiday %04d-%02d-%02d", y, holiday_md[k][0],
                       holiday_md[k][1]);
      if (n < 0 || (size_t)n >= cap - len) return 0;
      len += (size_t)n;
      fprintf(holidays, "%04d-%02d-%02d\n", y, holiday_md[k][0], holiday_md[k][1]);
    }
  return len;
}

/* Median CPU seconds over BENCH_RUNS passes after an untimed one; due days in `days`. */
static double ours(const redress_calendar *cal, const int64_t *starts, size_t n, int64_t *days,
                   double *runs) {
  for (int r = -1; r < BENCH_RUNS; r++) {
    double t0 = bench_cpu_seconds();
    for (size_t i = 0; i < n; i++) {
      redress_time due = 0;
      bench_check(redress_calendar_add(&due, cal, starts[i], BUSINESS_DAYS, REDRESS_SPAN_BUSINESS_DAYS),
                  NULL, "calendar_add");
      days[i] = due / 86400;
    }
    if (r >= 0) runs[r] = bench_cpu_seconds() - t0;
  }
  return bench_median(runs, BENCH_RUNS);
}

/* Runs the numpy script; returns its median seconds, or -1. */
static double numpy_side(const char *script, const char *starts, const char *holidays,
                         const char *out) {
  const char *python = getenv("BENCH_PYTHON");
  char cmd[4096];
  snprintf(cmd, sizeof cmd, "'%s' '%s' '%s' '%s' '%s' %d", python != NULL ? python : "python3",
           script, starts, holidays, out, BENCH_RUNS);
  FILE *p = popen(cmd, "r");
  if (p == NULL) return -1;
  char line[1024];
  double seconds = -1;
  while (fgets(line, sizeof line, p) != NULL) {
    printf("numpy: %s", line);
    const char *k = strstr(line, "\"seconds\": ");
    if (k != NULL) seconds = atof(k + 11);
  }
  return pclose(p) == 0 ? seconds : -1;
}

/* Number of starts whose due day differs between the two sides. */
static size_t differences(const char *path, const int64_t *days, size_t n) {
  FILE *f = fopen(path, "rb");
  if (f == NULL) return n;
  size_t bad = 0, i = 0;
  int64_t d = 0;
  while (i < n && fread(&d, sizeof d, 1, f) == 1) bad += d != days[i++];
  fclose(f);
  return bad + (n - i);
}

static int temp_path(char *path, size_t cap, const char *name) {
  snprintf(path, cap, "/tmp/redress-busday-%s-XXXXXX", name);
  int fd = mkstemp(path);
  if (fd < 0) return -1;
  close(fd);
  return 0;
}

int main(int argc, char **argv) {
  const char *script = BENCH_SOURCE_DIR "/busday_numpy.py";
  size_t n = 1000000;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--script") == 0 && i + 1 < argc)
      script = argv[++i];
    else
      n = (size_t)strtoull(argv[i], NULL, 10);
  }
  if (n == 0) return 1;
  char starts_path[64], holidays_path[64], out_path[64];
  if (temp_path(starts_path, sizeof starts_path, "starts") != 0 ||
      temp_path(holidays_path, sizeof holidays_path, "holidays") != 0 ||
      temp_path(out_path, sizeof out_path, "due") != 0)
    return 1;
  FILE *hol = fopen(holidays_path, "w");
  static char spec[8192];
  size_t spec_len = hol != NULL ? build_spec(spec, sizeof spec, hol) : 0;
  if (hol == NULL || fclose(hol) != 0 || spec_len == 0) return 1;

  redress_desk *desk = NULL;
  redress_calendar *cal = NULL;
  bench_check(redress_desk_open(&desk, NULL), NULL, "desk_open");
  bench_check(redress_calendar_parse(&cal, desk, spec, spec_len), desk, "calendar_parse");
  int64_t *starts = malloc(n * sizeof *starts), *days = malloc(n * sizeof *days);
  if (starts == NULL || days == NULL) return 1;
  uint64_t rng = 3;
  const redress_time base = 1767225600; /* 2026-01-01T00:00:00Z */
  for (size_t i = 0; i < n; i++)
    starts[i] = base + (int64_t)(bench_next(&rng) % (5u * 365u * 86400u));
  FILE *f = fopen(starts_path, "wb");
  if (f == NULL || fwrite(starts, sizeof *starts, n, f) != n || fclose(f) != 0) return 1;

  double runs[BENCH_RUNS];
  double secs = ours(cal, starts, n, days, runs);
  char spread[64];
  bench_spread(spread, sizeof spread, runs, BENCH_RUNS);
  printf("busday: %zu starts, %d business days, mon-fri, 72 holidays: ours %.1f ms CPU (median of"
         " %d [%s s]), %.0f ns each\n",
         n, BUSINESS_DAYS, secs * 1e3, BENCH_RUNS, spread, secs / (double)n * 1e9);
  double theirs = numpy_side(script, starts_path, holidays_path, out_path);
  if (theirs > 0) {
    size_t bad = differences(out_path, days, n);
    printf("numpy and the library agree on %zu of %zu due days\n", n - bad, n);
    if (bad != 0) theirs = -1;
  } else {
    printf("numpy comparison unavailable (set BENCH_PYTHON to a python3 with numpy)\n");
  }
  /* The same in a zone with DST (its zone file from the desk's zoneinfo_dir). */
  static char london[8300];
  int ln = snprintf(london, sizeof london, "tz=Europe/London; %s", spec);
  redress_calendar *lcal = NULL;
  if (ln > 0 && (size_t)ln < sizeof london &&
      redress_calendar_parse(&lcal, desk, london, (size_t)ln) == REDRESS_OK) {
    double lsecs = ours(lcal, starts, n, days, runs);
    printf("busday: the same in Europe/London: ours %.1f ms CPU, %.0f ns each\n", lsecs * 1e3,
           lsecs / (double)n * 1e9);
    redress_calendar_free(lcal);
  }
  char workload[96];
  snprintf(workload, sizeof workload, "Business time: +%d business days x %zu (numpy: days only)",
           BUSINESS_DAYS, n);
  bench_result r = {workload, secs * 1e3, theirs * 1e3, "ms", "numpy", 1, 2.0, NULL, -1};
  bench_report(&r);
  remove(starts_path);
  remove(holidays_path);
  remove(out_path);
  free(starts);
  free(days);
  redress_calendar_free(cal);
  redress_desk_close(desk);
  return 0;
}

/* Benchmark of business-calendar arithmetic: nanoseconds per redress_calendar_add()
 * in Europe/London (two DST changes a year), office hours with a lunch break and
 * 20 holidays a year for 40 years. Starts are deterministic (a fixed LCG), so runs
 * are comparable. Usage: bench_calendar [iterations] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "redress.h"

#define FIRST_YEAR 2026
#define YEARS 40
#define HOLIDAYS_PER_YEAR 20

static double now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* Appends "; holiday YYYY-MM-DD" clauses: 20 a year, every fourth one a half day. */
static size_t add_holidays(char *spec, size_t len, size_t cap) {
  static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  for (int y = FIRST_YEAR; y < FIRST_YEAR + YEARS; y++) {
    for (int k = 0; k < HOLIDAYS_PER_YEAR; k++) {
      int doy = 3 + k * 18, m = 0;
      while (doy >= mdays[m]) doy -= mdays[m++];
      int n = snprintf(spec + len, cap - len, "; holiday %04d-%02d-%02d%s", y, m + 1, doy + 1,
                       k % 4 == 3 ? " 13:00-17:30" : "");
      if (n < 0 || (size_t)n >= cap - len) return 0;
      len += (size_t)n;
    }
  }
  return len;
}

static uint64_t lcg(uint64_t *state) {
  *state = *state * 6364136223846793005ull + 1442695040888963407ull;
  return *state >> 33;
}

/* Runs `iterations` adds from deterministic starts in 2026..2030; returns ns per add. */
static double bench(const redress_calendar *cal, int64_t amount, int unit, long iterations,
                    redress_time *checksum) {
  uint64_t state = 42;
  const redress_time base = 1767225600; /* 2026-01-01T00:00:00Z */
  redress_time sum = 0;
  double t0 = now_ns();
  for (long i = 0; i < iterations; i++) {
    redress_time start = base + (redress_time)(lcg(&state) % (5u * 365u * 86400u));
    redress_time due = 0;
    if (redress_calendar_add(&due, cal, start, amount, unit) != REDRESS_OK) {
      fprintf(stderr, "add failed\n");
      exit(1);
    }
    sum += due - start;
  }
  double t1 = now_ns();
  *checksum += sum;
  return (t1 - t0) / (double)iterations;
}

static double bench_elapsed(const redress_calendar *cal, int64_t span, long iterations,
                            redress_time *checksum) {
  uint64_t state = 7;
  const redress_time base = 1767225600;
  int64_t sum = 0;
  double t0 = now_ns();
  for (long i = 0; i < iterations; i++) {
    redress_time from = base + (redress_time)(lcg(&state) % (5u * 365u * 86400u));
    int64_t open = 0;
    (void)redress_calendar_elapsed(&open, cal, from, from + span);
    sum += open;
  }
  double t1 = now_ns();
  *checksum += sum;
  return (t1 - t0) / (double)iterations;
}

int main(int argc, char **argv) {
  long iterations = argc > 1 ? atol(argv[1]) : 1000000;
  if (iterations <= 0) iterations = 1000000;
  static char spec[64 * 1024];
  size_t len = (size_t)snprintf(spec, sizeof spec,
                                "tz=Europe/London\nmon-fri 09:00-12:30,13:30-17:30");
  len = add_holidays(spec, len, sizeof spec);
  redress_desk *desk = NULL;
  redress_calendar *cal = NULL;
  if (len == 0 || redress_desk_open(&desk, NULL) != REDRESS_OK ||
      redress_calendar_parse(&cal, desk, spec, len) != REDRESS_OK) {
    fprintf(stderr, "setup failed: %s\n", desk != NULL ? redress_desk_errmsg(desk) : "no desk");
    return 1;
  }
  const int64_t week_open = 5 * (int64_t)(7 * 3600 + 30 * 60); /* 37.5 h */
  redress_time checksum = 0;
  printf("calendar: Europe/London, mon-fri 09:00-12:30,13:30-17:30, %d holidays/year x %d years\n",
         HOLIDAYS_PER_YEAR, YEARS);
  printf("iterations per figure: %ld\n", iterations);
  printf("add 1 business hour:          %8.1f ns\n",
         bench(cal, 3600, REDRESS_SPAN_BUSINESS_SECONDS, iterations, &checksum));
  printf("add 15 business days:         %8.1f ns\n",
         bench(cal, 15, REDRESS_SPAN_BUSINESS_DAYS, iterations, &checksum));
  printf("add 1 week of business secs:  %8.1f ns\n",
         bench(cal, week_open, REDRESS_SPAN_BUSINESS_SECONDS, iterations, &checksum));
  printf("add 1 year of business secs:  %8.1f ns\n",
         bench(cal, 52 * week_open, REDRESS_SPAN_BUSINESS_SECONDS, iterations, &checksum));
  printf("add 250 business days:        %8.1f ns\n",
         bench(cal, 250, REDRESS_SPAN_BUSINESS_DAYS, iterations, &checksum));
  printf("elapsed over 1 year:          %8.1f ns\n",
         bench_elapsed(cal, 365 * 86400, iterations, &checksum));
  printf("(checksum %lld)\n", (long long)checksum);
  redress_calendar_free(cal);
  redress_desk_close(desk);
  return 0;
}

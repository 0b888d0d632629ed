/* Benchmark of the retention metrics: accumulate N in-memory complaints (1,000,000 by
 * default) and read every metric of the total and of every group. Reports the time
 * of each phase and the peak resident memory (getrusage ru_maxrss) before and after
 * accumulating. The complaints are built first (not timed) with a fixed LCG, so runs
 * are comparable: a third resolved on the spot, a third handled through the whole
 * lifecycle, the rest left at various points, over 8 categories and every channel.
 *
 * Deriving a complaint's deadlines (redress_complaint_deadlines) is part of adding
 * it; its cost alone is measured too, so that the metrics' own share is visible.
 * Usage: bench_metrics [complaints] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "redress.h"

#define T0 ((redress_time)1795424400) /* Monday 2026-11-23 09:00 UTC */
#define HOUR ((redress_time)3600)
#define DAY (24 * HOUR)

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long peak_rss_mib(void) {
  struct rusage ru;
  if (getrusage(RUSAGE_SELF, &ru) != 0) return -1;
  return ru.ru_maxrss / 1024; /* Linux reports KiB */
}

static uint64_t lcg(uint64_t *state) {
  *state = *state * 6364136223846793005ull + 1442695040888963407ull;
  return *state >> 33;
}

static void check(int rc, const char *what) {
  if (rc == REDRESS_OK) return;
  fprintf(stderr, "%s: %s\n", what, redress_strerror(rc));
  exit(1);
}

/* The handled lifecycle: acknowledge, investigate, respond, fulfill, maybe confirm. */
static void handle(redress_complaint *c, redress_time r, uint64_t *rng) {
  redress_time at = r + (redress_time)(lcg(rng) % (4 * HOUR));
  check(redress_complaint_acknowledge(c, at, "agent", NULL), "acknowledge");
  if (lcg(rng) % 4 == 0) return;
  at += HOUR;
  check(redress_complaint_investigate(c, at, "agent", NULL, "point", NULL), "investigate");
  at += (redress_time)(lcg(rng) % (6 * DAY));
  int decision = 1 + (int)(lcg(rng) % 3);
  check(redress_complaint_respond(c, at, "agent", NULL, decision, NULL, (int64_t)(lcg(rng) % 5000)),
        "respond");
  if (lcg(rng) % 4 == 0) return;
  at += (redress_time)(lcg(rng) % (3 * DAY));
  check(redress_complaint_fulfill(c, at, "agent", NULL), "fulfill");
  if (lcg(rng) % 2 == 0)
    check(redress_complaint_confirm(c, at + DAY, "agent", NULL, 1 + (int)(lcg(rng) % 5)), "confirm");
}

static redress_complaint *make(redress_desk *desk, size_t i, uint64_t *rng) {
  static const char *const categories[] = {"billing", "delivery", "service", "quality",
                                           "returns", "account", "pricing", "staff"};
  redress_complaint_fields in = REDRESS_COMPLAINT_FIELDS_INIT;
  char id[24];
  snprintf(id, sizeof id, "b%09zu", i);
  in.id = id;
  in.customer_id = "customer";
  in.customer_value = lcg(rng) % 10 == 0 ? REDRESS_AMOUNT_UNKNOWN : (int64_t)(lcg(rng) % 100000);
  in.channel = (int)(lcg(rng) % REDRESS_CHANNEL_COUNT);
  in.category = categories[lcg(rng) % 8];
  in.received_at = T0 + (redress_time)(lcg(rng) % (60 * DAY));
  redress_complaint *c = NULL;
  check(redress_complaint_create(&c, desk, &in), "create");
  switch (lcg(rng) % 3) {
  case 0:
    check(redress_complaint_resolve_on_the_spot(c, in.received_at + 600, "agent", NULL, 1, NULL, 0),
          "resolve_on_the_spot");
    break;
  case 1: handle(c, in.received_at, rng); break;
  default: break; /* left as received */
  }
  return c;
}

static double bench_deadlines(redress_complaint **cs, size_t n, redress_time as_of) {
  double t0 = now_s();
  size_t total = 0;
  for (size_t i = 0; i < n; i++) {
    redress_deadlines *l = NULL;
    check(redress_complaint_deadlines(&l, cs[i], as_of), "deadlines");
    total += redress_deadlines_count(l);
    redress_deadlines_free(l);
  }
  double t = now_s() - t0;
  if (total == 0) fprintf(stderr, "no deadlines?\n");
  return t;
}

/* Reads every metric of the total and of every group; returns a checksum. */
static double read_all(redress_metrics *m, double *seconds) {
  double t0 = now_s(), sum = 0;
  int groups = (int)redress_metrics_group_count(m);
  for (int g = REDRESS_METRICS_TOTAL; g < groups; g++) {
    for (int k = 0; k < REDRESS_METRIC_COUNT; k++) {
      double v = 0;
      check(redress_metrics_value(&v, m, g, k), "value");
      if (v == v) sum += v; /* skip NaN */
    }
  }
  *seconds = now_s() - t0;
  return sum;
}

static void bench_grouping(redress_desk *desk, redress_complaint **cs, size_t n, int group_by,
                           const char *label, redress_time as_of) {
  redress_metrics *m = NULL;
  check(redress_metrics_new(&m, desk, NULL, group_by, as_of), "metrics_new");
  double t0 = now_s();
  for (size_t i = 0; i < n; i++) check(redress_metrics_add(m, cs[i]), "metrics_add");
  double add = now_s() - t0, read = 0;
  double checksum = read_all(m, &read);
  double v = 0;
  check(redress_metrics_value(&v, m, REDRESS_METRICS_TOTAL, REDRESS_METRIC_EXPECTED_RETAINED), "value");
  printf("%-10s accumulate %8.1f ms (%6.0f ns/complaint)  read %zu groups x %d metrics %7.1f ms"
         "  peak RSS %ld MiB  retained %.1f  checksum %.6g\n",
         label, add * 1e3, add / (double)n * 1e9, redress_metrics_group_count(m) + 1,
         REDRESS_METRIC_COUNT, read * 1e3, peak_rss_mib(), v, checksum);
  redress_metrics_free(m);
}

int main(int argc, char **argv) {
  size_t n = argc > 1 ? (size_t)strtoull(argv[1], NULL, 10) : 1000000;
  if (n == 0) return 1;
  redress_desk *desk = NULL;
  check(redress_desk_open(&desk, NULL), "desk_open");
  redress_complaint **cs = malloc(n * sizeof *cs);
  if (cs == NULL) return 1;
  uint64_t rng = 42;
  double t0 = now_s();
  for (size_t i = 0; i < n; i++) cs[i] = make(desk, i, &rng);
  double built = now_s() - t0;
  redress_time as_of = T0 + 70 * DAY;
  printf("%zu complaints built in %.1f s; peak RSS %ld MiB before accumulating\n", n, built,
         peak_rss_mib());
  double dl = bench_deadlines(cs, n, as_of);
  printf("deadline derivation alone (redress_complaint_deadlines): %.1f ms (%.0f ns/complaint)\n",
         dl * 1e3, dl / (double)n * 1e9);
  bench_grouping(desk, cs, n, REDRESS_GROUP_BY_NONE, "none", as_of);
  bench_grouping(desk, cs, n, REDRESS_GROUP_BY_CHANNEL, "channel", as_of);
  bench_grouping(desk, cs, n, REDRESS_GROUP_BY_CATEGORY, "category", as_of);
  for (size_t i = 0; i < n; i++) redress_complaint_free(cs[i]);
  free(cs);
  redress_desk_close(desk);
  return 0;
}

/*
 * bench_tick: the alarm tick over a large memory store. Its cost must follow the
 * number of due complaints, not the size of the store: 1,000,000 stored complaints,
 * of which 1,000 and then 10,000 have an alarm due.
 *
 *   meson setup build-bench -Dbench=true -Dbuildtype=release
 *   ninja -C build-bench && build-bench/tests/bench/bench_tick
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "redress.h"

#define STORED 1000000
#define HOUR ((redress_time)3600)
static const redress_time tick_at = (redress_time)1795424400; /* 2026-11-23 09:00 UTC */

static double seconds_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void check(int rc, redress_desk *desk, const char *what) {
  if (rc == REDRESS_OK) return;
  fprintf(stderr, "bench_tick: %s: %s (%s)\n", what, redress_strerror(rc),
          redress_desk_errmsg(desk));
  exit(1);
}

/* The default policy warns 18 h after receipt: `due` complaints are older than that. */
static void fill(redress_desk *desk, int due) {
  for (int i = 0; i < STORED; i++) {
    char id[32];
    snprintf(id, sizeof id, "c%07d", i);
    redress_complaint_fields in = REDRESS_COMPLAINT_FIELDS_INIT;
    in.id = id;
    in.customer_id = "k";
    in.text = "The parcel arrived late and the box was damaged.";
    in.received_at = i < due ? tick_at - 18 * HOUR - i % 3600 : tick_at - HOUR + i % 3600;
    redress_complaint *c = NULL;
    check(redress_complaint_create(&c, desk, &in), desk, "create");
    check(redress_desk_save(desk, c), desk, "save");
    redress_complaint_free(c);
  }
}

static int count_alarm(const redress_complaint *c, int kind, int level, redress_time due_at,
                       void *payload) {
  (void)c, (void)kind, (void)level, (void)due_at;
  ++*(long *)payload;
  return 0;
}

static double run(int due) {
  redress_desk *desk = NULL;
  check(redress_desk_open(&desk, NULL), NULL, "open");
  double t0 = seconds_now();
  fill(desk, due);
  double t1 = seconds_now();
  long alarms = 0;
  check(redress_desk_tick(desk, tick_at, count_alarm, &alarms), desk, "tick");
  double t2 = seconds_now();
  if (alarms != due) {
    fprintf(stderr, "bench_tick: expected %d alarms, got %ld\n", due, alarms);
    exit(1);
  }
  printf("stored %d (filled in %.2f s), due %6d: tick %8.2f ms, %6.2f us per due complaint\n",
         STORED, t1 - t0, due, (t2 - t1) * 1e3, (t2 - t1) * 1e6 / due);
  redress_desk_close(desk);
  return t2 - t1;
}

int main(void) {
  double small = run(1000);
  double large = run(10000);
  printf("ratio tick(10,000 due) / tick(1,000 due) = %.2f (proportional: 10)\n", large / small);
  return 0;
}

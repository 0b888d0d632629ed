/*
 * Due sweep, side by side with SQLite: 1,000,000 open complaints saved through a
 * desk into the built-in memory store; 1,000 of them have an alarm due in the next
 * hour. Ours: the store's `due` slot. Peer: the same rows (read back from our store,
 * so both hold exactly the same records, documents included) in an indexed SQLite
 * table in memory, queried with a prepared
 *   SELECT id FROM c WHERE next_alarm <= ? ORDER BY next_alarm
 * Both sides copy the ids they find into the same buffer, and the two answers are
 * compared id by id before any figure is printed.
 *
 *   bench_due [complaints]      (default 1000000; a 1000th of them is due)
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_complaint.h"
#include "bench_sqlite.h"
#include "bench_util.h"

#define HOUR ((redress_time)3600)
#define ID_BYTES 16
#define QUERIES_PER_RUN 200

/* "Now" of the sweep. With the default policy a new complaint warns 18 h after
 * receipt: one complaint in a thousand was received so that its alarm falls in the
 * next hour (3 s apart, so no two tie), the rest in the 17 hours before now. */
static const redress_time sweep_at = BENCH_T0 + 30 * 24 * HOUR;

static redress_time received_at(size_t i, uint64_t *rng) {
  if (i % 1000 == 0) return sweep_at - 18 * HOUR + 1 + (redress_time)(i / 1000 % 1200) * 3;
  return sweep_at - 17 * HOUR + 1 + (redress_time)(bench_next(rng) % (17 * HOUR - 1));
}

static void fill_store(redress_desk *desk, size_t n) {
  uint64_t rng = 7;
  char text[161];
  for (size_t i = 0; i < n; i++) {
    char id[32], customer[24];
    snprintf(id, sizeof id, "c%08zu", i);
    snprintf(customer, sizeof customer, "cust-%06u", (unsigned)(bench_next(&rng) % 200000));
    bench_prose(text, 80 + bench_next(&rng) % 80, &rng);
    redress_complaint_fields in = REDRESS_COMPLAINT_FIELDS_INIT;
    in.id = id;
    in.customer_id = customer;
    in.channel = (int)(bench_next(&rng) % REDRESS_CHANNEL_COUNT);
    in.text = text;
    in.received_at = received_at(i, &rng);
    redress_complaint *c = NULL;
    bench_check(redress_complaint_create(&c, desk, &in), desk, "create");
    bench_check(redress_desk_save(desk, c), desk, "save");
    redress_complaint_free(c);
  }
}

/* ---- the SQLite side -------------------------------------------------------- */

static void sql_ok(int rc, sqlite3 *db, const char *what) {
  if (rc == SQLITE_OK || rc == SQLITE_DONE || rc == SQLITE_ROW) return;
  fprintf(stderr, "bench_due: %s: %s\n", what, sqlite3_errmsg(db));
  exit(1);
}

static sqlite3 *fill_sqlite(const redress_store *store) {
  sqlite3 *db = NULL;
  if (sqlite3_open(":memory:", &db) != SQLITE_OK) exit(1);
  bench_sqlite_create(db);
  bench_sqlite_insert_all(db, store);
  sql_ok(sqlite3_exec(db, "ANALYZE", NULL, NULL, NULL), db, "analyze");
  return db;
}

/* ---- the two queries ---------------------------------------------------------- */

typedef struct found {
  char (*ids)[ID_BYTES];
  size_t n, cap;
} found;

/* Both sides keep what they find the same way (ids here are 9 bytes). */
static void keep(found *f, const char *id) {
  if (f->n < f->cap) {
    size_t len = strlen(id);
    if (len >= ID_BYTES) len = ID_BYTES - 1;
    memcpy(f->ids[f->n], id, len);
    f->ids[f->n][len] = '\0';
  }
  f->n++;
}

static int keep_record(const redress_record *r, void *payload) {
  keep(payload, r->id);
  return 0;
}

static void ours_query(const redress_store *store, redress_time until, found *f) {
  f->n = 0;
  if (store->due(store->ud, until, keep_record, f) != REDRESS_OK) exit(1);
}

static void sqlite_query(sqlite3_stmt *st, redress_time until, found *f) {
  f->n = 0;
  sqlite3_bind_int64(st, 1, until);
  while (sqlite3_step(st) == SQLITE_ROW) keep(f, (const char *)sqlite3_column_text(st, 0));
  sqlite3_reset(st);
}

/* Median over BENCH_RUNS runs of the CPU time of one query, in microseconds. */
static double time_ours(const redress_store *store, redress_time until, found *f, double *runs) {
  for (int r = 0; r < BENCH_RUNS; r++) {
    double t0 = bench_cpu_seconds();
    for (int q = 0; q < QUERIES_PER_RUN; q++) ours_query(store, until, f);
    runs[r] = (bench_cpu_seconds() - t0) / QUERIES_PER_RUN * 1e6;
  }
  return bench_median(runs, BENCH_RUNS);
}

static double time_sqlite(sqlite3_stmt *st, redress_time until, found *f, double *runs) {
  for (int r = 0; r < BENCH_RUNS; r++) {
    double t0 = bench_cpu_seconds();
    for (int q = 0; q < QUERIES_PER_RUN; q++) sqlite_query(st, until, f);
    runs[r] = (bench_cpu_seconds() - t0) / QUERIES_PER_RUN * 1e6;
  }
  return bench_median(runs, BENCH_RUNS);
}

static void same_answer(const found *a, const found *b, size_t expected) {
  int same = a->n == expected && b->n == expected;
  for (size_t i = 0; same && i < a->n && i < a->cap; i++) same = strcmp(a->ids[i], b->ids[i]) == 0;
  if (same) return;
  fprintf(stderr, "bench_due: answers differ (ours %zu ids, SQLite %zu, expected %zu)\n", a->n,
          b->n, expected);
  exit(1);
}

int main(int argc, char **argv) {
  size_t n = argc > 1 ? (size_t)strtoull(argv[1], NULL, 10) : 1000000;
  if (n < 1000) n = 1000;
  redress_store store;
  bench_check(redress_memory_store_new(&store, NULL), NULL, "memory store");
  redress_desk_options opts = REDRESS_DESK_OPTIONS_INIT;
  opts.store = &store; /* the desk destroys it on close; `store` stays usable until then */
  redress_desk *desk = NULL;
  bench_check(redress_desk_open(&desk, &opts), NULL, "desk_open");

  double t0 = bench_wall_seconds();
  fill_store(desk, n);
  double t1 = bench_wall_seconds();
  sqlite3 *db = fill_sqlite(&store);
  double t2 = bench_wall_seconds();
  printf("due sweep: %zu open complaints saved through the desk in %.1f s; copied into SQLite %s"
         " (:memory:, indexed on next_alarm) in %.1f s\n",
         n, t1 - t0, sqlite3_libversion(), t2 - t1);

  sqlite3_stmt *st = NULL;
  sql_ok(sqlite3_prepare_v2(db, "SELECT id FROM c WHERE next_alarm <= ? ORDER BY next_alarm", -1,
                            &st, NULL),
         db, "prepare select");
  size_t expected = (n + 999) / 1000;
  found ours = {calloc(expected, ID_BYTES), 0, expected};
  found theirs = {calloc(expected, ID_BYTES), 0, expected};
  if (ours.ids == NULL || theirs.ids == NULL) return 1;
  redress_time until = sweep_at + HOUR;
  double runs_ours[BENCH_RUNS], runs_sqlite[BENCH_RUNS];
  double us_ours = time_ours(&store, until, &ours, runs_ours);
  double us_sqlite = time_sqlite(st, until, &theirs, runs_sqlite);
  same_answer(&ours, &theirs, expected);
  char spread_ours[64], spread_sqlite[64];
  bench_spread(spread_ours, sizeof spread_ours, runs_ours, BENCH_RUNS);
  bench_spread(spread_sqlite, sizeof spread_sqlite, runs_sqlite, BENCH_RUNS);
  printf("same %zu ids in the same order on both sides; per query (CPU, median of %d runs of %d):"
         " ours %.1f us [%s], SQLite %.1f us [%s]\n",
         expected, BENCH_RUNS, QUERIES_PER_RUN, us_ours, spread_ours, us_sqlite, spread_sqlite);
  char workload[96];
  snprintf(workload, sizeof workload, "Due sweep: %zu due of %zu stored", expected, n);
  bench_result r = {workload, us_ours, us_sqlite, "µs", "SQLite", 1, 10, NULL, -1};
  bench_report(&r);

  sqlite3_finalize(st);
  sqlite3_close(db);
  free(ours.ids);
  free(theirs.ids);
  redress_desk_close(desk);
  return 0;
}

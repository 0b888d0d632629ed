/*
 * Memory per complaint, counted by a counting allocator (every byte the library asks
 * for, without malloc's own overhead), for the typical complaint of the benchmarks:
 * a 500-byte text and 8 events.
 *   - stored: bytes the built-in memory store holds per saved complaint (record,
 *     canonical JSON document, its share of the id, customer and alarm indexes);
 *     peer: SQLite (:memory:) holding the same records in a table with the same
 *     indexes (id, customer_id, next_alarm), by sqlite3_memory_used();
 *   - in a metrics accumulator: bytes the accumulator holds per complaint added;
 *   - a live complaint object, for scale.
 *
 *   bench_memory [complaints]      (default 100000)
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>

#include "bench_complaint.h"
#include "bench_sqlite.h"
#include "bench_util.h"

#define TEXT_BYTES 500

typedef struct desk_counted {
  bench_counter counter;
  redress_allocator alloc;
  redress_desk *desk;
} desk_counted;

/* Bytes SQLite allocates per row for the records of `store`. */
static double sqlite_per_row(const redress_store *store, size_t n) {
  sqlite3 *db = NULL;
  if (sqlite3_open(":memory:", &db) != SQLITE_OK) exit(1);
  bench_sqlite_create(db);
  sqlite3_int64 before = sqlite3_memory_used();
  bench_sqlite_insert_all(db, store);
  double per = (double)(sqlite3_memory_used() - before) / (double)n;
  sqlite3_close(db);
  return per;
}

int main(int argc, char **argv) {
  size_t n = argc > 1 ? (size_t)strtoull(argv[1], NULL, 10) : 100000;
  if (n == 0) return 1;
  desk_counted d;
  redress_store store;
  bench_counter store_counter = {0, 0, 0};
  redress_allocator store_alloc = bench_counting_allocator(&store_counter);
  bench_check(redress_memory_store_new(&store, &store_alloc), NULL, "memory store");
  d.counter = (bench_counter){0, 0, 0};
  d.alloc = bench_counting_allocator(&d.counter);
  redress_desk_options opts = REDRESS_DESK_OPTIONS_INIT;
  opts.allocator = &d.alloc;
  opts.store = &store; /* its own counter: the store's bytes alone */
  bench_check(redress_desk_open(&d.desk, &opts), NULL, "desk_open");

  /* Stored: save each complaint and free it, so only the store holds memory. */
  uint64_t rng = 5;
  size_t doc_bytes = 0;
  size_t store_before = store_counter.live;
  for (size_t i = 0; i < n; i++) {
    redress_complaint *c = bench_typical_complaint(d.desk, i, TEXT_BYTES, &rng);
    if (i == 0 && redress_complaint_event_count(c) != 8) {
      fprintf(stderr, "bench_memory: the typical complaint should have 8 events\n");
      return 1;
    }
    char *json = NULL;
    size_t len = 0;
    bench_check(redress_complaint_to_json(&json, &len, c), d.desk, "to_json");
    doc_bytes += len;
    redress_free(json);
    bench_check(redress_desk_save(d.desk, c), d.desk, "save");
    redress_complaint_free(c);
  }
  double stored = (double)(store_counter.live - store_before) / (double)n;
  double sqlite_row = sqlite_per_row(&store, n);
  printf("memory: %zu typical complaints (%d-byte text, 8 events), canonical JSON %.0f bytes"
         " on average\n",
         n, TEXT_BYTES, (double)doc_bytes / (double)n);

  /* Live complaint objects, then an accumulator over them. */
  redress_complaint **cs = malloc(n * sizeof *cs);
  if (cs == NULL) return 1;
  rng = 5;
  size_t objects_before = d.counter.live;
  for (size_t i = 0; i < n; i++) cs[i] = bench_typical_complaint(d.desk, i, TEXT_BYTES, &rng);
  double object = (double)(d.counter.live - objects_before) / (double)n;
  size_t metrics_before = d.counter.live;
  d.counter.peak = d.counter.live;
  redress_metrics *m = NULL;
  bench_check(redress_metrics_new(&m, d.desk, NULL, REDRESS_GROUP_BY_CATEGORY, BENCH_T0 + 86400 * 30),
              d.desk, "metrics_new");
  for (size_t i = 0; i < n; i++) bench_check(redress_metrics_add(m, cs[i]), d.desk, "metrics_add");
  double accumulator = (double)(d.counter.live - metrics_before) / (double)n;
  double accumulator_peak = (double)(d.counter.peak - metrics_before) / (double)n;
  redress_metrics_free(m);
  for (size_t i = 0; i < n; i++) redress_complaint_free(cs[i]);
  free(cs);

  printf("complaint object in memory: %.0f bytes; accumulator peak while adding: %.1f bytes"
         " per complaint\n",
         object, accumulator_peak);
  bench_result r1 = {"Memory: bytes per stored complaint (500 B text, 8 events)", stored,
                     sqlite_row, "B", "SQLite", 1, 0, NULL, -1};
  bench_report(&r1);
  bench_result r2 = {"Memory: bytes per complaint in a metrics accumulator", accumulator, 0, "B",
                     NULL, 1, 0, NULL, -1};
  bench_report(&r2);
  redress_desk_close(d.desk);
  return 0;
}

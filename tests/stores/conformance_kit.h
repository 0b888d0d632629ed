/*
 * The conformance kit's own parts, shared by its files; adapters include
 * store_conformance.h only.
 *
 *   store_conformance.c      the runner, and the clauses on records (save, load,
 *                            compare-and-swap, remove, scan, due, by_customer, ...)
 *   conformance_feed.c       the change feed: order, cursors, limits, two readers,
 *                            transactions, what a refused save writes
 *   conformance_tenants.c    tenants: stores and desks of several tenants on one store
 *   conformance_desk.c       through a desk: an ambiguous commit (the commit succeeded,
 *                            the caller saw an error), of a save and of a tick's alarms
 *   conformance_processes.c  several writers at once with a reader, a writer killed
 *                            (kill -9) between its saves and the reading, and a desk's
 *                            tick killed in the middle
 */
#ifndef REDRESS_STORE_CONFORMANCE_KIT_H
#define REDRESS_STORE_CONFORMANCE_KIT_H

#include <stddef.h>
#include <stdint.h>

#include "store_conformance.h"

#if defined(__GNUC__)
#  define KC_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#  define KC_PRINTF(f, a)
#endif

/* 2026-11-23T09:00:00Z: the base of the kit's times. */
#define KC_T0 ((redress_time)1795424400)

/* One clause's run: the store, the first failure, a skip note, owned memory. */
typedef struct kc {
  redress_store s;
  rd_conformance_tx tx;
  const rd_conformance_adapter *adapter;
  int failed;
  char why[1024];
  const char *skip;
  void **pool;
  size_t n_pool;
  size_t cap_pool;
  uint64_t rng;
} kc;

/* Memory: the kit's own allocations abort on failure. */
void *kc_xmalloc(size_t n);
void *kc_xrealloc(void *p, size_t n);
char *kc_memdup(const char *s, size_t n);
char *kc_strdup(const char *s);
/* Memory freed when the clause ends, so that clauses may return at any point. */
void *kc_keep(kc *c, void *p);
const char *kc_text(kc *c, const char *s);
uint64_t kc_rand(kc *c);

/* Keeps the first failure of the clause; returns -1 so callers can `return`. */
int kc_fail(kc *c, const char *fmt, ...) KC_PRINTF(2, 3);
void kc_skip(kc *c, const char *why);
const char *kc_code(int rc);
const char *kc_s(const char *s);

/* Writes over a buffer the store was handed, then frees it: a store that kept a
 * pointer instead of a copy reads the scribble. */
void kc_scribble_free(char *p, size_t n);

/* The clauses of the other files. */
void kc_clause_feed_records_changes(kc *c);
void kc_clause_feed_refusals_write_nothing(kc *c);
void kc_clause_feed_limits_and_two_readers(kc *c);
void kc_clause_feed_transactions(kc *c);
void kc_clause_feed_odd_ids(kc *c);
void kc_clause_tenants_apart(kc *c);
void kc_clause_tenants_two_desks(kc *c);
void kc_clause_ambiguous_save(kc *c);
void kc_clause_ambiguous_tick(kc *c);
void kc_clause_several_writers(kc *c);
void kc_clause_writer_killed(kc *c);
void kc_clause_ticker_killed(kc *c);

#endif

/*
 * Store conformance kit: runs a redress_store through the whole storage contract
 * of redress/sys/store.h, the change feed and tenants included, and reports clause
 * by clause.
 *
 * Any adapter's test program can use it: compile tests/stores/store_conformance.c and
 * the kit's other files (conformance_*.c, listed in conformance_kit.h) with the program
 * and call rd_conformance_run(), or rd_conformance_run_with() to give the kit a second
 * handle on the store for the clauses with several processes. The kit talks to the store only
 * through its vtable, with records it builds itself, except for a few clauses that
 * open desks over the store (tenants, an ambiguous commit).
 *
 * The kit's callbacks never call back into the store, and every buffer the kit
 * passes to save() is overwritten and freed as soon as save() returns, so a store
 * that keeps pointers instead of copies fails (and trips AddressSanitizer).
 */
#ifndef REDRESS_STORE_CONFORMANCE_H
#define REDRESS_STORE_CONFORMANCE_H

#include <stdio.h>

#include "redress.h"
#include "redress/sys/store.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * An adapter's own transactions, when it has them: the desk never opens one (the
 * store contract has no transaction slots), but a host that needs several saves to
 * land together calls its adapter's begin/commit/rollback around them, and the kit
 * checks that they hold. All NULL: the adapter has none (those clauses are skipped).
 */
typedef struct rd_conformance_tx {
  int (*begin)(const redress_store *store);
  int (*commit)(const redress_store *store);
  int (*rollback)(const redress_store *store);
} rd_conformance_tx;

/*
 * Makes a fresh, empty store in *out (for a database adapter: an empty schema or
 * truncated tables) and, if the adapter has them, fills *tx with its transaction
 * calls (they receive the store made here). Returns 0 on success. The kit calls it once per
 * clause and releases the store with its `destroy` slot when the clause is done.
 */
typedef int (*rd_conformance_make)(redress_store *out, rd_conformance_tx *tx, void *arg);

/*
 * Opens another handle on the store make() made last (for a database: a new connection
 * to the same file or database), in this process or in a child made with fork(): the
 * clauses with several processes (writers racing, a writer killed with SIGKILL) give
 * each process its own. The kit releases it with its `destroy` slot. Returns 0 on
 * success.
 */
typedef int (*rd_conformance_reopen)(redress_store *out, void *arg);

/* What the kit needs of an adapter. */
typedef struct rd_conformance_adapter {
  rd_conformance_make make;
  /* NULL: the store lives in one process (the clauses with several processes skip) */
  rd_conformance_reopen reopen;
  /* 1: one vtable may be called from several threads at once (the built-in memory
   * store): without reopen, the several-writers clause runs its writers as threads */
  int threads;
  void *arg; /* passed to make and reopen */
} rd_conformance_adapter;

/*
 * Runs every clause against stores made by make(out, arg). Writes one line per
 * clause to report (NULL: standard output): "ok   name", "ok   name # skip: why"
 * when the store lacks an optional slot, or "FAIL name: what went wrong"; then a
 * "# " summary line.
 * Returns the number of failed clauses (0: the store conforms).
 */
int rd_conformance_run(const char *store_name, rd_conformance_make make, void *arg, FILE *report);

/* The same with what rd_conformance_adapter adds (reopen, threads). */
int rd_conformance_run_with(const char *store_name, const rd_conformance_adapter *adapter,
                            FILE *report);

#ifdef __cplusplus
}
#endif

#endif

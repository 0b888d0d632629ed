/*
 * A store that wraps another and fails on purpose: the call numbered `fail_at`
 * (counting every slot call, 1-based) returns `fail_code` instead of reaching the
 * wrapped store. Iterating slots (scan, due, by_customer, feed) can instead fail after
 * handing over their first record or change, as a database whose cursor breaks would.
 * The feed and remove_logged are wrapped when the wrapped store has them.
 * Used by the store fault sweep; any test may wrap any store with it.
 *
 * rollback is never failed: it is how a host recovers, and a store whose rollback
 * fails cannot promise anything.
 */
#ifndef REDRESS_TEST_FAULTY_STORE_H
#define REDRESS_TEST_FAULTY_STORE_H

#include "redress.h"
#include "redress/sys/store.h"

typedef enum faulty_mode {
  FAULTY_BEFORE_CALL = 0,   /* the call fails without reaching the wrapped store */
  FAULTY_AFTER_FIRST = 1    /* iterations pass one record on, then fail */
} faulty_mode;

typedef struct faulty_store faulty_store;

/* Called when a fault is injected, before the failing slot returns: lets a test
 * photograph the wrapped store at the moment of the failure. */
typedef void (*faulty_hook)(faulty_store *f, const char *slot, void *payload);

struct faulty_store {
  redress_store inner;       /* the wrapped store */
  int destroy_inner;         /* 1: the wrapper's destroy slot destroys `inner` */
  unsigned long fail_at;     /* 0: never fail */
  int fail_code;             /* what the failing call returns (REDRESS_ERR_STORE) */
  faulty_mode mode;
  faulty_hook on_fail;       /* may be NULL */
  void *hook_payload;
  /* Filled in as calls are made: */
  unsigned long calls;       /* slot calls so far (rollback excluded) */
  unsigned long failures;    /* faults injected so far */
  const char *failed_slot;   /* the slot of the last injected fault */
  char trace[4096];          /* the slots called, space-separated (truncated when long) */
};

/* Initialises f around `inner` (copied) with no fault armed. */
void faulty_store_init(faulty_store *f, const redress_store *inner);

/* A vtable over f: the wrapped store's slots, with transaction slots only when the
 * wrapped store has them. f must outlive every desk given the vtable. */
redress_store faulty_store_vtable(faulty_store *f);

#endif

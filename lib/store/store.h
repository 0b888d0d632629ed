/* The store layer: the host's store as the desk holds it, the contract checks and
 * the built-in memory store. Saving, loading and listing complaints (persist.c) are
 * public functions. Not installed. */
#ifndef REDRESS_STORE_H
#define REDRESS_STORE_H

#include "deadlines/deadline.h"

/* The part of the desk this layer owns (base/base.h explains the chain). */
typedef struct rd_store_ctx {
  rd_deadline_ctx deadlines;
  redress_store store;
} rd_store_ctx;

static inline rd_store_ctx *rd_store_ctx_of(redress_desk *desk) {
  return (rd_store_ctx *)(void *)desk;
}

/* Checks a host store: version, *must* slots, all-or-none transaction slots. */
int rd_store_check(redress_desk *desk, const redress_store *s);
int rd_memory_store_new(redress_store *out, const redress_allocator *a);

#endif

/* The store layer: the host's store as the desk holds it, the contract checks and
 * the built-in memory store. Saving, loading and listing complaints (persist.c) are
 * public functions. Not installed. */
#ifndef RD_STORE_INTERNAL_H
#define RD_STORE_INTERNAL_H

#include "deadlines/deadline.h"

/* The part of the desk this layer owns (base/base.h explains the chain). */
typedef struct rd_store_ctx {
  rd_deadline_ctx deadlines;
  redress_store store;
} rd_store_ctx;

static inline rd_store_ctx *rd_store_ctx_of(redress_desk *desk) {
  return (rd_store_ctx *)(void *)desk;
}

/* Checks a host store: version and *must* slots. */
int rd_store_check(redress_desk *desk, const redress_store *s);
/* Copies a checked host store into *out, by its version (later members NULL). */
void rd_store_copy(redress_store *out, const redress_store *s);
/* Records that a slot of the desk's store failed with rc and returns
 * REDRESS_ERR_STORE. The message is fmt's text, the code's sentence, and the store's
 * own reason when its errmsg slot gives one. */
int rd_store_fail(redress_desk *desk, int rc, const char *fmt, ...) RD_PRINTF(3, 4);
int rd_memory_store_new(redress_store *out, const redress_allocator *a);

#endif

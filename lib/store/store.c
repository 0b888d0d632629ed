/* The store contract: checks on a host's vtable before a desk relies on it, and
 * the desk's message when a store fails. */
#include "store/store.h"

#include <stddef.h>
#include <string.h>

redress_store redress_store_init(void) {
  redress_store s = REDRESS_STORE_INIT;
  return s;
}

/* A NULL *must* slot would crash the first call that needs it; refuse it up front. */
static int check_required(redress_desk *desk, const redress_store *s) {
  const char *missing = s->load == NULL     ? "load"
                        : s->save == NULL   ? "save"
                        : s->remove == NULL ? "remove"
                        : s->scan == NULL   ? "scan"
                                            : NULL;
  if (missing == NULL) return REDRESS_OK;
  return rd_fail(desk, REDRESS_ERR_INVALID, "store: the required slot '%s' is NULL", missing);
}

int rd_store_check(redress_desk *desk, const redress_store *s) {
  if (s == NULL) return rd_fail(desk, REDRESS_ERR_INVALID, "store: the vtable is NULL");
  if (s->version != REDRESS_STORE_VERSION)
    return rd_fail(desk, REDRESS_ERR_VERSION,
                   "store: version %u is not supported (this library knows version %u)", s->version,
                   REDRESS_STORE_VERSION);
  return check_required(desk, s);
}

/* The one place a host's vtable is copied: when a later version appends slots, a
 * host built against an older header hands a smaller struct, and this copies only
 * the members its version has (version 1 is the whole struct). */
void rd_store_copy(redress_store *out, const redress_store *s) {
  memset(out, 0, sizeof *out);
  memcpy(out, s, sizeof *s);
}

/* A store's NOMEM is the caller's NOMEM: the contract keeps it apart from failures,
 * and the store gives no reason for it. */
int rd_store_fail(redress_desk *desk, const char *who, const char *slot, int rc) {
  const char *sep = who != NULL ? ": " : "";
  if (who == NULL) who = "";
  if (rc == REDRESS_ERR_NOMEM)
    return rd_fail(desk, rc, "%s%sstore.%s: out of memory", who, sep, slot);
  const redress_store *s = &rd_store_ctx_of(desk)->store;
  const char *why = s->errmsg != NULL ? s->errmsg(s->ud) : NULL;
  if (why == NULL || why[0] == '\0')
    return rd_fail(desk, REDRESS_ERR_STORE, "%s%sstore.%s failed: %s", who, sep, slot,
                   redress_strerror(rc));
  return rd_fail(desk, REDRESS_ERR_STORE, "%s%sstore.%s failed: %s: %s", who, sep, slot,
                 redress_strerror(rc), why);
}

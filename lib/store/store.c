/* The store contract: checks on a host's vtable before a desk relies on it, and
 * the desk's message when a store fails. */
#include "store/store.h"

#include <stddef.h>
#include <string.h>

/* ---- redress_store_init(): the 1.1 layout, and the 1.0 one for older programs ----- */

/* The vtable as the 1.0 header declared it (version 1: up to errmsg). A program built
 * against that header has room for this much only; tests/unit/test_versions.c checks
 * that it is the prefix of the current struct. */
typedef struct rd_store_v1 {
  unsigned version;
  void *ud;
  int (*load)(void *ud, const char *id, redress_record_cb cb, void *payload);
  int (*save)(void *ud, const redress_record *record, uint64_t expected_revision);
  int (*remove)(void *ud, const char *id, uint64_t expected_revision);
  int (*scan)(void *ud, redress_record_cb cb, void *payload);
  int (*due)(void *ud, redress_time until, redress_record_cb cb, void *payload);
  int (*by_customer)(void *ud, const char *customer_id, redress_record_cb cb, void *payload);
  void (*destroy)(void *ud);
  const char *(*errmsg)(void *ud);
} rd_store_v1;

typedef char rd_store_v1_is_a_prefix[offsetof(redress_store, feed) == sizeof(rd_store_v1) ? 1
                                                                                          : -1];

RD_SYMVER_IMPL redress_store rd_store_init_1_1(void);
RD_SYMVER_IMPL rd_store_v1 rd_store_init_1_0(void);

redress_store rd_store_init_1_1(void) {
  redress_store s = REDRESS_STORE_INIT;
  return s;
}
RD_SYMVER_DEFAULT(rd_store_init_1_1, redress_store_init, "REDRESS_1.1");
#if !RD_HAVE_SYMVER
redress_store redress_store_init(void) { return rd_store_init_1_1(); }
#endif

rd_store_v1 rd_store_init_1_0(void) {
  rd_store_v1 s;
  memset(&s, 0, sizeof s);
  s.version = 1;
  return s;
}
RD_SYMVER_OLD(rd_store_init_1_0, redress_store_init, "REDRESS_1.0");

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

/* A removal must reach the feed like a save: a store with a feed removes through
 * remove_logged, so a feed without it would lose removals. */
static int check_feed(redress_desk *desk, const redress_store *s) {
  if (s->version < 2 || s->feed == NULL || s->remove_logged != NULL) return REDRESS_OK;
  return rd_fail(desk, REDRESS_ERR_INVALID,
                 "store: a store with a feed slot needs remove_logged (removals go to the feed)");
}

int rd_store_check(redress_desk *desk, const redress_store *s) {
  if (s == NULL) return rd_fail(desk, REDRESS_ERR_INVALID, "store: the vtable is NULL");
  if (s->version < 1 || s->version > REDRESS_STORE_VERSION)
    return rd_fail(desk, REDRESS_ERR_VERSION,
                   "store: version %u is not supported (this library knows versions 1 to %u)",
                   s->version, REDRESS_STORE_VERSION);
  int rc = check_required(desk, s);
  return rc == REDRESS_OK ? check_feed(desk, s) : rc;
}

/* The one place a host's vtable is copied: a host built against an older header hands
 * a smaller struct, so this copies only the members its version has and leaves the
 * later slots NULL. */
void rd_store_copy(redress_store *out, const redress_store *s) {
  memset(out, 0, sizeof *out);
  memcpy(out, s, s->version >= 2 ? sizeof *s : sizeof(rd_store_v1));
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

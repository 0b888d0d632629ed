/* The store contract: checks on a host's vtable before a desk relies on it. */
#include "store/store.h"

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

/* Half a transaction interface would let a desk begin what it cannot finish. */
static int check_transactions(redress_desk *desk, const redress_store *s) {
  int given = (s->begin != NULL) + (s->commit != NULL) + (s->rollback != NULL);
  if (given == 0 || given == 3) return REDRESS_OK;
  return rd_fail(desk, REDRESS_ERR_INVALID,
                 "store: begin, commit and rollback must be given together or not at all "
                 "(begin %s, commit %s, rollback %s)",
                 s->begin != NULL ? "set" : "NULL", s->commit != NULL ? "set" : "NULL",
                 s->rollback != NULL ? "set" : "NULL");
}

int rd_store_check(redress_desk *desk, const redress_store *s) {
  if (s == NULL) return rd_fail(desk, REDRESS_ERR_INVALID, "store: the vtable is NULL");
  if (s->version != REDRESS_STORE_VERSION)
    return rd_fail(desk, REDRESS_ERR_VERSION,
                   "store: version %u is not supported (this library knows version %u)", s->version,
                   REDRESS_STORE_VERSION);
  int rc = check_required(desk, s);
  if (rc == REDRESS_OK) rc = check_transactions(desk, s);
  return rc;
}

/* The store contract: checks on a host's vtable before a desk relies on it, and
 * the desk's message when a store fails. */
#include "internal.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
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
  if (s->version < 1 || s->version > REDRESS_STORE_VERSION)
    return rd_fail(desk, REDRESS_ERR_VERSION,
                   "store: version %u is not supported (this library knows versions 1 to %u)",
                   s->version, REDRESS_STORE_VERSION);
  int rc = check_required(desk, s);
  if (rc == REDRESS_OK) rc = check_transactions(desk, s);
  return rc;
}

/* A host built against an older header hands a smaller struct: copy only the
 * members its version has, and leave the later ones NULL. */
void rd_store_copy(redress_store *out, const redress_store *s) {
  size_t size = s->version >= 2 ? sizeof *s : offsetof(redress_store, errmsg);
  memset(out, 0, sizeof *out);
  memcpy(out, s, size);
}

int rd_store_fail(redress_desk *desk, int rc, const char *fmt, ...) {
  char what[RD_ERRMSG_BYTES / 2];
  va_list ap;
  va_start(ap, fmt);
  (void)vsnprintf(what, sizeof what, fmt, ap);
  va_end(ap);
  const redress_store *s = &desk->store;
  const char *why = s->errmsg != NULL ? s->errmsg(s->ud) : NULL;
  if (why == NULL || why[0] == '\0')
    return rd_fail(desk, REDRESS_ERR_STORE, "%s: %s", what, redress_strerror(rc));
  return rd_fail(desk, REDRESS_ERR_STORE, "%s: %s: %s", what, redress_strerror(rc), why);
}

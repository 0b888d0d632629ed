/*
 * Complaint ids by prefix, as git takes commit ids: an id that exists is itself;
 * otherwise the one complaint whose id starts with what was given. Several such
 * complaints are an error that lists them, and a prefix shorter than ID_PREFIX_MIN is
 * refused (it would soon match several). Only a miss scans the records.
 */
#include <string.h>

#include "cli.h"

#define LISTED 8 /* candidates named in the error */

typedef struct matches {
  const char *prefix;
  size_t len, count;
  char ids[LISTED][REDRESS_MAX_ID_BYTES + 1];
} matches;

static int match(const redress_record *r, void *payload) {
  matches *m = payload;
  if (strncmp(r->id, m->prefix, m->len) != 0) return 0;
  if (m->count < LISTED) snprintf(m->ids[m->count], sizeof m->ids[0], "%s", r->id);
  m->count++;
  return 0;
}

static int ambiguous(app *a, const matches *m) {
  char list[LISTED * (REDRESS_MAX_ID_BYTES + 2) + 32] = "";
  size_t used = 0;
  for (size_t i = 0; i < m->count && i < LISTED; i++) {
    int n = snprintf(list + used, sizeof list - used, "%s%s", i ? ", " : "", m->ids[i]);
    if (n > 0) used += (size_t)n;
  }
  if (m->count > LISTED) snprintf(list + used, sizeof list - used, " and %zu more", m->count - LISTED);
  return app_usage(a, "id prefix '%s' is ambiguous: %zu complaints start with it: %s", m->prefix,
                   m->count, list);
}

int resolve_id(app *a, const char *given, char *out) {
  snprintf(out, REDRESS_MAX_ID_BYTES + 1, "%s", given);
  redress_complaint *c = NULL;
  int lib = redress_desk_load(&c, a->desk, given);
  redress_complaint_free(c);
  if (lib != REDRESS_ERR_NOTFOUND) return EXIT_OK; /* found, or the command says why not */
  size_t len = strlen(given);
  if (len < ID_PREFIX_MIN)
    return app_usage(a, "no complaint '%s', and a prefix needs %d characters at least", given,
                     ID_PREFIX_MIN);
  matches m = {given, len, 0, {{0}}};
  const redress_store *s = &a->records;
  int rc = s->scan(s->ud, match, &m);
  if (rc != REDRESS_OK) return app_fail_store(a, rc, "id prefix");
  if (m.count > 1) return ambiguous(a, &m);
  if (m.count == 1) snprintf(out, REDRESS_MAX_ID_BYTES + 1, "%s", m.ids[0]);
  return EXIT_OK; /* none: the command reports the id as not found */
}

/* Reading records: the one way a record becomes a complaint, and the queries every
 * layer above reads the store through (the tick's due records, the metrics' window,
 * the classifier's customer history, redress_desk_each). */
#include "store/store.h"

#include <stdint.h>
#include <string.h>

/* A store that hands a desk another tenant's record has mixed tenants up: showing the
 * record (or saving over it) would leak or overwrite a stranger's complaint. */
static int foreign(redress_desk *desk, const redress_record *rec, const char *slot) {
  const char *mine = rd_store_tenant(desk);
  const char *theirs = rd_record_tenant(rec);
  if (strcmp(mine, theirs) == 0) return REDRESS_OK;
  return rd_fail(desk, REDRESS_ERR_STORE,
                 "store.%s gave record '%.128s' of tenant '%.128s' to a desk of tenant '%.128s'",
                 slot, rec->id != NULL ? rec->id : "(null)", theirs, mine);
}

int rd_store_decode(redress_complaint **out, redress_desk *desk, const redress_record *rec) {
  int rc = foreign(desk, rec, "load");
  if (rc != REDRESS_OK) return rc;
  redress_complaint *c = NULL;
  rc = rd_json_decode(&c, desk, rec->doc, rec->doc_len);
  if (rc != REDRESS_OK) return rc;
  if (rec->id == NULL || strcmp(c->id, rec->id) != 0) {
    redress_complaint_free(c);
    return rd_fail(desk, REDRESS_ERR_PARSE, "stored record '%s' holds another complaint",
                   rec->id != NULL ? rec->id : "(null)");
  }
  /* A revision is read back as int64 (redress_complaint_number): one above INT64_MAX
   * would come out negative, and no store counts that far but a broken one. */
  if (rec->revision > (uint64_t)INT64_MAX) {
    redress_complaint_free(c);
    return rd_fail(desk, REDRESS_ERR_STORE,
                   "stored record '%s' has revision %llu, above the 2^63-1 a revision may be",
                   rec->id, (unsigned long long)rec->revision);
  }
  c->revision = rec->revision;
  c->saved_events = c->n_events; /* the stored revision holds all of it */
  c->saved_alarms = c->n_alarms;
  *out = c;
  return REDRESS_OK;
}

/* ---- queries --------------------------------------------------------------------- */

static int in_range(const rd_store_query *q, const redress_record *rec) {
  switch (q->range) {
  case RD_STORE_DUE: return rec->next_alarm <= q->until;
  case RD_STORE_CUSTOMER:
    return rec->customer_id != NULL && strcmp(rec->customer_id, q->customer_id) == 0;
  default: return 1;
  }
}

static int takes(const rd_store_query *q, const redress_record *rec) {
  return in_range(q, rec) && (q->keep == NULL || q->keep(rec, q->payload));
}

/* Runs the slot the query's range reads through; *slot names it for messages. */
static int run(redress_desk *desk, const rd_store_query *q, redress_record_cb cb, void *payload,
               const char **slot) {
  const redress_store *s = &rd_store_ctx_of(desk)->store;
  if (q->range == RD_STORE_DUE && s->due != NULL) {
    *slot = "due";
    return s->due(s->ud, q->until, cb, payload);
  }
  if (q->range == RD_STORE_CUSTOMER && s->by_customer != NULL) {
    *slot = "by_customer";
    return s->by_customer(s->ud, q->customer_id, cb, payload);
  }
  *slot = "scan";
  return s->scan(s->ud, cb, payload);
}

/* ---- ids ------------------------------------------------------------------------- */

typedef struct ids_ctx {
  const rd_store_query *q;
  redress_desk *desk;
  rd_store_ids *out;
  const char *const *slot; /* the slot run() calls, for messages */
  int rc;      /* why the callback stopped the store */
  int worded;  /* the desk's message already says why */
} ids_ctx;

static int copy_id(const redress_record *rec, void *payload) {
  ids_ctx *x = payload;
  if (rec->id == NULL) {
    x->rc = REDRESS_ERR_STORE;
    return 1;
  }
  x->rc = foreign(x->desk, rec, *x->slot);
  if (x->rc != REDRESS_OK) {
    x->worded = 1;
    return 1;
  }
  if (!takes(x->q, rec)) return 0;
  const redress_allocator *a = rd_desk_alloc(x->desk);
  rd_store_ids *l = x->out;
  void *items = l->ids;
  int rc = rd_reserve(a, &items, &l->cap, l->n + 1, sizeof *l->ids);
  l->ids = items;
  char *id = rc == REDRESS_OK ? rd_memdup(a, rec->id, strlen(rec->id)) : NULL;
  if (id == NULL) {
    x->rc = REDRESS_ERR_NOMEM;
    return 1;
  }
  l->ids[l->n++] = id;
  return 0;
}

int rd_store_ids_of(rd_store_ids *out, redress_desk *desk, const rd_store_query *q) {
  memset(out, 0, sizeof *out);
  const char *slot = NULL;
  ids_ctx x = {q, desk, out, &slot, REDRESS_OK, 0};
  int rc = run(desk, q, copy_id, &x, &slot);
  if (x.worded) return x.rc;
  if (x.rc == REDRESS_ERR_NOMEM) return rd_fail(desk, x.rc, "%s: out of memory", q->who);
  if (x.rc != REDRESS_OK)
    return rd_fail(desk, x.rc, "%s: store.%s gave a record without an id", q->who, slot);
  return rc == REDRESS_OK ? REDRESS_OK : rd_store_fail(desk, q->who, slot, rc);
}

void rd_store_ids_free(rd_store_ids *ids, redress_desk *desk) {
  const redress_allocator *a = rd_desk_alloc(desk);
  for (size_t i = 0; i < ids->n; i++) rd_free(a, ids->ids[i]);
  rd_free(a, ids->ids);
  memset(ids, 0, sizeof *ids);
}

/* ---- decoded complaints ---------------------------------------------------------- */

typedef struct visit_ctx {
  const rd_store_query *q;
  redress_desk *desk;
  rd_store_visit_cb cb;
  void *payload;
  const char *const *slot; /* the slot run() calls, for messages */
  int rc; /* why the callback stopped the store */
} visit_ctx;

static int visit_one(const redress_record *rec, void *payload) {
  visit_ctx *x = payload;
  x->rc = foreign(x->desk, rec, *x->slot);
  if (x->rc != REDRESS_OK) return 1;
  if (!takes(x->q, rec)) return 0;
  redress_complaint *c = NULL;
  x->rc = rd_store_decode(&c, x->desk, rec);
  if (x->rc != REDRESS_OK) return 1;
  x->rc = x->cb(c, x->payload);
  redress_complaint_free(c);
  return x->rc != REDRESS_OK;
}

int rd_store_visit(redress_desk *desk, const rd_store_query *q, rd_store_visit_cb cb,
                   void *payload) {
  const char *slot = NULL;
  visit_ctx x = {q, desk, cb, payload, &slot, REDRESS_OK};
  int rc = run(desk, q, visit_one, &x, &slot);
  if (x.rc != REDRESS_OK) return x.rc;
  return rc == REDRESS_OK ? REDRESS_OK : rd_store_fail(desk, q->who, slot, rc);
}

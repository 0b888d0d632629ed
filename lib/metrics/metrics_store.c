/* Adding the stored complaints received in a window.
 *
 * A store callback must not call back into the store (the memory store holds its
 * lock during callbacks), and classifying a complaint may read the store. So the
 * scan only collects the ids of the complaints in the window, filtered on the
 * record's received_at column without decoding the others; each is then loaded and
 * added outside the scan. They are added to a scratch accumulator that is merged
 * at the end, so a failure half-way leaves the accumulator as it was. */
#include "metrics/metrics.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct id_list {
  const redress_allocator *alloc;
  redress_time from, to;
  char **ids;
  size_t n, cap;
  int rc; /* why the scan was stopped */
} id_list;

static int collect(const redress_record *rec, void *payload) {
  id_list *l = payload;
  if (rec->received_at < l->from || rec->received_at >= l->to) return 0;
  if (rec->id == NULL) {
    l->rc = REDRESS_ERR_STORE;
    return 1;
  }
  void *ids = l->ids;
  char *id = NULL;
  if (rd_reserve(l->alloc, &ids, &l->cap, l->n + 1, sizeof *l->ids) == REDRESS_OK)
    id = rd_memdup(l->alloc, rec->id, strlen(rec->id));
  l->ids = ids;
  if (id == NULL) {
    l->rc = REDRESS_ERR_NOMEM;
    return 1;
  }
  l->ids[l->n++] = id;
  return 0;
}

static void free_ids(id_list *l) {
  for (size_t i = 0; i < l->n; i++) rd_free(l->alloc, l->ids[i]);
  rd_free(l->alloc, l->ids);
}

static int by_id(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static int scan_ids(id_list *l, redress_desk *desk) {
  int rc = rd_store_ctx_of(desk)->store.scan(rd_store_ctx_of(desk)->store.ud, collect, l);
  if (l->rc == REDRESS_ERR_NOMEM) return rd_fail(desk, REDRESS_ERR_NOMEM, "out of memory");
  if (l->rc != REDRESS_OK) return rd_fail(desk, l->rc, "store.scan: a record without an id");
  if (rc == REDRESS_ERR_NOMEM) return rd_fail(desk, rc, "store.scan: out of memory");
  if (rc != REDRESS_OK)
    return rd_store_fail(desk, rc, "store.scan failed");
  /* ascending ids: the same groups in the same order, whatever order the store keeps */
  if (l->n > 1) qsort(l->ids, l->n, sizeof *l->ids, by_id);
  return REDRESS_OK;
}

/* A stored document that does not decode fails the whole addition; the message names
 * the complaint, since the caller gave no id and cannot tell which one it was. */
static int add_one(redress_metrics *scratch, const char *id) {
  redress_complaint *c = NULL;
  redress_desk *desk = scratch->desk;
  int rc = redress_desk_load(&c, desk, id);
  if (rc == REDRESS_ERR_NOTFOUND) return REDRESS_OK; /* removed since the scan */
  if (rc == REDRESS_ERR_PARSE || rc == REDRESS_ERR_RANGE) {
    char why[RD_ERRMSG_BYTES];
    snprintf(why, sizeof why, "%s", rd_ctx_of(desk)->errmsg);
    return rd_fail(desk, rc, "complaint '%.64s': %.400s", id, why);
  }
  if (rc == REDRESS_OK) rc = rd_metrics_add(scratch, c);
  redress_complaint_free(c);
  return rc;
}

static int add_all(redress_metrics *m, const id_list *l) {
  redress_metrics *scratch = NULL;
  int rc = rd_metrics_twin(&scratch, m);
  for (size_t i = 0; rc == REDRESS_OK && i < l->n; i++) rc = add_one(scratch, l->ids[i]);
  if (rc == REDRESS_OK) rc = rd_metrics_merge(m, scratch);
  redress_metrics_free(scratch);
  return rc;
}

int redress_metrics_add_store(redress_metrics *metrics, redress_time from, redress_time to) {
  if (metrics == NULL) return REDRESS_ERR_INVALID;
  redress_desk *desk = metrics->desk;
  rd_ok(desk);
  int rc = rd_check_time(desk, "metrics_add_store: from", from);
  if (rc != REDRESS_OK) return rc;
  if (to < from)
    return rd_fail(desk, REDRESS_ERR_INVALID, "metrics_add_store: to is before from");
  id_list l = {&metrics->alloc, from, to, NULL, 0, 0, REDRESS_OK};
  rc = scan_ids(&l, desk);
  if (rc == REDRESS_OK) rc = add_all(metrics, &l);
  free_ids(&l);
  if (rc == REDRESS_OK) rd_ok(desk);
  return rc;
}

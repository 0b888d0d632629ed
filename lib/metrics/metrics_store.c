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

typedef struct window {
  redress_time from, to;
} window;

static int received_in(const redress_record *rec, void *payload) {
  const window *w = payload;
  return rec->received_at >= w->from && rec->received_at < w->to;
}

static int by_id(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Filtered on the record's received_at column, without decoding the others. */
static int window_ids(rd_store_ids *out, redress_desk *desk, window *w) {
  rd_store_query q = {"metrics_add_store", RD_STORE_ALL, 0, NULL, received_in, w};
  int rc = rd_store_ids_of(out, desk, &q);
  /* ascending ids: the same groups in the same order, whatever order the store keeps */
  if (rc == REDRESS_OK && out->n > 1) qsort(out->ids, out->n, sizeof *out->ids, by_id);
  return rc;
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

static int add_all(redress_metrics *m, const rd_store_ids *l) {
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
  window w = {from, to};
  rd_store_ids ids;
  rc = window_ids(&ids, desk, &w);
  if (rc == REDRESS_OK) rc = add_all(metrics, &ids);
  rd_store_ids_free(&ids, desk);
  if (rc == REDRESS_OK) rd_ok(desk);
  return rc;
}

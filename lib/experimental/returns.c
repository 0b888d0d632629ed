/* redress_desk_return(): checks the request, reads every stored complaint received
 * before the end of the period in ascending id order, and hands each to the kind's
 * writer. As in redress_metrics_add_store(), the store is scanned for ids first
 * (filtered on the record's received_at column) and the complaints are loaded after
 * the scan: a store must not be called back from inside its own iteration. */
#include "experimental/returns.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int received_before(const redress_record *rec, void *payload) {
  return rec->received_at < *(const redress_time *)payload;
}

static int by_id(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static int check_request(redress_desk *desk, int kind, int format, redress_time from,
                         redress_time to) {
  if (kind < 0 || kind >= REDRESS_RETURN_KIND_COUNT)
    return rd_fail(desk, REDRESS_ERR_INVALID, "return: unknown kind %d", kind);
  if (format < 0 || format >= REDRESS_RETURN_FORMAT_COUNT)
    return rd_fail(desk, REDRESS_ERR_INVALID, "return: unknown format %d", format);
  int rc = rd_check_time(desk, "return: from", from);
  if (rc == REDRESS_OK) rc = rd_check_time(desk, "return: to", to);
  if (rc == REDRESS_OK && to <= from)
    rc = rd_fail(desk, REDRESS_ERR_INVALID, "return: the period is empty (to is not after from)");
  return rc;
}

/* A stored document that does not decode fails the return; the message names it. */
static int add_one(rd_return_run *run, const rd_return_kind_ops *ops, void *state,
                   const char *id) {
  redress_complaint *c = NULL;
  int rc = redress_desk_load(&c, run->desk, id);
  if (rc == REDRESS_ERR_NOTFOUND) return REDRESS_OK; /* removed since the scan */
  if (rc == REDRESS_ERR_PARSE || rc == REDRESS_ERR_RANGE) {
    char why[RD_ERRMSG_BYTES];
    snprintf(why, sizeof why, "%s", rd_ctx_of(run->desk)->errmsg);
    return rd_fail(run->desk, rc, "return: complaint '%.64s': %.400s", id, why);
  }
  if (rc == REDRESS_OK) rc = ops->add(state, run, c);
  redress_complaint_free(c);
  return rc;
}

static int run_kind(rd_return_run *run, const rd_return_kind_ops *ops, const rd_store_ids *ids) {
  void *state = NULL;
  int rc = ops->begin(&state, run);
  for (size_t i = 0; rc == REDRESS_OK && i < ids->n; i++) {
    rc = add_one(run, ops, state, ids->ids[i]);
    if (rc == REDRESS_OK) rc = run->out->rc;
  }
  if (rc == REDRESS_OK) rc = ops->end(state, run);
  if (rc == REDRESS_OK) rc = rd_out_flush(run->out);
  if (rc == REDRESS_ERR_USER) rc = rd_fail(run->desk, rc, "return: the write callback stopped");
  if (state != NULL) ops->free(state, run);
  return rc;
}

int redress_desk_return(redress_desk *desk, int kind, int format, redress_time from,
                        redress_time to, redress_write_cb write, void *payload) {
  if (desk == NULL) return REDRESS_ERR_INVALID;
  if (write == NULL) return rd_fail(desk, REDRESS_ERR_INVALID, "return: write is required");
  rd_ok(desk);
  int rc = check_request(desk, kind, format, from, to);
  if (rc != REDRESS_OK) return rc;
  rd_store_query q = {"return", RD_STORE_ALL, 0, NULL, received_before, &to};
  rd_store_ids ids;
  rc = rd_store_ids_of(&ids, desk, &q);
  if (rc == REDRESS_OK && ids.n > 1) qsort(ids.ids, ids.n, sizeof *ids.ids, by_id);
  rd_out *out = rc == REDRESS_OK ? rd_alloc(rd_desk_alloc(desk), sizeof *out) : NULL;
  if (rc == REDRESS_OK && out == NULL) rc = rd_fail(desk, REDRESS_ERR_NOMEM, "return: out of memory");
  if (out != NULL) {
    out->write = write;
    out->payload = payload;
    out->rc = REDRESS_OK;
    out->len = 0;
    rd_return_run run = {desk, format, from, to, out};
    rc = run_kind(&run, kind == REDRESS_RETURN_FCA ? &rd_return_fca : &rd_return_asic, &ids);
  }
  rd_free(rd_desk_alloc(desk), out);
  rd_store_ids_free(&ids, desk);
  if (rc == REDRESS_OK) rd_ok(desk);
  return rc;
}

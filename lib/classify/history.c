/* The customer's earlier complaints, read from the desk's store: how many in the
 * window, the compensation paid on them, and how many share this category. */
#include "classify/classify.h"

#include <string.h>

#define SECONDS_PER_DAY 86400

typedef struct history_ctx {
  redress_desk *desk;
  const redress_complaint *c;
  redress_time from;
  rd_history *out;
  int rc;
} history_ctx;

static int same_text(const char *a, const char *b) {
  return a != NULL && b != NULL && strcmp(a, b) == 0;
}

static int in_window(const history_ctx *h, const redress_record *rec) {
  return rec->customer_id != NULL && rec->id != NULL &&
         strcmp(rec->customer_id, h->c->customer_id) == 0 && strcmp(rec->id, h->c->id) != 0 &&
         rec->received_at >= h->from && rec->received_at <= h->c->received_at;
}

static void count(history_ctx *h, const redress_complaint *other) {
  h->out->complaints++;
  int decision = other->decision;
  int64_t paid = other->compensation;
  if ((decision == REDRESS_DECISION_UPHELD || decision == REDRESS_DECISION_PARTLY_UPHELD) &&
      paid != REDRESS_AMOUNT_UNKNOWN)
    h->out->compensation = rd_add_sat(h->out->compensation, paid);
  if (same_text(other->category, h->c->category)) h->out->same_category++;
}

static int on_record(const redress_record *rec, void *payload) {
  history_ctx *h = payload;
  if (!in_window(h, rec)) return 0;
  redress_complaint *other = NULL;
  h->rc = redress_complaint_from_json(&other, h->desk, rec->doc, rec->doc_len);
  if (h->rc != REDRESS_OK) return 1;
  count(h, other);
  redress_complaint_free(other);
  return 0;
}

int rd_history_collect(rd_history *out, redress_desk *desk, const redress_complaint *c,
                       uint32_t days) {
  memset(out, 0, sizeof *out);
  history_ctx h = {desk, c, 0, out, REDRESS_OK};
  int64_t span = (int64_t)days * SECONDS_PER_DAY;
  h.from = c->received_at > span ? c->received_at - span : 0;
  const redress_store *st = &rd_store_ctx_of(desk)->store;
  int rc = st->by_customer != NULL ? st->by_customer(st->ud, c->customer_id, on_record, &h)
                                   : st->scan(st->ud, on_record, &h);
  if (h.rc != REDRESS_OK) return h.rc;
  if (rc == REDRESS_ERR_NOMEM) return rd_fail(desk, rc, "classify: out of memory reading the history");
  if (rc != REDRESS_OK)
    return rd_store_fail(desk, rc, "classify: the store failed reading the history");
  return REDRESS_OK;
}

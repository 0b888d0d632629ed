/* The customer's earlier complaints, read from the desk's store: how many in the
 * window, the compensation paid on them, and how many share this category. */
#include "classify/classify.h"

#include <string.h>

#define SECONDS_PER_DAY 86400

typedef struct history_ctx {
  const redress_complaint *c;
  redress_time from;
  rd_history *out;
} history_ctx;

static int same_text(const char *a, const char *b) {
  return a != NULL && b != NULL && strcmp(a, b) == 0;
}

/* Judged on the record's columns: the others are not decoded. */
static int in_window(const redress_record *rec, void *payload) {
  const history_ctx *h = payload;
  return rec->id != NULL && strcmp(rec->id, h->c->id) != 0 && rec->received_at >= h->from &&
         rec->received_at <= h->c->received_at;
}

static int count(const redress_complaint *other, void *payload) {
  history_ctx *h = payload;
  h->out->complaints++;
  int decision = other->decision;
  int64_t paid = other->compensation;
  if ((decision == REDRESS_DECISION_UPHELD || decision == REDRESS_DECISION_PARTLY_UPHELD) &&
      paid != REDRESS_AMOUNT_UNKNOWN)
    h->out->compensation = rd_add_sat(h->out->compensation, paid);
  if (same_text(other->category, h->c->category)) h->out->same_category++;
  return REDRESS_OK;
}

int rd_history_collect(rd_history *out, redress_desk *desk, const redress_complaint *c,
                       uint32_t days) {
  memset(out, 0, sizeof *out);
  history_ctx h = {c, 0, out};
  int64_t span = (int64_t)days * SECONDS_PER_DAY;
  h.from = c->received_at > span ? c->received_at - span : 0;
  rd_store_query q = {"classify: history", RD_STORE_CUSTOMER, 0, c->customer_id, in_window, &h};
  return rd_store_visit(desk, &q, count, &h);
}

/* The FCA complaints return figures (DISP 1 Annex 1R; the definitions of each figure
 * in docs/returns.md): counted for the total and for each product and each cause,
 * then written sorted by key, as JSON or CSV. */
#include "experimental/returns.h"

#include <stdlib.h>
#include <string.h>

#define EIGHT_WEEKS ((redress_time)8 * 7 * RD_SECS_PER_DAY)

typedef struct fca_figures {
  uint64_t outstanding_at_start, opened, closed;
  uint64_t within_3_days, within_8_weeks, after_8_weeks;
  uint64_t upheld;
  int64_t redress; /* minor units; sums of int64 amounts checked against overflow */
} fca_figures;

typedef struct fca_group {
  char *key; /* the product or cause; "" for complaints without one */
  fca_figures f;
} fca_group;

typedef struct fca_groups {
  fca_group *items;
  size_t n, cap;
} fca_groups;

typedef struct fca_state {
  fca_figures total;
  fca_groups by_product, by_cause;
} fca_state;

static int fca_begin(void **state, rd_return_run *run) {
  fca_state *s = rd_alloc(rd_desk_alloc(run->desk), sizeof *s);
  if (s == NULL) return rd_fail(run->desk, REDRESS_ERR_NOMEM, "return: out of memory");
  memset(s, 0, sizeof *s);
  *state = s;
  return REDRESS_OK;
}

static void free_groups(fca_groups *g, const redress_allocator *a) {
  for (size_t i = 0; i < g->n; i++) rd_free(a, g->items[i].key);
  rd_free(a, g->items);
}

static void fca_free(void *state, rd_return_run *run) {
  fca_state *s = state;
  if (s == NULL) return;
  free_groups(&s->by_product, rd_desk_alloc(run->desk));
  free_groups(&s->by_cause, rd_desk_alloc(run->desk));
  rd_free(rd_desk_alloc(run->desk), s);
}

/* The group of key, appended when new. Few products and causes: a linear search. */
static int group_of(fca_figures **out, fca_groups *g, rd_return_run *run, const char *key) {
  if (key == NULL) key = "";
  for (size_t i = 0; i < g->n; i++)
    if (strcmp(g->items[i].key, key) == 0) {
      *out = &g->items[i].f;
      return REDRESS_OK;
    }
  const redress_allocator *a = rd_desk_alloc(run->desk);
  void *items = g->items;
  int rc = rd_reserve(a, &items, &g->cap, g->n + 1, sizeof *g->items);
  g->items = items;
  char *copy = rc == REDRESS_OK ? rd_memdup(a, key, strlen(key)) : NULL;
  if (copy == NULL) return rd_fail(run->desk, REDRESS_ERR_NOMEM, "return: out of memory");
  memset(&g->items[g->n], 0, sizeof g->items[g->n]);
  g->items[g->n].key = copy;
  *out = &g->items[g->n++].f;
  return REDRESS_OK;
}

/* What one complaint adds to a set of figures. */
typedef struct fca_contribution {
  int outstanding, opened, closed, within_3_days, within_8_weeks, after_8_weeks, upheld;
  int64_t redress;
} fca_contribution;

static int count(fca_figures *f, const fca_contribution *k, redress_desk *desk) {
  if (k->redress > 0 && f->redress > INT64_MAX - k->redress)
    return rd_fail(desk, REDRESS_ERR_RANGE, "return: redress paid exceeds %lld minor units",
                   (long long)INT64_MAX);
  f->outstanding_at_start += (uint64_t)k->outstanding;
  f->opened += (uint64_t)k->opened;
  f->closed += (uint64_t)k->closed;
  f->within_3_days += (uint64_t)k->within_3_days;
  f->within_8_weeks += (uint64_t)k->within_8_weeks;
  f->after_8_weeks += (uint64_t)k->after_8_weeks;
  f->upheld += (uint64_t)k->upheld;
  f->redress += k->redress;
  return REDRESS_OK;
}

static int contribution(fca_contribution *k, rd_return_run *run, const redress_complaint *c) {
  memset(k, 0, sizeof *k);
  rd_return_facts at_start, at_end;
  int rc = rd_return_facts_of(&at_end, c, run->to, 1);
  if (rc == REDRESS_OK) rc = rd_return_facts_of(&at_start, c, run->from, 0);
  if (rc != REDRESS_OK) return rc;
  k->outstanding = c->received_at < run->from && at_start.closed_at == REDRESS_TIME_NEVER;
  k->opened = c->received_at >= run->from;
  k->closed = at_end.closed_at >= run->from && at_end.closed_at < run->to;
  if (!k->closed) return REDRESS_OK;
  k->within_3_days = at_end.closed_at <= at_end.three_days;
  k->within_8_weeks = !k->within_3_days && at_end.closed_at - c->received_at <= EIGHT_WEEKS;
  k->after_8_weeks = !k->within_3_days && !k->within_8_weeks;
  k->upheld = at_end.decision == REDRESS_DECISION_UPHELD ||
              at_end.decision == REDRESS_DECISION_PARTLY_UPHELD;
  k->redress = at_end.compensation > 0 ? at_end.compensation : 0;
  return REDRESS_OK;
}

static int fca_add(void *state, rd_return_run *run, const redress_complaint *c) {
  fca_state *s = state;
  fca_contribution k;
  int rc = contribution(&k, run, c);
  if (rc != REDRESS_OK || !(k.outstanding || k.opened || k.closed)) return rc;
  fca_figures *product = NULL, *cause = NULL;
  rc = group_of(&product, &s->by_product, run, c->product);
  if (rc == REDRESS_OK) rc = group_of(&cause, &s->by_cause, run, c->cause);
  if (rc == REDRESS_OK) rc = count(&s->total, &k, run->desk);
  /* a group's redress is part of the total's, so it cannot overflow when the total did not */
  if (rc == REDRESS_OK) (void)count(product, &k, run->desk);
  if (rc == REDRESS_OK) (void)count(cause, &k, run->desk);
  return rc;
}

/* ---- writing ----------------------------------------------------------------- */

static int by_key(const void *a, const void *b) {
  return strcmp(((const fca_group *)a)->key, ((const fca_group *)b)->key);
}

static const char *const figure_names[] = {
    "outstanding_at_start", "opened", "closed", "closed_within_3_business_days",
    "closed_after_3_business_days_within_8_weeks", "closed_after_8_weeks", "upheld",
    "upheld_percent", "redress_paid"};
#define N_FIGURES (sizeof figure_names / sizeof *figure_names)

static void counts_of(uint64_t v[7], const fca_figures *f) {
  v[0] = f->outstanding_at_start;
  v[1] = f->opened;
  v[2] = f->closed;
  v[3] = f->within_3_days;
  v[4] = f->within_8_weeks;
  v[5] = f->after_8_weeks;
  v[6] = f->upheld;
}

static void json_figures(rd_out *o, const fca_figures *f) {
  uint64_t v[7];
  counts_of(v, f);
  for (size_t i = 0; i < 7; i++) {
    rd_out_str(o, i == 0 ? "\"" : ",\"");
    rd_out_str(o, figure_names[i]);
    rd_out_str(o, "\":");
    rd_out_uint(o, v[i]);
  }
  rd_out_str(o, ",\"upheld_percent\":");
  if (f->closed == 0) rd_out_str(o, "null");
  else rd_out_percent(o, f->upheld, f->closed);
  rd_out_str(o, ",\"redress_paid\":\"");
  rd_out_money(o, f->redress);
  rd_out_str(o, "\"");
}

static void json_groups(rd_out *o, const char *name, const char *member, const fca_groups *g) {
  rd_out_str(o, ",\"");
  rd_out_str(o, name);
  rd_out_str(o, "\":[");
  for (size_t i = 0; i < g->n; i++) {
    rd_out_str(o, i == 0 ? "{\"" : ",{\"");
    rd_out_str(o, member);
    rd_out_str(o, "\":");
    rd_out_json_string(o, g->items[i].key);
    rd_out_str(o, ",");
    json_figures(o, &g->items[i].f);
    rd_out_str(o, "}");
  }
  rd_out_str(o, "]");
}

static void write_json(rd_out *o, const fca_state *s, const rd_return_run *run) {
  rd_out_str(o, "{\"return\":\"fca_complaints\",\"source\":\"FCA Handbook DISP 1 Annex 1R\","
                "\"from\":\"");
  rd_out_instant(o, run->from);
  rd_out_str(o, "\",\"to\":\"");
  rd_out_instant(o, run->to);
  rd_out_str(o, "\",\"total\":{");
  json_figures(o, &s->total);
  rd_out_str(o, "}");
  json_groups(o, "by_product", "product", &s->by_product);
  json_groups(o, "by_cause", "cause", &s->by_cause);
  rd_out_str(o, "}\n");
}

static void csv_row(rd_out *o, const char *grouping, const char *key, const fca_figures *f) {
  rd_out_str(o, grouping);
  rd_out_str(o, ",");
  rd_out_csv_field(o, key);
  uint64_t v[7];
  counts_of(v, f);
  for (size_t i = 0; i < 7; i++) {
    rd_out_str(o, ",");
    rd_out_uint(o, v[i]);
  }
  rd_out_str(o, ",");
  if (f->closed > 0) rd_out_percent(o, f->upheld, f->closed);
  rd_out_str(o, ",");
  rd_out_money(o, f->redress);
  rd_out_str(o, "\r\n");
}

static void write_csv(rd_out *o, const fca_state *s) {
  rd_out_str(o, "grouping,key");
  for (size_t i = 0; i < N_FIGURES; i++) {
    rd_out_str(o, ",");
    rd_out_str(o, figure_names[i]);
  }
  rd_out_str(o, "\r\n");
  csv_row(o, "total", "", &s->total);
  for (size_t i = 0; i < s->by_product.n; i++)
    csv_row(o, "product", s->by_product.items[i].key, &s->by_product.items[i].f);
  for (size_t i = 0; i < s->by_cause.n; i++)
    csv_row(o, "cause", s->by_cause.items[i].key, &s->by_cause.items[i].f);
}

static int fca_end(void *state, rd_return_run *run) {
  fca_state *s = state;
  if (s->by_product.n > 1)
    qsort(s->by_product.items, s->by_product.n, sizeof *s->by_product.items, by_key);
  if (s->by_cause.n > 1)
    qsort(s->by_cause.items, s->by_cause.n, sizeof *s->by_cause.items, by_key);
  if (run->format == REDRESS_RETURN_JSON) write_json(run->out, s, run);
  else write_csv(run->out, s);
  return REDRESS_OK;
}

const rd_return_kind_ops rd_return_fca = {fca_begin, fca_add, fca_end, fca_free};

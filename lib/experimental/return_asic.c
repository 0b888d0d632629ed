/* The ASIC IDR data report: one record per complaint received in the period or still
 * open at its start, written as each complaint is read (docs/returns.md maps every
 * field of ASIC's data dictionary, and says which ones the library cannot fill). */
#include "experimental/returns.h"

#include <string.h>

/* The record's fields, in order. The last four are ASIC fields the library holds
 * nothing for: written empty, so that the file has ASIC's shape. */
static const char *const columns[] = {
    "complaint_id",        "brand",          "received_date",       "received_method",
    "product",             "issue",          "status",              "closed_date",
    "days_to_close",       "outcome",        "financial_compensation",
    "complainant_gender",  "complainant_age", "complainant_postcode", "representative"};
#define N_COLUMNS (sizeof columns / sizeof *columns)

enum { C_ID, C_BRAND, C_RECEIVED, C_METHOD, C_PRODUCT, C_ISSUE, C_STATUS, C_CLOSED, C_DAYS,
       C_OUTCOME, C_COMPENSATION };

typedef struct asic_state {
  size_t records;
} asic_state;

static int asic_begin(void **state, rd_return_run *run) {
  asic_state *s = rd_alloc(rd_desk_alloc(run->desk), sizeof *s);
  if (s == NULL) return rd_fail(run->desk, REDRESS_ERR_NOMEM, "return: out of memory");
  s->records = 0;
  *state = s;
  rd_out *o = run->out;
  if (run->format == REDRESS_RETURN_CSV) {
    for (size_t i = 0; i < N_COLUMNS; i++) {
      if (i > 0) rd_out_str(o, ",");
      rd_out_str(o, columns[i]);
    }
    rd_out_str(o, "\r\n");
  } else {
    rd_out_str(o, "{\"return\":\"asic_idr\",\"source\":\"ASIC RG 271 IDR data reporting\","
                  "\"from\":\"");
    rd_out_instant(o, run->from);
    rd_out_str(o, "\",\"to\":\"");
    rd_out_instant(o, run->to);
    rd_out_str(o, "\",\"records\":[");
  }
  return REDRESS_OK;
}

static void asic_free(void *state, rd_return_run *run) {
  rd_free(rd_desk_alloc(run->desk), state);
}

/* The outcome: the decision of the standing response, or withdrawn. */
static const char *outcome_of(const rd_return_facts *f) {
  if (f->closed_at == REDRESS_TIME_NEVER) return NULL;
  if (f->withdrawn) return "withdrawn";
  return f->decision == REDRESS_DECISION_NONE ? NULL : rd_enum_name(REDRESS_ENUM_DECISION, f->decision);
}

/* One field's value; text values as text, the others written by kind. */
typedef struct field_value {
  const char *text;      /* a text value, or NULL */
  int kind;              /* 0 text, 1 date, 2 number, 3 money */
  int64_t number;        /* date instant, count or minor units */
  int present;
} field_value;

static field_value text(const char *s) {
  field_value v = {s, 0, 0, s != NULL};
  return v;
}

static field_value value_at(int column, const redress_complaint *c, const rd_return_facts *f) {
  int closed = f->closed_at != REDRESS_TIME_NEVER;
  field_value none = {NULL, 0, 0, 0};
  switch (column) {
  case C_ID: return text(c->id);
  case C_BRAND: return text(redress_complaint_attr(c, "brand"));
  case C_RECEIVED: return (field_value){NULL, 1, c->received_at, 1};
  case C_METHOD: return text(rd_enum_name(REDRESS_ENUM_CHANNEL, c->channel));
  case C_PRODUCT: return text(c->product);
  case C_ISSUE: return text(c->cause);
  case C_STATUS: return text(closed ? "closed" : "open");
  case C_CLOSED: return closed ? (field_value){NULL, 1, f->closed_at, 1} : none;
  case C_DAYS: {
    /* calendar days from the date received to the date closed (UTC) */
    int64_t days = rd_floor_div(f->closed_at, RD_SECS_PER_DAY) -
                   rd_floor_div(c->received_at, RD_SECS_PER_DAY);
    return closed ? (field_value){NULL, 2, days, 1} : none;
  }
  case C_OUTCOME: return text(outcome_of(f));
  case C_COMPENSATION:
    return closed && f->compensation != REDRESS_AMOUNT_UNKNOWN
               ? (field_value){NULL, 3, f->compensation, 1} : none;
  default: return none;
  }
}

static void write_value(rd_out *o, const field_value *v, int json) {
  if (!v->present) {
    if (json) rd_out_str(o, "null");
    return;
  }
  if (v->kind == 0) {
    if (json) rd_out_json_string(o, v->text);
    else rd_out_csv_field(o, v->text);
    return;
  }
  if (json && v->kind != 2) rd_out_str(o, "\"");
  if (v->kind == 1) rd_out_date(o, v->number);
  else if (v->kind == 2) rd_out_uint(o, (uint64_t)v->number);
  else rd_out_money(o, v->number);
  if (json && v->kind != 2) rd_out_str(o, "\"");
}

static void write_record(rd_out *o, int json, const redress_complaint *c, const rd_return_facts *f,
                         size_t index) {
  if (json) rd_out_str(o, index == 0 ? "{" : ",{");
  for (size_t i = 0; i < N_COLUMNS; i++) {
    if (json) {
      rd_out_str(o, i == 0 ? "\"" : ",\"");
      rd_out_str(o, columns[i]);
      rd_out_str(o, "\":");
    } else if (i > 0) rd_out_str(o, ",");
    field_value v = value_at((int)i, c, f);
    write_value(o, &v, json);
  }
  rd_out_str(o, json ? "}" : "\r\n");
}

static int asic_add(void *state, rd_return_run *run, const redress_complaint *c) {
  asic_state *s = state;
  rd_return_facts at_start, at_end;
  int rc = rd_return_facts_of(&at_end, c, run->to, 0);
  if (rc == REDRESS_OK) rc = rd_return_facts_of(&at_start, c, run->from, 0);
  if (rc != REDRESS_OK) return rc;
  int open_at_start = c->received_at < run->from && at_start.closed_at == REDRESS_TIME_NEVER;
  if (c->received_at < run->from && !open_at_start) return REDRESS_OK;
  write_record(run->out, run->format == REDRESS_RETURN_JSON, c, &at_end, s->records++);
  return REDRESS_OK;
}

static int asic_end(void *state, rd_return_run *run) {
  (void)state;
  if (run->format == REDRESS_RETURN_JSON) rd_out_str(run->out, "]}\n");
  return REDRESS_OK;
}

const rd_return_kind_ops rd_return_asic = {asic_begin, asic_add, asic_end, asic_free};

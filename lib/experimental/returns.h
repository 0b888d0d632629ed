/* The regulators' returns (redress_desk_return): what each complaint contributes as of
 * the end of the reporting period, and the writers of each kind. Not installed. */
#ifndef RD_RETURNS_INTERNAL_H
#define RD_RETURNS_INTERNAL_H

#include "redress/experimental.h"
#include "store/store.h"

/* ---- return_out.c: buffered output through the host's write callback ------ */

typedef struct rd_out {
  redress_write_cb write;
  void *payload;
  int rc; /* REDRESS_OK until the callback stops */
  size_t len;
  char buf[8192];
} rd_out;

void rd_out_bytes(rd_out *o, const char *s, size_t n);
void rd_out_str(rd_out *o, const char *s);
void rd_out_uint(rd_out *o, uint64_t v);
/* A JSON string (quoted, escaped); NULL writes null. */
void rd_out_json_string(rd_out *o, const char *s);
/* A CSV field (RFC 4180): quoted when it holds a comma, quote, CR or LF, quotes doubled. */
void rd_out_csv_field(rd_out *o, const char *s);
/* Minor units as a decimal with two places ("-" first when negative): 1234 -> "12.34". */
void rd_out_money(rd_out *o, int64_t minor);
/* The UTC date of t, YYYY-MM-DD; and the UTC instant, YYYY-MM-DDTHH:MM:SSZ. */
void rd_out_date(rd_out *o, redress_time t);
void rd_out_instant(rd_out *o, redress_time t);
/* part / whole as a percentage with one decimal, rounded half up: 2/3 -> "66.7". */
void rd_out_percent(rd_out *o, uint64_t part, uint64_t whole);
/* Writes what is buffered; returns o->rc. */
int rd_out_flush(rd_out *o);

/* ---- return_facts.c: a complaint as it stood at an instant ----------------- */

typedef struct rd_return_facts {
  redress_time closed_at;   /* when it was last closed, not reopened since; NEVER: open */
  int withdrawn;            /* closed by withdrawal */
  int decision;             /* of the response standing at closed_at (redress_decision) */
  int64_t compensation;     /* of that response, or REDRESS_AMOUNT_UNKNOWN */
  redress_time three_days;  /* the close of the third business day after receipt */
} rd_return_facts;

/* The facts of c with its history cut at `until` (events at or after it unseen).
 * three_days is computed only when want_days is set (it needs the calendar). */
int rd_return_facts_of(rd_return_facts *out, const redress_complaint *c, redress_time until,
                       int want_days);

/* ---- the kinds ------------------------------------------------------------ */

typedef struct rd_return_run {
  redress_desk *desk;
  int format;
  redress_time from, to;
  rd_out *out;
} rd_return_run;

/* Each kind: begin (before any complaint), add (each complaint received before `to`,
 * in ascending id order), end (after the last); state is the kind's own. */
typedef struct rd_return_kind_ops {
  int (*begin)(void **state, rd_return_run *run);
  int (*add)(void *state, rd_return_run *run, const redress_complaint *c);
  int (*end)(void *state, rd_return_run *run);
  void (*free)(void *state, rd_return_run *run);
} rd_return_kind_ops;

extern const rd_return_kind_ops rd_return_fca;
extern const rd_return_kind_ops rd_return_asic;

#endif

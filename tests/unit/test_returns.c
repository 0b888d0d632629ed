/* The regulators' returns (redress_desk_return), the product and cause fields they
 * group by, and the week and month groupings of the metrics. Every expected figure is
 * worked out by hand in the comments from the complaints built here. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"
#include "redress/experimental.h"

#define HOUR ((redress_time)3600)
#define DAY (24 * HOUR)
/* 2026-01-01T00:00:00Z, a Thursday */
#define Y2026 ((redress_time)1767225600)
/* day d of 2026 (1 = 1 January) at hh:mm:ss UTC */
#define T(d, hh, mm, ss) (Y2026 + ((d) - 1) * DAY + (hh) * HOUR + (mm) * 60 + (ss))
#define FEB(day) (31 + (day))
#define FROM T(FEB(1), 0, 0, 0) /* 2026-02-01, a Sunday */
#define TO T(FEB(29), 0, 0, 0)  /* 2026-03-01 */

/* ---- output capture ----------------------------------------------------------- */

typedef struct sink {
  char *buf;
  size_t len;
  int calls, stop_at; /* stop_at > 0: the call that refuses */
} sink;

static int capture(const char *data, size_t len, void *payload) {
  sink *s = payload;
  if (s->stop_at > 0 && ++s->calls >= s->stop_at) return 1;
  s->buf = realloc(s->buf, s->len + len + 1);
  assert_non_null(s->buf);
  memcpy(s->buf + s->len, data, len);
  s->len += len;
  s->buf[s->len] = '\0';
  return 0;
}

static char *run_return(redress_desk *desk, int kind, int format) {
  sink s = {NULL, 0, 0, 0};
  assert_int_equal(redress_desk_return(desk, kind, format, FROM, TO, capture, &s), REDRESS_OK);
  assert_non_null(s.buf);
  return s.buf;
}

/* ---- the complaints ------------------------------------------------------------ */

/* Office hours in UTC, and 2026-02-04 (a Wednesday) a holiday. */
static void add_policy(redress_desk *desk) {
  static const char office[] = "mon-fri 09:00-17:00; holiday 2026-02-04";
  assert_int_equal(redress_desk_add_calendar(desk, "office", office, sizeof office - 1),
                   REDRESS_OK);
  redress_policy p = REDRESS_POLICY_INIT;
  p.name = "fca";
  p.calendar = "office";
  p.resolve.amount = 56 * DAY;
  assert_int_equal(redress_desk_add_policy(desk, &p), REDRESS_OK);
}

static redress_complaint *received(redress_desk *desk, const char *id, redress_time at,
                                   const char *product, const char *cause) {
  redress_complaint_fields in = REDRESS_COMPLAINT_FIELDS_INIT;
  in.id = id;
  in.customer_id = "cust";
  in.received_at = at;
  in.product = product;
  in.cause = cause;
  in.channel = REDRESS_CHANNEL_EMAIL;
  redress_complaint *c = NULL;
  assert_int_equal(redress_complaint_create(&c, desk, &in), REDRESS_OK);
  return c;
}

/* acknowledge and investigate an hour after receipt, respond at `at` */
static void respond(redress_complaint *c, redress_time at, int decision, int64_t compensation) {
  int64_t received_at = 0;
  assert_int_equal(redress_complaint_number(&received_at, c, REDRESS_FIELD_RECEIVED_AT), REDRESS_OK);
  assert_int_equal(redress_complaint_acknowledge(c, received_at + HOUR / 2, "agent", NULL), REDRESS_OK);
  assert_int_equal(redress_complaint_investigate(c, received_at + HOUR, "agent", NULL, "p", "d"),
                   REDRESS_OK);
  assert_int_equal(redress_complaint_respond(c, at, "agent", NULL, decision, "r", compensation),
                   REDRESS_OK);
}

static void save(redress_desk *desk, redress_complaint *c) {
  assert_int_equal(redress_desk_save(desk, c), REDRESS_OK);
  redress_complaint_free(c);
}

/*
 * Receipt on Monday 2026-02-02 10:00; business days after it: Tue 3, (Wed 4 holiday),
 * Thu 5, Fri 6: the third closes Friday 2026-02-06 17:00:00.
 *   A  mortgages/arrears, Mon 2 Feb, upheld 50.00 on Thu 5 16:59 -> within 3 days
 *   B  mortgages/charges, Mon 2 Feb, declined 0 at Fri 6 17:00:00 -> within 3 days (the close counts)
 *   B2 mortgages/charges, Mon 2 Feb, partly upheld 12.34 at Fri 6 17:00:01 -> within 8 weeks
 *   C  cards/service, 2025-12-01, open at the start, upheld 100.01 on 20 Feb -> after 8 weeks
 *   D  no product, cause `fees, "hidden"`, 10 Feb, open at the end
 *   E  cards/service, 2025-11-01, answered 2025-11-10: before the period, in neither return
 *   F  no product or cause, 12 Feb, upheld 13 Feb, reopened 16 Feb: open at the end
 *   G  no product or cause, 25 Feb, answered 2 March: open at the end
 *   H  no product or cause, 5 March: after the period, in neither return
 *   W  no product or cause, Tue 3 Feb 10:00, withdrawn 12:00 -> closed within 3 days
 */
static void build_store(redress_desk *desk) {
  add_policy(desk);
  redress_complaint *c = received(desk, "A", T(FEB(2), 10, 0, 0), "mortgages", "arrears");
  respond(c, T(FEB(5), 16, 59, 0), REDRESS_DECISION_UPHELD, 5000);
  save(desk, c);
  c = received(desk, "B", T(FEB(2), 10, 0, 0), "mortgages", "charges");
  respond(c, T(FEB(6), 17, 0, 0), REDRESS_DECISION_DECLINED, 0);
  save(desk, c);
  c = received(desk, "B2", T(FEB(2), 10, 0, 0), "mortgages", "charges");
  respond(c, T(FEB(6), 17, 0, 1), REDRESS_DECISION_PARTLY_UPHELD, 1234);
  save(desk, c);
  c = received(desk, "C", T(335, 9, 0, 0) - 365 * DAY, "cards", "service");
  respond(c, T(FEB(20), 12, 0, 0), REDRESS_DECISION_UPHELD, 10001);
  save(desk, c);
  save(desk, received(desk, "D", T(FEB(10), 9, 0, 0), NULL, "fees, \"hidden\""));
  c = received(desk, "E", T(305, 9, 0, 0) - 365 * DAY, "cards", "service");
  respond(c, T(314, 9, 0, 0) - 365 * DAY, REDRESS_DECISION_UPHELD, 700);
  save(desk, c);
  c = received(desk, "F", T(FEB(12), 9, 0, 0), NULL, NULL);
  respond(c, T(FEB(13), 9, 0, 0), REDRESS_DECISION_UPHELD, 100);
  assert_int_equal(redress_complaint_reopen(c, T(FEB(16), 9, 0, 0), "agent", NULL), REDRESS_OK);
  save(desk, c);
  c = received(desk, "G", T(FEB(25), 9, 0, 0), NULL, NULL);
  respond(c, T(FEB(29) + 1, 9, 0, 0), REDRESS_DECISION_UPHELD, 300);
  save(desk, c);
  save(desk, received(desk, "H", T(FEB(29) + 4, 9, 0, 0), NULL, NULL));
  c = received(desk, "W", T(FEB(3), 10, 0, 0), NULL, NULL);
  assert_int_equal(redress_complaint_withdraw(c, T(FEB(3), 12, 0, 0), "cust", NULL), REDRESS_OK);
  save(desk, c);
}

/* ---- FCA ------------------------------------------------------------------------- */

static void fca_csv(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  build_store(t.desk);
  char *csv = run_return(t.desk, REDRESS_RETURN_FCA, REDRESS_RETURN_CSV);
  /* total: outstanding C; opened A B B2 D F G W; closed A B B2 C W; within 3 days
   * A B W; within 8 weeks B2; later C; upheld A B2 C (3 of 5: 60.0%); redress
   * 50.00 + 12.34 + 100.01 = 162.35. Groups sorted by key, "" first. */
  const char *want =
      "grouping,key,outstanding_at_start,opened,closed,closed_within_3_business_days,"
      "closed_after_3_business_days_within_8_weeks,closed_after_8_weeks,upheld,upheld_percent,"
      "redress_paid\r\n"
      "total,,1,7,5,3,1,1,3,60.0,162.35\r\n"
      "product,,0,4,1,1,0,0,0,0.0,0.00\r\n"
      "product,cards,1,0,1,0,0,1,1,100.0,100.01\r\n"
      "product,mortgages,0,3,3,2,1,0,2,66.7,62.34\r\n"
      "cause,,0,3,1,1,0,0,0,0.0,0.00\r\n"
      "cause,arrears,0,1,1,1,0,0,1,100.0,50.00\r\n"
      "cause,charges,0,2,2,1,1,0,1,50.0,12.34\r\n"
      "cause,\"fees, \"\"hidden\"\"\",0,1,0,0,0,0,0,,0.00\r\n"
      "cause,service,1,0,1,0,0,1,1,100.0,100.01\r\n";
  assert_string_equal(csv, want);
  free(csv);
  th_desk_close(&t);
}

static void fca_json(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  build_store(t.desk);
  char *json = run_return(t.desk, REDRESS_RETURN_FCA, REDRESS_RETURN_JSON);
  assert_non_null(strstr(json, "\"from\":\"2026-02-01T00:00:00Z\",\"to\":\"2026-03-01T00:00:00Z\""));
  assert_non_null(strstr(json, "\"total\":{\"outstanding_at_start\":1,\"opened\":7,\"closed\":5,"
                               "\"closed_within_3_business_days\":3,"
                               "\"closed_after_3_business_days_within_8_weeks\":1,"
                               "\"closed_after_8_weeks\":1,\"upheld\":3,\"upheld_percent\":60.0,"
                               "\"redress_paid\":\"162.35\"}"));
  assert_non_null(strstr(json, "{\"cause\":\"fees, \\\"hidden\\\"\",\"outstanding_at_start\":0,"
                               "\"opened\":1,\"closed\":0,"));
  assert_non_null(strstr(json, "\"upheld_percent\":null"));
  assert_int_equal(json[strlen(json) - 1], '\n');
  free(json);
  th_desk_close(&t);
}

/* ---- ASIC ------------------------------------------------------------------------ */

static void asic_csv(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  build_store(t.desk);
  redress_complaint *c = NULL;
  assert_int_equal(redress_desk_load(&c, t.desk, "A"), REDRESS_OK);
  assert_int_equal(redress_complaint_set_attr(c, "brand", "Acme Home Loans"), REDRESS_OK);
  assert_int_equal(redress_desk_save(t.desk, c), REDRESS_OK);
  redress_complaint_free(c);
  char *csv = run_return(t.desk, REDRESS_RETURN_ASIC_IDR, REDRESS_RETURN_CSV);
  /* received in the period or open at its start, by id: A B B2 C D F G W */
  const char *want =
      "complaint_id,brand,received_date,received_method,product,issue,status,closed_date,"
      "days_to_close,outcome,financial_compensation,complainant_gender,complainant_age,"
      "complainant_postcode,representative\r\n"
      "A,Acme Home Loans,2026-02-02,email,mortgages,arrears,closed,2026-02-05,3,upheld,50.00,,,,\r\n"
      "B,,2026-02-02,email,mortgages,charges,closed,2026-02-06,4,declined,0.00,,,,\r\n"
      "B2,,2026-02-02,email,mortgages,charges,closed,2026-02-06,4,partly_upheld,12.34,,,,\r\n"
      "C,,2025-12-01,email,cards,service,closed,2026-02-20,81,upheld,100.01,,,,\r\n"
      "D,,2026-02-10,email,,\"fees, \"\"hidden\"\"\",open,,,,,,,,\r\n"
      "F,,2026-02-12,email,,,open,,,,,,,,\r\n"
      "G,,2026-02-25,email,,,open,,,,,,,,\r\n"
      "W,,2026-02-03,email,,,closed,2026-02-03,0,withdrawn,,,,,\r\n";
  assert_string_equal(csv, want);
  free(csv);
  th_desk_close(&t);
}

static void asic_json(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  build_store(t.desk);
  char *json = run_return(t.desk, REDRESS_RETURN_ASIC_IDR, REDRESS_RETURN_JSON);
  assert_non_null(strstr(json, "{\"complaint_id\":\"B2\",\"brand\":null,\"received_date\":"
                               "\"2026-02-02\",\"received_method\":\"email\",\"product\":"
                               "\"mortgages\",\"issue\":\"charges\",\"status\":\"closed\","
                               "\"closed_date\":\"2026-02-06\",\"days_to_close\":4,"
                               "\"outcome\":\"partly_upheld\",\"financial_compensation\":"
                               "\"12.34\",\"complainant_gender\":null,"));
  assert_null(strstr(json, "\"complaint_id\":\"E\""));
  assert_null(strstr(json, "\"complaint_id\":\"H\""));
  free(json);
  th_desk_close(&t);
}

/* The limit is local: in UK time, over the change to summer time and the Easter
 * holidays of 2026 (Good Friday 3 April, Easter Monday 6 April). */
static void three_business_days_in_local_time(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  static const char uk[] = "tz=GMT0BST,M3.5.0/1,M10.5.0; mon-fri 09:00-17:00; "
                           "holiday 2026-04-03; holiday 2026-04-06";
  assert_int_equal(redress_desk_add_calendar(t.desk, "uk", uk, sizeof uk - 1), REDRESS_OK);
  redress_policy p = REDRESS_POLICY_INIT;
  p.name = "uk";
  p.calendar = "uk";
  assert_int_equal(redress_desk_add_policy(t.desk, &p), REDRESS_OK);
  /* Friday 27 March 21:00 GMT: Monday 30, Tuesday 31 (both BST), Wednesday 1 April,
   * closing 17:00 BST = 16:00 UTC. Thursday 2 April 23:59 BST (22:59 UTC), the last
   * minute before the holidays: Tuesday 7, Wednesday 8, Thursday 9, 16:00 UTC. */
  const redress_time day86 = T(86, 21, 0, 0), day92 = T(92, 22, 59, 0);
  const struct { const char *id; redress_time received, responded; } cases[] = {
      {"L1", day86, T(91, 16, 0, 0)}, {"L2", day86, T(91, 16, 0, 1)},
      {"L3", day92, T(99, 16, 0, 0)}, {"L4", day92, T(99, 16, 0, 1)}};
  for (size_t i = 0; i < 4; i++) {
    redress_complaint *c = received(t.desk, cases[i].id, cases[i].received, "p", "c");
    respond(c, cases[i].responded, REDRESS_DECISION_DECLINED, 0);
    save(t.desk, c);
  }
  sink s = {NULL, 0, 0, 0};
  assert_int_equal(redress_desk_return(t.desk, REDRESS_RETURN_FCA, REDRESS_RETURN_CSV,
                                       T(60, 0, 0, 0), T(121, 0, 0, 0), capture, &s),
                   REDRESS_OK);
  assert_non_null(strstr(s.buf, "\r\ntotal,,0,4,4,2,2,0,0,0.0,0.00\r\n"));
  free(s.buf);
  th_desk_close(&t);
}

/* ---- bad input --------------------------------------------------------------------- */

static void bad_requests(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  build_store(t.desk);
  sink s = {NULL, 0, 0, 0};
  assert_int_equal(redress_desk_return(NULL, 0, 0, FROM, TO, capture, &s), REDRESS_ERR_INVALID);
  assert_int_equal(redress_desk_return(t.desk, 0, 0, FROM, TO, NULL, &s), REDRESS_ERR_INVALID);
  assert_int_equal(redress_desk_return(t.desk, REDRESS_RETURN_KIND_COUNT, 0, FROM, TO, capture, &s),
                   REDRESS_ERR_INVALID);
  assert_non_null(strstr(redress_desk_errmsg(t.desk), "unknown kind"));
  assert_int_equal(redress_desk_return(t.desk, -1, 0, FROM, TO, capture, &s), REDRESS_ERR_INVALID);
  assert_int_equal(redress_desk_return(t.desk, 0, REDRESS_RETURN_FORMAT_COUNT, FROM, TO, capture, &s),
                   REDRESS_ERR_INVALID);
  assert_non_null(strstr(redress_desk_errmsg(t.desk), "unknown format"));
  assert_int_equal(redress_desk_return(t.desk, 0, 0, TO, TO, capture, &s), REDRESS_ERR_INVALID);
  assert_non_null(strstr(redress_desk_errmsg(t.desk), "period is empty"));
  assert_int_equal(redress_desk_return(t.desk, 0, 0, TO, FROM, capture, &s), REDRESS_ERR_INVALID);
  assert_int_equal(redress_desk_return(t.desk, 0, 0, -1, TO, capture, &s), REDRESS_ERR_INVALID);
  assert_int_equal(redress_desk_return(t.desk, 0, 0, FROM, REDRESS_TIME_MAX + 1, capture, &s),
                   REDRESS_ERR_INVALID);
  assert_null(s.buf); /* nothing written for a refused request */
  /* a callback that stops: the first call refuses */
  s.stop_at = 1;
  assert_int_equal(redress_desk_return(t.desk, REDRESS_RETURN_ASIC_IDR, REDRESS_RETURN_CSV, FROM,
                                       TO, capture, &s), REDRESS_ERR_USER);
  assert_non_null(strstr(redress_desk_errmsg(t.desk), "write callback stopped"));
  free(s.buf);
  th_desk_close(&t);
}

/* An empty store: the figures are zeros, the rates empty, the ASIC file only a header. */
static void empty_period(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  char *csv = run_return(t.desk, REDRESS_RETURN_FCA, REDRESS_RETURN_CSV);
  assert_non_null(strstr(csv, "\r\ntotal,,0,0,0,0,0,0,0,,0.00\r\n"));
  free(csv);
  char *json = run_return(t.desk, REDRESS_RETURN_ASIC_IDR, REDRESS_RETURN_JSON);
  assert_non_null(strstr(json, "\"records\":[]}\n"));
  free(json);
  th_desk_close(&t);
}

/* ---- product and cause -------------------------------------------------------------- */

static void product_and_cause_fields(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  redress_complaint *c = received(t.desk, "p1", T(10, 9, 0, 0), "savings", "interest rates");
  assert_string_equal(redress_complaint_string(c, REDRESS_FIELD_PRODUCT), "savings");
  assert_string_equal(redress_complaint_string(c, REDRESS_FIELD_CAUSE), "interest rates");
  assert_string_equal(redress_enum_name(REDRESS_ENUM_FIELD, REDRESS_FIELD_PRODUCT), "product");
  assert_string_equal(redress_enum_name(REDRESS_ENUM_FIELD, REDRESS_FIELD_CAUSE), "cause");
  int64_t v = 0;
  assert_int_equal(redress_complaint_number(&v, c, REDRESS_FIELD_PRODUCT), REDRESS_ERR_INVALID);
  /* JSON keeps them, and a copy too */
  char *json = NULL;
  assert_int_equal(redress_complaint_to_json(&json, NULL, c), REDRESS_OK);
  assert_non_null(strstr(json, "\"product\":\"savings\",\"cause\":\"interest rates\""));
  redress_complaint *back = NULL;
  assert_int_equal(redress_complaint_from_json(&back, t.desk, json, strlen(json)), REDRESS_OK);
  assert_string_equal(redress_complaint_string(back, REDRESS_FIELD_CAUSE), "interest rates");
  redress_complaint *copy = NULL;
  assert_int_equal(redress_complaint_clone(&copy, back), REDRESS_OK);
  assert_string_equal(redress_complaint_string(copy, REDRESS_FIELD_PRODUCT), "savings");
  redress_free(json);
  redress_complaint_free(copy);
  redress_complaint_free(back);
  /* saved and loaded */
  assert_int_equal(redress_desk_save(t.desk, c), REDRESS_OK);
  redress_complaint_free(c);
  assert_int_equal(redress_desk_load(&c, t.desk, "p1"), REDRESS_OK);
  assert_string_equal(redress_complaint_string(c, REDRESS_FIELD_PRODUCT), "savings");
  redress_complaint_free(c);
  /* absent: NULL, "" alike, and left out of the JSON */
  c = received(t.desk, "p2", T(10, 9, 0, 0), "", NULL);
  assert_null(redress_complaint_string(c, REDRESS_FIELD_PRODUCT));
  assert_null(redress_complaint_string(c, REDRESS_FIELD_CAUSE));
  assert_int_equal(redress_complaint_to_json(&json, NULL, c), REDRESS_OK);
  assert_null(strstr(json, "\"product\""));
  redress_free(json);
  redress_complaint_free(c);
  /* bad values are refused, as category is */
  redress_complaint_fields in = REDRESS_COMPLAINT_FIELDS_INIT;
  in.customer_id = "cust";
  in.received_at = T(10, 9, 0, 0);
  in.product = "bad\x01name";
  c = NULL;
  assert_int_equal(redress_complaint_create(&c, t.desk, &in), REDRESS_ERR_INVALID);
  assert_non_null(strstr(redress_desk_errmsg(t.desk), "product"));
  in.product = NULL;
  in.cause = "\xff";
  assert_int_equal(redress_complaint_create(&c, t.desk, &in), REDRESS_ERR_INVALID);
  char long_name[REDRESS_MAX_NAME_BYTES + 2];
  memset(long_name, 'x', sizeof long_name - 1);
  long_name[sizeof long_name - 1] = '\0';
  in.cause = long_name;
  assert_int_equal(redress_complaint_create(&c, t.desk, &in), REDRESS_ERR_RANGE);
  assert_null(c);
  /* a document with a product of the wrong type */
  static const char doc[] = "{\"v\":1,\"id\":\"x\",\"customer_id\":\"c\",\"channel\":\"phone\","
                            "\"severity\":\"normal\",\"received_at\":0,\"product\":7}";
  assert_int_equal(redress_complaint_from_json(&c, t.desk, doc, sizeof doc - 1), REDRESS_ERR_PARSE);
  th_desk_close(&t);
}

/* ---- metrics by week and month -------------------------------------------------------- */

static int group_of(redress_metrics *m, const char *key) {
  int g = -1;
  assert_int_equal(redress_metrics_group_find(&g, m, key), REDRESS_OK);
  return g;
}

static double complaints_in(redress_metrics *m, const char *key) {
  double v = 0;
  assert_int_equal(redress_metrics_value(&v, m, group_of(m, key), REDRESS_METRIC_COMPLAINTS),
                   REDRESS_OK);
  return v;
}

static void add_at(redress_metrics *m, redress_desk *desk, redress_time at) {
  redress_complaint *c = received(desk, NULL, at, NULL, NULL);
  assert_int_equal(redress_metrics_add(m, c), REDRESS_OK);
  redress_complaint_free(c);
}

static void weeks_and_months(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  redress_metrics *week = NULL, *month = NULL;
  assert_int_equal(redress_metrics_new(&week, t.desk, NULL, REDRESS_GROUP_BY_WEEK, TO), REDRESS_OK);
  assert_int_equal(redress_metrics_new(&month, t.desk, NULL, REDRESS_GROUP_BY_MONTH, TO), REDRESS_OK);
  /* 2026-12-31 (Thursday) is in 2026-W53; 2021-01-03 (Sunday) in 2020-W53; 2021-01-04
   * (Monday) starts 2021-W01; 2024-12-30 (Monday) is in 2025-W01; 2026-01-26 and
   * 2026-02-01 (Monday, Sunday) both in 2026-W05, and the last second of 2026-01-31 in
   * January, the first of 2026-02-01 in February. */
  const redress_time d2021_01_03 = 1609632000, d2024_12_30 = 1735516800;
  const redress_time at[] = {T(365, 23, 59, 59), d2021_01_03 + DAY - 1, d2021_01_03 + DAY,
                             d2024_12_30, T(26, 0, 0, 0), T(FEB(1), 0, 0, 0) - 1,
                             T(FEB(1), 0, 0, 0)};
  for (size_t i = 0; i < sizeof at / sizeof *at; i++) {
    add_at(week, t.desk, at[i]);
    add_at(month, t.desk, at[i]);
  }
  assert_int_equal(redress_metrics_group_count(week), 5);
  assert_string_equal(redress_metrics_group_key(week, 0), "2026-W53"); /* first added first */
  assert_true(complaints_in(week, "2026-W53") == 1);
  assert_true(complaints_in(week, "2020-W53") == 1);
  assert_true(complaints_in(week, "2021-W01") == 1);
  assert_true(complaints_in(week, "2025-W01") == 1);
  assert_true(complaints_in(week, "2026-W05") == 3);
  assert_int_equal(redress_metrics_group_count(month), 5);
  assert_true(complaints_in(month, "2026-12") == 1);
  assert_true(complaints_in(month, "2021-01") == 2);
  assert_true(complaints_in(month, "2024-12") == 1);
  assert_true(complaints_in(month, "2026-01") == 2);
  assert_true(complaints_in(month, "2026-02") == 1);
  int g = 0;
  assert_int_equal(redress_metrics_group_find(&g, month, "2026-03"), REDRESS_ERR_NOTFOUND);
  assert_string_equal(redress_enum_name(REDRESS_ENUM_GROUP_BY, REDRESS_GROUP_BY_WEEK), "week");
  assert_string_equal(redress_enum_name(REDRESS_ENUM_GROUP_BY, REDRESS_GROUP_BY_MONTH), "month");
  redress_metrics_free(week);
  redress_metrics_free(month);
  /* from a store, in one pass: the demo of a trend */
  build_store(t.desk);
  assert_int_equal(redress_metrics_new(&month, t.desk, NULL, REDRESS_GROUP_BY_MONTH, TO), REDRESS_OK);
  assert_int_equal(redress_metrics_add_store(month, REDRESS_METRICS_FROM_ALL, REDRESS_METRICS_TO_ALL),
                   REDRESS_OK);
  assert_true(complaints_in(month, "2026-02") == 7);
  assert_true(complaints_in(month, "2025-12") == 1);
  assert_true(complaints_in(month, "2025-11") == 1);
  assert_true(complaints_in(month, "2026-03") == 1);
  redress_metrics_free(month);
  assert_int_equal(redress_metrics_new(&month, t.desk, NULL, REDRESS_GROUP_BY_COUNT, TO),
                   REDRESS_ERR_INVALID);
  th_desk_close(&t);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(fca_csv),
      cmocka_unit_test(fca_json),
      cmocka_unit_test(asic_csv),
      cmocka_unit_test(asic_json),
      cmocka_unit_test(three_business_days_in_local_time),
      cmocka_unit_test(bad_requests),
      cmocka_unit_test(empty_period),
      cmocka_unit_test(product_and_cause_fields),
      cmocka_unit_test(weeks_and_months),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

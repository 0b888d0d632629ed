/* The worked examples of docs/deadlines.md, docs/classification.md and docs/metrics.md,
 * run as written there: every time, score and figure the documents state is checked
 * here, so a change of behaviour that would make a document wrong fails a test. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"

#define MIN ((redress_time)60)
#define HOUR ((redress_time)3600)
#define DAY (24 * HOUR)

/* The documents give every instant in UTC, to the minute. */
static redress_time utc(int y, int mo, int d, int h, int mi) {
  return th_utc(y, mo, d, h, mi, 0);
}

static redress_complaint *receive(redress_desk *desk, const char *id, redress_time at,
                                  int channel, const char *category) {
  redress_complaint_fields in = REDRESS_COMPLAINT_FIELDS_INIT;
  in.id = id;
  in.customer_id = "cust-1";
  in.channel = channel;
  in.category = category;
  in.received_at = at;
  redress_complaint *c = NULL;
  assert_int_equal(redress_complaint_create(&c, desk, &in), REDRESS_OK);
  return c;
}

/* The deadline of a kind started by event `anchor`, checked against the document. */
static void expect_deadline(const redress_complaint *c, redress_time now, int kind,
                            uint32_t anchor, int state, redress_time due, redress_time warn) {
  redress_deadlines *l = NULL;
  assert_int_equal(redress_complaint_deadlines(&l, c, now), REDRESS_OK);
  size_t i = 0, n = redress_deadlines_count(l);
  while (i < n && !(th_deadline(l, i).kind == kind && th_deadline(l, i).anchor == anchor))
    i++;
  if (i == n) fail_msg("no %s deadline anchored at event %u",
                       redress_enum_name(REDRESS_ENUM_DEADLINE_KIND, kind), anchor);
  assert_int_equal(th_deadline(l, i).state, state);
  assert_int_equal(th_deadline(l, i).due, due);
  assert_int_equal(th_deadline(l, i).warn_at, warn);
  redress_deadlines_free(l);
}

static redress_time next_alarm(const redress_complaint *c, redress_time now) {
  redress_deadlines *l = NULL;
  assert_int_equal(redress_complaint_deadlines(&l, c, now), REDRESS_OK);
  redress_time t = redress_deadlines_next_alarm(l);
  redress_deadlines_free(l);
  return t;
}

/* ---- docs/deadlines.md: calendars ------------------------------------------ */

static const char london[] = "tz=Europe/London\n"
                             "mon-fri 09:00-12:30,13:30-17:30\n"
                             "holiday 2026-04-03   # Good Friday\n"
                             "holiday 2026-04-06   # Easter Monday\n";

static redress_time add(const redress_calendar *cal, redress_time start, int64_t amount, int unit) {
  redress_time out = 0;
  assert_int_equal(redress_calendar_add(&out, cal, start, amount, unit), REDRESS_OK);
  return out;
}

static int64_t open_between(const redress_calendar *cal, redress_time from, redress_time to) {
  int64_t out = 0;
  assert_int_equal(redress_calendar_elapsed(&out, cal, from, to), REDRESS_OK);
  return out;
}

static void calendar_examples(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  redress_calendar *cal = NULL;
  assert_int_equal(redress_calendar_parse(&cal, t.desk, london, strlen(london)), REDRESS_OK);
  /* Friday 27 March 16:00 GMT + 4 business hours: 1.5 h on Friday, 2.5 h from 09:00 BST */
  assert_int_equal(add(cal, utc(2026, 3, 27, 16, 0), 4 * HOUR, REDRESS_SPAN_BUSINESS_SECONDS),
                   utc(2026, 3, 30, 10, 30));
  assert_int_equal(add(cal, utc(2026, 3, 27, 16, 0), 2, REDRESS_SPAN_BUSINESS_DAYS),
                   utc(2026, 3, 31, 16, 30));
  /* Saturday starts the clock at Monday's opening */
  assert_int_equal(add(cal, utc(2026, 3, 28, 12, 0), 7 * HOUR, REDRESS_SPAN_BUSINESS_SECONDS),
                   utc(2026, 3, 30, 16, 0));
  /* Easter: Good Friday and Easter Monday are skipped */
  assert_int_equal(add(cal, utc(2026, 4, 2, 10, 0), 1, REDRESS_SPAN_BUSINESS_DAYS),
                   utc(2026, 4, 7, 16, 30));
  assert_int_equal(add(cal, utc(2026, 4, 2, 10, 0), 8 * HOUR, REDRESS_SPAN_BUSINESS_SECONDS),
                   utc(2026, 4, 7, 10, 30));
  assert_int_equal(open_between(cal, utc(2026, 3, 27, 0, 0), utc(2026, 3, 31, 0, 0)), 15 * HOUR);
  assert_int_equal(redress_calendar_is_open(cal, utc(2026, 3, 30, 8, 30)), 1);
  redress_calendar_free(cal);

  /* the skipped and the repeated hour */
  const char *night = "tz=Europe/London; sun 00:00-04:00";
  assert_int_equal(redress_calendar_parse(&cal, t.desk, night, strlen(night)), REDRESS_OK);
  assert_int_equal(open_between(cal, utc(2026, 3, 28, 12, 0), utc(2026, 3, 29, 12, 0)), 3 * HOUR);
  assert_int_equal(open_between(cal, utc(2026, 10, 24, 12, 0), utc(2026, 10, 25, 12, 0)), 5 * HOUR);
  redress_calendar_free(cal);
  const char *gap = "tz=Europe/London; sun 01:00-02:00";
  assert_int_equal(redress_calendar_parse(&cal, t.desk, gap, strlen(gap)), REDRESS_OK);
  assert_int_equal(add(cal, utc(2026, 3, 27, 0, 0), 1, REDRESS_SPAN_BUSINESS_DAYS),
                   utc(2026, 4, 5, 1, 0));
  redress_calendar_free(cal);

  /* a part-day holiday moves the close of its day */
  const char *yearend = "mon-fri 09:00-17:00; holiday 2026-12-25; holiday 2026-12-31 13:00-18:00";
  assert_int_equal(redress_calendar_parse(&cal, t.desk, yearend, strlen(yearend)), REDRESS_OK);
  assert_int_equal(add(cal, utc(2026, 12, 30, 10, 0), 1, REDRESS_SPAN_BUSINESS_DAYS),
                   utc(2026, 12, 31, 13, 0));
  assert_int_equal(add(cal, utc(2026, 12, 24, 10, 0), 1, REDRESS_SPAN_BUSINESS_DAYS),
                   utc(2026, 12, 28, 17, 0));
  assert_int_equal(add(cal, utc(2026, 11, 23, 9, 0), 8 * HOUR, REDRESS_SPAN_BUSINESS_SECONDS),
                   utc(2026, 11, 23, 17, 0));
  redress_calendar_free(cal);

  /* 24x7: a business day closes at midnight UTC */
  assert_int_equal(redress_calendar_parse(&cal, t.desk, "", 0), REDRESS_OK);
  assert_int_equal(add(cal, utc(2026, 11, 23, 9, 0), 1, REDRESS_SPAN_BUSINESS_DAYS),
                   utc(2026, 11, 25, 0, 0));
  redress_calendar_free(cal);
  th_desk_close(&t);
}

static void calendar_errors(void **state) {
  (void)state;
  th_desk t;
  /* The documented message names the default directory: the desk keeps it. */
  th_desk_open_zoneinfo(&t, NULL);
  static const struct {
    const char *spec;
    int code;
    const char *message;
  } cases[] = {
      {"mon-fri 09:00-25:00", REDRESS_ERR_PARSE,
       "calendar: bad time (expected hh:mm from 00:00 to 24:00) at byte 14"},
      {"mon-fri 9:00-17:00,12:00-13:00", REDRESS_ERR_PARSE, "calendar: overlapping intervals at byte 19"},
      {"holiday 2026-02-30", REDRESS_ERR_PARSE, "calendar: impossible date at byte 8"},
      {"mon-fri 09:00 - 17:00", REDRESS_ERR_PARSE,
       "calendar: expected '-' between the times of an interval at byte 13"},
      {"tz=../etc/passwd", REDRESS_ERR_PARSE, "calendar: \"..\" in zone name at byte 3"},
      {"tz=CET-1CEST,M3.5.0", REDRESS_ERR_PARSE, "calendar: malformed TZ rule at byte 19"},
      {"tz=Europe/Nowhere", REDRESS_ERR_NOTFOUND,
       "calendar: time zone file /usr/share/zoneinfo/Europe/Nowhere does not exist"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    redress_calendar *cal = NULL;
    assert_int_equal(redress_calendar_parse(&cal, t.desk, cases[i].spec, strlen(cases[i].spec)),
                     cases[i].code);
    assert_string_equal(redress_desk_errmsg(t.desk), cases[i].message);
    assert_null(cal);
  }
  /* hours only on a closed day: parses, but no business arithmetic is possible */
  redress_calendar *cal = NULL;
  assert_int_equal(redress_calendar_parse(&cal, t.desk, "sun closed", 10), REDRESS_OK);
  redress_time out = 0;
  assert_int_equal(redress_calendar_add(&out, cal, TH_T0, 60, REDRESS_SPAN_BUSINESS_SECONDS),
                   REDRESS_ERR_RANGE);
  assert_int_equal(redress_calendar_add(&out, cal, TH_T0, 0, REDRESS_SPAN_BUSINESS_DAYS),
                   REDRESS_ERR_INVALID);
  assert_int_equal(redress_calendar_add(&out, cal, REDRESS_TIME_MAX - 10, 60,
                                        REDRESS_SPAN_CALENDAR_SECONDS), REDRESS_ERR_RANGE);
  redress_calendar_free(cal);
  th_desk_close(&t);
}

/* ---- docs/deadlines.md: open clauses, counting back, open periods ---------- */

static void expect_period(const redress_calendar *cal, redress_time at, int dir, redress_time opens,
                          redress_time closes) {
  redress_time a = 0, b = 0;
  assert_int_equal(redress_calendar_period(cal, at, dir, &a, &b), REDRESS_OK);
  assert_int_equal(a, opens);
  assert_int_equal(b, closes);
}

static void calendar_dated_examples(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  redress_calendar *cal = NULL;
  const char *china = "tz=CST-8; mon-fri 09:00-18:00; holiday 2026-02-16; open 2026-02-14 09:00-18:00";
  assert_int_equal(redress_calendar_parse(&cal, t.desk, china, strlen(china)), REDRESS_OK);
  assert_int_equal(open_between(cal, utc(2026, 2, 13, 16, 0), utc(2026, 2, 14, 16, 0)), 9 * HOUR);
  assert_int_equal(add(cal, utc(2026, 2, 13, 2, 0), 1, REDRESS_SPAN_BUSINESS_DAYS), utc(2026, 2, 14, 10, 0));
  redress_calendar_free(cal);
  const char *shift = "open 2026-06-13 10:00-16:00";
  assert_int_equal(redress_calendar_parse(&cal, t.desk, shift, strlen(shift)), REDRESS_OK);
  assert_int_equal(open_between(cal, utc(2026, 6, 1, 0, 0), utc(2026, 7, 1, 0, 0)), 6 * HOUR);
  redress_calendar_free(cal);
  const char *weekday = "mon-fri 09:00-17:00; open 2026-03-02 07:00-09:00; "
                        "open 2026-03-07 09:00-17:00; holiday 2026-03-07 12:00-24:00";
  assert_int_equal(redress_calendar_parse(&cal, t.desk, weekday, strlen(weekday)), REDRESS_OK);
  assert_int_equal(open_between(cal, utc(2026, 3, 2, 0, 0), utc(2026, 3, 3, 0, 0)), 10 * HOUR);
  assert_int_equal(open_between(cal, utc(2026, 3, 7, 0, 0), utc(2026, 3, 8, 0, 0)), 3 * HOUR);
  redress_calendar_free(cal);

  /* counting back */
  const char *back = "mon-fri 09:00-17:00; holiday 2026-03-03 09:00-12:00; holiday 2026-03-06";
  assert_int_equal(redress_calendar_parse(&cal, t.desk, back, strlen(back)), REDRESS_OK);
  const int s = REDRESS_SPAN_BUSINESS_SECONDS, d = REDRESS_SPAN_BUSINESS_DAYS;
  assert_int_equal(add(cal, utc(2026, 3, 2, 17, 0), -2 * HOUR, s), utc(2026, 3, 2, 15, 0));
  assert_int_equal(add(cal, utc(2026, 3, 2, 17, 0), -8 * HOUR, s), utc(2026, 3, 2, 9, 0));
  assert_int_equal(add(cal, utc(2026, 3, 3, 8, 0), -2 * HOUR, s), utc(2026, 3, 2, 15, 0));
  assert_int_equal(add(cal, utc(2026, 3, 4, 23, 59) + 59, -1, d), utc(2026, 3, 3, 12, 0));
  assert_int_equal(add(cal, utc(2026, 3, 9, 12, 0), -1, d), utc(2026, 3, 5, 9, 0));
  redress_calendar_free(cal);
  assert_int_equal(redress_calendar_parse(&cal, t.desk, london, strlen(london)), REDRESS_OK);
  assert_int_equal(add(cal, utc(2026, 3, 30, 10, 30), -4 * HOUR, s), utc(2026, 3, 27, 16, 0));

  /* open periods: Monday 30 March 2026 is BST (UTC+1) */
  expect_period(cal, utc(2026, 3, 30, 11, 30), REDRESS_PERIOD_NEXT, utc(2026, 3, 30, 12, 30), utc(2026, 3, 30, 16, 30));
  expect_period(cal, utc(2026, 3, 30, 11, 30), REDRESS_PERIOD_PREV, utc(2026, 3, 30, 8, 0), utc(2026, 3, 30, 11, 30));
  expect_period(cal, utc(2026, 3, 30, 8, 0), REDRESS_PERIOD_NEXT, utc(2026, 3, 30, 8, 0), utc(2026, 3, 30, 11, 30));
  expect_period(cal, utc(2026, 3, 30, 8, 0), REDRESS_PERIOD_PREV, utc(2026, 3, 27, 13, 30), utc(2026, 3, 27, 17, 30));
  redress_calendar_free(cal);
  const char *night = "tz=Europe/London; sun 00:00-04:00";
  assert_int_equal(redress_calendar_parse(&cal, t.desk, night, strlen(night)), REDRESS_OK);
  expect_period(cal, utc(2026, 3, 29, 1, 0), REDRESS_PERIOD_NEXT, utc(2026, 3, 29, 0, 0), utc(2026, 3, 29, 3, 0));
  expect_period(cal, utc(2026, 10, 25, 1, 0), REDRESS_PERIOD_NEXT, utc(2026, 10, 24, 23, 0), utc(2026, 10, 25, 4, 0));
  redress_calendar_free(cal);
  th_desk_close(&t);
}

/* ---- docs/deadlines.md: example 1, the default policy ---------------------- */

typedef struct alarm_log {
  int count;
  int kind[8], level[8];
  redress_time due[8];
} alarm_log;

static int log_alarm(const redress_complaint *c, int kind, int level, redress_time due,
                     void *payload) {
  (void)c;
  alarm_log *log = payload;
  if (log->count < 8) {
    log->kind[log->count] = kind;
    log->level[log->count] = level;
    log->due[log->count] = due;
  }
  log->count++;
  return 0;
}

static void expect_alarm(const alarm_log *log, int i, int kind, int level, redress_time due) {
  assert_true(i < log->count);
  assert_int_equal(log->kind[i], kind);
  assert_int_equal(log->level[i], level);
  assert_int_equal(log->due[i], due);
}

static void example_default_policy(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  redress_complaint *c = receive(t.desk, "A", utc(2026, 11, 23, 9, 0), REDRESS_CHANNEL_EMAIL, NULL);
  expect_deadline(c, utc(2026, 11, 23, 9, 0), REDRESS_DEADLINE_ACKNOWLEDGE, 1,
                  REDRESS_DEADLINE_PENDING, utc(2026, 11, 24, 9, 0), utc(2026, 11, 24, 3, 0));
  expect_deadline(c, utc(2026, 11, 23, 9, 0), REDRESS_DEADLINE_RESOLVE, 1,
                  REDRESS_DEADLINE_PENDING, utc(2026, 12, 23, 9, 0), utc(2026, 12, 15, 21, 0));
  assert_int_equal(redress_complaint_acknowledge(c, utc(2026, 11, 23, 11, 0), "ann", NULL), REDRESS_OK);
  assert_int_equal(redress_complaint_investigate(c, utc(2026, 11, 23, 14, 0), "ann", NULL,
                                                 "charged twice", "refund"), REDRESS_OK);
  assert_int_equal(redress_complaint_await_customer(c, utc(2026, 11, 24, 10, 0), "ann",
                                                    "Which card?"), REDRESS_OK);
  expect_deadline(c, utc(2026, 11, 25, 10, 0), REDRESS_DEADLINE_RESOLVE, 1,
                  REDRESS_DEADLINE_PAUSED, REDRESS_TIME_NEVER, REDRESS_TIME_NEVER);
  expect_deadline(c, utc(2026, 11, 25, 10, 0), REDRESS_DEADLINE_UPDATE, 2, REDRESS_DEADLINE_MET,
                  utc(2026, 11, 30, 11, 0), utc(2026, 11, 28, 17, 0));
  expect_deadline(c, utc(2026, 11, 25, 10, 0), REDRESS_DEADLINE_UPDATE, 4,
                  REDRESS_DEADLINE_PAUSED, REDRESS_TIME_NEVER, REDRESS_TIME_NEVER);
  assert_int_equal(redress_complaint_customer_reply(c, utc(2026, 11, 27, 16, 0), "cust", NULL),
                   REDRESS_OK);
  /* paused 3 days 6 hours: both clocks move by that much */
  expect_deadline(c, utc(2026, 11, 27, 16, 0), REDRESS_DEADLINE_RESOLVE, 1,
                  REDRESS_DEADLINE_PENDING, utc(2026, 12, 26, 15, 0), utc(2026, 12, 18, 7, 30));
  expect_deadline(c, utc(2026, 11, 27, 16, 0), REDRESS_DEADLINE_UPDATE, 4,
                  REDRESS_DEADLINE_PENDING, utc(2026, 12, 4, 16, 0), utc(2026, 12, 2, 2, 30));
  assert_int_equal(next_alarm(c, utc(2026, 11, 27, 16, 0)), utc(2026, 12, 2, 2, 30));
  assert_int_equal(redress_desk_save(t.desk, c), REDRESS_OK);
  redress_complaint_free(c);

  alarm_log log = {0};
  assert_int_equal(redress_desk_tick(t.desk, utc(2026, 12, 4, 16, 0), log_alarm, &log), REDRESS_OK);
  assert_int_equal(log.count, 2);
  expect_alarm(&log, 0, REDRESS_DEADLINE_UPDATE, REDRESS_ALARM_WARNING, utc(2026, 12, 4, 16, 0));
  expect_alarm(&log, 1, REDRESS_DEADLINE_UPDATE, REDRESS_ALARM_BREACH, utc(2026, 12, 4, 16, 0));
  assert_int_equal(redress_desk_tick(t.desk, utc(2026, 12, 20, 0, 0), log_alarm, &log), REDRESS_OK);
  assert_int_equal(log.count, 3);
  expect_alarm(&log, 2, REDRESS_DEADLINE_RESOLVE, REDRESS_ALARM_WARNING, utc(2026, 12, 26, 15, 0));
  assert_int_equal(redress_desk_tick(t.desk, utc(2026, 12, 20, 0, 0), log_alarm, &log), REDRESS_OK);
  assert_int_equal(log.count, 3);

  assert_int_equal(redress_desk_load(&c, t.desk, "A"), REDRESS_OK);
  assert_int_equal(redress_complaint_hold(c, utc(2026, 12, 21, 9, 0), "ann", "need more time"),
                   REDRESS_OK);
  expect_deadline(c, utc(2026, 12, 21, 9, 0), REDRESS_DEADLINE_RESOLVE, 1,
                  REDRESS_DEADLINE_PENDING, utc(2027, 1, 21, 15, 0), utc(2027, 1, 6, 19, 30));
  expect_deadline(c, utc(2026, 12, 21, 9, 0), REDRESS_DEADLINE_UPDATE, 4,
                  REDRESS_DEADLINE_MET_LATE, utc(2026, 12, 4, 16, 0), utc(2026, 12, 2, 2, 30));
  /* the RESOLVE warning was reported before the hold moved it: it is not reported again */
  assert_int_equal(redress_desk_save(t.desk, c), REDRESS_OK);
  assert_int_equal(redress_desk_tick(t.desk, utc(2027, 1, 7, 0, 0), log_alarm, &log), REDRESS_OK);
  assert_int_equal(log.count, 5);
  expect_alarm(&log, 3, REDRESS_DEADLINE_UPDATE, REDRESS_ALARM_WARNING, utc(2026, 12, 28, 9, 0));
  expect_alarm(&log, 4, REDRESS_DEADLINE_UPDATE, REDRESS_ALARM_BREACH, utc(2026, 12, 28, 9, 0));
  redress_complaint_free(c);
  assert_int_equal(redress_desk_load(&c, t.desk, "A"), REDRESS_OK);
  assert_int_equal(redress_complaint_respond(c, utc(2027, 1, 8, 12, 0), "ann", NULL,
                                             REDRESS_DECISION_UPHELD, "refund", 4990), REDRESS_OK);
  expect_deadline(c, utc(2027, 1, 8, 12, 0), REDRESS_DEADLINE_RESOLVE, 1, REDRESS_DEADLINE_MET,
                  utc(2027, 1, 21, 15, 0), utc(2027, 1, 6, 19, 30));
  redress_complaint_free(c);
  th_desk_close(&t);
}

/* ---- docs/deadlines.md: example 2, a London office ------------------------- */

static void example_london_office(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  assert_int_equal(redress_desk_add_calendar(t.desk, "london", london, strlen(london)), REDRESS_OK);
  redress_policy p = REDRESS_POLICY_INIT;
  p.name = "uk-office";
  p.calendar = "london";
  p.acknowledge = (redress_span){4 * 3600, REDRESS_SPAN_BUSINESS_SECONDS};
  p.update_every = (redress_span){2, REDRESS_SPAN_BUSINESS_DAYS};
  p.resolve = (redress_span){56 * 86400, REDRESS_SPAN_CALENDAR_SECONDS};
  p.follow_up = (redress_span){5, REDRESS_SPAN_BUSINESS_DAYS};
  p.warn_percent = 75;
  assert_int_equal(redress_desk_add_policy(t.desk, &p), REDRESS_OK);

  redress_complaint *c = receive(t.desk, "B", utc(2026, 3, 27, 16, 0), REDRESS_CHANNEL_WEB, NULL);
  expect_deadline(c, utc(2026, 3, 27, 16, 0), REDRESS_DEADLINE_ACKNOWLEDGE, 1,
                  REDRESS_DEADLINE_PENDING, utc(2026, 3, 30, 10, 30), utc(2026, 3, 30, 9, 30));
  expect_deadline(c, utc(2026, 3, 27, 16, 0), REDRESS_DEADLINE_RESOLVE, 1,
                  REDRESS_DEADLINE_PENDING, utc(2026, 5, 22, 16, 0), utc(2026, 5, 8, 16, 0));
  assert_int_equal(redress_complaint_acknowledge(c, utc(2026, 3, 30, 9, 0), "bob", NULL), REDRESS_OK);
  expect_deadline(c, utc(2026, 3, 30, 9, 0), REDRESS_DEADLINE_UPDATE, 2, REDRESS_DEADLINE_PENDING,
                  utc(2026, 4, 1, 16, 30), utc(2026, 4, 1, 10, 7) + 30);
  assert_int_equal(redress_complaint_investigate(c, utc(2026, 3, 30, 9, 30), "bob", NULL, "no signal",
                                                 NULL), REDRESS_OK);
  assert_int_equal(redress_complaint_promise(c, utc(2026, 3, 30, 10, 0), "bob", "engineer visit",
                                             utc(2026, 4, 2, 12, 0)), REDRESS_OK);
  redress_time now = utc(2026, 4, 7, 12, 0);
  expect_deadline(c, now, REDRESS_DEADLINE_UPDATE, 2, REDRESS_DEADLINE_MET, utc(2026, 4, 1, 16, 30),
                  utc(2026, 4, 1, 10, 7) + 30);
  expect_deadline(c, now, REDRESS_DEADLINE_UPDATE, 4, REDRESS_DEADLINE_BREACHED,
                  utc(2026, 4, 1, 16, 30), utc(2026, 4, 1, 10, 22) + 30);
  expect_deadline(c, now, REDRESS_DEADLINE_PROMISE, 4, REDRESS_DEADLINE_BREACHED,
                  utc(2026, 4, 2, 12, 0), utc(2026, 4, 1, 17, 30));
  redress_complaint_free(c);
  th_desk_close(&t);
}

/* ---- docs/deadlines.md: example 3, PSD2 over the holidays ------------------ */

static const char frankfurt[] = "tz=CET-1CEST,M3.5.0,M10.5.0/3\n"
                                "mon-fri 09:00-17:00\n"
                                "holiday 2026-12-24; holiday 2026-12-25\n"
                                "holiday 2026-12-31; holiday 2027-01-01\n";

static void example_psd2_holidays(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  assert_int_equal(redress_desk_add_calendar(t.desk, "frankfurt", frankfurt, strlen(frankfurt)),
                   REDRESS_OK);
  redress_policy p = REDRESS_POLICY_INIT;
  p.name = "eu-psd2";
  p.category = "payments";
  p.calendar = "frankfurt";
  p.acknowledge = (redress_span){1, REDRESS_SPAN_BUSINESS_DAYS};
  p.resolve = (redress_span){15, REDRESS_SPAN_BUSINESS_DAYS};
  p.resolve_extended = (redress_span){35, REDRESS_SPAN_BUSINESS_DAYS};
  p.warn_percent = 70;
  assert_int_equal(redress_desk_add_policy(t.desk, &p), REDRESS_OK);

  redress_time t0 = utc(2026, 12, 17, 13, 0);
  redress_complaint *c = receive(t.desk, "C", t0, REDRESS_CHANNEL_EMAIL, "payments");
  expect_deadline(c, t0, REDRESS_DEADLINE_ACKNOWLEDGE, 1, REDRESS_DEADLINE_PENDING,
                  utc(2026, 12, 18, 16, 0), utc(2026, 12, 18, 12, 42));
  expect_deadline(c, t0, REDRESS_DEADLINE_RESOLVE, 1, REDRESS_DEADLINE_PENDING,
                  utc(2027, 1, 13, 16, 0), utc(2027, 1, 7, 11, 6));
  assert_int_equal(redress_complaint_acknowledge(c, utc(2026, 12, 18, 8, 0), "eva", NULL), REDRESS_OK);
  assert_int_equal(redress_complaint_hold(c, utc(2027, 1, 4, 10, 0), "eva", "waiting for the acquirer"),
                   REDRESS_OK);
  expect_deadline(c, utc(2027, 1, 4, 10, 0), REDRESS_DEADLINE_RESOLVE, 1, REDRESS_DEADLINE_PENDING,
                  utc(2027, 2, 10, 16, 0), utc(2027, 1, 27, 11, 6));
  redress_complaint_free(c);

  /* another category: the default policy, always open */
  c = receive(t.desk, "C2", t0, REDRESS_CHANNEL_EMAIL, "delivery");
  redress_deadlines *l = NULL;
  assert_int_equal(redress_complaint_deadlines(&l, c, t0), REDRESS_OK);
  assert_string_equal(redress_deadlines_policy(l), "default");
  redress_deadlines_free(l);
  redress_complaint_free(c);
  th_desk_close(&t);
}

/* ---- docs/regimes.md: loading a regime, as printed ------------------------- */

/* The code at the top of docs/regimes.md, and the sentence on the old preset's bug: a
 * complaint of Monday 23 November 2026 09:00 UTC under uk-fca-disp is acknowledged by
 * the close of the fifth business day, Monday 30 November 17:00 GMT, and may close
 * summarily until Thursday 26 November 17:00. The warning, at 75% of the 48 open hours
 * (Monday 09:00 to the next Monday 17:00), is Friday 27 November 13:00. */
static void regimes_example(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  const char *text;
  size_t len;
  if (redress_builtin_spec("calendar/gb-eng", 0, NULL, &text, &len) == REDRESS_OK)
    assert_int_equal(redress_desk_add_calendar(t.desk, "gb-eng", text, len), REDRESS_OK);
  if (redress_builtin_spec("regime/uk-fca-disp", 0, NULL, &text, &len) == REDRESS_OK)
    assert_int_equal(redress_desk_load_policies(t.desk, text, len), REDRESS_OK);
  const char *name;
  size_t n = 0;
  for (size_t i = 0; redress_builtin_spec(NULL, i, &name, NULL, NULL) == REDRESS_OK; i++) n++;
  assert_int_equal(n, 12);

  redress_complaint *c = receive(t.desk, "fca-1", TH_T0, REDRESS_CHANNEL_EMAIL, NULL);
  expect_deadline(c, TH_T0, REDRESS_DEADLINE_ACKNOWLEDGE, 1, REDRESS_DEADLINE_PENDING,
                  utc(2026, 11, 30, 17, 0), utc(2026, 11, 27, 13, 0));
  expect_deadline(c, TH_T0, REDRESS_DEADLINE_SUMMARY_RESOLVE, 1, REDRESS_DEADLINE_PENDING,
                  utc(2026, 11, 26, 17, 0), REDRESS_TIME_NEVER);
  redress_complaint_free(c);
  th_desk_close(&t);
}

/* ---- docs/metrics.md: the worked scenario ---------------------------------- */

/* Day d of the week of Monday 23 November 2026 at hh:mm UTC (day 0 is Monday). */
#define AT(d, hh, mm) (utc(2026, 11, 23, hh, mm) + (d) * DAY)

static redress_complaint *customer(redress_desk *desk, const char *id, int channel, int64_t value,
                                   redress_time received) {
  redress_complaint_fields in = REDRESS_COMPLAINT_FIELDS_INIT;
  in.id = id;
  in.customer_id = id;
  in.channel = channel;
  in.customer_value = value;
  in.received_at = received;
  redress_complaint *c = NULL;
  assert_int_equal(redress_complaint_create(&c, desk, &in), REDRESS_OK);
  return c;
}

#define OK(call) assert_int_equal((call), REDRESS_OK)

/* The seven complaints of the scenario, in the order of the document's table. */
static void metrics_scenario(redress_desk *desk, redress_complaint *c[7]) {
  const char office[] = "mon-fri 09:00-17:00";
  OK(redress_desk_add_calendar(desk, "office", office, sizeof office - 1));
  redress_policy p = REDRESS_POLICY_INIT;
  p.name = "email";
  p.channels = 1u << REDRESS_CHANNEL_EMAIL;
  p.calendar = "office";
  p.acknowledge = (redress_span){4 * 3600, REDRESS_SPAN_BUSINESS_SECONDS};
  p.update_every = (redress_span){2, REDRESS_SPAN_BUSINESS_DAYS};
  p.resolve = (redress_span){5, REDRESS_SPAN_BUSINESS_DAYS};
  p.follow_up = (redress_span){3, REDRESS_SPAN_BUSINESS_DAYS};
  OK(redress_desk_add_policy(desk, &p));
  const int PHONE = REDRESS_CHANNEL_PHONE, EMAIL = REDRESS_CHANNEL_EMAIL;

  c[0] = customer(desk, "P1", PHONE, 100000, AT(0, 9, 0));
  OK(redress_complaint_resolve_on_the_spot(c[0], AT(0, 9, 10), "ann", NULL,
                                           REDRESS_DECISION_UPHELD, "reset", 0));
  OK(redress_complaint_confirm(c[0], AT(0, 10, 0), "ann", NULL, 5));

  c[1] = customer(desk, "E1", EMAIL, 250000, AT(0, 9, 0));
  OK(redress_complaint_acknowledge(c[1], AT(0, 10, 0), "bob", NULL));
  OK(redress_complaint_investigate(c[1], AT(0, 11, 0), "bob", NULL, "charged twice", NULL));
  OK(redress_complaint_promise(c[1], AT(0, 12, 0), "bob", "answer by noon", AT(1, 12, 0)));
  OK(redress_complaint_respond(c[1], AT(1, 15, 0), "bob", NULL, REDRESS_DECISION_UPHELD,
                               "refund", 2000));
  OK(redress_complaint_fulfill(c[1], AT(2, 11, 0), "bob", NULL));
  OK(redress_complaint_confirm(c[1], AT(3, 10, 0), "bob", NULL, 4));

  c[2] = customer(desk, "E2", EMAIL, REDRESS_AMOUNT_UNKNOWN, AT(0, 16, 0));
  OK(redress_complaint_acknowledge(c[2], AT(1, 13, 0), "bob", NULL));
  OK(redress_complaint_investigate(c[2], AT(1, 13, 30), "bob", NULL, "fee", NULL));
  OK(redress_complaint_respond(c[2], AT(2, 10, 0), "bob", NULL, REDRESS_DECISION_DECLINED, NULL,
                               REDRESS_AMOUNT_UNKNOWN));
  OK(redress_complaint_close(c[2], AT(3, 9, 0), "bob", NULL));

  c[3] = customer(desk, "E3", EMAIL, 80000, AT(1, 10, 0));
  OK(redress_complaint_acknowledge(c[3], AT(1, 10, 30), "cy", NULL));
  OK(redress_complaint_investigate(c[3], AT(1, 11, 0), "cy", NULL, "broken", NULL));
  OK(redress_complaint_respond(c[3], AT(2, 14, 0), "cy", NULL, REDRESS_DECISION_PARTLY_UPHELD,
                               "repair", 1500));
  OK(redress_complaint_fulfill(c[3], AT(3, 16, 0), "cy", NULL));
  OK(redress_complaint_reopen(c[3], AT(4, 9, 0), "cy", "broken again"));

  c[4] = customer(desk, "P2", PHONE, 50000, AT(2, 9, 0));

  c[5] = customer(desk, "P3", PHONE, 40000, AT(0, 11, 0));
  OK(redress_complaint_resolve_on_the_spot(c[5], AT(0, 11, 5), "ann", NULL,
                                           REDRESS_DECISION_DECLINED, NULL, REDRESS_AMOUNT_UNKNOWN));
  OK(redress_complaint_confirm(c[5], AT(0, 12, 0), "ann", NULL, 2));

  c[6] = customer(desk, "W1", EMAIL, 30000, AT(3, 9, 0));
  OK(redress_complaint_withdraw(c[6], AT(3, 12, 0), "dee", NULL));
}

typedef struct expected_metric {
  int metric;
  double total, phone, email; /* NAN: nothing to measure */
} expected_metric;

/* The table of docs/metrics.md, "A worked scenario". */
static const expected_metric scenario_values[] = {
    {REDRESS_METRIC_COMPLAINTS, 7, 3, 4},
    {REDRESS_METRIC_STATE_RECEIVED, 1, 1, 0},
    {REDRESS_METRIC_STATE_ACKNOWLEDGED, 0, 0, 0},
    {REDRESS_METRIC_STATE_INVESTIGATING, 1, 0, 1},
    {REDRESS_METRIC_STATE_AWAITING_CUSTOMER, 0, 0, 0},
    {REDRESS_METRIC_STATE_RESPONDED, 0, 0, 0},
    {REDRESS_METRIC_STATE_RESOLVED, 0, 0, 0},
    {REDRESS_METRIC_STATE_CLOSED, 4, 2, 2},
    {REDRESS_METRIC_STATE_WITHDRAWN, 1, 0, 1},
    {REDRESS_METRIC_DECISION_NONE, 3, 1, 2},
    {REDRESS_METRIC_DECISION_UPHELD, 2, 1, 1},
    {REDRESS_METRIC_DECISION_PARTLY_UPHELD, 0, 0, 0},
    {REDRESS_METRIC_DECISION_DECLINED, 2, 1, 1},
    {REDRESS_METRIC_ON_THE_SPOT, 2, 2, 0},
    {REDRESS_METRIC_FIRST_CONTACT_RESOLUTION_RATE, 2.0 / 7, 2.0 / 3, 0},
    {REDRESS_METRIC_RESOLVED, 3, 2, 1},
    {REDRESS_METRIC_OUTCOME_ON_THE_SPOT, 1, 1, 0},
    {REDRESS_METRIC_OUTCOME_RESOLVED, 1, 0, 1},
    {REDRESS_METRIC_OUTCOME_UNRESOLVED, 5, 2, 3},
    {REDRESS_METRIC_ACKNOWLEDGE_DEADLINES, 6, 3, 3},
    {REDRESS_METRIC_ACKNOWLEDGE_ON_TIME_RATE, 4.0 / 6, 2.0 / 3, 2.0 / 3},
    {REDRESS_METRIC_ACKNOWLEDGE_BREACHES, 2, 1, 1},
    {REDRESS_METRIC_UPDATE_DEADLINES, 7, 0, 7},
    {REDRESS_METRIC_UPDATE_ON_TIME_RATE, 6.0 / 7, NAN, 6.0 / 7},
    {REDRESS_METRIC_UPDATE_BREACHES, 1, 0, 1},
    {REDRESS_METRIC_RESOLVE_DEADLINES, 5, 2, 3},
    {REDRESS_METRIC_RESOLVE_ON_TIME_RATE, 1, 1, 1},
    {REDRESS_METRIC_RESOLVE_BREACHES, 0, 0, 0},
    {REDRESS_METRIC_PROMISE_DEADLINES, 1, 0, 1},
    {REDRESS_METRIC_PROMISE_ON_TIME_RATE, 0, NAN, 0},
    {REDRESS_METRIC_PROMISE_BREACHES, 1, 0, 1},
    {REDRESS_METRIC_FOLLOW_UP_DEADLINES, 3, 2, 1},
    {REDRESS_METRIC_FOLLOW_UP_ON_TIME_RATE, 1, 1, 1},
    {REDRESS_METRIC_FOLLOW_UP_BREACHES, 0, 0, 0},
    {REDRESS_METRIC_CONTACTED, 5, 2, 3},
    {REDRESS_METRIC_TIME_TO_ACKNOWLEDGE_MEAN, 16380, 450, 27000},
    {REDRESS_METRIC_TIME_TO_ACKNOWLEDGE_MEDIAN, 1800, 450, 3600},
    {REDRESS_METRIC_TIME_TO_ACKNOWLEDGE_P90, 46800, 570, 61200},
    {REDRESS_METRIC_TIME_TO_ACKNOWLEDGE_BUSINESS_MEAN, 4860, 450, 7800},
    {REDRESS_METRIC_TIME_TO_ACKNOWLEDGE_BUSINESS_MEDIAN, 1800, 450, 3600},
    {REDRESS_METRIC_TIME_TO_ACKNOWLEDGE_BUSINESS_P90, 12240, 570, 15120},
    {REDRESS_METRIC_TIME_TO_RESOLVE_MEAN, 60300, 450, 180000},
    {REDRESS_METRIC_TIME_TO_RESOLVE_MEDIAN, 600, 450, 180000},
    {REDRESS_METRIC_TIME_TO_RESOLVE_P90, 144120, 570, 180000},
    {REDRESS_METRIC_TIME_TO_RESOLVE_BUSINESS_MEAN, 21900, 450, 64800},
    {REDRESS_METRIC_TIME_TO_RESOLVE_BUSINESS_MEDIAN, 600, 450, 64800},
    {REDRESS_METRIC_TIME_TO_RESOLVE_BUSINESS_P90, 51960, 570, 64800},
    {REDRESS_METRIC_REOPENED, 1, 0, 1},
    {REDRESS_METRIC_REOPENS, 1, 0, 1},
    {REDRESS_METRIC_REOPEN_RATE, 1.0 / 7, 0, 0.25},
    {REDRESS_METRIC_SATISFACTION_ANSWERS, 3, 2, 1},
    {REDRESS_METRIC_SATISFACTION_MEAN, 11.0 / 3, 3.5, 4},
    {REDRESS_METRIC_SATISFIED_SHARE, 2.0 / 3, 0.5, 1},
    {REDRESS_METRIC_COMPENSATED, 1, 0, 1},
    {REDRESS_METRIC_COMPENSATION_PAID, 2000, 0, 2000},
    {REDRESS_METRIC_EXPECTED_RETAINED, 2.10, 1.13, 0.97},
    {REDRESS_METRIC_EXPECTED_LOST, 4.90, 1.87, 3.03},
    {REDRESS_METRIC_RETENTION_RATE, 0.30, 1.13 / 3, 0.2425},
    {REDRESS_METRIC_REVENUE_AT_RISK, 262000, 86900, 175100},
    {REDRESS_METRIC_VALUE_UNKNOWN, 1, 0, 1},
    {REDRESS_METRIC_SILENT_DISSATISFIED, 168, 72, 96},
    {REDRESS_METRIC_SILENT_LOST, 152.88, 65.52, 87.36},
    {REDRESS_METRIC_DISSATISFIED_COMPLAINANTS, 5, 2, 3},
    {REDRESS_METRIC_WORD_OF_MOUTH_REACH, 3460, 1480, 1980},
    {REDRESS_METRIC_CUSTOMERS_SAVED, 1.47, 0.86, 0.61},
    {REDRESS_METRIC_NEXT_REPLY_DEADLINES, 0, 0, 0},
    {REDRESS_METRIC_NEXT_REPLY_ON_TIME_RATE, NAN, NAN, NAN},
    {REDRESS_METRIC_NEXT_REPLY_BREACHES, 0, 0, 0},
    {REDRESS_METRIC_SUMMARY_RESOLVE_DEADLINES, 0, 0, 0},
    {REDRESS_METRIC_SUMMARY_RESOLUTION_RATE, NAN, NAN, NAN},
    {REDRESS_METRIC_SUMMARY_RESOLVE_LAPSED, 0, 0, 0},
};

static void expect_metric(redress_metrics *m, int group, int metric, double want) {
  double got = -12345.0;
  OK(redress_metrics_value(&got, m, group, metric));
  if (isnan(want)) {
    if (!isnan(got)) fail_msg("%s (group %d): got %.17g, want NaN", redress_enum_name(REDRESS_ENUM_METRIC, metric), group, got);
    return;
  }
  if (!(fabs(got - want) <= 1e-9 * (fabs(want) > 1.0 ? fabs(want) : 1.0)))
    fail_msg("%s (group %d): got %.17g, want %.17g", redress_enum_name(REDRESS_ENUM_METRIC, metric), group, got, want);
}

static void metrics_worked_scenario(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  redress_complaint *c[7];
  metrics_scenario(t.desk, c);
  redress_metrics *m = NULL;
  OK(redress_metrics_new(&m, t.desk, NULL, REDRESS_GROUP_BY_CHANNEL, AT(9, 9, 0)));
  for (int i = 0; i < 7; i++) OK(redress_metrics_add(m, c[i]));
  int phone = -1, email = -1;
  OK(redress_metrics_group_find(&phone, m, "phone"));
  OK(redress_metrics_group_find(&email, m, "email"));
  assert_int_equal(phone, REDRESS_CHANNEL_PHONE);
  assert_int_equal(email, REDRESS_CHANNEL_EMAIL);
  size_t n = sizeof scenario_values / sizeof scenario_values[0];
  assert_int_equal(n, REDRESS_METRIC_COUNT); /* every metric is in the table */
  for (size_t i = 0; i < n; i++) {
    const expected_metric *e = &scenario_values[i];
    assert_int_equal(e->metric, (int)i);
    expect_metric(m, REDRESS_METRICS_TOTAL, e->metric, e->total);
    expect_metric(m, phone, e->metric, e->phone);
    expect_metric(m, email, e->metric, e->email);
  }
  /* an empty group: counts 0, rates and times NaN */
  expect_metric(m, REDRESS_CHANNEL_CHAT, REDRESS_METRIC_COMPLAINTS, 0);
  expect_metric(m, REDRESS_CHANNEL_CHAT, REDRESS_METRIC_RETENTION_RATE, NAN);
  expect_metric(m, REDRESS_CHANNEL_CHAT, REDRESS_METRIC_TIME_TO_ACKNOWLEDGE_MEDIAN, NAN);
  expect_metric(m, REDRESS_CHANNEL_CHAT, REDRESS_METRIC_EXPECTED_RETAINED, 0);
  redress_metrics_free(m);
  for (int i = 0; i < 7; i++) redress_complaint_free(c[i]);
  th_desk_close(&t);
}


/* ---- docs/classification.md: worked examples -------------------------------- */

#define PB(x) REDRESS_PLAYBOOK_##x

typedef struct expected_verdict {
  const char *text;
  int temperament;
  double rational, emotional; /* as S / (S + 2) of the documented sums */
  int legitimacy;
  double confidence;
  uint32_t risks, playbook;
  int severity;
  size_t reasons;
} expected_verdict;

static const expected_verdict verdicts[] = {
    {"I am absolutely furious!!! This is the third time I have called and nobody cares.",
     REDRESS_TEMPERAMENT_EMOTIONAL, 0.0, 5.9 / 7.9, REDRESS_LEGITIMACY_REASONABLE, 0.5,
     REDRESS_RISK_REPEAT, PB(EMPATHIZE) | PB(APOLOGIZE) | PB(OFFER_REMEDY) | PB(ESCALATE) | PB(FOLLOW_UP),
     REDRESS_SEVERITY_HIGH, 5},
    {"Order #A-1001 was charged twice on 2026-11-20. Please refund 49.90 EUR by Friday.",
     REDRESS_TEMPERAMENT_RATIONAL, 7.8 / 9.8, 0.0, REDRESS_LEGITIMACY_REASONABLE, 0.9, 0,
     PB(EXPLAIN_CAUSE) | PB(GIVE_FACTS) | PB(OFFER_REMEDY) | PB(GIVE_DEADLINE),
     REDRESS_SEVERITY_NORMAL, 9},
    {"I'm not angry, just disappointed. Your agent told me the fee would be waived.",
     REDRESS_TEMPERAMENT_EMOTIONAL, 0.6 / 2.6, 1.0 / 3.0, REDRESS_LEGITIMACY_MISINFORMED, 0.62, 0,
     PB(EMPATHIZE) | PB(APOLOGIZE) | PB(EXPLAIN_CAUSE) | PB(OFFER_REMEDY) | PB(FOLLOW_UP),
     REDRESS_SEVERITY_HIGH, 5},
    {"WHY IS NOBODY ANSWERING??? I will post this on Twitter and call my lawyer.",
     REDRESS_TEMPERAMENT_EMOTIONAL, 0.0, 2.5 / 4.5, REDRESS_LEGITIMACY_REASONABLE, 0.5,
     REDRESS_RISK_SOCIAL | REDRESS_RISK_LEGAL,
     PB(EMPATHIZE) | PB(APOLOGIZE) | PB(GIVE_FACTS) | PB(OFFER_REMEDY) | PB(MOVE_TO_PHONE) |
         PB(ESCALATE) | PB(FOLLOW_UP),
     REDRESS_SEVERITY_CRITICAL, 5},
    {"\xEC\xA0\x95\xEB\xA7\x90 \xED\x99\x94\xEB\x82\x98\xEC\x9A\x94 \xE3\x85\xA0\xE3\x85\xA0 "
     "\xEC\xA3\xBC\xEB\xAC\xB8\xEB\xB2\x88\xED\x98\xB8 12345 \xED\x99\x98\xEB\xB6\x88 "
     "\xEB\xB6\x80\xED\x83\x81\xEB\x93\x9C\xEB\xA6\xBD\xEB\x8B\x88\xEB\x8B\xA4.", /* 정말 화나요 ㅠㅠ 주문번호 12345 환불 부탁드립니다. */
     REDRESS_TEMPERAMENT_MIXED, 3.8 / 5.8, 3.45 / 5.45, REDRESS_LEGITIMACY_REASONABLE, 0.7, 0,
     PB(EMPATHIZE) | PB(APOLOGIZE) | PB(EXPLAIN_CAUSE) | PB(GIVE_FACTS) | PB(OFFER_REMEDY) |
         PB(GIVE_DEADLINE) | PB(FOLLOW_UP),
     REDRESS_SEVERITY_NORMAL, 7},
    {"\xED\x95\xB4\xEC\xA7\x80\xEB\x8A\x94 \xEC\x95\x88 \xED\x95\xA0\xEA\xB2\x8C\xEC\x9A\x94. "
     "\xEA\xB7\xB8\xEB\x83\xA5 \xEB\xB9\xA8\xEB\xA6\xAC \xEC\xB2\x98\xEB\xA6\xAC\xED\x95\xB4 "
     "\xEC\xA3\xBC\xEC\x84\xB8\xEC\x9A\x94.", /* 해지는 안 할게요. 그냥 빨리 처리해 주세요. */
     REDRESS_TEMPERAMENT_UNKNOWN, 0.6 / 2.6, 0.0, REDRESS_LEGITIMACY_REASONABLE, 0.5, 0,
     PB(OFFER_REMEDY) | PB(GIVE_DEADLINE), REDRESS_SEVERITY_LOW, 3},
    {"Unless you pay me 500 dollars I will post bad reviews everywhere.",
     REDRESS_TEMPERAMENT_RATIONAL, 1.0 / 3.0, 0.4 / 2.4, REDRESS_LEGITIMACY_MALICIOUS, 0.7,
     REDRESS_RISK_ABUSE,
     PB(EXPLAIN_CAUSE) | PB(GIVE_FACTS) | PB(GIVE_DEADLINE) | PB(ESCALATE) | PB(DECLINE_POLITELY) |
         PB(REFUND_AND_PART),
     REDRESS_SEVERITY_HIGH, 4},
};

static void expect_close(double got, double want) {
  if (!(fabs(got - want) <= 1e-12)) fail_msg("got %.17g, want %.17g", got, want);
}

static void classification_examples(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  for (size_t i = 0; i < sizeof verdicts / sizeof verdicts[0]; i++) {
    const expected_verdict *e = &verdicts[i];
    redress_verdict *v = NULL;
    OK(redress_classify_text(&v, t.desk, e->text, strlen(e->text)));
    assert_int_equal(th_summary(v).temperament, e->temperament);
    expect_close(th_summary(v).rational, e->rational);
    expect_close(th_summary(v).emotional, e->emotional);
    assert_int_equal(th_summary(v).legitimacy, e->legitimacy);
    expect_close(th_summary(v).confidence, e->confidence);
    assert_int_equal(th_summary(v).risks, e->risks);
    assert_int_equal(th_summary(v).playbook, e->playbook);
    assert_int_equal(th_summary(v).severity, e->severity);
    assert_int_equal(th_summary(v).reason_count, e->reasons);
    redress_verdict_free(v);
  }
  /* the reasons of the first text, as the document lists them */
  static const struct {
    const char *rule;
    double weight;
    size_t offset, length;
  } reasons[] = {{"cue.intensifier", 1.0, 5, 10}, {"cue.anger", 2.0, 16, 7},
                 {"text.exclamations", 1.0, 23, 3}, {"cue.repeat", 1.0, 39, 10},
                 {"cue.anger", 1.4, 68, 12}};
  redress_verdict *v = NULL;
  OK(redress_classify_text(&v, t.desk, verdicts[0].text, strlen(verdicts[0].text)));
  for (size_t i = 0; i < 5; i++) {
    redress_reason r = REDRESS_REASON_INIT;
    OK(redress_verdict_reason(&r, v, i));
    assert_string_equal(r.rule, reasons[i].rule);
    expect_close(r.weight, reasons[i].weight);
    assert_true(r.has_span);
    assert_int_equal(r.offset, reasons[i].offset);
    assert_int_equal(r.length, reasons[i].length);
  }
  redress_verdict_free(v);
  th_desk_close(&t);
}

static void classification_of_a_complaint(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  redress_policy p = REDRESS_POLICY_INIT;
  p.name = "retail";
  p.max_compensation = 10000;
  OK(redress_desk_add_policy(t.desk, &p));
  redress_complaint_fields in = REDRESS_COMPLAINT_FIELDS_INIT;
  in.id = "X1";
  in.customer_id = "c9";
  in.customer_value = 20000;
  in.channel = REDRESS_CHANNEL_SOCIAL;
  in.category = "appliances";
  in.text = "The blender broke after two days. I want 300 EUR or I go to the press.";
  in.received_at = TH_T0;
  in.order_value = 4990;
  in.claimed_amount = 30000;
  in.expectation = 30000;
  in.bottom_line = 15000;
  in.prior_complaints = 4;
  in.prior_compensation = 6000;
  redress_complaint *c = NULL;
  OK(redress_complaint_create(&c, t.desk, &in));
  redress_verdict *v = NULL;
  OK(redress_classify(&v, t.desk, c));
  assert_int_equal(th_summary(v).temperament, REDRESS_TEMPERAMENT_RATIONAL);
  expect_close(th_summary(v).rational, 1.0 / 3.0);
  expect_close(th_summary(v).emotional, 0.2);
  assert_int_equal(th_summary(v).legitimacy, REDRESS_LEGITIMACY_MALICIOUS);
  expect_close(th_summary(v).confidence, 0.6);
  assert_int_equal(th_summary(v).risks, REDRESS_RISK_MEDIA | REDRESS_RISK_SOCIAL);
  assert_int_equal(th_summary(v).severity, REDRESS_SEVERITY_CRITICAL);
  assert_int_equal(th_summary(v).offer, 10000);
  assert_int_equal(th_summary(v).playbook,
                   PB(EXPLAIN_CAUSE) | PB(GIVE_FACTS) | PB(GIVE_DEADLINE) | PB(MOVE_TO_PHONE) |
                       PB(ESCALATE) | PB(DECLINE_POLITELY) | PB(REFUND_AND_PART));
  static const char *const rules[] = {"cue.currency", "cue.media", "field.channel",
                                      "field.claim_ratio", "field.claim_over_policy",
                                      "settle.escalate", "field.serial_claims"};
  assert_int_equal(th_summary(v).reason_count, 7);
  for (size_t i = 0; i < 7; i++) assert_string_equal(th_reason(v, i).rule, rules[i]);
  assert_string_equal(th_reason(v, 3).value, "30000 = 6.01 x order_value 4990");
  assert_string_equal(th_reason(v, 6).value,
                      "4 complaints, 6000 paid = 0.30 x customer_value 20000 in 365 days");
  redress_verdict_free(v);
  redress_complaint_free(c);
  th_desk_close(&t);
}

static void settlement_and_runtime_cues(void **state) {
  (void)state;
  int outcome = -1;
  int64_t offer = 0, low = 0, high = 0;
  redress_negotiation n = REDRESS_NEGOTIATION_INIT;
  n.expectation = 30000;
  n.bottom_line = 8000;
  n.policy_min = 2000;
  n.policy_max = 10000;
  OK(redress_settle(&outcome, &offer, &low, &high, &n));
  assert_int_equal(outcome, REDRESS_SETTLEMENT_OFFER);
  assert_int_equal(offer, 9000);
  assert_int_equal(low, 8000);
  assert_int_equal(high, 10000);
  n.bottom_line = 15000;
  OK(redress_settle(&outcome, &offer, &low, &high, &n));
  assert_int_equal(outcome, REDRESS_SETTLEMENT_ESCALATE);
  assert_int_equal(offer, 10000);

  th_desk t;
  th_desk_open(&t);
  const char *tsv = "# our own cues\n"
                    "snail mail\tanger\t1.5\n"
                    "refund*\trequest\t0.9\n"
                    "chargeback\tlegal\t1\n";
  OK(redress_desk_add_cues(t.desk, tsv, strlen(tsv)));
  const char *text = "I filed a chargeback and want refunds via snail mail.";
  redress_verdict *v = NULL;
  OK(redress_classify_text(&v, t.desk, text, strlen(text)));
  assert_int_equal(th_summary(v).reason_count, 3);
  assert_string_equal(th_reason(v, 0).rule, "host.legal");
  assert_string_equal(th_reason(v, 1).value, "refunds");
  assert_string_equal(th_reason(v, 2).rule, "host.anger");
  assert_int_equal(th_summary(v).risks, REDRESS_RISK_LEGAL);
  redress_verdict_free(v);
  static const struct {
    const char *line;
    const char *message;
  } bad[] = {
      {"a\tb", "add_cues: line 1 (byte 0): expected term<TAB>cue<TAB>weight"},
      {"x\tangerx\t1", "add_cues: line 1 (byte 2): unknown cue class"},
      {"x\tanger\t11",
       "add_cues: line 1 (byte 8): the weight must be a decimal in [-10, 10] with up to 3 decimals"},
      {"*\tanger\t1", "add_cues: line 1 (byte 0): the term is empty"},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    assert_int_equal(redress_desk_add_cues(t.desk, bad[i].line, strlen(bad[i].line)),
                     REDRESS_ERR_PARSE);
    assert_string_equal(redress_desk_errmsg(t.desk), bad[i].message);
  }
  th_desk_close(&t);
}

/* ---- docs/metrics.md: the table of metrics --------------------------------- */

static char *read_doc(const char *name) {
  const char *dir = getenv("REDRESS_DOCS");
  char path[1024];
  snprintf(path, sizeof path, "%s/%s", dir != NULL ? dir : "docs", name);
  FILE *f = fopen(path, "rb");
  if (f == NULL) fail_msg("cannot open %s (set REDRESS_DOCS)", path);
  static char text[1 << 17];
  size_t n = fread(text, 1, sizeof text - 1, f);
  assert_true(n < sizeof text - 1); /* the whole page was read */
  fclose(f);
  text[n] = '\0';
  return text;
}

/* The names column of a table row: its third cell. */
static const char *names_cell(const char *row, const char **end) {
  const char *cell = row;
  for (int bars = 0; bars < 2 && cell != NULL; bars++) cell = strchr(cell + 1, '|');
  assert_non_null(cell);
  *end = strchr(cell + 1, '|');
  assert_non_null(*end);
  return cell + 1;
}

/* Every `name` of the table, in order, is the metric name of 0, 1, 2, ...:
 * the page lists each metric in full, none missing, none made up. */
static void metrics_table_names_every_metric(void **state) {
  (void)state;
  char *text = read_doc("metrics.md");
  const char *row =
      strstr(text, "| # | metric | `redress_enum_name(REDRESS_ENUM_METRIC, m)` | value |");
  assert_non_null(row);
  row = strchr(row, '\n') + 1; /* the separator row */
  row = strchr(row, '\n') + 1;
  int next = 0;
  for (; row[0] == '|'; row = strchr(row, '\n') + 1) {
    const char *end = NULL;
    for (const char *p = names_cell(row, &end); (p = strchr(p, '`')) != NULL && p < end;) {
      const char *close = strchr(p + 1, '`');
      assert_true(close != NULL && close < end);
      size_t len = (size_t)(close - p - 1);
      const char *want = redress_enum_name(REDRESS_ENUM_METRIC, next);
      if (want == NULL) fail_msg("the table names more than %d metrics: %.*s", next, (int)len, p + 1);
      if (len != strlen(want) || memcmp(p + 1, want, len) != 0)
        fail_msg("metric %d is %s, the table says %.*s", next, want, (int)len, p + 1);
      next++;
      p = close + 1;
    }
  }
  assert_int_equal(next, REDRESS_METRIC_COUNT);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(calendar_examples),
      cmocka_unit_test(calendar_errors),
      cmocka_unit_test(calendar_dated_examples),
      cmocka_unit_test(example_default_policy),
      cmocka_unit_test(example_london_office),
      cmocka_unit_test(example_psd2_holidays),
      cmocka_unit_test(regimes_example),
      cmocka_unit_test(metrics_worked_scenario),
      cmocka_unit_test(classification_examples),
      cmocka_unit_test(classification_of_a_complaint),
      cmocka_unit_test(settlement_and_runtime_cues),
      cmocka_unit_test(metrics_table_names_every_metric),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

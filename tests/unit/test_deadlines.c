/* Policies and deadlines: targets, pauses, holds, promises, severity changes, alarms. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <pthread.h>

#include "helpers.h"

#define HOUR ((redress_time)3600)
#define DAY (24 * HOUR)
/* TH_T0 is Monday 2026-11-23 09:00 UTC. */
#define MON TH_T0
#define TUE (MON + DAY)
#define WED (MON + 2 * DAY)
#define NEXT_MON (MON + 7 * DAY)

static redress_complaint *create(redress_desk *desk, const char *id, int severity) {
  redress_complaint_fields in = th_full_init(id);
  in.severity = severity;
  in.received_at = MON;
  redress_complaint *c = NULL;
  assert_int_equal(redress_complaint_create(&c, desk, &in), REDRESS_OK);
  return c;
}

/* Finds the deadline of kind started by event anchor; fails the test if absent. */
static size_t find(const redress_deadlines *l, int kind, uint32_t anchor) {
  for (size_t i = 0; i < redress_deadlines_count(l); i++)
    if (th_deadline(l, i).kind == kind && th_deadline(l, i).anchor == anchor) return i;
  fail_msg("no %s deadline anchored at event %u", redress_enum_name(REDRESS_ENUM_DEADLINE_KIND, kind),
           anchor);
  return 0;
}

static redress_deadlines *deadlines_at(const redress_complaint *c, redress_time now) {
  redress_deadlines *l = NULL;
  assert_int_equal(redress_complaint_deadlines(&l, c, now), REDRESS_OK);
  return l;
}

static void expect(const redress_deadlines *l, int kind, uint32_t anchor, int state,
                   redress_time due) {
  size_t i = find(l, kind, anchor);
  assert_int_equal(th_deadline(l, i).state, state);
  assert_int_equal(th_deadline(l, i).due, due);
}

static void default_policy_targets(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  redress_complaint *c = create(t.desk, "c-1", REDRESS_SEVERITY_NORMAL);
  redress_deadlines *l = deadlines_at(c, MON);
  assert_string_equal(redress_deadlines_policy(l), "default");
  assert_int_equal(redress_deadlines_count(l), 2);
  expect(l, REDRESS_DEADLINE_ACKNOWLEDGE, 1, REDRESS_DEADLINE_PENDING, MON + DAY);
  expect(l, REDRESS_DEADLINE_RESOLVE, 1, REDRESS_DEADLINE_PENDING, MON + 30 * DAY);
  /* 75% of one day */
  assert_int_equal(th_deadline(l, find(l, REDRESS_DEADLINE_ACKNOWLEDGE, 1)).warn_at,
                   MON + 18 * HOUR);
  assert_int_equal(redress_deadlines_next_alarm(l), MON + 18 * HOUR);
  redress_deadlines_free(l);
  l = deadlines_at(c, MON + DAY);
  expect(l, REDRESS_DEADLINE_ACKNOWLEDGE, 1, REDRESS_DEADLINE_BREACHED, MON + DAY);
  redress_deadlines_free(l);

  assert_int_equal(redress_complaint_acknowledge(c, MON + 2 * HOUR, "ann", NULL), REDRESS_OK);
  l = deadlines_at(c, MON + 3 * HOUR);
  expect(l, REDRESS_DEADLINE_ACKNOWLEDGE, 1, REDRESS_DEADLINE_MET, MON + DAY);
  assert_int_equal(th_deadline(l, find(l, REDRESS_DEADLINE_ACKNOWLEDGE, 1)).met_at,
                   MON + 2 * HOUR);
  expect(l, REDRESS_DEADLINE_UPDATE, 2, REDRESS_DEADLINE_PENDING, MON + 2 * HOUR + 7 * DAY);
  redress_deadlines_free(l);
  redress_complaint_free(c);
  th_desk_close(&t);
}

static const char office[] = "mon-fri 09:00-17:00\n";

/* Office policy: 4 business hours to acknowledge, 5 business days to resolve. */
static void add_office_policy(redress_desk *desk, const char *name, int min_severity,
                              int64_t ack_hours) {
  redress_policy p = REDRESS_POLICY_INIT;
  p.name = name;
  p.min_severity = min_severity;
  p.calendar = "office";
  p.acknowledge = (redress_span){ack_hours * HOUR, REDRESS_SPAN_BUSINESS_SECONDS};
  p.update_every = (redress_span){2, REDRESS_SPAN_BUSINESS_DAYS};
  p.resolve = (redress_span){5, REDRESS_SPAN_BUSINESS_DAYS};
  p.resolve_extended = (redress_span){10, REDRESS_SPAN_BUSINESS_DAYS};
  p.follow_up = (redress_span){3, REDRESS_SPAN_BUSINESS_DAYS};
  p.warn_percent = 50;
  p.pause_when_awaiting_customer = 1;
  assert_int_equal(redress_desk_add_policy(desk, &p), REDRESS_OK);
}

static void office_desk(th_desk *t) {
  th_desk_open(t);
  assert_int_equal(redress_desk_add_calendar(t->desk, "office", office, strlen(office)),
                   REDRESS_OK);
  add_office_policy(t->desk, "urgent", REDRESS_SEVERITY_CRITICAL, 1);
  add_office_policy(t->desk, "office", REDRESS_SEVERITY_LOW, 4);
}

static void business_calendar_and_pause(void **state) {
  (void)state;
  th_desk t;
  office_desk(&t);
  redress_complaint *c = create(t.desk, "c-1", REDRESS_SEVERITY_NORMAL);
  redress_deadlines *l = deadlines_at(c, MON);
  assert_string_equal(redress_deadlines_policy(l), "office");
  expect(l, REDRESS_DEADLINE_ACKNOWLEDGE, 1, REDRESS_DEADLINE_PENDING, MON + 4 * HOUR);
  assert_int_equal(th_deadline(l, find(l, REDRESS_DEADLINE_ACKNOWLEDGE, 1)).warn_at,
                   MON + 2 * HOUR);
  /* the 5th business day after Monday closes next Monday at 17:00 */
  expect(l, REDRESS_DEADLINE_RESOLVE, 1, REDRESS_DEADLINE_PENDING, NEXT_MON + 8 * HOUR);
  redress_deadlines_free(l);

  assert_int_equal(redress_complaint_acknowledge(c, MON + HOUR, "ann", NULL), REDRESS_OK);
  assert_int_equal(redress_complaint_investigate(c, MON + 2 * HOUR, "ann", NULL, "p", NULL),
                   REDRESS_OK);
  assert_int_equal(redress_complaint_await_customer(c, TUE, "ann", "receipt?"), REDRESS_OK);
  l = deadlines_at(c, TUE + 3 * HOUR);
  size_t r = find(l, REDRESS_DEADLINE_RESOLVE, 1);
  assert_int_equal(th_deadline(l, r).state, REDRESS_DEADLINE_PAUSED);
  assert_int_equal(th_deadline(l, r).due, REDRESS_TIME_NEVER);
  expect(l, REDRESS_DEADLINE_UPDATE, 2, REDRESS_DEADLINE_MET, WED + 8 * HOUR);
  redress_deadlines_free(l);
  /* the customer answers a business day later: 8 open hours lost, RESOLVE moves a day */
  assert_int_equal(redress_complaint_customer_reply(c, WED, "cust", NULL), REDRESS_OK);
  l = deadlines_at(c, WED);
  expect(l, REDRESS_DEADLINE_RESOLVE, 1, REDRESS_DEADLINE_PENDING, NEXT_MON + DAY + 8 * HOUR);
  redress_deadlines_free(l);
  redress_complaint_free(c);
  th_desk_close(&t);
}

static void hold_extends_only_in_time(void **state) {
  (void)state;
  th_desk t;
  office_desk(&t);
  redress_complaint *c = create(t.desk, "c-1", REDRESS_SEVERITY_NORMAL);
  assert_int_equal(redress_complaint_acknowledge(c, MON + HOUR, "ann", NULL), REDRESS_OK);
  assert_int_equal(redress_complaint_hold(c, WED, "ann", "need more time"), REDRESS_OK);
  redress_deadlines *l = deadlines_at(c, WED);
  /* 10 business days after Monday: Monday two weeks on, 17:00 */
  expect(l, REDRESS_DEADLINE_RESOLVE, 1, REDRESS_DEADLINE_PENDING, MON + 14 * DAY + 8 * HOUR);
  redress_deadlines_free(l);
  redress_complaint_free(c);

  c = create(t.desk, "c-2", REDRESS_SEVERITY_NORMAL);
  assert_int_equal(redress_complaint_acknowledge(c, MON + HOUR, "ann", NULL), REDRESS_OK);
  assert_int_equal(redress_complaint_hold(c, NEXT_MON + 9 * HOUR, "ann", "too late"), REDRESS_OK);
  l = deadlines_at(c, NEXT_MON + 9 * HOUR);
  expect(l, REDRESS_DEADLINE_RESOLVE, 1, REDRESS_DEADLINE_BREACHED, NEXT_MON + 8 * HOUR);
  redress_deadlines_free(l);
  redress_complaint_free(c);
  th_desk_close(&t);
}

static void promises_kept_and_broken(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  redress_complaint *c = create(t.desk, "c-1", REDRESS_SEVERITY_NORMAL);
  assert_int_equal(redress_complaint_acknowledge(c, MON + HOUR, "ann", NULL), REDRESS_OK);
  assert_int_equal(redress_complaint_promise(c, MON + 2 * HOUR, "ann", "call you Tuesday", TUE),
                   REDRESS_OK);
  assert_int_equal(redress_complaint_update(c, TUE - HOUR, "ann", "calling as promised"),
                   REDRESS_OK);
  assert_int_equal(redress_complaint_promise(c, TUE, "ann", "refund by Wednesday", WED),
                   REDRESS_OK);
  assert_int_equal(redress_complaint_note(c, WED + HOUR, "ann", "internal only", 0), REDRESS_OK);
  redress_deadlines *l = deadlines_at(c, WED + HOUR);
  expect(l, REDRESS_DEADLINE_PROMISE, 3, REDRESS_DEADLINE_MET, TUE);
  expect(l, REDRESS_DEADLINE_PROMISE, 5, REDRESS_DEADLINE_BREACHED, WED);
  redress_deadlines_free(l);
  assert_int_equal(redress_complaint_note(c, WED + 2 * HOUR, "ann", "sorry, tomorrow", 1),
                   REDRESS_OK);
  l = deadlines_at(c, WED + 2 * HOUR);
  expect(l, REDRESS_DEADLINE_PROMISE, 5, REDRESS_DEADLINE_MET_LATE, WED);
  redress_deadlines_free(l);
  redress_complaint_free(c);
  th_desk_close(&t);
}

static void severity_change_reselects_policy(void **state) {
  (void)state;
  th_desk t;
  office_desk(&t);
  redress_complaint *c = create(t.desk, "c-1", REDRESS_SEVERITY_NORMAL);
  redress_deadlines *l = deadlines_at(c, MON);
  expect(l, REDRESS_DEADLINE_ACKNOWLEDGE, 1, REDRESS_DEADLINE_PENDING, MON + 4 * HOUR);
  redress_deadlines_free(l);
  assert_int_equal(redress_complaint_set_severity(c, MON + 30 * 60, "ann", "VIP",
                                                  REDRESS_SEVERITY_CRITICAL), REDRESS_OK);
  l = deadlines_at(c, MON + 30 * 60);
  assert_string_equal(redress_deadlines_policy(l), "urgent");
  expect(l, REDRESS_DEADLINE_ACKNOWLEDGE, 1, REDRESS_DEADLINE_PENDING, MON + HOUR);
  /* a list names its policy for as long as the desk is open, policies added since
   * included (the desk's table of policies grows under it) */
  for (int i = 0; i < 20; i++) {
    char name[16];
    snprintf(name, sizeof name, "later-%d", i);
    redress_policy later = REDRESS_POLICY_INIT;
    later.name = name;
    later.category = "none of these";
    assert_int_equal(redress_desk_add_policy(t.desk, &later), REDRESS_OK);
  }
  assert_string_equal(redress_deadlines_policy(l), "urgent");
  redress_deadlines_free(l);
  /* met under the urgent policy; going back to normal keeps it met */
  assert_int_equal(redress_complaint_acknowledge(c, MON + 45 * 60, "ann", NULL), REDRESS_OK);
  assert_int_equal(redress_complaint_investigate(c, MON + 50 * 60, "ann", NULL, "p", NULL),
                   REDRESS_OK);
  assert_int_equal(redress_complaint_await_customer(c, TUE, "ann", NULL), REDRESS_OK);
  assert_int_equal(redress_complaint_customer_reply(c, WED, "cust", NULL), REDRESS_OK);
  assert_int_equal(redress_complaint_set_severity(c, WED + HOUR, "ann", NULL,
                                                  REDRESS_SEVERITY_LOW), REDRESS_OK);
  l = deadlines_at(c, WED + HOUR);
  assert_string_equal(redress_deadlines_policy(l), "office");
  expect(l, REDRESS_DEADLINE_ACKNOWLEDGE, 1, REDRESS_DEADLINE_MET, MON + HOUR);
  /* the pause of one business day is kept through the change */
  expect(l, REDRESS_DEADLINE_RESOLVE, 1, REDRESS_DEADLINE_PENDING, NEXT_MON + DAY + 8 * HOUR);
  redress_deadlines_free(l);
  redress_complaint_free(c);
  th_desk_close(&t);
}

static void follow_up_and_closing(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  redress_complaint *c = create(t.desk, "c-1", REDRESS_SEVERITY_NORMAL);
  assert_int_equal(redress_complaint_resolve_on_the_spot(c, MON + 60, "ann", NULL,
                                                         REDRESS_DECISION_UPHELD, "fixed", 0),
                   REDRESS_OK);
  redress_deadlines *l = deadlines_at(c, MON + 60);
  expect(l, REDRESS_DEADLINE_ACKNOWLEDGE, 1, REDRESS_DEADLINE_MET, MON + DAY);
  expect(l, REDRESS_DEADLINE_RESOLVE, 1, REDRESS_DEADLINE_MET, MON + 30 * DAY);
  expect(l, REDRESS_DEADLINE_FOLLOW_UP, 2, REDRESS_DEADLINE_PENDING, MON + 60 + 7 * DAY);
  assert_int_equal(redress_deadlines_count(l), 3);
  redress_deadlines_free(l);
  assert_int_equal(redress_complaint_confirm(c, MON + 8 * DAY, "ann", NULL, 4), REDRESS_OK);
  l = deadlines_at(c, MON + 9 * DAY);
  expect(l, REDRESS_DEADLINE_FOLLOW_UP, 2, REDRESS_DEADLINE_MET_LATE, MON + 60 + 7 * DAY);
  assert_int_equal(redress_deadlines_next_alarm(l), REDRESS_TIME_NEVER);
  redress_deadlines_free(l);
  redress_complaint_free(c);

  /* withdrawn late: the breached acknowledgement stays breached, the rest is not owed */
  c = create(t.desk, "c-2", REDRESS_SEVERITY_NORMAL);
  assert_int_equal(redress_complaint_withdraw(c, MON + 2 * DAY, "cust", NULL), REDRESS_OK);
  l = deadlines_at(c, MON + 40 * DAY);
  assert_int_equal(redress_deadlines_count(l), 1);
  expect(l, REDRESS_DEADLINE_ACKNOWLEDGE, 1, REDRESS_DEADLINE_BREACHED, MON + DAY);
  assert_int_equal(redress_deadlines_next_alarm(l), REDRESS_TIME_NEVER);
  redress_deadlines_free(l);
  redress_complaint_free(c);
  th_desk_close(&t);
}

static void reopen_starts_new_clocks(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  redress_complaint *c = create(t.desk, "c-1", REDRESS_SEVERITY_NORMAL);
  assert_int_equal(redress_complaint_resolve_on_the_spot(c, MON + 60, "ann", NULL,
                                                         REDRESS_DECISION_UPHELD, "fixed", 0),
                   REDRESS_OK);
  assert_int_equal(redress_complaint_reopen(c, TUE, "ann", "broken again"), REDRESS_OK);
  redress_deadlines *l = deadlines_at(c, TUE);
  expect(l, REDRESS_DEADLINE_RESOLVE, 3, REDRESS_DEADLINE_PENDING, TUE + 30 * DAY);
  expect(l, REDRESS_DEADLINE_UPDATE, 3, REDRESS_DEADLINE_PENDING, TUE + 7 * DAY);
  for (size_t i = 0; i < redress_deadlines_count(l); i++)
    assert_int_not_equal(th_deadline(l, i).kind, REDRESS_DEADLINE_FOLLOW_UP);
  redress_deadlines_free(l);
  redress_complaint_free(c);
  th_desk_close(&t);
}

/* A reopen from RESPONDED: the UPDATE the response started still runs, so the
 * reopen starts none. UPDATE measures the time since the customer last heard from
 * the desk, one clock at a time, so one silence is one breach (not two). */
static void reopen_keeps_the_running_update(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  redress_complaint *c = create(t.desk, "c-1", REDRESS_SEVERITY_NORMAL);
  assert_int_equal(redress_complaint_acknowledge(c, MON + HOUR, "ann", NULL), REDRESS_OK);
  assert_int_equal(redress_complaint_investigate(c, MON + 2 * HOUR, "ann", NULL, "p", NULL),
                   REDRESS_OK);
  assert_int_equal(redress_complaint_respond(c, TUE, "ann", NULL, REDRESS_DECISION_DECLINED,
                                             NULL, REDRESS_AMOUNT_UNKNOWN), REDRESS_OK);
  assert_int_equal(redress_complaint_reopen(c, WED, "ann", "customer disputes it"), REDRESS_OK);
  /* stalled for a month: every UPDATE owed is due */
  redress_deadlines *l = deadlines_at(c, WED + 30 * DAY);
  size_t updates = 0, breaches = 0;
  for (size_t i = 0; i < redress_deadlines_count(l); i++) {
    if (th_deadline(l, i).kind != REDRESS_DEADLINE_UPDATE) continue;
    updates++;
    if (th_deadline(l, i).state == REDRESS_DEADLINE_BREACHED) breaches++;
  }
  assert_int_equal(updates, 2); /* the acknowledgement's (met) and the response's */
  assert_int_equal(breaches, 1);
  expect(l, REDRESS_DEADLINE_UPDATE, 2, REDRESS_DEADLINE_MET, MON + HOUR + 7 * DAY);
  expect(l, REDRESS_DEADLINE_UPDATE, 4, REDRESS_DEADLINE_BREACHED, TUE + 7 * DAY);
  expect(l, REDRESS_DEADLINE_RESOLVE, 5, REDRESS_DEADLINE_BREACHED, WED + 30 * DAY);
  redress_deadlines_free(l);
  /* the next contact meets it, late, and the clock runs from there */
  assert_int_equal(redress_complaint_update(c, WED + 8 * DAY, "ann", "still on it"), REDRESS_OK);
  l = deadlines_at(c, WED + 8 * DAY);
  expect(l, REDRESS_DEADLINE_UPDATE, 4, REDRESS_DEADLINE_MET_LATE, TUE + 7 * DAY);
  expect(l, REDRESS_DEADLINE_UPDATE, 6, REDRESS_DEADLINE_PENDING, WED + 15 * DAY);
  redress_deadlines_free(l);
  redress_complaint_free(c);
  th_desk_close(&t);
}

static void bad_policies_and_calendars(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  redress_policy p = redress_policy_init();
  assert_int_equal(redress_desk_add_policy(NULL, &p), REDRESS_ERR_INVALID);
  assert_int_equal(redress_desk_add_policy(t.desk, NULL), REDRESS_ERR_INVALID);
  assert_int_equal(redress_desk_add_policy(t.desk, &p), REDRESS_ERR_INVALID); /* no name */
  p.name = "default";
  assert_int_equal(redress_desk_add_policy(t.desk, &p), REDRESS_ERR_EXISTS);
  p.name = "p";
  p.version = 9;
  assert_int_equal(redress_desk_add_policy(t.desk, &p), REDRESS_ERR_VERSION);
  p = redress_policy_init();
  p.name = "p";
#define BAD(field, value, code)                                   \
  do {                                                            \
    redress_policy q = p;                                         \
    q.field = value;                                              \
    assert_int_equal(redress_desk_add_policy(t.desk, &q), code);  \
    assert_true(strlen(redress_desk_errmsg(t.desk)) > 0);         \
  } while (0)
  BAD(calendar, "nowhere", REDRESS_ERR_NOTFOUND);
  BAD(channels, 1u << REDRESS_CHANNEL_COUNT, REDRESS_ERR_INVALID);
  BAD(min_severity, 4, REDRESS_ERR_INVALID);
  BAD(warn_percent, 100, REDRESS_ERR_INVALID);
  BAD(warn_percent, -1, REDRESS_ERR_INVALID);
  BAD(pause_when_awaiting_customer, 2, REDRESS_ERR_INVALID);
  BAD(resolve.amount, -1, REDRESS_ERR_INVALID);
  BAD(resolve.unit, 3, REDRESS_ERR_INVALID);
  BAD(min_compensation, -5, REDRESS_ERR_INVALID);
  BAD(category, "\xFF", REDRESS_ERR_INVALID);
  BAD(name, "", REDRESS_ERR_INVALID);
#undef BAD
  p.min_compensation = 500;
  p.max_compensation = 100;
  assert_int_equal(redress_desk_add_policy(t.desk, &p), REDRESS_ERR_INVALID);
  p.max_compensation = 1000;
  assert_int_equal(redress_desk_add_policy(t.desk, &p), REDRESS_OK);
  assert_int_equal(redress_desk_add_policy(t.desk, &p), REDRESS_ERR_EXISTS);

  assert_int_equal(redress_desk_add_calendar(NULL, "x", "24x7", 4), REDRESS_ERR_INVALID);
  assert_int_equal(redress_desk_add_calendar(t.desk, NULL, "24x7", 4), REDRESS_ERR_INVALID);
  assert_int_equal(redress_desk_add_calendar(t.desk, "x", "mon-fri 25:00-26:00", 19),
                   REDRESS_ERR_PARSE);
  assert_int_equal(redress_desk_add_calendar(t.desk, "x", "24x7", 4), REDRESS_OK);
  assert_int_equal(redress_desk_add_calendar(t.desk, "x", "24x7", 4), REDRESS_ERR_EXISTS);

  redress_deadlines *l = NULL;
  redress_complaint *c = create(t.desk, "c-1", REDRESS_SEVERITY_NORMAL);
  assert_int_equal(redress_complaint_deadlines(NULL, c, MON), REDRESS_ERR_INVALID);
  assert_int_equal(redress_complaint_deadlines(&l, NULL, MON), REDRESS_ERR_INVALID);
  assert_int_equal(redress_complaint_deadlines(&l, c, -1), REDRESS_ERR_INVALID);
  assert_null(l);
  assert_int_equal(redress_deadlines_count(NULL), 0);
  assert_null(redress_deadlines_policy(NULL));
  assert_int_equal(redress_deadlines_next_alarm(NULL), REDRESS_TIME_NEVER);
  redress_deadline d = REDRESS_DEADLINE_INIT;
  assert_int_equal(redress_deadlines_get(&d, NULL, 0), REDRESS_ERR_INVALID);
  l = deadlines_at(c, MON);
  assert_int_equal(redress_deadlines_get(NULL, l, 0), REDRESS_ERR_INVALID);
  assert_int_equal(redress_deadlines_get(&d, l, 99), REDRESS_ERR_NOTFOUND);
  assert_int_equal(d.kind, 0); /* untouched on failure */
  d.version = REDRESS_DEADLINE_VERSION + 1;
  assert_int_equal(redress_deadlines_get(&d, l, 0), REDRESS_ERR_VERSION);
  d.version = 0;
  assert_int_equal(redress_deadlines_get(&d, l, 0), REDRESS_ERR_VERSION);
  d.version = REDRESS_DEADLINE_VERSION;
  assert_int_equal(redress_deadlines_get(&d, l, redress_deadlines_count(l)), REDRESS_ERR_NOTFOUND);
  redress_deadlines_free(l);
  redress_deadlines_free(NULL);
  redress_complaint_free(c);
  th_desk_close(&t);
}

/* A policy on a calendar that is never open cannot schedule: RANGE, not a hang. */
static void calendar_without_opening_time(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  const char *closed = "mon 09:00-10:00\nholiday 2026-11-23\nholiday 2026-11-30";
  assert_int_equal(redress_desk_add_calendar(t.desk, "rare", closed, strlen(closed)), REDRESS_OK);
  redress_policy p = REDRESS_POLICY_INIT;
  p.name = "rare";
  p.calendar = "rare";
  p.acknowledge = (redress_span){4000000000LL * 3600, REDRESS_SPAN_BUSINESS_SECONDS};
  assert_int_equal(redress_desk_add_policy(t.desk, &p), REDRESS_OK);
  redress_complaint *c = create(t.desk, "c-1", REDRESS_SEVERITY_NORMAL);
  redress_deadlines *l = NULL;
  assert_int_equal(redress_complaint_deadlines(&l, c, MON), REDRESS_ERR_RANGE);
  assert_null(l);
  assert_int_equal(redress_desk_save(t.desk, c), REDRESS_ERR_RANGE);
  assert_int_equal(((uint64_t)th_number(c, REDRESS_FIELD_REVISION)), 0);
  redress_complaint_free(c);
  th_desk_close(&t);
}

typedef struct alarm_log {
  int count;
  int kinds[32];
  int levels[32];
} alarm_log;

static int log_alarm(const redress_complaint *c, int kind, int level, redress_time due,
                     void *payload) {
  (void)c, (void)due;
  alarm_log *log = payload;
  log->kinds[log->count] = kind;
  log->levels[log->count] = level;
  log->count++;
  return 0;
}

static void tick_reports_each_alarm_once(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  redress_complaint *c = create(t.desk, "c-1", REDRESS_SEVERITY_NORMAL);
  assert_int_equal(redress_desk_save(t.desk, c), REDRESS_OK);
  alarm_log log = {0};
  assert_int_equal(redress_desk_tick(t.desk, MON + HOUR, log_alarm, &log), REDRESS_OK);
  assert_int_equal(log.count, 0);
  assert_int_equal(redress_desk_tick(t.desk, MON + 18 * HOUR, log_alarm, &log), REDRESS_OK);
  assert_int_equal(log.count, 1);
  assert_int_equal(log.kinds[0], REDRESS_DEADLINE_ACKNOWLEDGE);
  assert_int_equal(log.levels[0], REDRESS_ALARM_WARNING);
  assert_int_equal(redress_desk_tick(t.desk, MON + 20 * HOUR, log_alarm, &log), REDRESS_OK);
  assert_int_equal(log.count, 1);
  assert_int_equal(redress_desk_tick(t.desk, MON + DAY, log_alarm, &log), REDRESS_OK);
  assert_int_equal(log.count, 2);
  assert_int_equal(log.levels[1], REDRESS_ALARM_BREACH);
  assert_int_equal(redress_desk_tick(t.desk, MON + DAY + 1, log_alarm, &log), REDRESS_OK);
  assert_int_equal(log.count, 2);
  /* the alarms are in the stored complaint: a reload still knows them */
  redress_complaint *stored = NULL;
  assert_int_equal(redress_desk_load(&stored, t.desk, "c-1"), REDRESS_OK);
  redress_deadlines *l = deadlines_at(stored, MON + DAY);
  assert_int_equal(redress_deadlines_next_alarm(l), MON + 30 * DAY * 3 / 4); /* RESOLVE warning */
  redress_deadlines_free(l);
  redress_complaint_free(stored);
  /* a far tick reports the resolve warning and breach together, warning first */
  assert_int_equal(redress_desk_tick(t.desk, MON + 31 * DAY, log_alarm, &log), REDRESS_OK);
  assert_int_equal(log.count, 4);
  assert_int_equal(log.kinds[2], REDRESS_DEADLINE_RESOLVE);
  assert_int_equal(log.levels[2], REDRESS_ALARM_WARNING);
  assert_int_equal(log.levels[3], REDRESS_ALARM_BREACH);
  redress_complaint_free(c);
  th_desk_close(&t);
}


/* The scenario on the default policy (30 days, 56 after a hold, pauses while
 * awaiting the customer, always open): a hold sent while the clock is paused comes
 * before RESOLVE is due, however late it is on the wall clock, so it extends it. */
static redress_complaint *held_while_paused(redress_desk *desk) {
  redress_complaint *c = create(desk, "c-1", REDRESS_SEVERITY_NORMAL);
  assert_int_equal(redress_complaint_acknowledge(c, MON + DAY, "ann", NULL), REDRESS_OK);
  assert_int_equal(redress_complaint_investigate(c, MON + 2 * DAY, "ann", NULL, "p", NULL),
                   REDRESS_OK);
  assert_int_equal(redress_complaint_await_customer(c, MON + 25 * DAY, "ann", NULL), REDRESS_OK);
  assert_int_equal(redress_complaint_hold(c, MON + 35 * DAY, "ann", "more time"), REDRESS_OK);
  assert_int_equal(redress_complaint_customer_reply(c, MON + 40 * DAY, "cust-1", NULL),
                   REDRESS_OK);
  return c;
}

static void hold_while_paused_extends(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  redress_complaint *c = held_while_paused(t.desk);
  redress_deadlines *l = deadlines_at(c, MON + 46 * DAY);
  /* 56 days plus the 15 spent waiting for the customer */
  expect(l, REDRESS_DEADLINE_RESOLVE, 1, REDRESS_DEADLINE_PENDING, MON + 71 * DAY);
  redress_deadlines_free(l);
  /* and the tick raises no breach on day 46 */
  assert_int_equal(redress_desk_save(t.desk, c), REDRESS_OK);
  alarm_log log = {0};
  assert_int_equal(redress_desk_tick(t.desk, MON + 46 * DAY, log_alarm, &log), REDRESS_OK);
  for (int i = 0; i < log.count; i++)
    assert_false(log.kinds[i] == REDRESS_DEADLINE_RESOLVE && log.levels[i] == REDRESS_ALARM_BREACH);
  redress_complaint_free(c);
  th_desk_close(&t);
}

/* Contact while the clock is paused meets UPDATE on time: the days waiting for the
 * customer do not count against it. */
static void contact_while_paused_is_on_time(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  redress_complaint *c = held_while_paused(t.desk);
  redress_deadlines *l = deadlines_at(c, MON + 46 * DAY);
  /* started by await_customer on day 25 (7 days), paused from day 25 to the hold on
   * day 35: due on day 42, met on day 35 */
  expect(l, REDRESS_DEADLINE_UPDATE, 4, REDRESS_DEADLINE_MET, MON + 42 * DAY);
  /* started by the hold on day 35, paused until day 40: due on day 47 */
  expect(l, REDRESS_DEADLINE_UPDATE, 5, REDRESS_DEADLINE_PENDING, MON + 47 * DAY);
  redress_deadlines_free(l);
  redress_complaint_free(c);
  th_desk_close(&t);
}

static int stop_at_first(const redress_complaint *c, int kind, int level, redress_time due,
                         void *payload) {
  (void)c, (void)kind, (void)level, (void)due;
  ++*(int *)payload;
  return 1;
}

static int count_alarm(const redress_complaint *c, int kind, int level, redress_time due,
                       void *payload) {
  (void)c, (void)kind, (void)level, (void)due;
  ++*(int *)payload;
  return 0;
}

static int read_next_alarm(const redress_record *rec, void *payload) {
  *(redress_time *)payload = rec->next_alarm;
  return 0;
}

static redress_time stored_next_alarm(const redress_store *s, const char *id) {
  redress_time next = -1;
  assert_int_equal(s->load(s->ud, id, read_next_alarm, &next), REDRESS_OK);
  return next;
}

/* The record a tick saves carries the next alarm still owed after the ones it
 * recorded: the same a save of the reloaded complaint gives. */
static void tick_saves_the_next_alarm(void **state) {
  (void)state;
  redress_store s;
  assert_int_equal(redress_memory_store_new(&s, NULL), REDRESS_OK);
  th_desk t;
  th_desk_open_store(&t, &s);
  redress_complaint *c = create(t.desk, "c-1", REDRESS_SEVERITY_NORMAL);
  assert_int_equal(redress_desk_save(t.desk, c), REDRESS_OK);
  assert_int_equal(stored_next_alarm(&s, "c-1"), MON + 18 * HOUR); /* acknowledge warning */
  const redress_time ticks[] = {MON + 18 * HOUR, MON + DAY, MON + 31 * DAY};
  const redress_time next[] = {MON + DAY, MON + 30 * DAY * 3 / 4, REDRESS_TIME_NEVER};
  for (size_t i = 0; i < 3; i++) {
    assert_int_equal(redress_desk_tick(t.desk, ticks[i], NULL, NULL), REDRESS_OK);
    assert_int_equal(stored_next_alarm(&s, "c-1"), next[i]);
    redress_complaint *stored = NULL;
    assert_int_equal(redress_desk_load(&stored, t.desk, "c-1"), REDRESS_OK);
    assert_int_equal(redress_desk_save(t.desk, stored), REDRESS_OK);
    assert_int_equal(stored_next_alarm(&s, "c-1"), next[i]);
    redress_complaint_free(stored);
  }
  redress_complaint_free(c);
  th_desk_close(&t);
}

/* A stored document the desk cannot read is that complaint's fault alone: the tick
 * skips it, raises the others' alarms, and names it. */
static void tick_skips_a_corrupt_complaint(void **state) {
  (void)state;
  redress_store store;
  assert_int_equal(redress_memory_store_new(&store, NULL), REDRESS_OK);
  redress_desk_options o = REDRESS_DESK_OPTIONS_INIT;
  o.store = &store; /* the desk owns it now; this copy only writes the bad record */
  redress_desk *desk = NULL;
  assert_int_equal(redress_desk_open(&desk, &o), REDRESS_OK);
  const char bad[] = "{\"v\":1,";
  redress_record rec = {REDRESS_RECORD_VERSION, "a-corrupt", "cust", 0, 0, 0, MON, MON, MON,
                        1, bad, sizeof bad - 1, NULL, NULL, NULL, NULL, 0};
  assert_int_equal(store.save(store.ud, &rec, 0), REDRESS_OK);
  redress_complaint *c = create(desk, "b-sound", REDRESS_SEVERITY_NORMAL);
  assert_int_equal(redress_desk_save(desk, c), REDRESS_OK);
  int calls = 0;
  assert_int_equal(redress_desk_tick(desk, MON + 2 * DAY, count_alarm, &calls), REDRESS_ERR_PARSE);
  assert_int_equal(calls, 2); /* b-sound: acknowledge warning and breach */
  assert_non_null(strstr(redress_desk_errmsg(desk), "'a-corrupt' skipped"));
  redress_complaint_free(c);
  redress_desk_close(desk);
}

static void tick_bad_input_and_stop(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  assert_int_equal(redress_desk_tick(NULL, MON, NULL, NULL), REDRESS_ERR_INVALID);
  assert_int_equal(redress_desk_tick(t.desk, -1, NULL, NULL), REDRESS_ERR_INVALID);
  redress_complaint *c = create(t.desk, "c-1", REDRESS_SEVERITY_NORMAL);
  redress_complaint *c2 = create(t.desk, "c-2", REDRESS_SEVERITY_NORMAL);
  assert_int_equal(redress_desk_save(t.desk, c), REDRESS_OK);
  assert_int_equal(redress_desk_save(t.desk, c2), REDRESS_OK);
  int calls = 0;
  /* the first complaint's warning and breach were saved together: both are reported
   * before the stop takes effect; the second complaint is left for the next tick */
  assert_int_equal(redress_desk_tick(t.desk, MON + 2 * DAY, stop_at_first, &calls),
                   REDRESS_ERR_USER);
  assert_int_equal(calls, 2);
  assert_int_equal(redress_desk_tick(t.desk, MON + 2 * DAY, stop_at_first, &calls),
                   REDRESS_ERR_USER);
  assert_int_equal(calls, 4);
  assert_int_equal(redress_desk_tick(t.desk, MON + 2 * DAY, stop_at_first, &calls), REDRESS_OK);
  assert_int_equal(calls, 4);
  redress_complaint_free(c2);
  redress_complaint_free(c);
  th_desk_close(&t);
}

/* The regulatory presets of docs/deadlines.md, as a host would write them. */
static void regulatory_presets(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  const char *eu = "tz=CET-1CEST,M3.5.0,M10.5.0/3\nmon-fri 09:00-17:00";
  assert_int_equal(redress_desk_add_calendar(t.desk, "eu-business", eu, strlen(eu)), REDRESS_OK);
  redress_policy cfpb = REDRESS_POLICY_INIT;
  cfpb.name = "us-cfpb";
  cfpb.channels = 1u << REDRESS_CHANNEL_REGULATOR;
  cfpb.resolve = (redress_span){15 * DAY, REDRESS_SPAN_CALENDAR_SECONDS};
  cfpb.resolve_extended = (redress_span){60 * DAY, REDRESS_SPAN_CALENDAR_SECONDS};
  cfpb.warn_percent = 75;
  redress_policy psd2 = REDRESS_POLICY_INIT;
  psd2.name = "eu-psd2";
  psd2.category = "payments";
  psd2.calendar = "eu-business";
  psd2.resolve = (redress_span){15, REDRESS_SPAN_BUSINESS_DAYS};
  psd2.resolve_extended = (redress_span){35, REDRESS_SPAN_BUSINESS_DAYS};
  psd2.warn_percent = 70;
  redress_policy fca = REDRESS_POLICY_INIT;
  fca.name = "uk-fca";
  fca.acknowledge = (redress_span){5, REDRESS_SPAN_BUSINESS_DAYS};
  fca.resolve = (redress_span){56 * DAY, REDRESS_SPAN_CALENDAR_SECONDS};
  assert_int_equal(redress_desk_add_policy(t.desk, &cfpb), REDRESS_OK);
  assert_int_equal(redress_desk_add_policy(t.desk, &psd2), REDRESS_OK);
  assert_int_equal(redress_desk_add_policy(t.desk, &fca), REDRESS_OK);

  redress_complaint_fields in = th_full_init("regulator-1");
  in.channel = REDRESS_CHANNEL_REGULATOR;
  redress_complaint *c = NULL;
  assert_int_equal(redress_complaint_create(&c, t.desk, &in), REDRESS_OK);
  assert_int_equal(redress_complaint_acknowledge(c, MON + HOUR, "ann", NULL), REDRESS_OK);
  assert_int_equal(redress_complaint_hold(c, MON + 10 * DAY, "ann", "in progress"), REDRESS_OK);
  redress_deadlines *l = deadlines_at(c, MON + 10 * DAY);
  assert_string_equal(redress_deadlines_policy(l), "us-cfpb");
  expect(l, REDRESS_DEADLINE_RESOLVE, 1, REDRESS_DEADLINE_PENDING, MON + 60 * DAY);
  redress_deadlines_free(l);
  redress_complaint_free(c);

  /* PSD2: 15 business days after Monday 2026-11-23 in Frankfurt: Monday 2026-12-14,
   * 17:00 CET = 16:00 UTC; the holding reply gives 35: Monday 2027-01-11 16:00 UTC. */
  in = th_full_init("payments-1");
  in.category = "payments";
  assert_int_equal(redress_complaint_create(&c, t.desk, &in), REDRESS_OK);
  l = deadlines_at(c, MON);
  assert_string_equal(redress_deadlines_policy(l), "eu-psd2");
  expect(l, REDRESS_DEADLINE_RESOLVE, 1, REDRESS_DEADLINE_PENDING, MON + 21 * DAY + 7 * HOUR);
  redress_deadlines_free(l);
  assert_int_equal(redress_complaint_acknowledge(c, MON + HOUR, "ann", NULL), REDRESS_OK);
  assert_int_equal(redress_complaint_hold(c, MON + 2 * HOUR, "ann", NULL), REDRESS_OK);
  l = deadlines_at(c, MON + 2 * HOUR);
  expect(l, REDRESS_DEADLINE_RESOLVE, 1, REDRESS_DEADLINE_PENDING, MON + 49 * DAY + 7 * HOUR);
  redress_deadlines_free(l);
  redress_complaint_free(c);

  in = th_full_init("fca-1");
  assert_int_equal(redress_complaint_create(&c, t.desk, &in), REDRESS_OK);
  l = deadlines_at(c, MON);
  assert_string_equal(redress_deadlines_policy(l), "uk-fca");
  expect(l, REDRESS_DEADLINE_RESOLVE, 1, REDRESS_DEADLINE_PENDING, MON + 56 * DAY);
  /* 5 business days after Monday, always open: Saturday 2026-11-28 ends at 24:00 */
  expect(l, REDRESS_DEADLINE_ACKNOWLEDGE, 1, REDRESS_DEADLINE_PENDING, MON + 6 * DAY - 9 * HOUR);
  redress_deadlines_free(l);
  redress_complaint_free(c);
  th_desk_close(&t);
}

/* Alarms seen by every desk of a test; a duplicate fails the test. */
typedef struct seen_alarms {
  pthread_mutex_t lock;
  int count;
  char keys[64][48];
} seen_alarms;

static int record_unique(const redress_complaint *c, int kind, int level, redress_time due,
                         void *payload) {
  (void)due;
  seen_alarms *seen = payload;
  char key[48];
  snprintf(key, sizeof key, "%s/%d/%d", redress_complaint_id(c), kind, level);
  pthread_mutex_lock(&seen->lock);
  int duplicate = 0;
  for (int i = 0; i < seen->count; i++) duplicate |= strcmp(seen->keys[i], key) == 0;
  if (!duplicate && seen->count < 64) snprintf(seen->keys[seen->count++], sizeof key, "%s", key);
  pthread_mutex_unlock(&seen->lock);
  return duplicate; /* a second report stops the tick and fails the test */
}

typedef struct ticker {
  redress_desk *desk;
  seen_alarms *seen;
  int rc;
} ticker;

static const redress_time tick_steps[] = {MON + 18 * HOUR, MON + DAY, MON + 23 * DAY,
                                          MON + 30 * DAY};

static void *tick_all_steps(void *arg) {
  ticker *t = arg;
  for (size_t s = 0; s < 4 && t->rc == REDRESS_OK; s++)
    for (int again = 0; again < 3 && t->rc == REDRESS_OK; again++)
      t->rc = redress_desk_tick(t->desk, tick_steps[s], record_unique, t->seen);
  return NULL;
}

/* Two desks on one store tick the same times at once, in two threads: the 40 alarms
 * of 10 complaints (acknowledge and resolve, warning and breach) are each reported
 * exactly once. */
static void two_desks_exactly_once(void **state) {
  (void)state;
  redress_store shared;
  assert_int_equal(redress_memory_store_new(&shared, NULL), REDRESS_OK);
  redress_store borrowed = shared;
  borrowed.destroy = NULL;
  redress_desk_options o1 = REDRESS_DESK_OPTIONS_INIT, o2 = REDRESS_DESK_OPTIONS_INIT;
  o1.store = &shared;
  o2.store = &borrowed;
  redress_desk *d1 = NULL, *d2 = NULL;
  assert_int_equal(redress_desk_open(&d1, &o1), REDRESS_OK);
  assert_int_equal(redress_desk_open(&d2, &o2), REDRESS_OK);
  for (int i = 0; i < 10; i++) {
    char id[16];
    snprintf(id, sizeof id, "c-%d", i);
    redress_complaint *c = create(d1, id, REDRESS_SEVERITY_NORMAL);
    assert_int_equal(redress_desk_save(d1, c), REDRESS_OK);
    redress_complaint_free(c);
  }
  seen_alarms seen;
  memset(&seen, 0, sizeof seen);
  pthread_mutex_init(&seen.lock, NULL);
  ticker t1 = {d1, &seen, REDRESS_OK}, t2 = {d2, &seen, REDRESS_OK};
  pthread_t th1, th2;
  assert_int_equal(pthread_create(&th1, NULL, tick_all_steps, &t1), 0);
  assert_int_equal(pthread_create(&th2, NULL, tick_all_steps, &t2), 0);
  pthread_join(th1, NULL);
  pthread_join(th2, NULL);
  assert_int_equal(t1.rc, REDRESS_OK);
  assert_int_equal(t2.rc, REDRESS_OK);
  assert_int_equal(seen.count, 40);
  pthread_mutex_destroy(&seen.lock);
  redress_desk_close(d2);
  redress_desk_close(d1);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(default_policy_targets),
      cmocka_unit_test(business_calendar_and_pause),
      cmocka_unit_test(hold_extends_only_in_time),
      cmocka_unit_test(promises_kept_and_broken),
      cmocka_unit_test(severity_change_reselects_policy),
      cmocka_unit_test(follow_up_and_closing),
      cmocka_unit_test(reopen_starts_new_clocks),
      cmocka_unit_test(reopen_keeps_the_running_update),
      cmocka_unit_test(bad_policies_and_calendars),
      cmocka_unit_test(calendar_without_opening_time),
      cmocka_unit_test(regulatory_presets),
      cmocka_unit_test(tick_reports_each_alarm_once),
      cmocka_unit_test(tick_saves_the_next_alarm),
      cmocka_unit_test(tick_bad_input_and_stop),
      cmocka_unit_test(tick_skips_a_corrupt_complaint),
      cmocka_unit_test(two_desks_exactly_once),
      cmocka_unit_test(hold_while_paused_extends),
      cmocka_unit_test(contact_while_paused_is_on_time),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Retention metrics: a 22-complaint scenario whose every value is computed by hand
 * (the arithmetic is in the comments), grouping, custom coefficients, the empty
 * accumulator, bad models and arguments, and allocation failures. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"
#include "redress/experimental.h"

#define MIN ((redress_time)60)
#define HOUR ((redress_time)3600)
#define DAY (24 * HOUR)
/* Day d at hh:mm UTC. TH_T0 is Monday 2026-11-23 09:00 UTC, so day 0 is Mon 23 Nov,
 * 5 is Sat 28, 7 is Mon 30 Nov, 8 is Tue 1 Dec, 10 is Thu 3 Dec, 14 is Mon 7 Dec. */
#define AT(d, hh, mm) (TH_T0 + (d) * DAY + ((hh) - 9) * HOUR + (mm) * MIN)
/* Deadlines are judged on Monday 7 December at 09:00. */
#define AS_OF AT(14, 9, 0)
#define UNKNOWN REDRESS_AMOUNT_UNKNOWN

/* ---- the scenario --------------------------------------------------------- */

enum verb {
  END = 0, ACK, INVESTIGATE, RESPOND, FULFILL, SPOT, CONFIRM, CLOSE, WITHDRAW, REOPEN,
  PROMISE, UPDATE, AWAIT, REPLY, ASSESS, ESCALATE, SEVERITY, MESSAGE
};

typedef struct step {
  enum verb verb;
  redress_time at;
  int arg;       /* decision, satisfaction, legitimacy or severity */
  int64_t num;   /* compensation, or a promise's due time */
} step;

typedef struct spec {
  const char *id;
  int channel;
  const char *category;
  int severity;
  int64_t value;
  redress_time received;
  step steps[10];
} spec;

#define UPHELD REDRESS_DECISION_UPHELD
#define PARTLY REDRESS_DECISION_PARTLY_UPHELD
#define DECLINED REDRESS_DECISION_DECLINED

/*
 * One policy "std" matches every complaint: acknowledge within 1 hour, update every
 * 2 days, resolve within 5 days, follow up within 3 days, all in calendar seconds, no
 * pause, no warnings; it runs on the calendar "office", Monday to Friday 09:00-17:00
 * UTC, on which the business durations are measured; a customer message is owed a
 * reply within 1 day (NEXT_REPLY, NXT). The deadlines each complaint
 * ends up with (as of AS_OF) are listed beside it: ACK, UPD(ate), RES(olve),
 * PRO(mise), FUP (follow-up); met = on time, late = met late, br = breached.
 */
static const spec scenario[] = {
    /* c01 on the spot, confirmed 5. ACK met, RES met, FUP met. ack 600 s (biz 600) */
    {"c01", REDRESS_CHANNEL_PHONE, "billing", REDRESS_SEVERITY_NORMAL, 100000, AT(0, 9, 0),
     {{SPOT, AT(0, 9, 10), UPHELD, 500}, {CONFIRM, AT(1, 9, 0), 5, 0}}},
    /* c02 on the spot, not confirmed. ACK met, RES met, FUP due Thu 10:05: br */
    {"c02", REDRESS_CHANNEL_PHONE, "billing", REDRESS_SEVERITY_LOW, 50000, AT(0, 10, 0),
     {{SPOT, AT(0, 10, 5), UPHELD, UNKNOWN}}},
    /* c03 declined on the spot, closed. ACK met, RES met, FUP met (closed in time) */
    {"c03", REDRESS_CHANNEL_CHAT, "delivery", REDRESS_SEVERITY_NORMAL, UNKNOWN, AT(0, 11, 0),
     {{ASSESS, AT(0, 11, 0), REDRESS_LEGITIMACY_UNREALISTIC, 0},
      {SPOT, AT(0, 11, 20), DECLINED, 0},
      {CLOSE, AT(1, 11, 0), 0, 0}}},
    /* c04 resolved, confirmed 4. ACK met; UPD ack->respond met, respond->fulfill met;
     * RES met; FUP met */
    {"c04", REDRESS_CHANNEL_EMAIL, "billing", REDRESS_SEVERITY_NORMAL, 200000, AT(0, 9, 0),
     {{ASSESS, AT(0, 9, 0), REDRESS_LEGITIMACY_REASONABLE, 0},
      {ACK, AT(0, 9, 30), 0, 0},
      {INVESTIGATE, AT(0, 10, 0), 0, 0},
      {RESPOND, AT(1, 9, 0), UPHELD, 2000},
      {FULFILL, AT(2, 9, 0), 0, 0},
      {CONFIRM, AT(2, 11, 0), 4, 0}}},
    /* c05 resolved slowly. ACK late (17.5 h); UPD due Thu 09:30 met Thu 16:00 late,
     * due Sat 16:00 met Mon 30 late; RES met (Thu < Sat); FUP due Thu 3 Dec: br */
    {"c05", REDRESS_CHANNEL_EMAIL, "delivery", REDRESS_SEVERITY_HIGH, 80000, AT(0, 16, 0),
     {{ACK, AT(1, 9, 30), 0, 0},
      {INVESTIGATE, AT(1, 10, 0), 0, 0},
      {RESPOND, AT(3, 16, 0), PARTLY, 1000},
      {FULFILL, AT(7, 10, 0), 0, 0}}},
    /* c06 declined, closed the next hour. ACK met; UPD met, the next dropped at close;
     * RES met */
    {"c06", REDRESS_CHANNEL_WEB, "delivery", REDRESS_SEVERITY_NORMAL, 30000, AT(1, 9, 0),
     {{ASSESS, AT(1, 9, 0), REDRESS_LEGITIMACY_MISINFORMED, 0},
      {ACK, AT(1, 9, 20), 0, 0},
      {INVESTIGATE, AT(1, 10, 0), 0, 0},
      {RESPOND, AT(2, 9, 0), DECLINED, UNKNOWN},
      {CLOSE, AT(2, 10, 0), 0, 0}}},
    /* c07 acknowledged late, then nothing; raised to critical. ACK late; UPD br; RES br */
    {"c07", REDRESS_CHANNEL_SOCIAL, "service", REDRESS_SEVERITY_HIGH, 150000, AT(1, 10, 0),
     {{ACK, AT(1, 12, 0), 0, 0}, {SEVERITY, AT(1, 12, 30), REDRESS_SEVERITY_CRITICAL, 0}}},
    /* c08 never touched. ACK br; RES br */
    {"c08", REDRESS_CHANNEL_PHONE, "service", REDRESS_SEVERITY_CRITICAL, 500000, AT(2, 9, 0),
     {{END, 0, 0, 0}}},
    /* c09 received half an hour before AS_OF, no category. ACK, RES pending */
    {"c09", REDRESS_CHANNEL_PHONE, NULL, REDRESS_SEVERITY_NORMAL, 60000, AT(14, 8, 30),
     {{END, 0, 0, 0}}},
    /* c10 withdrawn. ACK met; UPD and RES dropped */
    {"c10", REDRESS_CHANNEL_EMAIL, "billing", REDRESS_SEVERITY_NORMAL, 40000, AT(2, 10, 0),
     {{ACK, AT(2, 10, 10), 0, 0}, {WITHDRAW, AT(2, 15, 0), 0, 0}}},
    /* c11 promise kept, confirmed 2. ACK met; UPD met x4 (ack, promise, update,
     * respond, each met by the next contact); PRO met; RES met; FUP met; NXT met
     * (the promise answers the customer's message) */
    {"c11", REDRESS_CHANNEL_CHAT, "billing", REDRESS_SEVERITY_LOW, 20000, AT(2, 11, 0),
     {{ACK, AT(2, 11, 5), 0, 0},
      {INVESTIGATE, AT(2, 11, 10), 0, 0},
      {MESSAGE, AT(2, 11, 30), 0, 0},
      {PROMISE, AT(2, 12, 0), 0, AT(3, 12, 0)},
      {UPDATE, AT(3, 11, 0), 0, 0},
      {RESPOND, AT(3, 15, 0), UPHELD, 0},
      {FULFILL, AT(4, 10, 0), 0, 0},
      {CONFIRM, AT(4, 11, 0), 2, 0}}},
    /* c12 promise broken. ACK met; UPD ack->promise met, promise->respond late (due Sat),
     * respond->fulfill met; PRO late; RES met (due Tue 1 Dec); FUP due Thu 3 Dec: br */
    {"c12", REDRESS_CHANNEL_WEB, "delivery", REDRESS_SEVERITY_NORMAL, 90000, AT(3, 9, 0),
     {{ACK, AT(3, 9, 30), 0, 0},
      {INVESTIGATE, AT(3, 10, 0), 0, 0},
      {PROMISE, AT(3, 11, 0), 0, AT(4, 11, 0)},
      {RESPOND, AT(7, 10, 0), UPHELD, 3000},
      {FULFILL, AT(7, 11, 0), 0, 0}}},
    /* c13 resolved, reopened, resolved again, confirmed 3. ACK met; UPD met x4;
     * RES met x2 (the reopen starts a new one); FUP: the first dropped, the second met */
    {"c13", REDRESS_CHANNEL_EMAIL, "billing", REDRESS_SEVERITY_HIGH, 120000, AT(0, 9, 0),
     {{ASSESS, AT(0, 9, 0), REDRESS_LEGITIMACY_REASONABLE, 0},
      {ACK, AT(0, 9, 15), 0, 0},
      {INVESTIGATE, AT(0, 9, 30), 0, 0},
      {RESPOND, AT(0, 14, 0), UPHELD, 1500},
      {FULFILL, AT(1, 10, 0), 0, 0},
      {REOPEN, AT(1, 15, 0), 0, 0},
      {RESPOND, AT(2, 10, 0), PARTLY, 2500},
      {FULFILL, AT(2, 16, 0), 0, 0},
      {CONFIRM, AT(3, 9, 0), 3, 0}}},
    /* c14 on the spot, confirmed 4. ACK met, RES met, FUP met */
    {"c14", REDRESS_CHANNEL_PHONE, "service", REDRESS_SEVERITY_NORMAL, UNKNOWN, AT(1, 9, 0),
     {{SPOT, AT(1, 9, 5), PARTLY, 700}, {CONFIRM, AT(1, 12, 0), 4, 0}}},
    /* c15 on the spot, confirmed 5. ACK met, RES met, FUP met */
    {"c15", REDRESS_CHANNEL_IN_PERSON, "service", REDRESS_SEVERITY_LOW, 10000, AT(1, 13, 0),
     {{SPOT, AT(1, 13, 2), UPHELD, 0}, {CONFIRM, AT(2, 9, 0), 5, 0}}},
    /* c16 letter on a Saturday, responded, closed without delivery. ACK late;
     * UPD met, the next dropped at close; RES met */
    {"c16", REDRESS_CHANNEL_LETTER, "billing", REDRESS_SEVERITY_NORMAL, 70000, AT(5, 10, 0),
     {{ASSESS, AT(5, 10, 0), REDRESS_LEGITIMACY_REASONABLE, 0},
      {ACK, AT(7, 9, 30), 0, 0},
      {INVESTIGATE, AT(7, 10, 0), 0, 0},
      {RESPOND, AT(8, 16, 0), UPHELD, 5000},
      {CLOSE, AT(9, 9, 0), 0, 0}}},
    /* c17 waited for the customer for days, confirmed 1. ACK met; UPD ack->await met,
     * await->respond late, respond->fulfill met; RES late (due Sat 28); FUP met;
     * NXT from the reply (Fri 10:00, due Sat 10:00) late */
    {"c17", REDRESS_CHANNEL_REGULATOR, "service", REDRESS_SEVERITY_CRITICAL, 1000000,
     AT(0, 9, 0),
     {{ACK, AT(0, 9, 40), 0, 0},
      {INVESTIGATE, AT(0, 10, 0), 0, 0},
      {AWAIT, AT(0, 11, 0), 0, 0},
      {REPLY, AT(4, 10, 0), 0, 0},
      {RESPOND, AT(8, 9, 0), UPHELD, 20000},
      {FULFILL, AT(8, 12, 0), 0, 0},
      {CONFIRM, AT(9, 10, 0), 1, 0}}},
    /* c18 resolved over a weekend, confirmed 5. ACK met; UPD met, late (due Sun);
     * RES met; FUP met */
    {"c18", REDRESS_CHANNEL_SURVEY, "delivery", REDRESS_SEVERITY_NORMAL, 25000, AT(3, 14, 0),
     {{ACK, AT(3, 14, 30), 0, 0},
      {INVESTIGATE, AT(3, 15, 0), 0, 0},
      {RESPOND, AT(4, 16, 0), UPHELD, 800},
      {FULFILL, AT(7, 9, 0), 0, 0},
      {CONFIRM, AT(7, 10, 0), 5, 0}}},
    /* c19 malicious, escalated, declined, left responded. ACK met; UPD late (due Sun),
     * then br (due Wed 2 Dec); RES met; NXT from the first of two messages (due Sat
     * 11:00) late */
    {"c19", REDRESS_CHANNEL_MEDIA, "service", REDRESS_SEVERITY_HIGH, 300000, AT(4, 9, 0),
     {{ASSESS, AT(4, 9, 0), REDRESS_LEGITIMACY_MALICIOUS, 0},
      {ACK, AT(4, 9, 50), 0, 0},
      {INVESTIGATE, AT(4, 10, 0), 0, 0},
      {ESCALATE, AT(4, 10, 30), 0, 0},
      {MESSAGE, AT(4, 11, 0), 0, 0},
      {MESSAGE, AT(4, 12, 0), 0, 0},
      {RESPOND, AT(7, 15, 0), DECLINED, UNKNOWN}}},
    /* c20 a promise made and forgotten, the customer's message unanswered. ACK met;
     * UPD met, then br; PRO br; RES br; NXT br */
    {"c20", REDRESS_CHANNEL_CHAT, "delivery", REDRESS_SEVERITY_NORMAL, 45000, AT(4, 12, 0),
     {{ACK, AT(4, 12, 10), 0, 0},
      {INVESTIGATE, AT(4, 12, 20), 0, 0},
      {PROMISE, AT(4, 13, 0), 0, AT(7, 12, 0)},
      {MESSAGE, AT(4, 14, 0), 0, 0}}},
    /* c21 responded, remedy not delivered yet. ACK met; UPD met, then br (due Sun 6);
     * RES met */
    {"c21", REDRESS_CHANNEL_PHONE, "billing", REDRESS_SEVERITY_NORMAL, 55000, AT(10, 9, 0),
     {{ACK, AT(10, 9, 45), 0, 0},
      {INVESTIGATE, AT(10, 10, 0), 0, 0},
      {RESPOND, AT(11, 10, 0), UPHELD, 1200}}},
    /* c22 Friday afternoon, acknowledged Monday 08:00. ACK late; UPD, RES pending */
    {"c22", REDRESS_CHANNEL_EMAIL, "delivery", REDRESS_SEVERITY_LOW, 15000, AT(11, 15, 0),
     {{ACK, AT(14, 8, 0), 0, 0}}},
};
#define N_SCENARIO (sizeof scenario / sizeof scenario[0])

static int apply(redress_complaint *c, const step *s) {
  const char *who = "agent";
  switch (s->verb) {
  case ACK: return redress_complaint_acknowledge(c, s->at, who, NULL);
  case INVESTIGATE: return redress_complaint_investigate(c, s->at, who, NULL, "point", NULL);
  case RESPOND:
    return redress_complaint_respond(c, s->at, who, NULL, s->arg, "remedy", s->num);
  case FULFILL: return redress_complaint_fulfill(c, s->at, who, NULL);
  case SPOT:
    return redress_complaint_resolve_on_the_spot(c, s->at, who, NULL, s->arg, "remedy", s->num);
  case CONFIRM: return redress_complaint_confirm(c, s->at, who, NULL, s->arg);
  case CLOSE: return redress_complaint_close(c, s->at, who, NULL);
  case WITHDRAW: return redress_complaint_withdraw(c, s->at, who, NULL);
  case REOPEN: return redress_complaint_reopen(c, s->at, who, NULL);
  case PROMISE: return redress_complaint_promise(c, s->at, who, NULL, s->num);
  case UPDATE: return redress_complaint_update(c, s->at, who, "progress");
  case AWAIT: return redress_complaint_await_customer(c, s->at, who, NULL);
  case REPLY: return redress_complaint_customer_reply(c, s->at, "customer", NULL);
  case ASSESS: return redress_complaint_assess(c, s->at, who, NULL, s->arg);
  case ESCALATE: return redress_complaint_escalate(c, s->at, who, NULL, "supervisor");
  case SEVERITY: return redress_complaint_set_severity(c, s->at, who, NULL, s->arg);
  case MESSAGE: return redress_complaint_customer_message(c, s->at, "customer", "hello??");
  default: return REDRESS_OK;
  }
}

static void add_office_policy(redress_desk *desk) {
  static const char office[] = "mon-fri 09:00-17:00";
  assert_int_equal(redress_desk_add_calendar(desk, "office", office, sizeof office - 1),
                   REDRESS_OK);
  redress_policy p = REDRESS_POLICY_INIT;
  p.name = "std";
  p.calendar = "office";
  p.acknowledge.amount = HOUR;
  p.update_every.amount = 2 * DAY;
  p.resolve.amount = 5 * DAY;
  p.follow_up.amount = 3 * DAY;
  p.next_reply.amount = DAY;
  assert_int_equal(redress_desk_add_policy(desk, &p), REDRESS_OK);
}

static redress_complaint *build(redress_desk *desk, const spec *sp) {
  redress_complaint_fields in = REDRESS_COMPLAINT_FIELDS_INIT;
  char customer[32];
  snprintf(customer, sizeof customer, "cust-%s", sp->id);
  in.id = sp->id;
  in.customer_id = customer;
  in.customer_value = sp->value;
  in.channel = sp->channel;
  in.category = sp->category;
  in.severity = sp->severity;
  in.text = "My order is late and nobody answers.";
  in.received_at = sp->received;
  redress_complaint *c = NULL;
  assert_int_equal(redress_complaint_create(&c, desk, &in), REDRESS_OK);
  for (const step *s = sp->steps; s < sp->steps + 10 && s->verb != END; s++) {
    int rc = apply(c, s);
    if (rc != REDRESS_OK) fail_msg("%s step %d: %s", sp->id, (int)(s - sp->steps), redress_desk_errmsg(desk));
  }
  return c;
}

typedef struct fixture {
  th_desk t;
  redress_complaint *c[N_SCENARIO];
} fixture;

static void fixture_open(fixture *f) {
  th_desk_open(&f->t);
  add_office_policy(f->t.desk);
  for (size_t i = 0; i < N_SCENARIO; i++) f->c[i] = build(f->t.desk, &scenario[i]);
}

static void fixture_close(fixture *f) {
  for (size_t i = 0; i < N_SCENARIO; i++) redress_complaint_free(f->c[i]);
  th_desk_close(&f->t);
}

static redress_metrics *accumulate(fixture *f, const redress_retention_model *model,
                                   int group_by) {
  redress_metrics *m = NULL;
  assert_int_equal(redress_metrics_new(&m, f->t.desk, model, group_by, AS_OF), REDRESS_OK);
  for (size_t i = 0; i < N_SCENARIO; i++) assert_int_equal(redress_metrics_add(m, f->c[i]), REDRESS_OK);
  return m;
}

/* ---- reading values ------------------------------------------------------- */

static double value(redress_metrics *m, int group, int metric) {
  double v = -12345.0;
  assert_int_equal(redress_metrics_value(&v, m, group, metric), REDRESS_OK);
  return v;
}

/* Within 1e-9, relative to the value once it is above 1. */
static void expect_at(redress_metrics *m, int group, int metric, double want, int *checked) {
  double got = value(m, group, metric);
  double tolerance = 1e-9 * (fabs(want) > 1.0 ? fabs(want) : 1.0);
  if (!(fabs(got - want) <= tolerance))
    fail_msg("%s (group %d): got %.17g, want %.17g", redress_enum_name(REDRESS_ENUM_METRIC, metric), group, got, want);
  if (checked != NULL) checked[metric] = 1;
}

static void expect_nan(redress_metrics *m, int group, int metric) {
  double got = value(m, group, metric);
  if (!isnan(got)) fail_msg("%s (group %d): got %.17g, want NaN", redress_enum_name(REDRESS_ENUM_METRIC, metric), group, got);
}

#define TOTAL REDRESS_METRICS_TOTAL
#define EXPECT(metric, want) expect_at(m, TOTAL, REDRESS_METRIC_##metric, (want), checked)

/* ---- the scenario, every metric ------------------------------------------- */

static void expect_counts(redress_metrics *m, int *checked) {
  EXPECT(COMPLAINTS, 22);
  EXPECT(STATE_RECEIVED, 2);          /* c08 c09 */
  EXPECT(STATE_ACKNOWLEDGED, 2);      /* c07 c22 */
  EXPECT(STATE_INVESTIGATING, 1);     /* c20 */
  EXPECT(STATE_AWAITING_CUSTOMER, 0);
  EXPECT(STATE_RESPONDED, 2);         /* c19 c21 */
  EXPECT(STATE_RESOLVED, 3);          /* c02 c05 c12 */
  EXPECT(STATE_CLOSED, 11);           /* c01 c03 c04 c06 c11 c13 c14 c15 c16 c17 c18 */
  EXPECT(STATE_WITHDRAWN, 1);         /* c10 */
  EXPECT(DECISION_NONE, 6);           /* c07 c08 c09 c10 c20 c22 */
  EXPECT(DECISION_UPHELD, 10);        /* c01 c02 c04 c11 c12 c15 c16 c17 c18 c21 */
  EXPECT(DECISION_PARTLY_UPHELD, 3);  /* c05 c13 c14 */
  EXPECT(DECISION_DECLINED, 3);       /* c03 c06 c19 */
  EXPECT(ON_THE_SPOT, 5);             /* c01 c02 c03 c14 c15 */
  EXPECT(FIRST_CONTACT_RESOLUTION_RATE, 5.0 / 22.0);
  /* reached RESOLVED and not reopened since: c01 c02 c03 c04 c05 c11 c12 c13 c14 c15
   * c17 c18 (c06 and c16 were closed without delivery) */
  EXPECT(RESOLVED, 12);
  EXPECT(OUTCOME_ON_THE_SPOT, 4);     /* c01 c02 c14 c15 (c03 was declined) */
  EXPECT(OUTCOME_RESOLVED, 7);        /* c04 c05 c11 c12 c13 c17 c18 */
  EXPECT(OUTCOME_UNRESOLVED, 11);     /* c03 c06 c07 c08 c09 c10 c16 c19 c20 c21 c22 */
}

static void expect_deadlines(redress_metrics *m, int *checked) {
  /* ACK: met 16 (all contacted ones but the four late), late 4 (c05 c07 c16 c22),
   * breached 1 (c08), pending 1 (c09, not counted): 21 decided */
  EXPECT(ACKNOWLEDGE_DEADLINES, 21);
  EXPECT(ACKNOWLEDGE_ON_TIME_RATE, 16.0 / 21.0);
  EXPECT(ACKNOWLEDGE_BREACHES, 5);  /* 4 late + 1 breached */
  /* UPD met: c04 2 + c06 1 + c11 4 + c12 2 + c13 4 + c16 1 + c17 2 + c18 1 + c20 1
   * + c21 1 = 19; late: c05 2 + c12 1 + c17 1 + c18 1 + c19 1 = 6; breached: c07 c19
   * c20 c21 = 4; c22's is pending */
  EXPECT(UPDATE_DEADLINES, 29);
  EXPECT(UPDATE_ON_TIME_RATE, 19.0 / 29.0);
  EXPECT(UPDATE_BREACHES, 10);
  /* RES met: c01-c06, c11, c12, c13 x2, c14, c15, c16, c18, c19, c21 = 16; late: c17;
   * breached: c07 c08 c20; pending: c09 c22; dropped: c10 */
  EXPECT(RESOLVE_DEADLINES, 20);
  EXPECT(RESOLVE_ON_TIME_RATE, 16.0 / 20.0);
  EXPECT(RESOLVE_BREACHES, 4);
  /* PRO: c11 met, c12 late, c20 breached */
  EXPECT(PROMISE_DEADLINES, 3);
  EXPECT(PROMISE_ON_TIME_RATE, 1.0 / 3.0);
  EXPECT(PROMISE_BREACHES, 2);
  /* FUP met: c01 c03 c04 c11 c13 c14 c15 c17 c18 = 9; breached: c02 c05 c12 */
  EXPECT(FOLLOW_UP_DEADLINES, 12);
  EXPECT(FOLLOW_UP_ON_TIME_RATE, 9.0 / 12.0);
  EXPECT(FOLLOW_UP_BREACHES, 3);
  /* NXT met: c11; late: c17 c19; breached: c20 */
  EXPECT(NEXT_REPLY_DEADLINES, 4);
  EXPECT(NEXT_REPLY_ON_TIME_RATE, 1.0 / 4.0);
  EXPECT(NEXT_REPLY_BREACHES, 3);
  /* no policy of the scenario sets summary_resolve (tests/unit/test_regimes.c does) */
  EXPECT(SUMMARY_RESOLVE_DEADLINES, 0);
  expect_nan(m, TOTAL, REDRESS_METRIC_SUMMARY_RESOLUTION_RATE);
  checked[REDRESS_METRIC_SUMMARY_RESOLUTION_RATE] = 1;
  EXPECT(SUMMARY_RESOLVE_LAPSED, 0);
}

static void expect_acknowledgement_times(redress_metrics *m, int *checked) {
  EXPECT(CONTACTED, 20); /* all but c08 c09 */
  /* calendar seconds: c01 600, c02 300, c03 1200, c04 1800, c05 63000, c06 1200,
   * c07 7200, c10 600, c11 300, c12 1800, c13 900, c14 300, c15 120, c16 171000,
   * c17 2400, c18 1800, c19 3000, c20 600, c21 2700, c22 234000; sum 494820.
   * Sorted: 120 300 300 300 600 600 600 900 1200 1200 | 1800 1800 1800 2400 2700 3000
   * 7200 63000 171000 234000. Median: rank 19 * 0.5 = 9.5, (1200 + 1800) / 2.
   * p90: rank 19 * 0.9 = 17.1, 63000 + 0.1 * (171000 - 63000) = 73800. */
  EXPECT(TIME_TO_ACKNOWLEDGE_MEAN, 494820.0 / 20.0);
  EXPECT(TIME_TO_ACKNOWLEDGE_MEDIAN, 1500);
  EXPECT(TIME_TO_ACKNOWLEDGE_P90, 73800);
  /* office seconds: as above except c05 5400 (Mon 16-17 + Tue 09-09:30), c16 1800
   * (Sat, Sun closed), c22 7200 (Fri 15-17; Mon 08:00 is before opening); sum 41220.
   * Sorted: 120 300 300 300 600 600 600 900 1200 1200 | 1800 1800 1800 1800 2400 2700
   * 3000 5400 7200 7200. Median (1200 + 1800) / 2; p90 5400 + 0.1 * 1800 = 5580. */
  EXPECT(TIME_TO_ACKNOWLEDGE_BUSINESS_MEAN, 41220.0 / 20.0);
  EXPECT(TIME_TO_ACKNOWLEDGE_BUSINESS_MEDIAN, 1500);
  EXPECT(TIME_TO_ACKNOWLEDGE_BUSINESS_P90, 5580);
}

static void expect_resolution_times(redress_metrics *m, int *checked) {
  /* the 12 RESOLVED, receipt to the fulfill or on-the-spot that stands, calendar:
   * c01 600, c02 300, c03 1200, c04 2 d = 172800, c05 6 d 18 h = 583200,
   * c11 1 d 23 h = 169200, c12 4 d 2 h = 352800, c13 2 d 7 h = 198000, c14 300,
   * c15 120, c17 8 d 3 h = 702000, c18 3 d 19 h = 327600; sum 2508120.
   * Sorted: 120 300 300 600 1200 169200 | 172800 198000 327600 352800 583200 702000.
   * Median (169200 + 172800) / 2 = 171000; p90: rank 11 * 0.9 = 9.9,
   * 352800 + 0.9 * (583200 - 352800) = 560160. */
  EXPECT(TIME_TO_RESOLVE_MEAN, 2508120.0 / 12.0);
  EXPECT(TIME_TO_RESOLVE_MEDIAN, 171000);
  EXPECT(TIME_TO_RESOLVE_P90, 560160);
  /* office hours: c04 16 h = 57600, c05 1 + 4 * 8 + 1 = 34 h = 122400, c11 6 + 8 + 1 =
   * 15 h = 54000, c12 8 + 8 + 2 = 18 h = 64800, c13 8 + 8 + 7 = 23 h = 82800,
   * c17 5 * 8 + 8 + 3 = 51 h = 183600, c18 3 + 8 = 11 h = 39600, the on-the-spot ones
   * as above; sum 607320. Sorted: 120 300 300 600 1200 39600 | 54000 57600 64800 82800
   * 122400 183600. Median (39600 + 54000) / 2 = 46800; p90 82800 + 0.9 * 39600 = 118440. */
  EXPECT(TIME_TO_RESOLVE_BUSINESS_MEAN, 607320.0 / 12.0);
  EXPECT(TIME_TO_RESOLVE_BUSINESS_MEDIAN, 46800);
  EXPECT(TIME_TO_RESOLVE_BUSINESS_P90, 118440);
}

static void expect_experience(redress_metrics *m, int *checked) {
  EXPECT(REOPENED, 1); /* c13 */
  EXPECT(REOPENS, 1);
  EXPECT(REOPEN_RATE, 1.0 / 22.0);
  /* answers: c01 5, c04 4, c11 2, c13 3, c14 4, c15 5, c17 1, c18 5: sum 29 */
  EXPECT(SATISFACTION_ANSWERS, 8);
  EXPECT(SATISFACTION_MEAN, 29.0 / 8.0);
  EXPECT(SATISFIED_SHARE, 5.0 / 8.0); /* c01 c04 c14 c15 c18 */
  /* RESOLVED with compensation > 0: c01 500, c04 2000, c05 1000, c12 3000,
   * c13 2500 (its last response), c14 700, c17 20000, c18 800 (c16's 5000 was never
   * delivered; c02 unknown, c03 c11 c15 nothing) */
  EXPECT(COMPENSATED, 8);
  EXPECT(COMPENSATION_PAID, 500 + 2000 + 1000 + 3000 + 2500 + 700 + 20000 + 800);
}

static void expect_retention(redress_metrics *m, int *checked) {
  /* 4 on the spot x 0.95 + 7 resolved x 0.70 + 11 unresolved x 0.09
   * = 3.8 + 4.9 + 0.99 = 9.69 */
  EXPECT(EXPECTED_RETAINED, 9.69);
  EXPECT(EXPECTED_LOST, 22 - 9.69);
  EXPECT(RETENTION_RATE, 9.69 / 22.0);
  /* known customer values by class: on the spot c01 100000 + c02 50000 + c15 10000 =
   * 160000 (c14 unknown); resolved c04 200000 + c05 80000 + c11 20000 + c12 90000 +
   * c13 120000 + c17 1000000 + c18 25000 = 1535000; unresolved c06 30000 + c07 150000
   * + c08 500000 + c09 60000 + c10 40000 + c16 70000 + c19 300000 + c20 45000 +
   * c21 55000 + c22 15000 = 1265000 (c03 unknown).
   * 0.05 * 160000 + 0.30 * 1535000 + 0.91 * 1265000 = 8000 + 460500 + 1151150 */
  EXPECT(REVENUE_AT_RISK, 1619650);
  EXPECT(VALUE_UNKNOWN, 2); /* c03 c14 */
  /* 22 complaints x (1 - 0.04) / 0.04 = 22 x 24 */
  EXPECT(SILENT_DISSATISFIED, 528);
  EXPECT(SILENT_LOST, 528 * 0.91);
  /* the 11 unresolved, plus c11 (2) and c17 (1) who said they were unhappy */
  EXPECT(DISSATISFIED_COMPLAINANTS, 13);
  EXPECT(WORD_OF_MOUTH_REACH, 20 * (528 + 13));
  /* 9.69 - 22 x 0.09 = 4 x (0.95 - 0.09) + 7 x (0.70 - 0.09) = 3.44 + 4.27 */
  EXPECT(CUSTOMERS_SAVED, 7.71);
}

static void scenario_every_metric(void **state) {
  (void)state;
  fixture f;
  fixture_open(&f);
  redress_metrics *m = accumulate(&f, NULL, REDRESS_GROUP_BY_NONE);
  int checked[REDRESS_METRIC_COUNT] = {0};
  expect_counts(m, checked);
  expect_deadlines(m, checked);
  expect_acknowledgement_times(m, checked);
  expect_resolution_times(m, checked);
  expect_experience(m, checked);
  expect_retention(m, checked);
  for (int i = 0; i < REDRESS_METRIC_COUNT; i++)
    if (!checked[i]) fail_msg("metric %s has no expected value", redress_enum_name(REDRESS_ENUM_METRIC, i));
  assert_int_equal(redress_metrics_group_count(m), 0);
  /* reading twice gives the same (quantiles reorder the samples, nothing else) */
  expect_at(m, TOTAL, REDRESS_METRIC_TIME_TO_RESOLVE_P90, 560160, NULL);
  expect_at(m, TOTAL, REDRESS_METRIC_TIME_TO_RESOLVE_MEDIAN, 171000, NULL);
  redress_metrics_free(m);
  fixture_close(&f);
}

/* ---- grouping ------------------------------------------------------------- */

static int find_group(redress_metrics *m, const char *key) {
  int g = -7;
  assert_int_equal(redress_metrics_group_find(&g, m, key), REDRESS_OK);
  assert_string_equal(redress_metrics_group_key(m, g), key);
  return g;
}

/* Every additive count of the groups sums to the total's. */
static void expect_groups_sum(redress_metrics *m) {
  static const int additive[] = {REDRESS_METRIC_COMPLAINTS, REDRESS_METRIC_RESOLVED,
                                 REDRESS_METRIC_UPDATE_BREACHES, REDRESS_METRIC_COMPENSATION_PAID,
                                 REDRESS_METRIC_EXPECTED_RETAINED, REDRESS_METRIC_REVENUE_AT_RISK,
                                 REDRESS_METRIC_WORD_OF_MOUTH_REACH};
  for (size_t k = 0; k < sizeof additive / sizeof additive[0]; k++) {
    double sum = 0.0;
    for (size_t g = 0; g < redress_metrics_group_count(m); g++) sum += value(m, (int)g, additive[k]);
    expect_at(m, TOTAL, additive[k], sum, NULL);
  }
}

static void grouping_by_channel(void **state) {
  (void)state;
  fixture f;
  fixture_open(&f);
  redress_metrics *m = accumulate(&f, NULL, REDRESS_GROUP_BY_CHANNEL);
  assert_int_equal(redress_metrics_group_count(m), REDRESS_CHANNEL_COUNT);
  for (int i = 0; i < REDRESS_CHANNEL_COUNT; i++)
    assert_string_equal(redress_metrics_group_key(m, i), redress_enum_name(REDRESS_ENUM_CHANNEL, i));
  int phone = find_group(m, "phone");
  assert_int_equal(phone, REDRESS_CHANNEL_PHONE);
  /* phone: c01 c02 (on the spot), c08 c09 (untouched), c14 (on the spot), c21 (open) */
  expect_at(m, phone, REDRESS_METRIC_COMPLAINTS, 6, NULL);
  expect_at(m, phone, REDRESS_METRIC_FIRST_CONTACT_RESOLUTION_RATE, 3.0 / 6.0, NULL);
  expect_at(m, phone, REDRESS_METRIC_EXPECTED_RETAINED, 3 * 0.95 + 3 * 0.09, NULL);
  /* acknowledgements 600, 300, 300, 2700: median (300 + 600) / 2, p90 rank 2.7:
   * 600 + 0.7 * 2100 = 2070 */
  expect_at(m, phone, REDRESS_METRIC_TIME_TO_ACKNOWLEDGE_MEDIAN, 450, NULL);
  expect_at(m, phone, REDRESS_METRIC_TIME_TO_ACKNOWLEDGE_P90, 2070, NULL);
  /* ACK: c01 c02 c14 c21 met, c08 breached (c09 pending) */
  expect_at(m, phone, REDRESS_METRIC_ACKNOWLEDGE_ON_TIME_RATE, 4.0 / 5.0, NULL);
  /* email: c04 c05 c10 c13 c22 */
  expect_at(m, REDRESS_CHANNEL_EMAIL, REDRESS_METRIC_COMPLAINTS, 5, NULL);
  expect_at(m, REDRESS_CHANNEL_EMAIL, REDRESS_METRIC_REOPENS, 1, NULL);
  /* the regulator's complaint c17: resolved, satisfaction 1 */
  expect_at(m, REDRESS_CHANNEL_REGULATOR, REDRESS_METRIC_SATISFACTION_MEAN, 1, NULL);
  expect_at(m, REDRESS_CHANNEL_REGULATOR, REDRESS_METRIC_DISSATISFIED_COMPLAINANTS, 1, NULL);
  expect_groups_sum(m);
  redress_metrics_free(m);
  fixture_close(&f);
}

static void grouping_by_category(void **state) {
  (void)state;
  fixture f;
  fixture_open(&f);
  redress_metrics *m = accumulate(&f, NULL, REDRESS_GROUP_BY_CATEGORY);
  /* in the order first added: billing (c01), delivery (c03), service (c07), none (c09) */
  assert_int_equal(redress_metrics_group_count(m), 4);
  assert_string_equal(redress_metrics_group_key(m, 0), "billing");
  assert_string_equal(redress_metrics_group_key(m, 1), "delivery");
  assert_string_equal(redress_metrics_group_key(m, 2), "service");
  assert_string_equal(redress_metrics_group_key(m, 3), "");
  int billing = find_group(m, "billing");
  /* billing: c01 c02 c04 c10 c11 c13 c16 c21; classes S S R U R R U U */
  expect_at(m, billing, REDRESS_METRIC_COMPLAINTS, 8, NULL);
  expect_at(m, billing, REDRESS_METRIC_EXPECTED_RETAINED, 2 * 0.95 + 3 * 0.70 + 3 * 0.09, NULL);
  expect_at(m, billing, REDRESS_METRIC_COMPENSATION_PAID, 500 + 2000 + 2500, NULL);
  expect_at(m, billing, REDRESS_METRIC_COMPENSATED, 3, NULL);
  expect_at(m, find_group(m, "delivery"), REDRESS_METRIC_COMPLAINTS, 7, NULL);
  expect_at(m, find_group(m, "service"), REDRESS_METRIC_COMPLAINTS, 6, NULL);
  expect_at(m, find_group(m, ""), REDRESS_METRIC_COMPLAINTS, 1, NULL);
  int g = 0;
  assert_int_equal(redress_metrics_group_find(&g, m, "nothing"), REDRESS_ERR_NOTFOUND);
  expect_groups_sum(m);
  redress_metrics_free(m);
  fixture_close(&f);
}

static void grouping_by_severity_legitimacy_temperament(void **state) {
  (void)state;
  fixture f;
  fixture_open(&f);
  redress_metrics *m = accumulate(&f, NULL, REDRESS_GROUP_BY_SEVERITY);
  /* the current severity: c07 was raised to critical, so c07 c08 c17 */
  expect_at(m, REDRESS_SEVERITY_CRITICAL, REDRESS_METRIC_COMPLAINTS, 3, NULL);
  /* low: c02 c11 c15 c22 */
  expect_at(m, find_group(m, "low"), REDRESS_METRIC_COMPLAINTS, 4, NULL);
  expect_groups_sum(m);
  redress_metrics_free(m);

  m = accumulate(&f, NULL, REDRESS_GROUP_BY_LEGITIMACY);
  assert_int_equal(redress_metrics_group_count(m), REDRESS_LEGITIMACY_COUNT);
  /* assessed reasonable: c04 (resolved) c13 (resolved) c16 (closed undelivered) */
  int reasonable = find_group(m, "reasonable");
  expect_at(m, reasonable, REDRESS_METRIC_COMPLAINTS, 3, NULL);
  expect_at(m, reasonable, REDRESS_METRIC_EXPECTED_RETAINED, 0.70 + 0.70 + 0.09, NULL);
  expect_at(m, find_group(m, "malicious"), REDRESS_METRIC_DECISION_DECLINED, 1, NULL);
  expect_at(m, find_group(m, "unknown"), REDRESS_METRIC_COMPLAINTS, 16, NULL);
  expect_groups_sum(m);
  redress_metrics_free(m);

  /* temperament comes from the classifier: only the shape is checked here */
  m = accumulate(&f, NULL, REDRESS_GROUP_BY_TEMPERAMENT);
  assert_int_equal(redress_metrics_group_count(m), REDRESS_TEMPERAMENT_COUNT);
  assert_string_equal(redress_metrics_group_key(m, REDRESS_TEMPERAMENT_RATIONAL), "rational");
  assert_string_equal(redress_metrics_group_key(m, REDRESS_TEMPERAMENT_UNKNOWN), "unknown");
  expect_groups_sum(m);
  redress_metrics_free(m);
  fixture_close(&f);
}

/* ---- custom coefficients -------------------------------------------------- */

static void custom_model(void **state) {
  (void)state;
  fixture f;
  fixture_open(&f);
  redress_retention_model model = redress_retention_model_init();
  model.voice_rate = 0.25;
  model.silent_churn = 0.5;
  model.retention_on_the_spot = 1.0;
  model.retention_resolved = 0.5;
  model.retention_unresolved = 0.0;
  model.word_of_mouth = 3;
  redress_metrics *m = accumulate(&f, &model, REDRESS_GROUP_BY_NONE);
  int *checked = NULL;
  EXPECT(EXPECTED_RETAINED, 4 * 1.0 + 7 * 0.5 + 11 * 0.0);             /* 7.5 */
  EXPECT(EXPECTED_LOST, 22 - 7.5);
  /* 0 x 160000 + 0.5 x 1535000 + 1 x 1265000 */
  EXPECT(REVENUE_AT_RISK, 767500 + 1265000);
  EXPECT(SILENT_DISSATISFIED, 22 * 0.75 / 0.25);                       /* 66 */
  EXPECT(SILENT_LOST, 66 * 0.5);
  EXPECT(WORD_OF_MOUTH_REACH, 3 * (66 + 13));
  EXPECT(CUSTOMERS_SAVED, 7.5 - 22 * 0.0);
  /* the model does not touch what is counted */
  EXPECT(DISSATISFIED_COMPLAINANTS, 13);
  redress_metrics_free(m);

  /* a voice rate of 1: every dissatisfied customer complains, nobody is silent */
  model.voice_rate = 1.0;
  m = accumulate(&f, &model, REDRESS_GROUP_BY_NONE);
  EXPECT(SILENT_DISSATISFIED, 0);
  EXPECT(WORD_OF_MOUTH_REACH, 3 * 13);
  redress_metrics_free(m);
  fixture_close(&f);
}

/* ---- from the store ------------------------------------------------------- */

static void add_store_all_and_window(void **state) {
  (void)state;
  fixture f;
  fixture_open(&f);
  for (size_t i = 0; i < N_SCENARIO; i++) assert_int_equal(redress_desk_save(f.t.desk, f.c[i]), REDRESS_OK);
  redress_metrics *direct = accumulate(&f, NULL, REDRESS_GROUP_BY_CATEGORY);
  redress_metrics *m = NULL;
  assert_int_equal(redress_metrics_new(&m, f.t.desk, NULL, REDRESS_GROUP_BY_CATEGORY, AS_OF),
                   REDRESS_OK);
  assert_int_equal(redress_metrics_add_store(m, REDRESS_METRICS_FROM_ALL, REDRESS_METRICS_TO_ALL),
                   REDRESS_OK);
  /* the stored copies give every value the complaints in memory give, group by group
   * (ascending ids put the categories in the same order) */
  assert_int_equal(redress_metrics_group_count(m), 4);
  for (int g = TOTAL; g < 4; g++) {
    if (g >= 0) assert_string_equal(redress_metrics_group_key(m, g), redress_metrics_group_key(direct, g));
    for (int k = 0; k < REDRESS_METRIC_COUNT; k++) {
      double want = value(direct, g, k);
      if (isnan(want)) expect_nan(m, g, k);
      else expect_at(m, g, k, want, NULL);
    }
  }
  /* a second add counts them again */
  assert_int_equal(redress_metrics_add_store(m, REDRESS_METRICS_FROM_ALL, REDRESS_METRICS_TO_ALL),
                   REDRESS_OK);
  expect_at(m, TOTAL, REDRESS_METRIC_COMPLAINTS, 44, NULL);
  expect_at(m, TOTAL, REDRESS_METRIC_TIME_TO_RESOLVE_MEDIAN, 171000, NULL);
  redress_metrics_free(m);
  redress_metrics_free(direct);

  /* received from Tuesday 09:00 (included) to Thursday 09:00 (excluded):
   * c06 c07 c08 c10 c11 c14 c15 */
  assert_int_equal(redress_metrics_new(&m, f.t.desk, NULL, REDRESS_GROUP_BY_NONE, AS_OF), REDRESS_OK);
  assert_int_equal(redress_metrics_add_store(m, AT(1, 9, 0), AT(3, 9, 0)), REDRESS_OK);
  expect_at(m, TOTAL, REDRESS_METRIC_COMPLAINTS, 7, NULL);
  expect_at(m, TOTAL, REDRESS_METRIC_ON_THE_SPOT, 2, NULL); /* c14 c15 */
  /* an empty window adds nothing; a reversed one is refused */
  assert_int_equal(redress_metrics_add_store(m, AT(1, 9, 0), AT(1, 9, 0)), REDRESS_OK);
  assert_int_equal(redress_metrics_add_store(m, AT(3, 9, 0), AT(1, 9, 0)), REDRESS_ERR_INVALID);
  assert_int_equal(redress_metrics_add_store(m, -1, AT(1, 9, 0)), REDRESS_ERR_INVALID);
  expect_at(m, TOTAL, REDRESS_METRIC_COMPLAINTS, 7, NULL);
  redress_metrics_free(m);
  fixture_close(&f);
}

/* A stored document that does not decode fails the addition, which leaves the
 * accumulator as it was and names the complaint: the caller passed no id. */
static void add_store_names_a_corrupt_complaint(void **state) {
  (void)state;
  redress_store store;
  assert_int_equal(redress_memory_store_new(&store, NULL), REDRESS_OK);
  redress_desk_options o = REDRESS_DESK_OPTIONS_INIT;
  o.store = &store; /* the desk owns it now; this copy only writes the bad record */
  redress_desk *desk = NULL;
  assert_int_equal(redress_desk_open(&desk, &o), REDRESS_OK);
  const char bad[] = "{\"v\":1,";
  redress_record rec = {REDRESS_RECORD_VERSION, "a-corrupt", "cust", 0, 0, 0, TH_T0, TH_T0,
                        REDRESS_TIME_NEVER, 1, bad, sizeof bad - 1, NULL, NULL, NULL, NULL, 0};
  assert_int_equal(store.save(store.ud, &rec, 0), REDRESS_OK);
  redress_metrics *m = NULL;
  assert_int_equal(redress_metrics_new(&m, desk, NULL, REDRESS_GROUP_BY_NONE, AS_OF), REDRESS_OK);
  assert_int_equal(redress_metrics_add_store(m, REDRESS_METRICS_FROM_ALL, REDRESS_METRICS_TO_ALL),
                   REDRESS_ERR_PARSE);
  if (strstr(redress_desk_errmsg(desk), "complaint 'a-corrupt': json: ") == NULL)
    fail_msg("message \"%s\" does not name the complaint", redress_desk_errmsg(desk));
  expect_at(m, TOTAL, REDRESS_METRIC_COMPLAINTS, 0, NULL);
  redress_metrics_free(m);
  redress_desk_close(desk);
}

/* ---- empty ---------------------------------------------------------------- */

/* Values with nothing to measure are NaN; everything else is 0. */
static int undefined_when_empty(int metric) {
  switch (metric) {
  case REDRESS_METRIC_FIRST_CONTACT_RESOLUTION_RATE:
  case REDRESS_METRIC_ACKNOWLEDGE_ON_TIME_RATE:
  case REDRESS_METRIC_UPDATE_ON_TIME_RATE:
  case REDRESS_METRIC_RESOLVE_ON_TIME_RATE:
  case REDRESS_METRIC_PROMISE_ON_TIME_RATE:
  case REDRESS_METRIC_FOLLOW_UP_ON_TIME_RATE:
  case REDRESS_METRIC_NEXT_REPLY_ON_TIME_RATE:
  case REDRESS_METRIC_SUMMARY_RESOLUTION_RATE:
  case REDRESS_METRIC_REOPEN_RATE:
  case REDRESS_METRIC_SATISFACTION_MEAN:
  case REDRESS_METRIC_SATISFIED_SHARE:
  case REDRESS_METRIC_RETENTION_RATE: return 1;
  default:
    return metric >= REDRESS_METRIC_TIME_TO_ACKNOWLEDGE_MEAN &&
           metric <= REDRESS_METRIC_TIME_TO_RESOLVE_BUSINESS_P90;
  }
}

static void empty_accumulator(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  for (int by = 0; by < REDRESS_GROUP_BY_COUNT; by++) {
    redress_metrics *m = NULL;
    assert_int_equal(redress_metrics_new(&m, t.desk, NULL, by, AS_OF), REDRESS_OK);
    int last = (int)redress_metrics_group_count(m) - 1;
    for (int g = TOTAL; g <= (last < 0 ? TOTAL : 0); g++) {
      for (int k = 0; k < REDRESS_METRIC_COUNT; k++) {
        if (undefined_when_empty(k)) expect_nan(m, g, k);
        else expect_at(m, g, k, 0.0, NULL);
      }
    }
    redress_metrics_free(m);
  }
  th_desk_close(&t);
}

/* ---- as_of decides what is a breach --------------------------------------- */

static void as_of_judges_deadlines(void **state) {
  (void)state;
  fixture f;
  fixture_open(&f);
  /* c08 (received Wed 09:00, untouched): ACK due 10:00, RES due Mon 30 09:00 */
  const redress_complaint *c08 = f.c[7];
  redress_metrics *m = NULL;
  assert_int_equal(redress_metrics_new(&m, f.t.desk, NULL, REDRESS_GROUP_BY_NONE, AT(2, 9, 30)), REDRESS_OK);
  assert_int_equal(redress_metrics_add(m, c08), REDRESS_OK);
  expect_at(m, TOTAL, REDRESS_METRIC_ACKNOWLEDGE_DEADLINES, 0, NULL); /* still pending */
  expect_nan(m, TOTAL, REDRESS_METRIC_ACKNOWLEDGE_ON_TIME_RATE);
  redress_metrics_free(m);
  assert_int_equal(redress_metrics_new(&m, f.t.desk, NULL, REDRESS_GROUP_BY_NONE, AT(2, 10, 0)), REDRESS_OK);
  assert_int_equal(redress_metrics_add(m, c08), REDRESS_OK);
  expect_at(m, TOTAL, REDRESS_METRIC_ACKNOWLEDGE_DEADLINES, 1, NULL); /* due now: breached */
  expect_at(m, TOTAL, REDRESS_METRIC_ACKNOWLEDGE_ON_TIME_RATE, 0, NULL);
  expect_at(m, TOTAL, REDRESS_METRIC_RESOLVE_DEADLINES, 0, NULL);
  redress_metrics_free(m);
  fixture_close(&f);
}

/* ---- the digest a complaint keeps for the metrics --------------------------- */

static double added_alone(redress_desk *desk, const redress_complaint *c, int metric) {
  redress_metrics *m = NULL;
  assert_int_equal(redress_metrics_new(&m, desk, NULL, REDRESS_GROUP_BY_SEVERITY, AT(4, 9, 0)),
                   REDRESS_OK);
  assert_int_equal(redress_metrics_add(m, c), REDRESS_OK);
  double v = value(m, TOTAL, metric);
  if (metric == REDRESS_METRIC_COMPLAINTS) { /* also: the group is the severity now */
    int g = -1;
    assert_int_equal(redress_metrics_group_find(&g, m, redress_enum_name(REDRESS_ENUM_SEVERITY,
                                                ((int)th_number(c, REDRESS_FIELD_SEVERITY)))), REDRESS_OK);
    assert_true(value(m, g, REDRESS_METRIC_COMPLAINTS) == 1.0);
  }
  redress_metrics_free(m);
  return v;
}

/* Withdrawing after a response keeps the decision that was made and told to the
 * customer (docs/metrics.md, "Notes"): it counts under decision_upheld and under
 * state_withdrawn, while the outcome (unresolved) and the money (nothing paid) say
 * that no remedy was delivered. */
static void withdrawn_after_a_response_keeps_its_decision(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  redress_complaint_fields in = th_full_init("c-withdrawn");
  in.received_at = AT(0, 9, 0);
  redress_complaint *c = NULL;
  assert_int_equal(redress_complaint_create(&c, t.desk, &in), REDRESS_OK);
  assert_int_equal(redress_complaint_acknowledge(c, AT(0, 9, 30), "ann", NULL), REDRESS_OK);
  assert_int_equal(redress_complaint_investigate(c, AT(0, 10, 0), "ann", NULL, "p", NULL), REDRESS_OK);
  assert_int_equal(redress_complaint_respond(c, AT(1, 9, 0), "ann", NULL, UPHELD, "refund", 4990),
                   REDRESS_OK);
  assert_int_equal(redress_complaint_withdraw(c, AT(2, 9, 0), "cust", "sorted it myself"), REDRESS_OK);
  assert_int_equal(redress_complaint_state(c), REDRESS_STATE_WITHDRAWN);
  assert_int_equal(((int)th_number(c, REDRESS_FIELD_DECISION)), UPHELD);
  assert_string_equal(redress_complaint_string(c, REDRESS_FIELD_REMEDY), "refund");
  assert_int_equal(th_number(c, REDRESS_FIELD_COMPENSATION), 4990);
  assert_true(added_alone(t.desk, c, REDRESS_METRIC_STATE_WITHDRAWN) == 1.0);
  assert_true(added_alone(t.desk, c, REDRESS_METRIC_DECISION_UPHELD) == 1.0);
  assert_true(added_alone(t.desk, c, REDRESS_METRIC_DECISION_NONE) == 0.0);
  assert_true(added_alone(t.desk, c, REDRESS_METRIC_RESOLVED) == 0.0);
  assert_true(added_alone(t.desk, c, REDRESS_METRIC_OUTCOME_UNRESOLVED) == 1.0);
  assert_true(added_alone(t.desk, c, REDRESS_METRIC_COMPENSATED) == 0.0);
  assert_true(added_alone(t.desk, c, REDRESS_METRIC_COMPENSATION_PAID) == 0.0);
  assert_true(added_alone(t.desk, c, REDRESS_METRIC_DISSATISFIED_COMPLAINANTS) == 1.0);
  redress_complaint_free(c);
  th_desk_close(&t);
}

/* Every verb, a new policy and a reload change what the next add counts, though the
 * complaint keeps what it counted last time (lib/metrics_digest.c). */
static void digest_follows_changes(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  redress_complaint_fields in = REDRESS_COMPLAINT_FIELDS_INIT;
  in.customer_id = "cust";
  in.received_at = AT(0, 9, 0);
  redress_complaint *c = NULL;
  assert_int_equal(redress_complaint_create(&c, t.desk, &in), REDRESS_OK);
  /* the default policy: acknowledge within a day; by day 4 it is breached */
  assert_true(added_alone(t.desk, c, REDRESS_METRIC_ACKNOWLEDGE_ON_TIME_RATE) == 0.0);
  assert_true(added_alone(t.desk, c, REDRESS_METRIC_COMPLAINTS) == 1.0);
  assert_true(isnan(added_alone(t.desk, c, REDRESS_METRIC_TIME_TO_ACKNOWLEDGE_MEAN)));
  assert_int_equal(redress_complaint_acknowledge(c, AT(0, 11, 0), "ann", NULL), REDRESS_OK);
  assert_true(added_alone(t.desk, c, REDRESS_METRIC_ACKNOWLEDGE_ON_TIME_RATE) == 1.0);
  assert_true(added_alone(t.desk, c, REDRESS_METRIC_TIME_TO_ACKNOWLEDGE_MEAN) == 2.0 * HOUR);
  /* a policy added later that selects the complaint: its one-hour target was missed */
  redress_policy p = REDRESS_POLICY_INIT;
  p.name = "fast";
  p.acknowledge.amount = HOUR;
  p.resolve.amount = DAY;
  assert_int_equal(redress_desk_add_policy(t.desk, &p), REDRESS_OK);
  assert_true(added_alone(t.desk, c, REDRESS_METRIC_ACKNOWLEDGE_ON_TIME_RATE) == 0.0);
  assert_true(added_alone(t.desk, c, REDRESS_METRIC_RESOLVE_ON_TIME_RATE) == 0.0);
  /* set_severity moves the complaint to another group */
  assert_int_equal(redress_complaint_set_severity(c, AT(0, 12, 0), "ann", NULL,
                                                  REDRESS_SEVERITY_HIGH), REDRESS_OK);
  assert_true(added_alone(t.desk, c, REDRESS_METRIC_COMPLAINTS) == 1.0);
  assert_int_equal(redress_complaint_investigate(c, AT(0, 13, 0), "ann", NULL, "point", NULL),
                   REDRESS_OK);
  assert_int_equal(redress_complaint_respond(c, AT(0, 14, 0), "ann", NULL, UPHELD, NULL, 500),
                   REDRESS_OK);
  assert_int_equal(redress_complaint_fulfill(c, AT(0, 15, 0), "ann", NULL), REDRESS_OK);
  assert_true(added_alone(t.desk, c, REDRESS_METRIC_COMPENSATION_PAID) == 500.0);
  assert_true(added_alone(t.desk, c, REDRESS_METRIC_TIME_TO_RESOLVE_MEAN) == 6.0 * HOUR);
  /* a reopen withdraws the resolution; a copy and a reload count what the original does */
  assert_int_equal(redress_complaint_reopen(c, AT(1, 9, 0), "ann", NULL), REDRESS_OK);
  assert_true(isnan(added_alone(t.desk, c, REDRESS_METRIC_TIME_TO_RESOLVE_MEAN)));
  char *json = NULL;
  size_t len = 0;
  assert_int_equal(redress_complaint_to_json(&json, &len, c), REDRESS_OK);
  redress_complaint *loaded = NULL, *copy = NULL;
  assert_int_equal(redress_complaint_from_json(&loaded, t.desk, json, len), REDRESS_OK);
  assert_int_equal(redress_complaint_clone(&copy, c), REDRESS_OK);
  for (int k = 0; k < REDRESS_METRIC_COUNT; k++) {
    double want = added_alone(t.desk, c, k);
    double got_loaded = added_alone(t.desk, loaded, k), got_copy = added_alone(t.desk, copy, k);
    assert_true(isnan(want) ? isnan(got_loaded) && isnan(got_copy)
                            : want == got_loaded && want == got_copy);
  }
  redress_free(json);
  redress_complaint_free(loaded);
  redress_complaint_free(copy);
  redress_complaint_free(c);
  th_desk_close(&t);
}

/* ---- exact quantiles over many samples ------------------------------------ */

static int by_value(const void *a, const void *b) {
  int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
  return (x > y) - (x < y);
}

static double reference_quantile(const int64_t *sorted, size_t n, double num, double den) {
  size_t k = (size_t)((double)(n - 1) * num / den);
  double frac = (double)(n - 1) * num / den - (double)k;
  if (k + 1 >= n) return (double)sorted[k];
  return (double)sorted[k] + frac * (double)(sorted[k + 1] - sorted[k]);
}

static void exact_quantiles(void **state) {
  (void)state;
  enum { N = 401 };
  th_desk t;
  th_desk_open(&t);
  int64_t delays[N];
  uint64_t lcg = 7;
  redress_metrics *m = NULL;
  assert_int_equal(redress_metrics_new(&m, t.desk, NULL, REDRESS_GROUP_BY_NONE, AS_OF), REDRESS_OK);
  for (size_t i = 0; i < N; i++) {
    lcg = lcg * 6364136223846793005ull + 1442695040888963407ull;
    /* many repeats (a few distinct delays) and a long tail */
    delays[i] = i % 3 == 0 ? (int64_t)(lcg >> 59) * 60 : (int64_t)(lcg >> 44);
    char id[16];
    snprintf(id, sizeof id, "q%03zu", i);
    redress_complaint_fields in = REDRESS_COMPLAINT_FIELDS_INIT;
    in.id = id;
    in.customer_id = "cust";
    in.received_at = TH_T0;
    redress_complaint *c = NULL;
    assert_int_equal(redress_complaint_create(&c, t.desk, &in), REDRESS_OK);
    assert_int_equal(redress_complaint_acknowledge(c, TH_T0 + delays[i], "a", NULL), REDRESS_OK);
    assert_int_equal(redress_metrics_add(m, c), REDRESS_OK);
    redress_complaint_free(c);
  }
  qsort(delays, N, sizeof delays[0], by_value);
  double sum = 0;
  for (size_t i = 0; i < N; i++) sum += (double)delays[i];
  expect_at(m, TOTAL, REDRESS_METRIC_TIME_TO_ACKNOWLEDGE_MEAN, sum / N, NULL);
  expect_at(m, TOTAL, REDRESS_METRIC_TIME_TO_ACKNOWLEDGE_MEDIAN, (double)delays[200], NULL);
  expect_at(m, TOTAL, REDRESS_METRIC_TIME_TO_ACKNOWLEDGE_P90, (double)delays[360], NULL);
  /* the default policy's calendar is always open: business time is calendar time */
  expect_at(m, TOTAL, REDRESS_METRIC_TIME_TO_ACKNOWLEDGE_BUSINESS_P90, (double)delays[360], NULL);
  /* one more sample: n = 402, ranks 200.5 and 360.9 fall between two samples */
  redress_complaint_fields in = REDRESS_COMPLAINT_FIELDS_INIT;
  in.id = "q-last";
  in.customer_id = "cust";
  in.received_at = TH_T0;
  redress_complaint *c = NULL;
  assert_int_equal(redress_complaint_create(&c, t.desk, &in), REDRESS_OK);
  assert_int_equal(redress_complaint_acknowledge(c, TH_T0, "a", NULL), REDRESS_OK);
  assert_int_equal(redress_metrics_add(m, c), REDRESS_OK);
  redress_complaint_free(c);
  int64_t all[N + 1];
  all[0] = 0;
  memcpy(all + 1, delays, sizeof delays);
  expect_at(m, TOTAL, REDRESS_METRIC_TIME_TO_ACKNOWLEDGE_MEDIAN,
            reference_quantile(all, N + 1, 1, 2), NULL);
  expect_at(m, TOTAL, REDRESS_METRIC_TIME_TO_ACKNOWLEDGE_P90,
            reference_quantile(all, N + 1, 9, 10), NULL);
  redress_metrics_free(m);
  th_desk_close(&t);
}

/* ---- bad models and arguments --------------------------------------------- */

static void expect_refused(redress_desk *desk, const redress_retention_model *model, int code,
                           const char *culprit) {
  redress_metrics *m = NULL;
  assert_int_equal(redress_metrics_new(&m, desk, model, REDRESS_GROUP_BY_NONE, AS_OF), code);
  assert_null(m); /* untouched */
  if (strstr(redress_desk_errmsg(desk), culprit) == NULL)
    fail_msg("message \"%s\" does not name %s", redress_desk_errmsg(desk), culprit);
}

static void bad_models_refused(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  const double bad_probabilities[] = {-0.01, 1.01, NAN, INFINITY, -INFINITY};
  const double bad_voice[] = {0.0, -0.5, 1.5, NAN, INFINITY};
  redress_retention_model model;
  for (size_t i = 0; i < sizeof bad_voice / sizeof bad_voice[0]; i++) {
    model = redress_retention_model_init();
    model.voice_rate = bad_voice[i];
    expect_refused(t.desk, &model, REDRESS_ERR_INVALID, "voice_rate");
  }
  for (size_t i = 0; i < sizeof bad_probabilities / sizeof bad_probabilities[0]; i++) {
    double x = bad_probabilities[i];
    model = redress_retention_model_init();
    model.silent_churn = x;
    expect_refused(t.desk, &model, REDRESS_ERR_INVALID, "silent_churn");
    model = redress_retention_model_init();
    model.retention_on_the_spot = x;
    expect_refused(t.desk, &model, REDRESS_ERR_INVALID, "retention_on_the_spot");
    model = redress_retention_model_init();
    model.retention_resolved = x;
    expect_refused(t.desk, &model, REDRESS_ERR_INVALID, "retention_resolved");
    model = redress_retention_model_init();
    model.retention_unresolved = x;
    expect_refused(t.desk, &model, REDRESS_ERR_INVALID, "retention_unresolved");
  }
  const double bad_mouth[] = {-1.0, NAN, INFINITY};
  for (size_t i = 0; i < sizeof bad_mouth / sizeof bad_mouth[0]; i++) {
    model = redress_retention_model_init();
    model.word_of_mouth = bad_mouth[i];
    expect_refused(t.desk, &model, REDRESS_ERR_INVALID, "word_of_mouth");
  }
  model = redress_retention_model_init();
  model.version = 0;
  expect_refused(t.desk, &model, REDRESS_ERR_VERSION, "version");
  model.version = REDRESS_RETENTION_MODEL_VERSION + 1;
  expect_refused(t.desk, &model, REDRESS_ERR_VERSION, "version");
  /* the edges are fine: probabilities 0 and 1, a voice rate of 1, no word of mouth */
  redress_retention_model edges = {REDRESS_RETENTION_MODEL_VERSION, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0};
  redress_metrics *m = NULL;
  assert_int_equal(redress_metrics_new(&m, t.desk, &edges, REDRESS_GROUP_BY_NONE, AS_OF), REDRESS_OK);
  redress_metrics_free(m);
  /* the macro and the function agree (field by field: the struct has padding) */
  redress_retention_model a = REDRESS_RETENTION_MODEL_INIT, b = redress_retention_model_init();
  const redress_retention_model *both[] = {&a, &b};
  for (size_t i = 0; i < 2; i++) {
    const redress_retention_model *x = both[i];
    assert_int_equal(x->version, REDRESS_RETENTION_MODEL_VERSION);
    assert_true(x->voice_rate == 0.04 && x->silent_churn == 0.91 &&
                x->retention_on_the_spot == 0.95 && x->retention_resolved == 0.70 &&
                x->retention_unresolved == 0.09 && x->word_of_mouth == 20.0);
  }
  th_desk_close(&t);
}

/* A complaint on a desk of its own (opened in *other), which no accumulator of the
 * fixture's desk may take. */
static redress_complaint *complaint_of_another_desk(th_desk *other) {
  th_desk_open(other);
  redress_complaint_fields in = REDRESS_COMPLAINT_FIELDS_INIT;
  in.customer_id = "x";
  in.received_at = TH_T0;
  redress_complaint *stranger = NULL;
  assert_int_equal(redress_complaint_create(&stranger, other->desk, &in), REDRESS_OK);
  return stranger;
}

static void bad_arguments(void **state) {
  (void)state;
  fixture f;
  fixture_open(&f);
  redress_desk *desk = f.t.desk;
  redress_metrics *m = NULL;
  assert_int_equal(redress_metrics_new(NULL, desk, NULL, 0, AS_OF), REDRESS_ERR_INVALID);
  assert_int_equal(redress_metrics_new(&m, NULL, NULL, 0, AS_OF), REDRESS_ERR_INVALID);
  assert_int_equal(redress_metrics_new(&m, desk, NULL, -1, AS_OF), REDRESS_ERR_INVALID);
  assert_int_equal(redress_metrics_new(&m, desk, NULL, REDRESS_GROUP_BY_COUNT, AS_OF),
                   REDRESS_ERR_INVALID);
  assert_int_equal(redress_metrics_new(&m, desk, NULL, 0, -1), REDRESS_ERR_INVALID);
  assert_int_equal(redress_metrics_new(&m, desk, NULL, 0, REDRESS_TIME_MAX + 1), REDRESS_ERR_INVALID);
  assert_null(m);
  assert_int_equal(redress_metrics_new(&m, desk, NULL, REDRESS_GROUP_BY_CHANNEL, AS_OF), REDRESS_OK);

  assert_int_equal(redress_metrics_add(NULL, f.c[0]), REDRESS_ERR_INVALID);
  assert_int_equal(redress_metrics_add(m, NULL), REDRESS_ERR_INVALID);
  assert_int_equal(redress_metrics_add_store(NULL, 0, REDRESS_METRICS_TO_ALL), REDRESS_ERR_INVALID);
  /* a complaint of another desk */
  th_desk other;
  redress_complaint *stranger = complaint_of_another_desk(&other);
  assert_int_equal(redress_metrics_add(m, stranger), REDRESS_ERR_INVALID);
  redress_complaint_free(stranger);
  th_desk_close(&other);

  double v = 42.0;
  assert_int_equal(redress_metrics_value(NULL, m, TOTAL, 0), REDRESS_ERR_INVALID);
  assert_int_equal(redress_metrics_value(&v, NULL, TOTAL, 0), REDRESS_ERR_INVALID);
  assert_int_equal(redress_metrics_value(&v, m, TOTAL, -1), REDRESS_ERR_INVALID);
  assert_int_equal(redress_metrics_value(&v, m, TOTAL, REDRESS_METRIC_COUNT), REDRESS_ERR_INVALID);
  assert_int_equal(redress_metrics_value(&v, m, -2, 0), REDRESS_ERR_NOTFOUND);
  assert_int_equal(redress_metrics_value(&v, m, REDRESS_CHANNEL_COUNT, 0), REDRESS_ERR_NOTFOUND);
  assert_true(v == 42.0); /* untouched on failure */
  /* redress_metrics_exact: the same checks, and only for whole-number metrics */
  char digits[REDRESS_METRICS_EXACT_SIZE] = "untouched";
  assert_int_equal(redress_metrics_exact(NULL, sizeof digits, m, TOTAL, 0), REDRESS_ERR_INVALID);
  assert_int_equal(redress_metrics_exact(digits, sizeof digits, NULL, TOTAL, 0), REDRESS_ERR_INVALID);
  assert_int_equal(redress_metrics_exact(digits, sizeof digits, m, TOTAL, REDRESS_METRIC_COUNT),
                   REDRESS_ERR_INVALID);
  assert_int_equal(redress_metrics_exact(digits, sizeof digits, m, -2, 0), REDRESS_ERR_NOTFOUND);
  assert_int_equal(redress_metrics_exact(digits, sizeof digits, m, TOTAL,
                                         REDRESS_METRIC_REVENUE_AT_RISK), REDRESS_ERR_INVALID);
  assert_int_equal(redress_metrics_exact(digits, sizeof digits, m, TOTAL,
                                         REDRESS_METRIC_RETENTION_RATE), REDRESS_ERR_INVALID);
  assert_int_equal(redress_metrics_exact(digits, 1, m, TOTAL, REDRESS_METRIC_COMPLAINTS),
                   REDRESS_ERR_RANGE);
  assert_string_equal(digits, "untouched");
  assert_int_equal(redress_metrics_exact(digits, 2, m, TOTAL, REDRESS_METRIC_COMPLAINTS), REDRESS_OK);
  assert_string_equal(digits, "0");
  assert_int_equal(redress_metrics_group_count(NULL), 0);
  assert_null(redress_metrics_group_key(NULL, 0));
  assert_null(redress_metrics_group_key(m, TOTAL));
  assert_null(redress_metrics_group_key(m, REDRESS_CHANNEL_COUNT));
  int g = 0;
  assert_int_equal(redress_metrics_group_find(NULL, m, "phone"), REDRESS_ERR_INVALID);
  assert_int_equal(redress_metrics_group_find(&g, NULL, "phone"), REDRESS_ERR_INVALID);
  assert_int_equal(redress_metrics_group_find(&g, m, NULL), REDRESS_ERR_INVALID);
  redress_metrics_free(NULL);
  redress_metrics_free(m);
  fixture_close(&f);
}

static void metric_names(void **state) {
  (void)state;
  assert_null(redress_enum_name(REDRESS_ENUM_METRIC, -1));
  assert_null(redress_enum_name(REDRESS_ENUM_METRIC, REDRESS_METRIC_COUNT));
  assert_string_equal(redress_enum_name(REDRESS_ENUM_METRIC, REDRESS_METRIC_COMPLAINTS), "complaints");
  assert_string_equal(redress_enum_name(REDRESS_ENUM_METRIC, REDRESS_METRIC_FIRST_CONTACT_RESOLUTION_RATE),
                      "first_contact_resolution_rate");
  assert_string_equal(redress_enum_name(REDRESS_ENUM_METRIC, REDRESS_METRIC_PROMISE_ON_TIME_RATE), "promise_on_time_rate");
  assert_string_equal(redress_enum_name(REDRESS_ENUM_METRIC, REDRESS_METRIC_TIME_TO_RESOLVE_BUSINESS_P90),
                      "time_to_resolve_business_p90");
  assert_string_equal(redress_enum_name(REDRESS_ENUM_METRIC, REDRESS_METRIC_CUSTOMERS_SAVED), "customers_saved");
  for (int i = 0; i < REDRESS_METRIC_COUNT; i++) {
    const char *name = redress_enum_name(REDRESS_ENUM_METRIC, i);
    assert_non_null(name);
    assert_true(name[0] >= 'a' && name[0] <= 'z');
    for (const char *p = name; *p; p++) assert_true((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_');
    for (int j = 0; j < i; j++) assert_string_not_equal(name, redress_enum_name(REDRESS_ENUM_METRIC, j));
  }
}

/* ---- adding an array ------------------------------------------------------ */

/* Both accumulators hold the same groups in the same order and the same values. */
static void expect_same(redress_metrics *a, redress_metrics *b) {
  size_t groups = redress_metrics_group_count(a);
  assert_int_equal(redress_metrics_group_count(b), groups);
  for (int g = TOTAL; g < (int)groups; g++) {
    if (g != TOTAL)
      assert_string_equal(redress_metrics_group_key(a, g), redress_metrics_group_key(b, g));
    for (int k = 0; k < REDRESS_METRIC_COUNT; k++) {
      double x = value(a, g, k), y = value(b, g, k);
      if (!(x == y || (isnan(x) && isnan(y))))
        fail_msg("%s (group %d): %.17g one by one, %.17g as an array", redress_enum_name(REDRESS_ENUM_METRIC, k), g,
                 x, y);
    }
  }
}

static void add_many_counts_as_add_does(void **state) {
  (void)state;
  fixture f;
  fixture_open(&f);
  const int groupings[] = {REDRESS_GROUP_BY_NONE, REDRESS_GROUP_BY_CATEGORY,
                           REDRESS_GROUP_BY_CHANNEL, REDRESS_GROUP_BY_TEMPERAMENT};
  for (size_t i = 0; i < sizeof groupings / sizeof groupings[0]; i++) {
    redress_metrics *one_by_one = accumulate(&f, NULL, groupings[i]);
    redress_metrics *m = NULL;
    assert_int_equal(redress_metrics_new(&m, f.t.desk, NULL, groupings[i], AS_OF), REDRESS_OK);
    size_t added = 99;
    assert_int_equal(redress_metrics_add_many(&added, m, f.c, N_SCENARIO), REDRESS_OK);
    assert_int_equal(added, N_SCENARIO);
    assert_string_equal(redress_desk_errmsg(f.t.desk), "");
    expect_same(one_by_one, m);
    redress_metrics_free(one_by_one);
    redress_metrics_free(m);
  }
  /* the scenario's hand-computed values hold for the array too, and an empty array
   * (even a NULL one) adds nothing */
  redress_metrics *m = NULL;
  assert_int_equal(redress_metrics_new(&m, f.t.desk, NULL, REDRESS_GROUP_BY_NONE, AS_OF), REDRESS_OK);
  size_t added = 99;
  assert_int_equal(redress_metrics_add_many(&added, m, NULL, 0), REDRESS_OK);
  assert_int_equal(added, 0);
  assert_int_equal(redress_metrics_add_many(NULL, m, f.c, 0), REDRESS_OK);
  expect_at(m, TOTAL, REDRESS_METRIC_COMPLAINTS, 0, NULL);
  assert_int_equal(redress_metrics_add_many(NULL, m, f.c, N_SCENARIO), REDRESS_OK);
  int checked[REDRESS_METRIC_COUNT] = {0};
  expect_counts(m, checked);
  expect_deadlines(m, checked);
  expect_retention(m, checked);
  /* a complaint given twice counts twice */
  redress_complaint *twice[2] = {f.c[0], f.c[0]};
  assert_int_equal(redress_metrics_add_many(NULL, m, twice, 2), REDRESS_OK);
  expect_at(m, TOTAL, REDRESS_METRIC_COMPLAINTS, N_SCENARIO + 2, NULL);
  redress_metrics_free(m);
  fixture_close(&f);
}

static void add_many_bad_arguments(void **state) {
  (void)state;
  fixture f;
  fixture_open(&f);
  redress_desk *desk = f.t.desk;
  size_t added = 99;
  assert_int_equal(redress_metrics_add_many(&added, NULL, f.c, N_SCENARIO), REDRESS_ERR_INVALID);
  assert_int_equal(added, 0);
  redress_metrics *m = NULL;
  assert_int_equal(redress_metrics_new(&m, desk, NULL, REDRESS_GROUP_BY_CATEGORY, AS_OF), REDRESS_OK);
  added = 99;
  assert_int_equal(redress_metrics_add_many(&added, m, NULL, 3), REDRESS_ERR_INVALID);
  assert_int_equal(added, 0);
  expect_at(m, TOTAL, REDRESS_METRIC_COMPLAINTS, 0, NULL);

  /* a NULL in the array: those before it are counted, it and the rest are not */
  redress_complaint *with_hole[N_SCENARIO];
  memcpy(with_hole, f.c, sizeof with_hole);
  with_hole[5] = NULL;
  assert_int_equal(redress_metrics_add_many(&added, m, with_hole, N_SCENARIO), REDRESS_ERR_INVALID);
  assert_int_equal(added, 5);
  assert_non_null(strstr(redress_desk_errmsg(desk), "complaint 5 is NULL"));
  expect_at(m, TOTAL, REDRESS_METRIC_COMPLAINTS, 5, NULL);
  /* the rest added from where it stopped gives the whole scenario */
  assert_int_equal(redress_metrics_add_many(&added, m, f.c + 5, N_SCENARIO - 5), REDRESS_OK);
  assert_int_equal(added, N_SCENARIO - 5);
  redress_metrics *whole = accumulate(&f, NULL, REDRESS_GROUP_BY_CATEGORY);
  expect_same(whole, m);
  redress_metrics_free(whole);

  /* a complaint of another desk */
  th_desk other;
  redress_complaint *stranger = complaint_of_another_desk(&other);
  redress_complaint *mixed[3] = {f.c[0], f.c[1], stranger};
  assert_int_equal(redress_metrics_add_many(&added, m, mixed, 3), REDRESS_ERR_INVALID);
  assert_int_equal(added, 2);
  assert_non_null(strstr(redress_desk_errmsg(desk), "complaint 2 is of another desk"));
  expect_at(m, TOTAL, REDRESS_METRIC_COMPLAINTS, N_SCENARIO + 2, NULL);
  redress_complaint_free(stranger);
  th_desk_close(&other);
  redress_metrics_free(m);
  fixture_close(&f);
}

/* ---- allocation failures -------------------------------------------------- */

/* Runs new, add x N, add_many and add_store with the k-th allocation failing;
 * returns 1 when nothing failed (k is past the last allocation). A failed add or
 * add_store leaves the accumulator as it was; a failed add_many keeps what it
 * added before the complaint that failed. */
static int run_with_failure(fixture *f, size_t k, int group_by) {
  th_counter *counter = &f->t.counter;
  counter->fail_at = counter->calls + k;
  int failed = 0;
  redress_metrics *m = NULL;
  int rc = redress_metrics_new(&m, f->t.desk, NULL, group_by, AS_OF);
  if (rc != REDRESS_OK) {
    assert_int_equal(rc, REDRESS_ERR_NOMEM);
    assert_null(m);
    counter->fail_at = 0;
    return 0;
  }
  double before = 0;
  for (size_t i = 0; i < N_SCENARIO; i++) {
    before = value(m, TOTAL, REDRESS_METRIC_COMPLAINTS);
    rc = redress_metrics_add(m, f->c[i]);
    if (rc != REDRESS_OK) {
      assert_int_equal(rc, REDRESS_ERR_NOMEM);
      expect_at(m, TOTAL, REDRESS_METRIC_COMPLAINTS, before, NULL);
      failed = 1;
    }
  }
  /* an array: what failed and what follows it is not counted, what precedes it is */
  before = value(m, TOTAL, REDRESS_METRIC_COMPLAINTS);
  size_t added = 0;
  rc = redress_metrics_add_many(&added, m, f->c, N_SCENARIO);
  if (rc != REDRESS_OK) {
    assert_int_equal(rc, REDRESS_ERR_NOMEM);
    assert_true(added < N_SCENARIO);
    assert_non_null(strstr(redress_desk_errmsg(f->t.desk), "metrics_add_many: complaint"));
    failed = 1;
  }
  expect_at(m, TOTAL, REDRESS_METRIC_COMPLAINTS, before + (double)added, NULL);
  before = value(m, TOTAL, REDRESS_METRIC_COMPLAINTS);
  size_t groups = redress_metrics_group_count(m);
  rc = redress_metrics_add_store(m, REDRESS_METRICS_FROM_ALL, REDRESS_METRICS_TO_ALL);
  if (rc != REDRESS_OK) {
    assert_int_equal(rc, REDRESS_ERR_NOMEM);
    expect_at(m, TOTAL, REDRESS_METRIC_COMPLAINTS, before, NULL);
    assert_int_equal(redress_metrics_group_count(m), groups);
    failed = 1;
  } else {
    expect_at(m, TOTAL, REDRESS_METRIC_COMPLAINTS, before + N_SCENARIO, NULL);
  }
  counter->fail_at = 0;
  (void)value(m, TOTAL, REDRESS_METRIC_TIME_TO_RESOLVE_P90);
  redress_metrics_free(m);
  return !failed;
}

static void allocation_failures(void **state) {
  (void)state;
  fixture f;
  fixture_open(&f);
  for (size_t i = 0; i < N_SCENARIO; i++) assert_int_equal(redress_desk_save(f.t.desk, f.c[i]), REDRESS_OK);
  const int groupings[] = {REDRESS_GROUP_BY_NONE, REDRESS_GROUP_BY_CATEGORY, REDRESS_GROUP_BY_CHANNEL};
  for (size_t g = 0; g < sizeof groupings / sizeof groupings[0]; g++) {
    size_t k = 1;
    while (!run_with_failure(&f, k, groupings[g])) k++;
    assert_true(k > 10); /* the sweep did reach the allocations */
  }
  fixture_close(&f); /* asserts allocations == frees */
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(scenario_every_metric),
      cmocka_unit_test(grouping_by_channel),
      cmocka_unit_test(grouping_by_category),
      cmocka_unit_test(grouping_by_severity_legitimacy_temperament),
      cmocka_unit_test(custom_model),
      cmocka_unit_test(add_store_all_and_window),
      cmocka_unit_test(add_store_names_a_corrupt_complaint),
      cmocka_unit_test(empty_accumulator),
      cmocka_unit_test(as_of_judges_deadlines),
      cmocka_unit_test(digest_follows_changes),
      cmocka_unit_test(withdrawn_after_a_response_keeps_its_decision),
      cmocka_unit_test(exact_quantiles),
      cmocka_unit_test(bad_models_refused),
      cmocka_unit_test(bad_arguments),
      cmocka_unit_test(metric_names),
      cmocka_unit_test(add_many_counts_as_add_does),
      cmocka_unit_test(add_many_bad_arguments),
      cmocka_unit_test(allocation_failures),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

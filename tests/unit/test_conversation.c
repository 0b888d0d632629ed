/* Conversations and ownership (docs/guide.md, "Conversations"): customer messages and the
 * NEXT_REPLY deadline, first-contact resolution after a greeting, channel moves, owner
 * and team. Every boundary is tested on both sides of the second it lies on. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"

#define OK(x) assert_int_equal((x), REDRESS_OK)
#define HOUR ((redress_time)3600)
#define DAY (24 * HOUR)
/* TH_T0 is Monday 2026-11-23 09:00 UTC; FRI is that Friday at 16:30. */
#define FRI (TH_T0 + 4 * DAY + 7 * HOUR + 1800)

/* "replies": office hours Monday to Friday 09:00-17:00 UTC; a reply to a customer
 * message within 1 open hour, warned at 50%; acknowledge within 1 day; resolve within 5
 * days, paused while the customer is awaited. Matches severity normal and above;
 * "quiet" (low severity) owes no replies. */
static void add_policies(redress_desk *desk) {
  static const char office[] = "mon-fri 09:00-17:00";
  OK(redress_desk_add_calendar(desk, "office", office, sizeof office - 1));
  redress_policy p = REDRESS_POLICY_INIT;
  p.name = "replies";
  p.calendar = "office";
  p.min_severity = REDRESS_SEVERITY_NORMAL;
  p.acknowledge.amount = DAY;
  p.resolve.amount = 5 * DAY;
  p.next_reply.amount = HOUR;
  p.next_reply.unit = REDRESS_SPAN_BUSINESS_SECONDS;
  p.warn_percent = 50;
  p.pause_when_awaiting_customer = 1;
  OK(redress_desk_add_policy(desk, &p));
  redress_policy quiet = REDRESS_POLICY_INIT;
  quiet.name = "quiet";
  quiet.acknowledge.amount = DAY;
  OK(redress_desk_add_policy(desk, &quiet));
}

static redress_complaint *received(th_desk *t, const char *id, redress_time at) {
  redress_complaint_fields in = th_full_init(id);
  in.received_at = at;
  redress_complaint *c = NULL;
  OK(redress_complaint_create(&c, t->desk, &in));
  return c;
}

static size_t count_of(const redress_complaint *c, int kind, redress_time now) {
  redress_deadlines *l = NULL;
  OK(redress_complaint_deadlines(&l, c, now));
  size_t n = 0;
  for (size_t i = 0; i < redress_deadlines_count(l); i++) {
    redress_deadline d = REDRESS_DEADLINE_INIT;
    OK(redress_deadlines_get(&d, l, i));
    n += d.kind == kind;
  }
  redress_deadlines_free(l);
  return n;
}

/* ---- customer messages and NEXT_REPLY --------------------------------------- */

/* A message on Friday 16:30 is owed a reply within one open hour: Monday 09:30. A
 * second message one second before that keeps the first start; a reply one second
 * before is on time, one second after is late, and at the due second the deadline
 * is breached. */
static void next_reply_runs_on_business_time(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  add_policies(t.desk);
  redress_complaint *c = received(&t, "c-1", TH_T0);
  OK(redress_complaint_acknowledge(c, TH_T0 + 60, "ann", NULL));
  OK(redress_complaint_customer_message(c, FRI, "cust-42", "hello??"));
  assert_int_equal(redress_complaint_state(c), REDRESS_STATE_ACKNOWLEDGED);
  redress_time due = TH_T0 + 7 * DAY + 1800; /* Monday 09:30 */
  redress_deadline d = th_deadline_of(c, REDRESS_DEADLINE_NEXT_REPLY, FRI);
  assert_int_equal(d.due, due);
  assert_int_equal(d.warn_at, FRI + 1800); /* half the open hour: Friday 17:00 */
  assert_int_equal(d.anchor, 3);
  assert_int_equal(th_deadline_of(c, REDRESS_DEADLINE_NEXT_REPLY, due - 1).state,
                   REDRESS_DEADLINE_PENDING);
  assert_int_equal(th_deadline_of(c, REDRESS_DEADLINE_NEXT_REPLY, due).state,
                   REDRESS_DEADLINE_BREACHED);
  OK(redress_complaint_customer_message(c, due - 1, "cust-42", "anyone?"));
  assert_int_equal(count_of(c, REDRESS_DEADLINE_NEXT_REPLY, due), 1);
  assert_int_equal(th_deadline_of(c, REDRESS_DEADLINE_NEXT_REPLY, due).anchor, 3);
  redress_complaint *on_time = NULL, *late = NULL;
  OK(redress_complaint_clone(&on_time, c));
  OK(redress_complaint_clone(&late, c));
  OK(redress_complaint_update(on_time, due - 1, "ann", "looking into it"));
  d = th_deadline_of(on_time, REDRESS_DEADLINE_NEXT_REPLY, due + DAY);
  assert_int_equal(d.state, REDRESS_DEADLINE_MET);
  assert_int_equal(d.met_at, due - 1);
  /* a message one second after the due time still keeps the first start */
  OK(redress_complaint_customer_message(late, due + 1, "cust-42", "???"));
  assert_int_equal(count_of(late, REDRESS_DEADLINE_NEXT_REPLY, due + 1), 1);
  OK(redress_complaint_note(late, due + 1, "ann", "sorry for the wait", 1));
  d = th_deadline_of(late, REDRESS_DEADLINE_NEXT_REPLY, due + DAY);
  assert_int_equal(d.state, REDRESS_DEADLINE_MET_LATE);
  /* the next message after a reply starts a new one */
  OK(redress_complaint_customer_message(late, due + 2, "cust-42", "thanks"));
  assert_int_equal(count_of(late, REDRESS_DEADLINE_NEXT_REPLY, due + 2), 2);
  assert_int_equal(th_deadline_of(late, REDRESS_DEADLINE_NEXT_REPLY, due + 2).anchor, 7);
  redress_complaint_free(late);
  redress_complaint_free(on_time);
  redress_complaint_free(c);
  th_desk_close(&t);
}

typedef struct seen_alarm {
  int kind, level;
  redress_time due;
} seen_alarm;

typedef struct alarms {
  seen_alarm items[16];
  size_t n;
} alarms;

static int collect(const redress_complaint *c, int kind, int level, redress_time due,
                   void *payload) {
  (void)c;
  alarms *a = payload;
  if (a->n < 16) a->items[a->n++] = (seen_alarm){kind, level, due};
  return 0;
}

static size_t next_reply_alarms(const alarms *a, int level) {
  size_t n = 0;
  for (size_t i = 0; i < a->n; i++)
    n += a->items[i].kind == REDRESS_DEADLINE_NEXT_REPLY && a->items[i].level == level;
  return n;
}

/* A tick one second before the due time raises the warning only; a tick exactly at it
 * raises the breach; ticks after that raise nothing more. */
static void tick_at_the_due_second(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  add_policies(t.desk);
  redress_complaint *c = received(&t, "c-1", TH_T0);
  OK(redress_complaint_acknowledge(c, TH_T0 + 60, "ann", NULL));
  OK(redress_complaint_customer_message(c, FRI, "cust-42", "hello??"));
  OK(redress_desk_save(t.desk, c));
  redress_time due = TH_T0 + 7 * DAY + 1800;
  alarms a = {{{0, 0, 0}}, 0};
  OK(redress_desk_tick(t.desk, due - 1, collect, &a));
  assert_int_equal(next_reply_alarms(&a, REDRESS_ALARM_WARNING), 1);
  assert_int_equal(next_reply_alarms(&a, REDRESS_ALARM_BREACH), 0);
  a.n = 0;
  OK(redress_desk_tick(t.desk, due, collect, &a));
  assert_int_equal(next_reply_alarms(&a, REDRESS_ALARM_BREACH), 1);
  assert_int_equal(next_reply_alarms(&a, REDRESS_ALARM_WARNING), 0);
  a.n = 0;
  OK(redress_desk_tick(t.desk, due, collect, &a));
  OK(redress_desk_tick(t.desk, due + DAY, collect, &a));
  assert_int_equal(next_reply_alarms(&a, REDRESS_ALARM_BREACH), 0);
  /* the alarms are recorded in the stored document and read back */
  redress_complaint *stored = NULL;
  OK(redress_desk_load(&stored, t.desk, "c-1"));
  char *doc = NULL;
  OK(redress_complaint_to_json(&doc, NULL, stored));
  assert_non_null(strstr(doc, "{\"kind\":\"next_reply\",\"anchor\":3,\"level\":\"breach\""));
  redress_free(doc);
  redress_complaint_free(stored);
  redress_complaint_free(c);
  th_desk_close(&t);
}

/* Waiting for the customer stops RESOLVE, not NEXT_REPLY: a customer who writes while
 * awaited is owed a reply. customer_reply ends the wait and is owed one too. */
static void a_message_while_awaited_is_not_paused(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  add_policies(t.desk);
  redress_complaint *c = received(&t, "c-1", TH_T0);
  OK(redress_complaint_acknowledge(c, TH_T0 + 60, "ann", NULL));
  OK(redress_complaint_investigate(c, TH_T0 + 120, "ann", NULL, "charged twice", NULL));
  OK(redress_complaint_await_customer(c, TH_T0 + 180, "ann", "statement?"));
  OK(redress_complaint_customer_message(c, TH_T0 + HOUR, "cust-42", "which one?"));
  assert_int_equal(redress_complaint_state(c), REDRESS_STATE_AWAITING_CUSTOMER);
  assert_int_equal(th_deadline_of(c, REDRESS_DEADLINE_RESOLVE, TH_T0 + 2 * HOUR).state,
                   REDRESS_DEADLINE_PAUSED);
  redress_deadline d = th_deadline_of(c, REDRESS_DEADLINE_NEXT_REPLY, TH_T0 + 2 * HOUR);
  assert_int_equal(d.due, TH_T0 + 2 * HOUR);
  assert_int_equal(d.state, REDRESS_DEADLINE_BREACHED);
  OK(redress_complaint_customer_reply(c, TH_T0 + 3 * HOUR, "cust-42", "attached"));
  assert_int_equal(redress_complaint_state(c), REDRESS_STATE_INVESTIGATING);
  /* the first is still unanswered (a reply from the customer answers nothing) */
  assert_int_equal(count_of(c, REDRESS_DEADLINE_NEXT_REPLY, TH_T0 + 3 * HOUR), 1);
  OK(redress_complaint_update(c, TH_T0 + 3 * HOUR, "ann", "thanks, checking"));
  OK(redress_complaint_await_customer(c, TH_T0 + 4 * HOUR, "ann", "one more thing"));
  OK(redress_complaint_customer_reply(c, TH_T0 + 5 * HOUR, "cust-42", "here"));
  d = th_deadline_of(c, REDRESS_DEADLINE_NEXT_REPLY, TH_T0 + 5 * HOUR);
  assert_int_equal(d.due, TH_T0 + 6 * HOUR);
  assert_int_equal(d.state, REDRESS_DEADLINE_PENDING);
  redress_complaint_free(c);
  th_desk_close(&t);
}

/* The policy decides: none owed under a policy without next_reply; set_severity onto
 * such a policy drops the running one; a close keeps a breach already due. */
static void policy_severity_and_close(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  add_policies(t.desk);
  redress_complaint_fields in = th_full_init("c-low");
  in.severity = REDRESS_SEVERITY_LOW;
  redress_complaint *low = NULL;
  OK(redress_complaint_create(&low, t.desk, &in));
  OK(redress_complaint_customer_message(low, TH_T0 + 60, "cust-42", "hi"));
  assert_int_equal(count_of(low, REDRESS_DEADLINE_NEXT_REPLY, TH_T0 + DAY), 0);
  redress_complaint *c = received(&t, "c-1", TH_T0);
  OK(redress_complaint_customer_message(c, TH_T0 + 60, "cust-42", "hi"));
  assert_int_equal(count_of(c, REDRESS_DEADLINE_NEXT_REPLY, TH_T0 + 60), 1);
  redress_complaint *lowered = NULL;
  OK(redress_complaint_clone(&lowered, c));
  OK(redress_complaint_set_severity(lowered, TH_T0 + 120, "ann", NULL, REDRESS_SEVERITY_LOW));
  assert_int_equal(count_of(lowered, REDRESS_DEADLINE_NEXT_REPLY, TH_T0 + DAY), 0);
  OK(redress_complaint_acknowledge(c, TH_T0 + 120, "ann", NULL));
  OK(redress_complaint_customer_message(c, TH_T0 + 180, "cust-42", "and?"));
  OK(redress_complaint_withdraw(c, TH_T0 + 180 + 2 * HOUR, "cust-42", NULL));
  assert_int_equal(th_deadline_of(c, REDRESS_DEADLINE_NEXT_REPLY, TH_T0 + DAY).state,
                   REDRESS_DEADLINE_BREACHED);
  /* no message in closed states */
  assert_int_equal(redress_complaint_customer_message(c, TH_T0 + DAY, "cust-42", "hello"),
                   REDRESS_ERR_STATE);
  assert_int_equal(redress_complaint_customer_message(c, TH_T0, "cust-42", "hello"),
                   REDRESS_ERR_INVALID); /* before the last event: the argument first */
  assert_int_equal(redress_complaint_customer_message(NULL, TH_T0, "cust-42", NULL),
                   REDRESS_ERR_INVALID);
  assert_int_equal(redress_complaint_customer_message(c, TH_T0 + DAY, NULL, NULL),
                   REDRESS_ERR_INVALID);
  redress_complaint_free(lowered);
  redress_complaint_free(c);
  redress_complaint_free(low);
  th_desk_close(&t);
}

static double metric(redress_metrics *m, int group, int which) {
  double v = -1;
  OK(redress_metrics_value(&v, m, group, which));
  return v;
}

static void next_reply_metrics(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  add_policies(t.desk);
  redress_complaint *met = received(&t, "c-met", TH_T0);
  OK(redress_complaint_customer_message(met, TH_T0 + 60, "cust", "hi"));
  OK(redress_complaint_acknowledge(met, TH_T0 + 120, "ann", NULL));
  redress_complaint *late = received(&t, "c-late", TH_T0);
  OK(redress_complaint_customer_message(late, TH_T0 + 60, "cust", "hi"));
  OK(redress_complaint_acknowledge(late, TH_T0 + 2 * HOUR, "ann", NULL));
  redress_complaint *open = received(&t, "c-open", TH_T0);
  OK(redress_complaint_customer_message(open, TH_T0 + 60, "cust", "hi"));
  redress_metrics *m = NULL;
  /* as of one second before the open one is due: it is not decided yet */
  OK(redress_metrics_new(&m, t.desk, NULL, REDRESS_GROUP_BY_NONE, TH_T0 + 60 + HOUR - 1));
  OK(redress_metrics_add(m, met));
  OK(redress_metrics_add(m, late));
  OK(redress_metrics_add(m, open));
  assert_true(metric(m, REDRESS_METRICS_TOTAL, REDRESS_METRIC_NEXT_REPLY_DEADLINES) == 2);
  assert_true(metric(m, REDRESS_METRICS_TOTAL, REDRESS_METRIC_NEXT_REPLY_BREACHES) == 1);
  assert_true(metric(m, REDRESS_METRICS_TOTAL, REDRESS_METRIC_NEXT_REPLY_ON_TIME_RATE) == 0.5);
  redress_metrics_free(m);
  OK(redress_metrics_new(&m, t.desk, NULL, REDRESS_GROUP_BY_NONE, TH_T0 + 60 + HOUR));
  OK(redress_metrics_add(m, met));
  OK(redress_metrics_add(m, late));
  OK(redress_metrics_add(m, open));
  assert_true(metric(m, REDRESS_METRICS_TOTAL, REDRESS_METRIC_NEXT_REPLY_DEADLINES) == 3);
  assert_true(metric(m, REDRESS_METRICS_TOTAL, REDRESS_METRIC_NEXT_REPLY_BREACHES) == 2);
  assert_string_equal(redress_enum_name(REDRESS_ENUM_METRIC, REDRESS_METRIC_NEXT_REPLY_BREACHES),
                      "next_reply_breaches");
  assert_string_equal(redress_enum_name(REDRESS_ENUM_DEADLINE_KIND, REDRESS_DEADLINE_NEXT_REPLY),
                      "next_reply");
  redress_metrics_free(m);
  redress_complaint_free(open);
  redress_complaint_free(late);
  redress_complaint_free(met);
  th_desk_close(&t);
}

/* ---- first-contact resolution after a greeting ------------------------------- */

static redress_complaint *greeted(th_desk *t, const char *id) {
  redress_complaint *c = received(t, id, TH_T0);
  OK(redress_complaint_acknowledge(c, TH_T0 + 60, "ann", "hello, sorry to hear"));
  return c;
}

static int spot(redress_complaint *c, redress_time at) {
  return redress_complaint_resolve_on_the_spot(c, at, "ann", NULL, REDRESS_DECISION_UPHELD,
                                               "refund", 0);
}

static void same_contact_time_boundary(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  redress_complaint *in_time = greeted(&t, "c-1");
  OK(spot(in_time, TH_T0 + 60 + REDRESS_SAME_CONTACT_SECONDS));
  assert_int_equal(th_number(in_time, REDRESS_FIELD_ON_THE_SPOT), 1);
  assert_int_equal(redress_complaint_state(in_time), REDRESS_STATE_RESOLVED);
  redress_complaint *too_late = greeted(&t, "c-2");
  assert_int_equal(spot(too_late, TH_T0 + 61 + REDRESS_SAME_CONTACT_SECONDS), REDRESS_ERR_STATE);
  assert_non_null(strstr(redress_desk_errmsg(t.desk), "3601 seconds"));
  assert_int_equal(redress_complaint_event_count(too_late), 2);
  /* a bad argument is reported before the state */
  assert_int_equal(redress_complaint_resolve_on_the_spot(too_late, TH_T0 + DAY, "ann", NULL,
                                                         REDRESS_DECISION_NONE, NULL, 0),
                   REDRESS_ERR_INVALID);
  /* the metrics keep the first-contact credit */
  redress_metrics *m = NULL;
  OK(redress_metrics_new(&m, t.desk, NULL, REDRESS_GROUP_BY_NONE, TH_T0 + DAY));
  OK(redress_metrics_add(m, in_time));
  OK(redress_metrics_add(m, too_late));
  assert_true(metric(m, REDRESS_METRICS_TOTAL, REDRESS_METRIC_ON_THE_SPOT) == 1);
  assert_true(metric(m, REDRESS_METRICS_TOTAL, REDRESS_METRIC_OUTCOME_ON_THE_SPOT) == 1);
  assert_true(metric(m, REDRESS_METRICS_TOTAL, REDRESS_METRIC_FIRST_CONTACT_RESOLUTION_RATE) == 0.5);
  redress_metrics_free(m);
  /* it round-trips: the decoder replays the same rule */
  char *doc = NULL;
  size_t len = 0;
  OK(redress_complaint_to_json(&doc, &len, in_time));
  redress_complaint *back = NULL;
  OK(redress_complaint_from_json(&back, t.desk, doc, len));
  assert_int_equal(th_number(back, REDRESS_FIELD_ON_THE_SPOT), 1);
  redress_complaint_free(back);
  redress_free(doc);
  redress_complaint_free(too_late);
  redress_complaint_free(in_time);
  th_desk_close(&t);
}

/* What ends the contact and what does not, each right after the greeting. */
static void same_contact_events(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  redress_time at = TH_T0 + 120;
  for (int i = 0; i < 9; i++) {
    redress_complaint *c = greeted(&t, "c-1");
    int ends = 1;
    switch (i) {
    case 0: OK(redress_complaint_hold(c, at, "ann", NULL)); break;
    case 1: OK(redress_complaint_promise(c, at, "ann", NULL, at + DAY)); break;
    case 2: OK(redress_complaint_update(c, at, "ann", "still checking")); break;
    case 3: OK(redress_complaint_customer_message(c, at, "cust-42", "hello?")); break;
    case 4: OK(redress_complaint_move_channel(c, at, "ann", NULL, REDRESS_CHANNEL_PHONE)); break;
    case 5: ends = 0; OK(redress_complaint_note(c, at, "ann", "told them", 1)); break;
    case 6: ends = 0; OK(redress_complaint_assess(c, at, "ann", NULL, REDRESS_LEGITIMACY_REASONABLE)); break;
    case 7: ends = 0; OK(redress_complaint_escalate(c, at, "ann", NULL, "supervisor")); break;
    default: ends = 0; OK(redress_complaint_assign(c, at, "ann", NULL, "bob", "care")); break;
    }
    assert_int_equal(spot(c, at + 1), ends ? REDRESS_ERR_STATE : REDRESS_OK);
    redress_complaint_free(c);
  }
  /* a new acknowledgement cannot come (ACKNOWLEDGED is left only forward), and
   * investigate leaves the state: resolve_on_the_spot is then the state's refusal */
  redress_complaint *c = greeted(&t, "c-1");
  OK(redress_complaint_investigate(c, at, "ann", NULL, "broken", NULL));
  assert_int_equal(spot(c, at + 1), REDRESS_ERR_STATE);
  redress_complaint_free(c);
  th_desk_close(&t);
}

/* ---- channel moves ----------------------------------------------------------- */

static void a_move_keeps_the_original_channel(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  redress_policy phone = REDRESS_POLICY_INIT;
  phone.name = "phone";
  phone.channels = 1u << REDRESS_CHANNEL_PHONE;
  phone.acknowledge.amount = HOUR;
  OK(redress_desk_add_policy(t.desk, &phone));
  redress_complaint_fields in = th_full_init("c-1");
  in.channel = REDRESS_CHANNEL_SOCIAL;
  redress_complaint *c = NULL;
  OK(redress_complaint_create(&c, t.desk, &in));
  assert_int_equal(th_number(c, REDRESS_FIELD_CURRENT_CHANNEL), REDRESS_CHANNEL_SOCIAL);
  OK(redress_complaint_move_channel(c, TH_T0 + 60, "ann", "called back", REDRESS_CHANNEL_PHONE));
  assert_int_equal(th_number(c, REDRESS_FIELD_CHANNEL), REDRESS_CHANNEL_SOCIAL);
  assert_int_equal(th_number(c, REDRESS_FIELD_CURRENT_CHANNEL), REDRESS_CHANNEL_PHONE);
  const redress_event *ev = redress_complaint_event(c, 1);
  assert_int_equal(th_event_number(ev, REDRESS_FIELD_CHANNEL), REDRESS_CHANNEL_PHONE);
  assert_int_equal(th_event_number(ev, REDRESS_FIELD_VISIBLE), 0);
  /* the policy is chosen on the original channel: the move changes no deadline */
  redress_deadlines *l = NULL;
  OK(redress_complaint_deadlines(&l, c, TH_T0 + 60));
  assert_string_equal(redress_deadlines_policy(l), "default");
  redress_deadlines_free(l);
  /* the metrics' channel groups count the original channel */
  redress_metrics *m = NULL;
  OK(redress_metrics_new(&m, t.desk, NULL, REDRESS_GROUP_BY_CHANNEL, TH_T0 + DAY));
  OK(redress_metrics_add(m, c));
  assert_true(metric(m, REDRESS_CHANNEL_SOCIAL, REDRESS_METRIC_COMPLAINTS) == 1);
  assert_true(metric(m, REDRESS_CHANNEL_PHONE, REDRESS_METRIC_COMPLAINTS) == 0);
  redress_metrics_free(m);
  assert_int_equal(redress_complaint_move_channel(c, TH_T0 + 61, "ann", NULL, REDRESS_CHANNEL_PHONE),
                   REDRESS_ERR_INVALID);
  assert_int_equal(redress_complaint_move_channel(c, TH_T0 + 61, "ann", NULL, REDRESS_CHANNEL_COUNT),
                   REDRESS_ERR_INVALID);
  assert_int_equal(redress_complaint_move_channel(c, TH_T0 + 61, "ann", NULL, -1),
                   REDRESS_ERR_INVALID);
  /* back to where it came in is a move like any other */
  OK(redress_complaint_move_channel(c, TH_T0 + 61, "ann", NULL, REDRESS_CHANNEL_SOCIAL));
  OK(redress_complaint_resolve_on_the_spot(c, TH_T0 + 62, "ann", NULL, REDRESS_DECISION_UPHELD,
                                           NULL, 0));
  assert_int_equal(redress_complaint_move_channel(c, TH_T0 + 63, "ann", NULL, REDRESS_CHANNEL_EMAIL),
                   REDRESS_ERR_STATE);
  assert_int_equal(redress_complaint_event_count(c), 4);
  redress_complaint_free(c);
  th_desk_close(&t);
}

/* ---- owner and team ---------------------------------------------------------- */

typedef struct columns {
  char owner[32], team[32];
  int has_owner, has_team;
} columns;

static int read_columns(const redress_record *rec, void *payload) {
  columns *col = payload;
  assert_int_equal(rec->version, REDRESS_RECORD_VERSION);
  col->has_owner = rec->owner != NULL;
  col->has_team = rec->team != NULL;
  snprintf(col->owner, sizeof col->owner, "%s", rec->owner != NULL ? rec->owner : "");
  snprintf(col->team, sizeof col->team, "%s", rec->team != NULL ? rec->team : "");
  return 0;
}

static void assign_reads_back_and_reaches_the_record(void **state) {
  (void)state;
  redress_store store = REDRESS_STORE_INIT;
  OK(redress_memory_store_new(&store, NULL));
  redress_store view = store;
  view.destroy = NULL;
  th_desk t;
  th_desk_open_store(&t, &store);
  redress_complaint *c = received(&t, "c-1", TH_T0);
  assert_null(redress_complaint_string(c, REDRESS_FIELD_OWNER));
  OK(redress_complaint_assign(c, TH_T0 + 60, "lead", "first line", "ann", "billing"));
  assert_string_equal(redress_complaint_string(c, REDRESS_FIELD_OWNER), "ann");
  assert_string_equal(redress_complaint_string(c, REDRESS_FIELD_TEAM), "billing");
  const redress_event *ev = redress_complaint_event(c, 1);
  assert_string_equal(redress_event_string(ev, REDRESS_FIELD_OWNER), "ann");
  assert_string_equal(redress_event_string(ev, REDRESS_FIELD_TEAM), "billing");
  OK(redress_desk_save(t.desk, c));
  columns col;
  OK(view.load(view.ud, "c-1", read_columns, &col));
  assert_true(col.has_owner && col.has_team);
  assert_string_equal(col.owner, "ann");
  assert_string_equal(col.team, "billing");
  /* the whole assignment each time: the owner alone leaves no team */
  OK(redress_complaint_assign(c, TH_T0 + 120, "lead", NULL, "bob", NULL));
  assert_null(redress_complaint_string(c, REDRESS_FIELD_TEAM));
  assert_null(redress_event_string(redress_complaint_event(c, 2), REDRESS_FIELD_TEAM));
  OK(redress_desk_save(t.desk, c));
  OK(view.load(view.ud, "c-1", read_columns, &col));
  assert_true(col.has_owner && !col.has_team);
  /* the same assignment again, bad names: refused, nothing changes */
  char long_name[REDRESS_MAX_NAME_BYTES + 2];
  memset(long_name, 'x', sizeof long_name - 1);
  long_name[sizeof long_name - 1] = '\0';
  assert_int_equal(redress_complaint_assign(c, TH_T0 + 180, "lead", NULL, "bob", NULL),
                   REDRESS_ERR_INVALID);
  assert_int_equal(redress_complaint_assign(c, TH_T0 + 180, "lead", NULL, "bob", ""),
                   REDRESS_ERR_INVALID); /* "" is none */
  assert_int_equal(redress_complaint_assign(c, TH_T0 + 180, "lead", NULL, "b\tb", NULL),
                   REDRESS_ERR_INVALID);
  assert_int_equal(redress_complaint_assign(c, TH_T0 + 180, "lead", NULL, NULL, "\xC3\x28"),
                   REDRESS_ERR_INVALID);
  assert_int_equal(redress_complaint_assign(c, TH_T0 + 180, "lead", NULL, long_name, NULL),
                   REDRESS_ERR_RANGE);
  assert_int_equal(redress_complaint_event_count(c), 3);
  /* any state: a closed complaint is handed over too */
  OK(redress_complaint_withdraw(c, TH_T0 + 200, "cust-42", NULL));
  OK(redress_complaint_assign(c, TH_T0 + 300, "lead", NULL, NULL, NULL));
  assert_null(redress_complaint_string(c, REDRESS_FIELD_OWNER));
  OK(redress_desk_save(t.desk, c));
  OK(view.load(view.ud, "c-1", read_columns, &col));
  assert_true(!col.has_owner && !col.has_team);
  redress_complaint_free(c);
  th_desk_close(&t);
}

static void metrics_by_owner_and_team(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  const char *owners[] = {"ann", "bob", NULL, "ann"};
  const char *teams[] = {"billing", "billing", "care", NULL};
  redress_complaint *c[4];
  for (int i = 0; i < 4; i++) {
    char id[8];
    snprintf(id, sizeof id, "c-%d", i);
    c[i] = received(&t, id, TH_T0);
    OK(redress_complaint_assign(c[i], TH_T0 + 60, "lead", NULL, owners[i], teams[i]));
    OK(redress_desk_save(t.desk, c[i]));
  }
  OK(redress_complaint_acknowledge(c[0], TH_T0 + DAY + 1, "ann", NULL)); /* late */
  OK(redress_desk_save(t.desk, c[0]));
  redress_metrics *m = NULL;
  OK(redress_metrics_new(&m, t.desk, NULL, REDRESS_GROUP_BY_OWNER, TH_T0 + 2 * DAY));
  OK(redress_metrics_add_store(m, REDRESS_METRICS_FROM_ALL, REDRESS_METRICS_TO_ALL));
  assert_int_equal(redress_metrics_group_count(m), 3);
  assert_string_equal(redress_metrics_group_key(m, 0), "ann");
  assert_string_equal(redress_metrics_group_key(m, 1), "bob");
  assert_string_equal(redress_metrics_group_key(m, 2), "");
  assert_true(metric(m, 0, REDRESS_METRIC_COMPLAINTS) == 2);
  assert_true(metric(m, 0, REDRESS_METRIC_ACKNOWLEDGE_BREACHES) == 2);
  redress_metrics_free(m);
  OK(redress_metrics_new(&m, t.desk, NULL, REDRESS_GROUP_BY_TEAM, TH_T0 + 2 * DAY));
  for (int i = 0; i < 4; i++) OK(redress_metrics_add(m, c[i]));
  int billing = -1;
  OK(redress_metrics_group_find(&billing, m, "billing"));
  assert_true(metric(m, billing, REDRESS_METRIC_COMPLAINTS) == 2);
  assert_true(metric(m, billing, REDRESS_METRIC_ACKNOWLEDGE_BREACHES) == 2);
  int none = -1;
  OK(redress_metrics_group_find(&none, m, ""));
  assert_true(metric(m, none, REDRESS_METRIC_COMPLAINTS) == 1);
  assert_string_equal(redress_enum_name(REDRESS_ENUM_GROUP_BY, REDRESS_GROUP_BY_TEAM), "team");
  /* a reassignment moves the complaint to its new group on the next add (the digest
   * is cached, the group is read fresh) */
  OK(redress_complaint_assign(c[2], TH_T0 + 2 * DAY, "lead", NULL, NULL, "billing"));
  redress_metrics *again = NULL;
  OK(redress_metrics_new(&again, t.desk, NULL, REDRESS_GROUP_BY_TEAM, TH_T0 + 2 * DAY));
  for (int i = 0; i < 4; i++) OK(redress_metrics_add(again, c[i]));
  OK(redress_metrics_group_find(&billing, again, "billing"));
  assert_true(metric(again, billing, REDRESS_METRIC_COMPLAINTS) == 3);
  assert_int_equal(redress_metrics_group_find(&none, again, "care"), REDRESS_ERR_NOTFOUND);
  redress_metrics_free(again);
  redress_metrics_free(m);
  for (int i = 0; i < 4; i++) redress_complaint_free(c[i]);
  th_desk_close(&t);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(next_reply_runs_on_business_time),
      cmocka_unit_test(tick_at_the_due_second),
      cmocka_unit_test(a_message_while_awaited_is_not_paused),
      cmocka_unit_test(policy_severity_and_close),
      cmocka_unit_test(next_reply_metrics),
      cmocka_unit_test(same_contact_time_boundary),
      cmocka_unit_test(same_contact_events),
      cmocka_unit_test(a_move_keeps_the_original_channel),
      cmocka_unit_test(assign_reads_back_and_reaches_the_record),
      cmocka_unit_test(metrics_by_owner_and_team),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Pause reasons (docs/deadlines.md, "Pause reasons"): awaiting the customer and
 * awaiting a third party, and per policy which reason stops which clock. Boundaries on
 * both sides of the second they lie on. */
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

/* Always open: resolve within 10 days, update every 2 days, reply within 1 day.
 * Waiting for a third party stops RESOLVE only; waiting for the customer stops RESOLVE,
 * UPDATE and NEXT_REPLY. */
static const char spec[] = "policy courier version 1\n"
                           "  update-every 2 days\n"
                           "  resolve 10 days\n"
                           "  next-reply 1 day\n"
                           "  pause awaiting-customer stops update,resolve,next-reply\n"
                           "  pause awaiting-third-party stops resolve\n";

static redress_complaint *investigating(th_desk *t) {
  OK(redress_desk_load_policies(t->desk, spec, sizeof spec - 1));
  redress_complaint_fields in = th_full_init("c-pause");
  in.received_at = TH_T0;
  redress_complaint *c = NULL;
  OK(redress_complaint_create(&c, t->desk, &in));
  OK(redress_complaint_acknowledge(c, TH_T0, "ann", NULL));
  OK(redress_complaint_investigate(c, TH_T0, "ann", NULL, "lost parcel", NULL));
  return c;
}

/* The last deadline of a kind at now. */
static redress_deadline last_of(const redress_complaint *c, int kind, redress_time now) {
  redress_deadlines *l = NULL;
  OK(redress_complaint_deadlines(&l, c, now));
  redress_deadline found = REDRESS_DEADLINE_INIT;
  for (size_t i = 0; i < redress_deadlines_count(l); i++) {
    redress_deadline d = REDRESS_DEADLINE_INIT;
    OK(redress_deadlines_get(&d, l, i));
    if (d.kind == kind) found = d;
  }
  redress_deadlines_free(l);
  return found;
}

/* A third party stops RESOLVE, not UPDATE; the reply shifts RESOLVE by the wait. */
static void a_third_party_stops_only_what_the_policy_says(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  redress_complaint *c = investigating(&t);
  OK(redress_complaint_await_third_party(c, TH_T0 + DAY, "ann", "asked the courier", "courier"));
  redress_deadline r = last_of(c, REDRESS_DEADLINE_RESOLVE, TH_T0 + 3 * DAY);
  assert_int_equal(r.state, REDRESS_DEADLINE_PAUSED);
  assert_int_equal(r.due, REDRESS_TIME_NEVER);
  /* UPDATE runs on: due 2 days after the acknowledgement, breached at that second */
  assert_int_equal(last_of(c, REDRESS_DEADLINE_UPDATE, TH_T0 + 2 * DAY - 1).state,
                   REDRESS_DEADLINE_PENDING);
  assert_int_equal(last_of(c, REDRESS_DEADLINE_UPDATE, TH_T0 + 2 * DAY).state,
                   REDRESS_DEADLINE_BREACHED);
  /* the courier answers after 3 days: RESOLVE is due 3 days later than 10 */
  OK(redress_complaint_third_party_reply(c, TH_T0 + 4 * DAY, "ann", "parcel found"));
  r = last_of(c, REDRESS_DEADLINE_RESOLVE, TH_T0 + 13 * DAY - 1);
  assert_int_equal(r.due, TH_T0 + 13 * DAY);
  assert_int_equal(r.state, REDRESS_DEADLINE_PENDING);
  assert_int_equal(last_of(c, REDRESS_DEADLINE_RESOLVE, TH_T0 + 13 * DAY).state,
                   REDRESS_DEADLINE_BREACHED);
  /* in the history, with the party, and decoded back */
  const redress_event *ev = redress_complaint_event(c, 3);
  assert_int_equal(th_event_number(ev, REDRESS_FIELD_KIND), REDRESS_EVENT_AWAIT_THIRD_PARTY);
  assert_string_equal(redress_event_string(ev, REDRESS_FIELD_TO), "courier");
  char *doc = NULL;
  OK(redress_complaint_to_json(&doc, NULL, c));
  assert_non_null(strstr(doc, "\"kind\":\"await_third_party\",\"at\":"));
  redress_complaint *back = NULL;
  OK(redress_complaint_from_json(&back, t.desk, doc, strlen(doc)));
  char *again = NULL;
  OK(redress_complaint_to_json(&again, NULL, back));
  assert_string_equal(again, doc);
  redress_free(doc);
  redress_free(again);
  redress_complaint_free(back);
  redress_complaint_free(c);
  th_desk_close(&t);
}

/* A deadline already due when the wait begins stays breached: the wait begins at its
 * due second, one second too late. */
static void a_wait_from_the_due_second_does_not_stop_it(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  redress_complaint *c = investigating(&t);
  OK(redress_complaint_await_third_party(c, TH_T0 + 10 * DAY, "ann", NULL, NULL));
  assert_int_equal(last_of(c, REDRESS_DEADLINE_RESOLVE, TH_T0 + 11 * DAY).state,
                   REDRESS_DEADLINE_BREACHED);
  redress_complaint_free(c);
  th_desk_close(&t);
  th_desk_open(&t);
  c = investigating(&t);
  OK(redress_complaint_await_third_party(c, TH_T0 + 10 * DAY - 1, "ann", NULL, NULL));
  assert_int_equal(last_of(c, REDRESS_DEADLINE_RESOLVE, TH_T0 + 11 * DAY).state,
                   REDRESS_DEADLINE_PAUSED);
  redress_complaint_free(c);
  th_desk_close(&t);
}

/* Both waits at once: RESOLVE stays stopped until the last one ends, and the time
 * lost counts once. */
static void overlapping_waits_count_once(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  redress_complaint *c = investigating(&t);
  OK(redress_complaint_await_third_party(c, TH_T0 + DAY, "ann", NULL, "underwriter"));
  OK(redress_complaint_await_customer(c, TH_T0 + 2 * DAY, "ann", "your policy number?"));
  OK(redress_complaint_customer_reply(c, TH_T0 + 3 * DAY, "cust", "12345"));
  assert_int_equal(last_of(c, REDRESS_DEADLINE_RESOLVE, TH_T0 + 3 * DAY).state,
                   REDRESS_DEADLINE_PAUSED); /* the underwriter is still awaited */
  OK(redress_complaint_third_party_reply(c, TH_T0 + 5 * DAY, "ann", NULL));
  /* stopped from day 1 to day 5: 4 days, counted once */
  assert_int_equal(last_of(c, REDRESS_DEADLINE_RESOLVE, TH_T0 + 5 * DAY).due, TH_T0 + 14 * DAY);
  /* NEXT_REPLY paused while the customer was awaited? It started at the reply: runs */
  assert_int_equal(last_of(c, REDRESS_DEADLINE_NEXT_REPLY, TH_T0 + 5 * DAY).due,
                   TH_T0 + 4 * DAY);
  redress_complaint_free(c);
  th_desk_close(&t);
}

/* A tick raises nothing for a stopped clock, and the breach once after the reply. */
static int count(const redress_complaint *c, int kind, int level, redress_time due, void *p) {
  (void)c;
  (void)due;
  if (kind == REDRESS_DEADLINE_RESOLVE && level == REDRESS_ALARM_BREACH) ++*(int *)p;
  return 0;
}

static void the_tick_waits_with_the_clock(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  redress_complaint *c = investigating(&t);
  OK(redress_complaint_await_third_party(c, TH_T0 + DAY, "ann", NULL, "payment provider"));
  OK(redress_desk_save(t.desk, c));
  int breaches = 0;
  OK(redress_desk_tick(t.desk, TH_T0 + 20 * DAY, count, &breaches));
  assert_int_equal(breaches, 0);
  redress_complaint_free(c); /* the tick saved the UPDATE alarms: a new revision */
  OK(redress_desk_load(&c, t.desk, "c-pause"));
  OK(redress_complaint_third_party_reply(c, TH_T0 + 20 * DAY, "ann", NULL));
  OK(redress_desk_save(t.desk, c));
  OK(redress_desk_tick(t.desk, TH_T0 + 29 * DAY - 1, count, &breaches));
  assert_int_equal(breaches, 0);
  OK(redress_desk_tick(t.desk, TH_T0 + 29 * DAY, count, &breaches));
  OK(redress_desk_tick(t.desk, TH_T0 + 30 * DAY, count, &breaches));
  assert_int_equal(breaches, 1);
  redress_complaint_free(c);
  th_desk_close(&t);
}

/* The verbs' rules, the default (third parties stop nothing), the struct and spec. */
static void rules_defaults_and_spec(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  redress_complaint *c = investigating(&t);
  assert_int_equal(redress_complaint_third_party_reply(c, TH_T0 + 1, "ann", NULL),
                   REDRESS_ERR_STATE); /* none awaited */
  OK(redress_complaint_await_third_party(c, TH_T0 + 1, "ann", NULL, NULL));
  assert_int_equal(redress_complaint_await_third_party(c, TH_T0 + 2, "ann", NULL, "bank"),
                   REDRESS_ERR_STATE); /* one at a time */
  assert_int_equal(redress_complaint_await_third_party(NULL, TH_T0 + 2, "ann", NULL, NULL),
                   REDRESS_ERR_INVALID);
  assert_int_equal(redress_complaint_await_third_party(c, TH_T0 + 2, "ann", NULL, "\xff"),
                   REDRESS_ERR_INVALID);
  assert_int_equal(redress_complaint_third_party_reply(c, TH_T0, "ann", NULL),
                   REDRESS_ERR_INVALID); /* before the last event */
  redress_complaint_free(c);
  /* a policy that says nothing about third parties keeps its clocks running */
  redress_policy p = REDRESS_POLICY_INIT;
  p.name = "plain";
  p.resolve.amount = 10 * DAY;
  p.pause_when_awaiting_customer = 1;
  th_desk d;
  th_desk_open(&d);
  OK(redress_desk_add_policy(d.desk, &p));
  redress_complaint_fields in = th_full_init("c-plain");
  in.received_at = TH_T0;
  OK(redress_complaint_create(&c, d.desk, &in));
  OK(redress_complaint_acknowledge(c, TH_T0, "ann", NULL));
  OK(redress_complaint_await_third_party(c, TH_T0 + DAY, "ann", NULL, "courier"));
  assert_int_equal(last_of(c, REDRESS_DEADLINE_RESOLVE, TH_T0 + 10 * DAY).state,
                   REDRESS_DEADLINE_BREACHED);
  redress_complaint_free(c);
  /* the struct and the spec say the same */
  p.pause_stops[REDRESS_PAUSE_AWAITING_THIRD_PARTY] =
      1u << REDRESS_DEADLINE_RESOLVE | 1u << REDRESS_DEADLINE_FOLLOW_UP;
  char *text = NULL;
  OK(redress_policy_spec(&text, NULL, d.desk, &p));
  assert_string_equal(text, "policy plain version 1\n  resolve 10 days\n"
                            "  pause awaiting-customer\n"
                            "  pause awaiting-third-party stops resolve,follow-up\n");
  redress_free(text);
  redress_policy bad = p;
  bad.name = "bad";
  bad.pause_stops[REDRESS_PAUSE_AWAITING_THIRD_PARTY] = 1u << REDRESS_DEADLINE_PROMISE;
  assert_int_equal(redress_desk_add_policy(d.desk, &bad), REDRESS_ERR_INVALID);
  bad.pause_stops[REDRESS_PAUSE_AWAITING_THIRD_PARTY] = 1u << 20;
  assert_int_equal(redress_desk_add_policy(d.desk, &bad), REDRESS_ERR_INVALID);
  bad.pause_stops[REDRESS_PAUSE_AWAITING_THIRD_PARTY] = 0;
  bad.pause_stops[REDRESS_POLICY_PAUSE_SLOTS - 1] = 1u << REDRESS_DEADLINE_RESOLVE;
  assert_int_equal(redress_desk_add_policy(d.desk, &bad), REDRESS_ERR_INVALID);
  static const char *const bad_specs[][2] = {
      {"policy a version 1\n  pause awaiting-courier\n", "line 2, column 9: expected a pause reason"},
      {"policy a version 1\n  pause awaiting-third-party\n", "line 2, column 30: expected 'stops'"},
      {"policy a version 1\n  pause awaiting-third-party stops promise\n",
       "line 2, column 36: expected a deadline kind"},
      {"policy a version 1\n  pause awaiting-third-party stops resolve\n"
       "  pause awaiting-third-party stops update\n",
       "line 3, column 9: expected each pause clause once"},
  };
  for (size_t i = 0; i < sizeof bad_specs / sizeof bad_specs[0]; i++) {
    assert_int_equal(redress_desk_load_policies(d.desk, bad_specs[i][0], strlen(bad_specs[i][0])),
                     REDRESS_ERR_PARSE);
    if (strstr(redress_desk_errmsg(d.desk), bad_specs[i][1]) == NULL)
      fail_msg("'%s' lacks '%s'", redress_desk_errmsg(d.desk), bad_specs[i][1]);
  }
  th_desk_close(&d);
  th_desk_close(&t);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(a_third_party_stops_only_what_the_policy_says),
      cmocka_unit_test(a_wait_from_the_due_second_does_not_stop_it),
      cmocka_unit_test(overlapping_waits_count_once),
      cmocka_unit_test(the_tick_waits_with_the_clock),
      cmocka_unit_test(rules_defaults_and_spec),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

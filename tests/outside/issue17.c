/*
 * Issue 17 as an outside user sees it: written from the installed headers and the docs
 * alone (docs/deadlines.md, docs/guide.md), against the public API only, with no test
 * framework. Each check names the behaviour of the issue it proves; the program prints
 * "ok N" lines and exits 1 at the first failure.
 *
 * What no cmocka suite checks this way: two desks on one store, the second with the
 * policy edited, saving the same complaint in turn (a policy edit between two saves),
 * and a team's policy chosen when the complaint is assigned to that team.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "redress.h"
#include "redress/sys/store.h"

#define HOUR ((redress_time)3600)
#define DAY (24 * HOUR)
/* Monday 2026-03-02 09:00:00 UTC */
#define T0 ((redress_time)1772442000)

static int checks;

static void expect(int ok, const char *what, redress_desk *desk) {
  if (!ok) {
    fprintf(stderr, "FAIL: %s (%s)\n", what, desk != NULL ? redress_desk_errmsg(desk) : "");
    exit(1);
  }
  printf("ok %d - %s\n", ++checks, what);
}

#define OK(call, desk) expect((call) == REDRESS_OK, #call, desk)

static redress_complaint *complaint(redress_desk *desk, const char *id, redress_time at) {
  redress_complaint_fields in = REDRESS_COMPLAINT_FIELDS_INIT;
  in.id = id;
  in.customer_id = "cust-42";
  in.channel = REDRESS_CHANNEL_SOCIAL;
  in.category = "billing";
  in.text = "charged twice";
  in.received_at = at;
  redress_complaint *c = NULL;
  OK(redress_complaint_create(&c, desk, &in), desk);
  return c;
}

/* The deadline of `kind` (the last one listed) at `now`; state -1 when none. */
static redress_deadline deadline(const redress_complaint *c, int kind, redress_time now,
                                 unsigned *policy_version) {
  redress_deadlines *list = NULL;
  redress_deadline found = REDRESS_DEADLINE_INIT;
  found.state = -1;
  if (redress_complaint_deadlines(&list, c, now) != REDRESS_OK) return found;
  for (size_t i = 0; i < redress_deadlines_count(list); i++) {
    redress_deadline d = REDRESS_DEADLINE_INIT;
    if (redress_deadlines_get(&d, list, i) == REDRESS_OK && d.kind == kind) found = d;
  }
  if (policy_version != NULL) *policy_version = redress_deadlines_policy_version(list);
  redress_deadlines_free(list);
  return found;
}

static redress_desk *open_desk(const redress_store *store, const char *tenant) {
  redress_desk_options o = REDRESS_DESK_OPTIONS_INIT;
  o.store = store;
  o.tenant = tenant;
  redress_desk *desk = NULL;
  OK(redress_desk_open(&desk, &o), NULL);
  return desk;
}

/* ---- customer messages and NEXT_REPLY ------------------------------------------ */

static void customer_messages(void) {
  redress_desk *desk = open_desk(NULL, NULL);
  static const char spec[] = "policy chat version 1\n  next-reply 2 hours\n  resolve 10 days\n";
  OK(redress_desk_load_policies(desk, spec, sizeof spec - 1), desk);
  redress_complaint *c = complaint(desk, "msg-1", T0);
  OK(redress_complaint_acknowledge(c, T0 + 60, "ann", NULL), desk);
  OK(redress_complaint_investigate(c, T0 + 120, "ann", NULL, "double charge", "refund"), desk);
  /* "hello??" while INVESTIGATING: allowed, the state kept, a reply owed */
  OK(redress_complaint_customer_message(c, T0 + HOUR, "cust-42", "hello??"), desk);
  expect(redress_complaint_state(c) == REDRESS_STATE_INVESTIGATING,
         "a customer message keeps INVESTIGATING", desk);
  redress_time due = T0 + 3 * HOUR;
  redress_deadline d = deadline(c, REDRESS_DEADLINE_NEXT_REPLY, due - 1, NULL);
  expect(d.due == due && d.state == REDRESS_DEADLINE_PENDING,
         "NEXT_REPLY due 2 hours after the message, pending a second before", desk);
  expect(deadline(c, REDRESS_DEADLINE_NEXT_REPLY, due, NULL).state == REDRESS_DEADLINE_BREACHED,
         "NEXT_REPLY breached at its due second", desk);
  redress_complaint *early = NULL, *on_the_second = NULL, *late = NULL;
  OK(redress_complaint_clone(&early, c), desk);
  OK(redress_complaint_clone(&on_the_second, c), desk);
  OK(redress_complaint_clone(&late, c), desk);
  OK(redress_complaint_update(early, due - 1, "ann", "on it"), desk);
  expect(deadline(early, REDRESS_DEADLINE_NEXT_REPLY, due + DAY, NULL).state ==
             REDRESS_DEADLINE_MET, "a reply one second before the deadline is MET", desk);
  OK(redress_complaint_update(on_the_second, due, "ann", "on it"), desk);
  expect(deadline(on_the_second, REDRESS_DEADLINE_NEXT_REPLY, due + DAY, NULL).state ==
             REDRESS_DEADLINE_MET, "a reply at the due second is MET", desk);
  OK(redress_complaint_update(late, due + 1, "ann", "on it"), desk);
  expect(deadline(late, REDRESS_DEADLINE_NEXT_REPLY, due + DAY, NULL).state ==
             REDRESS_DEADLINE_MET_LATE, "a reply one second after the deadline is MET_LATE",
         desk);
  /* a message one second before the due time keeps the first start; one after a reply
   * starts a new deadline */
  OK(redress_complaint_customer_message(c, due - 1, "cust-42", "anyone?"), desk);
  expect(deadline(c, REDRESS_DEADLINE_NEXT_REPLY, due, NULL).due == due,
         "a second message before the deadline keeps the first one's start", desk);
  OK(redress_complaint_customer_message(early, due + 1, "cust-42", "thanks, and?"), desk);
  expect(deadline(early, REDRESS_DEADLINE_NEXT_REPLY, due + 1, NULL).due == due + 1 + 2 * HOUR,
         "a message one second after the deadline (replied) owes a new reply", desk);
  redress_complaint_free(early);
  redress_complaint_free(on_the_second);
  redress_complaint_free(late);
  redress_complaint_free(c);
  redress_desk_close(desk);
}

/* ---- policies as data: a policy edit between two saves --------------------------- */

static void policy_edit_between_saves(void) {
  redress_store shared = REDRESS_STORE_INIT;
  OK(redress_memory_store_new(&shared, NULL), NULL);
  redress_store borrowed = shared;
  borrowed.destroy = NULL;
  static const char v1[] = "policy standard version 1\n  resolve 10 days\n";
  static const char v2[] = "policy standard version 2\n  resolve 30 days\n";
  redress_desk *old = open_desk(&shared, NULL);
  redress_desk *edited = open_desk(&borrowed, NULL);
  OK(redress_desk_load_policies(old, v1, sizeof v1 - 1), old);
  OK(redress_desk_load_policies(edited, v1, sizeof v1 - 1), edited);
  OK(redress_desk_load_policies(edited, v2, sizeof v2 - 1), edited);
  /* the canonical text prints back what was loaded */
  char *text = NULL;
  OK(redress_policy_spec(&text, NULL, edited, NULL), edited);
  expect(strcmp(text, "policy standard version 1\n  resolve 10 days\n\n"
                      "policy standard version 2\n  resolve 30 days\n") == 0,
         "the policy set prints back canonically", edited);
  redress_free(text);

  redress_complaint *c = complaint(old, "pol-1", T0);
  OK(redress_complaint_acknowledge(c, T0 + HOUR, "ann", NULL), old);
  OK(redress_desk_save(old, c), old); /* first save, under version 1 */
  redress_complaint_free(c);
  /* the desk with the edit loads it, appends, saves again */
  redress_complaint *again = NULL;
  OK(redress_desk_load(&again, edited, "pol-1"), edited);
  OK(redress_complaint_note(again, T0 + 2 * HOUR, "bob", "still checking", 0), edited);
  OK(redress_desk_save(edited, again), edited);
  unsigned version = 0;
  redress_deadline d = deadline(again, REDRESS_DEADLINE_RESOLVE, T0 + 12 * DAY, &version);
  expect(d.state == REDRESS_DEADLINE_BREACHED && version == 1,
         "after a save under the edited set, RESOLVE is still breached at day 12 (version 1)",
         edited);
  expect(deadline(again, REDRESS_DEADLINE_RESOLVE, T0 + 10 * DAY - 1, NULL).state ==
             REDRESS_DEADLINE_PENDING, "and pending one second before day 10", edited);
  redress_complaint_free(again);
  /* the first desk reads the same past */
  OK(redress_desk_load(&again, old, "pol-1"), old);
  expect(deadline(again, REDRESS_DEADLINE_RESOLVE, T0 + 12 * DAY, NULL).state ==
             REDRESS_DEADLINE_BREACHED, "the desk without the edit reads the same state", old);
  redress_complaint_free(again);
  /* a new complaint on the edited desk follows version 2 */
  c = complaint(edited, "pol-2", T0);
  expect(deadline(c, REDRESS_DEADLINE_RESOLVE, T0 + 12 * DAY, &version).state ==
             REDRESS_DEADLINE_PENDING && version == 2,
         "a new complaint follows the newest version", edited);
  redress_complaint_free(c);
  /* moving on is an explicit verb in the history */
  OK(redress_desk_load(&again, edited, "pol-1"), edited);
  OK(redress_complaint_migrate_policy(again, T0 + 5 * DAY, "lead", "to version 2"), edited);
  expect(deadline(again, REDRESS_DEADLINE_RESOLVE, T0 + 12 * DAY, &version).state ==
             REDRESS_DEADLINE_PENDING && version == 2,
         "migrate_policy moves the running RESOLVE to version 2", edited);
  int64_t kind = -1;
  redress_event_number(&kind, redress_complaint_event(again, redress_complaint_event_count(again) - 1),
                       REDRESS_FIELD_KIND);
  expect(kind == REDRESS_EVENT_MIGRATE_POLICY, "the migration is an event of the history", edited);
  OK(redress_desk_save(edited, again), edited);
  redress_complaint_free(again);
  redress_desk_close(edited);
  redress_desk_close(old);
}

/* ---- warning levels and pause reasons --------------------------------------------- */

typedef struct tally {
  int warnings[REDRESS_ALARM_LEVEL_COUNT];
} tally;

static int count_alarm(const redress_complaint *c, int kind, int level, redress_time due,
                       void *payload) {
  (void)c;
  (void)due;
  if (kind == REDRESS_DEADLINE_RESOLVE) ((tally *)payload)->warnings[level]++;
  return 0;
}

static void warnings_and_pauses(void) {
  redress_desk *desk = open_desk(NULL, NULL);
  static const char spec[] = "policy levels version 1\n  resolve 100 hours\n"
                             "  warn resolve 25% 50% 75%\n"
                             "  pause awaiting-third-party stops resolve\n";
  OK(redress_desk_load_policies(desk, spec, sizeof spec - 1), desk);
  redress_complaint *c = complaint(desk, "lvl-1", T0);
  OK(redress_desk_save(desk, c), desk);
  redress_complaint_free(c);
  tally t = {{0}};
  OK(redress_desk_tick(desk, T0 + 25 * HOUR - 1, count_alarm, &t), desk);
  expect(t.warnings[REDRESS_ALARM_WARNING] == 0, "no warning a second before 25%", desk);
  OK(redress_desk_tick(desk, T0 + 25 * HOUR, count_alarm, &t), desk);
  OK(redress_desk_tick(desk, T0 + 25 * HOUR, count_alarm, &t), desk);
  expect(t.warnings[REDRESS_ALARM_WARNING] == 1, "the first level once, at 25%", desk);
  OK(redress_desk_tick(desk, T0 + 80 * HOUR, count_alarm, &t), desk);
  OK(redress_desk_tick(desk, T0 + 90 * HOUR, count_alarm, &t), desk);
  expect(t.warnings[REDRESS_ALARM_WARNING] == 1 && t.warnings[REDRESS_ALARM_WARNING_2] == 1 &&
             t.warnings[REDRESS_ALARM_WARNING_3] == 1 && t.warnings[REDRESS_ALARM_BREACH] == 0,
         "a late tick raises levels 2 and 3 once each", desk);

  /* a third-party wait stops RESOLVE for its length */
  c = complaint(desk, "lvl-2", T0);
  OK(redress_complaint_acknowledge(c, T0 + HOUR, "ann", NULL), desk);
  OK(redress_complaint_await_third_party(c, T0 + 2 * HOUR, "ann", NULL, "courier"), desk);
  expect(deadline(c, REDRESS_DEADLINE_RESOLVE, T0 + 3 * HOUR, NULL).state ==
             REDRESS_DEADLINE_PAUSED, "awaiting a third party pauses RESOLVE", desk);
  OK(redress_complaint_third_party_reply(c, T0 + 12 * HOUR, "ann", "parcel found"), desk);
  expect(deadline(c, REDRESS_DEADLINE_RESOLVE, T0 + 12 * HOUR, NULL).due == T0 + 110 * HOUR,
         "RESOLVE is due later by the 10 hours waited", desk);
  redress_complaint_free(c);
  redress_desk_close(desk);
}

/* ---- owner, team, a team's policy, metrics by team --------------------------------- */

static void ownership(void) {
  redress_desk *desk = open_desk(NULL, NULL);
  static const char spec[] = "policy fast version 1\n  team escalations\n  resolve 1 day\n\n"
                             "policy standard version 1\n  resolve 10 days\n";
  OK(redress_desk_load_policies(desk, spec, sizeof spec - 1), desk);
  redress_complaint *c = complaint(desk, "own-1", T0);
  OK(redress_complaint_assign(c, T0 + 60, "lead", NULL, "kim", "escalations"), desk);
  expect(strcmp(redress_complaint_string(c, REDRESS_FIELD_OWNER), "kim") == 0 &&
             strcmp(redress_complaint_string(c, REDRESS_FIELD_TEAM), "escalations") == 0,
         "assign sets owner and team", desk);
  expect(deadline(c, REDRESS_DEADLINE_RESOLVE, T0 + DAY - 1, NULL).state ==
             REDRESS_DEADLINE_PENDING, "the team's policy: RESOLVE pending a second before", desk);
  expect(deadline(c, REDRESS_DEADLINE_RESOLVE, T0 + DAY, NULL).state ==
             REDRESS_DEADLINE_BREACHED, "assign to a team: the team's policy from receipt", desk);
  OK(redress_desk_save(desk, c), desk);
  redress_complaint_free(c);
  c = complaint(desk, "own-2", T0);
  OK(redress_desk_save(desk, c), desk);
  redress_complaint_free(c);
  redress_metrics *m = NULL;
  OK(redress_metrics_new(&m, desk, NULL, REDRESS_GROUP_BY_TEAM, T0 + 3 * DAY), desk);
  OK(redress_metrics_add_store(m, REDRESS_METRICS_FROM_ALL, REDRESS_METRICS_TO_ALL), desk);
  int group = -1;
  double breaches = -1;
  OK(redress_metrics_group_find(&group, m, "escalations"), desk);
  OK(redress_metrics_value(&breaches, m, group, REDRESS_METRIC_RESOLVE_BREACHES), desk);
  expect(breaches == 1.0, "metrics by team: the escalations team has one RESOLVE breach", desk);
  redress_metrics_free(m);
  redress_desk_close(desk);
}

/* ---- the same contact, a channel move ---------------------------------------------- */

static void contact_and_channel(void) {
  redress_desk *desk = open_desk(NULL, NULL);
  redress_complaint *a = complaint(desk, "fcr-1", T0), *b = NULL;
  OK(redress_complaint_acknowledge(a, T0 + 10, "ann", "hello, sorry"), desk);
  OK(redress_complaint_clone(&b, a), desk);
  OK(redress_complaint_resolve_on_the_spot(a, T0 + 10 + REDRESS_SAME_CONTACT_SECONDS, "ann",
                                           NULL, REDRESS_DECISION_UPHELD, "refund", 500), desk);
  expect(redress_complaint_state(a) == REDRESS_STATE_RESOLVED,
         "resolve_on_the_spot after acknowledge within the same contact", desk);
  expect(redress_complaint_resolve_on_the_spot(b, T0 + 11 + REDRESS_SAME_CONTACT_SECONDS, "ann",
                                               NULL, REDRESS_DECISION_UPHELD, "refund", 500) ==
             REDRESS_ERR_STATE, "one second past the same contact: refused", desk);
  OK(redress_complaint_move_channel(b, T0 + 20, "ann", "called back", REDRESS_CHANNEL_PHONE),
     desk);
  int64_t original = -1, current = -1;
  OK(redress_complaint_number(&original, b, REDRESS_FIELD_CHANNEL), desk);
  OK(redress_complaint_number(&current, b, REDRESS_FIELD_CURRENT_CHANNEL), desk);
  expect(original == REDRESS_CHANNEL_SOCIAL && current == REDRESS_CHANNEL_PHONE,
         "a move keeps the original channel and reads the current one", desk);
  redress_complaint_free(a);
  redress_complaint_free(b);
  redress_desk_close(desk);
}

/* ---- the change feed: two readers; tenants ----------------------------------------- */

typedef struct reader {
  uint64_t cursor;
  int changes, alarms;
} reader;

static int read_change(const redress_change *ch, void *payload) {
  reader *r = payload;
  if (ch->cursor != r->cursor + 1) return 1;
  r->cursor = ch->cursor;
  r->changes++;
  if (ch->kind == REDRESS_CHANGE_ALARM) r->alarms++;
  return 0;
}

static void feed_and_tenants(void) {
  redress_store shared = REDRESS_STORE_INIT;
  OK(redress_memory_store_new(&shared, NULL), NULL);
  redress_store borrowed = shared;
  borrowed.destroy = NULL;
  redress_desk *acme = open_desk(&shared, "acme");
  redress_desk *globex = open_desk(&borrowed, "globex");
  redress_complaint *c = complaint(acme, "same-id", T0);
  OK(redress_desk_save(acme, c), acme);
  OK(redress_complaint_acknowledge(c, T0 + 60, "ann", NULL), acme);
  OK(redress_desk_save(acme, c), acme);
  redress_complaint_free(c);
  /* the other tenant sees neither the complaint nor its feed, and may reuse the id */
  redress_complaint *none = NULL;
  expect(redress_desk_load(&none, globex, "same-id") == REDRESS_ERR_NOTFOUND,
         "a tenant does not see another's complaint", globex);
  reader g = {0, 0, 0};
  OK(redress_desk_feed(globex, 0, 100, read_change, &g), globex);
  expect(g.changes == 0, "nor its change feed", globex);
  c = complaint(globex, "same-id", T0);
  OK(redress_desk_save(globex, c), globex);
  redress_complaint_free(c);
  /* an alarm goes to the feed; two readers each read everything once, in pages */
  OK(redress_desk_tick(acme, T0 + 40 * DAY, NULL, NULL), acme);
  reader one = {0, 0, 0}, two = {0, 0, 0};
  OK(redress_desk_feed(acme, one.cursor, 100, read_change, &one), acme);
  while (redress_desk_feed(acme, two.cursor, 1, read_change, &two) == REDRESS_OK &&
         two.changes < one.changes) {
  }
  expect(one.changes == two.changes && one.cursor == two.cursor && one.alarms > 0 &&
             one.alarms == two.alarms,
         "two readers of the feed see the same changes, alarms included, once each", acme);
  reader more = one;
  OK(redress_desk_feed(acme, one.cursor, 100, read_change, &more), acme);
  expect(more.changes == one.changes, "a reader that caught up reads nothing new", acme);
  redress_desk_close(globex);
  redress_desk_close(acme);
}

int main(void) {
  customer_messages();
  policy_edit_between_saves();
  warnings_and_pauses();
  ownership();
  contact_and_channel();
  feed_and_tenants();
  printf("1..%d\n", checks);
  return 0;
}

/* Policies as data (docs/deadlines.md, "Policy specs" and "Policy versions"): the spec
 * grammar parsed and printed back canonically, policy sets loaded from text, and the
 * policy version each complaint records, so that editing a policy never changes what
 * a stored complaint's deadlines were. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"

#define OK(x) assert_int_equal((x), REDRESS_OK)
#define HOUR ((redress_time)3600)
#define DAY (24 * HOUR)

static const char office[] = "mon-fri 09:00-17:00";

/* Written loosely: comments, blanks, a quoted name, singular units, clauses in any order. */
static const char loose_spec[] =
    "# the billing desk\n"
    "policy \"gold billing\" version 3   # quoted: the name has a blank\n"
    "\tresolve 1 day\n"
    "  channels email,phone\n"
    "  category billing\n"
    "  tier gold\n"
    "  team \"billing desk\"\n"
    "  severity high\n"
    "  calendar office\n"
    "  acknowledge 4 business-hours\n"
    "  update-every 2 business-days\n"
    "  resolve-extended 172800 seconds\n"
    "  follow-up 90 minutes\n"
    "  next-reply 30 business-minutes\n"
    "  warn 75%\n"
    "  pause awaiting-customer\n"
    "  min-compensation 0\n"
    "  max-compensation 5000\n"
    "\n"
    "policy standard version 1\n"
    "  resolve 10 days\n";

static const char canonical_spec[] =
    "policy \"gold billing\" version 3\n"
    "  channels phone,email\n"
    "  severity high\n"
    "  category billing\n"
    "  tier gold\n"
    "  team \"billing desk\"\n"
    "  calendar office\n"
    "  acknowledge 4 business-hours\n"
    "  update-every 2 business-days\n"
    "  resolve 1 day\n"
    "  resolve-extended 2 days\n"
    "  follow-up 90 minutes\n"
    "  next-reply 30 business-minutes\n"
    "  warn 75%\n"
    "  pause awaiting-customer\n"
    "  min-compensation 0\n"
    "  max-compensation 5000\n"
    "\n"
    "policy standard version 1\n"
    "  resolve 10 days\n";

static void add_office(redress_desk *desk) {
  OK(redress_desk_add_calendar(desk, "office", office, sizeof office - 1));
}

static char *set_spec(redress_desk *desk) {
  char *text = NULL;
  size_t len = 0;
  OK(redress_policy_spec(&text, &len, desk, NULL));
  assert_int_equal(len, strlen(text));
  return text;
}

static void assert_same_policy(const redress_policy *a, const redress_policy *b) {
  assert_string_equal(a->name, b->name);
  assert_int_equal(a->policy_version, b->policy_version);
  assert_int_equal(a->channels, b->channels);
  assert_int_equal(a->min_severity, b->min_severity);
  assert_true((a->category == NULL) == (b->category == NULL));
  if (a->category) assert_string_equal(a->category, b->category);
  assert_true((a->customer_tier == NULL) == (b->customer_tier == NULL));
  if (a->customer_tier) assert_string_equal(a->customer_tier, b->customer_tier);
  assert_true((a->team == NULL) == (b->team == NULL));
  if (a->team) assert_string_equal(a->team, b->team);
  assert_true((a->calendar == NULL) == (b->calendar == NULL));
  if (a->calendar) assert_string_equal(a->calendar, b->calendar);
  const redress_span *sa[] = {&a->acknowledge, &a->update_every, &a->resolve,
                              &a->resolve_extended, &a->follow_up, &a->next_reply};
  const redress_span *sb[] = {&b->acknowledge, &b->update_every, &b->resolve,
                              &b->resolve_extended, &b->follow_up, &b->next_reply};
  for (int i = 0; i < 6; i++) {
    assert_int_equal(sa[i]->amount, sb[i]->amount);
    assert_int_equal(sa[i]->unit, sb[i]->unit);
  }
  assert_int_equal(a->warn_percent, b->warn_percent);
  assert_int_equal(a->pause_when_awaiting_customer, b->pause_when_awaiting_customer);
  assert_int_equal(a->min_compensation, b->min_compensation);
  assert_int_equal(a->max_compensation, b->max_compensation);
}

/* parse(print(p)) == p, and print(parse(text)) is the canonical text, a fixed point. */
static void spec_round_trip(void **state) {
  (void)state;
  th_desk a, b;
  th_desk_open(&a);
  th_desk_open(&b);
  add_office(a.desk);
  add_office(b.desk);
  OK(redress_desk_load_policies(a.desk, loose_spec, sizeof loose_spec - 1));
  char *printed = set_spec(a.desk);
  assert_string_equal(printed, canonical_spec);
  OK(redress_desk_load_policies(b.desk, printed, strlen(printed)));
  char *again = set_spec(b.desk);
  assert_string_equal(again, printed);
  redress_policy pa, pb;
  OK(redress_desk_policy(&pa, a.desk, "gold billing", 3));
  OK(redress_desk_policy(&pb, b.desk, "gold billing", 0));
  assert_int_equal(pa.version, REDRESS_POLICY_VERSION);
  assert_int_equal(pa.acknowledge.unit, REDRESS_SPAN_BUSINESS_SECONDS);
  assert_int_equal(pa.acknowledge.amount, 4 * HOUR);
  assert_int_equal(pa.update_every.unit, REDRESS_SPAN_BUSINESS_DAYS);
  assert_same_policy(&pa, &pb);
  /* one struct printed alone parses back to itself */
  char *one = NULL;
  OK(redress_policy_spec(&one, NULL, a.desk, &pa));
  assert_non_null(strstr(canonical_spec, one));
  redress_free(printed);
  redress_free(again);
  redress_free(one);
  th_desk_close(&a);
  th_desk_close(&b);
}

/* Every amount the struct can hold prints and parses back, the largest included. */
static void spec_round_trip_at_the_largest_amounts(void **state) {
  (void)state;
  static const char spec[] = "policy big version 4294967295\n"
                             "  resolve 9223372036854775807 seconds\n"
                             "  min-compensation 9223372036854775806\n"
                             "  max-compensation 9223372036854775807\n";
  th_desk a, b;
  th_desk_open(&a);
  th_desk_open(&b);
  OK(redress_desk_load_policies(a.desk, spec, sizeof spec - 1));
  redress_policy pa, pb;
  OK(redress_desk_policy(&pa, a.desk, "big", 0));
  assert_true(pa.max_compensation == INT64_MAX);
  assert_true(pa.resolve.amount == INT64_MAX);
  char *printed = set_spec(a.desk);
  OK(redress_desk_load_policies(b.desk, printed, strlen(printed)));
  OK(redress_desk_policy(&pb, b.desk, "big", 0));
  assert_same_policy(&pa, &pb);
  redress_free(printed);
  th_desk_close(&a);
  th_desk_close(&b);
}

static void policy_init_has_version_one(void **state) {
  (void)state;
  redress_policy p = redress_policy_init();
  assert_int_equal(p.version, REDRESS_POLICY_VERSION);
  assert_int_equal(p.policy_version, 1u);
}

typedef struct bad_spec {
  const char *spec;
  const char *message;
} bad_spec;

static void parse_errors_name_line_and_column(void **state) {
  (void)state;
  static const bad_spec cases[] = {
      {"resolve 1 day\n", "line 1, column 1: expected 'policy' before its clauses"},
      {"policy a\n", "line 1, column 10: expected 'version'"},
      {"policy a version 0\n", "line 1, column 18: expected a version number from 1"},
      {"policy a version 1\n  resolve 3 weeks\n", "line 2, column 13: expected a unit"},
      {"policy a version 1\n  resolve\n", "line 2, column 11: expected an amount"},
      {"policy a version 1\n  resolve 0 days\n", "line 2, column 11: expected an amount from 1"},
      /* well formed, but too large: said so, with the largest */
      {"policy a version 1\n  resolve 99999999999999999999 days\n",
       "line 2, column 11: 99999999999999999999 is too large (at most 106751991167300 days)"},
      {"policy a version 1\n  resolve 106751991167301 days\n",
       "line 2, column 11: 106751991167301 is too large (at most 106751991167300 days)"},
      {"policy a version 1\n  resolve 99999999999999999999 weeks\n",
       "line 2, column 11: 99999999999999999999 is too large (at most 9223372036854775807)"},
      {"policy a version 4294967296\n", "line 1, column 18: 4294967296 is too large (at most 4294967295)"},
      {"policy a version 1\n  max-compensation 99999999999999999999\n",
       "line 2, column 20: 99999999999999999999 is too large (at most 9223372036854775807)"},
      {"policy a version 1\n  max-compensation 9223372036854775808\n",
       "line 2, column 20: 9223372036854775808 is too large (at most 9223372036854775807)"},
      {"policy a version 1\n  warn 100%\n", "line 2, column 8: expected a percentage from 1% to 99%"},
      {"policy a version 1\n  channels email,fax\n", "line 2, column 18: expected a channel"},
      {"policy a version 1\n  severity huge\n", "line 2, column 12: expected a severity"},
      {"policy a version 1\n  resolve 1 day\n  resolve 2 days\n",
       "line 3, column 3: expected each clause once in a policy"},
      {"policy a version 1\n  colour red\n", "line 2, column 3: expected a clause"},
      {"policy \"a version 1\n", "line 1, column 8: expected a closing '\"' on the same line"},
      {"policy a version 1 extra\n", "line 1, column 20: expected the end of the line"},
      {"policy a version 1\n  pause forever\n", "line 2, column 9: expected a pause reason"},
  };
  th_desk t;
  th_desk_open(&t);
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    assert_int_equal(redress_desk_load_policies(t.desk, cases[i].spec, strlen(cases[i].spec)),
                     REDRESS_ERR_PARSE);
    if (strstr(redress_desk_errmsg(t.desk), cases[i].message) == NULL)
      fail_msg("spec %zu: '%s' lacks '%s'", i, redress_desk_errmsg(t.desk), cases[i].message);
  }
  /* nothing of a refused spec stays */
  char *printed = set_spec(t.desk);
  assert_string_equal(printed, "");
  redress_free(printed);
  th_desk_close(&t);
}

/* All or nothing: the second policy names a calendar the desk lacks. */
static void load_is_all_or_nothing(void **state) {
  (void)state;
  static const char spec[] = "policy a version 1\n  resolve 1 day\n"
                             "policy b version 1\n  calendar nowhere\n";
  th_desk t;
  th_desk_open(&t);
  assert_int_equal(redress_desk_load_policies(t.desk, spec, sizeof spec - 1), REDRESS_ERR_NOTFOUND);
  assert_non_null(strstr(redress_desk_errmsg(t.desk), "policy 2 ('b')"));
  redress_policy p;
  assert_int_equal(redress_desk_policy(&p, t.desk, "a", 0), REDRESS_ERR_NOTFOUND);
  static const char twice[] = "policy a version 1\npolicy a version 1\n";
  assert_int_equal(redress_desk_load_policies(t.desk, twice, sizeof twice - 1), REDRESS_ERR_EXISTS);
  assert_int_equal(redress_desk_policy(&p, t.desk, "a", 0), REDRESS_ERR_NOTFOUND);
  /* a newer version added while an older one stays: the older is kept */
  static const char v1[] = "policy a version 1\n  resolve 1 day\n";
  static const char v2[] = "policy a version 2\n  resolve 2 days\n";
  OK(redress_desk_load_policies(t.desk, v1, sizeof v1 - 1));
  OK(redress_desk_load_policies(t.desk, v2, sizeof v2 - 1));
  OK(redress_desk_policy(&p, t.desk, "a", 0));
  assert_int_equal(p.policy_version, 2u);
  OK(redress_desk_policy(&p, t.desk, "a", 1));
  assert_int_equal(p.resolve.amount, DAY);
  /* bad input */
  assert_int_equal(redress_desk_load_policies(NULL, v1, sizeof v1 - 1), REDRESS_ERR_INVALID);
  assert_int_equal(redress_desk_load_policies(t.desk, NULL, 0), REDRESS_ERR_INVALID);
  assert_int_equal(redress_desk_load_policies(t.desk, "\xff", 1), REDRESS_ERR_INVALID);
  assert_int_equal(redress_desk_policy(NULL, t.desk, "a", 0), REDRESS_ERR_INVALID);
  assert_int_equal(redress_desk_policy(&p, t.desk, NULL, 0), REDRESS_ERR_INVALID);
  assert_int_equal(redress_policy_spec(NULL, NULL, t.desk, NULL), REDRESS_ERR_INVALID);
  redress_policy bad = REDRESS_POLICY_INIT;
  char *text = NULL;
  assert_int_equal(redress_policy_spec(&text, NULL, t.desk, &bad), REDRESS_ERR_INVALID);
  bad.name = "x";
  bad.version = 99;
  assert_int_equal(redress_policy_spec(&text, NULL, t.desk, &bad), REDRESS_ERR_VERSION);
  bad.version = REDRESS_POLICY_VERSION;
  bad.policy_version = 0;
  assert_int_equal(redress_desk_add_policy(t.desk, &bad), REDRESS_ERR_INVALID);
  assert_int_equal(redress_deadlines_policy_version(NULL), 0u);
  th_desk_close(&t);
}

static redress_complaint *created(redress_desk *desk, const char *id) {
  redress_complaint_fields in = th_full_init(id);
  in.received_at = TH_T0;
  redress_complaint *c = NULL;
  OK(redress_complaint_create(&c, desk, &in));
  return c;
}

/* The document of c, in memory of its own: it outlives the desk that wrote it. */
static char *document_of(const redress_complaint *c) {
  char *block = NULL;
  OK(redress_complaint_to_json(&block, NULL, c));
  char *doc = malloc(strlen(block) + 1);
  assert_non_null(doc);
  strcpy(doc, block);
  redress_free(block);
  return doc;
}

/* The state of the complaint's first RESOLVE deadline at now, and its policy version. */
static int resolve_state(const redress_complaint *c, redress_time now, unsigned *version) {
  redress_deadlines *l = NULL;
  int rc = redress_complaint_deadlines(&l, c, now);
  if (rc != REDRESS_OK) return rc;
  int state = -1;
  for (size_t i = 0; i < redress_deadlines_count(l) && state < 0; i++) {
    redress_deadline d = REDRESS_DEADLINE_INIT;
    OK(redress_deadlines_get(&d, l, i));
    if (d.kind == REDRESS_DEADLINE_RESOLVE) state = d.state;
  }
  if (version != NULL) *version = redress_deadlines_policy_version(l);
  redress_deadlines_free(l);
  return state;
}

static const char v1_spec[] = "policy standard version 1\n  resolve 10 days\n";
static const char v2_spec[] = "policy standard version 2\n  resolve 30 days\n";
static const char edited_v1[] = "policy standard version 1\n  resolve 30 days\n";

static redress_complaint *decoded(redress_desk *desk, const char *doc) {
  redress_complaint *c = NULL;
  OK(redress_complaint_from_json(&c, desk, doc, strlen(doc)));
  return c;
}

/* Counts RESOLVE breaches reported by a tick. */
static int count_alarm(const redress_complaint *c, int kind, int level, redress_time due,
                       void *payload) {
  (void)c;
  (void)due;
  if (kind == REDRESS_DEADLINE_RESOLVE && level == REDRESS_ALARM_BREACH) ++*(int *)payload;
  return 0;
}

/* The case: saved under "resolve within 10 days", BREACHED at day 12; opened
 * again with the policy edited to 30 days, still BREACHED. */
static void an_edit_never_rewrites_history(void **state) {
  (void)state;
  th_desk a;
  th_desk_open(&a);
  OK(redress_desk_load_policies(a.desk, v1_spec, sizeof v1_spec - 1));
  redress_complaint *c = created(a.desk, "c-1");
  unsigned version = 0;
  assert_int_equal(resolve_state(c, TH_T0 + 12 * DAY, &version), REDRESS_DEADLINE_BREACHED);
  assert_int_equal(version, 1u);
  char *doc = document_of(c);
  assert_non_null(strstr(doc, "\"policies\":[{\"seq\":1,\"name\":\"standard\",\"version\":1,"));
  redress_complaint_free(c);
  th_desk_close(&a);

  /* the edit is a new version: the stored complaint keeps version 1 */
  th_desk b;
  th_desk_open(&b);
  OK(redress_desk_load_policies(b.desk, v1_spec, sizeof v1_spec - 1));
  OK(redress_desk_load_policies(b.desk, v2_spec, sizeof v2_spec - 1));
  c = decoded(b.desk, doc);
  assert_int_equal(resolve_state(c, TH_T0 + 12 * DAY, &version), REDRESS_DEADLINE_BREACHED);
  assert_int_equal(version, 1u);
  /* the boundary: due at day 10 exactly */
  assert_int_equal(resolve_state(c, TH_T0 + 10 * DAY - 1, NULL), REDRESS_DEADLINE_PENDING);
  assert_int_equal(resolve_state(c, TH_T0 + 10 * DAY, NULL), REDRESS_DEADLINE_BREACHED);
  redress_complaint_free(c);
  /* a new complaint follows the newest version */
  c = created(b.desk, "c-2");
  assert_int_equal(resolve_state(c, TH_T0 + 12 * DAY, &version), REDRESS_DEADLINE_PENDING);
  assert_int_equal(version, 2u);
  redress_complaint_free(c);
  th_desk_close(&b);

  /* version 1 edited in place is noticed, not applied */
  th_desk e;
  th_desk_open(&e);
  OK(redress_desk_load_policies(e.desk, edited_v1, sizeof edited_v1 - 1));
  c = decoded(e.desk, doc);
  assert_int_equal(resolve_state(c, TH_T0 + 12 * DAY, NULL), REDRESS_ERR_NOTFOUND);
  assert_non_null(strstr(redress_desk_errmsg(e.desk), "edited"));
  redress_complaint_free(c);
  th_desk_close(&e);

  /* a desk without version 1 says so, and refuses to save it (its next alarm cannot be
   * known) */
  th_desk m;
  th_desk_open(&m);
  OK(redress_desk_load_policies(m.desk, v2_spec, sizeof v2_spec - 1));
  c = decoded(m.desk, doc);
  assert_int_equal(resolve_state(c, TH_T0 + 12 * DAY, NULL), REDRESS_ERR_NOTFOUND);
  assert_non_null(strstr(redress_desk_errmsg(m.desk), "does not have"));
  assert_int_equal(redress_desk_save(m.desk, c), REDRESS_ERR_NOTFOUND);
  redress_complaint_free(c);
  th_desk_close(&m);
  free(doc);
}

/* The feed's alarm changes after `after` of complaint `id`, and the changes of the
 * others; each cursor one more than the last. */
typedef struct feed_count {
  uint64_t last;
  const char *id;
  int alarms_of_id, others;
} feed_count;

static int count_change(const redress_change *ch, void *payload) {
  feed_count *f = payload;
  assert_int_equal(ch->cursor, f->last + 1);
  f->last = ch->cursor;
  if (strcmp(ch->complaint_id, f->id) == 0 && ch->kind == REDRESS_CHANGE_ALARM)
    f->alarms_of_id++;
  else
    f->others++;
  return 0;
}

static feed_count feed_after(redress_desk *desk, uint64_t after, const char *id) {
  feed_count f = {after, id, 0, 0};
  OK(redress_desk_feed(desk, after, 1000, count_change, &f));
  return f;
}

/* Two desks on one store, the writer with version 1, the ticker without it: the ticker
 * skips that complaint, names it, and still raises the others' alarms. The skipped
 * complaint writes nothing to the change feed, so its alarms reach the feed once, when
 * a desk that has its version raises them. */
static void a_tick_skips_a_complaint_whose_version_it_lacks(void **state) {
  (void)state;
  redress_store owner;
  OK(redress_memory_store_new(&owner, NULL));
  redress_store shared = owner;
  shared.destroy = NULL; /* the writer's desk destroys it, closed last */
  th_desk w, m;
  th_desk_open_store(&w, &owner);
  th_desk_open_store(&m, &shared);
  OK(redress_desk_load_policies(w.desk, v1_spec, sizeof v1_spec - 1));
  OK(redress_desk_load_policies(m.desk, v2_spec, sizeof v2_spec - 1));
  redress_complaint *old = created(w.desk, "c-v1");
  OK(redress_desk_save(w.desk, old));
  redress_complaint *other = created(m.desk, "c-v2");
  OK(redress_desk_save(m.desk, other));
  int breaches = 0;
  assert_int_equal(redress_desk_tick(m.desk, TH_T0 + 40 * DAY, count_alarm, &breaches),
                   REDRESS_ERR_NOTFOUND);
  assert_non_null(strstr(redress_desk_errmsg(m.desk), "'c-v1' skipped"));
  assert_int_equal(breaches, 1); /* c-v2's RESOLVE */
  feed_count f = feed_after(m.desk, 2, "c-v1"); /* after the two creates */
  assert_int_equal(f.alarms_of_id, 0);
  assert_true(f.others >= 1); /* c-v2's alarms */
  uint64_t after_m = f.last;
  /* a second tick of the same desk skips it again, and writes nothing for it */
  assert_int_equal(redress_desk_tick(m.desk, TH_T0 + 41 * DAY, count_alarm, &breaches),
                   REDRESS_ERR_NOTFOUND);
  assert_int_equal(feed_after(m.desk, after_m, "c-v1").last, after_m);
  /* the writer, which has version 1, raises its breach; its alarms are in the feed once */
  OK(redress_desk_tick(w.desk, TH_T0 + 40 * DAY, count_alarm, &breaches));
  assert_int_equal(breaches, 2);
  f = feed_after(w.desk, after_m, "c-v1");
  assert_true(f.alarms_of_id >= 1);
  assert_int_equal(f.others, 0);
  OK(redress_desk_tick(w.desk, TH_T0 + 42 * DAY, count_alarm, &breaches));
  assert_int_equal(feed_after(w.desk, f.last, "c-v1").last, f.last);
  redress_complaint_free(old);
  redress_complaint_free(other);
  th_desk_close(&m);
  th_desk_close(&w);
}

/* Documents written before policies had versions decode and follow the desk's current
 * policy, as before. */
static void old_documents_follow_the_current_policy(void **state) {
  (void)state;
  th_desk a;
  th_desk_open(&a);
  OK(redress_desk_load_policies(a.desk, v1_spec, sizeof v1_spec - 1));
  redress_complaint *c = created(a.desk, "c-old");
  char *doc = document_of(c);
  redress_complaint_free(c);
  th_desk_close(&a);
  char *cut = strstr(doc, ",\"policies\":[");
  assert_non_null(cut);
  strcpy(cut, "}"); /* the document as an older library wrote it */

  th_desk b;
  th_desk_open(&b);
  OK(redress_desk_load_policies(b.desk, v1_spec, sizeof v1_spec - 1));
  OK(redress_desk_load_policies(b.desk, v2_spec, sizeof v2_spec - 1));
  c = decoded(b.desk, doc);
  unsigned version = 0;
  assert_int_equal(resolve_state(c, TH_T0 + 12 * DAY, &version), REDRESS_DEADLINE_PENDING);
  assert_int_equal(version, 2u);
  char *again = NULL;
  OK(redress_complaint_to_json(&again, NULL, c));
  assert_string_equal(again, doc); /* nothing recorded by decoding it */
  int breaches = 0;
  OK(redress_desk_save(b.desk, c));
  OK(redress_desk_tick(b.desk, TH_T0 + 30 * DAY, count_alarm, &breaches));
  OK(redress_desk_tick(b.desk, TH_T0 + 31 * DAY, count_alarm, &breaches));
  assert_int_equal(breaches, 1);
  redress_free(again);
  redress_complaint_free(c);
  free(doc);
  th_desk_close(&b);
}

/* migrate_policy: recorded with the version it chose; a breach it finds stays; a
 * deadline not yet due runs to the new target. */
static void migration_is_an_explicit_verb(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  OK(redress_desk_load_policies(t.desk, v1_spec, sizeof v1_spec - 1));
  redress_complaint *late = created(t.desk, "c-late");
  redress_complaint *early = created(t.desk, "c-early");
  OK(redress_desk_load_policies(t.desk, v2_spec, sizeof v2_spec - 1));
  /* at the due second the breach has happened: it stays */
  OK(redress_complaint_migrate_policy(late, TH_T0 + 10 * DAY, "lead", "to version 2"));
  unsigned version = 0;
  assert_int_equal(resolve_state(late, TH_T0 + 12 * DAY, &version), REDRESS_DEADLINE_BREACHED);
  assert_int_equal(version, 2u);
  /* one second before, it is still to come: it runs to 30 days */
  OK(redress_complaint_migrate_policy(early, TH_T0 + 10 * DAY - 1, "lead", NULL));
  assert_int_equal(resolve_state(early, TH_T0 + 12 * DAY, NULL), REDRESS_DEADLINE_PENDING);
  assert_int_equal(resolve_state(early, TH_T0 + 30 * DAY, NULL), REDRESS_DEADLINE_BREACHED);
  /* in the history and the document, and decoded back alike */
  const redress_event *ev = redress_complaint_event(early, 1);
  assert_int_equal(th_event_number(ev, REDRESS_FIELD_KIND), REDRESS_EVENT_MIGRATE_POLICY);
  char *doc = NULL;
  OK(redress_complaint_to_json(&doc, NULL, early));
  assert_non_null(strstr(doc, "{\"seq\":2,\"name\":\"standard\",\"version\":2,"));
  redress_complaint *back = decoded(t.desk, doc);
  char *again = NULL;
  OK(redress_complaint_to_json(&again, NULL, back));
  assert_string_equal(again, doc);
  /* refused once closed; bad input */
  assert_int_equal(redress_complaint_migrate_policy(NULL, TH_T0, "x", NULL), REDRESS_ERR_INVALID);
  assert_int_equal(redress_complaint_migrate_policy(early, TH_T0, "lead", NULL),
                   REDRESS_ERR_INVALID); /* earlier than the last event */
  OK(redress_complaint_withdraw(early, TH_T0 + 11 * DAY, "cust", NULL));
  assert_int_equal(redress_complaint_migrate_policy(early, TH_T0 + 11 * DAY, "lead", NULL),
                   REDRESS_ERR_STATE);
  redress_free(doc);
  redress_free(again);
  redress_complaint_free(back);
  redress_complaint_free(late);
  redress_complaint_free(early);
  th_desk_close(&t);
}

static const char team_spec[] = "policy escalations version 1\n  team escalations\n"
                                "  resolve 2 days\n\n"
                                "policy standard version 1\n  resolve 10 days\n";

static const char *policy_name(const redress_complaint *c, redress_time now) {
  static char name[64];
  redress_deadlines *l = NULL;
  OK(redress_complaint_deadlines(&l, c, now));
  snprintf(name, sizeof name, "%s", redress_deadlines_policy(l));
  redress_deadlines_free(l);
  return name;
}

/* A policy with a team is chosen with the team the complaint has at the event that
 * chooses: never at create (no team yet); at an assignment to another team, recorded as
 * the assignment's pin, with the running deadlines keeping their start and a breach it
 * finds staying a breach; not at an assignment that keeps the team; by set_severity and
 * migrate_policy with the team of their moment; the replay of a history without pins
 * reads the team of each event, not today's. */
static void a_team_policy_follows_the_team_at_the_choice(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  OK(redress_desk_load_policies(t.desk, team_spec, sizeof team_spec - 1));
  redress_complaint *c = created(t.desk, "c-team");
  assert_string_equal(policy_name(c, TH_T0), "standard");
  redress_complaint *sev = NULL;
  OK(redress_complaint_clone(&sev, c));
  OK(redress_complaint_assign(c, TH_T0 + HOUR, "lead", NULL, "kim", "escalations"));
  assert_string_equal(policy_name(c, TH_T0 + HOUR), "escalations");
  /* the running RESOLVE keeps its start: due two days after receipt, to the second */
  assert_int_equal(resolve_state(c, TH_T0 + 2 * DAY - 1, NULL), REDRESS_DEADLINE_PENDING);
  assert_int_equal(resolve_state(c, TH_T0 + 2 * DAY, NULL), REDRESS_DEADLINE_BREACHED);
  char *doc = document_of(c);
  assert_non_null(strstr(doc, "{\"seq\":2,\"name\":\"escalations\",\"version\":1,"));
  redress_complaint *back = decoded(t.desk, doc);
  assert_string_equal(policy_name(back, TH_T0 + 3 * HOUR), "escalations");
  redress_complaint_free(back);
  free(doc);
  /* another owner in the same team chooses nothing: no pin for event 3 */
  OK(redress_complaint_assign(c, TH_T0 + 2 * HOUR, "lead", NULL, "lee", "escalations"));
  doc = document_of(c);
  assert_null(strstr(doc, "{\"seq\":3,\"name\""));
  free(doc);
  /* a team no policy names falls through to the next match; the breach the escalations
   * policy found at day 2 stays a breach under the slower policy */
  OK(redress_complaint_assign(c, TH_T0 + 3 * DAY, "lead", NULL, "kim", "billing"));
  assert_string_equal(policy_name(c, TH_T0 + 3 * DAY), "standard");
  assert_int_equal(resolve_state(c, TH_T0 + 3 * DAY, NULL), REDRESS_DEADLINE_BREACHED);
  redress_complaint_free(c);
  /* set_severity chooses with the team too; migrate_policy after it keeps the choice */
  OK(redress_complaint_assign(sev, TH_T0 + HOUR, "lead", NULL, "kim", "billing"));
  assert_string_equal(policy_name(sev, TH_T0 + HOUR), "standard");
  OK(redress_complaint_set_severity(sev, TH_T0 + 2 * HOUR, "lead", NULL,
                                    REDRESS_SEVERITY_CRITICAL));
  assert_string_equal(policy_name(sev, TH_T0 + 2 * HOUR), "standard");
  OK(redress_complaint_migrate_policy(sev, TH_T0 + 3 * HOUR, "lead", NULL));
  assert_string_equal(policy_name(sev, TH_T0 + 3 * HOUR), "standard");
  redress_complaint_free(sev);

  /* a history written without pins (under the built-in default) replays each choice with
   * the team of its moment: create without a team, the assignment with escalations */
  th_desk bare;
  th_desk_open(&bare);
  redress_complaint *old = created(bare.desk, "c-old");
  char *created_only = document_of(old);
  OK(redress_complaint_assign(old, TH_T0 + HOUR, "lead", NULL, "kim", "escalations"));
  char *assigned = document_of(old);
  assert_null(strstr(assigned, "\"policies\""));
  redress_complaint_free(old);
  th_desk_close(&bare);
  old = decoded(t.desk, created_only);
  assert_string_equal(policy_name(old, TH_T0 + 2 * HOUR), "standard");
  redress_complaint_free(old);
  old = decoded(t.desk, assigned);
  assert_string_equal(policy_name(old, TH_T0 + 2 * HOUR), "escalations");
  redress_complaint_free(old);
  free(created_only);
  free(assigned);

  /* refusals: an empty team in the struct, a team clause without a name */
  redress_policy p = REDRESS_POLICY_INIT;
  p.name = "empty team";
  p.team = "";
  assert_int_equal(redress_desk_add_policy(t.desk, &p), REDRESS_ERR_INVALID);
  static const char no_name[] = "policy x version 1\n  team\n";
  assert_int_equal(redress_desk_load_policies(t.desk, no_name, sizeof no_name - 1),
                   REDRESS_ERR_PARSE);
  assert_non_null(strstr(redress_desk_errmsg(t.desk), "line 2, column 8: expected a name"));
  th_desk_close(&t);
}

/* A pin naming an event that chooses no policy, or a bad fingerprint, is refused. */
static void bad_pins_are_refused(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  OK(redress_desk_load_policies(t.desk, v1_spec, sizeof v1_spec - 1));
  redress_complaint *c = created(t.desk, "c-pin");
  OK(redress_complaint_acknowledge(c, TH_T0 + 1, "ann", NULL));
  char *doc = NULL;
  OK(redress_complaint_to_json(&doc, NULL, c));
  redress_complaint *out = NULL;
  char *p = strstr(doc, "\"seq\":1,\"name\"");
  p[6] = '2';
  assert_int_equal(redress_complaint_from_json(&out, t.desk, doc, strlen(doc)), REDRESS_ERR_PARSE);
  p[6] = '1';
  p = strstr(doc, "\"fingerprint\":\"") + 15;
  p[0] = 'X';
  assert_int_equal(redress_complaint_from_json(&out, t.desk, doc, strlen(doc)), REDRESS_ERR_PARSE);
  redress_free(doc);
  redress_complaint_free(c);
  th_desk_close(&t);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(spec_round_trip),
      cmocka_unit_test(spec_round_trip_at_the_largest_amounts),
      cmocka_unit_test(policy_init_has_version_one),
      cmocka_unit_test(parse_errors_name_line_and_column),
      cmocka_unit_test(load_is_all_or_nothing),
      cmocka_unit_test(an_edit_never_rewrites_history),
      cmocka_unit_test(old_documents_follow_the_current_policy),
      cmocka_unit_test(a_tick_skips_a_complaint_whose_version_it_lacks),
      cmocka_unit_test(migration_is_an_explicit_verb),
      cmocka_unit_test(bad_pins_are_refused),
      cmocka_unit_test(a_team_policy_follows_the_team_at_the_choice),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

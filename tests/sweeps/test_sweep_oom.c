/*
 * Allocation-failure sweeps, one per scenario: lifecycle verbs, deadlines, the tick,
 * JSON both ways, classification (text, complaint with store history, runtime cues,
 * precedents), metrics (new, add, add by temperament, add_many, add from the store),
 * calendars (parse with a POSIX rule and with a zone file, desk calendars and policies)
 * and the store (save, update, load, each).
 *
 * Each scenario is set up on a fresh desk with a counting allocator, then its one
 * operation is run with the k-th allocation failing, for k = 1, 2, ... until the
 * operation succeeds. Every failing run must return REDRESS_ERR_NOMEM, leave what the
 * scenario observes (the canonical JSON of the complaint, the store's records, the
 * accumulator's values...) byte-equal, and free everything: the desk is closed after
 * each run and its allocations must equal its frees. A fresh desk per run means the
 * state a desk builds lazily (the cue matcher, the always-open calendar) is swept too.
 *
 * The number of failure points of each scenario is printed (docs/reliability.md).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"
#include "sweep_common.h"

#define HOUR ((redress_time)3600)
#define DAY (24 * HOUR)

static size_t total_points;

/* ---- fixture ------------------------------------------------------------------- */

typedef struct fx {
  th_desk t;
  redress_complaint *c;    /* the complaint the scenario works on */
  redress_complaint *made; /* a complaint the operation made */
  redress_deadlines *deadlines;
  redress_verdict *verdict;
  redress_precedents *precedents;
  redress_metrics *m;
  redress_calendar *cal;
  char *doc;
  size_t doc_len;
  int arg;      /* which step of a path, which spec... */
  int alarms;   /* alarms reported by the tick */
  redress_time at;
} fx;

typedef struct scenario {
  const char *name;
  void (*setup)(fx *f);
  int (*op)(fx *f);
  char *(*observe)(fx *f); /* what the operation must not change (malloc'd), or NULL */
  int arg;
} scenario;

static void release(fx *f) {
  redress_complaint_free(f->c);
  redress_complaint_free(f->made);
  redress_deadlines_free(f->deadlines);
  redress_verdict_free(f->verdict);
  redress_precedents_free(f->precedents);
  redress_metrics_free(f->m);
  redress_calendar_free(f->cal);
  redress_free(f->doc);
}

/* Runs the scenario failing its k-th allocation for k = 1, 2, ...; returns the number
 * of failure points (runs that failed) before the first success. */
static size_t sweep(const scenario *s) {
  for (size_t k = 1;; k++) {
    fx f;
    memset(&f, 0, sizeof f);
    th_desk_open(&f.t);
    f.arg = s->arg;
    f.at = TH_T0;
    s->setup(&f);
    char *before = s->observe != NULL ? s->observe(&f) : NULL;
    f.t.counter.fail_at = f.t.counter.calls + k;
    int rc = s->op(&f);
    int injected = f.t.counter.calls >= f.t.counter.fail_at;
    f.t.counter.fail_at = 0;
    if (rc != REDRESS_OK) {
      if (rc != REDRESS_ERR_NOMEM || !injected)
        fail_msg("%s, allocation %zu: %s (%s)", s->name, k, redress_strerror(rc),
                 redress_desk_errmsg(f.t.desk));
      if (before != NULL) {
        char *after = s->observe(&f);
        if (strcmp(before, after) != 0)
          fail_msg("%s, allocation %zu: changed by a failed call\nbefore: %s\nafter:  %s",
                   s->name, k, before, after);
        free(after);
      }
      /* Nothing half-done stays behind: the same call, without a failure, succeeds. */
      int again = s->op(&f);
      if (again != REDRESS_OK)
        fail_msg("%s, allocation %zu: failed again without an allocation failure: %s (%s)",
                 s->name, k, redress_strerror(again), redress_desk_errmsg(f.t.desk));
    } else if (injected) {
      fail_msg("%s, allocation %zu: the call succeeded although an allocation failed", s->name,
               k);
    }
    free(before);
    release(&f);
    th_desk_close(&f.t); /* asserts allocations == frees */
    if (rc == REDRESS_OK) {
      printf("oom sweep %-34s %5zu failure points\n", s->name, k - 1);
      total_points += k - 1;
      return k - 1;
    }
    if (k > 200000) fail_msg("%s: no success after %zu allocations", s->name, k);
  }
}

static void sweep_all(const scenario *list, size_t n) {
  for (size_t i = 0; i < n; i++) assert_true(sweep(&list[i]) > 0);
}

/* ---- what must not change ------------------------------------------------------ */

static char *observe_complaint(fx *f) { return sw_complaint_json(f->c); }

/* The store's records, concatenated in id order (the memory store scans in id order
 * or not: the documents are collected, then sorted). */
typedef struct dump {
  redress_desk *desk;
  char *docs[64];
  size_t n;
} dump;

static int collect_doc(const redress_complaint *c, void *payload) {
  dump *d = payload;
  char line[64];
  snprintf(line, sizeof line, "@%llu ", (unsigned long long)((uint64_t)th_number(c, REDRESS_FIELD_REVISION)));
  char *doc = sw_complaint_json(c);
  size_t n = strlen(line) + strlen(doc) + 1;
  char *entry = malloc(n);
  assert_non_null(entry);
  snprintf(entry, n, "%s%s", line, doc);
  free(doc);
  assert_true(d->n < 64);
  d->docs[d->n++] = entry;
  return 0;
}

/* The change feed, one entry per change, in order (a failed save writes none). */
static int collect_change(const redress_change *ch, void *payload) {
  dump *d = payload;
  char line[256];
  snprintf(line, sizeof line, "#%llu %s@%llu k%d e%d s%u d%d l%d a%u t%lld u%lld",
           (unsigned long long)ch->cursor, ch->complaint_id, (unsigned long long)ch->revision,
           ch->kind, ch->event_kind, ch->event_seq, ch->deadline_kind, ch->level, ch->anchor,
           (long long)ch->at, (long long)ch->due);
  size_t n = strlen(line) + 1;
  char *entry = malloc(n);
  assert_non_null(entry);
  memcpy(entry, line, n);
  assert_true(d->n < 64);
  d->docs[d->n++] = entry;
  return 0;
}

static char *observe_store(fx *f) {
  dump d = {f->t.desk, {0}, 0};
  assert_int_equal(redress_desk_each(f->t.desk, collect_doc, &d), REDRESS_OK);
  assert_int_equal(redress_desk_feed(f->t.desk, 0, 1000, collect_change, &d), REDRESS_OK);
  return sw_join_sorted(d.docs, d.n);
}

static char *observe_complaint_and_store(fx *f) {
  char *a = observe_complaint(f), *b = observe_store(f);
  size_t n = strlen(a) + strlen(b) + 2;
  char *both = malloc(n);
  assert_non_null(both);
  snprintf(both, n, "%s|%s", a, b);
  free(a);
  free(b);
  return both;
}

static char *observe_metrics(fx *f) { return sw_metrics_snapshot(f->m); }

/* ---- building blocks ---------------------------------------------------------------- */

static redress_complaint *make(fx *f, const char *id, const char *customer, const char *category,
                               const char *text, redress_time received) {
  return sw_complaint(f->t.desk, id, customer, category, text, received);
}

static void save_decided(fx *f, const char *id, const char *customer, const char *category,
                         const char *text, redress_time received) {
  sw_save_decided(f->t.desk, id, customer, category, text, received);
}

static void add_office(fx *f) {
  static const char office[] =
      "tz=CET-1CEST,M3.5.0,M10.5.0/3\nmon-fri 09:00-12:30,13:30-18:00\nsat 10:00-14:00\n"
      "holiday 2026-12-25\nholiday 2026-12-31 13:00-18:00\n";
  assert_int_equal(redress_desk_add_calendar(f->t.desk, "office", office, sizeof office - 1),
                   REDRESS_OK);
  redress_policy p = REDRESS_POLICY_INIT;
  p.name = "serious";
  p.min_severity = REDRESS_SEVERITY_HIGH;
  p.calendar = "office";
  p.acknowledge = (redress_span){4 * HOUR, REDRESS_SPAN_BUSINESS_SECONDS};
  p.update_every = (redress_span){2, REDRESS_SPAN_BUSINESS_DAYS};
  p.resolve = (redress_span){10, REDRESS_SPAN_BUSINESS_DAYS};
  p.resolve_extended = (redress_span){25, REDRESS_SPAN_BUSINESS_DAYS};
  p.follow_up = (redress_span){7 * DAY, REDRESS_SPAN_CALENDAR_SECONDS};
  p.warn_percent = 75;
  p.pause_when_awaiting_customer = 1;
  assert_int_equal(redress_desk_add_policy(f->t.desk, &p), REDRESS_OK);
}

/* ---- lifecycle: every verb, swept from the state the path has reached ---------------- */

enum verb {
  ACK, INVESTIGATE, PROMISE, HOLD, ASSESS, ESCALATE, AWAIT, REPLY, SEVERITY, UPDATE, NOTE,
  RESPOND, FULFILL, CONFIRM, REOPEN, CLOSE, SPOT, WITHDRAW, SET_ATTR, REPLACE_ATTR
};

static const enum verb main_path[] = {SET_ATTR, REPLACE_ATTR, ACK, INVESTIGATE, PROMISE, HOLD,
                                      ASSESS, ESCALATE, AWAIT, REPLY, SEVERITY, UPDATE, NOTE,
                                      RESPOND, FULFILL, CONFIRM, REOPEN, RESPOND, CLOSE};
static const enum verb spot_path[] = {SPOT, REOPEN, WITHDRAW};
#define MAIN_STEPS ((int)(sizeof main_path / sizeof main_path[0]))

static int apply(fx *f, enum verb v) {
  redress_complaint *c = f->c;
  redress_time at = f->at += HOUR;
  switch (v) {
  case ACK: return redress_complaint_acknowledge(c, at, "ann", "So sorry about this.");
  case INVESTIGATE:
    return redress_complaint_investigate(c, at, "ann", NULL, "charged twice", "refund");
  case PROMISE: return redress_complaint_promise(c, at, "ann", "by Friday", at + 3 * DAY);
  case HOLD: return redress_complaint_hold(c, at, "ann", "still checking");
  case ASSESS: return redress_complaint_assess(c, at, "lead", NULL, REDRESS_LEGITIMACY_MISINFORMED);
  case ESCALATE: return redress_complaint_escalate(c, at, "ann", NULL, "supervisor");
  case AWAIT: return redress_complaint_await_customer(c, at, "ann", "which card?");
  case REPLY: return redress_complaint_customer_reply(c, f->at += DAY, "cust-42", "the visa");
  case SEVERITY: return redress_complaint_set_severity(c, at, "lead", NULL, REDRESS_SEVERITY_CRITICAL);
  case UPDATE: return redress_complaint_update(c, at, "ann", "refund approved");
  case NOTE: return redress_complaint_note(c, at, "ann", "PSP log checked", 0);
  case RESPOND:
    return redress_complaint_respond(c, at, "lead", NULL, REDRESS_DECISION_UPHELD, "refund", 4990);
  case FULFILL: return redress_complaint_fulfill(c, at, "ops", NULL);
  case CONFIRM: return redress_complaint_confirm(c, at, "cust-42", NULL, 4);
  case REOPEN: return redress_complaint_reopen(c, at, "ann", "charged again");
  case CLOSE: return redress_complaint_close(c, at, "ann", NULL);
  case SPOT:
    return redress_complaint_resolve_on_the_spot(c, at, "ann", NULL, REDRESS_DECISION_PARTLY_UPHELD,
                                                 "voucher", 1000);
  case WITHDRAW: return redress_complaint_withdraw(c, at, "cust-42", NULL);
  case SET_ATTR: return redress_complaint_set_attr(c, "crm_ticket", "T-99812");
  default: return redress_complaint_set_attr(c, "crm_ticket", "T-99813");
  }
}

static void setup_main(fx *f) {
  add_office(f);
  f->c = make(f, "c-1", "cust-42", "billing", "Charged twice!", TH_T0);
  for (int i = 0; i < f->arg; i++) assert_int_equal(apply(f, main_path[i]), REDRESS_OK);
}
static int op_main(fx *f) { return apply(f, main_path[f->arg]); }

static void setup_spot(fx *f) {
  f->c = make(f, "c-2", "cust-42", "billing", "Charged twice!", TH_T0);
  for (int i = 0; i < f->arg; i++) assert_int_equal(apply(f, spot_path[i]), REDRESS_OK);
}
static int op_spot(fx *f) { return apply(f, spot_path[f->arg]); }

static void setup_nothing(fx *f) { (void)f; }
static int op_create(fx *f) {
  redress_complaint_fields in = th_full_init(NULL);
  redress_complaint *c = NULL;
  int rc = redress_complaint_create(&c, f->t.desk, &in);
  if (rc != REDRESS_OK) assert_null(c);
  f->made = c;
  return rc;
}

static void setup_closed(fx *f) {
  f->arg = MAIN_STEPS;
  setup_main(f);
}
static int op_clone(fx *f) {
  redress_complaint *copy = NULL;
  int rc = redress_complaint_clone(&copy, f->c);
  if (rc != REDRESS_OK) assert_null(copy);
  f->made = copy;
  return rc;
}

static void lifecycle_verbs(void **state) {
  (void)state;
  static const char *const names[] = {
      "set_attr", "set_attr (replace)", "acknowledge", "investigate", "promise", "hold",
      "assess", "escalate", "await_customer", "customer_reply", "set_severity", "update",
      "note", "respond", "fulfill", "confirm", "reopen", "respond again", "close"};
  for (int i = 0; i < MAIN_STEPS; i++) {
    scenario s = {names[i], setup_main, op_main, observe_complaint, i};
    assert_true(sweep(&s) > 0);
  }
  static const char *const spot_names[] = {"resolve_on_the_spot", "reopen (spot)", "withdraw"};
  for (int i = 0; i < 3; i++) {
    scenario s = {spot_names[i], setup_spot, op_spot, observe_complaint, i};
    assert_true(sweep(&s) > 0);
  }
  const scenario more[] = {
      {"complaint_create", setup_nothing, op_create, NULL, 0},
      {"complaint_clone", setup_closed, op_clone, observe_complaint, 0},
  };
  sweep_all(more, 2);
}

/* ---- deadlines and the tick ---------------------------------------------------------- */

static void setup_deadlines(fx *f) {
  f->arg = 11; /* up to set_severity: a pause, a hold, a promise, a policy change */
  setup_main(f);
}
static int op_deadlines(fx *f) {
  return redress_complaint_deadlines(&f->deadlines, f->c, f->at + 2 * DAY);
}

static int on_alarm(const redress_complaint *c, int kind, int level, redress_time due,
                    void *payload) {
  (void)c;
  (void)kind;
  (void)level;
  (void)due;
  ((fx *)payload)->alarms++;
  return 0;
}

/* One stored complaint whose acknowledgement is overdue: the tick records and saves a
 * warning and a breach, or fails with the store as it was. */
static void setup_tick(fx *f) {
  add_office(f);
  f->c = make(f, "c-3", "cust-42", "billing", "Charged twice!", TH_T0);
  assert_int_equal(redress_desk_save(f->t.desk, f->c), REDRESS_OK);
}
static int op_tick(fx *f) {
  int rc = redress_desk_tick(f->t.desk, TH_T0 + 3 * DAY, on_alarm, f);
  if (rc != REDRESS_OK) assert_int_equal(f->alarms, 0);
  else assert_true(f->alarms > 0); /* the acknowledgement: warned, then breached */
  return rc;
}

static void deadlines_and_tick(void **state) {
  (void)state;
  const scenario list[] = {
      {"complaint_deadlines", setup_deadlines, op_deadlines, observe_complaint, 0},
      {"desk_tick", setup_tick, op_tick, observe_store, 0},
  };
  sweep_all(list, 2);
}

/* ---- JSON ------------------------------------------------------------------------------- */

static void setup_json(fx *f) {
  setup_closed(f);
  assert_int_equal(redress_complaint_to_json(&f->doc, &f->doc_len, f->c), REDRESS_OK);
}
static int op_encode(fx *f) {
  char *doc = NULL;
  int rc = redress_complaint_to_json(&doc, NULL, f->c);
  if (rc != REDRESS_OK) assert_null(doc);
  redress_free(doc);
  return rc;
}
static int op_decode(fx *f) {
  int rc = redress_complaint_from_json(&f->made, f->t.desk, f->doc, f->doc_len);
  if (rc != REDRESS_OK) assert_null(f->made);
  return rc;
}

static void json_both_ways(void **state) {
  (void)state;
  const scenario list[] = {
      {"complaint_to_json", setup_json, op_encode, observe_complaint, 0},
      {"complaint_from_json", setup_json, op_decode, observe_complaint, 0},
  };
  sweep_all(list, 2);
}

/* ---- classification --------------------------------------------------------------------- */

static const char angry[] =
    "I am FURIOUS!!! Charged twice for order #A-1001, 49.90 EUR. I will call my lawyer and "
    "post this on twitter. 정말 화났어요 ㅠㅠ 我要投诉到消协";

static int op_classify_text(fx *f) {
  return redress_classify_text(&f->verdict, f->t.desk, angry, sizeof angry - 1);
}

static void setup_with_history(fx *f) {
  save_decided(f, "h-1", "cust-42", "billing", "double charge again", TH_T0 - 30 * DAY);
  save_decided(f, "h-2", "cust-42", "delivery", "late parcel", TH_T0 - 20 * DAY);
  save_decided(f, "h-3", "cust-7", "billing", "charged twice on my card", TH_T0 - 10 * DAY);
  f->c = make(f, "c-4", "cust-42", "billing", angry, TH_T0);
}
static int op_classify(fx *f) { return redress_classify(&f->verdict, f->t.desk, f->c); }
static int op_precedents(fx *f) {
  return redress_desk_precedents(&f->precedents, f->t.desk, f->c, 5);
}

/* The probe's verdict, which must not change when adding cues fails. */
static char *observe_verdict(fx *f) {
  redress_verdict *v = NULL;
  assert_int_equal(redress_classify_text(&v, f->t.desk, angry, sizeof angry - 1), REDRESS_OK);
  char buf[256];
  snprintf(buf, sizeof buf, "%d %.17g %.17g %d %x %x %zu", th_summary(v).temperament,
           th_summary(v).rational, th_summary(v).emotional,
           th_summary(v).legitimacy, (unsigned)th_summary(v).risks,
           (unsigned)th_summary(v).playbook, th_summary(v).reason_count);
  redress_verdict_free(v);
  return sw_copy_text(buf);
}
static int op_add_cues(fx *f) {
  static const char tsv[] = "# host cues\nfurious\tanger\t0\nchargeback\tlegal\t2\n"
                            "환불-\trequest\t1.5\n退款\trequest\t1\n";
  return redress_desk_add_cues(f->t.desk, tsv, sizeof tsv - 1);
}

/* The same cues again, one weight changed: repeated terms replace their entries. */
static void setup_cues(fx *f) { assert_int_equal(op_add_cues(f), REDRESS_OK); }
static int op_add_cues_again(fx *f) {
  static const char tsv[] = "furious\tanger\t3\nchargeback\tlegal\t2\n"
                            "환불-\trequest\t1.5\n退款\trequest\t1\n";
  return redress_desk_add_cues(f->t.desk, tsv, sizeof tsv - 1);
}

static void classification(void **state) {
  (void)state;
  const scenario list[] = {
      {"classify_text (matcher built)", setup_nothing, op_classify_text, NULL, 0},
      {"classify (store history)", setup_with_history, op_classify, observe_complaint_and_store, 0},
      {"desk_precedents", setup_with_history, op_precedents, observe_complaint_and_store, 0},
      {"desk_add_cues", setup_nothing, op_add_cues, observe_verdict, 0},
      {"desk_add_cues (terms again)", setup_cues, op_add_cues_again, observe_verdict, 0},
  };
  sweep_all(list, 5);
}

/* ---- metrics -------------------------------------------------------------------------- */

static int op_metrics_new(fx *f) {
  return redress_metrics_new(&f->m, f->t.desk, NULL, REDRESS_GROUP_BY_CATEGORY, TH_T0 + 9 * DAY);
}

static void setup_metrics(fx *f) {
  assert_int_equal(op_metrics_new(f), REDRESS_OK);
  redress_complaint *a = make(f, "m-1", "cust-1", "delivery", "late", TH_T0);
  assert_int_equal(redress_complaint_resolve_on_the_spot(a, TH_T0 + 60, "ann", NULL,
                                                         REDRESS_DECISION_UPHELD, NULL, 500),
                   REDRESS_OK);
  assert_int_equal(redress_metrics_add(f->m, a), REDRESS_OK);
  redress_complaint_free(a);
  f->arg = 18; /* reopened and responded again */
  setup_main(f);
}
static int op_metrics_add(fx *f) { return redress_metrics_add(f->m, f->c); }
/* An array of one: a failure leaves the accumulator as it was, as add's does. */
static int op_metrics_add_many(fx *f) { return redress_metrics_add_many(NULL, f->m, &f->c, 1); }

static void setup_metrics_temperament(fx *f) {
  assert_int_equal(redress_metrics_new(&f->m, f->t.desk, NULL, REDRESS_GROUP_BY_TEMPERAMENT,
                                       TH_T0 + 9 * DAY),
                   REDRESS_OK);
  f->c = make(f, "m-2", "cust-1", "billing", angry, TH_T0);
}

static void setup_metrics_store(fx *f) {
  save_decided(f, "s-1", "cust-1", "billing", "late", TH_T0);
  save_decided(f, "s-2", "cust-2", "delivery", "broken", TH_T0 + DAY);
  save_decided(f, "s-3", "cust-3", "billing", "rude agent", TH_T0 + 2 * DAY);
  f->arg = 15;
  setup_main(f); /* c-1, confirmed */
  assert_int_equal(redress_desk_save(f->t.desk, f->c), REDRESS_OK);
  assert_int_equal(op_metrics_new(f), REDRESS_OK);
}
static int op_metrics_add_store(fx *f) {
  return redress_metrics_add_store(f->m, REDRESS_METRICS_FROM_ALL, REDRESS_METRICS_TO_ALL);
}

static void metrics(void **state) {
  (void)state;
  const scenario list[] = {
      {"metrics_new", setup_nothing, op_metrics_new, NULL, 0},
      {"metrics_add (by category)", setup_metrics, op_metrics_add, observe_metrics, 0},
      {"metrics_add (by temperament)", setup_metrics_temperament, op_metrics_add, observe_metrics, 0},
      {"metrics_add_many (by category)", setup_metrics, op_metrics_add_many, observe_metrics, 0},
      {"metrics_add_store", setup_metrics_store, op_metrics_add_store, observe_metrics, 0},
  };
  sweep_all(list, 5);
}

/* ---- calendars and policies -------------------------------------------------------------- */

static int op_parse_posix(fx *f) {
  static const char spec[] = "tz=CET-1CEST,M3.5.0,M10.5.0/3 # Berlin\nmon-fri 09:00-12:30,13:30-18:00\n"
                             "sat 10:00-14:00; holiday 2026-12-25; holiday 2026-12-24\n"
                             "holiday 2026-12-31 13:00-18:00\n";
  int rc = redress_calendar_parse(&f->cal, f->t.desk, spec, sizeof spec - 1);
  if (rc != REDRESS_OK) assert_null(f->cal);
  return rc;
}
static int op_parse_zone(fx *f) {
  static const char spec[] = "tz=Europe/London\nmon-sun 00:30-02:30\nholiday 2027-03-28";
  int rc = redress_calendar_parse(&f->cal, f->t.desk, spec, sizeof spec - 1);
  if (rc != REDRESS_OK) assert_null(f->cal);
  return rc;
}

/* The desk's calendars and policies, as the deadlines of a probe complaint see them. */
static char *observe_desk(fx *f) {
  redress_complaint *c = make(f, "probe", "cust-1", "billing", "x", TH_T0);
  redress_deadlines *l = NULL;
  assert_int_equal(redress_complaint_deadlines(&l, c, TH_T0 + DAY), REDRESS_OK);
  char buf[512];
  int n = snprintf(buf, sizeof buf, "%s", redress_deadlines_policy(l));
  for (size_t i = 0; i < redress_deadlines_count(l); i++)
    n += snprintf(buf + n, sizeof buf - (size_t)n, " %d:%lld", th_deadline(l, i).kind,
                  (long long)th_deadline(l, i).due);
  redress_deadlines_free(l);
  redress_complaint_free(c);
  return sw_copy_text(buf);
}
static int op_add_calendar(fx *f) {
  static const char spec[] = "tz=CET-1CEST,M3.5.0,M10.5.0/3\nmon-fri 08:00-16:00\nholiday 2026-12-24";
  return redress_desk_add_calendar(f->t.desk, "berlin", spec, sizeof spec - 1);
}
static void setup_calendar(fx *f) { assert_int_equal(op_add_calendar(f), REDRESS_OK); }
static int op_add_policy(fx *f) {
  redress_policy p = REDRESS_POLICY_INIT;
  p.name = "billing-de";
  p.category = "billing";
  p.customer_tier = "gold";
  p.calendar = "berlin";
  p.acknowledge = (redress_span){1, REDRESS_SPAN_BUSINESS_DAYS};
  p.resolve = (redress_span){15, REDRESS_SPAN_BUSINESS_DAYS};
  return redress_desk_add_policy(f->t.desk, &p);
}

static void calendars_and_policies(void **state) {
  (void)state;
  const scenario list[] = {
      {"calendar_parse (POSIX rule)", setup_nothing, op_parse_posix, NULL, 0},
      {"desk_add_calendar", setup_nothing, op_add_calendar, observe_desk, 0},
      {"desk_add_policy", setup_calendar, op_add_policy, observe_desk, 0},
      {"calendar_parse (zone file)", setup_nothing, op_parse_zone, NULL, 0},
  };
  sweep_all(list, 4); /* the zone file: tests/data/zoneinfo */
}

/* Calendar arithmetic promises not to allocate at all. */
static void calendar_arithmetic_does_not_allocate(void **state) {
  (void)state;
  fx f;
  memset(&f, 0, sizeof f);
  th_desk_open(&f.t);
  assert_int_equal(op_parse_zone(&f), REDRESS_OK);
  size_t calls = f.t.counter.calls;
  redress_time due = 0;
  int64_t open = 0;
  for (int unit = REDRESS_SPAN_CALENDAR_SECONDS; unit <= REDRESS_SPAN_BUSINESS_DAYS; unit++)
    assert_int_equal(redress_calendar_add(&due, f.cal, TH_T0, 40, unit), REDRESS_OK);
  assert_int_equal(redress_calendar_elapsed(&open, f.cal, TH_T0, TH_T0 + 400 * DAY), REDRESS_OK);
  assert_true(redress_calendar_is_open(f.cal, TH_T0) >= 0);
  assert_int_equal(f.t.counter.calls, calls);
  release(&f);
  th_desk_close(&f.t);
}

/* ---- the store --------------------------------------------------------------------------- */

static void setup_unsaved(fx *f) {
  f->arg = 6;
  setup_main(f);
}
static int op_save(fx *f) { return redress_desk_save(f->t.desk, f->c); }

static void setup_saved(fx *f) {
  setup_unsaved(f);
  assert_int_equal(redress_desk_save(f->t.desk, f->c), REDRESS_OK);
  assert_int_equal(apply(f, main_path[6]), REDRESS_OK);
}
static int op_load(fx *f) {
  int rc = redress_desk_load(&f->made, f->t.desk, "c-1");
  if (rc != REDRESS_OK) assert_null(f->made);
  return rc;
}
static int count_one(const redress_complaint *c, void *payload) {
  (void)c;
  ++*(int *)payload;
  return 0;
}
static int op_each(fx *f) {
  int n = 0;
  return redress_desk_each(f->t.desk, count_one, &n);
}

static int count_change(const redress_change *ch, void *payload) {
  (void)ch;
  ++*(int *)payload;
  return 0;
}
/* The feed in pages of three. */
static int op_feed(fx *f) {
  int n = 0;
  uint64_t after = 0;
  for (;;) {
    int before = n;
    int rc = redress_desk_feed(f->t.desk, after, 3, count_change, &n);
    if (rc != REDRESS_OK) return rc;
    if (n - before < 3) break;
    after += 3;
  }
  assert_true(n > 3);
  return REDRESS_OK;
}

static void store_operations(void **state) {
  (void)state;
  const scenario list[] = {
      {"desk_save (new)", setup_unsaved, op_save, observe_complaint_and_store, 0},
      {"desk_save (update)", setup_saved, op_save, observe_complaint_and_store, 0},
      {"desk_load", setup_saved, op_load, observe_store, 0},
      {"desk_each", setup_with_history, op_each, observe_store, 0},
      {"desk_feed", setup_with_history, op_feed, observe_store, 0},
  };
  sweep_all(list, 5);
}

static int report_total(void **state) {
  (void)state;
  printf("oom sweep total: %zu failure points\n", total_points);
  return 0;
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(lifecycle_verbs),
      cmocka_unit_test(deadlines_and_tick),
      cmocka_unit_test(json_both_ways),
      cmocka_unit_test(classification),
      cmocka_unit_test(metrics),
      cmocka_unit_test(calendars_and_policies),
      cmocka_unit_test(calendar_arithmetic_does_not_allocate),
      cmocka_unit_test(store_operations),
  };
  return cmocka_run_group_tests(tests, NULL, report_total);
}

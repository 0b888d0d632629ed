/*
 * Store fault sweeps: every operation that reaches the store (save, load, remove, each, the feed,
 * the tick, metrics over the store, classification with the customer's history,
 * precedents) is run over a store that fails its k-th call (tests/stores/faulty_store.h), for
 * k = 1, 2, ... until a run injects no fault. Each failing run must:
 *   - return REDRESS_ERR_STORE (also when the store answers with a code outside the
 *     contract), with a message;
 *   - leave the complaint in memory, the accumulator and the stored records exactly as
 *     they were (the records are read from the wrapped store, bypassing the wrapper);
 *   - free what it allocated (desk closed after each run, allocations == frees);
 *   - succeed when called again without a fault.
 * Iterating slots (scan, due, by_customer) are also failed after handing over their
 * first record, as a broken database cursor would. Every store is swept twice: with its
 * due and by_customer indexes, and without them (the desk then scans).
 *
 * The tick over several complaints saves each complaint's alarms as it goes, so a fault
 * in the middle legitimately leaves the alarms saved so far. There the rule is the
 * tick's own: no alarm is reported that was not saved, and ticking again after the
 * fault reports each remaining alarm once, ending with the store a fault-free tick
 * leaves.
 *
 * The number of faults injected is printed (docs/reliability.md).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "faulty_store.h"
#include "helpers.h"
#include "sweep_common.h"

#define HOUR ((redress_time)3600)
#define DAY (24 * HOUR)
#define TICK_AT (TH_T0 + 40 * DAY)

static unsigned long total_faults;

/* ---- fixture: a desk over a faulty memory store ---------------------------------- */

typedef struct fx {
  th_counter counter;
  redress_allocator alloc;
  th_clock clock;
  faulty_store fs;
  redress_store inner;
  redress_desk *desk;
  redress_complaint *c;
  redress_complaint *made;
  redress_verdict *verdict;
  redress_precedents *precedents;
  redress_metrics *m;
  int alarms;           /* alarms reported */
  char reported[2048];  /* "id kind level;" per alarm reported */
} fx;

typedef struct scenario {
  const char *name;
  void (*setup)(fx *f);
  int (*op)(fx *f);
  char *(*observe)(fx *f); /* what a failed call must not change, besides the store */
} scenario;

static void fx_open(fx *f, int indexed) {
  memset(f, 0, sizeof *f);
  f->alloc = th_counting_allocator(&f->counter);
  f->clock.now = TH_T0;
  assert_int_equal(redress_memory_store_new(&f->inner, NULL), REDRESS_OK);
  redress_store inner = f->inner;
  if (!indexed) {
    inner.due = NULL;
    inner.by_customer = NULL;
  }
  faulty_store_init(&f->fs, &inner);
  f->fs.destroy_inner = 1;
  redress_store vt = faulty_store_vtable(&f->fs);
  redress_desk_options o = REDRESS_DESK_OPTIONS_INIT;
  o.allocator = &f->alloc;
  o.clock = th_clock_read;
  o.clock_ud = &f->clock;
  o.store = &vt;
  assert_int_equal(redress_desk_open(&f->desk, &o), REDRESS_OK);
}

static void fx_close(fx *f) {
  redress_complaint_free(f->c);
  redress_complaint_free(f->made);
  redress_verdict_free(f->verdict);
  redress_precedents_free(f->precedents);
  redress_metrics_free(f->m);
  redress_desk_close(f->desk);
  assert_int_equal(f->counter.allocs, f->counter.frees);
}

/* ---- observing the wrapped store directly ----------------------------------------- */

typedef struct records {
  char *lines[64];
  size_t n;
} records;

static int copy_record(const redress_record *r, void *payload) {
  records *rs = payload;
  char head[512];
  int n = snprintf(head, sizeof head, "%s %s st=%d sev=%d ch=%d rx=%lld up=%lld alarm=%lld rev=%llu ",
                   r->id, r->customer_id, r->state, r->severity, r->channel,
                   (long long)r->received_at, (long long)r->updated_at,
                   (long long)r->next_alarm, (unsigned long long)r->revision);
  char *line = malloc((size_t)n + r->doc_len + 1);
  assert_non_null(line);
  memcpy(line, head, (size_t)n);
  memcpy(line + n, r->doc, r->doc_len);
  line[(size_t)n + r->doc_len] = '\0';
  assert_true(rs->n < 64);
  rs->lines[rs->n++] = line;
  return 0;
}

static char *stored(fx *f) {
  records rs = {{0}, 0};
  assert_int_equal(f->inner.scan(f->inner.ud, copy_record, &rs), REDRESS_OK);
  return sw_join_sorted(rs.lines, rs.n);
}

static char *observe_complaint(fx *f) { return sw_complaint_json(f->c); }

static char *observe_metrics(fx *f) { return sw_metrics_snapshot(f->m); }

/* ---- the sweep ------------------------------------------------------------------- */

static void check_failed_run(fx *f, const scenario *s, const char *what, int rc,
                             const char *before, const char *store_before) {
  if (rc != REDRESS_ERR_STORE)
    fail_msg("%s (%s): a fault in store.%s gave %s (%s)", s->name, what, f->fs.failed_slot,
             redress_strerror(rc), redress_desk_errmsg(f->desk));
  if (redress_desk_errmsg(f->desk)[0] == '\0') fail_msg("%s (%s): no message", s->name, what);
  if (f->alarms != 0) fail_msg("%s (%s): an alarm was reported by a failed tick", s->name, what);
  char *store_after = stored(f);
  if (strcmp(store_before, store_after) != 0)
    fail_msg("%s (%s): the store changed\nbefore: %s\nafter:  %s", s->name, what, store_before,
             store_after);
  free(store_after);
  if (before != NULL) {
    char *after = s->observe(f);
    if (strcmp(before, after) != 0)
      fail_msg("%s (%s): changed by the failed call\nbefore: %s\nafter:  %s", s->name, what,
               before, after);
    free(after);
  }
  int again = s->op(f);
  if (again != REDRESS_OK)
    fail_msg("%s (%s): failed again without a fault: %s (%s)", s->name, what,
             redress_strerror(again), redress_desk_errmsg(f->desk));
}

/* One run with the k-th store call failing; 1 when a fault was injected. */
static int run_once(const scenario *s, int indexed, faulty_mode mode, int code, unsigned long k) {
  fx f;
  fx_open(&f, indexed);
  s->setup(&f);
  char *before = s->observe != NULL ? s->observe(&f) : NULL;
  char *store_before = stored(&f);
  f.fs.mode = mode;
  f.fs.fail_code = code;
  f.fs.fail_at = f.fs.calls + k;
  int rc = s->op(&f);
  int injected = f.fs.failures > 0;
  f.fs.fail_at = 0;
  char what[96];
  snprintf(what, sizeof what, "%s, call %lu, %s, code %d", indexed ? "indexed" : "scan only", k,
           mode == FAULTY_BEFORE_CALL ? "before the call" : "after one record", code);
  if (injected) check_failed_run(&f, s, what, rc, before, store_before);
  else if (rc != REDRESS_OK)
    fail_msg("%s (%s): failed without a fault: %s (%s)", s->name, what, redress_strerror(rc),
             redress_desk_errmsg(f.desk));
  free(before);
  free(store_before);
  fx_close(&f);
  return injected;
}

static unsigned long sweep(const scenario *s) {
  static const struct {
    faulty_mode mode;
    int code;
  } kinds[] = {{FAULTY_BEFORE_CALL, REDRESS_ERR_STORE},
               {FAULTY_AFTER_FIRST, REDRESS_ERR_STORE},
               {FAULTY_BEFORE_CALL, -100}}; /* a code outside the contract */
  unsigned long faults = 0;
  for (int indexed = 1; indexed >= 0; indexed--)
    for (size_t m = 0; m < sizeof kinds / sizeof kinds[0]; m++)
      for (unsigned long k = 1; run_once(s, indexed, kinds[m].mode, kinds[m].code, k); k++)
        faults++;
  printf("store sweep %-30s %4lu faults injected\n", s->name, faults);
  total_faults += faults;
  return faults;
}

/* ---- scenarios -------------------------------------------------------------------- */

static redress_complaint *make(fx *f, const char *id, const char *customer, const char *category,
                               const char *text, redress_time received) {
  return sw_complaint(f->desk, id, customer, category, text, received);
}

static void save_decided(fx *f, const char *id, const char *customer, const char *category,
                         const char *text, redress_time received) {
  sw_save_decided(f->desk, id, customer, category, text, received);
}

/* An open complaint, saved, whose deadlines are due by TICK_AT. */
static void save_open(fx *f, const char *id, const char *customer, redress_time received) {
  redress_complaint *c = make(f, id, customer, "billing", "Where is my refund?", received);
  assert_int_equal(redress_complaint_acknowledge(c, received + HOUR, "ann", NULL), REDRESS_OK);
  assert_int_equal(redress_desk_save(f->desk, c), REDRESS_OK);
  redress_complaint_free(c);
}

/* Two decided complaints of cust-42, one of another customer, one open of each. */
static void setup_store(fx *f) {
  save_decided(f, "h-1", "cust-42", "billing", "charged twice, furious", TH_T0 - 30 * DAY);
  save_decided(f, "h-2", "cust-42", "delivery", "parcel late", TH_T0 - 20 * DAY);
  save_decided(f, "h-3", "cust-7", "billing", "charged twice on my card", TH_T0 - 10 * DAY);
  save_open(f, "o-1", "cust-42", TH_T0 - 5 * DAY);
}

static void setup_new(fx *f) {
  setup_store(f);
  f->c = make(f, "c-1", "cust-42", "billing", "Charged twice again! I want a refund.", TH_T0);
  assert_int_equal(redress_complaint_acknowledge(f->c, TH_T0 + 60, "ann", NULL), REDRESS_OK);
}

static void setup_saved(fx *f) {
  setup_new(f);
  assert_int_equal(redress_desk_save(f->desk, f->c), REDRESS_OK);
  assert_int_equal(redress_complaint_investigate(f->c, TH_T0 + 120, "ann", NULL, "double charge",
                                                 "refund"),
                   REDRESS_OK);
}

static int op_save(fx *f) { return redress_desk_save(f->desk, f->c); }
static int op_load(fx *f) {
  redress_complaint_free(f->made);
  f->made = NULL;
  int rc = redress_desk_load(&f->made, f->desk, "c-1");
  if (rc != REDRESS_OK) assert_null(f->made);
  return rc;
}
static int op_remove(fx *f) {
  return redress_desk_remove(f->desk, "c-1", ((uint64_t)th_number(f->c, REDRESS_FIELD_REVISION)));
}
static int count_one(const redress_complaint *c, void *payload) {
  (void)c;
  ++*(int *)payload;
  return 0;
}
static int op_each(fx *f) {
  int n = 0;
  int rc = redress_desk_each(f->desk, count_one, &n);
  if (rc == REDRESS_OK) assert_int_equal(n, 5);
  return rc;
}
static int op_classify(fx *f) {
  redress_verdict_free(f->verdict);
  f->verdict = NULL;
  int rc = redress_classify(&f->verdict, f->desk, f->c);
  if (rc != REDRESS_OK) assert_null(f->verdict);
  return rc;
}
static int op_precedents(fx *f) {
  redress_precedents_free(f->precedents);
  f->precedents = NULL;
  int rc = redress_desk_precedents(&f->precedents, f->desk, f->c, 5);
  if (rc != REDRESS_OK) assert_null(f->precedents);
  else assert_true(redress_precedents_count(f->precedents) >= 2);
  return rc;
}

static void setup_metrics(fx *f) {
  setup_saved(f);
  assert_int_equal(redress_metrics_new(&f->m, f->desk, NULL, REDRESS_GROUP_BY_CATEGORY, TICK_AT),
                   REDRESS_OK);
  redress_complaint *extra = make(f, "x-1", "cust-9", "returns", "broken", TH_T0);
  assert_int_equal(redress_metrics_add(f->m, extra), REDRESS_OK);
  redress_complaint_free(extra);
}
static int op_metrics_add_store(fx *f) {
  return redress_metrics_add_store(f->m, REDRESS_METRICS_FROM_ALL, REDRESS_METRICS_TO_ALL);
}

static int on_alarm(const redress_complaint *c, int kind, int level, redress_time due,
                    void *payload) {
  fx *f = payload;
  (void)due;
  size_t used = strlen(f->reported);
  snprintf(f->reported + used, sizeof f->reported - used, "%s %d %d;", redress_complaint_id(c),
           kind, level);
  f->alarms++;
  return 0;
}

static void setup_tick_one(fx *f) { save_open(f, "o-1", "cust-42", TH_T0); }
static int op_tick(fx *f) {
  int rc = redress_desk_tick(f->desk, TICK_AT, on_alarm, f);
  if (rc == REDRESS_OK) assert_true(f->alarms > 0);
  return rc;
}

static int count_change(const redress_change *ch, void *payload) {
  (void)ch;
  ++*(int *)payload;
  return 0;
}
/* The whole feed, two changes per call so that it takes several pages. */
static int op_feed(fx *f) {
  int n = 0;
  uint64_t after = 0;
  for (;;) {
    int before = n;
    int rc = redress_desk_feed(f->desk, after, 2, count_change, &n);
    if (rc != REDRESS_OK) return rc;
    if (n - before < 2) break;
    after += 2;
  }
  assert_int_equal(n, 10); /* every change setup_saved saved */
  return REDRESS_OK;
}

static void store_operations(void **state) {
  (void)state;
  const scenario list[] = {
      {"desk_save (new)", setup_new, op_save, observe_complaint},
      {"desk_save (update)", setup_saved, op_save, observe_complaint},
      {"desk_load", setup_saved, op_load, observe_complaint},
      {"desk_remove", setup_saved, op_remove, observe_complaint},
      {"desk_each", setup_saved, op_each, observe_complaint},
      {"desk_feed", setup_saved, op_feed, observe_complaint},
  };
  for (size_t i = 0; i < sizeof list / sizeof list[0]; i++) assert_true(sweep(&list[i]) > 0);
}

static void readers_of_the_store(void **state) {
  (void)state;
  const scenario list[] = {
      {"classify (customer history)", setup_saved, op_classify, observe_complaint},
      {"desk_precedents", setup_saved, op_precedents, observe_complaint},
      {"metrics_add_store", setup_metrics, op_metrics_add_store, observe_metrics},
      {"desk_tick (one complaint)", setup_tick_one, op_tick, NULL},
  };
  for (size_t i = 0; i < sizeof list / sizeof list[0]; i++) assert_true(sweep(&list[i]) > 0);
}

/* ---- the tick over several complaints --------------------------------------------- */

static void setup_tick_many(fx *f) {
  save_open(f, "o-1", "cust-1", TH_T0);
  save_open(f, "o-2", "cust-2", TH_T0 + HOUR);
  save_open(f, "o-3", "cust-3", TH_T0 + 2 * HOUR);
}

/* The alarms a fault-free tick reports, and the store it leaves. */
static void reference_tick(int indexed, char *reported, size_t size, char **store) {
  fx f;
  fx_open(&f, indexed);
  setup_tick_many(&f);
  assert_int_equal(op_tick(&f), REDRESS_OK);
  snprintf(reported, size, "%s", f.reported);
  *store = stored(&f);
  fx_close(&f);
}

/* Every alarm of `part` (";"-separated) appears in `all` exactly once. */
static int count_in(const char *all, const char *alarm) {
  int n = 0;
  for (const char *p = strstr(all, alarm); p != NULL; p = strstr(p + 1, alarm))
    if (p == all || p[-1] == ';') n++;
  return n;
}

static void check_alarms_once(const char *expected, const char *got) {
  char alarm[128];
  for (const char *p = got; *p != '\0';) {
    const char *end = strchr(p, ';');
    assert_non_null(end);
    size_t n = (size_t)(end - p) + 1;
    assert_true(n < sizeof alarm);
    memcpy(alarm, p, n);
    alarm[n] = '\0';
    if (count_in(expected, alarm) != 1 || count_in(got, alarm) != 1)
      fail_msg("alarm '%s' reported %d times (expected once)\nexpected: %s\ngot: %s", alarm,
               count_in(got, alarm), expected, got);
    p = end + 1;
  }
  assert_int_equal(strlen(expected), strlen(got));
}

static unsigned long tick_many(int indexed, faulty_mode mode) {
  char expected[2048];
  char *expected_store = NULL;
  reference_tick(indexed, expected, sizeof expected, &expected_store);
  unsigned long faults = 0;
  for (unsigned long k = 1;; k++) {
    fx f;
    fx_open(&f, indexed);
    setup_tick_many(&f);
    f.fs.mode = mode;
    f.fs.fail_at = f.fs.calls + k;
    int rc = op_tick(&f);
    int injected = f.fs.failures > 0;
    f.fs.fail_at = 0;
    if (!injected) {
      assert_int_equal(rc, REDRESS_OK);
      fx_close(&f);
      break;
    }
    faults++;
    assert_int_equal(rc, REDRESS_ERR_STORE);
    /* What was reported was saved: ticking again reports only the rest. */
    assert_int_equal(op_tick(&f), REDRESS_OK);
    check_alarms_once(expected, f.reported);
    char *after = stored(&f);
    assert_string_equal(after, expected_store);
    free(after);
    fx_close(&f);
  }
  free(expected_store);
  return faults;
}

static void tick_over_many_complaints(void **state) {
  (void)state;
  unsigned long faults = 0;
  for (int indexed = 1; indexed >= 0; indexed--) {
    faults += tick_many(indexed, FAULTY_BEFORE_CALL);
    faults += tick_many(indexed, FAULTY_AFTER_FIRST);
  }
  printf("store sweep %-30s %4lu faults injected\n", "desk_tick (three complaints)", faults);
  total_faults += faults;
  assert_true(faults > 0);
}

static int report_total(void **state) {
  (void)state;
  printf("store sweep total: %lu faults injected\n", total_faults);
  return 0;
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(store_operations),
      cmocka_unit_test(readers_of_the_store),
      cmocka_unit_test(tick_over_many_complaints),
  };
  return cmocka_run_group_tests(tests, NULL, report_total);
}

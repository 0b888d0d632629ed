/* Allocation-failure sweep: every operation, failing its k-th allocation for every k,
 * returns REDRESS_ERR_NOMEM, leaves its objects unchanged and leaks nothing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"

typedef struct sweep {
  th_desk t;
  redress_complaint *c;
  redress_time at;
  size_t failures_seen;
} sweep;

typedef int (*op_fn)(sweep *s);

static char *snapshot(sweep *s) {
  if (s->c == NULL) return NULL;
  size_t saved = s->t.counter.fail_at;
  s->t.counter.fail_at = 0;
  char *doc = NULL;
  assert_int_equal(redress_complaint_to_json(&doc, NULL, s->c), REDRESS_OK);
  s->t.counter.fail_at = saved;
  return doc;
}

/* Runs op failing its 1st, 2nd, ... allocation until it succeeds. */
static void run_swept(sweep *s, op_fn op) {
  for (size_t k = 1;; k++) {
    char *before = snapshot(s);
    s->t.counter.fail_at = s->t.counter.calls + k;
    int rc = op(s);
    s->t.counter.fail_at = 0;
    char *after = snapshot(s);
    if (rc == REDRESS_ERR_NOMEM) {
      s->failures_seen++;
      if (before != NULL) assert_string_equal(before, after);
    } else {
      assert_int_equal(rc, REDRESS_OK);
    }
    redress_free(before);
    redress_free(after);
    if (rc == REDRESS_OK) return;
    assert_true(k < 10000);
  }
}

static int op_create(sweep *s) {
  redress_complaint_fields in = th_full_init(NULL);
  redress_complaint *c = NULL;
  int rc = redress_complaint_create(&c, s->t.desk, &in);
  if (rc == REDRESS_OK) s->c = c;
  return rc;
}
static int op_attr(sweep *s) { return redress_complaint_set_attr(s->c, "region", "north"); }
static int op_attr2(sweep *s) { return redress_complaint_set_attr(s->c, "region", "south"); }
static int op_ack(sweep *s) {
  return redress_complaint_acknowledge(s->c, s->at += 60, "ann", "sorry");
}
static int op_investigate(sweep *s) {
  return redress_complaint_investigate(s->c, s->at += 60, "ann", "n", "double charge", "refund");
}
static int op_promise(sweep *s) {
  s->at += 60;
  return redress_complaint_promise(s->c, s->at, "ann", NULL, s->at + 86400);
}
static int op_escalate(sweep *s) {
  return redress_complaint_escalate(s->c, s->at += 60, "ann", NULL, "supervisor");
}
static int op_respond(sweep *s) {
  return redress_complaint_respond(s->c, s->at += 60, "ann", "ok", REDRESS_DECISION_UPHELD,
                                   "refund", 4990);
}
static int op_fulfill(sweep *s) { return redress_complaint_fulfill(s->c, s->at += 60, "ann", NULL); }
static int op_confirm(sweep *s) {
  return redress_complaint_confirm(s->c, s->at += 60, "ann", NULL, 5);
}
static int op_save(sweep *s) { return redress_desk_save(s->t.desk, s->c); }
static int op_load(sweep *s) {
  redress_complaint *c = NULL;
  int rc = redress_desk_load(&c, s->t.desk, redress_complaint_id(s->c));
  redress_complaint_free(c);
  return rc;
}
static int op_clone(sweep *s) {
  redress_complaint *c = NULL;
  int rc = redress_complaint_clone(&c, s->c);
  redress_complaint_free(c);
  return rc;
}
static int op_json_round_trip(sweep *s) {
  char *doc = NULL;
  size_t len = 0;
  int rc = redress_complaint_to_json(&doc, &len, s->c);
  if (rc != REDRESS_OK) return rc;
  redress_complaint *c = NULL;
  rc = redress_complaint_from_json(&c, s->t.desk, doc, len);
  redress_complaint_free(c);
  redress_free(doc);
  return rc;
}
static int count_one(const redress_complaint *c, void *payload) {
  (void)c;
  ++*(int *)payload;
  return 0;
}
static int op_each(sweep *s) {
  int n = 0;
  return redress_desk_each(s->t.desk, count_one, &n);
}

static void full_scenario_under_allocation_failures(void **state) {
  (void)state;
  sweep s;
  memset(&s, 0, sizeof s);
  th_desk_open(&s.t);
  s.at = TH_T0;
  const op_fn ops[] = {op_create, op_attr, op_attr2, op_save, op_ack, op_investigate,
                       op_promise, op_escalate, op_save, op_respond, op_fulfill, op_confirm,
                       op_save, op_load, op_clone, op_json_round_trip, op_each};
  for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) run_swept(&s, ops[i]);
  assert_int_equal(redress_complaint_state(s.c), REDRESS_STATE_CLOSED);
  assert_int_equal(((uint64_t)th_number(s.c, REDRESS_FIELD_REVISION)), 3);
  assert_true(s.failures_seen > 30);
  redress_complaint_free(s.c);
  th_desk_close(&s.t);
}

static void desk_open_under_allocation_failures(void **state) {
  (void)state;
  for (size_t k = 1;; k++) {
    th_counter counter = {0};
    counter.fail_at = k;
    redress_allocator alloc = th_counting_allocator(&counter);
    redress_desk_options o = REDRESS_DESK_OPTIONS_INIT;
    o.allocator = &alloc;
    redress_desk *desk = NULL;
    int rc = redress_desk_open(&desk, &o);
    redress_desk_close(desk);
    assert_int_equal(counter.allocs, counter.frees);
    if (rc == REDRESS_OK) break;
    assert_int_equal(rc, REDRESS_ERR_NOMEM);
    assert_null(desk);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(full_scenario_under_allocation_failures),
      cmocka_unit_test(desk_open_under_allocation_failures),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

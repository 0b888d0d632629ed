/* Several warning levels per deadline kind (docs/deadlines.md, "Warning levels"): each
 * level raised once by the tick, at its second, with its level; in the policy struct
 * and the spec. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"

#define OK(x) assert_int_equal((x), REDRESS_OK)
#define DAY ((redress_time)86400)

/* RESOLVE within 10 days warned at 50%, 75% and 90%; ACKNOWLEDGE within 1 day warned
 * once at warn_percent 80. */
static const char spec[] = "policy tiered version 1\n"
                           "  acknowledge 1 day\n"
                           "  resolve 10 days\n"
                           "  warn 80%\n"
                           "  warn resolve 50% 75% 90%\n";

typedef struct alarm_log {
  int n;
  int kinds[32], levels[32];
  redress_time due[32];
} alarm_log;

static int record(const redress_complaint *c, int kind, int level, redress_time due, void *p) {
  (void)c;
  alarm_log *log = p;
  if (log->n < 32) {
    log->kinds[log->n] = kind;
    log->levels[log->n] = level;
    log->due[log->n] = due;
    log->n++;
  }
  return 0;
}

static redress_complaint *saved(th_desk *t, const char *id) {
  redress_complaint_fields in = th_full_init(id);
  in.received_at = TH_T0;
  redress_complaint *c = NULL;
  OK(redress_complaint_create(&c, t->desk, &in));
  OK(redress_complaint_acknowledge(c, TH_T0 + 60, "ann", NULL));
  OK(redress_desk_save(t->desk, c));
  return c;
}

/* Only RESOLVE alarms (the acknowledgement met ACKNOWLEDGE; UPDATE has no target). */
static void tick_expect(th_desk *t, redress_time at, int expected_level) {
  alarm_log log = {0};
  OK(redress_desk_tick(t->desk, at, record, &log));
  if (expected_level < 0) {
    assert_int_equal(log.n, 0);
    return;
  }
  assert_int_equal(log.n, 1);
  assert_int_equal(log.kinds[0], REDRESS_DEADLINE_RESOLVE);
  assert_int_equal(log.levels[0], expected_level);
  assert_int_equal(log.due[0], TH_T0 + 10 * DAY);
}

static void each_level_once_at_its_second(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  OK(redress_desk_load_policies(t.desk, spec, sizeof spec - 1));
  redress_complaint *c = saved(&t, "c-levels");
  tick_expect(&t, TH_T0 + 5 * DAY - 1, -1);
  tick_expect(&t, TH_T0 + 5 * DAY, REDRESS_ALARM_WARNING);
  tick_expect(&t, TH_T0 + 5 * DAY, -1); /* once */
  tick_expect(&t, TH_T0 + 7 * DAY + DAY / 2 - 1, -1);
  tick_expect(&t, TH_T0 + 7 * DAY + DAY / 2, REDRESS_ALARM_WARNING_2);
  tick_expect(&t, TH_T0 + 9 * DAY - 1, -1);
  tick_expect(&t, TH_T0 + 9 * DAY, REDRESS_ALARM_WARNING_3);
  tick_expect(&t, TH_T0 + 10 * DAY - 1, -1);
  tick_expect(&t, TH_T0 + 10 * DAY, REDRESS_ALARM_BREACH);
  tick_expect(&t, TH_T0 + 20 * DAY, -1);
  /* the stored document holds each level, and decodes */
  redress_complaint *stored = NULL;
  OK(redress_desk_load(&stored, t.desk, "c-levels"));
  char *doc = NULL;
  OK(redress_complaint_to_json(&doc, NULL, stored));
  assert_non_null(strstr(doc, "\"level\":\"warning_2\""));
  assert_non_null(strstr(doc, "\"level\":\"warning_3\""));
  redress_complaint *back = NULL;
  OK(redress_complaint_from_json(&back, t.desk, doc, strlen(doc)));
  redress_free(doc);
  redress_complaint_free(back);
  redress_complaint_free(stored);
  redress_complaint_free(c);
  th_desk_close(&t);
}

/* A late tick raises every level it passed, in order, each once, then the breach. */
static void a_late_tick_raises_the_levels_it_passed(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  OK(redress_desk_load_policies(t.desk, spec, sizeof spec - 1));
  redress_complaint *c = saved(&t, "c-late");
  alarm_log log = {0};
  OK(redress_desk_tick(t.desk, TH_T0 + 10 * DAY, record, &log));
  assert_int_equal(log.n, 4);
  const int want[] = {REDRESS_ALARM_WARNING, REDRESS_ALARM_WARNING_2, REDRESS_ALARM_WARNING_3,
                      REDRESS_ALARM_BREACH};
  for (int i = 0; i < 4; i++) assert_int_equal(log.levels[i], want[i]);
  log.n = 0;
  OK(redress_desk_tick(t.desk, TH_T0 + 11 * DAY, record, &log));
  assert_int_equal(log.n, 0);
  /* the deadline's warn_at is its first level; the next alarm follows the levels */
  redress_complaint_free(c);
  th_desk_close(&t);
}

/* A kind without levels warns once at warn_percent, as before. */
static void a_kind_without_levels_uses_warn_percent(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  OK(redress_desk_load_policies(t.desk, spec, sizeof spec - 1));
  redress_complaint_fields in = th_full_init("c-ack");
  in.received_at = TH_T0;
  redress_complaint *c = NULL;
  OK(redress_complaint_create(&c, t.desk, &in));
  OK(redress_desk_save(t.desk, c));
  alarm_log log = {0};
  OK(redress_desk_tick(t.desk, TH_T0 + DAY * 8 / 10, record, &log));
  assert_int_equal(log.n, 1);
  assert_int_equal(log.kinds[0], REDRESS_DEADLINE_ACKNOWLEDGE);
  assert_int_equal(log.levels[0], REDRESS_ALARM_WARNING);
  redress_deadlines *l = NULL;
  OK(redress_complaint_deadlines(&l, c, TH_T0));
  assert_int_equal(redress_deadlines_next_alarm(l), TH_T0 + DAY * 8 / 10);
  redress_deadlines_free(l);
  redress_complaint_free(c);
  th_desk_close(&t);
}

static void levels_in_the_struct_and_the_spec(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  redress_policy p = REDRESS_POLICY_INIT;
  p.name = "s";
  p.resolve.amount = DAY;
  p.warn_levels[REDRESS_DEADLINE_RESOLVE][0] = 50;
  p.warn_levels[REDRESS_DEADLINE_RESOLVE][1] = 90;
  p.warn_levels[REDRESS_DEADLINE_NEXT_REPLY][0] = 25;
  char *text = NULL;
  OK(redress_policy_spec(&text, NULL, t.desk, &p));
  assert_string_equal(text, "policy s version 1\n  resolve 1 day\n"
                            "  warn resolve 50% 90%\n  warn next-reply 25%\n");
  OK(redress_desk_load_policies(t.desk, text, strlen(text)));
  redress_free(text);
  redress_policy back;
  OK(redress_desk_policy(&back, t.desk, "s", 1));
  assert_memory_equal(back.warn_levels, p.warn_levels, sizeof p.warn_levels);
  /* refused: descending, above 99, a level after a 0, a row for no kind */
  redress_policy bad = p;
  bad.name = "bad";
  bad.warn_levels[REDRESS_DEADLINE_RESOLVE][1] = 40;
  assert_int_equal(redress_desk_add_policy(t.desk, &bad), REDRESS_ERR_INVALID);
  bad.warn_levels[REDRESS_DEADLINE_RESOLVE][1] = 100;
  assert_int_equal(redress_desk_add_policy(t.desk, &bad), REDRESS_ERR_INVALID);
  bad.warn_levels[REDRESS_DEADLINE_RESOLVE][1] = 0;
  bad.warn_levels[REDRESS_DEADLINE_RESOLVE][2] = 95;
  assert_int_equal(redress_desk_add_policy(t.desk, &bad), REDRESS_ERR_INVALID);
  bad = p;
  bad.name = "bad";
  bad.warn_levels[REDRESS_POLICY_KIND_SLOTS - 1][0] = 10;
  assert_int_equal(redress_desk_add_policy(t.desk, &bad), REDRESS_ERR_INVALID);
  static const char *const bad_specs[][2] = {
      {"policy a version 1\n  warn resolve 50% 40%\n", "line 2, column 20: expected a larger"},
      {"policy a version 1\n  warn resolve 10% 20% 30% 40% 50%\n",
       "line 2, column 32: expected at most 4 warning levels"},
      {"policy a version 1\n  warn resolve\n", "line 2, column 16: expected a percentage"},
      {"policy a version 1\n  warn resolve 50%\n  warn resolve 60%\n",
       "line 3, column 8: expected one warn clause a kind"},
  };
  for (size_t i = 0; i < sizeof bad_specs / sizeof bad_specs[0]; i++) {
    assert_int_equal(redress_desk_load_policies(t.desk, bad_specs[i][0], strlen(bad_specs[i][0])),
                     REDRESS_ERR_PARSE);
    if (strstr(redress_desk_errmsg(t.desk), bad_specs[i][1]) == NULL)
      fail_msg("'%s' lacks '%s'", redress_desk_errmsg(t.desk), bad_specs[i][1]);
  }
  assert_string_equal(redress_enum_name(REDRESS_ENUM_ALARM_LEVEL, REDRESS_ALARM_WARNING_4),
                      "warning_4");
  th_desk_close(&t);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(each_level_once_at_its_second),
      cmocka_unit_test(a_late_tick_raises_the_levels_it_passed),
      cmocka_unit_test(a_kind_without_levels_uses_warn_percent),
      cmocka_unit_test(levels_in_the_struct_and_the_spec),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

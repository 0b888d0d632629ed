/* libredress-scenario: the runner's checks, its errors with their places, its reports,
 * and its public calls given bad input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"
#include "redress-scenario.h"

static char zoneinfo[4096];

static const char london[] =
    "zone london\n"
    "calendar london\n"
    "  tz=Europe/London\n"
    "  mon-fri 09:00-17:00\n"
    "  holiday 2026-04-03; holiday 2026-04-06; holiday 2026-05-04; holiday 2026-05-25\n"
    "policies\n"
    "  policy complaints version 1\n"
    "    calendar london\n"
    "    acknowledge 1 business-day\n"
    "    resolve 40 business-days\n"
    "    warn 50%\n";

/* Runs setting + timeline as one text; the zone files are the tests'. */
static redress_scenario_result *run(const char *timeline) {
  size_t len = strlen(london) + strlen(timeline) + 1;
  char *text = malloc(len);
  assert_non_null(text);
  snprintf(text, len, "%s%s", london, timeline);
  redress_scenario_options o = REDRESS_SCENARIO_OPTIONS_INIT;
  o.zoneinfo_dir = zoneinfo;
  redress_scenario_result *r = NULL;
  assert_int_equal(redress_scenario_run_text(&r, "t.scenario", text, strlen(text), &o), REDRESS_OK);
  free(text);
  return r;
}

static redress_scenario_check check(const redress_scenario_result *r, size_t i) {
  redress_scenario_check c = REDRESS_SCENARIO_CHECK_INIT;
  assert_int_equal(redress_scenario_check_get(&c, r, i), REDRESS_OK);
  return c;
}

/* The line number of the setting above, so that tests name lines of their timeline. */
#define SETTING_LINES 11u

static void friday_acknowledged_by_monday(void **state) {
  (void)state;
  redress_scenario_result *r = run(
      "at 2026-03-27 17:00\n"
      "create c1 channel=email\n"
      "expect c1 acknowledge pending due 2026-03-30 17:00\n"
      "expect c1 resolve due 2026-05-28 17:00\n"
      "expect c1 acknowledge due 2026-03-30 16:00 UTC\n"
      "at +1 business-days\n"
      "expect c1 acknowledge breached\n");
  assert_int_equal(redress_scenario_result_outcome(r), REDRESS_SCENARIO_PASS);
  assert_int_equal(redress_scenario_check_count(r), 4);
  redress_scenario_check c = check(r, 0);
  assert_int_equal(c.line, SETTING_LINES + 3);
  assert_string_equal(c.when, "2026-03-27 17:00");
  assert_string_equal(c.expected, "pending, due 2026-03-30 17:00");
  assert_string_equal(c.actual, c.expected);
  assert_string_equal(c.message, "");
  assert_string_equal(check(r, 3).when, "2026-03-30 17:00");
  redress_scenario_result_free(r);
}

static void failed_expectation_says_both_values(void **state) {
  (void)state;
  redress_scenario_result *r = run(
      "at 2026-03-27 17:00\n"
      "create c1\n"
      "expect c1 acknowledge due 2026-03-27 20:00\n"
      "expect c1 state acknowledged\n");
  assert_int_equal(redress_scenario_result_outcome(r), REDRESS_SCENARIO_FAIL);
  assert_int_equal(redress_scenario_check_count(r), 2);
  redress_scenario_check c = check(r, 0);
  assert_int_equal(c.outcome, REDRESS_SCENARIO_FAIL);
  assert_int_equal(c.line, SETTING_LINES + 3);
  assert_string_equal(c.step, "expect c1 acknowledge due 2026-03-27 20:00");
  assert_string_equal(c.expected, "due 2026-03-27 20:00");
  assert_string_equal(c.actual, "due 2026-03-30 17:00");
  assert_string_equal(c.message, "acknowledge deadline of 'c1': expected due 2026-03-27 20:00, "
                                 "got due 2026-03-30 17:00");
  c = check(r, 1);
  assert_string_equal(c.expected, "acknowledged");
  assert_string_equal(c.actual, "received");
  redress_scenario_result_free(r);
}

static void alarms_exactly_in_order(void **state) {
  (void)state;
  redress_scenario_result *r = run(
      "at 2026-03-27 17:00\n"
      "create c1\n"
      "create c2\n"
      "at 2026-03-30 13:00\n"
      "tick\n"
      "expect alarms\n"
      "  c1 acknowledge warning due 2026-03-30 17:00\n"
      "  c2 acknowledge warning\n"
      "tick\n"
      "expect no alarms\n"
      "acknowledge c1\n"
      "at 2026-03-30 17:00\n"
      "tick\n"
      "expect alarms\n"
      "  c1 acknowledge breach\n");
  assert_int_equal(redress_scenario_check_count(r), 3);
  assert_int_equal(check(r, 0).outcome, REDRESS_SCENARIO_PASS);
  assert_int_equal(check(r, 1).outcome, REDRESS_SCENARIO_PASS);
  redress_scenario_check c = check(r, 2);
  assert_int_equal(c.outcome, REDRESS_SCENARIO_FAIL);
  assert_string_equal(c.expected, "c1 acknowledge breach");
  assert_string_equal(c.actual, "c2 acknowledge breach");
  redress_scenario_result_free(r);
}

static void refused_verbs(void **state) {
  (void)state;
  redress_scenario_result *r = run(
      "at 2026-03-27 17:00\n"
      "create c1\n"
      "confirm c1 satisfaction=5\n"
      "expect refused state\n"
      "acknowledge c1\n"
      "expect refused\n"
      "respond c1 decision=upheld\n"
      "expect c1 state responded\n");
  assert_int_equal(redress_scenario_check_count(r), 3);
  assert_int_equal(check(r, 0).outcome, REDRESS_SCENARIO_PASS);
  redress_scenario_check c = check(r, 1);
  assert_int_equal(c.outcome, REDRESS_SCENARIO_FAIL);
  assert_string_equal(c.actual, "done");
  c = check(r, 2); /* the refused respond stops the run: the state is never judged */
  assert_int_equal(c.outcome, REDRESS_SCENARIO_FAIL);
  assert_int_equal(c.line, SETTING_LINES + 7);
  assert_non_null(strstr(c.message, "respond refused: "));
  redress_scenario_result_free(r);
}

static void missing_deadline_kind_is_an_error(void **state) {
  (void)state;
  redress_scenario_result *r = run(
      "at 2026-03-27 17:00\n"
      "create c1\n"
      "expect c1 next-reply pending\n"
      "expect c1 update pending\n");
  assert_int_equal(redress_scenario_result_outcome(r), REDRESS_SCENARIO_ERROR);
  redress_scenario_check c = check(r, 0);
  assert_int_equal(c.outcome, REDRESS_SCENARIO_ERROR);
  assert_string_equal(c.message, "policy 'complaints' of 'c1' sets no next-reply target: no "
                                 "next-reply deadline can exist");
  assert_int_equal(check(r, 1).outcome, REDRESS_SCENARIO_ERROR);
  redress_scenario_result_free(r);
}

static void skipped_wall_time_is_an_error(void **state) {
  (void)state;
  redress_scenario_result *r = run("at 2026-03-29 01:30\n");
  redress_scenario_check c = check(r, 0);
  assert_int_equal(c.outcome, REDRESS_SCENARIO_ERROR);
  assert_string_equal(c.message,
                      "2026-03-29 01:30 does not exist in Europe/London (the clocks skip it)");
  redress_scenario_result_free(r);
  /* the repeated hour in October is its first occurrence (01:30 BST = 00:30 UTC) */
  r = run("at 2026-10-25 01:30\ncreate c1\nat 2026-10-25 00:30 UTC\nexpect c1 state received\n");
  assert_int_equal(redress_scenario_result_outcome(r), REDRESS_SCENARIO_PASS);
  redress_scenario_result_free(r);
}

static void verdicts_as_the_classifier_says(void **state) {
  (void)state;
  static const char text[] = "I am absolutely furious, this is a disgrace and I will "
                             "go to the ombudsman.";
  th_desk t;
  th_desk_open(&t);
  redress_verdict *v = NULL;
  assert_int_equal(redress_classify_text(&v, t.desk, text, strlen(text)), REDRESS_OK);
  redress_verdict_summary sum = REDRESS_VERDICT_SUMMARY_INIT;
  assert_int_equal(redress_verdict_get(&sum, v), REDRESS_OK);
  redress_verdict_free(v);
  th_desk_close(&t);
  char timeline[1024];
  snprintf(timeline, sizeof timeline,
           "at 2026-03-27 17:00\n"
           "expect text \"%s\" temperament %s\n"
           "create c1 text=\"%s\"\n"
           "expect c1 risks %s\n",
           text, redress_enum_name(REDRESS_ENUM_TEMPERAMENT, sum.temperament), text,
           (sum.risks & REDRESS_RISK_REGULATOR) ? "regulator" : "none");
  redress_scenario_result *r = run(timeline);
  assert_int_equal(check(r, 0).outcome, REDRESS_SCENARIO_PASS);
  redress_scenario_check c = check(r, 1);
  assert_int_equal(sum.risks & REDRESS_RISK_REGULATOR, REDRESS_RISK_REGULATOR);
  /* the complaint's verdict may add flags of its fields; the text's risks are there */
  assert_non_null(strstr(c.actual, "regulator"));
  redress_scenario_result_free(r);
}

static void metrics_rounded_as_written(void **state) {
  (void)state;
  redress_scenario_result *r = run(
      "at 2026-03-27 17:00\n"
      "create c1\ncreate c2\ncreate c3 channel=email\n"
      "acknowledge c1\n"
      "at 2026-03-31 09:00\n"
      "expect metric complaints 3\n"
      "expect metric acknowledge-on-time-rate 0.33\n"
      "expect metric acknowledge-on-time-rate 33%\n"
      "expect metric acknowledge-on-time-rate 0.4\n"
      "expect metric complaints 1 for channel email\n"
      "expect metric satisfaction-mean none\n"
      "expect metric complaints 1 for channel nowhere\n");
  size_t n = redress_scenario_check_count(r);
  assert_int_equal(n, 7);
  for (size_t i = 0; i < 6; i++) assert_int_equal(check(r, i).outcome, i == 3 ? REDRESS_SCENARIO_FAIL : REDRESS_SCENARIO_PASS);
  assert_string_equal(check(r, 3).actual, "0.3");
  assert_int_equal(check(r, 6).outcome, REDRESS_SCENARIO_ERROR);
  redress_scenario_result_free(r);
}

/* Malformed scenarios: the place and what was expected, and nothing runs. */
static void malformed_scenarios(void **state) {
  (void)state;
  static const struct {
    const char *text;
    unsigned line, col;
    const char *message_start;
  } cases[] = {
      {"at 2026-13-01\n", 1, 4, "expected a time:"},
      {"at 2026-03-27 25:00\n", 1, 15, "expected a time of day"},
      {"at 2026-03-27 17:00 PST\n", 1, 21, "expected the end of the line"},
      {"at +2 fortnights\n", 1, 7, "expected a unit"},
      {"frobnicate c1\n", 1, 1, "expected a setting"},
      {"create\n", 1, 7, "expected the complaint's id"},
      {"create c1 colour=red\n", 1, 11, "expected one of the keys of create"},
      {"create c1 channel=pigeon\n", 1, 11, "expected a channel: one of phone, email"},
      {"create c1\nrespond c1 decision=maybe\n", 2, 12, "expected a decision"},
      {"create c1\nrespond c1\n", 2, 11, "expected decision= on this verb"},
      {"create c1\nacknowledge c1 note=\"unclosed\n", 2, 21, "expected the closing '\"'"},
      {"create c1\n  colour=red\n", 2, 3, "expected one of the keys of create"},
      {"  at 2026-03-27\n", 1, 3, "expected a statement at the start of the line"},
      {"create c1\nexpect c1 acknowledge soon\n", 2, 23, "expected a deadline state"},
      {"create c1\nexpect metric happiness 3\n", 2, 15, "expected a metric"},
      {"create c1\nexpect metric complaints lots\n", 2, 26, "expected a number"},
      {"create c1\nexpect alarms\n", 2, 14, "expected the alarms indented"},
      {"create c1\nexpect refused maybe\n", 2, 16, "expected why"},
      {"create c1\ncreate c1\n", 2, 8, "expected a new id"},
      {"create metric\n", 1, 8, "expected an id other than 'metric'"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    redress_scenario_result *r = NULL;
    assert_int_equal(redress_scenario_run_text(&r, "m.scenario", cases[i].text,
                                               strlen(cases[i].text), NULL), REDRESS_OK);
    assert_int_equal(redress_scenario_check_count(r), 1);
    redress_scenario_check c = check(r, 0);
    if (c.line != cases[i].line || c.column != cases[i].col ||
        strncmp(c.message, cases[i].message_start, strlen(cases[i].message_start)) != 0)
      fail_msg("case %zu: %u:%u: %s", i, c.line, c.column, c.message);
    assert_int_equal(c.outcome, REDRESS_SCENARIO_ERROR);
    redress_scenario_result_free(r);
  }
}

static void setting_errors_name_their_line(void **state) {
  (void)state;
  static const char text[] = "policies\n  policy p version 1\n    resolve 3 fortnights\n";
  redress_scenario_result *r = NULL;
  assert_int_equal(redress_scenario_run_text(&r, NULL, text, strlen(text), NULL), REDRESS_OK);
  assert_string_equal(redress_scenario_file(r), "scenario");
  redress_scenario_check c = check(r, 0);
  assert_int_equal(c.outcome, REDRESS_SCENARIO_ERROR);
  assert_int_equal(c.line, 3);
  assert_int_equal(c.column, 15);
  assert_non_null(strstr(c.message, "line 3, column 15:"));
  redress_scenario_result_free(r);
  /* a calendar's "at byte N": its line and column in the scenario */
  static const char cal[] = "calendar x\n  mon-fri 09:00-25:00\n";
  assert_int_equal(redress_scenario_run_text(&r, NULL, cal, strlen(cal), NULL), REDRESS_OK);
  c = check(r, 0);
  assert_int_equal(c.line, 2);
  assert_int_equal(c.column, 17);
  assert_non_null(strstr(c.message, "calendar 'x': "));
  redress_scenario_result_free(r);
  static const char builtin[] = "regime uk-fca-disp\nat 2026-03-27 17:00\n";
  assert_int_equal(redress_scenario_run_text(&r, NULL, builtin, strlen(builtin), NULL), REDRESS_OK);
  assert_int_equal(redress_scenario_result_outcome(r), REDRESS_SCENARIO_ERROR);
  assert_non_null(strstr(check(r, 0).message, "no built-in regime named 'uk-fca-disp'"));
  redress_scenario_result_free(r);
}

static void reports(void **state) {
  (void)state;
  redress_scenario_result *rs[2];
  rs[0] = run("at 2026-03-27 17:00\ncreate c1\nexpect c1 state received\n");
  rs[1] = run("at 2026-03-27 17:00\ncreate c1\nexpect c1 state closed\n");
  assert_string_equal(redress_scenario_title(rs[0]), "t.scenario");
  const redress_scenario_result *const *all = (const redress_scenario_result *const *)rs;
  char *text = NULL;
  size_t len = 0;
  assert_int_equal(redress_scenario_report(&text, &len, all, 2, REDRESS_SCENARIO_FORMAT_TEXT), REDRESS_OK);
  assert_int_equal(len, strlen(text));
  assert_non_null(strstr(text, "t.scenario:14:1: FAIL: state: expected closed, got received\n"
                               "    step:     expect c1 state closed\n"));
  assert_non_null(strstr(text, "2 scenarios: 1 passed, 1 failed, 0 in error\n"));
  redress_scenario_text_free(text);
  assert_int_equal(redress_scenario_report(&text, NULL, all, 2, REDRESS_SCENARIO_FORMAT_TAP), REDRESS_OK);
  assert_non_null(strstr(text, "TAP version 13\n1..2\nok 1 - t.scenario:14:1 expect c1 state received\n"
                               "not ok 2 - t.scenario:14:1 expect c1 state closed\n"));
  assert_non_null(strstr(text, "  expected: \"closed\"\n  actual: \"received\"\n"));
  redress_scenario_text_free(text);
  assert_int_equal(redress_scenario_report(&text, NULL, all, 2, REDRESS_SCENARIO_FORMAT_JUNIT), REDRESS_OK);
  assert_non_null(strstr(text, "<testsuites name=\"redress scenarios\" tests=\"2\" failures=\"1\" errors=\"0\">"));
  assert_non_null(strstr(text, "<failure type=\"FAIL\" message=\"state: expected closed, got received\">"));
  redress_scenario_text_free(text);
  assert_int_equal(redress_scenario_report(&text, NULL, all, 0, REDRESS_SCENARIO_FORMAT_TEXT), REDRESS_OK);
  assert_string_equal(text, "0 scenarios: 0 passed, 0 failed, 0 in error\n");
  redress_scenario_text_free(text);
  redress_scenario_result_free(rs[0]);
  redress_scenario_result_free(rs[1]);
}

static void bad_input(void **state) {
  (void)state;
  redress_scenario_result *r = NULL;
  assert_int_equal(redress_scenario_run_text(NULL, "x", "", 0, NULL), REDRESS_ERR_INVALID);
  assert_int_equal(redress_scenario_run_text(&r, "x", NULL, 3, NULL), REDRESS_ERR_INVALID);
  assert_int_equal(redress_scenario_run_file(&r, NULL, NULL), REDRESS_ERR_INVALID);
  assert_null(r);
  redress_scenario_options o = REDRESS_SCENARIO_OPTIONS_INIT;
  o.version = 99;
  assert_int_equal(redress_scenario_run_text(&r, "x", "", 0, &o), REDRESS_ERR_VERSION);
  /* a store handed over is destroyed even when the run is refused (ASan sees a leak) */
  redress_store store;
  assert_int_equal(redress_memory_store_new(&store, NULL), REDRESS_OK);
  o.store = &store;
  o.version = REDRESS_SCENARIO_OPTIONS_VERSION;
  assert_int_equal(redress_scenario_run_text(&r, "x", NULL, 1, &o), REDRESS_ERR_INVALID);
  assert_int_equal(redress_memory_store_new(&store, NULL), REDRESS_OK);
  assert_int_equal(redress_scenario_run_text(&r, "x", "at", 2, &o), REDRESS_OK); /* parse error */
  redress_scenario_result_free(r);
  assert_int_equal(redress_memory_store_new(&store, NULL), REDRESS_OK);
  assert_int_equal(redress_scenario_run_text(&r, "x", "at 2026-01-01\n", 14, &o), REDRESS_OK);
  assert_int_equal(redress_scenario_result_outcome(r), REDRESS_SCENARIO_PASS);
  redress_scenario_check c = REDRESS_SCENARIO_CHECK_INIT;
  assert_int_equal(redress_scenario_check_get(&c, r, 0), REDRESS_ERR_NOTFOUND);
  c.version = 7;
  assert_int_equal(redress_scenario_check_get(&c, r, 0), REDRESS_ERR_VERSION);
  assert_int_equal(redress_scenario_check_get(NULL, r, 0), REDRESS_ERR_INVALID);
  char *text = NULL;
  const redress_scenario_result *one = r;
  assert_int_equal(redress_scenario_report(&text, NULL, &one, 1, 3), REDRESS_ERR_INVALID);
  assert_int_equal(redress_scenario_report(NULL, NULL, &one, 1, 0), REDRESS_ERR_INVALID);
  assert_int_equal(redress_scenario_report(&text, NULL, NULL, 1, 0), REDRESS_ERR_INVALID);
  redress_scenario_result_free(r);
  /* a file that cannot be read is a result in error, not a failed call */
  assert_int_equal(redress_scenario_run_file(&r, "/nonexistent/x.scenario", NULL), REDRESS_OK);
  assert_int_equal(redress_scenario_result_outcome(r), REDRESS_SCENARIO_ERROR);
  assert_string_equal(check(r, 0).message, "cannot read the scenario: No such file or directory");
  redress_scenario_result_free(r);
  assert_int_equal(redress_scenario_result_outcome(NULL), REDRESS_ERR_INVALID);
  assert_null(redress_scenario_title(NULL));
  assert_null(redress_scenario_file(NULL));
  assert_int_equal(redress_scenario_check_count(NULL), 0);
  redress_scenario_result_free(NULL);
  redress_scenario_text_free(NULL);
}

int main(void) {
  th_data_path(zoneinfo, sizeof zoneinfo, "zoneinfo");
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(friday_acknowledged_by_monday),
      cmocka_unit_test(failed_expectation_says_both_values),
      cmocka_unit_test(alarms_exactly_in_order),
      cmocka_unit_test(refused_verbs),
      cmocka_unit_test(missing_deadline_kind_is_an_error),
      cmocka_unit_test(skipped_wall_time_is_an_error),
      cmocka_unit_test(verdicts_as_the_classifier_says),
      cmocka_unit_test(metrics_rounded_as_written),
      cmocka_unit_test(malformed_scenarios),
      cmocka_unit_test(setting_errors_name_their_line),
      cmocka_unit_test(reports),
      cmocka_unit_test(bad_input),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

/* The table of business days (lib/time/calendar_days.c) against the walk over C,
 * DST gaps and day closes that it short-cuts (rd_cal_add_days_walk): on random
 * calendars in zones with and without DST, with random holidays and dated openings,
 * both must give the same instant for every start and count, forward and back.
 * Built from the library's sources to reach the walk, which is not exported. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"
#include "redress.h"
#include "time/calendar.h"

#define DAY 86400

static uint64_t next(uint64_t *s) {
  *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
  return *s >> 17;
}

static const char *const zones[] = {"UTC", "Europe/London", "America/New_York", "Australia/Sydney",
                                    "Asia/Seoul", "CET-1CEST,M3.5.0,M10.5.0/3", "<+0545>-5:45",
                                    "America/Havana", "Europe/Dublin"};

/* A time of day that often lands near the DST changes (00:00-04:00). */
static int hour_of(uint64_t *s) {
  return (next(s) % 3 == 0) ? (int)(next(s) % 5) : (int)(next(s) % 24);
}

static size_t random_spec(char *spec, size_t cap, uint64_t *s) {
  size_t len = (size_t)snprintf(spec, cap, "tz=%s\n", zones[next(s) % (sizeof zones / sizeof zones[0])]);
  static const char *const days[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
  for (int d = 0; d < 7; d++) {
    if (next(s) % 3 == 0) continue;
    int a = hour_of(s), b = a + 1 + (int)(next(s) % (uint64_t)(24 - a));
    len += (size_t)snprintf(spec + len, cap - len, "%s %02d:%02d-%02d:00\n", days[d], a, (int)(next(s) % 2) * 30, b);
  }
  int n = (int)(next(s) % 120);
  for (int i = 0; i < n; i++) {
    int y = 2024 + (int)(next(s) % 7), m = 1 + (int)(next(s) % 12), dd = 1 + (int)(next(s) % 28);
    int kind = (int)(next(s) % 4);
    if (kind == 0)
      len += (size_t)snprintf(spec + len, cap - len, "holiday %04d-%02d-%02d\n", y, m, dd);
    else if (kind == 1)
      len += (size_t)snprintf(spec + len, cap - len, "holiday %04d-%02d-%02d %02d:00-24:00\n", y, m, dd, hour_of(s));
    else /* one open clause per date at most: the day of the month is 27 or 28 */
      len += (size_t)snprintf(spec + len, cap - len, "open %04d-%02d-%02d %02d:00-%02d:00\n", 2024 + i % 7,
                              1 + (i / 14) % 12, 27 + (i / 7) % 2, hour_of(s) % 20, 21 + (int)(next(s) % 4));
  }
  return len;
}

static void test_table_matches_walk(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  uint64_t s = 20261202;
  static char spec[16384];
  size_t compared = 0, from_table = 0;
  for (int c = 0; c < 150; c++) {
    size_t len = random_spec(spec, sizeof spec, &s);
    redress_calendar *cal = NULL;
    int rc = redress_calendar_parse(&cal, t.desk, spec, len);
    if (rc == REDRESS_ERR_PARSE) continue; /* two open clauses on one date may overlap */
    if (rc != REDRESS_OK) print_error("%s: %s\n", spec, redress_desk_errmsg(t.desk));
    assert_int_equal(rc, REDRESS_OK);
    for (int i = 0; i < 300; i++) {
      redress_time start = 1672531200 + (redress_time)(next(&s) % (10u * 366u * DAY)); /* 2023.. */
      int64_t n = 1 + (int64_t)(next(&s) % 40);
      if (next(&s) % 2) n = -n;
      redress_time indexed = -1, walked = -1;
      int rc_i = redress_calendar_add(&indexed, cal, start, n, REDRESS_SPAN_BUSINESS_DAYS);
      int rc_w = rd_cal_add_days_walk(&walked, cal, start, n);
      int64_t d0 = rd_floor_div(start + rd_cal_offset(cal, start, NULL), DAY), hit = 0;
      from_table += (size_t)rd_cal_days_lookup(cal, d0, n, &hit);
      if (rc_i != rc_w || indexed != walked)
        print_error("calendar %d start %lld n %lld: table %d %lld, walk %d %lld\n%s\n", c, (long long)start,
                    (long long)n, rc_i, (long long)indexed, rc_w, (long long)walked, spec);
      assert_int_equal(rc_i, rc_w);
      assert_int_equal(indexed, walked);
      compared++;
    }
    redress_calendar_free(cal);
  }
  assert_true(compared > 30000);
  assert_true(from_table > compared / 2);
  th_desk_close(&t);
}

/* The table's bounds: the years of the dated clauses and the one after, at most 40. */
static void test_table_bounds(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  const char *spec = "mon-fri 09:00-17:00; holiday 2026-05-01; open 2027-06-05 10:00-12:00";
  redress_calendar *cal = NULL;
  assert_int_equal(redress_calendar_parse(&cal, t.desk, spec, strlen(spec)), REDRESS_OK);
  assert_int_equal(cal->days.first, rd_days_from_civil(2026, 1, 1));
  assert_int_equal(cal->days.n_days, (size_t)(rd_days_from_civil(2029, 1, 1) - rd_days_from_civil(2026, 1, 1)));
  redress_calendar_free(cal);
  spec = "mon-fri 09:00-17:00";
  assert_int_equal(redress_calendar_parse(&cal, t.desk, spec, strlen(spec)), REDRESS_OK);
  assert_int_equal(cal->days.n_days, 0);
  redress_calendar_free(cal);
  spec = "mon-fri 09:00-17:00; holiday 1990-05-01; holiday 2100-05-03";
  assert_int_equal(redress_calendar_parse(&cal, t.desk, spec, strlen(spec)), REDRESS_OK);
  assert_int_equal(cal->days.n_days, RD_CAL_INDEX_MAX_DAYS);
  /* Beyond the table the walk answers, the same way. */
  redress_time out = 0, walked = 0;
  redress_time start = (rd_days_from_civil(2100, 5, 1)) * DAY;
  assert_int_equal(redress_calendar_add(&out, cal, start, 2, REDRESS_SPAN_BUSINESS_DAYS), REDRESS_OK);
  assert_int_equal(rd_cal_add_days_walk(&walked, cal, start, 2), REDRESS_OK);
  assert_int_equal(out, walked);
  assert_int_equal(out, rd_days_from_civil(2100, 5, 5) * DAY + 17 * 3600);
  redress_calendar_free(cal);
  th_desk_close(&t);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_table_matches_walk),
      cmocka_unit_test(test_table_bounds),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

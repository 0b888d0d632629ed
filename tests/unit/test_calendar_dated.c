/* Business calendars, part two: dated `open` clauses, time counted backwards, and
 * open periods (redress_calendar_period(), redress_calendar_periods()), through the
 * public header. Zone files come from tests/data/zoneinfo. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"
#include "redress.h"

#define DAY 86400
#define HOUR 3600

/* A UTC date and time, counted plainly (tests/support/helpers.c). */
static redress_time utc(int y, int m, int d, int hh, int mi, int ss) {
  return th_utc(y, m, d, hh, mi, ss);
}

static redress_calendar *cal_parse(redress_desk *desk, const char *spec) {
  redress_calendar *cal = NULL;
  int rc = redress_calendar_parse(&cal, desk, spec, strlen(spec));
  if (rc != REDRESS_OK) print_error("parse \"%s\": %s\n", spec, redress_desk_errmsg(desk));
  assert_int_equal(rc, REDRESS_OK);
  return cal;
}

static redress_time add(const redress_calendar *cal, redress_time start, int64_t amount, int unit) {
  redress_time out = -1;
  int rc = redress_calendar_add(&out, cal, start, amount, unit);
  if (rc != REDRESS_OK) print_error("add %lld %lld unit %d: rc %d\n", (long long)start, (long long)amount, unit, rc);
  assert_int_equal(rc, REDRESS_OK);
  return out;
}

static int64_t elapsed(const redress_calendar *cal, redress_time from, redress_time to) {
  int64_t out = -1;
  assert_int_equal(redress_calendar_elapsed(&out, cal, from, to), REDRESS_OK);
  return out;
}

static void parse_fails(redress_desk *desk, const char *spec, int rc, const char *msg) {
  redress_calendar *cal = NULL;
  assert_int_equal(redress_calendar_parse(&cal, desk, spec, strlen(spec)), rc);
  assert_null(cal);
  if (msg != NULL) assert_string_equal(redress_desk_errmsg(desk), msg);
}

/* ---- open clauses ----------------------------------------------------------------- */

/* A Chinese working weekend: Beijing time, Saturday 14 February 2026 worked. */
static const char *const china =
    "tz=CST-8; mon-fri 09:00-12:00,13:00-18:00\n"
    "holiday 2026-02-16; holiday 2026-02-17; holiday 2026-02-18\n"
    "open 2026-02-14 09:00-12:00,13:00-18:00";

static void test_open_working_weekend(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  redress_calendar *cal = cal_parse(t.desk, china);
  redress_time sat = utc(2026, 2, 14, 0, 0, 0) - 8 * HOUR; /* local midnight */
  assert_int_equal(redress_calendar_is_open(cal, sat + 10 * HOUR), 1);
  assert_int_equal(redress_calendar_is_open(cal, sat + 12 * HOUR), 0);
  assert_int_equal(redress_calendar_is_open(cal, sat + 8 * HOUR), 0);
  assert_int_equal(redress_calendar_is_open(cal, sat + 7 * DAY + 10 * HOUR), 0); /* the next Saturday */
  assert_int_equal(elapsed(cal, sat, sat + DAY), 8 * HOUR);
  /* Friday 17:00 + 2 business hours: Saturday 10:00. */
  assert_int_equal(add(cal, sat - 7 * HOUR, 2 * HOUR, REDRESS_SPAN_BUSINESS_SECONDS), sat + 10 * HOUR);
  /* Friday + 1 business day: the close of Saturday; + 2: Thursday (Sunday is closed,
   * Monday to Wednesday are holidays). */
  assert_int_equal(add(cal, sat - 10 * HOUR, 1, REDRESS_SPAN_BUSINESS_DAYS), sat + 18 * HOUR);
  assert_int_equal(add(cal, sat - 10 * HOUR, 2, REDRESS_SPAN_BUSINESS_DAYS), sat + 5 * DAY + 18 * HOUR);
  /* Back from Thursday: one business day before is Saturday's opening. */
  assert_int_equal(add(cal, sat + 5 * DAY + 12 * HOUR, -1, REDRESS_SPAN_BUSINESS_DAYS), sat + 9 * HOUR);
  assert_int_equal(add(cal, sat + 5 * DAY + 9 * HOUR, -HOUR, REDRESS_SPAN_BUSINESS_SECONDS), sat + 17 * HOUR);
  redress_calendar_free(cal);
  th_desk_close(&t);
}

static void test_open_with_holidays_and_weekdays(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  /* On a weekday an open clause adds to the weekly hours; a holiday closes what it
   * covers of both; an open clause of a holiday's date opens what it does not. */
  redress_calendar *cal = cal_parse(t.desk,
      "mon-fri 09:00-17:00; open 2026-03-02 07:00-09:00,17:00-18:00\n"
      "open 2026-03-07 09:00-17:00; holiday 2026-03-07 12:00-24:00\n"
      "holiday 2026-03-04; open 2026-03-04 10:00-11:00\n"
      "holiday 2026-03-05 08:00-10:00; open 2026-03-05 08:00-12:00");
  redress_time mon = utc(2026, 3, 2, 0, 0, 0);
  assert_int_equal(elapsed(cal, mon, mon + DAY), 11 * HOUR);
  assert_int_equal(add(cal, mon + 6 * HOUR, HOUR, REDRESS_SPAN_BUSINESS_SECONDS), mon + 8 * HOUR);
  assert_int_equal(add(cal, mon - DAY, 1, REDRESS_SPAN_BUSINESS_DAYS), mon + 18 * HOUR);
  assert_int_equal(add(cal, mon + DAY + 12 * HOUR, -1, REDRESS_SPAN_BUSINESS_DAYS), mon + 7 * HOUR);
  /* Wednesday: a whole-day holiday, so its open hour is closed too: no business day. */
  assert_int_equal(elapsed(cal, mon + 2 * DAY, mon + 3 * DAY), 0);
  assert_int_equal(add(cal, mon + DAY, 1, REDRESS_SPAN_BUSINESS_DAYS), mon + 3 * DAY + 17 * HOUR);
  /* Thursday: 10:00-17:00 (the holiday wins over 08:00-10:00). */
  assert_int_equal(elapsed(cal, mon + 3 * DAY, mon + 4 * DAY), 7 * HOUR);
  assert_int_equal(add(cal, mon + 2 * DAY, -1, REDRESS_SPAN_BUSINESS_DAYS), mon + DAY + 9 * HOUR);
  assert_int_equal(add(cal, mon + 3 * DAY + 12 * HOUR, -1, REDRESS_SPAN_BUSINESS_DAYS), mon + DAY + 9 * HOUR);
  assert_int_equal(add(cal, mon + 4 * DAY, -1, REDRESS_SPAN_BUSINESS_DAYS), mon + 3 * DAY + 10 * HOUR);
  /* Saturday: 09:00-12:00 only, a business day that closes at noon. */
  assert_int_equal(elapsed(cal, mon + 5 * DAY, mon + 6 * DAY), 3 * HOUR);
  assert_int_equal(add(cal, mon + 4 * DAY, 1, REDRESS_SPAN_BUSINESS_DAYS), mon + 5 * DAY + 12 * HOUR);
  assert_int_equal(add(cal, mon + 4 * DAY, 2, REDRESS_SPAN_BUSINESS_DAYS), mon + 7 * DAY + 17 * HOUR);
  redress_calendar_free(cal);
  th_desk_close(&t);
}

static void test_open_only(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  /* Dated hours alone: closed at any other time (not the always-open default). */
  redress_calendar *cal = cal_parse(t.desk, "open 2026-03-07 10:00-12:00; open 2026-03-14 10:00-11:00");
  redress_time start = utc(2026, 3, 1, 0, 0, 0), out = 0;
  assert_int_equal(elapsed(cal, start, start + 30 * DAY), 3 * HOUR);
  assert_int_equal(add(cal, start, 1, REDRESS_SPAN_BUSINESS_DAYS), utc(2026, 3, 7, 12, 0, 0));
  assert_int_equal(add(cal, start, 2, REDRESS_SPAN_BUSINESS_DAYS), utc(2026, 3, 14, 11, 0, 0));
  assert_int_equal(add(cal, start, 3 * HOUR, REDRESS_SPAN_BUSINESS_SECONDS), utc(2026, 3, 14, 11, 0, 0));
  assert_int_equal(add(cal, utc(2027, 1, 1, 0, 0, 0), -2, REDRESS_SPAN_BUSINESS_DAYS), utc(2026, 3, 7, 10, 0, 0));
  /* Past the last opening nothing is left: RANGE at once. */
  assert_int_equal(redress_calendar_add(&out, cal, start, 3, REDRESS_SPAN_BUSINESS_DAYS), REDRESS_ERR_RANGE);
  assert_int_equal(redress_calendar_add(&out, cal, start, 3 * HOUR + 1, REDRESS_SPAN_BUSINESS_SECONDS), REDRESS_ERR_RANGE);
  assert_int_equal(redress_calendar_add(&out, cal, start, -1, REDRESS_SPAN_BUSINESS_DAYS), REDRESS_ERR_RANGE);
  assert_int_equal(redress_calendar_add(&out, cal, start, -1, REDRESS_SPAN_BUSINESS_SECONDS), REDRESS_ERR_RANGE);
  redress_calendar_free(cal);
  /* With a DST zone too (a loop over half-years would be slow, not wrong). */
  cal = cal_parse(t.desk, "tz=Europe/London; open 2026-03-07 10:00-12:00");
  assert_int_equal(redress_calendar_add(&out, cal, start, 3 * HOUR, REDRESS_SPAN_BUSINESS_SECONDS), REDRESS_ERR_RANGE);
  assert_int_equal(redress_calendar_add(&out, cal, start, 2, REDRESS_SPAN_BUSINESS_DAYS), REDRESS_ERR_RANGE);
  redress_calendar_free(cal);
  th_desk_close(&t);
}

static void test_open_across_dst(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  redress_calendar *cal = cal_parse(t.desk,
      "tz=Europe/London; mon-sun closed; open 2026-03-29 00:00-04:00; open 2026-10-25 00:00-04:00\n"
      "open 2027-03-28 01:00-02:00; open 2027-04-04 01:00-02:00");
  /* The spring Sunday has three open hours, the autumn one five. */
  assert_int_equal(elapsed(cal, utc(2026, 3, 28, 0, 0, 0), utc(2026, 3, 30, 0, 0, 0)), 3 * HOUR);
  assert_int_equal(elapsed(cal, utc(2026, 10, 24, 0, 0, 0), utc(2026, 10, 26, 0, 0, 0)), 5 * HOUR);
  /* 28 March 2027's only hour is skipped: no business day; the next is 4 April. */
  assert_int_equal(add(cal, utc(2027, 3, 1, 0, 0, 0), 1, REDRESS_SPAN_BUSINESS_DAYS), utc(2027, 4, 4, 1, 0, 0));
  assert_int_equal(add(cal, utc(2027, 4, 10, 0, 0, 0), -1, REDRESS_SPAN_BUSINESS_DAYS), utc(2027, 4, 4, 0, 0, 0));
  assert_int_equal(add(cal, utc(2027, 4, 10, 0, 0, 0), -2, REDRESS_SPAN_BUSINESS_DAYS), utc(2026, 10, 24, 23, 0, 0));
  assert_int_equal(add(cal, utc(2026, 10, 20, 0, 0, 0), 1, REDRESS_SPAN_BUSINESS_DAYS), utc(2026, 10, 25, 4, 0, 0));
  redress_calendar_free(cal);
  th_desk_close(&t);
}

static void test_open_errors(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  parse_fails(t.desk, "open 2026-03-07 10:00-12:00,11:00-13:00", REDRESS_ERR_PARSE,
              "calendar: overlapping intervals at byte 28");
  parse_fails(t.desk, "open 2026-03-07 10:00-12:00\nopen 2026-03-07 09:00-10:30", REDRESS_ERR_PARSE,
              "calendar: overlapping open intervals at byte 44");
  parse_fails(t.desk, "open 2026-03-07 09:00-10:30\nopen 2026-03-07 10:00-12:00", REDRESS_ERR_PARSE,
              "calendar: overlapping open intervals at byte 44");
  parse_fails(t.desk, "open 2026-03-07", REDRESS_ERR_PARSE,
              "calendar: expected opening hours after the date of \"open\" at byte 15");
  parse_fails(t.desk, "open 2026-03-07 closed", REDRESS_ERR_PARSE,
              "calendar: bad time (expected hh:mm from 00:00 to 24:00) at byte 16");
  parse_fails(t.desk, "open 2026-02-30 10:00-11:00", REDRESS_ERR_PARSE, "calendar: impossible date at byte 5");
  parse_fails(t.desk, "open", REDRESS_ERR_PARSE, "calendar: expected a date after \"open\" at byte 4");
  parse_fails(t.desk, "open 2026-03-07 24:00-24:00", REDRESS_ERR_PARSE,
              "calendar: 24:00 can only end an interval at byte 16");
  parse_fails(t.desk, "opens 2026-03-07 10:00-11:00", REDRESS_ERR_PARSE, NULL);
  /* Touching intervals, on one date or across midnight, are fine; so is OPEN. */
  redress_calendar *cal = cal_parse(t.desk,
      "OPEN 2026-03-07 10:00-11:00\nopen 2026-03-07 11:00-12:00,20:00-24:00; open 2026-03-08 00:00-01:00");
  assert_int_equal(elapsed(cal, utc(2026, 3, 7, 0, 0, 0), utc(2026, 3, 9, 0, 0, 0)), 7 * HOUR);
  redress_time opens = 0, closes = 0;
  assert_int_equal(redress_calendar_period(cal, utc(2026, 3, 7, 23, 0, 0), REDRESS_PERIOD_NEXT, &opens, &closes), REDRESS_OK);
  assert_int_equal(opens, utc(2026, 3, 7, 20, 0, 0));
  assert_int_equal(closes, utc(2026, 3, 8, 0, 0, 0)); /* periods end at midnight */
  redress_calendar_free(cal);
  /* 10000 open clauses are fine, one more is too many. */
  size_t cap = 10001 * 40 + 1, len = 0;
  char *spec = malloc(cap);
  assert_non_null(spec);
  for (int i = 0; i < 10001; i++) {
    int64_t d = th_days_from_epoch(2020, 1, 1) + i / 2;
    int y = 1970;
    while (d >= (th_leap_year(y) ? 366 : 365)) d -= th_leap_year(y++) ? 366 : 365;
    static const int ml[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int m = 1;
    for (int mlen = ml[0]; d >= mlen; mlen = ml[m - 1] + (m == 2 && th_leap_year(y))) {
      d -= mlen;
      m++;
    }
    len += (size_t)snprintf(spec + len, cap - len, "open %04d-%02d-%02d %s\n", y, m, (int)d + 1,
                            i % 2 ? "13:00-14:00" : "10:00-11:00");
  }
  redress_calendar *none = NULL;
  assert_int_equal(redress_calendar_parse(&none, t.desk, spec, len), REDRESS_ERR_RANGE);
  assert_null(none);
  size_t last = len - 1;
  while (spec[last - 1] != '\n') last--;
  cal = cal_parse(t.desk, ""); /* placeholder freed below */
  redress_calendar_free(cal);
  assert_int_equal(redress_calendar_parse(&cal, t.desk, spec, last), REDRESS_OK);
  assert_int_equal(elapsed(cal, utc(2020, 1, 1, 0, 0, 0), utc(2020, 1, 3, 0, 0, 0)), 4 * HOUR);
  redress_calendar_free(cal);
  free(spec);
  th_desk_close(&t);
}

/* ---- counting back ----------------------------------------------------------------- */

static void test_back_seconds(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  redress_calendar *cal = cal_parse(t.desk, "mon-fri 09:00-17:00; holiday 2026-03-04 13:00-17:00");
  const int s = REDRESS_SPAN_BUSINESS_SECONDS;
  assert_int_equal(add(cal, utc(2026, 3, 2, 17, 0, 0), -2 * HOUR, s), utc(2026, 3, 2, 15, 0, 0));
  /* Eight hours before 17:00 is 09:00 that day, not 17:00 the day before. */
  assert_int_equal(add(cal, utc(2026, 3, 2, 17, 0, 0), -8 * HOUR, s), utc(2026, 3, 2, 9, 0, 0));
  assert_int_equal(add(cal, utc(2026, 3, 2, 17, 0, 0), -8 * HOUR - 1, s), utc(2026, 2, 27, 16, 59, 59));
  /* A closed start counts from the previous closing. */
  assert_int_equal(add(cal, utc(2026, 3, 3, 8, 0, 0), -2 * HOUR, s), utc(2026, 3, 2, 15, 0, 0));
  assert_int_equal(add(cal, utc(2026, 3, 9, 9, 0, 0), -60, s), utc(2026, 3, 6, 16, 59, 0));
  /* The part-day holiday: Thursday 10:00 - 2 h = Wednesday 12:00 (13:00-17:00 closed). */
  assert_int_equal(add(cal, utc(2026, 3, 5, 10, 0, 0), -2 * HOUR, s), utc(2026, 3, 4, 12, 0, 0));
  assert_int_equal(add(cal, utc(2026, 3, 5, 10, 0, 0), 0, s), utc(2026, 3, 5, 10, 0, 0));
  /* Calendar seconds back. */
  assert_int_equal(add(cal, 100, -100, REDRESS_SPAN_CALENDAR_SECONDS), 0);
  redress_time out = 7;
  assert_int_equal(redress_calendar_add(&out, cal, 100, -101, REDRESS_SPAN_CALENDAR_SECONDS), REDRESS_ERR_RANGE);
  assert_int_equal(redress_calendar_add(&out, cal, 100, INT64_MIN, REDRESS_SPAN_CALENDAR_SECONDS), REDRESS_ERR_RANGE);
  /* Thursday 1 January 1970 was the first business day: one hour of it, no more. */
  assert_int_equal(add(cal, utc(1970, 1, 1, 10, 0, 0), -HOUR, s), utc(1970, 1, 1, 9, 0, 0));
  assert_int_equal(redress_calendar_add(&out, cal, utc(1970, 1, 1, 10, 0, 0), -HOUR - 1, s), REDRESS_ERR_RANGE);
  assert_int_equal(redress_calendar_add(&out, cal, REDRESS_TIME_MAX, INT64_MIN, s), REDRESS_ERR_RANGE);
  assert_int_equal(redress_calendar_add(&out, cal, REDRESS_TIME_MAX, -1, 3), REDRESS_ERR_INVALID);
  assert_int_equal(out, 7);
  redress_calendar_free(cal);
  /* Always open: back to the first instant exactly, then no further. */
  cal = cal_parse(t.desk, "");
  assert_int_equal(add(cal, 100, -100, s), 0);
  assert_int_equal(redress_calendar_add(&out, cal, 100, -101, s), REDRESS_ERR_RANGE);
  redress_calendar_free(cal);
  /* Never open. */
  cal = cal_parse(t.desk, "mon-sun closed");
  assert_int_equal(redress_calendar_add(&out, cal, utc(2026, 3, 2, 0, 0, 0), -1, s), REDRESS_ERR_RANGE);
  assert_int_equal(redress_calendar_add(&out, cal, utc(2026, 3, 2, 0, 0, 0), -1, REDRESS_SPAN_BUSINESS_DAYS), REDRESS_ERR_RANGE);
  redress_calendar_free(cal);
  th_desk_close(&t);
}

static void test_back_across_dst(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  redress_calendar *cal = cal_parse(t.desk, "tz=Europe/London; mon-fri 09:00-12:30,13:30-17:30");
  const int s = REDRESS_SPAN_BUSINESS_SECONDS;
  /* Monday 30 March 10:30 UTC (11:30 BST) - 4 h: 2.5 h of Monday, 1.5 h of Friday (GMT). */
  assert_int_equal(add(cal, utc(2026, 3, 30, 10, 30, 0), -4 * HOUR, s), utc(2026, 3, 27, 16, 0, 0));
  assert_int_equal(add(cal, utc(2026, 3, 31, 16, 30, 0), -2, REDRESS_SPAN_BUSINESS_DAYS), utc(2026, 3, 27, 9, 0, 0));
  assert_int_equal(add(cal, utc(2026, 3, 31, 16, 30, 0), -1, REDRESS_SPAN_BUSINESS_DAYS), utc(2026, 3, 30, 8, 0, 0));
  redress_calendar_free(cal);
  /* The gap Sunday is no business day back either; the overlap Sunday opens at 01:00 BST. */
  cal = cal_parse(t.desk, "tz=Europe/London; sun 01:00-02:00");
  assert_int_equal(add(cal, utc(2026, 4, 6, 0, 0, 0), -1, REDRESS_SPAN_BUSINESS_DAYS), utc(2026, 4, 5, 0, 0, 0));
  assert_int_equal(add(cal, utc(2026, 4, 6, 0, 0, 0), -2, REDRESS_SPAN_BUSINESS_DAYS), utc(2026, 3, 22, 1, 0, 0));
  assert_int_equal(add(cal, utc(2026, 10, 26, 0, 0, 0), -1, REDRESS_SPAN_BUSINESS_DAYS), utc(2026, 10, 25, 0, 0, 0));
  /* 90 minutes before the end of the repeated hour: both passes count. */
  assert_int_equal(add(cal, utc(2026, 10, 25, 2, 0, 0), -5400, s), utc(2026, 10, 25, 0, 30, 0));
  redress_calendar_free(cal);
  th_desk_close(&t);
}

static void test_back_days(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  redress_calendar *cal = cal_parse(t.desk,
      "mon-fri 09:00-17:00; holiday 2026-03-03 09:00-12:00; holiday 2026-03-06");
  const int d = REDRESS_SPAN_BUSINESS_DAYS;
  redress_time wed = utc(2026, 3, 4, 23, 59, 59), out = 0;
  assert_int_equal(add(cal, wed, -1, d), utc(2026, 3, 3, 12, 0, 0)); /* opens at noon */
  assert_int_equal(add(cal, wed, -2, d), utc(2026, 3, 2, 9, 0, 0));
  assert_int_equal(add(cal, utc(2026, 3, 4, 0, 0, 0), -3, d), utc(2026, 2, 27, 9, 0, 0));
  assert_int_equal(add(cal, utc(2026, 3, 9, 12, 0, 0), -1, d), utc(2026, 3, 5, 9, 0, 0)); /* Friday is a holiday */
  assert_int_equal(add(cal, utc(2026, 3, 8, 12, 0, 0), -1, d), utc(2026, 3, 5, 9, 0, 0));
  /* 15 back and 15 forth. */
  redress_time due = add(cal, utc(2026, 3, 2, 9, 0, 0), 15, d);
  assert_int_equal(due, utc(2026, 3, 24, 17, 0, 0));
  assert_int_equal(add(cal, due, -15, d), utc(2026, 3, 2, 9, 0, 0));
  assert_int_equal(add(cal, due, -14, d), utc(2026, 3, 3, 12, 0, 0));
  /* Thursday 1 January 1970 is the first business day there is. */
  assert_int_equal(redress_calendar_add(&out, cal, utc(1970, 1, 6, 12, 0, 0), -4, d), REDRESS_ERR_RANGE);
  assert_int_equal(add(cal, utc(1970, 1, 6, 12, 0, 0), -3, d), utc(1970, 1, 1, 9, 0, 0));
  assert_int_equal(redress_calendar_add(&out, cal, REDRESS_TIME_MAX, INT64_MIN, d), REDRESS_ERR_RANGE);
  assert_int_equal(redress_calendar_add(&out, cal, REDRESS_TIME_MAX, -4000000, d), REDRESS_ERR_RANGE);
  redress_calendar_free(cal);
  th_desk_close(&t);
}

/* Many starts and amounts: a count back lands on the latest instant that works. */
static void test_back_is_the_mirror(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  const char *specs[] = {
      "tz=Europe/London; mon-fri 09:00-12:30,13:30-17:30; holiday 2026-04-03; holiday 2026-12-24 12:00-24:00",
      "tz=America/New_York; mon-sat 00:30-02:30,22:00-24:00; open 2026-03-08 01:00-04:00",
      "tz=Australia/Sydney; sun 01:30-03:30; open 2026-10-04 01:00-04:00; holiday 2026-04-05",
      china,
  };
  uint64_t rng = 7;
  for (size_t c = 0; c < sizeof specs / sizeof specs[0]; c++) {
    redress_calendar *cal = cal_parse(t.desk, specs[c]);
    for (int i = 0; i < 400; i++) {
      rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
      redress_time start = utc(2026, 1, 1, 0, 0, 0) + (redress_time)((rng >> 20) % (366u * DAY));
      int64_t amount = 1 + (int64_t)((rng >> 8) % (40 * HOUR));
      redress_time r = add(cal, start, -amount, REDRESS_SPAN_BUSINESS_SECONDS);
      assert_int_equal(elapsed(cal, r, start), amount);
      assert_int_equal(elapsed(cal, r + 1, start), amount - 1); /* the latest such instant */
      int64_t days = 1 + (int64_t)((rng >> 40) % 30);
      redress_time o = add(cal, start, -days, REDRESS_SPAN_BUSINESS_DAYS);
      assert_int_equal(redress_calendar_is_open(cal, o), 1);
      /* Forward again: the first business day from start's day, whose last open
       * second counts back to the same opening. */
      redress_time back = add(cal, o, days, REDRESS_SPAN_BUSINESS_DAYS);
      assert_true(back > start - 2 * DAY);
      assert_int_equal(add(cal, back - 1, -days, REDRESS_SPAN_BUSINESS_DAYS), o);
    }
    redress_calendar_free(cal);
  }
  th_desk_close(&t);
}

/* ---- periods ---------------------------------------------------------------------- */

static void expect_period(const redress_calendar *cal, redress_time at, int dir, redress_time opens,
                          redress_time closes) {
  redress_time a = -1, b = -1;
  assert_int_equal(redress_calendar_period(cal, at, dir, &a, &b), REDRESS_OK);
  assert_int_equal(a, opens);
  assert_int_equal(b, closes);
}

static void test_period(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  redress_calendar *cal = cal_parse(t.desk,
      "tz=Europe/London; mon-fri 09:00-12:30,13:30-17:30; holiday 2026-04-03");
  const int next = REDRESS_PERIOD_NEXT, prev = REDRESS_PERIOD_PREV;
  /* Monday 30 March (BST, UTC+1). */
  expect_period(cal, utc(2026, 3, 30, 9, 0, 0), next, utc(2026, 3, 30, 8, 0, 0), utc(2026, 3, 30, 11, 30, 0));
  expect_period(cal, utc(2026, 3, 30, 8, 0, 0), next, utc(2026, 3, 30, 8, 0, 0), utc(2026, 3, 30, 11, 30, 0));
  expect_period(cal, utc(2026, 3, 30, 8, 0, 0), prev, utc(2026, 3, 27, 13, 30, 0), utc(2026, 3, 27, 17, 30, 0));
  expect_period(cal, utc(2026, 3, 30, 11, 30, 0), next, utc(2026, 3, 30, 12, 30, 0), utc(2026, 3, 30, 16, 30, 0));
  expect_period(cal, utc(2026, 3, 30, 11, 30, 0), prev, utc(2026, 3, 30, 8, 0, 0), utc(2026, 3, 30, 11, 30, 0));
  expect_period(cal, utc(2026, 3, 30, 12, 0, 0), prev, utc(2026, 3, 30, 8, 0, 0), utc(2026, 3, 30, 11, 30, 0));
  expect_period(cal, utc(2026, 3, 30, 8, 0, 1), prev, utc(2026, 3, 30, 8, 0, 0), utc(2026, 3, 30, 11, 30, 0));
  /* Thursday evening: the next opening is Monday (Good Friday). */
  expect_period(cal, utc(2026, 4, 2, 18, 0, 0), next, utc(2026, 4, 6, 8, 0, 0), utc(2026, 4, 6, 11, 30, 0));
  expect_period(cal, utc(2026, 4, 6, 8, 0, 0), prev, utc(2026, 4, 2, 12, 30, 0), utc(2026, 4, 2, 16, 30, 0));
  redress_calendar_free(cal);
  /* Always open: one period a local day; across midnight two periods. */
  cal = cal_parse(t.desk, "tz=Europe/London");
  expect_period(cal, utc(2026, 3, 29, 12, 0, 0), next, utc(2026, 3, 29, 0, 0, 0), utc(2026, 3, 29, 23, 0, 0));
  expect_period(cal, utc(2026, 10, 25, 12, 0, 0), prev, utc(2026, 10, 24, 23, 0, 0), utc(2026, 10, 26, 0, 0, 0));
  /* London kept UTC+1 all year from 1968 to 1971: 2 January 1970 began at 23:00 UTC. */
  expect_period(cal, 0, next, 0, 23 * HOUR);
  redress_calendar_free(cal);
  cal = cal_parse(t.desk, "");
  expect_period(cal, 0, next, 0, DAY);
  expect_period(cal, REDRESS_TIME_MAX, prev, REDRESS_TIME_MAX + 1 - DAY, REDRESS_TIME_MAX + 1);
  expect_period(cal, REDRESS_TIME_MAX, next, REDRESS_TIME_MAX + 1 - DAY, REDRESS_TIME_MAX + 1);
  redress_time a = 0, b = 0;
  assert_int_equal(redress_calendar_period(cal, 0, prev, &a, &b), REDRESS_ERR_NOTFOUND);
  redress_calendar_free(cal);
  cal = cal_parse(t.desk, "mon 22:00-24:00; tue 00:00-01:00");
  expect_period(cal, utc(2026, 3, 2, 23, 0, 0), next, utc(2026, 3, 2, 22, 0, 0), utc(2026, 3, 3, 0, 0, 0));
  expect_period(cal, utc(2026, 3, 3, 0, 0, 0), next, utc(2026, 3, 3, 0, 0, 0), utc(2026, 3, 3, 1, 0, 0));
  redress_calendar_free(cal);
  /* An interval across the skipped hour is one period, an hour shorter; across the
   * repeated hour one period an hour longer. */
  cal = cal_parse(t.desk, "tz=Europe/London; sun 00:00-04:00");
  expect_period(cal, utc(2026, 3, 29, 0, 30, 0), next, utc(2026, 3, 29, 0, 0, 0), utc(2026, 3, 29, 3, 0, 0));
  expect_period(cal, utc(2026, 3, 29, 2, 30, 0), prev, utc(2026, 3, 29, 0, 0, 0), utc(2026, 3, 29, 3, 0, 0));
  expect_period(cal, utc(2026, 10, 25, 1, 30, 0), next, utc(2026, 10, 24, 23, 0, 0), utc(2026, 10, 25, 4, 0, 0));
  expect_period(cal, utc(2026, 10, 25, 1, 30, 0), prev, utc(2026, 10, 24, 23, 0, 0), utc(2026, 10, 25, 4, 0, 0));
  redress_calendar_free(cal);
  /* Nothing that way, and bad arguments. */
  cal = cal_parse(t.desk, "open 2026-03-07 10:00-12:00");
  assert_int_equal(redress_calendar_period(cal, utc(2026, 3, 7, 12, 0, 0), next, &a, &b), REDRESS_ERR_NOTFOUND);
  assert_int_equal(redress_calendar_period(cal, utc(2026, 3, 7, 10, 0, 0), prev, &a, &b), REDRESS_ERR_NOTFOUND);
  expect_period(cal, utc(2026, 3, 7, 10, 0, 0), next, utc(2026, 3, 7, 10, 0, 0), utc(2026, 3, 7, 12, 0, 0));
  expect_period(cal, REDRESS_TIME_MAX, prev, utc(2026, 3, 7, 10, 0, 0), utc(2026, 3, 7, 12, 0, 0));
  assert_int_equal(redress_calendar_period(NULL, 0, next, &a, &b), REDRESS_ERR_INVALID);
  assert_int_equal(redress_calendar_period(cal, 0, next, NULL, &b), REDRESS_ERR_INVALID);
  assert_int_equal(redress_calendar_period(cal, 0, next, &a, NULL), REDRESS_ERR_INVALID);
  assert_int_equal(redress_calendar_period(cal, -1, next, &a, &b), REDRESS_ERR_INVALID);
  assert_int_equal(redress_calendar_period(cal, REDRESS_TIME_MAX + 1, prev, &a, &b), REDRESS_ERR_INVALID);
  assert_int_equal(redress_calendar_period(cal, 0, 0, &a, &b), REDRESS_ERR_INVALID);
  assert_int_equal(redress_calendar_period(cal, 0, 2, &a, &b), REDRESS_ERR_INVALID);
  redress_calendar_free(cal);
  cal = cal_parse(t.desk, "mon-sun closed");
  assert_int_equal(redress_calendar_period(cal, utc(2026, 1, 1, 0, 0, 0), next, &a, &b), REDRESS_ERR_NOTFOUND);
  assert_int_equal(redress_calendar_period(cal, utc(2026, 1, 1, 0, 0, 0), prev, &a, &b), REDRESS_ERR_NOTFOUND);
  redress_calendar_free(cal);
  th_desk_close(&t);
}

typedef struct collected {
  redress_time p[64][2];
  size_t n, stop_after;
} collected;

static int collect(void *user, redress_time opens, redress_time closes) {
  collected *c = user;
  if (c->n < 64) {
    c->p[c->n][0] = opens;
    c->p[c->n][1] = closes;
  }
  c->n++;
  return c->stop_after != 0 && c->n >= c->stop_after;
}

static void test_periods(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  redress_calendar *cal = cal_parse(t.desk, china);
  redress_time sat = utc(2026, 2, 14, 0, 0, 0) - 8 * HOUR;
  collected c;
  memset(&c, 0, sizeof c);
  /* From Friday 10:00 to Monday: Friday's two clipped, Saturday's two. */
  assert_int_equal(redress_calendar_periods(cal, sat - DAY + 10 * HOUR, sat + 2 * DAY, collect, &c), REDRESS_OK);
  assert_int_equal(c.n, 4);
  assert_int_equal(c.p[0][0], sat - DAY + 10 * HOUR);
  assert_int_equal(c.p[0][1], sat - DAY + 12 * HOUR);
  assert_int_equal(c.p[1][0], sat - DAY + 13 * HOUR);
  assert_int_equal(c.p[3][0], sat + 13 * HOUR);
  assert_int_equal(c.p[3][1], sat + 18 * HOUR);
  /* Clipped at the end too; an empty range lists nothing. */
  memset(&c, 0, sizeof c);
  assert_int_equal(redress_calendar_periods(cal, sat, sat + 10 * HOUR, collect, &c), REDRESS_OK);
  assert_int_equal(c.n, 1);
  assert_int_equal(c.p[0][1], sat + 10 * HOUR);
  memset(&c, 0, sizeof c);
  assert_int_equal(redress_calendar_periods(cal, sat, sat, collect, &c), REDRESS_OK);
  assert_int_equal(redress_calendar_periods(cal, sat + 2 * DAY, sat + 5 * DAY, collect, &c), REDRESS_OK);
  assert_int_equal(c.n, 0);
  /* The callback stops the listing. */
  c.stop_after = 2;
  assert_int_equal(redress_calendar_periods(cal, sat - 7 * DAY, sat, collect, &c), REDRESS_ERR_USER);
  assert_int_equal(c.n, 2);
  /* Bad arguments. */
  assert_int_equal(redress_calendar_periods(NULL, 0, 1, collect, &c), REDRESS_ERR_INVALID);
  assert_int_equal(redress_calendar_periods(cal, 0, 1, NULL, &c), REDRESS_ERR_INVALID);
  assert_int_equal(redress_calendar_periods(cal, 2, 1, collect, &c), REDRESS_ERR_INVALID);
  assert_int_equal(redress_calendar_periods(cal, -1, 1, collect, &c), REDRESS_ERR_INVALID);
  assert_int_equal(redress_calendar_periods(cal, 0, REDRESS_TIME_MAX + 1, collect, &c), REDRESS_ERR_INVALID);
  redress_calendar_free(cal);
  th_desk_close(&t);
}

typedef struct tally {
  const redress_calendar *cal;
  redress_time last_close;
  int64_t open;
  size_t n;
} tally;

static int check_period(void *user, redress_time opens, redress_time closes) {
  tally *t = user;
  assert_true(opens < closes);
  assert_true(opens >= t->last_close);
  assert_int_equal(redress_calendar_is_open(t->cal, opens), 1);
  assert_int_equal(redress_calendar_is_open(t->cal, closes - 1), 1);
  assert_int_equal(elapsed(t->cal, opens, closes), closes - opens);
  t->last_close = closes;
  t->open += closes - opens;
  t->n++;
  return 0;
}

/* Over many ranges the periods tile the open time exactly. */
static void test_periods_tile_open_time(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  const char *specs[] = {
      "tz=Europe/London; mon-fri 09:00-12:30,13:30-17:30; sat 00:00-24:00; holiday 2026-12-24 12:00-24:00",
      "tz=America/New_York; 24x7; holiday 2026-03-08 02:30-03:30",
      "tz=Australia/Sydney; sun 01:30-03:30; open 2026-10-04 01:00-04:00; holiday 2026-04-05",
      "tz=Asia/Seoul; mon-fri 09:00-18:00; holiday 2026-02-16; open 2026-02-21 09:00-13:00",
  };
  uint64_t rng = 11;
  for (size_t s = 0; s < sizeof specs / sizeof specs[0]; s++) {
    redress_calendar *cal = cal_parse(t.desk, specs[s]);
    for (int i = 0; i < 60; i++) {
      rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
      redress_time from = utc(2026, 1, 1, 0, 0, 0) + (redress_time)((rng >> 20) % (366u * DAY));
      redress_time to = from + (redress_time)((rng >> 4) % (20u * DAY));
      tally ta = {cal, 0, 0, 0};
      assert_int_equal(redress_calendar_periods(cal, from, to, check_period, &ta), REDRESS_OK);
      assert_int_equal(ta.open, elapsed(cal, from, to));
    }
    redress_calendar_free(cal);
  }
  th_desk_close(&t);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_open_working_weekend),
      cmocka_unit_test(test_open_with_holidays_and_weekdays),
      cmocka_unit_test(test_open_only),
      cmocka_unit_test(test_open_across_dst),
      cmocka_unit_test(test_open_errors),
      cmocka_unit_test(test_back_seconds),
      cmocka_unit_test(test_back_across_dst),
      cmocka_unit_test(test_back_days),
      cmocka_unit_test(test_back_is_the_mirror),
      cmocka_unit_test(test_period),
      cmocka_unit_test(test_periods),
      cmocka_unit_test(test_periods_tile_open_time),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

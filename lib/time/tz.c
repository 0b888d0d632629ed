/* Time zones: civil dates and the offset a POSIX rule puts in effect at an instant.
 * The rule text is parsed in tz_posix.c, read from TZif files in tz_file.c, and
 * combined with a file's history into a zone in tz_zone.c. */
#include "time/tz.h"

/* Days before each month in a common year. */
static const int days_before_month[13] = {0,   0,   31,  59,  90,  120, 151,
                                          181, 212, 243, 273, 304, 334};

int64_t rd_floor_div(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && a < 0) ? q - 1 : q;
}

int64_t rd_floor_mod(int64_t a, int64_t b) {
  return a - rd_floor_div(a, b) * b;
}

int rd_is_leap(int64_t year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int rd_month_days(int64_t year, int month) {
  static const int len[13] = {0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && rd_is_leap(year) ? 29 : len[month];
}

/* Leap years in [1, year): the calendar's only irregularity, counted in closed form. */
static int64_t leaps_before(int64_t year) {
  int64_t y = year - 1;
  return y / 4 - y / 100 + y / 400;
}

/* Days from 1970-01-01 to January 1 of year (year >= 1). */
static int64_t days_before_year(int64_t year) {
  return 365 * (year - 1970) + leaps_before(year) - leaps_before(1970);
}

int64_t rd_days_from_civil(int64_t year, int month, int day) {
  int64_t d = days_before_year(year) + days_before_month[month] + day - 1;
  return (month > 2 && rd_is_leap(year)) ? d + 1 : d;
}

int64_t rd_year_of_day(int64_t days) {
  /* 146097 days make 400 years; the estimate is off by at most one either way. */
  int64_t year = 1970 + rd_floor_div(days * 400, 146097);
  while (days_before_year(year) > days) year--;
  while (days_before_year(year + 1) <= days) year++;
  return year;
}

rd_tz rd_tz_utc(void) {
  rd_tz tz;
  tz.std_off = 0;
  tz.dst_off = 0;
  tz.has_dst = 0;
  tz.start.kind = tz.end.kind = RD_TZ_JULIAN0;
  tz.start.day = tz.end.day = 0;
  tz.start.month = tz.end.month = 1;
  tz.start.week = tz.end.week = 1;
  tz.start.wday = tz.end.wday = 0;
  tz.start.time = tz.end.time = 0;
  return tz;
}

/* Weekday of a day number, Sunday = 0 as in POSIX rules (1970-01-01 was a Thursday). */
static int sunday_weekday(int64_t days) {
  return (int)rd_floor_mod(days + 4, 7);
}

/* Day number (since 1970-01-01) on which rule r falls in year. */
static int64_t rule_day(const rd_tz_rule *r, int64_t year) {
  int64_t jan1 = days_before_year(year);
  if (r->kind == RD_TZ_JULIAN0) return jan1 + r->day;
  if (r->kind == RD_TZ_JULIAN1)
    return jan1 + r->day - 1 + ((r->day >= 60 && rd_is_leap(year)) ? 1 : 0);
  int64_t first = rd_days_from_civil(year, r->month, 1);
  int64_t d = first + (r->wday - sunday_weekday(first) + 7) % 7 + 7 * (r->week - 1);
  /* Week 5 means the last such weekday, which may be in the fourth week. */
  while (d >= first + rd_month_days(year, r->month)) d -= 7;
  return d;
}

/* The UTC instant of rule r in year; its time is local time in the offset `before`. */
static int64_t rule_instant(const rd_tz_rule *r, int64_t year, int32_t before) {
  return rule_day(r, year) * RD_SECS_PER_DAY + r->time - before;
}

/* The DST period that the rules of year y open: from the start to the end, or to
 * the next year's end when the end comes first in the year (the southern
 * hemisphere, or "negative" DST as in Ireland). */
void rd_tz_dst_period(const rd_tz *tz, int64_t y, int64_t *from, int64_t *to) {
  *from = rule_instant(&tz->start, y, tz->std_off);
  int64_t end = rule_instant(&tz->end, y, tz->dst_off);
  *to = end >= *from ? end : rule_instant(&tz->end, y + 1, tz->dst_off);
}

int32_t rd_tz_offset(const rd_tz *tz, int64_t t, int64_t *next) {
  if (!tz->has_dst) {
    if (next != NULL) *next = INT64_MAX;
    return tz->std_off;
  }
  /* DST is in effect inside any year's period. Rule instants can stray a week into
   * a neighbouring year (times up to 167h), so the years around t decide. Periods
   * that touch leave no gap: "J1/0,J365/25" is DST all year, as RFC 8536 says. */
  int64_t year = rd_year_of_day(rd_floor_div(t, RD_SECS_PER_DAY));
  int64_t next_at = INT64_MAX;
  int in_dst = 0;
  for (int64_t y = year - 2; y <= year + 1; y++) {
    int64_t from = 0, to = 0;
    rd_tz_dst_period(tz, y, &from, &to);
    if (from <= t && t < to) in_dst = 1;
    if (from > t && from < next_at) next_at = from;
    if (to > t && to < next_at) next_at = to;
  }
  if (next != NULL) *next = next_at;
  return in_dst ? tz->dst_off : tz->std_off;
}

int64_t rd_tz_prev_change(const rd_tz *tz, int64_t t) {
  if (!tz->has_dst) return INT64_MIN;
  int64_t year = rd_year_of_day(rd_floor_div(t, RD_SECS_PER_DAY));
  int64_t prev = INT64_MIN;
  for (int64_t y = year - 2; y <= year + 1; y++) {
    int64_t from = 0, to = 0;
    rd_tz_dst_period(tz, y, &from, &to);
    if (from >= to) continue;
    if (from <= t && from > prev) prev = from;
    if (to <= t && to > prev) prev = to;
  }
  return prev;
}

/* Time zones: civil dates and the offset a POSIX rule puts in effect at an instant.
 * The rule text is parsed in tz_posix.c and read from TZif files in tz_file.c. */
#include "tz.h"

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

int32_t rd_tz_offset(const rd_tz *tz, int64_t t, int64_t *next) {
  if (!tz->has_dst) {
    if (next != NULL) *next = INT64_MAX;
    return tz->std_off;
  }
  /* A rule's instant can stray a week into a neighbouring year (times up to 167h),
   * so the switches of the years around t decide: the latest one at or before t
   * sets the offset, the earliest one after t ends it. Ties go to the later year
   * so that a rule like "J365/25" (DST all year) has no gap between years. */
  int64_t year = rd_year_of_day(rd_floor_div(t, RD_SECS_PER_DAY));
  int64_t last_at = INT64_MIN, next_at = INT64_MAX;
  int32_t off = tz->std_off;
  for (int64_t y = year - 2; y <= year + 1; y++) {
    int64_t on = rule_instant(&tz->start, y, tz->std_off);
    int64_t off_at = rule_instant(&tz->end, y, tz->dst_off);
    int64_t first = on <= off_at ? on : off_at, second = on <= off_at ? off_at : on;
    int32_t first_off = on <= off_at ? tz->dst_off : tz->std_off;
    int32_t second_off = on <= off_at ? tz->std_off : tz->dst_off;
    if (first <= t && first >= last_at) {
      last_at = first;
      off = first_off;
    }
    if (second <= t && second >= last_at) {
      last_at = second;
      off = second_off;
    }
    if (first > t && first < next_at) next_at = first;
    if (second > t && second < next_at) next_at = second;
  }
  if (next != NULL) *next = next_at;
  return off;
}

int rd_tz_table_build(rd_tz_table *tab, const rd_tz *tz, const redress_allocator *a) {
  tab->sw = NULL;
  tab->n = 0;
  if (!tz->has_dst) return REDRESS_OK;
  size_t cap = 2 * (RD_TZ_TABLE_LAST - RD_TZ_TABLE_FIRST + 1);
  tab->sw = rd_alloc(a, cap * sizeof *tab->sw);
  if (tab->sw == NULL) return REDRESS_ERR_NOMEM;
  for (int64_t y = RD_TZ_TABLE_FIRST; y <= RD_TZ_TABLE_LAST; y++) {
    rd_tz_switch on = {rule_instant(&tz->start, y, tz->std_off), tz->dst_off};
    rd_tz_switch off = {rule_instant(&tz->end, y, tz->dst_off), tz->std_off};
    /* Ordered as rd_tz_offset() breaks ties: by instant, then by year, then DST on. */
    rd_tz_switch pair[2] = {on, off};
    if (off.at < on.at) {
      pair[0] = off;
      pair[1] = on;
    }
    for (int i = 0; i < 2; i++) { /* insertion: rules may stray into the next year */
      size_t j = tab->n++;
      for (; j > 0 && tab->sw[j - 1].at > pair[i].at; j--) tab->sw[j] = tab->sw[j - 1];
      tab->sw[j] = pair[i];
    }
  }
  return REDRESS_OK;
}

void rd_tz_table_free(rd_tz_table *tab, const redress_allocator *a) {
  rd_free(a, tab->sw);
  tab->sw = NULL;
  tab->n = 0;
}

int32_t rd_tz_table_offset(const rd_tz_table *tab, const rd_tz *tz, int64_t t, int64_t *next) {
  /* The first and last years of the table lack their neighbours' switches, so
   * only the years between are answered from it. */
  if (tab->n < 8 || t < tab->sw[2].at || t >= tab->sw[tab->n - 3].at)
    return rd_tz_offset(tz, t, next);
  size_t lo = 0, hi = tab->n; /* first switch after t */
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (tab->sw[mid].at <= t) lo = mid + 1;
    else hi = mid;
  }
  if (next != NULL) *next = tab->sw[lo].at;
  return tab->sw[lo - 1].off;
}

int rd_tz_local_to_utc(const rd_tz *tz, int64_t local, int64_t out[2]) {
  /* Each instant is local minus one of the two offsets; keep those that agree. */
  int n = 0;
  int64_t cand[2] = {local - tz->std_off, local - tz->dst_off};
  int32_t used[2] = {tz->std_off, tz->dst_off};
  for (int i = 0; i < (tz->dst_off == tz->std_off ? 1 : 2); i++)
    if (rd_tz_offset(tz, cand[i], NULL) == used[i]) out[n++] = cand[i];
  if (n == 2 && out[0] > out[1]) {
    int64_t tmp = out[0];
    out[0] = out[1];
    out[1] = tmp;
  }
  return n;
}

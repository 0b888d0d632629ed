/* Calendar index: the weekly pattern, holidays and dead days as cumulative tables,
 * so that open time and business days over any span cost a few binary searches.
 *
 * Weeks are counted from Monday 1969-12-29 (local day -3), so that week positions
 * start on Monday. Local times of the library's range are all after it. */
#include "time/calendar.h"

#include <stdlib.h>
#include <string.h>

#define WEEK_ORIGIN_DAYS 3 /* 1970-01-01 was a Thursday */

int rd_cal_weekday(int64_t day) {
  return (int)rd_floor_mod(day + WEEK_ORIGIN_DAYS, 7);
}

/* ---- the weekly pattern ------------------------------------------------- */

/* Open seconds of the week before position pos (0 .. RD_CAL_WEEK). */
static int64_t week_prefix(const redress_calendar *cal, int64_t pos) {
  size_t lo = 0, hi = cal->n_week; /* find the first interval starting after pos */
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (cal->week[mid].a <= pos) lo = mid + 1;
    else hi = mid;
  }
  if (lo == 0) return 0;
  const rd_cal_open *o = &cal->week[lo - 1];
  return o->cum + (pos < o->b ? pos : o->b) - o->a;
}

/* Open seconds of the weekly pattern (no holidays) before local second x. */
static int64_t weekly_cum(const redress_calendar *cal, int64_t x) {
  int64_t u = x + WEEK_ORIGIN_DAYS * (int64_t)RD_CAL_DAY;
  int64_t q = rd_floor_div(u, RD_CAL_WEEK);
  return q * cal->week_open + week_prefix(cal, u - q * RD_CAL_WEEK);
}

/* Earliest local second x with weekly_cum(x) >= v. */
static int64_t weekly_inv(const redress_calendar *cal, int64_t v) {
  int64_t q = rd_floor_div(v, cal->week_open);
  int64_t r = v - q * cal->week_open;
  if (r == 0) { /* reached at the end of the previous week's last interval */
    q--;
    r = cal->week_open;
  }
  size_t lo = 0, hi = cal->n_week - 1; /* first interval whose end reaches r */
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    const rd_cal_open *o = &cal->week[mid];
    if (o->cum + (o->b - o->a) >= r) hi = mid;
    else lo = mid + 1;
  }
  const rd_cal_open *o = &cal->week[lo];
  return q * RD_CAL_WEEK + o->a + (r - o->cum) - WEEK_ORIGIN_DAYS * (int64_t)RD_CAL_DAY;
}

/* Business weekdays (with any opening) before local day d. */
static int64_t weekly_days(const redress_calendar *cal, int64_t d) {
  int64_t u = d + WEEK_ORIGIN_DAYS;
  int64_t q = rd_floor_div(u, 7);
  return q * cal->biz_per_week + cal->biz_before[u - q * 7];
}

/* Earliest local day x with weekly_days(x) >= v. */
static int64_t weekly_days_inv(const redress_calendar *cal, int64_t v) {
  int64_t q = rd_floor_div(v, cal->biz_per_week);
  int64_t r = v - q * cal->biz_per_week;
  if (r == 0) {
    q--;
    r = cal->biz_per_week;
  }
  int w = 0;
  while (cal->biz_before[w + 1] < r) w++;
  return q * 7 + w + 1 - WEEK_ORIGIN_DAYS;
}

/* ---- W and C ------------------------------------------------------------- */

size_t rd_cal_holiday_after(const redress_calendar *cal, int64_t x) {
  size_t lo = 0, hi = cal->n_holidays;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (cal->holidays[mid].b <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

static int64_t closed_before(const redress_calendar *cal, size_t k) {
  return k < cal->n_holidays ? cal->holidays[k].closed : cal->holiday_closed;
}

int64_t rd_cal_w(const redress_calendar *cal, int64_t x) {
  size_t k = rd_cal_holiday_after(cal, x);
  if (k < cal->n_holidays && cal->holidays[k].a <= x) return cal->holidays[k].w_at;
  return weekly_cum(cal, x) - closed_before(cal, k);
}

int64_t rd_cal_w_inv(const redress_calendar *cal, int64_t v) {
  /* W is weekly_cum minus a constant between two holidays and flat inside one, so
   * the first holiday whose start reaches v bounds the answer from above. */
  size_t lo = 0, hi = cal->n_holidays;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (cal->holidays[mid].w_at < v) lo = mid + 1;
    else hi = mid;
  }
  return weekly_inv(cal, v + closed_before(cal, lo));
}

/* Number of dead days before local day d. */
static size_t dead_before(const redress_calendar *cal, int64_t d) {
  size_t lo = 0, hi = cal->n_dead;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (cal->dead[mid].day < d) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

int64_t rd_cal_c(const redress_calendar *cal, int64_t day) {
  return weekly_days(cal, day) - (int64_t)dead_before(cal, day);
}

int64_t rd_cal_c_inv(const redress_calendar *cal, int64_t v) {
  size_t lo = 0, hi = cal->n_dead;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (cal->dead[mid].c_at < v) lo = mid + 1;
    else hi = mid;
  }
  return weekly_days_inv(cal, v + (int64_t)lo);
}

/* ---- building ------------------------------------------------------------ */

static void sort_day(rd_cal_span *s, size_t n) {
  for (size_t i = 1; i < n; i++) { /* at most 48 entries: insertion sort */
    rd_cal_span x = s[i];
    size_t j = i;
    for (; j > 0 && s[j - 1].a > x.a; j--) s[j] = s[j - 1];
    s[j] = x;
  }
}

static int index_week(redress_calendar *cal, const rd_cal_build *b) {
  size_t n = 0;
  for (int d = 0; d < 7; d++) n += b->n_day[d];
  if (n > 0) {
    cal->week = rd_alloc(&cal->alloc, n * sizeof *cal->week);
    if (cal->week == NULL) return REDRESS_ERR_NOMEM;
  }
  int64_t cum = 0;
  for (int d = 0; d < 7; d++) {
    rd_cal_span day[RD_CAL_MAX_DAY_INTERVALS];
    memcpy(day, b->day[d], b->n_day[d] * sizeof day[0]);
    sort_day(day, b->n_day[d]);
    cal->day_first[d] = cal->n_week;
    cal->biz_before[d + 1] = cal->biz_before[d] + (b->n_day[d] > 0 ? 1 : 0);
    for (size_t i = 0; i < b->n_day[d]; i++) {
      rd_cal_open *o = &cal->week[cal->n_week++];
      o->a = (int32_t)(d * RD_CAL_DAY + day[i].a);
      o->b = (int32_t)(d * RD_CAL_DAY + day[i].b);
      o->cum = cum;
      cum += o->b - o->a;
    }
  }
  cal->day_first[7] = cal->n_week;
  cal->week_open = cum;
  cal->biz_per_week = cal->biz_before[7];
  return REDRESS_OK;
}

static int by_start(const void *x, const void *y) {
  const rd_cal_span *a = x, *b = y;
  return (a->a > b->a) - (a->a < b->a);
}

/* Sorts and merges the holidays (overlapping or touching ones become one), then
 * records for each how much weekly open time the earlier ones removed. */
static int index_holidays(redress_calendar *cal, rd_cal_build *b) {
  if (b->n_holidays == 0) return REDRESS_OK;
  cal->holidays = rd_alloc(&cal->alloc, b->n_holidays * sizeof *cal->holidays);
  if (cal->holidays == NULL) return REDRESS_ERR_NOMEM;
  qsort(b->holidays, b->n_holidays, sizeof *b->holidays, by_start);
  size_t n = 0;
  for (size_t i = 0; i < b->n_holidays; i++) {
    if (n > 0 && b->holidays[i].a <= cal->holidays[n - 1].b) {
      if (b->holidays[i].b > cal->holidays[n - 1].b) cal->holidays[n - 1].b = b->holidays[i].b;
      continue;
    }
    cal->holidays[n].a = b->holidays[i].a;
    cal->holidays[n].b = b->holidays[i].b;
    n++;
  }
  cal->n_holidays = n;
  int64_t closed = 0;
  for (size_t k = 0; k < n; k++) {
    rd_cal_holiday *h = &cal->holidays[k];
    h->closed = closed;
    h->w_at = weekly_cum(cal, h->a) - closed;
    closed += weekly_cum(cal, h->b) - weekly_cum(cal, h->a);
  }
  cal->holiday_closed = closed;
  return REDRESS_OK;
}

static int is_dead(const redress_calendar *cal, int64_t d) {
  int w = rd_cal_weekday(d);
  if (cal->biz_before[w + 1] == cal->biz_before[w]) return 0; /* not a business weekday */
  return rd_cal_w(cal, (d + 1) * RD_CAL_DAY) == rd_cal_w(cal, d * RD_CAL_DAY);
}

static int add_dead(redress_calendar *cal, size_t *cap, int64_t d) {
  if (cal->n_dead > 0 && cal->dead[cal->n_dead - 1].day == d) return REDRESS_OK;
  int rc = rd_reserve(&cal->alloc, (void **)&cal->dead, cap, cal->n_dead + 1, sizeof *cal->dead);
  if (rc != REDRESS_OK) return rc;
  cal->dead[cal->n_dead].day = d;
  /* C(d) = weekly_days(d) - (dead days before d), which are exactly those listed. */
  cal->dead[cal->n_dead].c_at = weekly_days(cal, d) - (int64_t)cal->n_dead;
  cal->n_dead++;
  return REDRESS_OK;
}

/* Business weekdays on which holidays leave nothing open, in order. */
static int index_dead_days(redress_calendar *cal) {
  size_t cap = 0;
  for (size_t k = 0; k < cal->n_holidays; k++) {
    int64_t first = rd_floor_div(cal->holidays[k].a, RD_CAL_DAY);
    int64_t last = rd_floor_div(cal->holidays[k].b - 1, RD_CAL_DAY);
    for (int64_t d = first; d <= last; d++) {
      if (!is_dead(cal, d)) continue;
      int rc = add_dead(cal, &cap, d);
      if (rc != REDRESS_OK) return rc;
    }
  }
  return REDRESS_OK;
}

int rd_cal_index(redress_calendar *cal, rd_cal_build *b) {
  int rc = index_week(cal, b);
  if (rc == REDRESS_OK) rc = index_holidays(cal, b);
  if (rc == REDRESS_OK) rc = index_dead_days(cal);
  return rc;
}

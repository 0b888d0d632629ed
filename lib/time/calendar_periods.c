/* Open periods: the maximal runs of open instants within one local day, found from
 * an instant (the next or the previous one) or listed over a range.
 *
 * Within a stretch of constant offset, a run of local time is open while the closed
 * time G(y) = y - W(y) does not grow, so its ends are binary searches on G over at
 * most a day. A run that reaches an offset change goes on in the next stretch when
 * that instant is open and still in the same local day. */
#include "time/calendar.h"

#define LIMIT (REDRESS_TIME_MAX + 1) /* first instant out of range */

static int64_t min64(int64_t a, int64_t b) {
  return a < b ? a : b;
}

static int64_t max64(int64_t a, int64_t b) {
  return a > b ? a : b;
}

static int64_t closed_before(const redress_calendar *cal, int64_t y) {
  return y - rd_cal_w(cal, y);
}

static int64_t local_day_of(const redress_calendar *cal, int64_t t) {
  return rd_floor_div(t + rd_cal_offset(cal, t, NULL), RD_CAL_DAY);
}

static int open_at(const redress_calendar *cal, int64_t t) {
  int64_t x = t + rd_cal_offset(cal, t, NULL);
  return rd_cal_w(cal, x + 1) > rd_cal_w(cal, x);
}

/* Local second x is open: the end of its run, at most `limit`. */
static int64_t local_run_end(const redress_calendar *cal, int64_t x, int64_t limit) {
  int64_t g = closed_before(cal, x);
  if (closed_before(cal, limit) == g) return limit;
  int64_t lo = x + 1, hi = limit; /* the first y with a closed second in [x, y) */
  while (lo < hi) {
    int64_t mid = lo + (hi - lo) / 2;
    if (closed_before(cal, mid) > g) hi = mid;
    else lo = mid + 1;
  }
  return lo - 1;
}

/* Local second x is open: the start of its run, at least `floor`. */
static int64_t local_run_start(const redress_calendar *cal, int64_t x, int64_t floor) {
  int64_t g = closed_before(cal, x);
  if (closed_before(cal, floor) == g) return floor;
  int64_t lo = floor + 1, hi = x; /* the first y with no closed second in [y, x) */
  while (lo < hi) {
    int64_t mid = lo + (hi - lo) / 2;
    if (closed_before(cal, mid) >= g) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/* Instant s is open: the end of its period. */
static int64_t run_end(const redress_calendar *cal, int64_t s) {
  int64_t day = local_day_of(cal, s);
  for (int64_t t = s;;) {
    int64_t next = 0;
    int32_t off = rd_cal_offset(cal, t, &next);
    int64_t piece_end = min64(next, LIMIT);
    int64_t limit = min64((day + 1) * RD_CAL_DAY, piece_end + off);
    int64_t e = local_run_end(cal, t + off, limit) - off;
    if (e < piece_end || piece_end == LIMIT) return e;
    if (local_day_of(cal, piece_end) != day || !open_at(cal, piece_end)) return piece_end;
    t = piece_end;
  }
}

/* Instant s is open: the start of its period. */
static int64_t run_start(const redress_calendar *cal, int64_t s) {
  int64_t day = local_day_of(cal, s);
  for (int64_t u = s;;) {
    int32_t off = rd_cal_offset(cal, u, NULL);
    int64_t piece_start = max64(rd_zone_prev_change(&cal->zone, u), REDRESS_TIME_MIN);
    int64_t floor = max64(day * RD_CAL_DAY, piece_start + off);
    int64_t b = local_run_start(cal, u + off, floor) - off;
    if (b > piece_start || piece_start == REDRESS_TIME_MIN) return b;
    int64_t p = piece_start - 1;
    if (local_day_of(cal, p) != day || !open_at(cal, p)) return piece_start;
    u = p;
  }
}

int redress_calendar_period(const redress_calendar *cal, redress_time at, int dir,
                            redress_time *opens, redress_time *closes) {
  if (cal == NULL || opens == NULL || closes == NULL || at < REDRESS_TIME_MIN ||
      at > REDRESS_TIME_MAX || (dir != REDRESS_PERIOD_NEXT && dir != REDRESS_PERIOD_PREV))
    return REDRESS_ERR_INVALID;
  redress_time s = 0; /* an open second of the period */
  if (dir == REDRESS_PERIOD_NEXT && open_at(cal, at)) {
    s = at;
  } else if (dir == REDRESS_PERIOD_NEXT) {
    /* The end of the first open second from at. */
    if (redress_calendar_add(&s, cal, at, 1, REDRESS_SPAN_BUSINESS_SECONDS) != REDRESS_OK)
      return REDRESS_ERR_NOTFOUND;
    s--;
  } else if (redress_calendar_add(&s, cal, at, -1, REDRESS_SPAN_BUSINESS_SECONDS) != REDRESS_OK) {
    return REDRESS_ERR_NOTFOUND; /* the start of the last open second before at */
  }
  *opens = run_start(cal, s);
  *closes = run_end(cal, s);
  return REDRESS_OK;
}

int redress_calendar_periods(const redress_calendar *cal, redress_time from, redress_time to,
                             redress_period_fn fn, void *user) {
  if (cal == NULL || fn == NULL || from < REDRESS_TIME_MIN || to > REDRESS_TIME_MAX || from > to)
    return REDRESS_ERR_INVALID;
  for (redress_time t = from; t < to;) {
    redress_time a = 0, b = 0;
    if (redress_calendar_period(cal, t, REDRESS_PERIOD_NEXT, &a, &b) != REDRESS_OK || a >= to) break;
    if (fn(user, max64(a, from), min64(b, to)) != 0) return REDRESS_ERR_USER;
    t = b;
  }
  return REDRESS_OK;
}

/* Business-time arithmetic in UTC.
 *
 * An instant t is open when its local wall time t + offset(t) is open (W steps by
 * one there). Between two offset changes of the zone the offset is constant, so
 * the open time of a UTC range is a sum, over those pieces, of differences of W in
 * local time. A skipped wall-clock hour belongs to no piece, so it is never open; a
 * repeated one belongs to two, so it is open twice. Pieces are at most half a year
 * long, and each costs a few binary searches: the cost of a span grows with the
 * number of DST changes it crosses, never with the number of days or weeks. */
#include "time/calendar.h"

#define LIMIT (REDRESS_TIME_MAX + 1) /* first instant out of range */

static int in_range(redress_time t) {
  return t >= REDRESS_TIME_MIN && t <= REDRESS_TIME_MAX;
}

static int32_t offset_at(const redress_calendar *cal, int64_t t, int64_t *next) {
  return rd_zone_offset(&cal->zone, t, next);
}

static int64_t min64(int64_t a, int64_t b) {
  return a < b ? a : b;
}

static int64_t max64(int64_t a, int64_t b) {
  return a > b ? a : b;
}

/* Open seconds in the UTC range [from, to), from <= to. */
static int64_t open_between(const redress_calendar *cal, int64_t from, int64_t to) {
  int64_t sum = 0;
  for (int64_t t = from; t < to;) {
    int64_t next = 0;
    int32_t off = offset_at(cal, t, &next);
    int64_t end = min64(next, to);
    sum += rd_cal_w(cal, end + off) - rd_cal_w(cal, t + off);
    t = end;
  }
  return sum;
}

static int add_business_seconds(redress_time *out, const redress_calendar *cal,
                                redress_time start, int64_t amount) {
  if (!rd_cal_ever_open(cal) || amount > LIMIT - start) return REDRESS_ERR_RANGE;
  int64_t left = amount;
  for (int64_t t = start; t < LIMIT;) {
    /* Only dated openings open anything, and the last of them is past. */
    if (cal->week_open == 0 && t + cal->zone.min_off >= cal->open_end) break;
    int64_t next = 0;
    int32_t off = offset_at(cal, t, &next);
    int64_t end = min64(next, LIMIT);
    int64_t w_start = rd_cal_w(cal, t + off);
    int64_t open = rd_cal_w(cal, end + off) - w_start;
    if (open >= left) {
      /* The earliest local time at which the count is reached lies in this piece. */
      int64_t due = rd_cal_w_inv(cal, w_start + left) - off;
      if (due > REDRESS_TIME_MAX) return REDRESS_ERR_RANGE;
      *out = due;
      return REDRESS_OK;
    }
    left -= open;
    t = end;
  }
  return REDRESS_ERR_RANGE;
}

/* The latest instant r before start such that `amount` open seconds lie in
 * [r, start): the mirror of add_business_seconds(), walking the pieces backwards. */
static int sub_business_seconds(redress_time *out, const redress_calendar *cal,
                                redress_time start, int64_t amount) {
  if (!rd_cal_ever_open(cal) || amount > start - REDRESS_TIME_MIN) return REDRESS_ERR_RANGE;
  int64_t left = amount;
  for (int64_t t = start; t > REDRESS_TIME_MIN;) {
    int32_t off = offset_at(cal, t - 1, NULL);
    int64_t from = max64(rd_zone_prev_change(&cal->zone, t - 1), REDRESS_TIME_MIN);
    int64_t w_end = rd_cal_w(cal, t + off);
    int64_t open = w_end - rd_cal_w(cal, from + off);
    if (open >= left) {
      /* The latest local y with W(y) <= w_end - left starts the answer's second. */
      *out = rd_cal_w_inv(cal, w_end - left + 1) - 1 - off;
      return REDRESS_OK;
    }
    left -= open;
    t = from;
  }
  return REDRESS_ERR_RANGE;
}

static int is_pattern_business_day(const redress_calendar *cal, int64_t d) {
  return rd_cal_c(cal, d + 1) > rd_cal_c(cal, d);
}

/* Business days of the pattern in (d0, d] that have no open instant after all,
 * because their openings fall into an hour the clock skips. Only a day on which the
 * clock jumps forward can be one, so this looks at those days alone. */
static int64_t skipped_days(const redress_calendar *cal, int64_t d0, int64_t d) {
  if (cal->zone.n == 0) return 0; /* the offset never changes */
  int64_t lost = 0, last = d0, close = 0;
  int64_t t = d0 * RD_CAL_DAY - 2 * RD_CAL_DAY, stop = (d + 2) * RD_CAL_DAY;
  while (t < stop) {
    int64_t next = 0;
    int32_t before = offset_at(cal, t, &next);
    if (next >= stop) break;
    int32_t after = offset_at(cal, next, NULL);
    /* Local times [next + before, next + after) never happen. */
    int64_t first = rd_floor_div(next + before, RD_CAL_DAY);
    int64_t final = rd_floor_div(next + after - 1, RD_CAL_DAY);
    for (int64_t g = first; after > before && g <= final; g++) {
      if (g <= last || g > d || !is_pattern_business_day(cal, g)) continue;
      last = g;
      if (!rd_cal_day_close(cal, g, &close)) lost++;
    }
    t = next;
  }
  return lost;
}

/* The n-th business day after local day d0: its close. */
static int walk_forward(redress_time *out, const redress_calendar *cal, int64_t d0, int64_t n) {
  /* No local day after this one can close within range. */
  const int64_t last_day = rd_floor_div(LIMIT, RD_CAL_DAY) + 2;
  if (n > last_day) return REDRESS_ERR_RANGE;
  for (;;) {
    int64_t x = rd_cal_c_inv(cal, rd_cal_c(cal, d0 + 1) + n);
    if (x == RD_CAL_NONE || x - 1 > last_day) return REDRESS_ERR_RANGE;
    int64_t d = x - 1;
    /* Pattern days that a DST gap emptied do not count: find as many more. */
    int64_t lost = skipped_days(cal, d0, d);
    int64_t close = 0;
    if (lost == 0 && rd_cal_day_close(cal, d, &close)) {
      if (close > REDRESS_TIME_MAX) return REDRESS_ERR_RANGE;
      *out = close;
      return REDRESS_OK;
    }
    d0 = d;
    n = lost > 0 ? lost : 1;
  }
}

/* The a-th business day before local day d0: its opening. */
static int walk_back(redress_time *out, const redress_calendar *cal, int64_t d0, int64_t a) {
  const int64_t last_day = rd_floor_div(LIMIT, RD_CAL_DAY) + 2;
  if (a > last_day) return REDRESS_ERR_RANGE;
  for (;;) {
    int64_t x = rd_cal_c_inv(cal, rd_cal_c(cal, d0) - a + 1);
    if (x == RD_CAL_NONE || x - 1 < -2) return REDRESS_ERR_RANGE; /* before 1970 */
    int64_t d = x - 1;
    int64_t lost = skipped_days(cal, d - 1, d0 - 1);
    int64_t opening = 0;
    if (lost == 0 && rd_cal_day_opening(cal, d, &opening)) {
      if (opening < REDRESS_TIME_MIN) return REDRESS_ERR_RANGE;
      *out = opening;
      return REDRESS_OK;
    }
    d0 = d;
    a = lost > 0 ? lost : 1;
  }
}

int rd_cal_add_days_walk(redress_time *out, const redress_calendar *cal, redress_time start,
                         int64_t n) {
  if (!rd_cal_ever_business(cal)) return REDRESS_ERR_RANGE;
  int64_t d0 = rd_floor_div(start + offset_at(cal, start, NULL), RD_CAL_DAY);
  if (n > 0) return walk_forward(out, cal, d0, n);
  if (n < -(LIMIT / RD_CAL_DAY)) return REDRESS_ERR_RANGE;
  return walk_back(out, cal, d0, -n);
}

static int add_business_days(redress_time *out, const redress_calendar *cal,
                             redress_time start, int64_t n) {
  int64_t d0 = rd_floor_div(start + offset_at(cal, start, NULL), RD_CAL_DAY);
  int64_t at = 0;
  if (rd_cal_days_lookup(cal, d0, n, &at)) {
    if (at < REDRESS_TIME_MIN || at > REDRESS_TIME_MAX) return REDRESS_ERR_RANGE;
    *out = at;
    return REDRESS_OK;
  }
  return rd_cal_add_days_walk(out, cal, start, n);
}

int redress_calendar_add(redress_time *out, const redress_calendar *cal, redress_time start,
                         int64_t amount, int unit) {
  if (out == NULL || cal == NULL || !in_range(start)) return REDRESS_ERR_INVALID;
  switch (unit) {
    case REDRESS_SPAN_CALENDAR_SECONDS:
      if (amount > REDRESS_TIME_MAX - start || amount < REDRESS_TIME_MIN - start)
        return REDRESS_ERR_RANGE;
      *out = start + amount;
      return REDRESS_OK;
    case REDRESS_SPAN_BUSINESS_SECONDS:
      if (amount == 0) {
        *out = start;
        return REDRESS_OK;
      }
      if (amount < 0) {
        /* More open seconds than seconds since the start of the range: never. */
        if (amount < REDRESS_TIME_MIN - start) return REDRESS_ERR_RANGE;
        return sub_business_seconds(out, cal, start, -amount);
      }
      return add_business_seconds(out, cal, start, amount);
    case REDRESS_SPAN_BUSINESS_DAYS:
      if (amount == 0) return REDRESS_ERR_INVALID;
      return add_business_days(out, cal, start, amount);
    default:
      return REDRESS_ERR_INVALID;
  }
}

int redress_calendar_elapsed(int64_t *out, const redress_calendar *cal, redress_time from,
                             redress_time to) {
  if (out == NULL || cal == NULL || !in_range(from) || !in_range(to)) return REDRESS_ERR_INVALID;
  *out = from <= to ? open_between(cal, from, to) : -open_between(cal, to, from);
  return REDRESS_OK;
}

int redress_calendar_is_open(const redress_calendar *cal, redress_time at) {
  if (cal == NULL || !in_range(at)) return REDRESS_ERR_INVALID;
  int64_t local = at + offset_at(cal, at, NULL);
  return rd_cal_w(cal, local + 1) > rd_cal_w(cal, local) ? 1 : 0;
}

static const char *const span_unit_names[] = {"calendar_seconds", "business_seconds",
                                              "business_days"};

const char *rd_span_unit_name(int unit) {
  if (unit < REDRESS_SPAN_CALENDAR_SECONDS || unit > REDRESS_SPAN_BUSINESS_DAYS) return NULL;
  return span_unit_names[unit];
}

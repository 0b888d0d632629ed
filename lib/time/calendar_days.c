/* Business days one by one: the opening and the close of a local day in UTC, and the
 * table of business days that makes adding them two lookups.
 *
 * A local day's instants are those whose local wall time falls in it. Between two
 * offset changes the offset is constant, so the day is seen through at most a few
 * stretches ("pieces") of UTC; in each, W tells whether any of it is open and where
 * its first and last open second lie. The close of the day is the end of its latest
 * open instant in UTC, its opening the start of the earliest: a skipped hour holds no
 * instant, a repeated one is seen twice.
 *
 * The table covers the years the calendar's dated clauses (holidays, openings) span,
 * from 1 January of the first to 31 December of the year after the last, at most
 * RD_CAL_INDEX_MAX_DAYS days from the first: per day a count of the business days
 * before it (4 bytes), per business day its day, opening and close (12 bytes); at
 * most 234 KiB for an always-open calendar, 80 KiB for a Monday-to-Friday one with
 * 16 years of holidays. It is built once, at parse, from the two functions below, so
 * it answers exactly what walking the days answers. */
#include "time/calendar.h"

#include <string.h>

static int64_t min64(int64_t a, int64_t b) {
  return a < b ? a : b;
}

static int64_t max64(int64_t a, int64_t b) {
  return a > b ? a : b;
}

int32_t rd_cal_offset(const redress_calendar *cal, int64_t t, int64_t *next) {
  return rd_zone_offset(&cal->zone, t, next);
}

/* The opening and the close of local day d in UTC (either pointer may be NULL),
 * from the UTC pieces holding the day, in order: in each, the local window [p, q) it
 * shows of the day. The first piece with open time gives the opening, the last one
 * the close. */
static int day_edges(const redress_calendar *cal, int64_t d, int64_t *opening, int64_t *close) {
  int64_t lo = d * RD_CAL_DAY, hi = lo + RD_CAL_DAY;
  int64_t stop = hi - cal->zone.min_off;
  int found = 0;
  for (int64_t t = lo - cal->zone.max_off; t < stop;) {
    int64_t next = 0;
    int32_t off = rd_cal_offset(cal, t, &next);
    int64_t piece_end = min64(next, stop);
    int64_t p = max64(t + off, lo), q = min64(piece_end + off, hi);
    int64_t wp = p < q ? rd_cal_w(cal, p) : 0, wq = p < q ? rd_cal_w(cal, q) : 0;
    if (wq > wp) {
      /* The earliest x with W(x) >= W(p) + 1 ends the first open second; the
       * earliest with W(x) >= W(q) ends the last one. */
      if (!found && opening != NULL) *opening = rd_cal_w_inv(cal, wp + 1) - 1 - off;
      found = 1;
      if (close == NULL) return 1;
      *close = rd_cal_w_inv(cal, wq) - off;
    }
    t = piece_end;
  }
  return found;
}

int rd_cal_day_close(const redress_calendar *cal, int64_t d, int64_t *close) {
  return day_edges(cal, d, NULL, close);
}

int rd_cal_day_opening(const redress_calendar *cal, int64_t d, int64_t *opening) {
  return day_edges(cal, d, opening, NULL);
}

/* ---- the table ---------------------------------------------------------------- */

void rd_cal_days_free(rd_cal_days *days, const redress_allocator *a) {
  rd_free(a, days->before);
  rd_free(a, days->day);
  rd_free(a, days->opening);
  rd_free(a, days->close);
  memset(days, 0, sizeof *days);
}

/* The local days the dated clauses cover: [first, end). */
static int dated_span(const redress_calendar *cal, int64_t *first, int64_t *end) {
  if (cal->n_segs == 0) return 0;
  int64_t a = rd_floor_div(cal->segs[0].a, RD_CAL_DAY);
  int64_t b = rd_floor_div(cal->segs[cal->n_segs - 1].b - 1, RD_CAL_DAY);
  *first = rd_days_from_civil(rd_year_of_day(a), 1, 1);
  *end = rd_days_from_civil(rd_year_of_day(b) + 2, 1, 1);
  if (*end - *first > RD_CAL_INDEX_MAX_DAYS) *end = *first + RD_CAL_INDEX_MAX_DAYS;
  return 1;
}

static int alloc_table(rd_cal_days *t, const redress_allocator *a, size_t n) {
  t->before = rd_alloc(a, (n + 1) * sizeof *t->before);
  t->day = rd_alloc(a, n * sizeof *t->day);
  t->opening = rd_alloc(a, n * sizeof *t->opening);
  t->close = rd_alloc(a, n * sizeof *t->close);
  return t->before && t->day && t->opening && t->close ? REDRESS_OK : REDRESS_ERR_NOMEM;
}

int rd_cal_days_build(redress_calendar *cal) {
  rd_cal_days *t = &cal->days;
  int64_t first = 0, end = 0;
  if (!dated_span(cal, &first, &end)) return REDRESS_OK;
  size_t n = (size_t)(end - first);
  if (alloc_table(t, &cal->alloc, n) != REDRESS_OK) {
    rd_cal_days_free(t, &cal->alloc);
    return REDRESS_ERR_NOMEM;
  }
  t->first = first;
  t->n_days = n;
  for (size_t i = 0; i < n; i++) {
    int64_t d = first + (int64_t)i, base = d * RD_CAL_DAY, close = 0, opening = 0;
    t->before[i] = (int32_t)t->n_biz;
    /* A day with no open local time has no open instant: skip the pieces. */
    if (rd_cal_c(cal, d + 1) == rd_cal_c(cal, d) || !day_edges(cal, d, &opening, &close)) continue;
    t->day[t->n_biz] = (int32_t)i;
    t->opening[t->n_biz] = (int32_t)(opening - base);
    t->close[t->n_biz] = (int32_t)(close - base);
    t->n_biz++;
  }
  t->before[n] = (int32_t)t->n_biz;
  return REDRESS_OK;
}

int rd_cal_days_lookup(const redress_calendar *cal, int64_t d0, int64_t n, int64_t *out) {
  const rd_cal_days *t = &cal->days;
  int64_t i = d0 - t->first;
  if (i < 0 || i >= (int64_t)t->n_days) return 0;
  int64_t k = 0;
  if (n > 0) {
    if (n > (int64_t)t->n_biz) return 0;
    k = (int64_t)t->before[i + 1] + n - 1; /* business days strictly after d0 */
    if (k >= (int64_t)t->n_biz) return 0;
  } else {
    k = (int64_t)t->before[i] + n; /* before d0 */
    if (k < 0) return 0;
  }
  int64_t base = (t->first + t->day[k]) * RD_CAL_DAY;
  *out = base + (n > 0 ? t->close[k] : t->opening[k]);
  return 1;
}

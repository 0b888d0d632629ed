/* Calendar index: the weekly pattern, its exceptions (holidays, dated openings) and
 * the days they kill or bring to life as cumulative tables,
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

/* Open seconds of the weekly pattern (no exceptions) before local second x. */
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

int rd_cal_ever_open(const redress_calendar *cal) {
  return cal->week_open > 0 || cal->open_end != INT64_MIN;
}

int rd_cal_ever_business(const redress_calendar *cal) {
  return cal->biz_per_week > 0 || cal->live_end != INT64_MIN;
}

/* Index of the first segment with b > x (n_segs if none). */
static size_t seg_after(const redress_calendar *cal, int64_t x) {
  size_t lo = 0, hi = cal->n_segs;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (cal->segs[mid].b <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

static int64_t seg_adj_before(const redress_calendar *cal, size_t k) {
  return k < cal->n_segs ? cal->segs[k].adj : cal->seg_adj;
}

int64_t rd_cal_w(const redress_calendar *cal, int64_t x) {
  size_t k = seg_after(cal, x);
  if (k < cal->n_segs && cal->segs[k].a <= x)
    return cal->segs[k].w_at + (cal->segs[k].open ? x - cal->segs[k].a : 0);
  return weekly_cum(cal, x) + seg_adj_before(cal, k);
}

int64_t rd_cal_w_inv(const redress_calendar *cal, int64_t v) {
  /* W is weekly_cum plus a constant between two segments, flat in a closed one and
   * steep in an open one; the first segment whose start reaches v bounds the answer,
   * which lies in the segment before it or in the gap between the two. */
  size_t lo = 0, hi = cal->n_segs;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (cal->segs[mid].w_at < v) lo = mid + 1;
    else hi = mid;
  }
  if (lo > 0) {
    const rd_cal_seg *s = &cal->segs[lo - 1];
    if (s->open && s->w_at + (s->b - s->a) >= v) return s->a + (v - s->w_at);
  }
  if (cal->week_open == 0) return RD_CAL_NONE; /* nothing opens between segments */
  return weekly_inv(cal, v - seg_adj_before(cal, lo));
}

static int64_t xday_adj_before(const redress_calendar *cal, size_t k) {
  return k < cal->n_xdays ? cal->xdays[k].adj : cal->xday_adj;
}

int64_t rd_cal_c(const redress_calendar *cal, int64_t day) {
  size_t lo = 0, hi = cal->n_xdays; /* the first exceptional day >= day */
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (cal->xdays[mid].day < day) lo = mid + 1;
    else hi = mid;
  }
  return weekly_days(cal, day) + xday_adj_before(cal, lo);
}

int64_t rd_cal_c_inv(const redress_calendar *cal, int64_t v) {
  size_t lo = 0, hi = cal->n_xdays;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (cal->xdays[mid].c_at < v) lo = mid + 1;
    else hi = mid;
  }
  if (lo > 0 && cal->xdays[lo - 1].live && cal->xdays[lo - 1].c_at + 1 >= v)
    return cal->xdays[lo - 1].day + 1;
  if (cal->biz_per_week == 0) return RD_CAL_NONE;
  return weekly_days_inv(cal, v - xday_adj_before(cal, lo));
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

static int dated_by_start(const void *x, const void *y) {
  const rd_cal_dated *a = x, *b = y;
  return (a->a > b->a) - (a->a < b->a);
}

/* Sorts and merges the holidays in place (overlapping or touching ones become one);
 * returns how many are left. */
static size_t merge_holidays(rd_cal_build *b) {
  if (b->n_holidays == 0) return 0;
  qsort(b->holidays, b->n_holidays, sizeof *b->holidays, by_start);
  size_t n = 1;
  for (size_t i = 1; i < b->n_holidays; i++) {
    rd_cal_span *last = &b->holidays[n - 1];
    if (b->holidays[i].a <= last->b) {
      if (b->holidays[i].b > last->b) last->b = b->holidays[i].b;
      continue;
    }
    b->holidays[n++] = b->holidays[i];
  }
  return n;
}

static void push_seg(redress_calendar *cal, int64_t a, int64_t b, int open) {
  rd_cal_seg *last = cal->n_segs > 0 ? &cal->segs[cal->n_segs - 1] : NULL;
  if (last != NULL && last->open == open && last->b == a) { /* touching: one segment */
    last->b = b;
    return;
  }
  rd_cal_seg *s = &cal->segs[cal->n_segs++];
  s->a = a;
  s->b = b;
  s->open = open;
}

/* The `open` ranges less the holidays (a holiday closes what it covers), in order.
 * Opens are sorted and disjoint, holidays merged, so one pass over both does. */
static size_t open_pieces(const rd_cal_build *b, size_t n_hol, rd_cal_span *out) {
  size_t n = 0, h = 0;
  for (size_t i = 0; i < b->n_opens; i++) {
    int64_t a = b->opens[i].a, e = b->opens[i].b;
    while (h < n_hol && b->holidays[h].b <= a) h++;
    for (size_t k = h; k < n_hol && b->holidays[k].a < e && a < e; k++) {
      if (b->holidays[k].a > a) out[n++] = (rd_cal_span){a, b->holidays[k].a};
      if (b->holidays[k].b > a) a = b->holidays[k].b;
    }
    if (a < e) out[n++] = (rd_cal_span){a, e};
  }
  return n;
}

/* Merges the holidays (closed) and the open pieces, both sorted and disjoint. */
static int cut_segments(redress_calendar *cal, const rd_cal_build *b, size_t n_hol) {
  rd_cal_span *pieces = NULL;
  size_t n_pieces = 0;
  if (b->n_opens > 0) {
    pieces = rd_alloc(&cal->alloc, (b->n_opens + n_hol) * sizeof *pieces);
    if (pieces == NULL) return REDRESS_ERR_NOMEM;
    n_pieces = open_pieces(b, n_hol, pieces);
  }
  size_t h = 0, o = 0;
  while (h < n_hol || o < n_pieces) {
    if (o == n_pieces || (h < n_hol && b->holidays[h].a < pieces[o].a)) {
      push_seg(cal, b->holidays[h].a, b->holidays[h].b, 0);
      h++;
    } else {
      push_seg(cal, pieces[o].a, pieces[o].b, 1);
      o++;
    }
  }
  rd_free(&cal->alloc, pieces);
  return REDRESS_OK;
}

/* Holidays and opens as sorted, disjoint segments with the open time each one adds
 * to or removes from the weekly pattern before it. */
static int index_segments(redress_calendar *cal, rd_cal_build *b) {
  cal->open_end = INT64_MIN;
  size_t n_hol = merge_holidays(b);
  if (n_hol + b->n_opens == 0) return REDRESS_OK;
  if (b->n_opens > 0) qsort(b->opens, b->n_opens, sizeof *b->opens, dated_by_start);
  /* Holidays, and open pieces: each holiday splits at most one open range. */
  size_t cap = 2 * n_hol + b->n_opens;
  cal->segs = rd_alloc(&cal->alloc, cap * sizeof *cal->segs);
  if (cal->segs == NULL) return REDRESS_ERR_NOMEM;
  int rc = cut_segments(cal, b, n_hol);
  if (rc != REDRESS_OK) return rc;
  int64_t adj = 0;
  for (size_t k = 0; k < cal->n_segs; k++) {
    rd_cal_seg *s = &cal->segs[k];
    int64_t weekly = weekly_cum(cal, s->b) - weekly_cum(cal, s->a);
    s->adj = adj;
    s->w_at = weekly_cum(cal, s->a) + adj;
    adj += s->open ? (s->b - s->a) - weekly : -weekly;
    if (s->open) cal->open_end = s->b;
  }
  cal->seg_adj = adj;
  return REDRESS_OK;
}

static int pattern_business(const redress_calendar *cal, int64_t d) {
  int w = rd_cal_weekday(d);
  return cal->biz_before[w + 1] > cal->biz_before[w];
}

static int add_xday(redress_calendar *cal, size_t *cap, int64_t d, int64_t *adj) {
  if (cal->n_xdays > 0 && cal->xdays[cal->n_xdays - 1].day >= d) return REDRESS_OK;
  int pattern = pattern_business(cal, d);
  int actual = rd_cal_w(cal, (d + 1) * RD_CAL_DAY) > rd_cal_w(cal, d * RD_CAL_DAY);
  if (pattern == actual) return REDRESS_OK;
  int rc = rd_reserve(&cal->alloc, (void **)&cal->xdays, cap, cal->n_xdays + 1, sizeof *cal->xdays);
  if (rc != REDRESS_OK) return rc;
  rd_cal_xday *x = &cal->xdays[cal->n_xdays++];
  x->day = d;
  x->adj = *adj;
  x->c_at = weekly_days(cal, d) + *adj;
  x->live = actual;
  *adj += actual ? 1 : -1;
  if (actual) cal->live_end = d + 1;
  return REDRESS_OK;
}

/* The days whose status the segments change, in order. */
static int index_xdays(redress_calendar *cal) {
  size_t cap = 0;
  int64_t adj = 0;
  cal->live_end = INT64_MIN;
  for (size_t k = 0; k < cal->n_segs; k++) {
    int64_t first = rd_floor_div(cal->segs[k].a, RD_CAL_DAY);
    int64_t last = rd_floor_div(cal->segs[k].b - 1, RD_CAL_DAY);
    for (int64_t d = first; d <= last; d++) {
      int rc = add_xday(cal, &cap, d, &adj);
      if (rc != REDRESS_OK) return rc;
    }
  }
  cal->xday_adj = adj;
  return REDRESS_OK;
}

int rd_cal_index(redress_calendar *cal, rd_cal_build *b) {
  int rc = index_week(cal, b);
  if (rc == REDRESS_OK) rc = index_segments(cal, b);
  if (rc == REDRESS_OK) rc = index_xdays(cal);
  return rc;
}

/* Zones: a TZif file's transition table followed by its rule, or a rule alone, as
 * one sorted table of offset changes so that a lookup is a binary search.
 *
 * The table holds the history (if any), then the rule's changes from the end of the
 * history up to RD_ZONE_TABLE_LAST. Outside the part of the table that is known to
 * be complete, the rule is evaluated directly. */
#include "time/tz.h"

#include <string.h>

static void widen(rd_zone *z, int32_t off) {
  if (off < z->min_off) z->min_off = off;
  if (off > z->max_off) z->max_off = off;
}

static void emit(rd_zone *z, int64_t at, int32_t off, int64_t after) {
  if (at > after) {
    z->sw[z->n].at = at;
    z->sw[z->n++].off = off;
  }
}

/* Appends the rule's changes after instant `after`, for the years y0..y1. Periods
 * start in increasing order, so merging the ones that touch or overlap as they
 * come gives the union that rd_tz_offset() computes. */
static void add_rule_switches(rd_zone *z, int64_t y0, int64_t y1, int64_t after) {
  const rd_tz *r = &z->rule;
  int open = 0;
  int64_t cur_from = 0, cur_to = 0;
  for (int64_t y = y0; y <= y1; y++) {
    int64_t from = 0, to = 0;
    rd_tz_dst_period(r, y, &from, &to);
    if (from >= to) continue;
    if (open && from <= cur_to) {
      if (to > cur_to) cur_to = to;
      continue;
    }
    if (open) {
      emit(z, cur_from, r->dst_off, after);
      emit(z, cur_to, r->std_off, after);
    }
    cur_from = from;
    cur_to = to;
    open = 1;
  }
  if (open) {
    emit(z, cur_from, r->dst_off, after);
    emit(z, cur_to, r->std_off, after);
  }
}

/* Which instants the table answers alone. The rule's first and last years lack
 * their neighbours' periods, so the table stops short of them. */
static void set_bounds(rd_zone *z, size_t history) {
  size_t rule_part = z->n - history;
  if (history > 0) {
    z->table_from = z->sw[0].at;
    if (!z->rule.has_dst) z->table_until = INT64_MAX;
    else if (rule_part >= 3) z->table_until = z->sw[z->n - 3].at;
    else z->table_until = z->sw[history - 1].at;
  } else if (z->n >= 8) {
    z->table_from = z->sw[2].at;
    z->table_until = z->sw[z->n - 3].at;
  } else { /* e.g. DST all year: one long period; the rule answers everything */
    z->table_from = INT64_MAX;
    z->table_until = INT64_MIN;
  }
}

int rd_zone_build(rd_zone *z, const rd_tz *rule, const rd_tz_history *hist,
                  const redress_allocator *a) {
  memset(z, 0, sizeof *z);
  z->rule = *rule;
  z->min_off = z->max_off = rule->std_off;
  if (rule->has_dst) widen(z, rule->dst_off);
  size_t k = hist != NULL ? hist->n : 0;
  if (k == 0 && !rule->has_dst) return REDRESS_OK; /* the offset never changes */
  int64_t after = k > 0 ? hist->sw[k - 1].at : INT64_MIN;
  int64_t y0 = RD_ZONE_TABLE_FIRST;
  if (k > 0) y0 = rd_year_of_day(rd_floor_div(after, RD_SECS_PER_DAY)) - 1;
  if (y0 < RD_ZONE_TABLE_FIRST) y0 = RD_ZONE_TABLE_FIRST;
  size_t years = rule->has_dst && y0 <= RD_ZONE_TABLE_LAST ? (size_t)(RD_ZONE_TABLE_LAST - y0 + 1) : 0;
  z->sw = rd_alloc(a, (k + 2 * years) * sizeof *z->sw);
  if (z->sw == NULL) return REDRESS_ERR_NOMEM;
  if (k > 0) {
    memcpy(z->sw, hist->sw, k * sizeof *z->sw);
    z->n = k;
    z->has_history = 1;
    z->first_off = hist->first_off;
    widen(z, hist->first_off);
    for (size_t i = 0; i < k; i++) widen(z, hist->sw[i].off);
  }
  if (years > 0) add_rule_switches(z, y0, RD_ZONE_TABLE_LAST, after);
  set_bounds(z, k);
  return REDRESS_OK;
}

void rd_zone_free(rd_zone *z, const redress_allocator *a) {
  rd_free(a, z->sw);
  z->sw = NULL;
  z->n = 0;
}

int32_t rd_zone_offset(const rd_zone *z, int64_t t, int64_t *next) {
  if (z->has_history && t < z->table_from) {
    if (next != NULL) *next = z->sw[0].at;
    return z->first_off;
  }
  if (t < z->table_from || t >= z->table_until) return rd_tz_offset(&z->rule, t, next);
  size_t lo = 0, hi = z->n; /* the first change after t; sw[0].at <= t */
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (z->sw[mid].at <= t) lo = mid + 1;
    else hi = mid;
  }
  if (next != NULL) *next = lo < z->n ? z->sw[lo].at : INT64_MAX;
  return z->sw[lo - 1].off;
}

size_t rd_zone_local_to_utc(const rd_zone *z, int64_t local, int64_t *out, size_t max) {
  /* Each instant is local minus the offset in effect then: walk the stretches of
   * constant offset that could contain one and keep those that do. */
  size_t n = 0;
  int64_t stop = local - z->min_off + 1;
  for (int64_t t = local - z->max_off; t < stop && n < max;) {
    int64_t next = 0;
    int32_t off = rd_zone_offset(z, t, &next);
    int64_t end = next < stop ? next : stop;
    int64_t cand = local - off;
    if (cand >= t && cand < end) out[n++] = cand;
    t = end;
  }
  return n;
}

int64_t rd_zone_prev_change(const rd_zone *z, int64_t t) {
  int64_t prev = INT64_MIN;
  if (z->n > 0 && z->sw[0].at <= t) {
    size_t lo = 0, hi = z->n; /* the first change after t */
    while (lo < hi) {
      size_t mid = lo + (hi - lo) / 2;
      if (z->sw[mid].at <= t) lo = mid + 1;
      else hi = mid;
    }
    prev = z->sw[lo - 1].at;
  }
  if (z->has_history && t < z->table_from) return prev;
  if (t < z->table_from || t >= z->table_until) {
    /* The rule decides here; a change of the table that is no change of offset
     * only splits a stretch in two. */
    int64_t rule_prev = rd_tz_prev_change(&z->rule, t);
    if (rule_prev > prev) prev = rule_prev;
  }
  return prev;
}

/* The keys of the period groupings: the ISO week or the month a complaint was received
 * in, in UTC, so that one accumulator reads a trend in one pass. Keys are fixed-width
 * and zero-padded, so their text order is their time order. */
#include "metrics/metrics.h"

#include <stdio.h>

void rd_metrics_period_key(char *buf, size_t size, int group_by, redress_time t) {
  int64_t days = rd_floor_div(t, RD_SECS_PER_DAY);
  if (group_by == REDRESS_GROUP_BY_WEEK) {
    int64_t year = 0;
    int week = 0;
    rd_iso_week(days, &year, &week);
    (void)snprintf(buf, size, "%04lld-W%02d", (long long)year, week);
    return;
  }
  int64_t year = 0;
  int month = 0, day = 0;
  rd_civil_from_days(days, &year, &month, &day);
  (void)snprintf(buf, size, "%04lld-%02d", (long long)year, month);
}

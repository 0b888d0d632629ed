/* Business calendars, shared by calendar*.c. Not installed.
 *
 * A calendar is a time zone, a weekly pattern of opening intervals and a sorted list
 * of holidays, all in local wall time. Local wall time is counted in seconds from
 * 1970-01-01 00:00 local ("local seconds"); local day d is [d * 86400, (d+1) * 86400).
 *
 * Arithmetic works on two cumulative functions of local time, each evaluated in
 * O(log n) with no loop over days or weeks:
 *   W(x): open seconds of local time before x (weekly pattern minus holidays);
 *   C(d): business days before local day d (business weekdays minus dead days).
 * and their inverses. calendar_math.c maps them to UTC piece by piece between the
 * zone's offset changes. */
#ifndef RD_CALENDAR_INTERNAL_H
#define RD_CALENDAR_INTERNAL_H

#include "time/tz.h"

#define RD_CAL_DAY RD_SECS_PER_DAY
#define RD_CAL_WEEK (7 * RD_CAL_DAY)
#define RD_CAL_MAX_HOLIDAYS 10000     /* holiday clauses in one spec */
#define RD_CAL_MAX_DAY_INTERVALS 48   /* opening intervals of one weekday */
#define RD_CAL_MAX_SPEC_BYTES (1024u * 1024u)

/* A half-open range [a, b) of seconds. */
typedef struct rd_cal_span {
  int64_t a, b;
} rd_cal_span;

/* An opening interval of the week, in seconds from Monday 00:00. */
typedef struct rd_cal_open {
  int32_t a, b;
  int64_t cum; /* open seconds of the week before a */
} rd_cal_open;

/* A holiday: a closed range of local seconds. Holidays are disjoint and sorted. */
typedef struct rd_cal_holiday {
  int64_t a, b;
  int64_t closed; /* weekly open time removed by earlier holidays */
  int64_t w_at;   /* W(a), which is also W(b): nothing opens inside */
} rd_cal_holiday;

/* A dead day: a business weekday on which holidays leave no open time. */
typedef struct rd_cal_dead {
  int64_t day;
  int64_t c_at; /* C(day), which is also C(day + 1) */
} rd_cal_dead;

/* What the spec parser produces; rd_cal_index() turns it into a calendar. */
typedef struct rd_cal_build {
  rd_tz tz;
  rd_tz_history hist; /* transitions of a zone file (owned) */
  rd_cal_span day[7][RD_CAL_MAX_DAY_INTERVALS]; /* Monday first, seconds of the day */
  size_t n_day[7];
  rd_cal_span *holidays; /* local seconds, as given (unsorted, may overlap) */
  size_t n_holidays, cap_holidays, holiday_clauses;
} rd_cal_build;

struct redress_calendar {
  redress_allocator alloc;
  char *spec;
  size_t spec_len;
  rd_zone zone;
  rd_cal_open *week; /* sorted, disjoint */
  size_t n_week;
  size_t day_first[8]; /* index in week of each weekday's first interval; [7] = n_week */
  int64_t week_open;   /* open seconds per week */
  int64_t biz_per_week;
  int64_t biz_before[8]; /* business weekdays before each weekday (Monday first) */
  rd_cal_holiday *holidays;
  size_t n_holidays;
  int64_t holiday_closed; /* weekly open time removed by all holidays */
  rd_cal_dead *dead;
  size_t n_dead;
};

/* calendar_parse.c: fills b from spec text; failures carry a message with the byte
 * offset. b must be released with rd_cal_build_free() in every case. */
int rd_cal_parse_spec(rd_cal_build *b, redress_desk *desk, const char *spec, size_t len);
void rd_cal_build_free(rd_cal_build *b, const redress_allocator *a);

/* calendar_index.c: builds the lookup tables of cal from b (cal->alloc set); sorts
 * b->holidays in place. */
int rd_cal_index(redress_calendar *cal, rd_cal_build *b);
/* Weekday of local day d, Monday = 0. */
int rd_cal_weekday(int64_t day);
/* calendar_math.c: the snake_case name of a redress_span_unit, or NULL. */
const char *rd_span_unit_name(int unit);
int64_t rd_cal_w(const redress_calendar *cal, int64_t x);
/* Earliest local x with W(x) >= v; needs week_open > 0 and v above W of the origin. */
int64_t rd_cal_w_inv(const redress_calendar *cal, int64_t v);
int64_t rd_cal_c(const redress_calendar *cal, int64_t day);
/* Earliest local day x with C(x) >= v; needs biz_per_week > 0. */
int64_t rd_cal_c_inv(const redress_calendar *cal, int64_t v);
/* Index of the first holiday with b > x (n_holidays if none). */
size_t rd_cal_holiday_after(const redress_calendar *cal, int64_t x);

#endif

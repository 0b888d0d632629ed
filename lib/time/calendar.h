/* Business calendars, shared by calendar*.c. Not installed.
 *
 * A calendar is a time zone, a weekly pattern of opening intervals and a sorted list
 * of exceptions to it (holidays, which close, and dated `open` clauses, which open),
 * all in local wall time. Local wall time is counted in seconds from 1970-01-01
 * 00:00 local ("local seconds"); local day d is [d * 86400, (d+1) * 86400).
 *
 * Arithmetic works on two cumulative functions of local time, each evaluated in
 * O(log n) with no loop over days or weeks:
 *   W(x): open seconds of local time before x (weekly pattern with its exceptions);
 *   C(d): business days before local day d (business weekdays, minus the dead days
 *         exceptions close, plus the live days they open).
 * and their inverses. calendar_math.c maps them to UTC piece by piece between the
 * zone's offset changes. calendar_days.c keeps, for the years the exceptions span, a
 * table of the business days themselves (the exact ones, DST included), so that
 * adding business days there is two lookups. */
#ifndef RD_CALENDAR_INTERNAL_H
#define RD_CALENDAR_INTERNAL_H

#include "time/tz.h"

#define RD_CAL_DAY RD_SECS_PER_DAY
#define RD_CAL_WEEK (7 * RD_CAL_DAY)
#define RD_CAL_MAX_HOLIDAYS 10000     /* holiday clauses in one spec */
#define RD_CAL_MAX_OPENS 10000        /* open clauses in one spec */
#define RD_CAL_MAX_DAY_INTERVALS 48   /* opening intervals of one weekday */
#define RD_CAL_MAX_SPEC_BYTES (1024u * 1024u)
#define RD_CAL_INDEX_MAX_DAYS 14610   /* days in the business-day table: 40 years */
#define RD_CAL_NONE INT64_MAX         /* an inverse that has no answer */

/* A half-open range [a, b) of seconds. */
typedef struct rd_cal_span {
  int64_t a, b;
} rd_cal_span;

/* A dated range as written, with where it was written (for messages). */
typedef struct rd_cal_dated {
  int64_t a, b;
  size_t at;
} rd_cal_dated;

/* An opening interval of the week, in seconds from Monday 00:00. */
typedef struct rd_cal_open {
  int32_t a, b;
  int64_t cum; /* open seconds of the week before a */
} rd_cal_open;

/* An exception: a range of local seconds that is open throughout (an `open` clause,
 * less the holidays) or closed throughout (a holiday). Disjoint and sorted. */
typedef struct rd_cal_seg {
  int64_t a, b;
  int64_t adj;  /* W(x) - weekly_cum(x) for x between the previous segment and a */
  int64_t w_at; /* W(a) */
  int open;
} rd_cal_seg;

/* A day whose business-day status differs from its weekday's: a business weekday
 * left with no open time (dead) or another day given some (live). Sorted. */
typedef struct rd_cal_xday {
  int64_t day;
  int64_t adj;  /* C(x) - weekly_days(x) for x between the previous one and day */
  int64_t c_at; /* C(day) */
  int live;
} rd_cal_xday;

/* The business days of the local days [first, first + n_days), exactly as
 * redress_calendar_add() counts them: before[i] is the number of business days in
 * [first, first + i); the k-th business day (from 0) is local day first + day[k],
 * its first open instant is (first + day[k]) * 86400 + opening[k] and its close
 * (first + day[k]) * 86400 + close[k], in UTC. */
typedef struct rd_cal_days {
  int64_t first;
  size_t n_days, n_biz;
  int32_t *before; /* n_days + 1 entries */
  int32_t *day, *opening, *close; /* n_biz entries each */
} rd_cal_days;

/* What the spec parser produces; rd_cal_index() turns it into a calendar. */
typedef struct rd_cal_build {
  rd_tz tz;
  rd_tz_history hist; /* transitions of a zone file (owned) */
  rd_cal_span day[7][RD_CAL_MAX_DAY_INTERVALS]; /* Monday first, seconds of the day */
  size_t n_day[7];
  rd_cal_span *holidays; /* local seconds, as given (unsorted, may overlap) */
  size_t n_holidays, cap_holidays, holiday_clauses;
  rd_cal_dated *opens; /* local seconds, as given (unsorted, disjoint once parsed) */
  size_t n_opens, cap_opens, open_clauses;
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
  rd_cal_seg *segs;
  size_t n_segs;
  int64_t seg_adj;  /* W(x) - weekly_cum(x) after the last segment */
  int64_t open_end; /* end of the last open segment (INT64_MIN if none) */
  rd_cal_xday *xdays;
  size_t n_xdays;
  int64_t xday_adj; /* C(x) - weekly_days(x) after the last exceptional day */
  int64_t live_end; /* the day after the last live day (INT64_MIN if none) */
  rd_cal_days days;
};

/* calendar_parse.c: fills b from spec text; failures carry a message with the byte
 * offset. b must be released with rd_cal_build_free() in every case. */
int rd_cal_parse_spec(rd_cal_build *b, redress_desk *desk, const char *spec, size_t len);
void rd_cal_build_free(rd_cal_build *b, const redress_allocator *a);

/* calendar_index.c: builds the lookup tables of cal from b (cal->alloc set); sorts
 * b->holidays and b->opens in place. */
int rd_cal_index(redress_calendar *cal, rd_cal_build *b);
/* Weekday of local day d, Monday = 0. */
int rd_cal_weekday(int64_t day);
/* Whether the calendar has any open time at all / any business day at all. */
int rd_cal_ever_open(const redress_calendar *cal);
int rd_cal_ever_business(const redress_calendar *cal);
int64_t rd_cal_w(const redress_calendar *cal, int64_t x);
/* Earliest local x with W(x) >= v; RD_CAL_NONE when W never reaches v. Needs v
 * above W of the origin. */
int64_t rd_cal_w_inv(const redress_calendar *cal, int64_t v);
int64_t rd_cal_c(const redress_calendar *cal, int64_t day);
/* Earliest local day x with C(x) >= v; RD_CAL_NONE when C never reaches v. */
int64_t rd_cal_c_inv(const redress_calendar *cal, int64_t v);

/* calendar_math.c */
/* The snake_case name of a redress_span_unit, or NULL. */
const char *rd_span_unit_name(int unit);
/* Adds n business days by walking C, DST gaps and day closes (n != 0; negative
 * counts back to openings): the path the table of calendar_days.c short-cuts, kept
 * for instants outside it and as its oracle in tests. */
int rd_cal_add_days_walk(redress_time *out, const redress_calendar *cal, redress_time start,
                         int64_t n);

/* calendar_days.c */
/* The offset at UTC instant t; *next (if not NULL) the next change after t. */
int32_t rd_cal_offset(const redress_calendar *cal, int64_t t, int64_t *next);
/* The close (end of the last open instant) and the opening (start of the first) of
 * local day d in UTC; 0 when the day has no open instant. */
int rd_cal_day_close(const redress_calendar *cal, int64_t d, int64_t *close);
int rd_cal_day_opening(const redress_calendar *cal, int64_t d, int64_t *opening);
/* Builds cal->days over the years the exceptions span (nothing without any). */
int rd_cal_days_build(redress_calendar *cal);
void rd_cal_days_free(rd_cal_days *days, const redress_allocator *a);
/* n business days from local day d0 (after it when n > 0, before it when n < 0)
 * from the table: 1 and *out set when the table holds the answer, else 0. */
int rd_cal_days_lookup(const redress_calendar *cal, int64_t d0, int64_t n, int64_t *out);

#endif

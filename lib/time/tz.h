/* Time zones for calendars. Not installed.
 *
 * A rule (rd_tz) is one standard offset and, optionally, one daylight-saving offset
 * with the two yearly rules that switch between them: what a POSIX TZ string (and
 * the footer of a TZif v2+ file) describes, the *current* rules of a zone.
 * A zone (rd_zone) is a rule plus, for zones read from TZif files, the file's table
 * of past and announced transitions, which apply up to the table's last entry;
 * the rule applies after it. A zone given as a POSIX string follows its rule for
 * all time. */
#ifndef RD_TZ_INTERNAL_H
#define RD_TZ_INTERNAL_H

#include "base/base.h"

/* The part of the desk the time layer owns (base/base.h explains the chain): where
 * IANA zones are read from. */
typedef struct rd_time_ctx {
  rd_ctx base;
  char *zoneinfo_dir;
} rd_time_ctx;

static inline rd_time_ctx *rd_time_ctx_of(redress_desk *desk) {
  return (rd_time_ctx *)(void *)desk;
}

#define RD_SECS_PER_DAY 86400
#define RD_TZ_DEFAULT_DIR "/usr/share/zoneinfo"

/* The three ways a POSIX rule names a day of the year. */
enum {
  RD_TZ_JULIAN1 = 0, /* Jn: day 1..365, February 29 never counted */
  RD_TZ_JULIAN0 = 1, /* n: day 0..365, February 29 counted in leap years */
  RD_TZ_MWD = 2      /* Mm.w.d: weekday d (0 = Sunday) of week w (5 = last) of month m */
};

typedef struct rd_tz_rule {
  int kind;     /* RD_TZ_JULIAN1, RD_TZ_JULIAN0 or RD_TZ_MWD */
  int day;      /* JULIAN1, JULIAN0: the day number */
  int month;    /* MWD: 1..12 */
  int week;     /* MWD: 1..5 */
  int wday;     /* MWD: 0..6, Sunday first */
  int32_t time; /* seconds after local midnight (-167h .. 167h), in the offset it ends */
} rd_tz_rule;

typedef struct rd_tz {
  int32_t std_off; /* seconds east of UTC (the opposite sign of the POSIX text) */
  int32_t dst_off; /* daylight-saving offset; equal to std_off without DST */
  int has_dst;
  rd_tz_rule start; /* when DST begins, in standard local time */
  rd_tz_rule end;   /* when DST ends, in daylight-saving local time */
} rd_tz;

/* UTC with no DST: the default zone of a calendar. */
rd_tz rd_tz_utc(void);

/*
 * Parses a POSIX TZ string s[0..len) (e.g. "CET-1CEST,M3.5.0,M10.5.0/3",
 * "<+0930>-9:30"). Returns REDRESS_OK, or REDRESS_ERR_PARSE with *err_at set to the
 * byte offset (within s) where the text stops making sense.
 */
int rd_tz_parse_posix(rd_tz *out, const char *s, size_t len, size_t *err_at);

/* A change of offset: from UTC instant `at` on, the offset is `off`. */
typedef struct rd_tz_switch {
  int64_t at;
  int32_t off;
} rd_tz_switch;

/* The transitions of a TZif file: sw ascending (NULL if none); first_off applies
 * before the first one. */
typedef struct rd_tz_history {
  rd_tz_switch *sw;
  size_t n;
  int32_t first_off;
} rd_tz_history;

/*
 * Loads an IANA zone (e.g. "Europe/London") from its TZif v2+ file under
 * rd_time_ctx_of(desk)->zoneinfo_dir (RD_TZ_DEFAULT_DIR when NULL): the rule of its footer and its
 * transition table (allocated with the desk's allocator; free hist->sw). `at` is
 * the byte offset of the name in the calendar spec, for messages. Returns
 * REDRESS_OK; PARSE (bad name, not a TZif v2+ file, bad table or footer);
 * NOTFOUND (no such file); NOMEM. Failures are described in the desk's message.
 */
int rd_tz_load(rd_tz *rule, rd_tz_history *hist, redress_desk *desk, const char *name,
               size_t len, size_t at);

/*
 * The offset (seconds east of UTC) that rule tz puts in effect at UTC instant t.
 * When next is not NULL it receives the earliest instant > t at which the offset
 * may change (INT64_MAX when it never does).
 */
int32_t rd_tz_offset(const rd_tz *tz, int64_t t, int64_t *next);

/* The DST period that the rules of year y open, [*from, *to); empty when from >= to.
 * The periods of successive years start in increasing order. */
void rd_tz_dst_period(const rd_tz *tz, int64_t y, int64_t *from, int64_t *to);

/* ---- zones (tz_zone.c) ----------------------------------------------------- */

/* Rule switches are precomputed up to this year; later instants recompute the rule. */
#define RD_ZONE_TABLE_FIRST 1969
#define RD_ZONE_TABLE_LAST 2100

typedef struct rd_zone {
  rd_tz rule;
  rd_tz_switch *sw; /* history, then rule switches; NULL when the offset never changes */
  size_t n;
  int has_history;
  int32_t first_off;  /* with history: the offset before sw[0] */
  int64_t table_from; /* instants in [table_from, table_until) are answered from sw */
  int64_t table_until;
  int32_t min_off, max_off; /* every offset the zone can take */
} rd_zone;

/* Builds a zone from a rule and an optional history (copied). REDRESS_OK or NOMEM. */
int rd_zone_build(rd_zone *z, const rd_tz *rule, const rd_tz_history *hist,
                  const redress_allocator *a);
void rd_zone_free(rd_zone *z, const redress_allocator *a);
/* As rd_tz_offset(), for the zone: a binary search inside its table. */
int32_t rd_zone_offset(const rd_zone *z, int64_t t, int64_t *next);
/*
 * The UTC instants whose local wall time is `local` (seconds since 1970-01-01 00:00
 * local), earliest first, at most max of them: 0 in a gap (a skipped wall-clock
 * hour), 1 normally, 2 in an overlap (a repeated hour).
 */
size_t rd_zone_local_to_utc(const rd_zone *z, int64_t local, int64_t *out, size_t max);

/* ---- civil dates (proleptic Gregorian; years 1 .. 10000+) --------------- */

int rd_is_leap(int64_t year);
int rd_month_days(int64_t year, int month);
/* Days from 1970-01-01 to year-month-day (month 1..12, day 1..31). */
int64_t rd_days_from_civil(int64_t year, int month, int day);
/* The calendar year containing day `days` (days since 1970-01-01). */
int64_t rd_year_of_day(int64_t days);
/* Floor division and its remainder (>= 0) for a positive divisor. */
int64_t rd_floor_div(int64_t a, int64_t b);
int64_t rd_floor_mod(int64_t a, int64_t b);
/* civil.c: the date of day `days` (month 1..12, day 1..31), and its ISO 8601 week:
 * the year that holds the week's Thursday and the week's number in it, 1..53. */
void rd_civil_from_days(int64_t days, int64_t *year, int *month, int *day);
void rd_iso_week(int64_t days, int64_t *iso_year, int *week);

#endif

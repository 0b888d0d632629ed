/* Time zones for calendars: POSIX TZ rules and the footer of TZif files. Not installed.
 *
 * A zone is one standard offset and, optionally, one daylight-saving offset with the
 * two yearly rules that switch between them. This is exactly what a POSIX TZ string
 * (and the footer of a TZif v2+ file) describes: the *current* rules of a zone.
 * Historic offsets (before the zone adopted its current rules) are not modelled. */
#ifndef REDRESS_TZ_H
#define REDRESS_TZ_H

#include "internal.h"

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

/*
 * Loads the rules of an IANA zone (e.g. "Europe/London") from the footer of its
 * TZif v2+ file under desk->zoneinfo_dir (RD_TZ_DEFAULT_DIR when NULL). `at` is
 * the byte offset of the name in the calendar spec, for messages. Returns
 * REDRESS_OK; PARSE (bad name, not a TZif v2+ file, bad footer); NOTFOUND (no
 * such file); NOMEM. Failures are described in the desk's message.
 */
int rd_tz_load(rd_tz *out, redress_desk *desk, const char *name, size_t len, size_t at);

/*
 * The offset (seconds east of UTC) in effect at UTC instant t. When next is not
 * NULL it receives the earliest instant > t at which the offset may change
 * (INT64_MAX when it never does).
 */
int32_t rd_tz_offset(const rd_tz *tz, int64_t t, int64_t *next);

/* The offset changes of a zone over a span of years, precomputed so that lookups
 * are a binary search (rd_tz_offset recomputes the rules at every call). */
typedef struct rd_tz_switch {
  int64_t at;  /* UTC instant of the change */
  int32_t off; /* offset from then on */
} rd_tz_switch;

typedef struct rd_tz_table {
  rd_tz_switch *sw; /* ascending by at; NULL for a zone without DST */
  size_t n;
} rd_tz_table;

/* Builds the table of tz's changes in the years RD_TZ_TABLE_FIRST..RD_TZ_TABLE_LAST.
 * Returns REDRESS_OK or REDRESS_ERR_NOMEM. */
#define RD_TZ_TABLE_FIRST 1969
#define RD_TZ_TABLE_LAST 2100
int rd_tz_table_build(rd_tz_table *tab, const rd_tz *tz, const redress_allocator *a);
void rd_tz_table_free(rd_tz_table *tab, const redress_allocator *a);
/* Same answer as rd_tz_offset(), from the table when t lies inside it. */
int32_t rd_tz_table_offset(const rd_tz_table *tab, const rd_tz *tz, int64_t t, int64_t *next);

/*
 * The UTC instants whose local wall time is `local` (seconds since 1970-01-01 00:00
 * local): 0 in a gap (a skipped wall-clock hour), 1 normally, 2 in an overlap (a
 * repeated hour), earlier first in out.
 */
int rd_tz_local_to_utc(const rd_tz *tz, int64_t local, int64_t out[2]);

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

#endif

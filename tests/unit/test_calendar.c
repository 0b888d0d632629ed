/* Business calendars and time zones (DESIGN section 5), through the public header.
 *
 * The bulk of the arithmetic is checked against tests/data/calendar_cases.tsv, whose
 * answers tests/tools/gen_calendar_cases.py computed by brute force with Python's zoneinfo
 * (regenerate it with `python3 tests/tools/gen_calendar_cases.py`).
 * The hand-written tests below cover TZ rule forms, DST gaps and overlaps, the
 * grammar, errors with their byte offsets, limits, and memory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "helpers.h"
#include "redress.h"

#define DAY 86400
#define HOUR 3600

/* ---- helpers ----------------------------------------------------------------- */

/* A UTC date and time, counted plainly (tests/support/helpers.c). */
static redress_time utc(int y, int m, int d, int hh, int mi, int ss) {
  return th_utc(y, m, d, hh, mi, ss);
}

static redress_calendar *cal_parse(redress_desk *desk, const char *spec) {
  redress_calendar *cal = NULL;
  int rc = redress_calendar_parse(&cal, desk, spec, strlen(spec));
  if (rc != REDRESS_OK) print_error("parse \"%s\": %s\n", spec, redress_desk_errmsg(desk));
  assert_int_equal(rc, REDRESS_OK);
  assert_non_null(cal);
  return cal;
}

static redress_time add(const redress_calendar *cal, redress_time start, int64_t amount,
                        int unit) {
  redress_time out = -1;
  assert_int_equal(redress_calendar_add(&out, cal, start, amount, unit), REDRESS_OK);
  return out;
}

static int64_t elapsed(const redress_calendar *cal, redress_time from, redress_time to) {
  int64_t out = -1;
  assert_int_equal(redress_calendar_elapsed(&out, cal, from, to), REDRESS_OK);
  return out;
}

/*
 * The UTC instant at which local day y-m-d begins, read from an always-open
 * calendar: its business day ends at local midnight. hint is roughly the zone's
 * offset in hours, so that the probe starts two local days earlier.
 */
static redress_time midnight(const redress_calendar *always, int y, int m, int d, int hint) {
  redress_time probe = (th_days_from_epoch(y, m, d) - 2) * DAY + 12 * HOUR - hint * HOUR;
  return add(always, probe, 1, REDRESS_SPAN_BUSINESS_DAYS);
}

/* The UTC offset at the local midnight that begins y-m-d. */
static int64_t offset_at_midnight(const redress_calendar *always, int y, int m, int d, int hint) {
  return th_days_from_epoch(y, m, d) * DAY - midnight(always, y, m, d, hint);
}

/* Seconds in local day y-m-d (82800 when the clock springs forward, 90000 back). */
static int64_t day_length(const redress_calendar *always, int y, int m, int d, int hint) {
  redress_time start = midnight(always, y, m, d, hint);
  return add(always, start - 1, 1, REDRESS_SPAN_BUSINESS_DAYS) - start;
}

/* Open seconds of `cal` during local day y-m-d (its zone must match `always`). */
static int64_t open_on_day(const redress_calendar *cal, const redress_calendar *always, int y,
                           int m, int d, int hint) {
  redress_time start = midnight(always, y, m, d, hint);
  return elapsed(cal, start, add(always, start - 1, 1, REDRESS_SPAN_BUSINESS_DAYS));
}

/* ---- the generated table ------------------------------------------------------ */

#define MAX_CALS 32

typedef struct table {
  char names[MAX_CALS][64];
  redress_calendar *cals[MAX_CALS];
  size_t n;
} table;

static const redress_calendar *table_find(const table *t, const char *name) {
  for (size_t i = 0; i < t->n; i++)
    if (strcmp(t->names[i], name) == 0) return t->cals[i];
  return NULL;
}

/* Splits line at tabs into at most max fields; returns the count. */
static size_t split(char *line, char **fields, size_t max) {
  size_t n = 0;
  char *p = line;
  while (n < max) {
    fields[n++] = p;
    char *tab = strchr(p, '\t');
    if (tab == NULL) break;
    *tab = '\0';
    p = tab + 1;
  }
  return n;
}

static int unit_of(const char *name) {
  if (strcmp(name, "calendar") == 0) return REDRESS_SPAN_CALENDAR_SECONDS;
  if (strcmp(name, "business_seconds") == 0) return REDRESS_SPAN_BUSINESS_SECONDS;
  if (strcmp(name, "business_days") == 0) return REDRESS_SPAN_BUSINESS_DAYS;
  fail_msg("unknown unit %s", name);
  return -1;
}

/* Runs one case; returns 1 when it matches. */
static int run_case(const table *t, char **f) {
  const redress_calendar *cal = table_find(t, f[2]);
  assert_non_null(cal);
  long long a = strtoll(f[3], NULL, 10), expected = strtoll(f[6], NULL, 10), got = 0;
  int rc = REDRESS_OK;
  if (strcmp(f[1], "add") == 0) {
    redress_time out = 0;
    rc = redress_calendar_add(&out, cal, a, strtoll(f[4], NULL, 10), unit_of(f[5]));
    got = out;
  } else if (strcmp(f[1], "elapsed") == 0) {
    int64_t out = 0;
    rc = redress_calendar_elapsed(&out, cal, a, strtoll(f[4], NULL, 10));
    got = out;
  } else {
    got = redress_calendar_is_open(cal, a);
  }
  if (rc == REDRESS_OK && got == expected) return 1;
  print_error("case %s (%s %s): rc %d, got %lld, expected %lld (%s)\n", f[0], f[1], f[2], rc,
              got, expected, f[7]);
  return 0;
}

static void test_generated_cases(void **state) {
  (void)state;
  char path[1024];
  th_data_path(path, sizeof path, "calendar_cases.tsv");
  FILE *in = fopen(path, "r");
  if (in == NULL) fail_msg("cannot open %s (set REDRESS_TEST_DATA)", path);
  th_desk t;
  th_desk_open(&t);
  table tab;
  memset(&tab, 0, sizeof tab);
  static char line[1 << 16];
  size_t cases = 0, passed = 0;
  while (fgets(line, sizeof line, in) != NULL) {
    line[strcspn(line, "\r\n")] = '\0';
    if (line[0] == '#' || line[0] == '\0') continue;
    char *f[8] = {NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL};
    size_t n = split(line, f, 8);
    if (strcmp(f[0], "calendar") == 0) {
      assert_int_equal(n, 3);
      assert_true(tab.n < MAX_CALS);
      snprintf(tab.names[tab.n], sizeof tab.names[0], "%s", f[1]);
      tab.cals[tab.n++] = cal_parse(t.desk, f[2]);
      continue;
    }
    assert_int_equal(n, 8);
    cases++;
    passed += (size_t)run_case(&tab, f);
  }
  fclose(in);
  for (size_t i = 0; i < tab.n; i++) redress_calendar_free(tab.cals[i]);
  th_desk_close(&t);
  assert_true(cases >= 80);
  assert_int_equal(passed, cases);
}

/* ---- POSIX TZ rules ------------------------------------------------------------- */

static void check_fixed(redress_desk *desk, const char *spec, int64_t east) {
  redress_calendar *cal = cal_parse(desk, spec);
  int hint = (int)(east / HOUR);
  for (int m = 1; m <= 12; m += 1) {
    assert_int_equal(offset_at_midnight(cal, 2026, m, 14, hint), east);
    assert_int_equal(day_length(cal, 2026, m, 14, hint), DAY);
  }
  redress_calendar_free(cal);
}

static void test_posix_fixed_offsets(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  check_fixed(t.desk, "tz=<+0930>-9:30", 9 * HOUR + 30 * 60);
  check_fixed(t.desk, "tz=JST-9", 9 * HOUR);
  check_fixed(t.desk, "tz=XXX-1:02:03", HOUR + 2 * 60 + 3);
  check_fixed(t.desk, "tz=<-03>3", -3 * HOUR);
  check_fixed(t.desk, "tz=AAA+3", -3 * HOUR);
  check_fixed(t.desk, "tz=<+0545>-05:45", 5 * HOUR + 45 * 60);
  check_fixed(t.desk, "tz=UTC0", 0);
  check_fixed(t.desk, "tz=UTC", 0);
  check_fixed(t.desk, "", 0);
  check_fixed(t.desk, "tz=<UTC-11>11", -11 * HOUR);
  /* the bounds of an offset: 24 hours either way, exactly */
  check_fixed(t.desk, "tz=AAA-24", 24 * HOUR);
  check_fixed(t.desk, "tz=AAA-24:00:00", 24 * HOUR);
  check_fixed(t.desk, "tz=AAA+24", -24 * HOUR);
  check_fixed(t.desk, "tz=AAA-23:59:59", 24 * HOUR - 1);
  th_desk_close(&t);
}


/* US rules, written three ways (and read from the zone file): DST from the second
 * Sunday of March to the first Sunday of November, both at 02:00 local. */
static void test_posix_us_rules(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  const char *forms[] = {"tz=EST5EDT,M3.2.0,M11.1.0", "tz=EST5EDT",
                         "tz=EST+5EDT+4,M3.2.0/2:00:00,M11.1.0/02", "tz=America/New_York"};
  for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
    redress_calendar *cal = cal_parse(t.desk, forms[i]);
    assert_int_equal(offset_at_midnight(cal, 2026, 3, 8, -5), -5 * HOUR);
    assert_int_equal(offset_at_midnight(cal, 2026, 3, 9, -5), -4 * HOUR);
    assert_int_equal(offset_at_midnight(cal, 2026, 11, 1, -5), -4 * HOUR);
    assert_int_equal(offset_at_midnight(cal, 2026, 11, 2, -5), -5 * HOUR);
    assert_int_equal(day_length(cal, 2026, 3, 8, -5), DAY - HOUR);
    assert_int_equal(day_length(cal, 2026, 11, 1, -5), DAY + HOUR);
    assert_int_equal(day_length(cal, 2027, 3, 14, -5), DAY - HOUR);
    assert_int_equal(day_length(cal, 2027, 11, 7, -5), DAY + HOUR);
    /* Where the change happens: 02:00-03:00 is skipped, 01:00-02:00 repeated. */
    char spec[128];
    snprintf(spec, sizeof spec, "%s; sun 00:00-02:30", forms[i]);
    redress_calendar *hours = cal_parse(t.desk, spec);
    assert_int_equal(open_on_day(hours, cal, 2026, 3, 8, -5), 2 * HOUR);
    assert_int_equal(open_on_day(hours, cal, 2026, 11, 1, -5), 3 * HOUR + 30 * 60);
    assert_int_equal(open_on_day(hours, cal, 2026, 3, 15, -5), 2 * HOUR + 30 * 60);
    redress_calendar_free(hours);
    redress_calendar_free(cal);
  }
  th_desk_close(&t);
}

/* Ireland: standard time is summer time (IST, +1) and "DST" is winter (GMT, 0). */
static void test_posix_negative_dst(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  redress_calendar *cal = cal_parse(t.desk, "tz=IST-1GMT0,M10.5.0,M3.5.0/1");
  assert_int_equal(offset_at_midnight(cal, 2026, 1, 15, 0), 0);
  assert_int_equal(offset_at_midnight(cal, 2026, 7, 15, 0), HOUR);
  assert_int_equal(day_length(cal, 2026, 3, 29, 0), DAY - HOUR);
  assert_int_equal(day_length(cal, 2026, 10, 25, 0), DAY + HOUR);
  redress_calendar *hours = cal_parse(t.desk, "tz=IST-1GMT0,M10.5.0,M3.5.0/1; sun 00:00-01:30");
  assert_int_equal(open_on_day(hours, cal, 2026, 3, 29, 0), HOUR);          /* 01:00 -> 02:00 */
  assert_int_equal(open_on_day(hours, cal, 2026, 10, 25, 0), 2 * HOUR);     /* 01:00-02:00 twice */
  redress_calendar_free(hours);
  /* The shipped Europe/Dublin (tzdata 2025b) has this rule in its footer. */
  redress_calendar *file = cal_parse(t.desk, "tz=Europe/Dublin");
  for (int64_t d = th_days_from_epoch(2026, 1, 1); d < th_days_from_epoch(2028, 1, 1); d += 3) {
    redress_time at = d * DAY + 5 * HOUR;
    assert_int_equal(add(file, at, 1, REDRESS_SPAN_BUSINESS_DAYS), add(cal, at, 1, REDRESS_SPAN_BUSINESS_DAYS));
  }
  redress_calendar_free(file);
  redress_calendar_free(cal);
  th_desk_close(&t);
}

/* Jn and n days, and times beyond 24h: "J1/0,J365/25" is DST all year. */
static void test_posix_julian_days(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  redress_calendar *cal = cal_parse(t.desk, "tz=WART4WARST,J1/0,J365/25");
  const int dates[][3] = {{2026, 1, 1}, {2026, 3, 1}, {2026, 7, 1}, {2026, 12, 31},
                          {2028, 2, 29}, {2028, 12, 31}, {2029, 1, 1}};
  for (size_t i = 0; i < sizeof dates / sizeof dates[0]; i++) {
    assert_int_equal(offset_at_midnight(cal, dates[i][0], dates[i][1], dates[i][2], -3), -3 * HOUR);
    assert_int_equal(day_length(cal, dates[i][0], dates[i][1], dates[i][2], -3), DAY);
  }
  redress_calendar_free(cal);
  /* Jn never counts February 29: J60 is March 1 in every year. */
  cal = cal_parse(t.desk, "tz=AAA0BBB,J60/12,J300/12");
  assert_int_equal(day_length(cal, 2028, 3, 1, 0), DAY - HOUR);
  assert_int_equal(day_length(cal, 2028, 2, 29, 0), DAY);
  assert_int_equal(day_length(cal, 2026, 3, 1, 0), DAY - HOUR);
  redress_calendar_free(cal);
  /* n counts it: day 59 is February 29 in a leap year, March 1 otherwise. */
  cal = cal_parse(t.desk, "tz=AAA0BBB,59/12,300/12");
  assert_int_equal(day_length(cal, 2028, 2, 29, 0), DAY - HOUR);
  assert_int_equal(day_length(cal, 2028, 3, 1, 0), DAY);
  assert_int_equal(day_length(cal, 2026, 3, 1, 0), DAY - HOUR);
  redress_calendar_free(cal);
  th_desk_close(&t);
}

/* Negative transition times: the change happens the evening before the rule's day. */
static void test_posix_negative_times(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  redress_calendar *cal = cal_parse(t.desk, "tz=<-03>3<-02>,M3.5.0/-2,M10.5.0/-1");
  assert_int_equal(offset_at_midnight(cal, 2026, 3, 28, -3), -3 * HOUR);
  assert_int_equal(offset_at_midnight(cal, 2026, 3, 29, -3), -2 * HOUR);
  assert_int_equal(offset_at_midnight(cal, 2026, 10, 24, -3), -2 * HOUR);
  assert_int_equal(offset_at_midnight(cal, 2026, 10, 25, -3), -3 * HOUR);
  assert_int_equal(day_length(cal, 2026, 3, 28, -3), DAY - HOUR); /* Saturday 22:00 -> 23:00 */
  assert_int_equal(day_length(cal, 2026, 10, 24, -3), DAY + HOUR); /* Saturday 23:00 -> 22:00 */
  assert_int_equal(day_length(cal, 2026, 3, 29, -3), DAY);
  redress_calendar_free(cal);
  /* A DST offset given explicitly, two hours ahead; and the southern hemisphere. */
  cal = cal_parse(t.desk, "tz=AAA3BBB1,M3.5.0,M10.5.0");
  assert_int_equal(offset_at_midnight(cal, 2026, 7, 1, -3), -1 * HOUR);
  assert_int_equal(day_length(cal, 2026, 3, 29, -3), DAY - 2 * HOUR);
  redress_calendar_free(cal);
  cal = cal_parse(t.desk, "tz=AEST-10AEDT,M10.1.0,M4.1.0/3");
  assert_int_equal(offset_at_midnight(cal, 2026, 1, 15, 10), 11 * HOUR);
  assert_int_equal(offset_at_midnight(cal, 2026, 7, 15, 10), 10 * HOUR);
  assert_int_equal(day_length(cal, 2026, 4, 5, 10), DAY + HOUR);
  assert_int_equal(day_length(cal, 2026, 10, 4, 10), DAY - HOUR);
  redress_calendar_free(cal);
  th_desk_close(&t);
}

typedef struct bad_spec {
  const char *spec;
  int code;
  long at; /* expected "at byte N" in the message; -1: not checked */
} bad_spec;

static void check_bad(redress_desk *desk, const bad_spec *b) {
  redress_calendar *cal = NULL;
  int rc = redress_calendar_parse(&cal, desk, b->spec, strlen(b->spec));
  const char *msg = redress_desk_errmsg(desk);
  if (rc != b->code) print_error("\"%s\": got %d (%s)\n", b->spec, rc, msg);
  assert_int_equal(rc, b->code);
  assert_null(cal);
  assert_true(strlen(msg) > 0);
  if (b->at >= 0) {
    char want[64];
    snprintf(want, sizeof want, "at byte %ld", b->at);
    if (strstr(msg, want) == NULL) print_error("\"%s\": message \"%s\"\n", b->spec, msg);
    assert_non_null(strstr(msg, want));
  }
}

/* Every offset of a rule (standard, daylight) and every transition time accepts its
 * bound and refuses one second beyond it. */
static void test_posix_offset_bounds(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  static const char *const good[] = {
      "tz=AAA0BBB-24,M3.2.0,M11.1.0",     "tz=AAA0BBB+24,M3.2.0,M11.1.0",
      "tz=AAA-24BBB-24,M3.2.0,M11.1.0",   "tz=EST5EDT,M3.2.0/167,M11.1.0/-167",
      "tz=EST5EDT,M3.2.0/-167:00:00,M11.1.0/167:00:00",
  };
  for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
    redress_calendar_free(cal_parse(t.desk, good[i]));
  static const bad_spec bad[] = {
      {"tz=AAA-24:59:59", REDRESS_ERR_PARSE, 6},
      {"tz=AAA-24:00:01", REDRESS_ERR_PARSE, 6},
      {"tz=AAA24:00:01", REDRESS_ERR_PARSE, 6},
      {"tz=AAA0BBB-24:00:01,M3.2.0,M11.1.0", REDRESS_ERR_PARSE, 10},
      {"tz=AAA0BBB+24:30,M3.2.0,M11.1.0", REDRESS_ERR_PARSE, 10},
      {"tz=EST5EDT,M3.2.0/167:00:01,M11.1.0", REDRESS_ERR_PARSE, 18},
      {"tz=EST5EDT,M3.2.0,M11.1.0/-167:59:59", REDRESS_ERR_PARSE, 26},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) check_bad(t.desk, &bad[i]);
  th_desk_close(&t);
}

static void test_posix_malformed(void **state) {
  (void)state;
  static const bad_spec bad[] = {
      {"tz=EST5EDT,M3.2.0", REDRESS_ERR_PARSE, 17},          /* no end rule */
      {"tz=EST5EDT,M13.2.0,M11.1.0", REDRESS_ERR_PARSE, 11}, /* month 13 */
      {"tz=EST5EDT,M3.6.0,M11.1.0", REDRESS_ERR_PARSE, 11},  /* week 6 */
      {"tz=EST5EDT,M3.2.7,M11.1.0", REDRESS_ERR_PARSE, 11},  /* weekday 7 */
      {"tz=EST5EDT,J0,J365", REDRESS_ERR_PARSE, 11},         /* J starts at 1 */
      {"tz=EST5EDT,366,J365", REDRESS_ERR_PARSE, 11},        /* n ends at 365 */
      {"tz=EST5EDT,M3.2.0/168,M11.1.0", REDRESS_ERR_PARSE, 18}, /* beyond 167h */
      {"tz=EST5EDT,M3.2.0/2:60,M11.1.0", REDRESS_ERR_PARSE, 18},
      {"tz=EST25", REDRESS_ERR_PARSE, 6},                    /* offset hours > 24 */
      {"tz=EST5:60", REDRESS_ERR_PARSE, 6},
      {"tz=AB5", REDRESS_ERR_PARSE, 3},                      /* names have 3+ letters */
      {"tz=<+09-9", REDRESS_ERR_PARSE, 3},                   /* unterminated <...> */
      {"tz=<+9>-9", REDRESS_ERR_PARSE, 3},                   /* quoted name too short */
      {"tz=JST-9x", REDRESS_ERR_PARSE, 8},                   /* trailing text */
      {"tz=JST-9JDT,", REDRESS_ERR_PARSE, 12},
      {"tz=EST5EDT;M3.2.0,M11.1.0", REDRESS_ERR_PARSE, 11},  /* ';' ends the clause */
      {"tz=EST5EDT,M3.2.0,M11.1.0 x", REDRESS_ERR_PARSE, 25},
      {"tz=", REDRESS_ERR_PARSE, 3},
      {"tz=  # nothing", REDRESS_ERR_PARSE, 5},
      {"tz=../etc/passwd", REDRESS_ERR_PARSE, 3},
      {"tz=Europe/../../etc/passwd", REDRESS_ERR_PARSE, 10},
      {"tz=/etc/localtime", REDRESS_ERR_PARSE, 3},
      {"tz=Europe/Lon don", REDRESS_ERR_PARSE, 13},
      {"tz=UTC; tz=UTC", REDRESS_ERR_PARSE, 8},
  };
  th_desk t;
  th_desk_open(&t);
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) check_bad(t.desk, &bad[i]);
  th_desk_close(&t);
}

/* ---- zone files ---------------------------------------------------------------- */

static void put32(unsigned char *p, uint32_t v) {
  p[0] = (unsigned char)(v >> 24);
  p[1] = (unsigned char)(v >> 16);
  p[2] = (unsigned char)(v >> 8);
  p[3] = (unsigned char)v;
}

/* A TZif file: a version 1 block with the local time types only, then (for version
 * 2+) a block with the transitions, then the footer. */
typedef struct tzif_spec {
  char version;
  size_t n_trans;
  const int64_t *times;
  const unsigned char *types;
  size_t n_types;
  const int32_t *offsets;
  const char *footer; /* NULL: none */
} tzif_spec;

static size_t put_block(unsigned char *buf, const tzif_spec *z, int wide) {
  size_t n = 0, n_trans = wide ? z->n_trans : 0;
  memset(buf, 0, 44);
  memcpy(buf, "TZif", 4);
  buf[4] = (unsigned char)z->version;
  put32(buf + 20 + 3 * 4, (uint32_t)n_trans);    /* timecnt */
  put32(buf + 20 + 4 * 4, (uint32_t)z->n_types); /* typecnt */
  put32(buf + 20 + 5 * 4, 4);                    /* charcnt */
  n = 44;
  for (size_t i = 0; i < n_trans; i++, n += 8) {
    put32(buf + n, (uint32_t)((uint64_t)z->times[i] >> 32));
    put32(buf + n + 4, (uint32_t)z->times[i]);
  }
  for (size_t i = 0; i < n_trans; i++) buf[n++] = z->types[i];
  for (size_t i = 0; i < z->n_types; i++, n += 6) {
    put32(buf + n, (uint32_t)z->offsets[i]);
    buf[n + 4] = 0;
    buf[n + 5] = 0;
  }
  memcpy(buf + n, "ZZZ", 4);
  return n + 4;
}

static size_t make_tzif(unsigned char *buf, const tzif_spec *z) {
  size_t n = put_block(buf, z, 0);
  if (z->version != '\0') n += put_block(buf + n, z, 1);
  if (z->footer != NULL) {
    memcpy(buf + n, z->footer, strlen(z->footer));
    n += strlen(z->footer);
  }
  return n;
}

/* One type (+9h), no transitions. */
static size_t simple_tzif(unsigned char *buf, char version, const char *footer) {
  static const int32_t jst[] = {32400};
  tzif_spec z = {version, 0, NULL, NULL, 1, jst, footer};
  return make_tzif(buf, &z);
}

static void write_file(const char *dir, const char *name, const unsigned char *data, size_t len) {
  char path[512];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *f = fopen(path, "wb");
  assert_non_null(f);
  assert_int_equal(fwrite(data, 1, len, f), len);
  assert_int_equal(fclose(f), 0);
}

static void remove_file(const char *dir, const char *name) {
  char path[512];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  (void)remove(path);
}

static void test_zone_files(void **state) {
  (void)state;
  char dir[] = "/tmp/redress-tz-XXXXXX";
  assert_non_null(mkdtemp(dir));
  unsigned char buf[512];
  write_file(dir, "Good", buf, simple_tzif(buf, '2', "\nJST-9\n"));
  write_file(dir, "Three", buf, simple_tzif(buf, '3', "\n<+0930>-9:30\n"));
  write_file(dir, "V1", buf, simple_tzif(buf, '\0', NULL));
  write_file(dir, "NoRule", buf, simple_tzif(buf, '2', "\n\n"));
  write_file(dir, "BadRule", buf, simple_tzif(buf, '2', "\nJST-9JDT,M3\n"));
  write_file(dir, "Short", buf, simple_tzif(buf, '2', NULL) - 5);
  write_file(dir, "Junk", (const unsigned char *)"not a zone file\n", 16);
  /* History: +1h, then +3h from 2001-09-09T01:46:40Z, then +1h from
   * 2004-11-09T11:33:20Z, after which the footer's CET rule takes over. */
  static const int64_t times[] = {1000000000, 1100000000};
  static const unsigned char types[] = {1, 0};
  static const int32_t offsets[] = {3600, 3 * 3600};
  tzif_spec hist = {'2', 2, times, types, 2, offsets, "\nCET-1CEST,M3.5.0,M10.5.0/3\n"};
  write_file(dir, "Hist", buf, make_tzif(buf, &hist));
  static const unsigned char bad_types[] = {2, 0};
  tzif_spec bad_type = {'2', 2, times, bad_types, 2, offsets, "\nCET-1\n"};
  write_file(dir, "BadType", buf, make_tzif(buf, &bad_type));
  static const int64_t unordered[] = {1100000000, 1000000000};
  tzif_spec bad_order = {'2', 2, unordered, types, 2, offsets, "\nCET-1\n"};
  write_file(dir, "BadOrder", buf, make_tzif(buf, &bad_order));
  static const int32_t huge[] = {3600, 30 * 3600};
  tzif_spec bad_offset = {'2', 2, times, types, 2, huge, "\nCET-1\n"};
  write_file(dir, "BadOffset", buf, make_tzif(buf, &bad_offset));
  char sub[512];
  snprintf(sub, sizeof sub, "%s/Dir", dir);
  assert_int_equal(mkdir(sub, 0700), 0);

  th_counter counter = {0, 0, 0, 0, 0};
  redress_allocator alloc = th_counting_allocator(&counter);
  redress_desk_options o = REDRESS_DESK_OPTIONS_INIT;
  o.allocator = &alloc;
  o.zoneinfo_dir = dir;
  redress_desk *desk = NULL;
  assert_int_equal(redress_desk_open(&desk, &o), REDRESS_OK);
  redress_calendar *cal = cal_parse(desk, "tz=Good");
  assert_int_equal(offset_at_midnight(cal, 2026, 6, 1, 9), 9 * HOUR);
  redress_calendar_free(cal);
  cal = cal_parse(desk, "tz=:Three");
  assert_int_equal(offset_at_midnight(cal, 2026, 6, 1, 9), 9 * HOUR + 30 * 60);
  redress_calendar_free(cal);
  cal = cal_parse(desk, "tz=UTC"); /* built in: needs no file */
  redress_calendar_free(cal);
  /* The transition table applies up to its last entry, the footer's rule after. */
  cal = cal_parse(desk, "tz=Hist");
  assert_int_equal(offset_at_midnight(cal, 2001, 6, 1, 1), HOUR); /* the rule would say +2 */
  assert_int_equal(offset_at_midnight(cal, 2002, 6, 1, 1), 3 * HOUR);
  assert_int_equal(offset_at_midnight(cal, 2004, 11, 1, 1), 3 * HOUR);
  assert_int_equal(offset_at_midnight(cal, 2005, 1, 15, 1), HOUR);
  assert_int_equal(offset_at_midnight(cal, 2005, 7, 1, 1), 2 * HOUR);
  assert_int_equal(day_length(cal, 2005, 3, 27, 1), DAY - HOUR);
  assert_int_equal(day_length(cal, 2001, 9, 9, 1), DAY - 2 * HOUR);
  redress_calendar_free(cal);
  static const bad_spec bad[] = {
      {"tz=V1", REDRESS_ERR_PARSE, -1},      {"tz=NoRule", REDRESS_ERR_PARSE, -1},
      {"tz=BadRule", REDRESS_ERR_PARSE, -1}, {"tz=Short", REDRESS_ERR_PARSE, -1},
      {"tz=Junk", REDRESS_ERR_PARSE, -1},    {"tz=Dir", REDRESS_ERR_NOTFOUND, -1},
      {"tz=BadType", REDRESS_ERR_PARSE, -1}, {"tz=BadOrder", REDRESS_ERR_PARSE, -1},
      {"tz=BadOffset", REDRESS_ERR_PARSE, -1}, {"tz=Missing", REDRESS_ERR_NOTFOUND, -1},
      {"tz=Europe/London", REDRESS_ERR_NOTFOUND, -1}, /* last: its message is checked below */
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) check_bad(desk, &bad[i]);
  /* The message names the path that was tried. */
  char want[600];
  snprintf(want, sizeof want, "%s/Europe/London", dir);
  assert_non_null(strstr(redress_desk_errmsg(desk), want));
  redress_desk_close(desk);
  assert_int_equal(counter.allocs, counter.frees);

  const char *names[] = {"Good",  "Three", "V1",      "NoRule",   "BadRule",  "Short",
                         "Junk",  "Hist",  "BadType", "BadOrder", "BadOffset"};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) remove_file(dir, names[i]);
  assert_int_equal(rmdir(sub), 0);
  assert_int_equal(rmdir(dir), 0);
}

static void test_missing_zone_default_dir(void **state) {
  (void)state;
  th_desk t;
  th_desk_open_zoneinfo(&t, NULL);
  redress_calendar *cal = NULL;
  const char *spec = "mon-fri 09:00-17:00\ntz=Nowhere/Atlantis";
  assert_int_equal(redress_calendar_parse(&cal, t.desk, spec, strlen(spec)), REDRESS_ERR_NOTFOUND);
  assert_null(cal);
  assert_non_null(strstr(redress_desk_errmsg(t.desk), "/usr/share/zoneinfo/Nowhere/Atlantis"));
  th_desk_close(&t);
}

/* ---- the grammar ------------------------------------------------------------------ */

static void test_spec_malformed(void **state) {
  (void)state;
  static const bad_spec bad[] = {
      {"mon-fri 09:00-17:00; tue 25:00-26:00", REDRESS_ERR_PARSE, 25},
      {"mon-fro 09:00-17:00", REDRESS_ERR_PARSE, 4},
      {"monday 09:00-17:00", REDRESS_ERR_PARSE, 0},
      {"mon-fri 09:00-17:00,16:00-18:00", REDRESS_ERR_PARSE, 20},
      {"mon-fri 17:00-09:00", REDRESS_ERR_PARSE, 8},
      {"mon 09:00-09:00", REDRESS_ERR_PARSE, 4},
      {"mon-fri 09:00-17:00\nmon 08:00-10:00", REDRESS_ERR_PARSE, 24},
      {"24x7; mon 09:00-10:00", REDRESS_ERR_PARSE, 10},
      {"24x7\n24x7", REDRESS_ERR_PARSE, 5},
      {"mon closed; mon 09:00-10:00", REDRESS_ERR_PARSE, 16},
      {"mon 09:00-10:00; mon closed", REDRESS_ERR_PARSE, 21},
      {"mon 09:00-10:00 extra", REDRESS_ERR_PARSE, 16},
      {"mon 9-10", REDRESS_ERR_PARSE, 4},
      {"mon 24:00-24:00", REDRESS_ERR_PARSE, 4},
      {"mon 09:00-24:01", REDRESS_ERR_PARSE, 10},
      {"mon 09:60-10:00", REDRESS_ERR_PARSE, 4},
      {"mon 09:00-10:00:", REDRESS_ERR_PARSE, 10},
      {"mon 09:00 10:00", REDRESS_ERR_PARSE, 9},
      {"mon 090:00-10:00", REDRESS_ERR_PARSE, 4},
      {"mon", REDRESS_ERR_PARSE, 3},
      {"mon-", REDRESS_ERR_PARSE, 4},
      {"mon,", REDRESS_ERR_PARSE, 4},
      {"holiday", REDRESS_ERR_PARSE, 7},
      {"holiday 2026-02-30", REDRESS_ERR_PARSE, 8},
      {"holiday 2025-02-29", REDRESS_ERR_PARSE, 8},
      {"holiday 2026-13-01", REDRESS_ERR_PARSE, 8},
      {"holiday 2026-04-31", REDRESS_ERR_PARSE, 8},
      {"holiday 2026-00-10", REDRESS_ERR_PARSE, 8},
      {"holiday 2026-01-00", REDRESS_ERR_PARSE, 8},
      {"holiday 1969-12-31", REDRESS_ERR_PARSE, 8},
      {"holiday 26-12-25", REDRESS_ERR_PARSE, 8},
      {"holiday 2026-12-250", REDRESS_ERR_PARSE, 8},
      {"holiday 2026-12-25 13:00-12:00", REDRESS_ERR_PARSE, 19},
      {"holiday 2026-12-25 09:00-12:00,11:00-13:00", REDRESS_ERR_PARSE, 31},
      {"# fine\nmon 09:00-10:00;;\n\ntue 09:00-17:00x", REDRESS_ERR_PARSE, 41},
      {"tz Europe/London", REDRESS_ERR_PARSE, 0},
      {"mon 09:00-10:00 # ok\n  sat 10:00-14:00 ; sunday 10:00-11:00", REDRESS_ERR_PARSE, 41},
  };
  th_desk t;
  th_desk_open(&t);
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) check_bad(t.desk, &bad[i]);
  /* A NUL byte, and text that is not UTF-8. */
  redress_calendar *cal = NULL;
  assert_int_equal(redress_calendar_parse(&cal, t.desk, "mon\0 09:00-10:00", 16), REDRESS_ERR_PARSE);
  assert_non_null(strstr(redress_desk_errmsg(t.desk), "at byte 3"));
  assert_int_equal(redress_calendar_parse(&cal, t.desk, "mon 09:00-10:00 # \xff", 19),
                   REDRESS_ERR_INVALID);
  const char *accents = "# \xc3\xa9t\xc3\xa9\nmon 09:00-10:00";
  assert_int_equal(redress_calendar_parse(&cal, t.desk, accents, strlen(accents)), REDRESS_OK);
  redress_calendar_free(cal);
  th_desk_close(&t);
}

/* The same week written in many ways. */
static void test_spec_forms(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  const char *forms[] = {
      "mon-fri 09:00-12:00,13:00-17:00",
      "MON-Fri 09:00-12:00, 13:00-17:00",
      "mon,tue,wed 09:00-12:00,13:00-17:00\nthu-fri 13:00-17:00;thu-fri 09:00-12:00",
      "# office\r\n\tmon-fri   09:00-12:00,13:00:00-17:00   # afternoons too\r\n\n;;",
      "mon-fri 09:00-12:00,13:00-17:00; tz=UTC0; sat-sun closed",
      "fri,mon 09:00-12:00,13:00-17:00; sat,sun closed; tue-thu 9:00-12:00,13:00-17:00",
  };
  redress_time monday = utc(2026, 3, 2, 0, 0, 0);
  for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
    redress_calendar *cal = cal_parse(t.desk, forms[i]);
    assert_string_equal(redress_calendar_spec(cal), forms[i]);
    assert_int_equal(elapsed(cal, monday, monday + 7 * DAY), 5 * 7 * HOUR);
    assert_int_equal(redress_calendar_is_open(cal, monday + 12 * HOUR), 0);
    assert_int_equal(redress_calendar_is_open(cal, monday + 13 * HOUR), 1);
    assert_int_equal(redress_calendar_is_open(cal, monday + 5 * DAY + 10 * HOUR), 0);
    redress_calendar_free(cal);
  }
  /* A range may wrap around the week. */
  redress_calendar *cal = cal_parse(t.desk, "fri-mon 10:00-11:00");
  assert_int_equal(elapsed(cal, monday, monday + 7 * DAY), 4 * HOUR);
  redress_calendar_free(cal);
  /* Seconds in times, 24:00 ending a day, intervals adjacent across midnight. */
  cal = cal_parse(t.desk, "mon 22:00:30-24:00; tue 00:00-01:00");
  assert_int_equal(elapsed(cal, monday, monday + 7 * DAY), 2 * HOUR + 59 * 60 + 30);
  assert_int_equal(add(cal, monday, 1, REDRESS_SPAN_BUSINESS_DAYS), utc(2026, 3, 3, 1, 0, 0));
  assert_int_equal(add(cal, monday + 23 * HOUR, 3600, REDRESS_SPAN_BUSINESS_SECONDS),
                   utc(2026, 3, 3, 0, 0, 0));
  assert_int_equal(add(cal, monday + 23 * HOUR, 3601, REDRESS_SPAN_BUSINESS_SECONDS),
                   utc(2026, 3, 3, 0, 0, 1));
  redress_calendar_free(cal);
  /* Holidays: whole days, several intervals, duplicates and overlaps merge. */
  cal = cal_parse(t.desk,
                  "mon-fri 09:00-17:00\nholiday 2026-03-03\nholiday 2026-03-03 10:00-11:00\n"
                  "holiday 2026-03-04 09:00-10:00,16:00-17:00\nholiday 2026-03-05 08:00-12:00\n"
                  "holiday 2026-03-05 11:00-13:00");
  assert_int_equal(elapsed(cal, monday, monday + 7 * DAY), (8 + 0 + 6 + 4 + 8) * HOUR);
  redress_calendar_free(cal);
  /* No hours clause at all: always open, holidays still closed. */
  cal = cal_parse(t.desk, "holiday 2026-03-03 # only a holiday");
  assert_int_equal(elapsed(cal, monday, monday + 7 * DAY), 6 * DAY);
  redress_calendar_free(cal);
  th_desk_close(&t);
}

/* ---- DST gaps and overlaps ------------------------------------------------------------ */

static void test_dst_gap_and_overlap(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  redress_calendar *always = cal_parse(t.desk, "tz=Europe/London");
  redress_calendar *night = cal_parse(t.desk, "tz=Europe/London; sun 01:00-02:00");
  /* 29 March 2026: 01:00-02:00 never happens; 25 October: it happens twice. */
  assert_int_equal(day_length(always, 2026, 3, 29, 0), 23 * HOUR);
  assert_int_equal(day_length(always, 2026, 10, 25, 0), 25 * HOUR);
  assert_int_equal(open_on_day(night, always, 2026, 3, 29, 0), 0);
  assert_int_equal(open_on_day(night, always, 2026, 10, 25, 0), 2 * HOUR);
  assert_int_equal(open_on_day(night, always, 2026, 4, 5, 0), HOUR);
  redress_time first = utc(2026, 10, 25, 0, 0, 0); /* 01:00 BST */
  redress_time second = utc(2026, 10, 25, 1, 0, 0); /* 01:00 GMT */
  assert_int_equal(redress_calendar_is_open(night, first - 1), 0);
  assert_int_equal(redress_calendar_is_open(night, first), 1);
  assert_int_equal(redress_calendar_is_open(night, second), 1);
  assert_int_equal(redress_calendar_is_open(night, second + HOUR - 1), 1);
  assert_int_equal(redress_calendar_is_open(night, second + HOUR), 0);
  for (redress_time at = utc(2026, 3, 28, 23, 0, 0); at < utc(2026, 3, 29, 3, 0, 0); at += 60)
    assert_int_equal(redress_calendar_is_open(night, at), 0);
  /* 90 minutes starting Saturday: the gap Sunday gives nothing, the next one 60. */
  assert_int_equal(add(night, utc(2026, 3, 28, 12, 0, 0), 5400, REDRESS_SPAN_BUSINESS_SECONDS),
                   utc(2026, 4, 12, 0, 30, 0));
  /* In the repeated hour the clock counts both passes. */
  assert_int_equal(add(night, utc(2026, 10, 24, 12, 0, 0), 5400, REDRESS_SPAN_BUSINESS_SECONDS),
                   second + 30 * 60);
  /* The gap Sunday is no business day; the close of the overlap Sunday is 02:00 GMT. */
  assert_int_equal(add(night, utc(2026, 3, 28, 12, 0, 0), 1, REDRESS_SPAN_BUSINESS_DAYS),
                   utc(2026, 4, 5, 1, 0, 0));
  assert_int_equal(add(night, utc(2026, 10, 24, 12, 0, 0), 1, REDRESS_SPAN_BUSINESS_DAYS),
                   second + HOUR);
  redress_calendar_free(night);
  redress_calendar_free(always);
  th_desk_close(&t);
}

/* ---- semantics of add ------------------------------------------------------------- */

static void test_add_semantics(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  redress_calendar *cal =
      cal_parse(t.desk, "mon-fri 09:00-17:00; holiday 2026-03-04 13:00-17:00; holiday 2026-03-06");
  redress_time mon9 = utc(2026, 3, 2, 9, 0, 0);
  /* Eight hours from 09:00 end at 17:00 the same day, not at the next opening. */
  assert_int_equal(add(cal, mon9, 8 * HOUR, REDRESS_SPAN_BUSINESS_SECONDS), utc(2026, 3, 2, 17, 0, 0));
  assert_int_equal(add(cal, mon9, 8 * HOUR + 1, REDRESS_SPAN_BUSINESS_SECONDS), utc(2026, 3, 3, 9, 0, 1));
  /* Starting outside hours starts at the next opening. */
  assert_int_equal(add(cal, utc(2026, 3, 2, 20, 0, 0), 60, REDRESS_SPAN_BUSINESS_SECONDS),
                   utc(2026, 3, 3, 9, 1, 0));
  assert_int_equal(add(cal, utc(2026, 3, 2, 20, 0, 0), 0, REDRESS_SPAN_BUSINESS_SECONDS),
                   utc(2026, 3, 2, 20, 0, 0));
  /* Business days: the close of the n-th day after start's day; a part-day holiday
   * moves the close earlier, a whole-day holiday is skipped. */
  assert_int_equal(add(cal, mon9, 1, REDRESS_SPAN_BUSINESS_DAYS), utc(2026, 3, 3, 17, 0, 0));
  assert_int_equal(add(cal, mon9, 2, REDRESS_SPAN_BUSINESS_DAYS), utc(2026, 3, 4, 13, 0, 0));
  assert_int_equal(add(cal, mon9, 4, REDRESS_SPAN_BUSINESS_DAYS), utc(2026, 3, 9, 17, 0, 0));
  assert_int_equal(add(cal, utc(2026, 3, 2, 23, 59, 59), 1, REDRESS_SPAN_BUSINESS_DAYS),
                   utc(2026, 3, 3, 17, 0, 0));
  assert_int_equal(add(cal, utc(2026, 3, 7, 12, 0, 0), 1, REDRESS_SPAN_BUSINESS_DAYS),
                   utc(2026, 3, 9, 17, 0, 0));
  /* 15 business days (the PSD2 target) and calendar seconds. */
  assert_int_equal(add(cal, mon9, 15, REDRESS_SPAN_BUSINESS_DAYS), utc(2026, 3, 24, 17, 0, 0));
  assert_int_equal(add(cal, mon9, 42, REDRESS_SPAN_CALENDAR_SECONDS), mon9 + 42);
  /* Elapsed is antisymmetric. */
  redress_time fri = utc(2026, 3, 13, 12, 0, 0);
  assert_int_equal(elapsed(cal, mon9, fri), 7 * 8 * HOUR + 4 * HOUR + 3 * HOUR);
  assert_int_equal(elapsed(cal, fri, mon9), -(7 * 8 * HOUR + 4 * HOUR + 3 * HOUR));
  assert_int_equal(elapsed(cal, fri, fri), 0);
  redress_calendar_free(cal);
  th_desk_close(&t);
}

/* ---- errors, limits and ranges --------------------------------------------------------- */

static void test_invalid_arguments(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  redress_calendar *cal = cal_parse(t.desk, "mon-fri 09:00-17:00");
  redress_time out = 7;
  int64_t span = 7;
  const redress_time now = utc(2026, 3, 2, 9, 0, 0);
  assert_int_equal(redress_calendar_parse(NULL, t.desk, "", 0), REDRESS_ERR_INVALID);
  redress_calendar *none = NULL;
  assert_int_equal(redress_calendar_parse(&none, NULL, "", 0), REDRESS_ERR_INVALID);
  assert_int_equal(redress_calendar_parse(&none, t.desk, NULL, 0), REDRESS_ERR_INVALID);
  assert_null(none);
  assert_int_equal(redress_calendar_add(NULL, cal, now, 1, REDRESS_SPAN_BUSINESS_SECONDS), REDRESS_ERR_INVALID);
  assert_int_equal(redress_calendar_add(&out, NULL, now, 1, REDRESS_SPAN_BUSINESS_SECONDS), REDRESS_ERR_INVALID);
  assert_int_equal(redress_calendar_add(&out, cal, now, -1, 3), REDRESS_ERR_INVALID);
  assert_int_equal(redress_calendar_add(&out, cal, 5, -6, REDRESS_SPAN_CALENDAR_SECONDS), REDRESS_ERR_RANGE);
  assert_int_equal(redress_calendar_add(&out, cal, now, 1, 3), REDRESS_ERR_INVALID);
  assert_int_equal(redress_calendar_add(&out, cal, now, 1, -1), REDRESS_ERR_INVALID);
  assert_int_equal(redress_calendar_add(&out, cal, now, 0, REDRESS_SPAN_BUSINESS_DAYS), REDRESS_ERR_INVALID);
  assert_int_equal(redress_calendar_add(&out, cal, -1, 1, REDRESS_SPAN_BUSINESS_SECONDS), REDRESS_ERR_INVALID);
  assert_int_equal(redress_calendar_add(&out, cal, REDRESS_TIME_MAX + 1, 0, REDRESS_SPAN_CALENDAR_SECONDS),
                   REDRESS_ERR_INVALID);
  assert_int_equal(out, 7);
  assert_int_equal(redress_calendar_elapsed(NULL, cal, now, now), REDRESS_ERR_INVALID);
  assert_int_equal(redress_calendar_elapsed(&span, NULL, now, now), REDRESS_ERR_INVALID);
  assert_int_equal(redress_calendar_elapsed(&span, cal, -1, now), REDRESS_ERR_INVALID);
  assert_int_equal(redress_calendar_elapsed(&span, cal, now, REDRESS_TIME_NEVER), REDRESS_ERR_INVALID);
  assert_int_equal(span, 7);
  assert_int_equal(redress_calendar_is_open(NULL, now), REDRESS_ERR_INVALID);
  assert_int_equal(redress_calendar_is_open(cal, -5), REDRESS_ERR_INVALID);
  assert_int_equal(redress_calendar_is_open(cal, REDRESS_TIME_MAX + 1), REDRESS_ERR_INVALID);
  assert_null(redress_calendar_spec(NULL));
  redress_calendar_free(NULL);
  redress_calendar_free(cal);
  th_desk_close(&t);
}

static void test_no_opening_time(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  const char *specs[] = {"mon-sun closed", "tz=AEST-10AEDT,M10.1.0,M4.1.0/3; sat-sun closed"};
  const redress_time now = utc(2026, 3, 2, 9, 0, 0);
  for (size_t i = 0; i < 2; i++) {
    redress_calendar *cal = cal_parse(t.desk, specs[i]);
    redress_time out = 0;
    assert_int_equal(redress_calendar_add(&out, cal, now, 1, REDRESS_SPAN_BUSINESS_SECONDS), REDRESS_ERR_RANGE);
    assert_int_equal(redress_calendar_add(&out, cal, now, 1, REDRESS_SPAN_BUSINESS_DAYS), REDRESS_ERR_RANGE);
    assert_int_equal(add(cal, now, 0, REDRESS_SPAN_BUSINESS_SECONDS), now);
    assert_int_equal(add(cal, now, 5, REDRESS_SPAN_CALENDAR_SECONDS), now + 5);
    assert_int_equal(elapsed(cal, 0, REDRESS_TIME_MAX), 0);
    assert_int_equal(redress_calendar_is_open(cal, now), 0);
    redress_calendar_free(cal);
  }
  th_desk_close(&t);
}

static void test_range_limits(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  redress_calendar *always = cal_parse(t.desk, "");
  redress_time out = 0;
  const redress_time max = REDRESS_TIME_MAX;
  assert_int_equal(add(always, max - 10, 10, REDRESS_SPAN_CALENDAR_SECONDS), max);
  assert_int_equal(redress_calendar_add(&out, always, max - 10, 11, REDRESS_SPAN_CALENDAR_SECONDS), REDRESS_ERR_RANGE);
  assert_int_equal(redress_calendar_add(&out, always, max, INT64_MAX, REDRESS_SPAN_CALENDAR_SECONDS), REDRESS_ERR_RANGE);
  assert_int_equal(add(always, max - 10, 10, REDRESS_SPAN_BUSINESS_SECONDS), max);
  assert_int_equal(redress_calendar_add(&out, always, max - 10, 11, REDRESS_SPAN_BUSINESS_SECONDS), REDRESS_ERR_RANGE);
  assert_int_equal(redress_calendar_add(&out, always, 0, INT64_MAX, REDRESS_SPAN_BUSINESS_SECONDS), REDRESS_ERR_RANGE);
  assert_int_equal(redress_calendar_add(&out, always, 0, INT64_MAX, REDRESS_SPAN_BUSINESS_DAYS), REDRESS_ERR_RANGE);
  /* The close of 9999-12-31 is 10000-01-01T00:00Z, one second too late. */
  assert_int_equal(add(always, utc(9999, 12, 29, 12, 0, 0), 1, REDRESS_SPAN_BUSINESS_DAYS), utc(9999, 12, 31, 0, 0, 0));
  assert_int_equal(redress_calendar_add(&out, always, utc(9999, 12, 30, 12, 0, 0), 1, REDRESS_SPAN_BUSINESS_DAYS),
                   REDRESS_ERR_RANGE);
  assert_int_equal(elapsed(always, 0, max), max);
  redress_calendar_free(always);
  /* A DST zone with one hour a week: huge amounts end in RANGE, not in a long loop. */
  redress_calendar *sparse = cal_parse(t.desk, "tz=CET-1CEST,M3.5.0,M10.5.0/3; mon 09:00-10:00");
  assert_int_equal(redress_calendar_add(&out, sparse, 0, 2000000000, REDRESS_SPAN_BUSINESS_SECONDS), REDRESS_ERR_RANGE);
  assert_int_equal(redress_calendar_add(&out, sparse, 0, 1000000, REDRESS_SPAN_BUSINESS_DAYS), REDRESS_ERR_RANGE);
  assert_int_equal(elapsed(sparse, utc(2026, 1, 1, 0, 0, 0), utc(2027, 1, 1, 0, 0, 0)), 52 * HOUR);
  redress_calendar_free(sparse);
  th_desk_close(&t);
}

/* Appends "holiday" clauses for `count` consecutive Mondays from 2026-01-05. */
static char *monday_holidays(const char *head, int count) {
  size_t cap = strlen(head) + (size_t)count * 24 + 1, len = strlen(head);
  char *spec = malloc(cap);
  assert_non_null(spec);
  memcpy(spec, head, len + 1);
  for (int i = 0; i < count; i++) {
    int64_t d = th_days_from_epoch(2026, 1, 5) + 7 * (int64_t)i;
    int y = 1970;
    while (d >= (th_leap_year(y) ? 366 : 365)) d -= th_leap_year(y++) ? 366 : 365;
    int m = 1;
    static const int len_m[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    for (int mlen = 31; d >= mlen; mlen = len_m[m - 1] + (m == 2 && th_leap_year(y))) {
      d -= mlen;
      m++;
    }
    len += (size_t)snprintf(spec + len, cap - len, "\nholiday %04d-%02d-%02d", y, m, (int)d + 1);
  }
  return spec;
}

static void test_holidays_far_ahead(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  /* Every Monday for 10000 weeks is a holiday: the first opening is in 2217. */
  char *spec = monday_holidays("tz=Europe/London\nmon 09:00-10:00", 10000);
  redress_calendar *cal = cal_parse(t.desk, spec);
  const redress_time start = utc(2026, 1, 1, 0, 0, 0);
  assert_int_equal(add(cal, start, 1, REDRESS_SPAN_BUSINESS_SECONDS), utc(2217, 9, 1, 8, 0, 1));
  assert_int_equal(add(cal, start, 1, REDRESS_SPAN_BUSINESS_DAYS), utc(2217, 9, 1, 9, 0, 0));
  assert_int_equal(elapsed(cal, start, utc(2217, 9, 1, 0, 0, 0)), 0);
  redress_calendar_free(cal);
  free(spec);
  /* One more is too many. */
  spec = monday_holidays("mon 09:00-10:00", 10001);
  redress_calendar *none = NULL;
  assert_int_equal(redress_calendar_parse(&none, t.desk, spec, strlen(spec)), REDRESS_ERR_RANGE);
  assert_null(none);
  free(spec);
  /* The only openings left lie beyond 9999: RANGE, quickly. */
  cal = cal_parse(t.desk, "mon 09:00-10:00; holiday 9999-12-27");
  redress_time out = 0;
  assert_int_equal(redress_calendar_add(&out, cal, utc(9999, 12, 21, 12, 0, 0), 1, REDRESS_SPAN_BUSINESS_SECONDS),
                   REDRESS_ERR_RANGE);
  assert_int_equal(redress_calendar_add(&out, cal, utc(9999, 12, 21, 12, 0, 0), 1, REDRESS_SPAN_BUSINESS_DAYS),
                   REDRESS_ERR_RANGE);
  redress_calendar_free(cal);
  th_desk_close(&t);
}

static void test_size_limits(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  /* 49 intervals on one weekday. */
  char spec[1024] = "mon ";
  for (int i = 0; i < 49; i++)
    snprintf(spec + strlen(spec), sizeof spec - strlen(spec), "%s%02d:%02d-%02d:%02d", i ? "," : "",
             i / 2, (i % 2) * 30, i / 2, (i % 2) * 30 + 10);
  redress_calendar *cal = NULL;
  assert_int_equal(redress_calendar_parse(&cal, t.desk, spec, strlen(spec)), REDRESS_ERR_RANGE);
  *strrchr(spec, ',') = '\0'; /* 48 are fine */
  cal = cal_parse(t.desk, spec);
  assert_int_equal(elapsed(cal, utc(2026, 3, 2, 0, 0, 0), utc(2026, 3, 3, 0, 0, 0)), 48 * 600);
  redress_calendar_free(cal);
  cal = NULL;
  /* A spec over 1 MiB. */
  size_t big = 1024 * 1024 + 1;
  char *text = malloc(big);
  assert_non_null(text);
  memset(text, '#', big);
  assert_int_equal(redress_calendar_parse(&cal, t.desk, text, big), REDRESS_ERR_RANGE);
  assert_int_equal(redress_calendar_parse(&cal, t.desk, text, big - 1), REDRESS_OK);
  redress_calendar_free(cal);
  free(text);
  th_desk_close(&t);
}

/* ---- memory ------------------------------------------------------------------- */

static const char *rich_spec(void) {
  return "tz=Europe/London\nmon-fri 09:00-12:30,13:30-17:30\nsat 10:00-14:00\n"
         "holiday 2026-12-25\nholiday 2026-12-26\nholiday 2026-12-28\nholiday 2026-12-24 13:00-17:30\n"
         "holiday 2027-01-01\nholiday 2027-04-02\nholiday 2027-04-05\nholiday 2027-05-03\n"
         "holiday 2027-05-31\nholiday 2027-08-30\nholiday 2027-12-27\nholiday 2027-12-28";
}

static void test_allocations_balance(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  size_t before = t.counter.allocs;
  redress_calendar *a = cal_parse(t.desk, rich_spec());
  redress_calendar *b = cal_parse(t.desk, "tz=EST5EDT,M3.2.0,M11.1.0; mon-fri 08:00-18:00");
  redress_calendar *c = cal_parse(t.desk, "");
  assert_true(t.counter.allocs > before);
  assert_string_equal(redress_calendar_spec(a), rich_spec());
  /* Arithmetic allocates nothing. */
  size_t calls = t.counter.calls;
  (void)add(a, utc(2026, 12, 20, 0, 0, 0), 400, REDRESS_SPAN_BUSINESS_DAYS);
  (void)elapsed(b, 0, REDRESS_TIME_MAX);
  (void)redress_calendar_is_open(c, 0);
  assert_int_equal(t.counter.calls, calls);
  redress_calendar_free(a);
  redress_calendar_free(b);
  redress_calendar_free(c);
  th_desk_close(&t); /* asserts allocs == frees */
}

static void test_allocation_failures(void **state) {
  (void)state;
  const char *spec = rich_spec();
  int succeeded = 0;
  for (size_t k = 1; k < 200 && !succeeded; k++) {
    th_desk t;
    th_desk_open(&t);
    t.counter.fail_at = t.counter.calls + k;
    redress_calendar *cal = NULL;
    int rc = redress_calendar_parse(&cal, t.desk, spec, strlen(spec));
    t.counter.fail_at = 0;
    if (rc == REDRESS_OK) {
      assert_true(k > 1);
      /* The afternoon is a holiday: the day closes for lunch at 12:30 for good. */
      assert_int_equal(add(cal, utc(2026, 12, 23, 10, 0, 0), 1, REDRESS_SPAN_BUSINESS_DAYS),
                       utc(2026, 12, 24, 12, 30, 0));
      redress_calendar_free(cal);
      succeeded = 1;
    } else {
      assert_int_equal(rc, REDRESS_ERR_NOMEM);
      assert_null(cal);
      assert_true(strlen(redress_desk_errmsg(t.desk)) > 0);
    }
    th_desk_close(&t);
  }
  assert_true(succeeded);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_generated_cases),
      cmocka_unit_test(test_posix_fixed_offsets),
      cmocka_unit_test(test_posix_offset_bounds),
      cmocka_unit_test(test_posix_us_rules),
      cmocka_unit_test(test_posix_negative_dst),
      cmocka_unit_test(test_posix_julian_days),
      cmocka_unit_test(test_posix_negative_times),
      cmocka_unit_test(test_posix_malformed),
      cmocka_unit_test(test_zone_files),
      cmocka_unit_test(test_missing_zone_default_dir),
      cmocka_unit_test(test_spec_malformed),
      cmocka_unit_test(test_spec_forms),
      cmocka_unit_test(test_dst_gap_and_overlap),
      cmocka_unit_test(test_add_semantics),
      cmocka_unit_test(test_invalid_arguments),
      cmocka_unit_test(test_no_opening_time),
      cmocka_unit_test(test_range_limits),
      cmocka_unit_test(test_holidays_far_ahead),
      cmocka_unit_test(test_size_limits),
      cmocka_unit_test(test_allocations_balance),
      cmocka_unit_test(test_allocation_failures),
  };
  return cmocka_run_group_tests_name("calendar", tests, NULL, NULL);
}

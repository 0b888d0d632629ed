/*
 * Times in a scenario: "2026-03-27 17:00" (wall time in the scenario's zone),
 * "2026-03-27 17:00 UTC" or "2026-03-27T17:00Z", and "+2 business-days" from the
 * clock. The public API has no conversion from wall time to an instant, so the runner
 * asks a calendar: a calendar open only during the written minute on its weekday, in
 * the scenario's zone, opens at exactly that instant (DST-exact, from the same zone
 * file the desk reads). A minute the clocks skip never opens: that is an error; a
 * repeated one is its first occurrence.
 */
#include <stdio.h>
#include <string.h>

#include "sc.h"

#define DAY 86400
#define SEARCH_BEFORE (26 * 3600) /* farther than any zone's offset from UTC */

static int fail(sc_error *err, const sc_token *t, const char *message) {
  err->line = t->line;
  err->col = t->col;
  snprintf(err->message, sizeof err->message, "%s", message);
  return -1;
}

static int64_t days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;
  int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

redress_time sc_civil(int year, int month, int day, int hour, int minute, int second) {
  return days_from_civil(year, month, day) * DAY + hour * 3600 + minute * 60 + second;
}

static void civil_from(redress_time t, int *y, int *m, int *d, int *hh, int *mm, int *ss) {
  int64_t days = t / DAY, secs = t % DAY;
  if (secs < 0) {
    secs += DAY;
    days--;
  }
  days += 719468;
  int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  int64_t doe = days - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  *d = (int)(doy - (153 * mp + 2) / 5 + 1);
  *m = (int)(mp < 10 ? mp + 3 : mp - 9);
  *y = (int)(yoe + era * 400 + (*m <= 2));
  *hh = (int)(secs / 3600);
  *mm = (int)(secs / 60 % 60);
  *ss = (int)(secs % 60);
}

static int days_in_month(int y, int m) {
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : days[m - 1];
}

/* "YYYY-MM-DD" at s; the number of bytes read, 0 if none. */
static size_t read_date(sc_time *t, const char *s) {
  int y, m, d, n = 0;
  if (sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || n != 10) return 0;
  if (y < 1971 || y > 9998 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m)) return 0;
  t->year = y, t->month = m, t->day = d;
  return 10;
}

/* "HH:MM[:SS][Z]" at s; bytes read, 0 if none. */
static size_t read_clock(sc_time *t, const char *s) {
  int h, mi, sec = 0, n = 0;
  if (sscanf(s, "%2d:%2d%n", &h, &mi, &n) != 2 || n != 5) return 0;
  size_t used = 5;
  if (s[used] == ':') {
    if (sscanf(s + used, ":%2d%n", &sec, &n) != 1 || n != 3) return 0;
    used += 3;
  }
  if (h > 23 || mi > 59 || sec > 59) return 0;
  t->hour = h, t->minute = mi, t->second = sec;
  if (s[used] == 'Z') {
    t->utc = 1;
    used++;
  }
  return used;
}

static const struct {
  const char *name;
  int64_t factor;
  int unit;
} units[] = {
    {"second", 1, REDRESS_SPAN_CALENDAR_SECONDS},
    {"minute", 60, REDRESS_SPAN_CALENDAR_SECONDS},
    {"hour", 3600, REDRESS_SPAN_CALENDAR_SECONDS},
    {"day", DAY, REDRESS_SPAN_CALENDAR_SECONDS},
    {"week", 7 * DAY, REDRESS_SPAN_CALENDAR_SECONDS},
    {"business-second", 1, REDRESS_SPAN_BUSINESS_SECONDS},
    {"business-minute", 60, REDRESS_SPAN_BUSINESS_SECONDS},
    {"business-hour", 3600, REDRESS_SPAN_BUSINESS_SECONDS},
    {"business-day", 1, REDRESS_SPAN_BUSINESS_DAYS},
};

static int read_unit(sc_time *t, const char *word, int64_t amount) {
  for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
    size_t n = strlen(units[i].name);
    if (strncmp(word, units[i].name, n) != 0) continue;
    if (word[n] != '\0' && strcmp(word + n, "s") != 0) continue;
    if (amount > INT64_MAX / units[i].factor) return -1;
    t->amount = amount * units[i].factor;
    t->unit = units[i].unit;
    return 0;
  }
  return -1;
}

static const char expected_time[] =
    "expected a time: 2026-03-27 17:00 (the scenario's zone), 2026-03-27 17:00 UTC, "
    "2026-03-27T17:00Z or +2 business-days";

static int parse_relative(sc_time *out, const sc_token *tok, size_t ntok, size_t *i,
                          sc_error *err) {
  int64_t amount = 0;
  if (sc_integer(&amount, tok[*i].text + 1, 0, INT64_MAX / DAY) != 0)
    return fail(err, &tok[*i], "expected a whole number after '+'");
  (*i)++;
  if (*i >= ntok || read_unit(out, tok[*i].text, amount) != 0)
    return fail(err, *i < ntok ? &tok[*i] : &tok[*i - 1],
                "expected a unit: minutes, hours, days, weeks, business-minutes, "
                "business-hours or business-days");
  if (out->unit == REDRESS_SPAN_BUSINESS_DAYS && amount == 0)
    return fail(err, &tok[*i - 1], "expected at least 1 business-day");
  out->relative = 1;
  (*i)++;
  return 0;
}

int sc_time_parse(sc_time *out, const sc_token *tok, size_t ntok, size_t *i, sc_error *err) {
  memset(out, 0, sizeof *out);
  if (*i >= ntok) return fail(err, &tok[ntok - 1], expected_time);
  const char *w = tok[*i].text;
  if (w[0] == '+' && tok[*i].key == NULL) return parse_relative(out, tok, ntok, i, err);
  size_t n = read_date(out, w);
  if (n == 0 || tok[*i].key != NULL) return fail(err, &tok[*i], expected_time);
  if (w[n] == 'T') {
    size_t c = read_clock(out, w + n + 1);
    if (c == 0 || w[n + 1 + c] != '\0') return fail(err, &tok[*i], expected_time);
  } else if (w[n] != '\0') {
    return fail(err, &tok[*i], expected_time);
  } else if (*i + 1 < ntok && tok[*i + 1].key == NULL && strchr(tok[*i + 1].text, ':')) {
    (*i)++;
    size_t c = read_clock(out, tok[*i].text);
    if (c == 0 || tok[*i].text[c] != '\0')
      return fail(err, &tok[*i], "expected a time of day: 17:00, 17:00:30 or 17:00Z");
  }
  (*i)++;
  if (*i < ntok && tok[*i].key == NULL && strcmp(tok[*i].text, "UTC") == 0) {
    out->utc = 1;
    (*i)++;
  }
  return 0;
}

/* ---- wall time in the zone ----------------------------------------------------------- */

/* The first instant whose wall time in the run's zone is the given minute. */
static int local_minute(redress_time *out, sc_run *run, int y, int mo, int d, int h, int mi) {
  static const char *const weekdays[] = {"thu", "fri", "sat", "sun", "mon", "tue", "wed"};
  redress_time naive = sc_civil(y, mo, d, h, mi, 0);
  int64_t day = days_from_civil(y, mo, d);
  int end = h * 60 + mi + 1;
  char spec[512];
  int n = snprintf(spec, sizeof spec, "tz=%s\n%s %02d:%02d-%02d:%02d\n", run->zone,
                   weekdays[((day % 7) + 7) % 7], h, mi, end / 60, end % 60);
  if (n < 0 || (size_t)n >= sizeof spec) return -1;
  redress_calendar *cal = NULL;
  if (redress_calendar_parse(&cal, run->desk, spec, (size_t)n) != REDRESS_OK) return -1;
  redress_time first = 0;
  int rc = redress_calendar_add(&first, cal, naive - SEARCH_BEFORE, 1,
                                REDRESS_SPAN_BUSINESS_SECONDS);
  redress_calendar_free(cal);
  if (rc != REDRESS_OK) return -1;
  first -= 1;
  if (first - naive > SEARCH_BEFORE || naive - first > SEARCH_BEFORE) return -2;
  *out = first;
  return 0;
}

int sc_time_resolve(redress_time *out, sc_run *run, const sc_time *t, char *msg, size_t size) {
  if (t->relative) {
    if (!run->clock_set) {
      snprintf(msg, size, "a relative time needs the clock set first (an 'at' with a date)");
      return -1;
    }
    if (t->unit != REDRESS_SPAN_CALENDAR_SECONDS && run->cal == NULL) {
      snprintf(msg, size, "business time needs a calendar in the setting");
      return -1;
    }
    if (t->unit == REDRESS_SPAN_CALENDAR_SECONDS) {
      if (t->amount > REDRESS_TIME_MAX - run->now) {
        snprintf(msg, size, "+%lld seconds from the clock is after 9999-12-31",
                 (long long)t->amount);
        return -1;
      }
      *out = run->now + t->amount;
      return 0;
    }
    int rc = redress_calendar_add(out, run->cal, run->now, t->amount, t->unit);
    if (rc != REDRESS_OK) snprintf(msg, size, "%s", redress_desk_errmsg(run->desk));
    return rc == REDRESS_OK ? 0 : -1;
  }
  if (t->utc || run->zone == NULL) {
    *out = sc_civil(t->year, t->month, t->day, t->hour, t->minute, t->second);
    return 0;
  }
  int rc = local_minute(out, run, t->year, t->month, t->day, t->hour, t->minute);
  if (rc == -2) {
    snprintf(msg, size, "%04d-%02d-%02d %02d:%02d does not exist in %s (the clocks skip it)",
             t->year, t->month, t->day, t->hour, t->minute, run->zone);
    return -1;
  }
  if (rc != 0) {
    snprintf(msg, size, "cannot read the zone %s: %s", run->zone,
             redress_desk_errmsg(run->desk));
    return -1;
  }
  *out += t->second;
  return 0;
}

static void format_civil(char *buf, size_t size, redress_time t, const char *suffix) {
  int y, m, d, hh, mm, ss;
  civil_from(t, &y, &m, &d, &hh, &mm, &ss);
  if (ss != 0)
    snprintf(buf, size, "%04d-%02d-%02d %02d:%02d:%02d%s", y, m, d, hh, mm, ss, suffix);
  else
    snprintf(buf, size, "%04d-%02d-%02d %02d:%02d%s", y, m, d, hh, mm, suffix);
}

/* The wall time of t: a local minute whose first instant is t's minute. */
static int wall_time(redress_time *wall, sc_run *run, redress_time t) {
  redress_time minute = t - ((t % 60) + 60) % 60, guess = minute;
  for (int attempt = 0; attempt < 3; attempt++) {
    int y, m, d, hh, mm, ss;
    civil_from(guess, &y, &m, &d, &hh, &mm, &ss);
    redress_time back = 0;
    if (local_minute(&back, run, y, m, d, hh, mm) != 0) return -1;
    if (back == minute) {
      *wall = guess + (t - minute);
      return 0;
    }
    guess += minute - back;
  }
  return -1;
}

void sc_time_format(char *buf, size_t size, sc_run *run, redress_time t) {
  if (t == REDRESS_TIME_NEVER) {
    snprintf(buf, size, "never");
    return;
  }
  redress_time wall = 0;
  if (run->zone != NULL && wall_time(&wall, run, t) == 0) format_civil(buf, size, wall, "");
  else format_civil(buf, size, t, " UTC");
}

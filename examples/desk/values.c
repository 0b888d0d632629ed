/* Times, durations, money and enum names: what people type and what they read. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "desk.h"

/* ---- civil time ---------------------------------------------------------------- */

static int is_leap(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

static int days_in_month(int year, int month) {
  static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap(year) ? 29 : days[month - 1];
}

/* Leap days in the years [1, year). */
static int64_t leap_days_before(int64_t year) {
  int64_t y = year - 1;
  return y / 4 - y / 100 + y / 400;
}

redress_time time_from_civil(int year, int month, int day, int hour, int minute, int second) {
  static const int before_month[12] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
  int64_t days = 365 * ((int64_t)year - 1970) + leap_days_before(year) - leap_days_before(1970);
  days += before_month[month - 1] + (month > 2 && is_leap(year)) + day - 1;
  return days * 86400 + hour * 3600 + minute * 60 + second;
}

/* ---- parsing -------------------------------------------------------------------- */

/* Exactly `width` digits at *p, advancing it; -1 if they are not there. */
static int digits(const char **p, int width) {
  int v = 0;
  for (int i = 0; i < width; i++) {
    if (!isdigit((unsigned char)(*p)[i])) return -1;
    v = v * 10 + ((*p)[i] - '0');
  }
  *p += width;
  return v;
}

/* "Z", "", or "+HH:MM" / "-HH:MM": the offset from UTC in seconds. */
static int parse_offset(int *out, const char *p) {
  if (*p == '\0' || strcmp(p, "Z") == 0 || strcmp(p, "z") == 0) {
    *out = 0;
    return 0;
  }
  if (*p != '+' && *p != '-') return -1;
  int sign = *p == '-' ? -1 : 1;
  p++;
  int h = digits(&p, 2);
  if (h < 0 || *p++ != ':') return -1;
  int m = digits(&p, 2);
  if (m < 0 || h > 23 || m > 59 || *p != '\0') return -1;
  *out = sign * (h * 3600 + m * 60);
  return 0;
}

/* HH:MM[:SS] after the date; the rest is left at *p. */
static int parse_clock(int *h, int *m, int *s, const char **p) {
  *h = digits(p, 2);
  if (*h < 0 || *(*p)++ != ':') return -1;
  *m = digits(p, 2);
  if (*m < 0) return -1;
  *s = 0;
  if (**p == ':') {
    (*p)++;
    *s = digits(p, 2);
    if (*s < 0) return -1;
  }
  return *h <= 23 && *m <= 59 && *s <= 59 ? 0 : -1;
}

static int parse_iso(redress_time *out, const char *text) {
  const char *p = text;
  int y = digits(&p, 4);
  if (y < 0 || *p++ != '-') return -1;
  int mo = digits(&p, 2);
  if (mo < 0 || *p++ != '-') return -1;
  int d = digits(&p, 2);
  if (d < 0 || y < 1970 || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo)) return -1;
  int h = 0, mi = 0, s = 0, offset = 0;
  if (*p == 'T' || *p == 't' || *p == ' ') {
    p++;
    if (parse_clock(&h, &mi, &s, &p) != 0) return -1;
  }
  if (parse_offset(&offset, p) != 0) return -1;
  redress_time t = time_from_civil(y, mo, d, h, mi, s) - offset;
  if (t < REDRESS_TIME_MIN || t > REDRESS_TIME_MAX) return -1;
  *out = t;
  return 0;
}

int parse_time(redress_time *out, const char *text, redress_time now, redress_time base) {
  if (text == NULL) return -1;
  if (strcmp(text, "now") == 0) {
    *out = now;
    return 0;
  }
  if (text[0] == '+') {
    int64_t span = 0;
    if (parse_duration(&span, text + 1) != 0 || base > REDRESS_TIME_MAX - span) return -1;
    *out = base + span;
    return 0;
  }
  return parse_iso(out, text);
}

static int64_t unit_seconds(char unit) {
  switch (unit) {
  case 's': return 1;
  case 'm': return 60;
  case 'h': return 3600;
  case 'd': return 86400;
  case 'w': return 7 * 86400;
  default: return 0;
  }
}

int parse_duration(int64_t *out, const char *text) {
  if (text == NULL || *text == '\0') return -1;
  int64_t total = 0;
  const char *p = text;
  while (*p != '\0') {
    if (!isdigit((unsigned char)*p)) return -1;
    int64_t n = 0;
    while (isdigit((unsigned char)*p)) {
      if (n > 1000000000) return -1; /* longer than anyone means */
      n = n * 10 + (*p++ - '0');
    }
    int64_t unit = *p == '\0' ? 1 : unit_seconds(*p++);
    if (unit == 0) return -1;
    total += n * unit;
    if (total > REDRESS_TIME_MAX) return -1;
  }
  *out = total;
  return 0;
}

int parse_amount(int64_t *out, const char *text) {
  if (text == NULL || !isdigit((unsigned char)*text)) return -1;
  const char *p = text;
  while (isdigit((unsigned char)*p)) p++;
  const char *whole_end = p;
  int64_t cents = 0;
  if (*p == '.') {
    p++;
    int places = 0;
    for (; isdigit((unsigned char)*p) && places < 2; places++) cents = cents * 10 + (*p++ - '0');
    if (places == 0) return -1;
    if (places == 1) cents *= 10;
  }
  if (*p != '\0') return -1;
  /* the syntax first, then the size: "1e999" is no amount, 99999999999999999999 is one
   * too large */
  int64_t units = 0;
  for (const char *d = text; d < whole_end; d++) {
    if (units > (INT64_MAX - (*d - '0')) / 10) return PARSE_TOO_LARGE;
    units = units * 10 + (*d - '0');
  }
  if (units > (INT64_MAX - cents) / 100) return PARSE_TOO_LARGE;
  *out = units * 100 + cents;
  return 0;
}

/* Digits with an optional '-': strtoll alone would take " 5" and "+5", and clamp what
 * overflows to a value that could fall inside [min, max]. */
int parse_int(long long *out, const char *text, long long min, long long max) {
  if (text == NULL || !(isdigit((unsigned char)*text) || *text == '-')) return -1;
  char *end = NULL;
  errno = 0;
  long long v = strtoll(text, &end, 10);
  if (end == text || *end != '\0' || errno == ERANGE || v < min || v > max) return -1;
  *out = v;
  return 0;
}

/* Compares a name with '-' and '_' taken as the same character. */
static int same_name(const char *a, const char *b) {
  for (; *a != '\0' && *b != '\0'; a++, b++) {
    char x = *a == '-' ? '_' : (char)tolower((unsigned char)*a);
    char y = *b == '-' ? '_' : *b;
    if (x != y) return 0;
  }
  return *a == *b;
}

int parse_enum(int *out, int enumeration, const char *text) {
  if (text == NULL) return -1;
  for (int v = 0;; v++) {
    const char *name = redress_enum_name(enumeration, v);
    if (name == NULL) return -1;
    if (same_name(text, name)) {
      *out = v;
      return 0;
    }
  }
}

/* ---- printing -------------------------------------------------------------------- */

/* In the display zone (TZ, set by main() and the config): 2026-03-04T10:15:30+01:00,
 * or with Z where the zone's offset is zero. */
void format_time(char *buf, size_t size, redress_time t) {
  if (t == REDRESS_TIME_NEVER) {
    snprintf(buf, size, "never");
    return;
  }
  time_t tt = (time_t)t;
  struct tm tm;
  if (localtime_r(&tt, &tm) == NULL) {
    snprintf(buf, size, "%lld", (long long)t);
    return;
  }
  /* the offset: local wall time read as if it were UTC, less the instant (tm_gmtoff
   * is not POSIX) */
  int64_t offset = (int64_t)(time_from_civil(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                                             tm.tm_hour, tm.tm_min, tm.tm_sec) - t);
  char clock[24];
  strftime(clock, sizeof clock, "%Y-%m-%dT%H:%M:%S", &tm);
  if (offset == 0) {
    snprintf(buf, size, "%sZ", clock);
    return;
  }
  int64_t minutes = offset < 0 ? -offset / 60 : offset / 60;
  snprintf(buf, size, "%s%c%02lld:%02lld", clock, offset < 0 ? '-' : '+',
           (long long)(minutes / 60), (long long)(minutes % 60));
}

/* The two largest units, rounded down: "3d 4h", "2h 05m", "45m 10s". */
void format_duration(char *buf, size_t size, double seconds) {
  if (isnan(seconds)) {
    snprintf(buf, size, "-");
    return;
  }
  long long s = (long long)llround(seconds);
  const char *sign = s < 0 ? "-" : "";
  if (s < 0) s = -s;
  if (s >= 86400) snprintf(buf, size, "%s%lldd %02lldh", sign, s / 86400, s % 86400 / 3600);
  else if (s >= 3600) snprintf(buf, size, "%s%lldh %02lldm", sign, s / 3600, s % 3600 / 60);
  else if (s >= 60) snprintf(buf, size, "%s%lldm %02llds", sign, s / 60, s % 60);
  else snprintf(buf, size, "%s%llds", sign, s);
}

void format_amount(char *buf, size_t size, int64_t minor) {
  if (minor == REDRESS_AMOUNT_UNKNOWN) snprintf(buf, size, "-");
  else snprintf(buf, size, "%lld.%02lld", (long long)(minor / 100), (long long)(minor % 100));
}

void format_enum(char *buf, size_t size, int enumeration, int value) {
  const char *name = redress_enum_name(enumeration, value);
  snprintf(buf, size, "%s", name != NULL ? name : "?");
  for (char *p = buf; *p != '\0'; p++)
    if (*p == '_') *p = '-';
}

/* Inserts a comma every three digits of the whole part: 206610.43 as 206,610.43. */
static void group_digits(char *buf, size_t size, const char *plain) {
  size_t sign = plain[0] == '-', digits = strcspn(plain, "."), used = 0;
  for (size_t i = 0; plain[i] != '\0' && used + 2 < size; i++) {
    if (i > sign && i < digits && (digits - i) % 3 == 0) buf[used++] = ',';
    buf[used++] = plain[i];
  }
  buf[used] = '\0';
}

void format_money_digits(char *buf, size_t size, const char *digits, int negative) {
  size_t n = strlen(digits);
  char plain[MONEY_TEXT_SIZE];
  if (n + 4 > sizeof plain) { /* no more digits than the library's 128-bit sums give */
    snprintf(buf, size, "(too large to show)");
    return;
  }
  /* at least three digits, so that 5 minor units read 0.05 */
  size_t pad = n < 3 ? 3 - n : 0, whole = n + pad - 2, used = 0;
  if (negative) plain[used++] = '-';
  for (size_t i = 0; i < n + pad; i++) {
    if (i == whole) plain[used++] = '.';
    plain[used++] = i < pad ? '0' : digits[i - pad];
  }
  plain[used] = '\0';
  group_digits(buf, size, plain);
}

/* An estimate in minor units (revenue at risk), rounded to the unit: printed from the
 * double's own digits, never through an integer type it could overflow. */
void format_money(char *buf, size_t size, double minor) {
  if (!isfinite(minor)) {
    snprintf(buf, size, "-");
    return;
  }
  char digits[512];
  snprintf(digits, sizeof digits, "%.0f", fabs(round(minor)));
  format_money_digits(buf, size, digits, minor <= -0.5);
}

void format_count(char *buf, size_t size, double count) {
  char plain[32];
  snprintf(plain, sizeof plain, "%.0f", isnan(count) ? 0 : count);
  group_digits(buf, size, plain);
}

/* The calendar spec parser (grammar in docs/deadlines.md):
 *
 *   spec    = clause { (";" | newline) clause }     "#" comments to end of line
 *   clause  = "tz=" (posix-rule | zone-name) | days (intervals | "closed")
 *           | "holiday" YYYY-MM-DD [intervals] | "open" YYYY-MM-DD intervals
 *           | "24x7" | empty
 *   days    = day ["-" day] {"," day ["-" day]}     day = mon..sun (any case)
 *   intervals = hh:mm[:ss]-hh:mm[:ss] {"," interval}   ("24:00" may end one)
 *
 * Every failure names the byte offset where the text went wrong. */
#include "time/calendar.h"

#include <stdlib.h>
#include <string.h>

typedef struct parser {
  const char *s;
  size_t len;
  size_t pos;
  redress_desk *desk;
  rd_cal_build *b;
  int have_tz;
  unsigned char closed[7]; /* weekdays declared "closed" */
  int weekly;              /* a weekday clause, 24x7 or an open clause was seen */
} parser;

/* An interval with where it was written, for messages. */
typedef struct spanned {
  rd_cal_span span;
  size_t at;
} spanned;

static int fail(parser *p, size_t at, const char *what) {
  return rd_fail(p->desk, REDRESS_ERR_PARSE, "calendar: %s at byte %zu", what, at);
}

static int peek(const parser *p) {
  return p->pos < p->len ? (unsigned char)p->s[p->pos] : -1;
}

static int is_blank(int c) {
  return c == ' ' || c == '\t' || c == '\r';
}

static int is_digit(int c) {
  return c >= '0' && c <= '9';
}

static int is_word(int c) {
  return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int lower(int c) {
  return (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c;
}

static int is_clause_end(int c) {
  return c == -1 || c == ';' || c == '\n' || c == '#';
}

static size_t skip_blanks(parser *p) {
  size_t start = p->pos;
  while (is_blank(peek(p))) p->pos++;
  return p->pos - start;
}

/* Length of the word (letters, digits) at the cursor. */
static size_t word_len(const parser *p) {
  size_t n = 0;
  while (p->pos + n < p->len && is_word((unsigned char)p->s[p->pos + n])) n++;
  return n;
}

/* Whether the word at the cursor is `kw` (case-insensitive, whole word). */
static int word_is(const parser *p, const char *kw) {
  size_t n = strlen(kw);
  if (word_len(p) != n) return 0;
  for (size_t i = 0; i < n; i++)
    if (lower((unsigned char)p->s[p->pos + i]) != kw[i]) return 0;
  return 1;
}

/* n digits exactly, as a number. */
static int digits(parser *p, int n, int *out) {
  int v = 0;
  for (int i = 0; i < n; i++) {
    if (!is_digit(peek(p))) return 0;
    v = v * 10 + (peek(p) - '0');
    p->pos++;
  }
  *out = v;
  return 1;
}

/* ---- times and intervals ------------------------------------------------ */

/* h[h]:mm[:ss] as seconds of the day; 24:00 (only) reaches 86400. */
static int time_of_day(parser *p, int32_t *out) {
  size_t at = p->pos;
  int h = 0, m = 0, s = 0;
  int ok = is_digit(peek(p)) && digits(p, 1, &h);
  if (ok && is_digit(peek(p))) {
    int low = 0;
    ok = digits(p, 1, &low);
    h = h * 10 + low;
  }
  ok = ok && peek(p) == ':' && (p->pos++, digits(p, 2, &m));
  if (ok && peek(p) == ':') {
    p->pos++;
    ok = digits(p, 2, &s);
  }
  if (ok && is_digit(peek(p))) ok = 0;
  if (!ok || m > 59 || s > 59 || h > 24 || (h == 24 && (m != 0 || s != 0)))
    return fail(p, at, "bad time (expected hh:mm from 00:00 to 24:00)");
  *out = h * 3600 + m * 60 + s;
  return REDRESS_OK;
}

static int interval(parser *p, spanned *out) {
  out->at = p->pos;
  int32_t a = 0, b = 0;
  int rc = time_of_day(p, &a);
  if (rc != REDRESS_OK) return rc;
  if (a == RD_CAL_DAY) return fail(p, out->at, "24:00 can only end an interval");
  if (peek(p) != '-') return fail(p, p->pos, "expected '-' between the times of an interval");
  p->pos++;
  rc = time_of_day(p, &b);
  if (rc != REDRESS_OK) return rc;
  if (b <= a) return fail(p, out->at, "interval ends before it starts");
  out->span.a = a;
  out->span.b = b;
  return REDRESS_OK;
}

static int overlaps(rd_cal_span x, rd_cal_span y) {
  return x.a < y.b && y.a < x.b;
}

/* A comma-separated list of intervals that do not overlap one another. */
static int interval_list(parser *p, spanned *out, size_t *n) {
  *n = 0;
  for (;;) {
    if (*n == RD_CAL_MAX_DAY_INTERVALS)
      return rd_fail(p->desk, REDRESS_ERR_RANGE,
                     "calendar: more than %d intervals in one clause at byte %zu",
                     RD_CAL_MAX_DAY_INTERVALS, p->pos);
    int rc = interval(p, &out[*n]);
    if (rc != REDRESS_OK) return rc;
    for (size_t i = 0; i < *n; i++)
      if (overlaps(out[i].span, out[*n].span))
        return fail(p, out[*n].at, "overlapping intervals");
    (*n)++;
    if (peek(p) != ',') return REDRESS_OK;
    p->pos++;
    (void)skip_blanks(p);
  }
}

/* ---- weekly clauses ------------------------------------------------------- */

static int weekday(parser *p, int *out) {
  static const char names[7][4] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
  for (int d = 0; d < 7; d++) {
    if (word_is(p, names[d])) {
      p->pos += 3;
      *out = d;
      return REDRESS_OK;
    }
  }
  return fail(p, p->pos, "unknown weekday (expected mon, tue, wed, thu, fri, sat or sun)");
}

/* mon-fri,sun: a set of weekdays; a range may wrap (fri-mon). */
static int day_set(parser *p, unsigned char set[7]) {
  memset(set, 0, 7);
  for (;;) {
    int from = 0, to = 0;
    int rc = weekday(p, &from);
    if (rc != REDRESS_OK) return rc;
    to = from;
    if (peek(p) == '-') {
      p->pos++;
      rc = weekday(p, &to);
      if (rc != REDRESS_OK) return rc;
    }
    for (int d = from;; d = (d + 1) % 7) {
      set[d] = 1;
      if (d == to) break;
    }
    if (peek(p) != ',') return REDRESS_OK;
    p->pos++;
  }
}

static int add_opening(parser *p, int d, const spanned *iv) {
  rd_cal_build *b = p->b;
  if (p->closed[d]) return fail(p, iv->at, "opening hours on a day declared closed");
  for (size_t i = 0; i < b->n_day[d]; i++)
    if (overlaps(b->day[d][i], iv->span)) return fail(p, iv->at, "overlapping intervals");
  if (b->n_day[d] == RD_CAL_MAX_DAY_INTERVALS)
    return rd_fail(p->desk, REDRESS_ERR_RANGE,
                   "calendar: more than %d intervals on one weekday at byte %zu",
                   RD_CAL_MAX_DAY_INTERVALS, iv->at);
  b->day[d][b->n_day[d]++] = iv->span;
  return REDRESS_OK;
}

static int weekly_clause(parser *p) {
  unsigned char set[7];
  int rc = day_set(p, set);
  if (rc != REDRESS_OK) return rc;
  p->weekly = 1;
  if (skip_blanks(p) == 0) return fail(p, p->pos, "expected opening hours or \"closed\" after the days");
  if (word_is(p, "closed")) {
    for (int d = 0; d < 7; d++) {
      if (set[d] && p->b->n_day[d] > 0) return fail(p, p->pos, "a day with opening hours declared closed");
      if (set[d]) p->closed[d] = 1;
    }
    p->pos += 6;
    return REDRESS_OK;
  }
  spanned ivs[RD_CAL_MAX_DAY_INTERVALS];
  size_t n = 0;
  rc = interval_list(p, ivs, &n);
  for (int d = 0; d < 7 && rc == REDRESS_OK; d++)
    for (size_t i = 0; i < n && set[d] && rc == REDRESS_OK; i++) rc = add_opening(p, d, &ivs[i]);
  return rc;
}

static int always_clause(parser *p) {
  spanned all = {{0, RD_CAL_DAY}, p->pos};
  p->pos += 4;
  p->weekly = 1;
  int rc = REDRESS_OK;
  for (int d = 0; d < 7 && rc == REDRESS_OK; d++) rc = add_opening(p, d, &all);
  return rc;
}

/* ---- holidays ------------------------------------------------------------- */

/* YYYY-MM-DD between 1970-01-01 and 9999-12-31, as a local day number. */
static int date(parser *p, int64_t *day) {
  size_t at = p->pos;
  int y = 0, m = 0, d = 0;
  int ok = digits(p, 4, &y) && peek(p) == '-' && (p->pos++, digits(p, 2, &m)) &&
           peek(p) == '-' && (p->pos++, digits(p, 2, &d)) && !is_word(peek(p));
  if (!ok) return fail(p, at, "bad date (expected YYYY-MM-DD)");
  if (m < 1 || m > 12 || d < 1 || d > rd_month_days(y, m)) return fail(p, at, "impossible date");
  if (y < 1970) return fail(p, at, "date before 1970-01-01");
  *day = rd_days_from_civil(y, m, d);
  return REDRESS_OK;
}

static int add_holiday(parser *p, int64_t a, int64_t b) {
  rd_cal_build *bd = p->b;
  int rc = rd_reserve(rd_desk_alloc(p->desk), (void **)&bd->holidays, &bd->cap_holidays,
                      bd->n_holidays + 1, sizeof *bd->holidays);
  if (rc != REDRESS_OK) return rd_fail(p->desk, rc, "calendar: out of memory");
  bd->holidays[bd->n_holidays].a = a;
  bd->holidays[bd->n_holidays].b = b;
  bd->n_holidays++;
  return REDRESS_OK;
}

static int holiday_clause(parser *p) {
  size_t at = p->pos;
  p->pos += 7;
  if (++p->b->holiday_clauses > RD_CAL_MAX_HOLIDAYS)
    return rd_fail(p->desk, REDRESS_ERR_RANGE, "calendar: more than %d holidays at byte %zu",
                   RD_CAL_MAX_HOLIDAYS, at);
  if (skip_blanks(p) == 0) return fail(p, p->pos, "expected a date after \"holiday\"");
  int64_t day = 0;
  int rc = date(p, &day);
  if (rc != REDRESS_OK) return rc;
  int64_t base = day * RD_CAL_DAY;
  (void)skip_blanks(p);
  if (is_clause_end(peek(p))) return add_holiday(p, base, base + RD_CAL_DAY);
  spanned ivs[RD_CAL_MAX_DAY_INTERVALS];
  size_t n = 0;
  rc = interval_list(p, ivs, &n);
  for (size_t i = 0; i < n && rc == REDRESS_OK; i++)
    rc = add_holiday(p, base + ivs[i].span.a, base + ivs[i].span.b);
  return rc;
}

/* ---- dated openings ----------------------------------------------------- */

static int add_open(parser *p, int64_t a, int64_t b, size_t at) {
  rd_cal_build *bd = p->b;
  int rc = rd_reserve(rd_desk_alloc(p->desk), (void **)&bd->opens, &bd->cap_opens,
                      bd->n_opens + 1, sizeof *bd->opens);
  if (rc != REDRESS_OK) return rd_fail(p->desk, rc, "calendar: out of memory");
  bd->opens[bd->n_opens].a = a;
  bd->opens[bd->n_opens].b = b;
  bd->opens[bd->n_opens].at = at;
  bd->n_opens++;
  return REDRESS_OK;
}

/* open YYYY-MM-DD intervals: hours open on that local date besides the weekly ones. */
static int open_clause(parser *p) {
  size_t at = p->pos;
  p->pos += 4;
  if (++p->b->open_clauses > RD_CAL_MAX_OPENS)
    return rd_fail(p->desk, REDRESS_ERR_RANGE, "calendar: more than %d open clauses at byte %zu",
                   RD_CAL_MAX_OPENS, at);
  p->weekly = 1;
  if (skip_blanks(p) == 0) return fail(p, p->pos, "expected a date after \"open\"");
  int64_t day = 0;
  int rc = date(p, &day);
  if (rc != REDRESS_OK) return rc;
  if (skip_blanks(p) == 0 || is_clause_end(peek(p)))
    return fail(p, p->pos, "expected opening hours after the date of \"open\"");
  spanned ivs[RD_CAL_MAX_DAY_INTERVALS];
  size_t n = 0;
  rc = interval_list(p, ivs, &n);
  int64_t base = day * RD_CAL_DAY;
  for (size_t i = 0; i < n && rc == REDRESS_OK; i++)
    rc = add_open(p, base + ivs[i].span.a, base + ivs[i].span.b, ivs[i].at);
  return rc;
}

static int dated_by_start(const void *x, const void *y) {
  const rd_cal_dated *a = x, *b = y;
  return (a->a > b->a) - (a->a < b->a);
}

/* Open intervals of one date written in different clauses must not overlap either:
 * sorted by start, an overlap shows between neighbours. Names the later one. */
static int check_open_overlaps(parser *p) {
  rd_cal_build *b = p->b;
  if (b->n_opens < 2) return REDRESS_OK;
  qsort(b->opens, b->n_opens, sizeof *b->opens, dated_by_start);
  for (size_t i = 1; i < b->n_opens; i++) {
    const rd_cal_dated *x = &b->opens[i - 1], *y = &b->opens[i];
    if (y->a < x->b) return fail(p, x->at > y->at ? x->at : y->at, "overlapping open intervals");
  }
  return REDRESS_OK;
}

/* ---- time zone ------------------------------------------------------------ */

/* POSIX rules always carry a digit (the offset) and never a '/' outside a rule;
 * IANA names ("Europe/London", "UTC") have a '/' or no digit. */
static int looks_posix(const char *v, size_t n) {
  int digit = 0, slash = 0;
  for (size_t i = 0; i < n; i++) {
    if (v[i] == ',' || v[i] == '<') return 1;
    digit |= is_digit((unsigned char)v[i]);
    slash |= v[i] == '/';
  }
  return digit && !slash;
}

static int tz_value(parser *p, size_t at, size_t n) {
  const char *v = p->s + at;
  if (n > 0 && v[0] == ':') return rd_tz_load(&p->b->tz, &p->b->hist, p->desk, v + 1, n - 1, at + 1);
  if (n == 3 && memcmp(v, "UTC", 3) == 0) {
    p->b->tz = rd_tz_utc();
    return REDRESS_OK;
  }
  if (!looks_posix(v, n)) return rd_tz_load(&p->b->tz, &p->b->hist, p->desk, v, n, at);
  size_t err_at = 0;
  if (rd_tz_parse_posix(&p->b->tz, v, n, &err_at) != REDRESS_OK)
    return fail(p, at + err_at, "malformed TZ rule");
  return REDRESS_OK;
}

static int tz_clause(parser *p) {
  size_t at = p->pos;
  p->pos += 2;
  (void)skip_blanks(p);
  if (peek(p) != '=') return fail(p, p->pos, "expected '=' after tz");
  p->pos++;
  (void)skip_blanks(p);
  if (p->have_tz) return fail(p, at, "a second tz clause");
  p->have_tz = 1;
  size_t start = p->pos;
  while (!is_clause_end(peek(p))) p->pos++;
  size_t end = p->pos;
  while (end > start && is_blank((unsigned char)p->s[end - 1])) end--;
  if (end == start) return fail(p, start, "empty tz value");
  return tz_value(p, start, end - start);
}

/* ---- clauses ------------------------------------------------------------- */

static int clause(parser *p) {
  if (word_is(p, "tz")) {
    size_t save = p->pos + 2;
    while (save < p->len && is_blank((unsigned char)p->s[save])) save++;
    if (save < p->len && p->s[save] == '=') return tz_clause(p);
  }
  if (word_is(p, "holiday")) return holiday_clause(p);
  if (word_is(p, "open")) return open_clause(p);
  if (word_is(p, "24x7")) return always_clause(p);
  return weekly_clause(p);
}

static void skip_comment(parser *p) {
  while (p->pos < p->len && p->s[p->pos] != '\n') p->pos++;
}

int rd_cal_parse_spec(rd_cal_build *b, redress_desk *desk, const char *spec, size_t len) {
  parser p;
  memset(&p, 0, sizeof p);
  p.s = spec;
  p.len = len;
  p.desk = desk;
  p.b = b;
  memset(b, 0, sizeof *b);
  b->tz = rd_tz_utc();
  while (p.pos < p.len) {
    (void)skip_blanks(&p);
    int c = peek(&p);
    if (c == '#') skip_comment(&p);
    if (c == '#' || c == -1) continue;
    if (c == ';' || c == '\n') {
      p.pos++;
      continue;
    }
    int rc = clause(&p);
    if (rc != REDRESS_OK) return rc;
    (void)skip_blanks(&p);
    if (!is_clause_end(peek(&p))) return fail(&p, p.pos, "unexpected text at the end of a clause");
  }
  int rc = check_open_overlaps(&p);
  if (rc != REDRESS_OK) return rc;
  if (!p.weekly) {
    /* No hours at all: the default calendar, always open (holidays still apply). */
    for (int d = 0; d < 7; d++) {
      b->day[d][0].a = 0;
      b->day[d][0].b = RD_CAL_DAY;
      b->n_day[d] = 1;
    }
  }
  return REDRESS_OK;
}

void rd_cal_build_free(rd_cal_build *b, const redress_allocator *a) {
  rd_free(a, b->holidays);
  b->holidays = NULL;
  rd_free(a, b->opens);
  b->opens = NULL;
  b->n_opens = b->cap_opens = 0;
  rd_free(a, b->hist.sw);
  b->hist.sw = NULL;
  b->hist.n = 0;
  b->n_holidays = b->cap_holidays = 0;
}

/* The POSIX TZ string parser:
 *
 *   std offset [dst [offset] [,start[/time],end[/time]]]
 *
 * Names are three or more letters, or <...> quoting letters, digits, '+' and '-'
 * (e.g. <+0930>). Offsets are [+-]hh[:mm[:ss]] from -24:00:00 to 24:00:00, positive
 * west of Greenwich. The DST offset defaults to one hour ahead of standard time. A rule
 * date is Jn (1..365, February 29 never counted), n (0..365, counted) or Mm.w.d;
 * its time defaults to 02:00 and may be negative or beyond 24h (-167:00:00 ..
 * 167:00:00, the RFC 8536 extension). A DST name without rules gets the US rules M3.2.0,M11.1.0,
 * the default of the reference implementation. */
#include "time/tz.h"

typedef struct scan {
  const char *s;
  size_t len;
  size_t pos;
} scan;

static int peek(const scan *sc) {
  return sc->pos < sc->len ? (unsigned char)sc->s[sc->pos] : -1;
}

static int is_digit(int c) {
  return c >= '0' && c <= '9';
}

static int is_alpha(int c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int accept(scan *sc, int c) {
  if (peek(sc) != c) return 0;
  sc->pos++;
  return 1;
}

/* An unsigned decimal of 1..max_digits digits (so it cannot overflow). */
static int scan_uint(scan *sc, int max_digits, int *out) {
  int v = 0, n = 0;
  while (is_digit(peek(sc)) && n < max_digits) {
    v = v * 10 + (peek(sc) - '0');
    sc->pos++;
    n++;
  }
  *out = v;
  return n > 0 && !is_digit(peek(sc));
}

/* A zone abbreviation, plain or <quoted>; only checked, never kept. On failure the
 * cursor is left at the name's start, where messages point. */
static int scan_name(scan *sc) {
  size_t start = sc->pos, n = 0;
  int ok;
  if (accept(sc, '<')) {
    while (is_alpha(peek(sc)) || is_digit(peek(sc)) || peek(sc) == '+' || peek(sc) == '-') {
      sc->pos++;
      n++;
    }
    ok = n >= 3 && accept(sc, '>');
  } else {
    while (is_alpha(peek(sc))) {
      sc->pos++;
      n++;
    }
    ok = n >= 3;
  }
  if (!ok) sc->pos = start;
  return ok;
}

/* [+-]h[h..][:mm[:ss]] of at most max_hours:00:00 either way, as signed seconds: the
 * bound is on the whole value, so 24:59:59 is not "24 hours". On failure the cursor
 * is left at the start. */
static int scan_hms(scan *sc, int max_hours, int32_t *out) {
  size_t start = sc->pos;
  int sign = 1, h = 0, m = 0, s = 0;
  if (accept(sc, '-')) sign = -1;
  else (void)accept(sc, '+');
  int ok = scan_uint(sc, 3, &h) && h <= max_hours;
  if (ok && accept(sc, ':')) {
    ok = scan_uint(sc, 2, &m) && m <= 59;
    if (ok && accept(sc, ':')) ok = scan_uint(sc, 2, &s) && s <= 59;
  }
  if (ok && h == max_hours) ok = m == 0 && s == 0;
  if (!ok) {
    sc->pos = start;
    return 0;
  }
  *out = (int32_t)(sign * (h * 3600 + m * 60 + s));
  return 1;
}

/* A UTC offset in POSIX sign (west positive), returned east positive. */
static int scan_offset(scan *sc, int32_t *east) {
  int32_t west = 0;
  int c = peek(sc);
  if (!is_digit(c) && c != '+' && c != '-') return 0;
  if (!scan_hms(sc, 24, &west)) return 0;
  *east = -west;
  return 1;
}

static int scan_mwd(scan *sc, rd_tz_rule *r) {
  r->kind = RD_TZ_MWD;
  if (!scan_uint(sc, 2, &r->month) || r->month < 1 || r->month > 12) return 0;
  if (!accept(sc, '.')) return 0;
  if (!scan_uint(sc, 1, &r->week) || r->week < 1 || r->week > 5) return 0;
  if (!accept(sc, '.')) return 0;
  return scan_uint(sc, 1, &r->wday) && r->wday <= 6;
}

static int scan_date(scan *sc, rd_tz_rule *r) {
  if (accept(sc, 'M')) return scan_mwd(sc, r);
  if (accept(sc, 'J')) {
    r->kind = RD_TZ_JULIAN1;
    return scan_uint(sc, 3, &r->day) && r->day >= 1 && r->day <= 365;
  }
  r->kind = RD_TZ_JULIAN0;
  return scan_uint(sc, 3, &r->day) && r->day <= 365;
}

/* date[/time]. On failure the cursor is left at the start of the bad part. */
static int scan_rule(scan *sc, rd_tz_rule *r) {
  size_t start = sc->pos;
  r->day = 0;
  r->month = r->week = 1;
  r->wday = 0;
  r->time = 2 * 3600;
  if (!scan_date(sc, r)) {
    sc->pos = start;
    return 0;
  }
  if (accept(sc, '/')) return scan_hms(sc, 167, &r->time);
  return 1;
}

/* The rules the reference implementation assumes when a DST name has none. */
static void default_rules(rd_tz *tz) {
  static const char us[] = "M3.2.0,M11.1.0";
  scan sc = {us, sizeof us - 1, 0};
  (void)scan_rule(&sc, &tz->start);
  (void)accept(&sc, ',');
  (void)scan_rule(&sc, &tz->end);
}

/* Everything after the standard time: dst [offset] [,rule,rule]. */
static int scan_dst(scan *sc, rd_tz *tz) {
  if (!scan_name(sc)) return 0;
  tz->has_dst = 1;
  tz->dst_off = tz->std_off + 3600;
  int c = peek(sc);
  if ((is_digit(c) || c == '+' || c == '-') && !scan_offset(sc, &tz->dst_off)) return 0;
  if (sc->pos == sc->len) {
    default_rules(tz);
    return 1;
  }
  if (!accept(sc, ',') || !scan_rule(sc, &tz->start)) return 0;
  return accept(sc, ',') && scan_rule(sc, &tz->end);
}

int rd_tz_parse_posix(rd_tz *out, const char *s, size_t len, size_t *err_at) {
  scan sc = {s, len, 0};
  rd_tz tz = rd_tz_utc();
  int ok = scan_name(&sc) && scan_offset(&sc, &tz.std_off);
  if (ok) {
    tz.dst_off = tz.std_off;
    if (sc.pos < sc.len) ok = scan_dst(&sc, &tz);
  }
  if (ok && sc.pos == sc.len) {
    *out = tz;
    return REDRESS_OK;
  }
  *err_at = sc.pos;
  return REDRESS_ERR_PARSE;
}

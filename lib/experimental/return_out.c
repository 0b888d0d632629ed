/* The text of a return: buffered writes through the host's callback, and the exact
 * forms of its values (JSON strings, RFC 4180 fields, money, dates, percentages), all
 * from integers: no value of a return passes through a float. */
#include "experimental/returns.h"

#include <stdio.h>
#include <string.h>

int rd_out_flush(rd_out *o) {
  if (o->rc == REDRESS_OK && o->len > 0 && o->write(o->buf, o->len, o->payload) != 0)
    o->rc = REDRESS_ERR_USER;
  o->len = 0;
  return o->rc;
}

void rd_out_bytes(rd_out *o, const char *s, size_t n) {
  while (n > 0 && o->rc == REDRESS_OK) {
    if (o->len == sizeof o->buf) (void)rd_out_flush(o);
    size_t room = sizeof o->buf - o->len, take = n < room ? n : room;
    memcpy(o->buf + o->len, s, take);
    o->len += take;
    s += take;
    n -= take;
  }
}

void rd_out_str(rd_out *o, const char *s) { rd_out_bytes(o, s, strlen(s)); }

void rd_out_uint(rd_out *o, uint64_t v) {
  char tmp[24];
  int n = snprintf(tmp, sizeof tmp, "%llu", (unsigned long long)v);
  rd_out_bytes(o, tmp, (size_t)n);
}

/* Control characters as \uXXXX (the short forms for the common ones); everything
 * else, UTF-8 included, as it is: the complaint's texts were checked to be UTF-8. */
void rd_out_json_string(rd_out *o, const char *s) {
  if (s == NULL) {
    rd_out_str(o, "null");
    return;
  }
  rd_out_bytes(o, "\"", 1);
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    char esc[8];
    if (*p == '"' || *p == '\\') {
      esc[0] = '\\';
      esc[1] = (char)*p;
      rd_out_bytes(o, esc, 2);
    } else if (*p == '\n') rd_out_str(o, "\\n");
    else if (*p == '\r') rd_out_str(o, "\\r");
    else if (*p == '\t') rd_out_str(o, "\\t");
    else if (*p < 0x20 || *p == 0x7F) {
      (void)snprintf(esc, sizeof esc, "\\u%04x", *p);
      rd_out_str(o, esc);
    } else rd_out_bytes(o, (const char *)p, 1);
  }
  rd_out_bytes(o, "\"", 1);
}

void rd_out_csv_field(rd_out *o, const char *s) {
  if (s == NULL) return;
  if (strpbrk(s, ",\"\r\n") == NULL) {
    rd_out_str(o, s);
    return;
  }
  rd_out_bytes(o, "\"", 1);
  for (const char *p = s; *p; p++) {
    if (*p == '"') rd_out_bytes(o, "\"\"", 2);
    else rd_out_bytes(o, p, 1);
  }
  rd_out_bytes(o, "\"", 1);
}

void rd_out_money(rd_out *o, int64_t minor) {
  /* the magnitude as unsigned, so that INT64_MIN has one too */
  uint64_t m = minor < 0 ? 0 - (uint64_t)minor : (uint64_t)minor;
  char tmp[32];
  int n = snprintf(tmp, sizeof tmp, "%s%llu.%02u", minor < 0 ? "-" : "",
                   (unsigned long long)(m / 100), (unsigned)(m % 100));
  rd_out_bytes(o, tmp, (size_t)n);
}

static void civil(redress_time t, int64_t *y, int *mo, int *d, int64_t *secs) {
  int64_t days = rd_floor_div(t, RD_SECS_PER_DAY);
  *secs = t - days * RD_SECS_PER_DAY;
  rd_civil_from_days(days, y, mo, d);
}

void rd_out_date(rd_out *o, redress_time t) {
  int64_t y = 0, secs = 0;
  int mo = 0, d = 0;
  civil(t, &y, &mo, &d, &secs);
  char tmp[24];
  int n = snprintf(tmp, sizeof tmp, "%04lld-%02d-%02d", (long long)y, mo, d);
  rd_out_bytes(o, tmp, (size_t)n);
}

void rd_out_instant(rd_out *o, redress_time t) {
  int64_t y = 0, secs = 0;
  int mo = 0, d = 0;
  civil(t, &y, &mo, &d, &secs);
  char tmp[32];
  int n = snprintf(tmp, sizeof tmp, "%04lld-%02d-%02dT%02d:%02d:%02dZ", (long long)y, mo, d,
                   (int)(secs / 3600), (int)(secs / 60 % 60), (int)(secs % 60));
  rd_out_bytes(o, tmp, (size_t)n);
}

void rd_out_percent(rd_out *o, uint64_t part, uint64_t whole) {
  /* tenths of a percent, rounded half up: (2000 * part + whole) / (2 * whole) */
  uint64_t tenths = (2000 * part + whole) / (2 * whole);
  char tmp[32];
  int n = snprintf(tmp, sizeof tmp, "%llu.%u", (unsigned long long)(tenths / 10),
                   (unsigned)(tenths % 10));
  rd_out_bytes(o, tmp, (size_t)n);
}

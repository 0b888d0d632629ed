/* libFuzzer target: the calendar spec parser (with POSIX TZ rules and TZif files
 * from tests/data/zoneinfo, which tests/meson.build passes as FUZZ_ZONEINFO_DIR)
 * and business-time arithmetic.
 *
 * Input: the spec, then optionally a NUL byte and a stream of parameter bytes that
 * choose instants and amounts (read 8 bytes at a time, little-endian; missing bytes
 * read as 0). For every calendar the parser accepts, the arithmetic must keep its
 * promises (redress.h, Calendars):
 *   - is_open is 0 or 1 for every instant in range, INVALID outside;
 *   - elapsed(a, b) lies in [0, b - a], is antisymmetric and additive;
 *   - CALENDAR_SECONDS adds plainly;
 *   - BUSINESS_SECONDS: due = add(start, n) has elapsed(start, due) == n and is the
 *     earliest such instant (the second before it is open when n > 0);
 *   - BUSINESS_DAYS: the due time lies after start and the second before it is open;
 *   - negative amounts count back: BUSINESS_SECONDS gives the latest instant with
 *     elapsed(due, start) == -n (its second open when n < 0), BUSINESS_DAYS an
 *     opening (an open second) before start;
 *   - a refusal is RANGE (outside 1970..9999, or a calendar never open);
 *   - an open period (redress_calendar_period) is open throughout, holds or follows
 *     (NEXT) / holds or precedes (PREV) its instant, and lies in one piece of open
 *     time; NOTFOUND is its only refusal. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "redress.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#ifndef FUZZ_ZONEINFO_DIR
#  define FUZZ_ZONEINFO_DIR "/usr/share/zoneinfo"
#endif

static redress_desk *desk_once(void) {
  static redress_desk *desk;
  if (desk == NULL) {
    redress_desk_options o = REDRESS_DESK_OPTIONS_INIT;
    o.zoneinfo_dir = FUZZ_ZONEINFO_DIR;
    if (redress_desk_open(&desk, &o) != REDRESS_OK) abort();
  }
  return desk;
}

typedef struct params {
  const uint8_t *p;
  size_t n;
} params;

static uint64_t next_u64(params *ps) {
  uint64_t v = 0;
  for (int i = 0; i < 8; i++) {
    uint8_t b = 0;
    if (ps->n > 0) {
      b = *ps->p++;
      ps->n--;
    }
    v |= (uint64_t)b << (8 * i);
  }
  return v;
}

/* An instant in range, mostly in the decades calendars talk about: spans across
 * millennia are valid but cost one step per DST change, which slows the search. */
static redress_time next_time(params *ps) {
  uint64_t v = next_u64(ps);
  if ((v & 15) == 0) return (redress_time)((v >> 4) % (uint64_t)(REDRESS_TIME_MAX + 1));
  return 1700000000 + (redress_time)((v >> 4) % (40ULL * 86400 * 366)); /* 2023..2063 */
}

/* An amount that is usually small, sometimes anything. */
static int64_t next_amount(params *ps) {
  uint64_t v = next_u64(ps);
  switch (v & 7) {
  case 0: case 1: case 2: return (int64_t)((v >> 3) % 100);
  case 3: case 4: return (int64_t)((v >> 3) % (86400 * 60));
  case 5: case 6: return (int64_t)((v >> 3) % (86400LL * 366 * 30));
  default: return (int64_t)(v >> 3);
  }
}

static int64_t elapsed(const redress_calendar *cal, redress_time a, redress_time b) {
  int64_t e = 0;
  if (redress_calendar_elapsed(&e, cal, a, b) != REDRESS_OK) abort();
  return e;
}

static void check_is_open(const redress_calendar *cal, redress_time t) {
  int open = redress_calendar_is_open(cal, t);
  if (open != 0 && open != 1) abort();
  if (redress_calendar_is_open(cal, -1) != REDRESS_ERR_INVALID) abort();
  if (redress_calendar_is_open(cal, REDRESS_TIME_MAX + 1) != REDRESS_ERR_INVALID) abort();
  /* One second is open exactly when it counts one open second. */
  if (t < REDRESS_TIME_MAX && elapsed(cal, t, t + 1) != open) abort();
}

static void check_elapsed(const redress_calendar *cal, redress_time a, redress_time b,
                          redress_time c) {
  if (a > b) {
    redress_time t = a;
    a = b;
    b = t;
  }
  int64_t ab = elapsed(cal, a, b);
  if (ab < 0 || ab > b - a) abort();
  if (elapsed(cal, b, a) != -ab) abort();
  if (elapsed(cal, a, c) != ab + elapsed(cal, b, c)) abort();
}

static void check_add(const redress_calendar *cal, redress_time start, int64_t n, int unit) {
  redress_time due = 0;
  int rc = redress_calendar_add(&due, cal, start, n, unit);
  if (unit == REDRESS_SPAN_BUSINESS_DAYS && n == 0) {
    if (rc != REDRESS_ERR_INVALID) abort();
    return;
  }
  if (rc == REDRESS_ERR_RANGE) return;
  if (rc != REDRESS_OK || due < REDRESS_TIME_MIN || due > REDRESS_TIME_MAX) abort();
  if (n < 0) {
    if (due > start) abort();
    if (unit == REDRESS_SPAN_CALENDAR_SECONDS && due != start + n) abort();
    if (unit == REDRESS_SPAN_BUSINESS_SECONDS && elapsed(cal, due, start) != -n) abort();
    if (unit != REDRESS_SPAN_CALENDAR_SECONDS && redress_calendar_is_open(cal, due) != 1) abort();
    return;
  }
  if (due < start) abort();
  switch (unit) {
  case REDRESS_SPAN_CALENDAR_SECONDS:
    if (due != start + n) abort();
    break;
  case REDRESS_SPAN_BUSINESS_SECONDS:
    if (elapsed(cal, start, due) != n) abort();
    if (n > 0 && redress_calendar_is_open(cal, due - 1) != 1) abort();
    break;
  default:
    if (due <= start || redress_calendar_is_open(cal, due - 1) != 1) abort();
    break;
  }
}

static void check_period(const redress_calendar *cal, redress_time at, int dir) {
  redress_time a = 0, b = 0;
  int rc = redress_calendar_period(cal, at, dir, &a, &b);
  if (rc == REDRESS_ERR_NOTFOUND) return;
  if (rc != REDRESS_OK || a >= b || a < REDRESS_TIME_MIN || b > REDRESS_TIME_MAX + 1) abort();
  if (dir == REDRESS_PERIOD_NEXT ? b <= at : a >= at) abort();
  if (redress_calendar_is_open(cal, a) != 1 || redress_calendar_is_open(cal, b - 1) != 1) abort();
  if (b <= REDRESS_TIME_MAX && elapsed(cal, a, b) != b - a) abort();
}

static void exercise(const redress_calendar *cal, params *ps) {
  for (int round = 0; round < 2; round++) {
    redress_time a = next_time(ps), b = next_time(ps), c = next_time(ps);
    check_is_open(cal, a);
    check_elapsed(cal, a, b, c);
    check_period(cal, a, round == 0 ? REDRESS_PERIOD_NEXT : REDRESS_PERIOD_PREV);
    int64_t n = next_amount(ps);
    if (round == 1) n = -n; /* and counted backwards */
    for (int unit = REDRESS_SPAN_CALENDAR_SECONDS; unit <= REDRESS_SPAN_BUSINESS_DAYS; unit++)
      check_add(cal, a, unit == REDRESS_SPAN_BUSINESS_DAYS ? n % 4000 : n, unit);
  }
  redress_time out = 0;
  if (redress_calendar_add(&out, cal, 0, -1, REDRESS_SPAN_BUSINESS_SECONDS) != REDRESS_ERR_RANGE)
    abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  redress_desk *desk = desk_once();
  const uint8_t *nul = memchr(data, 0, size);
  size_t spec_len = nul != NULL ? (size_t)(nul - data) : size;
  params ps = {nul != NULL ? nul + 1 : data + size, nul != NULL ? size - spec_len - 1 : 0};
  redress_calendar *cal = NULL;
  int rc = redress_calendar_parse(&cal, desk, (const char *)data, spec_len);
  if (rc != REDRESS_OK) {
    if (cal != NULL || redress_desk_errmsg(desk)[0] == '\0') abort();
    if (rc != REDRESS_ERR_PARSE && rc != REDRESS_ERR_INVALID && rc != REDRESS_ERR_NOTFOUND &&
        rc != REDRESS_ERR_RANGE)
      abort();
    return 0;
  }
  const char *spec = redress_calendar_spec(cal);
  if (strlen(spec) != spec_len || memcmp(spec, data, spec_len) != 0) abort();
  exercise(cal, &ps);
  redress_calendar_free(cal);
  return 0;
}

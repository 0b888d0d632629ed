/* Business calendars: creating, describing and freeing them. The spec grammar is in
 * calendar_parse.c, the lookup tables in calendar_index.c, the arithmetic in
 * calendar_math.c. */
#include "time/calendar.h"

#include <string.h>

static int build_calendar(redress_calendar **out, redress_desk *desk, rd_cal_build *b,
                          const char *spec, size_t len) {
  redress_calendar *cal = rd_alloc(rd_desk_alloc(desk), sizeof *cal);
  if (cal == NULL) return REDRESS_ERR_NOMEM;
  memset(cal, 0, sizeof *cal);
  cal->alloc = *rd_desk_alloc(desk);
  cal->spec_len = len;
  cal->spec = rd_memdup(rd_desk_alloc(desk), spec, len);
  int rc = cal->spec == NULL ? REDRESS_ERR_NOMEM : rd_cal_index(cal, b);
  if (rc == REDRESS_OK) rc = rd_zone_build(&cal->zone, &b->tz, &b->hist, &cal->alloc);
  if (rc == REDRESS_OK) rc = rd_cal_days_build(cal); /* needs the zone */
  if (rc != REDRESS_OK) {
    redress_calendar_free(cal);
    return rc;
  }
  *out = cal;
  return REDRESS_OK;
}

int redress_calendar_parse(redress_calendar **out, redress_desk *desk, const char *spec,
                           size_t len) {
  if (desk == NULL) return REDRESS_ERR_INVALID;
  if (out == NULL || spec == NULL)
    return rd_fail(desk, REDRESS_ERR_INVALID, "calendar: out and spec are required");
  if (len > RD_CAL_MAX_SPEC_BYTES)
    return rd_fail(desk, REDRESS_ERR_RANGE, "calendar: spec is longer than %u bytes",
                   RD_CAL_MAX_SPEC_BYTES);
  if (!rd_utf8_valid(spec, len))
    return rd_fail(desk, REDRESS_ERR_INVALID, "calendar: spec is not valid UTF-8");
  const char *nul = memchr(spec, '\0', len);
  if (nul != NULL)
    return rd_fail(desk, REDRESS_ERR_PARSE, "calendar: NUL character at byte %zu",
                   (size_t)(nul - spec));
  rd_cal_build b;
  redress_calendar *cal = NULL;
  int rc = rd_cal_parse_spec(&b, desk, spec, len);
  if (rc == REDRESS_OK) {
    rc = build_calendar(&cal, desk, &b, spec, len);
    if (rc != REDRESS_OK) rc = rd_fail(desk, rc, "calendar: out of memory");
  }
  rd_cal_build_free(&b, rd_desk_alloc(desk));
  if (rc != REDRESS_OK) return rc;
  rd_ok(desk);
  *out = cal;
  return REDRESS_OK;
}

void redress_calendar_free(redress_calendar *cal) {
  if (cal == NULL) return;
  redress_allocator a = cal->alloc;
  rd_free(&a, cal->spec);
  rd_free(&a, cal->week);
  rd_free(&a, cal->segs);
  rd_free(&a, cal->xdays);
  rd_cal_days_free(&cal->days, &a);
  rd_zone_free(&cal->zone, &a);
  rd_free(&a, cal);
}

const char *redress_calendar_spec(const redress_calendar *cal) {
  return cal == NULL ? NULL : cal->spec;
}

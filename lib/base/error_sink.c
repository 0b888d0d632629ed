/* The error sink: a failure explained in the desk's message, and the argument checks
 * that every layer shares. Only the desk's rd_ctx is touched (base/base.h). */
#include "base/base.h"

#include <stdio.h>
#include <string.h>

int rd_fail(redress_desk *desk, int code, const char *fmt, ...) {
  rd_ctx *cx = rd_ctx_of(desk);
  if (cx == NULL) return code;
  va_list ap;
  va_start(ap, fmt);
  (void)vsnprintf(cx->errmsg, sizeof cx->errmsg, fmt, ap);
  va_end(ap);
  return code;
}

void rd_ok(redress_desk *desk) {
  rd_ctx *cx = rd_ctx_of(desk);
  if (cx != NULL) cx->errmsg[0] = '\0';
}

int rd_check_string(redress_desk *desk, const char *what, const char *s, size_t max,
                    bool required) {
  if (s == NULL)
    return required ? rd_fail(desk, REDRESS_ERR_INVALID, "%s is required", what) : REDRESS_OK;
  size_t len = strnlen(s, max + 1);
  if (len > max)
    return rd_fail(desk, REDRESS_ERR_RANGE, "%s is longer than %zu bytes", what, max);
  if (required && len == 0) return rd_fail(desk, REDRESS_ERR_INVALID, "%s is empty", what);
  if (!rd_utf8_valid(s, len))
    return rd_fail(desk, REDRESS_ERR_INVALID, "%s is not valid UTF-8", what);
  return REDRESS_OK;
}

int rd_check_name(redress_desk *desk, const char *what, const char *s, size_t max,
                  bool required) {
  int rc = rd_check_string(desk, what, s, max, required);
  if (rc != REDRESS_OK || s == NULL) return rc;
  uint32_t cp = 0;
  size_t at = rd_utf8_find_control(s, strlen(s), &cp);
  if (at != SIZE_MAX)
    return rd_fail(desk, REDRESS_ERR_INVALID,
                   "%s holds a control character (U+%04X) at byte %zu: names and ids may not",
                   what, (unsigned)cp, at);
  return REDRESS_OK;
}

int rd_check_time(redress_desk *desk, const char *what, redress_time t) {
  if (t < REDRESS_TIME_MIN || t > REDRESS_TIME_MAX)
    return rd_fail(desk, REDRESS_ERR_INVALID,
                   "%s (%lld) is outside 1970-01-01 .. 9999-12-31", what, (long long)t);
  return REDRESS_OK;
}

int rd_check_amount(redress_desk *desk, const char *what, int64_t amount) {
  if (amount < 0 && amount != REDRESS_AMOUNT_UNKNOWN)
    return rd_fail(desk, REDRESS_ERR_INVALID, "%s (%lld) is negative", what,
                   (long long)amount);
  return REDRESS_OK;
}

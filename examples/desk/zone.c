/* Times for reading in the display zone, times for JSON in UTC, and colour.
 *
 * format_time() (values.c) prints local time through libc, in the zone main() and the
 * config select with TZ (config_apply.c); a zero offset prints as Z. */
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

void format_time_utc(char *buf, size_t size, redress_time t) {
  if (t == REDRESS_TIME_NEVER) {
    snprintf(buf, size, "never");
    return;
  }
  time_t tt = (time_t)t;
  struct tm tm;
  if (gmtime_r(&tt, &tm) == NULL) snprintf(buf, size, "%lld", (long long)t);
  else strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int use_colour(void) {
  const char *no = getenv("NO_COLOR");
  return (no == NULL || *no == '\0') && isatty(STDOUT_FILENO);
}

const char *colour_start(int on, const char *what) {
  if (!on) return "";
  if (what[0] == 'b') return "\033[1;31m"; /* breach, breached: bold red */
  if (what[0] == 'w') return "\033[33m";   /* a warning: yellow */
  return "";
}

const char *colour_end(int on) { return on ? "\033[0m" : ""; }

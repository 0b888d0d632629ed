/*
 * Writing the dashboard's HTML: text escaped for HTML (stored text is anybody's), the
 * figures as people read them with their exact values for machines, and times.
 */
#include <math.h>
#include <string.h>
#include <time.h>

#include "dashboard.h"

void html_text(FILE *out, const char *s) {
  if (s == NULL) return;
  size_t len = strlen(s);
  for (size_t i = 0; i < len;) {
    uint32_t cp = 0;
    size_t n = utf8_char(s + i, len - i, &cp);
    if (n == 0 || text_is_control(cp)) { /* not UTF-8, or a control: the replacement mark */
      fputs("\xEF\xBF\xBD", out);
      i += n ? n : 1;
      continue;
    }
    switch (cp) {
    case '&': fputs("&amp;", out); break;
    case '<': fputs("&lt;", out); break;
    case '>': fputs("&gt;", out); break;
    case '"': fputs("&quot;", out); break;
    case '\'': fputs("&#39;", out); break;
    default: fwrite(s + i, 1, n, out);
    }
    i += n;
  }
}

void dash_format(char *buf, size_t size, double value, dash_unit unit) {
  if (isnan(value)) {
    snprintf(buf, size, "n/a");
    return;
  }
  switch (unit) {
  case U_COUNT: format_count(buf, size, value); break;
  case U_PERCENT: snprintf(buf, size, "%.1f%%", value * 100.0); break;
  case U_DURATION: format_duration(buf, size, value); break;
  case U_MONEY: format_count(buf, size, round(value / 100.0)); break; /* whole units */
  case U_SCORE: snprintf(buf, size, "%.2f", value); break;
  case U_CUSTOMERS: snprintf(buf, size, "%.1f", value); break;
  }
}

static const char *const unit_names[] = {"count", "percent", "duration", "money", "score",
                                         "customers"};

void dash_fig_attrs(FILE *out, const dash_src *src, int which, dash_unit unit) {
  fprintf(out, " data-metric=\"%s\" data-unit=\"%s\"", redress_enum_name(REDRESS_ENUM_METRIC, which),
          unit_names[unit]);
  /* the exact value, as `report --json` writes it; NaN (nothing to measure) as null */
  fputs(" data-value=\"", out);
  json_metric(out, src->m, src->group, which);
  fputc('"', out);
  if (src->by != NULL) {
    fprintf(out, " data-by=\"%s\" data-key=\"", src->by);
    html_text(out, src->key);
    fputc('"', out);
  }
  if (src->week != NULL) fprintf(out, " data-week=\"%s\"", src->week);
}

double dash_fig(FILE *out, const dash_src *src, int which, dash_unit unit) {
  double v = metric(src->m, src->group, which);
  char text[48];
  dash_format(text, sizeof text, v, unit);
  fputs("<data class=\"fig\"", out);
  dash_fig_attrs(out, src, which, unit);
  fprintf(out, ">%s</data>", text);
  return v;
}

/* ---- times (UTC, named in English whatever the locale) ------------------------------ */

static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
static const char *const weekdays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};

static int civil(struct tm *tm, redress_time t) {
  time_t tt = (time_t)t;
  return gmtime_r(&tt, tm) != NULL;
}

void dash_long_time(char *buf, size_t size, redress_time t) {
  struct tm tm;
  if (!civil(&tm, t)) snprintf(buf, size, "-");
  else
    snprintf(buf, size, "%s %d %s %d, %02d:%02d UTC", weekdays[tm.tm_wday], tm.tm_mday,
             months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min);
}

void dash_day(char *buf, size_t size, redress_time t) {
  struct tm tm;
  if (!civil(&tm, t)) snprintf(buf, size, "-");
  else snprintf(buf, size, "%d %s", tm.tm_mday, months[tm.tm_mon]);
}

void dash_short_time(char *buf, size_t size, redress_time t) {
  struct tm tm;
  if (t == REDRESS_TIME_NEVER || !civil(&tm, t)) snprintf(buf, size, "-");
  else
    snprintf(buf, size, "%04d-%02d-%02d %02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1,
             tm.tm_mday, tm.tm_hour, tm.tm_min);
}

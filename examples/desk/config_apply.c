/*
 * The config put on a desk: its calendars, then its policies (in one call, all or
 * none), then the display zone. The library explains a refusal in its own terms
 * ("calendar: bad time ... at byte 14", "policy spec: line 3, column 13: ..."); here
 * each is turned back into the file's "FILE:LINE:COLUMN: what".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cli.h"

#define DEFAULT_ZONEINFO "/usr/share/zoneinfo"

/* The calendars a config may name with `calendar NAME builtin KEY`: the spec text of
 * the library's built-in calendar "calendar/KEY" (redress_builtin_spec()), or NULL. */
static const char *builtin_calendar(const char *key, size_t *len) {
  char name[256];
  const char *text = NULL;
  if (snprintf(name, sizeof name, "calendar/%s", key) >= (int)sizeof name) return NULL;
  return redress_builtin_spec(name, 0, NULL, &text, len) == REDRESS_OK ? text : NULL;
}

/* The library's message without its "calendar: " prefix and " at byte N" suffix; the
 * byte in *byte (or -1). */
static void split_message(char *out, size_t size, const char *msg, const char *prefix,
                          long *byte) {
  size_t skip = strncmp(msg, prefix, strlen(prefix)) == 0 ? strlen(prefix) : 0;
  snprintf(out, size, "%s", msg + skip);
  *byte = -1;
  char *tail = strstr(out, " at byte ");
  if (tail != NULL) {
    *byte = strtol(tail + 9, NULL, 10);
    *tail = '\0';
  }
}

static int calendar_error(app *a, const desk_config *c, const conf_calendar *cal, int rc) {
  char why[1024];
  long byte = -1;
  split_message(why, sizeof why, redress_desk_errmsg(a->desk), "calendar: ", &byte);
  size_t line = cal->line, column = 1;
  for (size_t i = 0; byte >= 0 && i < cal->n_lines; i++)
    if ((size_t)byte >= cal->lines[i].offset) {
      line = cal->lines[i].line;
      column = (size_t)byte - cal->lines[i].offset + cal->lines[i].indent + 1;
    }
  /* a zone file that is missing or bad has no byte: point at the tz clause */
  for (size_t i = 0; byte < 0 && i < cal->n_lines; i++)
    if (strncmp(cal->spec + cal->lines[i].offset, "tz", 2) == 0) {
      line = cal->lines[i].line;
      column = cal->lines[i].indent + 1;
    }
  const char *name = redress_strerror(rc);
  return app_fail(a, "%s:%zu:%zu: calendar %s: %s (%.*s)", config_name(c), line, column,
                  cal->name, why, (int)strcspn(name, ":"), name);
}

static int add_calendars(app *a, const desk_config *c) {
  for (size_t i = 0; i < c->n_calendars; i++) {
    const conf_calendar *cal = &c->calendars[i];
    const char *spec = cal->spec;
    size_t len = cal->len;
    if (cal->builtin != NULL) {
      spec = builtin_calendar(cal->builtin, &len);
      if (spec == NULL)
        return app_fail(a, "%s:%zu:1: no built-in calendar '%s' in libredress %s (write its "
                           "spec instead)", config_name(c), cal->line, cal->builtin,
                        redress_version());
    }
    int rc = redress_desk_add_calendar(a->desk, cal->name, spec, len);
    if (rc != REDRESS_OK) return calendar_error(a, c, cal, rc);
  }
  return EXIT_OK;
}

/* "policy spec: line L, column C: X" or "policy spec: policy N ('name'): X". */
static int policy_error(app *a, const desk_config *c, int rc) {
  const char *msg = redress_desk_errmsg(a->desk);
  const char *name = redress_strerror(rc);
  int code = (int)strcspn(name, ":");
  unsigned long line = 0, column = 0, n = 0;
  int used = 0;
  if (sscanf(msg, "policy spec: line %lu, column %lu: %n", &line, &column, &used) == 2 && used)
    return app_fail(a, "%s:%lu:%lu: %s (%.*s)", config_name(c), line, column, msg + used, code,
                    name);
  if (sscanf(msg, "policy spec: policy %lu %n", &n, &used) == 1 && used && n >= 1 &&
      n <= c->n_policies)
    return app_fail(a, "%s:%zu:1: %s (%.*s)", config_name(c), c->policy_lines[n - 1],
                    msg + strlen("policy spec: "), code, name);
  return app_fail(a, "%s: %s (%.*s)", config_name(c), msg, code, name);
}

int config_apply(app *a, const desk_config *c) {
  int rc = add_calendars(a, c);
  if (rc != EXIT_OK || c->n_policies == 0) return rc;
  int lib = redress_desk_load_policies(a->desk, c->policies, c->policies_len);
  return lib == REDRESS_OK ? EXIT_OK : policy_error(a, c, lib);
}

/* The actor as every verb checks it (length, UTF-8, no control character): a note by
 * it on a complaint of the scratch desk, so that the check and its message are the
 * library's own and a config no verb could use is refused before anything is stored. */
int config_check_actor(app *a, const desk_config *c) {
  if (c->actor.value == NULL) return EXIT_OK;
  redress_complaint_fields in = REDRESS_COMPLAINT_FIELDS_INIT;
  in.customer_id = "config-check";
  in.received_at = redress_desk_now(a->desk);
  redress_complaint *probe = NULL;
  int lib = redress_complaint_create(&probe, a->desk, &in);
  if (lib == REDRESS_OK)
    lib = redress_complaint_note(probe, in.received_at, c->actor.value, "config check", 0);
  redress_complaint_free(probe);
  if (lib == REDRESS_OK) return EXIT_OK;
  const char *msg = redress_desk_errmsg(a->desk), *byte = strstr(msg, " at byte ");
  size_t column = c->actor.column + (byte != NULL ? (size_t)strtoul(byte + 9, NULL, 10) : 0);
  const char *name = redress_strerror(lib);
  return app_fail(a, "%s:%zu:%zu: %s (%.*s)", config_name(c), c->actor.line, column, msg,
                  (int)strcspn(name, ":"), name);
}

int config_verify(app *a, const desk_config *c) {
  redress_desk_options opts = REDRESS_DESK_OPTIONS_INIT;
  opts.zoneinfo_dir = c->zoneinfo.value;
  redress_desk *kept = a->desk;
  int lib = redress_desk_open(&a->desk, &opts);
  if (lib != REDRESS_OK) {
    a->desk = kept;
    return app_fail(a, "cannot open a desk: %s", redress_strerror(lib));
  }
  int rc = config_apply(a, c); /* messages are written before the desk is closed */
  if (rc == EXIT_OK) rc = config_select_zone(a, c);
  if (rc == EXIT_OK) rc = config_check_actor(a, c);
  redress_desk_close(a->desk);
  a->desk = kept;
  return rc;
}

/* ---- the display zone --------------------------------------------------------------- */

static int is_utc(const char *zone) {
  return strcmp(zone, "UTC") == 0 || strcmp(zone, "Z") == 0 || strcmp(zone, "utc") == 0;
}

/* The zone checked as the library reads a calendar's tz clause. */
static int check_zone(app *a, const desk_config *c, const char *zone) {
  size_t len = strlen(zone) + 4;
  char *spec = malloc(len);
  if (spec == NULL) return app_fail(a, "out of memory");
  snprintf(spec, len, "tz=%s", zone);
  redress_calendar *cal = NULL;
  int rc = redress_calendar_parse(&cal, a->desk, spec, len - 1);
  free(spec);
  redress_calendar_free(cal);
  if (rc == REDRESS_OK) return EXIT_OK;
  char why[1024];
  long byte = -1;
  split_message(why, sizeof why, redress_desk_errmsg(a->desk), "calendar: ", &byte);
  const char *line = c->text;
  for (size_t i = 1; i < c->timezone.line && line != NULL; i++) {
    line = strchr(line, '\n');
    if (line != NULL) line++;
  }
  const char *value = line != NULL ? strstr(line, zone) : NULL;
  size_t column = value != NULL ? (size_t)(value - line) + 1 : 1;
  if (byte >= 3) column += (size_t)byte - 3;
  return app_fail(a, "%s:%zu:%zu: timezone: %s", config_name(c), c->timezone.line, column, why);
}

int config_select_zone(app *a, const desk_config *c) {
  const char *zone = c->timezone.value != NULL ? c->timezone.value : "UTC";
  const char *dir = c->zoneinfo.value != NULL ? c->zoneinfo.value : DEFAULT_ZONEINFO;
  char tz[4200];
  if (is_utc(zone)) {
    snprintf(tz, sizeof tz, "UTC0");
  } else {
    int rc = check_zone(a, c, zone);
    if (rc != EXIT_OK) return rc;
    struct stat st;
    snprintf(tz, sizeof tz, "%s/%s", dir, zone);
    if (stat(tz, &st) == 0 && S_ISREG(st.st_mode)) snprintf(tz, sizeof tz, ":%s/%s", dir, zone);
    else snprintf(tz, sizeof tz, "%s", zone); /* a POSIX rule */
  }
  /* format_time() reads local time through libc: TZ is always set, so that the host's
   * /etc/localtime never shows through */
  if (setenv("TZ", tz, 1) != 0) return app_fail(a, "cannot set the time zone");
  tzset();
  return EXIT_OK;
}

/*
 * The service levels of the desk: one business calendar and five policies, first
 * match wins. Every command opens the desk with the same ones, because deadlines
 * are not stored: they are derived from each complaint's history and its policy
 * whenever they are needed. Change them here and every complaint follows.
 */
#include "desk.h"

#include <stdlib.h>

/* Opening hours of the office in UK time (a POSIX rule, so no zone file is needed),
 * with the 2026 bank holidays of England and Wales. */
static const char office_calendar[] =
    "tz=GMT0BST,M3.5.0/1,M10.5.0\n"
    "mon-fri 08:00-20:00\n"
    "sat 09:00-13:00\n"
    "holiday 2026-01-01; holiday 2026-04-03; holiday 2026-04-06; holiday 2026-05-04\n"
    "holiday 2026-05-25; holiday 2026-08-31; holiday 2026-12-25; holiday 2026-12-28\n";

const char desk_policies_help[] =
    "Service levels (first match wins; office = mon-fri 08-20, sat 09-13 UK time):\n"
    "  critical   severity critical, round the clock: acknowledge 2h, update daily,\n"
    "             respond 3d (7d after a holding reply), follow up in 2d\n"
    "  regulator  complaints via a regulator, office days: acknowledge 1, update 5,\n"
    "             respond 15 (35 after a holding reply, as PSD2), follow up 5\n"
    "  public     social and media, round the clock: acknowledge 2h, update daily,\n"
    "             respond 5d (10d), follow up in 3d\n"
    "  priority   severity high, office time: acknowledge 4h, update 2 days,\n"
    "             respond 5 days (10), follow up 3 days\n"
    "  standard   the rest, office days: acknowledge 1, update 5, respond 10 (20),\n"
    "             follow up 5\n"
    "Warnings fire at 75% of a deadline; waiting for the customer pauses the clock\n"
    "(except for regulator complaints).\n";

#define HOURS(n) {(int64_t)(n) * 3600, REDRESS_SPAN_CALENDAR_SECONDS}
#define DAYS(n) {(int64_t)(n) * 86400, REDRESS_SPAN_CALENDAR_SECONDS}
#define OFFICE_HOURS(n) {(int64_t)(n) * 3600, REDRESS_SPAN_BUSINESS_SECONDS}
#define OFFICE_DAYS(n) {(n), REDRESS_SPAN_BUSINESS_DAYS}
#define CHANNEL(c) (1u << (c))

static redress_policy base(const char *name, const char *calendar) {
  redress_policy p = REDRESS_POLICY_INIT;
  p.name = name;
  p.calendar = calendar;
  p.warn_percent = 75;
  p.pause_when_awaiting_customer = 1;
  p.min_compensation = 0;
  return p;
}

static redress_policy critical(void) {
  redress_policy p = base("critical", NULL);
  p.min_severity = REDRESS_SEVERITY_CRITICAL;
  p.acknowledge = (redress_span)HOURS(2);
  p.update_every = (redress_span)DAYS(1);
  p.resolve = (redress_span)DAYS(3);
  p.resolve_extended = (redress_span)DAYS(7);
  p.follow_up = (redress_span)DAYS(2);
  p.max_compensation = 100000;
  return p;
}

static redress_policy regulator(void) {
  redress_policy p = base("regulator", "office");
  p.channels = CHANNEL(REDRESS_CHANNEL_REGULATOR);
  p.acknowledge = (redress_span)OFFICE_DAYS(1);
  p.update_every = (redress_span)OFFICE_DAYS(5);
  p.resolve = (redress_span)OFFICE_DAYS(15);
  p.resolve_extended = (redress_span)OFFICE_DAYS(35);
  p.follow_up = (redress_span)OFFICE_DAYS(5);
  p.pause_when_awaiting_customer = 0; /* the regulator's clock does not stop */
  p.max_compensation = 50000;
  return p;
}

static redress_policy public_channels(void) {
  redress_policy p = base("public", NULL);
  p.channels = CHANNEL(REDRESS_CHANNEL_SOCIAL) | CHANNEL(REDRESS_CHANNEL_MEDIA);
  p.acknowledge = (redress_span)HOURS(2);
  p.update_every = (redress_span)DAYS(1);
  p.resolve = (redress_span)DAYS(5);
  p.resolve_extended = (redress_span)DAYS(10);
  p.follow_up = (redress_span)DAYS(3);
  p.max_compensation = 20000;
  return p;
}

static redress_policy priority(void) {
  redress_policy p = base("priority", "office");
  p.min_severity = REDRESS_SEVERITY_HIGH;
  p.acknowledge = (redress_span)OFFICE_HOURS(4);
  p.update_every = (redress_span)OFFICE_DAYS(2);
  p.resolve = (redress_span)OFFICE_DAYS(5);
  p.resolve_extended = (redress_span)OFFICE_DAYS(10);
  p.follow_up = (redress_span)OFFICE_DAYS(3);
  p.max_compensation = 30000;
  return p;
}

static redress_policy standard(void) {
  redress_policy p = base("standard", "office");
  p.acknowledge = (redress_span)OFFICE_DAYS(1);
  p.update_every = (redress_span)OFFICE_DAYS(5);
  p.resolve = (redress_span)OFFICE_DAYS(10);
  p.resolve_extended = (redress_span)OFFICE_DAYS(20);
  p.follow_up = (redress_span)OFFICE_DAYS(5);
  p.max_compensation = 10000;
  return p;
}

int desk_add_policies(redress_desk *desk) {
  int rc = redress_desk_add_calendar(desk, "office", office_calendar, sizeof office_calendar - 1);
  redress_policy (*const policies[])(void) = {critical, regulator, public_channels, priority,
                                             standard};
  for (size_t i = 0; rc == REDRESS_OK && i < sizeof policies / sizeof policies[0]; i++) {
    redress_policy p = policies[i]();
    rc = redress_desk_add_policy(desk, &p);
  }
  return rc;
}

int app_load_policies(app *a, const char *path) {
  if (path == NULL) return EXIT_OK;
  char *text = NULL;
  size_t len = 0;
  int rc = read_file(a, path, &text, &len);
  if (rc != EXIT_OK) return rc;
  int lib_rc = redress_desk_load_policies(a->desk, text, len);
  free(text);
  return lib_rc == REDRESS_OK ? EXIT_OK : app_fail_rc(a, lib_rc, path);
}

int cmd_policies(app *a, const args *in, const command *self) {
  (void)in;
  (void)self;
  char *text = NULL;
  int rc = redress_policy_spec(&text, NULL, a->desk, NULL);
  if (rc != REDRESS_OK) return app_fail_rc(a, rc, "policies");
  fputs(text, stdout);
  redress_free(text);
  return EXIT_OK;
}

/* tick: report each deadline warning and breach that has come due, exactly once.
 * The desk records every alarm in its complaint (saved with compare-and-swap)
 * before it calls us, so a second tick, here or in another process, stays quiet.
 * --dry-run runs the same tick inside a transaction it rolls back: the alarms are
 * exactly those a tick at that time would raise, and nothing is saved. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "store_sqlite.h"

typedef struct alarm_out {
  FILE *out;
  redress_time now;
  size_t count, breaches;
  int json, colour;
} alarm_out;

static void print_json_alarm(alarm_out *o, const redress_complaint *c, int kind, int level,
                             redress_time due, int channel) {
  char at[32];
  format_time_utc(at, sizeof at, o->now);
  fprintf(o->out, "{\"at\":\"%s\"", at);
  json_member_enum(o->out, "level", REDRESS_ENUM_ALARM_LEVEL, level);
  json_member_enum(o->out, "deadline", REDRESS_ENUM_DEADLINE_KIND, kind);
  json_member_string(o->out, "complaint", redress_complaint_id(c), 0);
  json_member_time(o->out, "due", due);
  json_member_enum(o->out, "channel", REDRESS_ENUM_CHANNEL, channel);
  json_member_string(o->out, "customer", redress_complaint_string(c, REDRESS_FIELD_CUSTOMER_ID), 0);
  fputs("}\n", o->out);
}

static int print_alarm(const redress_complaint *c, int kind, int level, redress_time due,
                       void *payload) {
  alarm_out *o = payload;
  o->count++;
  if (level == REDRESS_ALARM_BREACH) o->breaches++;
  if (o->out == NULL) return 0; /* counted, not printed */
  int64_t channel_value = 0;
  redress_complaint_number(&channel_value, c, REDRESS_FIELD_CHANNEL); /* every complaint has one */
  if (o->json) {
    print_json_alarm(o, c, kind, level, due, (int)channel_value);
    return 0;
  }
  char now[32], when[32], kind_name[32], level_name[16], channel[32];
  format_time(now, sizeof now, o->now);
  format_time(when, sizeof when, due);
  format_enum(kind_name, sizeof kind_name, REDRESS_ENUM_DEADLINE_KIND, kind);
  format_enum(level_name, sizeof level_name, REDRESS_ENUM_ALARM_LEVEL, level);
  format_enum(channel, sizeof channel, REDRESS_ENUM_CHANNEL, (int)channel_value);
  fprintf(o->out, "%s  %s%-7s%s  %-11s  ", now, colour_start(o->colour, level_name), level_name,
          colour_end(o->colour), kind_name);
  print_column(o->out, redress_complaint_id(c), 10);
  fprintf(o->out, "  due %s  (%s, customer ", when, channel);
  print_text(o->out, redress_complaint_string(c, REDRESS_FIELD_CUSTOMER_ID));
  fputs(")\n", o->out);
  return 0;
}

static int run_tick(app *a, alarm_out *o) {
  int rc = redress_desk_tick(a->desk, o->now, print_alarm, o);
  return rc == REDRESS_OK ? EXIT_OK : app_fail_rc(a, rc, "tick");
}

int tick_run(app *a, redress_time at, FILE *out, size_t *count) {
  alarm_out o = {out, at, 0, 0, 0, 0};
  int rc = run_tick(a, &o);
  *count += o.count;
  return rc;
}

/* The tick inside a transaction, always rolled back. */
static int dry_run(app *a, alarm_out *o) {
  int lib = sqlite_store_begin(&a->store);
  if (lib != REDRESS_OK) return app_fail_store(a, lib, "tick --dry-run");
  int rc = run_tick(a, o);
  sqlite_store_rollback(&a->store);
  return rc;
}

int cmd_tick(app *a, const args *in, const command *self) {
  (void)self;
  if (in->npos > 0) return app_usage(a, "tick: unexpected argument '%s'", in->pos[0]);
  redress_time now = redress_desk_now(a->desk), at = now;
  int rc = arg_time(&at, a, in, "at", now);
  alarm_out o = {stdout, at, 0, 0, arg_flag(in, "json"), 0};
  o.colour = !o.json && use_colour();
  if (rc == EXIT_OK) rc = arg_flag(in, "dry-run") ? dry_run(a, &o) : run_tick(a, &o);
  if (rc == EXIT_OK && o.count == 0 && !o.json)
    printf(arg_flag(in, "dry-run") ? "no alarms would be raised\n" : "no alarms\n");
  if (rc == EXIT_OK && o.breaches > 0) rc = EXIT_BREACH;
  return rc;
}

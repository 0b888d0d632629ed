/* tick: report each deadline warning and breach that has come due, exactly once.
 * The desk records every alarm in its complaint (saved with compare-and-swap)
 * before it calls us, so a second tick, here or in another process, stays quiet. */
#include <stdio.h>

#include "desk.h"

typedef struct alarm_out {
  FILE *out;
  redress_time now;
  size_t count;
} alarm_out;

static int print_alarm(const redress_complaint *c, int kind, int level, redress_time due,
                       void *payload) {
  alarm_out *o = payload;
  o->count++;
  if (o->out == NULL) return 0; /* counted, not printed */
  char now[32], when[32], kind_name[32], level_name[16], channel[32];
  format_time(now, sizeof now, o->now);
  format_time(when, sizeof when, due);
  format_enum(kind_name, sizeof kind_name, REDRESS_ENUM_DEADLINE_KIND, kind);
  format_enum(level_name, sizeof level_name, REDRESS_ENUM_ALARM_LEVEL, level);
  int64_t channel_value = 0;
  redress_complaint_number(&channel_value, c, REDRESS_FIELD_CHANNEL); /* every complaint has one */
  format_enum(channel, sizeof channel, REDRESS_ENUM_CHANNEL, (int)channel_value);
  fprintf(o->out, "%s  %-7s  %-11s  ", now, level_name, kind_name);
  print_column(o->out, redress_complaint_id(c), 10);
  fprintf(o->out, "  due %s  (%s, customer ", when, channel);
  print_text(o->out, redress_complaint_string(c, REDRESS_FIELD_CUSTOMER_ID));
  fputs(")\n", o->out);
  return 0;
}

int tick_run(app *a, redress_time at, FILE *out, size_t *count) {
  alarm_out o = {out, at, 0};
  int rc = redress_desk_tick(a->desk, at, print_alarm, &o);
  *count += o.count;
  return rc == REDRESS_OK ? EXIT_OK : app_fail_rc(a, rc, "tick");
}

int cmd_tick(app *a, const args *in, const command *self) {
  (void)self;
  if (in->npos > 0) return app_usage(a, "tick: unexpected argument '%s'", in->pos[0]);
  redress_time now = redress_desk_now(a->desk), at = now;
  int rc = arg_time(&at, a, in, "at", now);
  size_t count = 0;
  if (rc == EXIT_OK) rc = tick_run(a, at, stdout, &count);
  if (rc == EXIT_OK && count == 0) printf("no alarms\n");
  return rc;
}

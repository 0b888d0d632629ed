/* feed: the change feed as JSON lines. Each line is one change and carries its cursor,
 * so a reader that stores the cursor of the last line it handled resumes with
 * --after CURSOR and sees every change exactly once. */
#include <stdio.h>

#include "cli.h"

/* Asked of the desk at once; the command reads page after page up to --limit. */
#define FEED_PAGE 256

typedef struct feed_out {
  FILE *out;
  uint64_t last; /* the cursor of the last line printed */
  size_t printed;
} feed_out;

static void print_member_time(FILE *out, const char *name, redress_time t) {
  char when[32];
  format_time_utc(when, sizeof when, t); /* JSON: UTC, whatever the display zone */
  fprintf(out, ",\"%s\":\"%s\"", name, when);
}

static void print_member_name(FILE *out, const char *name, int enumeration, int value) {
  const char *text = redress_enum_name(enumeration, value);
  if (text != NULL) fprintf(out, ",\"%s\":\"%s\"", name, text);
  else fprintf(out, ",\"%s\":%d", name, value); /* a value newer than this program */
}

static int print_change(const redress_change *ch, void *payload) {
  feed_out *o = payload;
  FILE *out = o->out;
  fprintf(out, "{\"cursor\":%llu,\"complaint\":", (unsigned long long)ch->cursor);
  print_json_string(out, ch->complaint_id);
  fprintf(out, ",\"revision\":%llu", (unsigned long long)ch->revision);
  print_member_name(out, "change", REDRESS_ENUM_CHANGE_KIND, ch->kind);
  print_member_time(out, "at", ch->at);
  if (ch->kind == REDRESS_CHANGE_CREATED || ch->kind == REDRESS_CHANGE_EVENT) {
    print_member_name(out, "event", REDRESS_ENUM_EVENT_KIND, ch->event_kind);
    fprintf(out, ",\"seq\":%lu", (unsigned long)ch->event_seq);
  } else if (ch->kind == REDRESS_CHANGE_ALARM) {
    print_member_name(out, "deadline", REDRESS_ENUM_DEADLINE_KIND, ch->deadline_kind);
    print_member_name(out, "level", REDRESS_ENUM_ALARM_LEVEL, ch->level);
    fprintf(out, ",\"anchor\":%lu", (unsigned long)ch->anchor);
    if (ch->due != REDRESS_TIME_NEVER) print_member_time(out, "due", ch->due);
  }
  fputs("}\n", out);
  o->last = ch->cursor;
  o->printed++;
  return 0;
}

int cmd_feed(app *a, const args *in, const command *self) {
  (void)self;
  if (in->npos > 0) return app_usage(a, "feed: unexpected argument '%s'", in->pos[0]);
  long long after = 0, limit = 0;
  int rc = arg_int(&after, a, in, "after", 0, INT64_MAX);
  if (rc == EXIT_OK) rc = arg_int(&limit, a, in, "limit", 1, INT64_MAX);
  if (rc != EXIT_OK) return rc;
  feed_out o = {stdout, (uint64_t)after, 0};
  for (;;) {
    size_t left = limit == 0 ? FEED_PAGE : (size_t)limit - o.printed;
    size_t want = left < FEED_PAGE ? left : FEED_PAGE;
    if (want == 0) break;
    size_t before = o.printed;
    int lib = redress_desk_feed(a->desk, o.last, want, print_change, &o);
    if (lib != REDRESS_OK) return app_fail_rc(a, lib, "feed");
    if (o.printed - before < want) break; /* caught up */
  }
  return EXIT_OK;
}

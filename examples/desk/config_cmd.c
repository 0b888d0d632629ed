/* config check [FILE] and config show: the config validated on a desk of its own (in
 * memory: no database is opened or created), and the config in effect printed back as
 * a config file. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* A desk over the library's memory store, with the config's zoneinfo folder. */
static int open_scratch_desk(app *a, const desk_config *c) {
  redress_desk_options opts = REDRESS_DESK_OPTIONS_INIT;
  opts.zoneinfo_dir = c->zoneinfo.value;
  int rc = redress_desk_open(&a->desk, &opts);
  if (rc != REDRESS_OK) return app_fail(a, "cannot open a desk: %s", redress_strerror(rc));
  rc = config_apply(a, c);
  if (rc == EXIT_OK) rc = config_select_zone(a, c);
  if (rc == EXIT_OK) rc = config_check_actor(a, c);
  return rc;
}

static int load_checked(desk_config **out, app *a, const char *file, const args *in) {
  char path[4096];
  int rc = EXIT_OK;
  if (file != NULL && strlen(file) >= sizeof path)
    return app_fail(a, "config %s: %s", file, strerror(ENAMETOOLONG));
  if (file != NULL) memcpy(path, file, strlen(file) + 1);
  else rc = config_locate(a, arg_get(in, "config"), path, sizeof path);
  if (rc == EXIT_OK) rc = config_load(out, a, path);
  if (rc == EXIT_OK && (rc = open_scratch_desk(a, *out)) != EXIT_OK) {
    config_free(*out);
    *out = NULL;
  }
  return rc;
}

static void print_setting(const char *name, const char *value, const char *note) {
  printf("%-9s ", name);
  print_text(stdout, value);
  if (note != NULL) printf("    # %s", note);
  putchar('\n');
}

static const char *effective_actor(const desk_config *c) {
  const char *user = getenv("USER");
  if (c->actor.value != NULL) return c->actor.value;
  return user != NULL && *user ? user : "desk";
}

static int show(app *a, desk_config *c, const args *in) {
  char db[4096];
  a->conf = c; /* for the config's database: main() loads none for this command */
  int rc = app_database_path(a, arg_get(in, "db"), db, sizeof db);
  a->conf = NULL;
  if (rc != EXIT_OK) return rc;
  printf("# the config in effect, from %s\n", config_name(c));
  print_setting("actor", effective_actor(c), c->actor.value ? NULL : "not set: $USER");
  print_setting("timezone", c->timezone.value ? c->timezone.value : "UTC", NULL);
  print_setting("zoneinfo", c->zoneinfo.value ? c->zoneinfo.value : "/usr/share/zoneinfo", NULL);
  print_setting("database", db, NULL);
  for (size_t i = 0; i < c->n_calendars; i++) {
    const conf_calendar *cal = &c->calendars[i];
    printf("\ncalendar ");
    print_text(stdout, cal->name);
    if (cal->builtin != NULL) {
      printf(" builtin ");
      print_text(stdout, cal->builtin);
    }
    putchar('\n');
    for (size_t j = 0; j < cal->n_lines; j++) {
      size_t from = cal->lines[j].offset;
      size_t to = j + 1 < cal->n_lines ? cal->lines[j + 1].offset : cal->len;
      fputs("  ", stdout);
      print_span(stdout, cal->spec + from, to - from - 1);
      putchar('\n');
    }
  }
  char *text = NULL;
  int lib = redress_policy_spec(&text, NULL, a->desk, NULL);
  if (lib != REDRESS_OK) return app_fail_rc(a, lib, "config show");
  if (*text) printf("\n%s", text);
  redress_free(text);
  return EXIT_OK;
}

int cmd_config(app *a, const args *in, const command *self) {
  (void)self;
  const char *what = in->npos > 0 ? in->pos[0] : NULL;
  int checking = what != NULL && strcmp(what, "check") == 0;
  if (what == NULL || (!checking && strcmp(what, "show") != 0)) {
    const char *const names[] = {"check", "show", NULL};
    const char *near = what ? suggest(what, names, 0) : NULL;
    return app_usage(a, "config: give check [FILE] or show%s%s%s", near ? " (did you mean " : "",
                     near ? near : "", near ? "?)" : "");
  }
  if (in->npos > (checking ? 2u : 1u))
    return app_usage(a, "config %s: unexpected argument '%s'", what, in->pos[checking ? 2 : 1]);
  desk_config *c = NULL;
  int rc = load_checked(&c, a, checking && in->npos == 2 ? in->pos[1] : NULL, in);
  if (rc == EXIT_OK && checking) {
    printf("%s: ok (%zu calendar%s, %zu polic%s)\n", config_name(c), c->n_calendars,
           c->n_calendars == 1 ? "" : "s", c->n_policies, c->n_policies == 1 ? "y" : "ies");
  } else if (rc == EXIT_OK) {
    rc = show(a, c, in);
  }
  config_free(c);
  return rc;
}

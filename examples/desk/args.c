/* The options every command takes, the parsed options and positionals (getopt.c fills
 * them), and the typed values commands read from them, each failing with a sentence
 * naming it. */
#include <stdlib.h>
#include <string.h>

#include "desk.h"

const opt_spec common_opts[] = {
    {"db", "FILE", "the database (default: $REDRESS_DESK_DB, else the config's database, "
                   "else $XDG_DATA_HOME/redress/desk.db or ~/.local/share/redress/desk.db); "
                   "an SQLite URI such as file:desk.db?mode=ro opens it read-only"},
    {"tenant", "KEY", "work on this tenant's complaints only (default: the default tenant); "
                      "tenants share the database without seeing each other"},
    {"policies", "FILE", "also load the policies of this policy spec file (grammar in "
                         "docs/deadlines.md): new versions of the config's, or more"},
    {"config", "FILE", "the config file (default: $REDRESS_DESK_CONFIG, else "
                       "$XDG_CONFIG_HOME/redress/desk.conf or ~/.config/redress/desk.conf, "
                       "else /etc/xdg/redress/desk.conf ($XDG_CONFIG_DIRS), else the built-in "
                       "default; see 'config show')"},
    {"help", NULL, "show this help"},
    {NULL, NULL, NULL},
};

/* Grows an array to hold n + 1 items. */
static int grow(void **items, size_t *cap, size_t n, size_t size) {
  if (n < *cap) return 0;
  size_t want = *cap == 0 ? 8 : *cap * 2;
  void *p = realloc(*items, want * size);
  if (p == NULL) return -1;
  *items = p;
  *cap = want;
  return 0;
}

int args_add(args *out, const char *name, const char *value) {
  void *items = out->opts;
  if (grow(&items, &out->cap, out->n, sizeof *out->opts) != 0) return -1;
  out->opts = items;
  out->opts[out->n++] = (opt){name, value};
  return 0;
}

int args_add_positional(args *out, const char *value) {
  void *items = out->pos;
  if (grow(&items, &out->pos_cap, out->npos, sizeof *out->pos) != 0) return -1;
  out->pos = items;
  out->pos[out->npos++] = value;
  return 0;
}

char *args_keep(args *out, char *owned) {
  void *items = out->owned;
  if (owned == NULL || grow(&items, &out->owned_cap, out->n_owned, sizeof *out->owned) != 0) {
    free(owned);
    return NULL;
  }
  out->owned = items;
  out->owned[out->n_owned++] = owned;
  return owned;
}

void args_free(args *out) {
  for (size_t i = 0; i < out->n_owned; i++) free(out->owned[i]);
  free(out->owned);
  free(out->opts);
  free(out->pos);
  memset(out, 0, sizeof *out);
}

const opt_spec *opt_find(const opt_spec *const *tables, const char *name) {
  for (size_t t = 0; tables[t] != NULL; t++)
    for (const opt_spec *s = tables[t]; s->name != NULL; s++)
      if (strcmp(s->name, name) == 0) return s;
  return NULL;
}

const char *arg_get(const args *in, const char *name) {
  const char *value = NULL;
  for (size_t i = 0; i < in->n; i++)
    if (strcmp(in->opts[i].name, name) == 0) value = in->opts[i].value;
  return value;
}

int arg_flag(const args *in, const char *name) { return arg_get(in, name) != NULL; }

int arg_text(const char **out, app *a, const args *in, const char *name, int required) {
  const char *v = arg_get(in, name);
  if (v == NULL && required) return app_usage(a, "--%s is required", name);
  if (v != NULL) *out = v;
  return EXIT_OK;
}

int arg_time(redress_time *out, app *a, const args *in, const char *name, redress_time base) {
  const char *v = arg_get(in, name);
  if (v == NULL) return EXIT_OK;
  if (parse_time(out, v, redress_desk_now(a->desk), base) != 0)
    return app_usage(a,
                     "--%s: '%s' is not a time (use now, +2h, 2026-03-04, "
                     "2026-03-04T09:15:00Z or 2026-03-04T10:15:00+01:00)",
                     name, v);
  return EXIT_OK;
}

int arg_required_time(redress_time *out, app *a, const args *in, const char *name,
                      redress_time base) {
  if (arg_get(in, name) == NULL) return app_usage(a, "--%s is required", name);
  return arg_time(out, a, in, name, base);
}

int arg_amount(int64_t *out, app *a, const args *in, const char *name) {
  const char *v = arg_get(in, name);
  int parsed = v != NULL ? parse_amount(out, v) : 0;
  if (parsed == PARSE_TOO_LARGE)
    return app_usage(a, "--%s: '%s' is too large (at most %s)", name, v, AMOUNT_MAX_TEXT);
  if (parsed != 0)
    return app_usage(a, "--%s: '%s' is not an amount (use 49.90 or 120)", name, v);
  return EXIT_OK;
}

int arg_duration(int64_t *out, app *a, const args *in, const char *name) {
  const char *v = arg_get(in, name);
  if (v != NULL && parse_duration(out, v) != 0)
    return app_usage(a, "--%s: '%s' is not a duration (use 90m, 4h, 2d, 1w or 1d12h)", name,
                     v);
  return EXIT_OK;
}

int arg_int(long long *out, app *a, const args *in, const char *name, long long min,
            long long max) {
  const char *v = arg_get(in, name);
  if (v != NULL && parse_int(out, v, min, max) != 0)
    return app_usage(a, "--%s: '%s' is not a whole number in %lld..%lld", name, v, min, max);
  return EXIT_OK;
}

/* "phone, email, web" for an error message. */
static void list_names(char *buf, size_t size, int enumeration) {
  size_t used = 0;
  buf[0] = '\0';
  for (int v = 0; redress_enum_name(enumeration, v) != NULL && used < size; v++) {
    char name[64];
    format_enum(name, sizeof name, enumeration, v);
    int n = snprintf(buf + used, size - used, "%s%s", v > 0 ? ", " : "", name);
    if (n < 0) break;
    used += (size_t)n;
  }
}

int arg_enum(int *out, app *a, const args *in, const char *name, int enumeration,
             int required) {
  const char *v = arg_get(in, name);
  if (v == NULL && required) return app_usage(a, "--%s is required", name);
  if (v == NULL || parse_enum(out, enumeration, v) == 0) return EXIT_OK;
  char names[512];
  list_names(names, sizeof names, enumeration);
  return app_usage(a, "--%s: '%s' is not one of %s", name, v, names);
}

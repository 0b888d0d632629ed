/*
 * Command-line options through getopt_long(3). The option tables (opt_spec) stay the
 * data: the `struct option` array and the short-option string are generated from them
 * for each command, so that --help, the JSON loader and the parser read one list.
 * "--name value", "--name=value", unambiguous abbreviations (--jso), short letters
 * (-j, -a TIME), "--" before positionals that start with a dash; positionals keep
 * their order among the options ('-' at the start of the short-option string), and
 * POSIXLY_CORRECT changes nothing.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* Long options are returned as LONG_BASE + their index in the generated array. */
#define LONG_BASE 256
#define MAX_OPTIONS 128

/* The short letters: the same letter for the same long option in every command. */
static const struct {
  char letter;
  const char *name;
} letters[] = {
    {'h', "help"}, {'j', "json"}, {'n', "dry-run"}, {'a', "at"},
    {'o', "open"}, {'q', "quiet"}, {'c', "config"},
};

int opt_letter(const char *name) {
  for (size_t i = 0; i < sizeof letters / sizeof letters[0]; i++)
    if (strcmp(letters[i].name, name) == 0) return letters[i].letter;
  return 0;
}

typedef struct generated {
  struct option longs[MAX_OPTIONS + 1];
  const opt_spec *specs[MAX_OPTIONS];
  size_t n;
  char shorts[3 + 3 * (sizeof letters / sizeof letters[0]) + 1];
} generated;

static void generate(generated *g, const opt_spec *const *tables) {
  memset(g, 0, sizeof *g);
  size_t used = (size_t)snprintf(g->shorts, sizeof g->shorts, "-:");
  for (size_t t = 0; tables[t] != NULL; t++)
    for (const opt_spec *s = tables[t]; s->name != NULL && g->n < MAX_OPTIONS; s++) {
      g->longs[g->n] = (struct option){s->name, s->value ? required_argument : no_argument,
                                       NULL, LONG_BASE + (int)g->n};
      g->specs[g->n++] = s;
      int letter = opt_letter(s->name);
      if (letter != 0 && used + 3 < sizeof g->shorts) {
        g->shorts[used++] = (char)letter;
        if (s->value != NULL) g->shorts[used++] = ':';
        g->shorts[used] = '\0';
      }
    }
}

static const opt_spec *by_letter(const generated *g, int letter) {
  for (size_t i = 0; i < g->n; i++)
    if (opt_letter(g->specs[i]->name) == letter) return g->specs[i];
  return NULL;
}

/* "--na" matching several long options: getopt_long refuses it as it refuses an unknown
 * one; say which it could be. */
static int unknown_long(app *a, const generated *g, const char *arg,
                        const opt_spec *const *tables) {
  char name[80];
  snprintf(name, sizeof name, "%.*s", (int)strcspn(arg + 2, "="), arg + 2);
  char could[512] = "";
  size_t used = 0, matches = 0, len = strlen(name);
  for (size_t i = 0; i < g->n && used < sizeof could; i++)
    if (len > 0 && strncmp(g->specs[i]->name, name, len) == 0) {
      matches++;
      int w = snprintf(could + used, sizeof could - used, "%s--%s", used ? ", " : "",
                       g->specs[i]->name);
      if (w > 0) used += (size_t)w;
    }
  if (matches > 1) return app_usage(a, "option --%s is ambiguous: %s", name, could);
  char hint[96];
  suggest_option(hint, sizeof hint, name, tables);
  return app_usage(a, "unknown option --%s%s", name, hint);
}

/* getopt_long's '?': an unknown option, or a value given to a flag. */
static int refused(app *a, const generated *g, char **argv, const opt_spec *const *tables) {
  const char *arg = argv[optind - 1];
  if (optopt >= LONG_BASE)
    return app_usage(a, "--%s takes no value", g->specs[optopt - LONG_BASE]->name);
  if (optopt != 0) {
    char typed[2] = {(char)optopt, '\0'};
    char hint[96];
    suggest_option(hint, sizeof hint, typed, tables);
    return app_usage(a, "unknown option -%c%s", optopt, hint);
  }
  return unknown_long(a, g, arg, tables);
}

static int missing_value(app *a, const generated *g) {
  const opt_spec *s = optopt >= LONG_BASE ? g->specs[optopt - LONG_BASE] : by_letter(g, optopt);
  if (s == NULL) return app_usage(a, "-%c needs a value", optopt);
  return app_usage(a, "--%s needs a value (%s)", s->name, s->value);
}

static int one(args *out, app *a, const generated *g, int ch, char **argv,
               const opt_spec *const *tables) {
  const opt_spec *s = NULL;
  if (ch == 1) return args_add_positional(out, optarg) == 0 ? EXIT_OK : app_fail(a, "out of memory");
  if (ch == '?') return refused(a, g, argv, tables);
  if (ch == ':') return missing_value(a, g);
  s = ch >= LONG_BASE ? g->specs[ch - LONG_BASE] : by_letter(g, ch);
  if (s == NULL) return app_usage(a, "unknown option -%c (see --help)", ch);
  if (args_add(out, s->name, s->value != NULL ? optarg : "1") != 0)
    return app_fail(a, "out of memory");
  return EXIT_OK;
}

int args_parse(args *out, app *a, int argc, char **argv, const opt_spec *const *tables) {
  generated *g = malloc(sizeof *g);
  char **copy = malloc(((size_t)argc + 2) * sizeof *copy); /* getopt permutes its array */
  if (g == NULL || copy == NULL) {
    free(g);
    free(copy);
    return app_fail(a, "out of memory");
  }
  generate(g, tables);
  copy[0] = (char *)(uintptr_t)PROGRAM;
  memcpy(copy + 1, argv, (size_t)argc * sizeof *copy);
  copy[argc + 1] = NULL;
  optind = 0; /* glibc: start afresh */
  opterr = 0;
  int rc = EXIT_OK, ch;
  while (rc == EXIT_OK && (ch = getopt_long(argc + 1, copy, g->shorts, g->longs, NULL)) != -1)
    rc = one(out, a, g, ch, copy, tables);
  for (int i = optind; rc == EXIT_OK && i < argc + 1; i++) /* after "--" */
    if (args_add_positional(out, copy[i]) != 0) rc = app_fail(a, "out of memory");
  free(copy);
  free(g);
  return rc;
}

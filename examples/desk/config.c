/*
 * The config file: where it is, and its grammar (docs in redress-desk.1, "CONFIG"):
 *
 *   config   = { line } ;
 *   line     = setting | header | body | comment | blank ;
 *   setting  = ( "actor" | "timezone" | "zoneinfo" | "database" ) blanks value ;
 *   header   = "calendar" blanks name [ blanks "builtin" blanks key ]
 *            | "policy" ... ;             (a policy spec line of docs/deadlines.md)
 *   body     = blank { char } ;           (indented: belongs to the header above it)
 *
 * A value is the rest of the line, a " #" comment and trailing blanks cut. A calendar's
 * body is its spec, each line with its indentation cut (so that the text, which the
 * library fingerprints, does not depend on how far it is indented); whole-line comments
 * are left out of it. Policy blocks go to the library's policy parser as they are, every
 * other line left empty, so that its "line L, column C" is the file's.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

typedef struct parser {
  app *a;
  desk_config *c;
  const char *name; /* the file's name in messages */
  size_t line;
  enum { IN_NOTHING, IN_CALENDAR, IN_POLICY } block;
} parser;

static int at(parser *p, size_t column, const char *what, const char *detail) {
  return app_fail(p->a, "%s:%zu:%zu: %s%s", p->name, p->line, column, what, detail ? detail : "");
}

static int is_blank(char ch) { return ch == ' ' || ch == '\t' || ch == '\r'; }

static char *dup_span(const char *s, size_t n) {
  char *d = malloc(n + 1);
  if (d != NULL) {
    memcpy(d, s, n);
    d[n] = '\0';
  }
  return d;
}

/* ---- where it is ----------------------------------------------------------------- */

static int exists(const char *path) {
  struct stat st;
  return stat(path, &st) == 0;
}

/* `dir` (its first n bytes) and `tail` joined into path; 0 (and path empty) when they
 * do not fit, so that a cut name is never looked up in place of the real one. */
static int join_path(char *path, size_t size, const char *dir, size_t n, const char *tail) {
  size_t t = strlen(tail);
  if (size == 0) return 0;
  path[0] = '\0';
  if (n >= size || t >= size - n) return 0;
  memcpy(path, dir, n);
  memcpy(path + n, tail, t + 1);
  return 1;
}

/* The system-wide config: the first redress/desk.conf of $XDG_CONFIG_DIRS (a list of
 * absolute folders separated by ':'; /etc/xdg when unset or empty). A folder whose
 * name is too long for path is passed over. */
static void system_config(char *path, size_t size) {
  const char *dirs = getenv("XDG_CONFIG_DIRS");
  if (dirs == NULL || *dirs == '\0') dirs = "/etc/xdg";
  for (const char *d = dirs; *d != '\0';) {
    size_t n = strcspn(d, ":");
    if (d[0] == '/' && join_path(path, size, d, n, "/redress/desk.conf") && exists(path)) return;
    d += n + (d[n] == ':');
  }
  path[0] = '\0';
}

int config_locate(app *a, const char *flag, char *path, size_t size) {
  const char *env = getenv("REDRESS_DESK_CONFIG");
  const char *xdg = getenv("XDG_CONFIG_HOME");
  const char *home = getenv("HOME");
  path[0] = '\0';
  const char *named = flag != NULL && *flag ? flag : env != NULL && *env ? env : NULL;
  const char *from = named == flag ? "--config" : "REDRESS_DESK_CONFIG";
  if (named != NULL) {
    if (!exists(named))
      return app_fail(a, "config %s: %s (from %s)", named, strerror(ENOENT), from);
    if (!join_path(path, size, named, strlen(named), ""))
      return app_fail(a, "config %s: %s (from %s)", named, strerror(ENAMETOOLONG), from);
    return EXIT_OK;
  }
  /* an XDG_CONFIG_HOME that is not absolute is to be ignored (XDG Base Directory spec) */
  if (xdg != NULL && xdg[0] == '/') join_path(path, size, xdg, strlen(xdg), "/redress/desk.conf");
  else if (home != NULL && *home)
    join_path(path, size, home, strlen(home), "/.config/redress/desk.conf");
  if (path[0] != '\0' && !exists(path)) path[0] = '\0';
  if (path[0] == '\0') system_config(path, size);
  return EXIT_OK;
}

/* ---- settings ------------------------------------------------------------------- */

static const char *const keywords[] = {"actor", "timezone", "zoneinfo", "database", "calendar",
                                       "policy", NULL};

static conf_setting *setting_named(desk_config *c, const char *word, size_t n) {
  conf_setting *slots[] = {&c->actor, &c->timezone, &c->zoneinfo, &c->database};
  for (size_t i = 0; i < 4; i++)
    if (strlen(keywords[i]) == n && strncmp(keywords[i], word, n) == 0) return slots[i];
  return NULL;
}

/* The value after the keyword: up to a " #" comment, trailing blanks cut. */
static size_t value_length(const char *v, size_t n) {
  for (size_t i = 1; i < n; i++)
    if (v[i] == '#' && is_blank(v[i - 1])) {
      n = i;
      break;
    }
  while (n > 0 && is_blank(v[n - 1])) n--;
  return n;
}

/* A path or a zone is one line of text: a control character or bytes that are not
 * UTF-8 would be printed escaped by `config show` (\x1b for ESC), which then no longer
 * reads back as the same config. */
static int printable_value(parser *p, const char *name, const char *line, size_t start,
                           size_t len) {
  for (size_t i = start; i < start + len;) {
    uint32_t cp = 0;
    size_t n = utf8_char(line + i, start + len - i, &cp);
    char what[128];
    if (n == 0) snprintf(what, sizeof what, "%s: not valid UTF-8 at byte %zu", name, i - start);
    else if (text_is_control(cp))
      snprintf(what, sizeof what, "%s: holds a control character (U+%04X) at byte %zu",
               name, (unsigned)cp, i - start);
    if (n == 0 || text_is_control(cp)) return at(p, i + 1, what, NULL);
    i += n;
  }
  return EXIT_OK;
}

static int read_setting(parser *p, conf_setting *s, const char *line, size_t n, size_t word) {
  if (s->value != NULL) {
    char first[48];
    snprintf(first, sizeof first, " (first set at line %zu)", s->line);
    return at(p, 1, "a setting given twice", first);
  }
  size_t start = word;
  while (start < n && is_blank(line[start])) start++;
  size_t len = start < n && line[start] != '#' ? value_length(line + start, n - start) : 0;
  if (len == 0) return at(p, start + 1, "expected a value after the setting", NULL);
  /* the actor is checked as the verbs check it, by the library (config_check_actor) */
  if (s != &p->c->actor) {
    char name[16];
    snprintf(name, sizeof name, "%.*s", (int)(word < 15 ? word : 15), line);
    int rc = printable_value(p, name, line, start, len);
    if (rc != EXIT_OK) return rc;
  }
  s->value = dup_span(line + start, len);
  s->line = p->line;
  s->column = start + 1;
  return s->value != NULL ? EXIT_OK : app_fail(p->a, "out of memory");
}

/* ---- calendars -------------------------------------------------------------------- */

static size_t word_end(const char *s, size_t from, size_t n) {
  while (from < n && !is_blank(s[from]) && s[from] != '#') from++;
  return from;
}

static size_t skip_blanks(const char *s, size_t from, size_t n) {
  while (from < n && is_blank(s[from])) from++;
  return from;
}

static int read_calendar(parser *p, const char *line, size_t n, size_t word) {
  desk_config *c = p->c;
  size_t name = skip_blanks(line, word, n), name_end = word_end(line, name, n);
  if (name == name_end) return at(p, name + 1, "expected the calendar's name", NULL);
  for (size_t i = 0; i < c->n_calendars; i++)
    if (strlen(c->calendars[i].name) == name_end - name &&
        strncmp(c->calendars[i].name, line + name, name_end - name) == 0) {
      char first[48];
      snprintf(first, sizeof first, " (first at line %zu)", c->calendars[i].line);
      return at(p, name + 1, "a second calendar of this name", first);
    }
  size_t rest = skip_blanks(line, name_end, n), key = 0, key_end = 0;
  if (rest < n && line[rest] != '#') {
    size_t kw_end = word_end(line, rest, n);
    if (kw_end - rest != 7 || strncmp(line + rest, "builtin", 7) != 0)
      return at(p, rest + 1, "expected 'builtin KEY' or the end of the line", NULL);
    key = skip_blanks(line, kw_end, n);
    key_end = word_end(line, key, n);
    if (key == key_end) return at(p, key + 1, "expected the built-in calendar's key", NULL);
    size_t after = skip_blanks(line, key_end, n);
    if (after < n && line[after] != '#') return at(p, after + 1, "unexpected text", NULL);
  }
  conf_calendar *bigger = realloc(c->calendars, (c->n_calendars + 1) * sizeof *bigger);
  if (bigger == NULL) return app_fail(p->a, "out of memory");
  c->calendars = bigger;
  conf_calendar *cal = &c->calendars[c->n_calendars++];
  memset(cal, 0, sizeof *cal);
  cal->line = p->line;
  cal->name = dup_span(line + name, name_end - name);
  if (key_end > key) cal->builtin = dup_span(line + key, key_end - key);
  if (cal->name == NULL || (key_end > key && cal->builtin == NULL))
    return app_fail(p->a, "out of memory");
  p->block = IN_CALENDAR;
  return EXIT_OK;
}

static int calendar_body(parser *p, const char *line, size_t n) {
  conf_calendar *cal = &p->c->calendars[p->c->n_calendars - 1];
  size_t indent = skip_blanks(line, 0, n);
  if (indent == n || line[indent] == '#') return EXIT_OK; /* blank or a comment */
  if (cal->builtin != NULL)
    return at(p, indent + 1, "a built-in calendar takes no lines of its own", NULL);
  conf_line *lines = realloc(cal->lines, (cal->n_lines + 1) * sizeof *lines);
  if (lines == NULL) return app_fail(p->a, "out of memory");
  cal->lines = lines;
  char *spec = realloc(cal->spec, cal->len + (n - indent) + 2);
  if (spec == NULL) return app_fail(p->a, "out of memory");
  cal->spec = spec;
  cal->lines[cal->n_lines++] = (conf_line){p->line, indent, cal->len};
  memcpy(spec + cal->len, line + indent, n - indent);
  cal->len += n - indent;
  spec[cal->len++] = '\n';
  spec[cal->len] = '\0';
  return EXIT_OK;
}

/* ---- lines ------------------------------------------------------------------------ */

static int add_policy_line(parser *p, const char *line, size_t n) {
  desk_config *c = p->c;
  if (p->block == IN_POLICY && n > 0 && !is_blank(line[0])) { /* a header */
    size_t *lines = realloc(c->policy_lines, (c->n_policies + 1) * sizeof *lines);
    if (lines == NULL) return app_fail(p->a, "out of memory");
    c->policy_lines = lines;
    lines[c->n_policies++] = p->line;
  }
  memcpy(c->policies + c->policies_len, line, n);
  c->policies_len += n;
  return EXIT_OK;
}

static int header(parser *p, const char *line, size_t n) {
  size_t word = word_end(line, 0, n);
  conf_setting *s = setting_named(p->c, line, word);
  p->block = IN_NOTHING;
  if (s != NULL) return read_setting(p, s, line, n, word);
  if (word == 8 && strncmp(line, "calendar", 8) == 0) return read_calendar(p, line, n, word);
  if (word == 6 && strncmp(line, "policy", 6) == 0) {
    p->block = IN_POLICY;
    return add_policy_line(p, line, n);
  }
  char typed[64], hint[96] = "";
  snprintf(typed, sizeof typed, "%.*s", (int)(word < 63 ? word : 63), line);
  const char *near = suggest(typed, keywords, 0);
  if (near != NULL) snprintf(hint, sizeof hint, "; did you mean '%s'?", near);
  char what[200];
  snprintf(what, sizeof what, "unknown setting '%s' (expected actor, timezone, zoneinfo, "
                              "database, calendar or policy%s)", typed, hint);
  return at(p, 1, what, NULL);
}

static int config_line(parser *p, const char *line, size_t n) {
  size_t first = skip_blanks(line, 0, n);
  int rc = EXIT_OK;
  if (first == n || line[first] == '#') { /* blank or a comment: ends no block */
    if (p->block == IN_CALENDAR) rc = calendar_body(p, line, n);
  } else if (first > 0) {
    if (p->block == IN_CALENDAR) rc = calendar_body(p, line, n);
    else if (p->block == IN_POLICY) rc = add_policy_line(p, line, n);
    else rc = at(p, first + 1, "an indented line outside a calendar or policy block", NULL);
  } else {
    rc = header(p, line, n);
  }
  p->c->policies[p->c->policies_len++] = '\n';
  return rc;
}

static int check_calendars(parser *p) {
  for (size_t i = 0; i < p->c->n_calendars; i++) {
    const conf_calendar *cal = &p->c->calendars[i];
    p->line = cal->line;
    if (cal->builtin == NULL && cal->len == 0)
      return at(p, 1, "a calendar without lines (write its spec indented below it; "
                      "24x7 for always open)", NULL);
  }
  return EXIT_OK;
}

/* ~/ and paths relative to the config file's folder. */
static int resolve_database(app *a, desk_config *c) {
  const char *v = c->database.value;
  if (v == NULL) return EXIT_OK;
  const char *home = getenv("HOME");
  size_t size = strlen(v) + (home ? strlen(home) : 0) + (c->path ? strlen(c->path) : 0) + 2;
  c->database_path = malloc(size);
  if (c->database_path == NULL) return app_fail(a, "out of memory");
  const char *slash = c->path != NULL ? strrchr(c->path, '/') : NULL;
  if (strncmp(v, "~/", 2) == 0 && home != NULL) snprintf(c->database_path, size, "%s%s", home, v + 1);
  else if (v[0] == '/' || strncmp(v, "file:", 5) == 0 || slash == NULL)
    snprintf(c->database_path, size, "%s", v);
  else snprintf(c->database_path, size, "%.*s/%s", (int)(slash - c->path), c->path, v);
  return EXIT_OK;
}

static int parse(parser *p) {
  desk_config *c = p->c;
  c->policies = malloc(c->len + 2);
  if (c->policies == NULL) return app_fail(p->a, "out of memory");
  if (memchr(c->text, '\0', c->len) != NULL)
    return app_fail(p->a, "%s: a NUL byte in the file (not a text file?)", p->name);
  int rc = EXIT_OK;
  for (size_t start = 0; rc == EXIT_OK && start < c->len;) {
    const char *nl = memchr(c->text + start, '\n', c->len - start);
    size_t end = nl != NULL ? (size_t)(nl - c->text) : c->len;
    p->line++;
    rc = config_line(p, c->text + start, end - start);
    start = end + 1;
  }
  c->policies[c->policies_len] = '\0';
  if (rc == EXIT_OK) rc = check_calendars(p);
  if (rc == EXIT_OK) rc = resolve_database(p->a, c);
  return rc;
}

int config_load(desk_config **out, app *a, const char *path) {
  desk_config *c = calloc(1, sizeof *c);
  if (c == NULL) return app_fail(a, "out of memory");
  int rc = EXIT_OK;
  if (path != NULL && *path) {
    c->path = dup_span(path, strlen(path));
    rc = c->path == NULL ? app_fail(a, "out of memory") : read_file(a, path, &c->text, &c->len);
  } else {
    c->len = desk_default_conf_len;
    c->text = dup_span((const char *)desk_default_conf, c->len);
    if (c->text == NULL) rc = app_fail(a, "out of memory");
  }
  parser p = {a, c, config_name(c), 0, IN_NOTHING};
  if (rc == EXIT_OK) rc = parse(&p);
  if (rc != EXIT_OK) {
    config_free(c);
    return rc;
  }
  *out = c;
  return EXIT_OK;
}

const char *config_name(const desk_config *c) {
  return c->path != NULL ? c->path : "(built-in default)";
}

void config_free(desk_config *c) {
  if (c == NULL) return;
  for (size_t i = 0; i < c->n_calendars; i++) {
    free(c->calendars[i].name);
    free(c->calendars[i].builtin);
    free(c->calendars[i].spec);
    free(c->calendars[i].lines);
  }
  free(c->calendars);
  free(c->actor.value);
  free(c->timezone.value);
  free(c->zoneinfo.value);
  free(c->database.value);
  free(c->database_path);
  free(c->policies);
  free(c->policy_lines);
  free(c->text);
  free(c->path);
  free(c);
}

/*
 * The desk's conventions as a command-line tool, beside desk.h (which maps the rest):
 *
 *   config.c        the config file: where it is, its grammar, file:line:column errors
 *   config_apply.c  its calendars and policies put on a desk (library errors mapped back
 *                   to the file's lines); the built-in calendars it may name
 *   config_cmd.c    `config check` and `config show`
 *   getopt.c        options through getopt_long, generated from the option tables
 *   suggest.c       "did you mean": the nearest name by edit distance
 *   ids.c           complaint ids given by an unambiguous prefix, as git does
 *   zone.c          the display time zone and colour on terminals
 *   jsonout.c       list and tick as JSON lines
 */
#ifndef REDRESS_DESK_CLI_H
#define REDRESS_DESK_CLI_H

#include "desk.h"

/* A tick that raised at least one breach (warnings alone exit 0), so cron can alert. */
enum { EXIT_BREACH = 3 };

/* ---- the config file (config.c, config_apply.c) -------------------------------- */

/* One line of a calendar's body: where it is in the file and in the spec text. */
typedef struct conf_line {
  size_t line;   /* in the file, from 1 */
  size_t indent; /* the blanks cut from its start */
  size_t offset; /* where it starts in the spec text */
} conf_line;

typedef struct conf_calendar {
  char *name;
  size_t line;   /* of its header */
  char *builtin; /* `calendar NAME builtin KEY`: KEY; else NULL */
  char *spec;    /* its body lines, indentation cut, each ending with a newline */
  size_t len;
  conf_line *lines;
  size_t n_lines;
} conf_calendar;

typedef struct conf_setting {
  char *value; /* NULL: not set */
  size_t line, column; /* of the value */
} conf_setting;

typedef struct desk_config {
  char *path; /* the file read; NULL for the built-in default */
  char *text; /* the whole file */
  size_t len;
  conf_setting actor, timezone, zoneinfo, database;
  char *database_path; /* the database setting resolved (~/, relative to the file) */
  conf_calendar *calendars;
  size_t n_calendars;
  char *policies; /* the file with every line outside a policy block left empty, so that
                     the policy parser's line numbers are the file's */
  size_t policies_len;
  size_t *policy_lines; /* the header line of each policy, in order */
  size_t n_policies;
} desk_config;

/* The config file to read: --config FILE, else $REDRESS_DESK_CONFIG, else
 * $XDG_CONFIG_HOME/redress/desk.conf (~/.config/redress/desk.conf), else the first
 * redress/desk.conf of $XDG_CONFIG_DIRS (/etc/xdg) that exists; "" when none does (the
 * built-in default). Fails if the flag or the variable names a
 * file that does not exist. */
int config_locate(app *a, const char *flag, char *path, size_t size);
/* Reads and checks the grammar of the file at path ("" or NULL: the built-in default). */
int config_load(desk_config **out, app *a, const char *path);
void config_free(desk_config *c);
/* "FILE" or "(built-in default)". */
const char *config_name(const desk_config *c);
/* Adds the calendars and policies to a->desk; errors name file:line:column. */
int config_apply(app *a, const desk_config *c);
/* The same on a scratch desk in memory, with the display zone: the config is checked
 * before any database is opened (or created). */
int config_verify(app *a, const desk_config *c);
/* The config's actor checked as every verb checks it, on a->desk; errors name
 * file:line:column. */
int config_check_actor(app *a, const desk_config *c);
/* The display zone and zoneinfo folder: checks the zone on a->desk, then selects it for
 * format_time(). */
int config_select_zone(app *a, const desk_config *c);
/* The built-in default config (desk.conf, embedded at build time). */
extern const unsigned char desk_default_conf[];
extern const size_t desk_default_conf_len;

int cmd_config(app *a, const args *in, const command *self);

/* ---- options (getopt.c, suggest.c) -------------------------------------------- */

/* The short letter of a long option, or 0. */
int opt_letter(const char *name);
/* The name among `names` (count of them, or NULL-terminated when count is 0) nearest to
 * `typed` by edit distance, if near enough to be a likely typo; else NULL. */
const char *suggest(const char *typed, const char *const *names, size_t count);
/* " (did you mean --json?)" or "" in buf, for an option typed wrong. */
void suggest_option(char *buf, size_t size, const char *typed, const opt_spec *const *tables);

/* ---- ids (ids.c) -------------------------------------------------------------- */

/* The shortest prefix accepted. */
#define ID_PREFIX_MIN 4
/* The id a command was given: itself when a complaint has it, else the one complaint
 * whose id starts with it. Fails when none or several do (naming them) or when it is
 * shorter than ID_PREFIX_MIN. out holds REDRESS_MAX_ID_BYTES + 1. */
int resolve_id(app *a, const char *given, char *out);

/* ---- display (zone.c) --------------------------------------------------------- */

/* An ISO 8601 time in UTC ("2026-03-04T09:15:00Z"), for JSON. */
void format_time_utc(char *buf, size_t size, redress_time t);
/* Colour on stdout: a terminal, and NO_COLOR unset or empty (https://no-color.org). */
int use_colour(void);
/* The escape that starts a colour for a level or state ("breach", "warning") or "". */
const char *colour_start(int on, const char *what);
const char *colour_end(int on);

/* ---- JSON lines (jsonout.c) ---------------------------------------------------- */

void json_member_string(FILE *out, const char *name, const char *value, int first);
void json_member_time(FILE *out, const char *name, redress_time t);
void json_member_enum(FILE *out, const char *name, int enumeration, int value);

#endif

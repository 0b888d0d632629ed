/*
 * redress-desk: a command-line complaint desk over the SQLite store. This header is
 * the map of the program; each .c file holds one concern:
 *
 *   main.c      the command table, help, dispatch, the one error line
 *   args.c      command-line options and their typed values
 *   values.c    times, durations, money and enum names: parsing and printing
 *   open.c      where the database lives, and opening the desk over it
 *   policies.c  the policies command, and --policies FILE
 *   cli.h       the config file, getopt_long, id prefixes, the display zone, JSON lines
 *   add.c list.c show.c verbs.c tick.c      the commands on complaints
 *   feed.c      the change feed as JSON lines
 *   report.c    the retention report (table and JSON); svg.c its chart
 *   dashboard.c the report as an HTML dashboard (dashboard.h maps its files)
 *   demo.c      a month of sample complaints replayed on a simulated clock
 *   json.c      a small JSON reader; load.c turns JSON lines into options
 *   text.c      UTF-8, and printing free text with its control characters escaped
 */
#ifndef REDRESS_DESK_APP_H
#define REDRESS_DESK_APP_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "redress.h"
#include "redress/sys/store.h"

#define PROGRAM "redress-desk"

/* Exit codes: 0 success, 1 a failure (bad data, refused verb, store), 2 bad usage. */
enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

/* ---- the application ---------------------------------------------------------- */

typedef struct app {
  redress_desk *desk;
  redress_store store;   /* a copy of the desk's store vtable, for the adapter's transactions */
  redress_store records; /* the records of the desk's tenant, read by list */
  char db_path[4096];
  redress_time sim_now;  /* the demo's simulated clock; 0 means the wall clock */
  char err[2048];        /* the failure main() prints, as one line */
  struct desk_config *conf; /* the config file (cli.h); NULL: calendars and policies unset */
} app;

#if defined(__GNUC__)
#define DESK_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define DESK_PRINTF(f, a)
#endif

/* Records a failure for main() to print; returns EXIT_FAIL. */
int app_fail(app *a, const char *fmt, ...) DESK_PRINTF(2, 3);
/* Same, returning EXIT_USAGE. */
int app_usage(app *a, const char *fmt, ...) DESK_PRINTF(2, 3);
/* A library failure: "<what>: <desk message> (<code name>)", the store's own message
 * instead when rc is REDRESS_ERR_STORE; returns EXIT_FAIL. */
int app_fail_rc(app *a, int rc, const char *what);
/* A failure of a store slot called directly: "<what>: <store message> (<code name>)". */
int app_fail_store(app *a, int rc, const char *what);

/* open.c: --db as given: refuses "" and a file in a folder that does not exist. */
int app_check_db_flag(app *a, const char *flag);
/* Resolves the path (flag, REDRESS_DESK_DB, the XDG data dir), creates its directories
 * (not those of --db, which must exist) and opens the desk for the tenant (NULL: the
 * default tenant). */
int app_open(app *a, const char *db_flag, const char *tenant);
/* The database path: the flag, $REDRESS_DESK_DB, the config's, the XDG data dir. */
int app_database_path(app *a, const char *flag, char *out, size_t size);
/* Opens the desk on exactly this path. */
int app_open_path(app *a, const char *path, const char *tenant);
void app_close(app *a);
/* The store's last failure as a sentence; "" when it has none or no store is open. */
const char *app_store_errmsg(const app *a);
/* Runs one store transaction around fn (begin, fn, commit; rollback on failure). */
int app_transaction(app *a, int (*fn)(app *a, void *ctx), void *ctx);

/* policies.c: a paragraph describing the default config's policies, for --help. */
extern const char desk_policies_help[];

/* ---- options (args.c) --------------------------------------------------------- */

typedef struct opt_spec {
  const char *name;  /* long name without "--"; NULL ends a table */
  const char *value; /* placeholder of its value ("TIME"); NULL for a flag */
  const char *help;
} opt_spec;

typedef struct opt {
  const char *name;
  const char *value; /* "1" for a flag */
} opt;

/* Parsed options and positional arguments. Values are borrowed from argv or from a
 * JSON document, except the strings in `owned`. */
typedef struct args {
  opt *opts;
  size_t n, cap;
  const char **pos;
  size_t npos, pos_cap;
  char **owned;
  size_t n_owned, owned_cap;
} args;

/* Option tables are given as a NULL-terminated list of tables. */
#define MAX_OPT_TABLES 4
typedef const opt_spec *opt_tables[MAX_OPT_TABLES + 1];

/* Options every command takes. */
extern const opt_spec common_opts[];

int args_parse(args *out, app *a, int argc, char **argv, const opt_spec *const *tables);
int args_add(args *out, const char *name, const char *value);
int args_add_positional(args *out, const char *value);
/* Takes ownership of a malloc'ed string (freed by args_free) and returns it. */
char *args_keep(args *out, char *owned);
void args_free(args *out);
const opt_spec *opt_find(const opt_spec *const *tables, const char *name);

/* The last value given for `name`, or NULL. */
const char *arg_get(const args *in, const char *name);
int arg_flag(const args *in, const char *name);
/* Typed values. Each returns 0, or fails on `a` (message names the option). A missing
 * option leaves *out alone unless `required`, which fails. */
int arg_text(const char **out, app *a, const args *in, const char *name, int required);
int arg_time(redress_time *out, app *a, const args *in, const char *name, redress_time base);
int arg_required_time(redress_time *out, app *a, const args *in, const char *name,
                      redress_time base);
int arg_amount(int64_t *out, app *a, const args *in, const char *name);
int arg_duration(int64_t *out, app *a, const args *in, const char *name);
int arg_int(long long *out, app *a, const args *in, const char *name, long long min,
            long long max);
int arg_enum(int *out, app *a, const args *in, const char *name, int enumeration,
             int required);

/* ---- values (values.c) -------------------------------------------------------- */

/* "now", "+DURATION" (after `base`), or ISO 8601: 2026-03-04, 2026-03-04T09:15,
 * 2026-03-04T09:15:30Z, 2026-03-04T10:15:30+01:00. 0 on success, -1 if malformed. */
int parse_time(redress_time *out, const char *text, redress_time now, redress_time base);
/* "90s", "45m", "4h", "2d", "1w", or combined: "1d12h". */
int parse_duration(int64_t *out, const char *text);
/* parse_amount(): well formed, but past the largest amount (AMOUNT_MAX_TEXT). */
#define PARSE_TOO_LARGE (-2)
/* INT64_MAX minor units, the largest amount the library stores, as typed. */
#define AMOUNT_MAX_TEXT "92233720368547758.07"
/* Money in major units with up to two decimals ("49.90", "120") as minor units; -1 for
 * what is no amount, PARSE_TOO_LARGE for one above AMOUNT_MAX_TEXT. */
int parse_amount(int64_t *out, const char *text);
int parse_int(long long *out, const char *text, long long min, long long max);
/* A value of a redress enumeration by its name; '-' and '_' are the same. */
int parse_enum(int *out, int enumeration, const char *text);
/* Seconds since the epoch of a UTC civil time (no range checks). */
redress_time time_from_civil(int year, int month, int day, int hour, int minute, int second);

void format_time(char *buf, size_t size, redress_time t);
void format_duration(char *buf, size_t size, double seconds);
void format_amount(char *buf, size_t size, int64_t minor);
/* Room for any money figure: 39 digits of a 128-bit sum, their commas, sign and point. */
#define MONEY_TEXT_SIZE 64
/* An estimate in minor units as money, "206,610.43"; "-" for NaN. */
void format_money(char *buf, size_t size, double minor);
/* Minor units given exactly as decimal digits (redress_metrics_exact) as money. */
void format_money_digits(char *buf, size_t size, const char *digits, int negative);
/* A whole number for reading: 97,220. */
void format_count(char *buf, size_t size, double count);
/* An enum name for people: "in_person" as "in-person". */
void format_enum(char *buf, size_t size, int enumeration, int value);

/* ---- free text (text.c) ------------------------------------------------------- */

/* The UTF-8 character at text (avail bytes): its length, its code point in *cp; 0 if
 * the bytes there are not one (RFC 3629: no overlongs, surrogates, or code points
 * above U+10FFFF; a sequence cut short by avail). */
size_t utf8_char(const char *text, size_t avail, uint32_t *cp);
/* C0, DEL, C1, the bidi embeddings, overrides and isolates, U+2028 and U+2029: the
 * characters print_text() escapes. */
int text_is_control(uint32_t cp);
/* Prints len bytes of text, escaping control characters and bytes that are not UTF-8
 * (see text.c); returns the bytes printed. Every text the desk did not write itself
 * goes out through these three. */
size_t print_span(FILE *out, const char *text, size_t len);
/* The same for a C string; NULL prints nothing. */
size_t print_text(FILE *out, const char *text);
/* print_text() padded with spaces to `width` bytes, like printf's %-*s. */
void print_column(FILE *out, const char *text, int width);
/* A JSON string: quotes, backslashes and control characters escaped. */
void print_json_string(FILE *out, const char *text);

/* ---- commands ------------------------------------------------------------------ */

typedef struct command command;
typedef int (*command_fn)(app *a, const args *in, const command *self);

struct command {
  const char *name;
  const char *usage;   /* what follows the name in the usage line */
  const char *summary; /* one short sentence */
  const char *details; /* more for --help, or NULL */
  opt_tables opts;     /* the command's own tables; common_opts is added */
  int needs_desk;      /* open the database before running */
  command_fn run;
  const void *data;    /* the verb, for lifecycle verbs */
};

const command *verb_commands(size_t *count);

/* add.c: builds a complaint from options (the add flags or a JSON line). */
extern const opt_spec add_opts[];
int complaint_from_args(redress_complaint **out, app *a, const args *in);
int cmd_add(app *a, const args *in, const command *self);

int cmd_list(app *a, const args *in, const command *self);
int cmd_show(app *a, const args *in, const command *self);
int cmd_tick(app *a, const args *in, const command *self);
int cmd_feed(app *a, const args *in, const command *self);
int cmd_report(app *a, const args *in, const command *self);
int cmd_demo(app *a, const args *in, const command *self);
/* test_cmd.c: runs scenario files with libredress-scenario. */
extern const opt_spec test_opts[];
int cmd_test(app *a, const args *in, const command *self);
/* returns.c: the regulators' returns (redress-desk return fca|asic). */
extern const opt_spec return_opts[];
int cmd_return(app *a, const args *in, const command *self);

/* verbs.c: applies the lifecycle verb `name` with its options to c at `at`. */
const command *verb_find(const char *name);
int verb_apply(app *a, redress_complaint *c, const command *verb, const args *in,
               redress_time at);

/* tick.c: runs a tick at `at`, printing each alarm to out; adds to *count. */
int tick_run(app *a, redress_time at, FILE *out, size_t *count);

/* report.c */
typedef struct report_options {
  redress_time as_of;
  int group_by;         /* a redress_group_by */
  int json;             /* print JSON instead of the table */
  const char *svg_path; /* also write the chart there, or NULL */
  const char *html_path; /* also write the dashboard there (dashboard.c), or NULL */
} report_options;
int report_run(app *a, const report_options *o, FILE *out);
/* One metric's value (NaN when there is nothing to measure). */
double metric(redress_metrics *m, int group, int which);
/* A whole-number metric (a count, money summed) exactly as decimal digits into buf of
 * REDRESS_METRICS_EXACT_SIZE bytes; 0 when it is none (a rate, an estimate). */
int metric_exact(char *buf, redress_metrics *m, int group, int which);
/* A metric as a JSON number: whole-number metrics exactly, NaN as null. */
void json_metric(FILE *out, redress_metrics *m, int group, int which);

/* svg.c: writes the chart of the report to path. */
int svg_write(app *a, redress_metrics *m, redress_time as_of, const char *path);
/* dashboard.c: writes the HTML dashboard as of `as_of` to path. */
int dashboard_write(app *a, redress_time as_of, const char *path);

/* ---- JSON input (json.c, load.c) ---------------------------------------------- */

typedef enum jtype { J_NULL, J_FALSE, J_TRUE, J_NUMBER, J_STRING, J_ARRAY, J_OBJECT } jtype;

/* A decoded string and its length. The reader refuses U+0000 in strings, so text is
 * also a whole C string: strlen(text) == len, always. */
typedef struct jstr {
  char *text;
  size_t len;
} jstr;

typedef struct jvalue {
  jtype type;
  char *text;            /* J_STRING: the unescaped text (as in jstr); J_NUMBER: the literal */
  size_t len;            /* J_STRING, J_NUMBER: the length of text */
  struct jvalue *items;  /* J_ARRAY, J_OBJECT: the elements, the members' values */
  jstr *keys;            /* J_OBJECT: the members' names */
  size_t n;
} jvalue;

/* Parses one JSON document (RFC 8259, UTF-8, no exponents, no U+0000 in strings). On
 * failure *out is untouched and err says what, in which member and at which byte. */
int json_parse(jvalue *out, const char *text, size_t len, char *err, size_t errlen);
void json_free(jvalue *v);
const jvalue *json_member(const jvalue *object, const char *key);

/* load.c: the members of a JSON object as options of `tables` (names with '_' or
 * '-'); members named in `skip` are left out. Nested "attrs" objects become
 * repeated "attr KEY=VALUE" options. */
int args_from_json(args *out, app *a, const jvalue *object, const opt_spec *const *tables,
                   const char *const *skip);
/* Calls fn for each non-blank line of text (line numbers from 1). */
int each_line(app *a, const char *text, size_t len,
              int (*fn)(app *a, const char *line, size_t len, size_t number, void *ctx),
              void *ctx);
/* Reads a whole stream or file; the result is malloc'ed and NUL-terminated. */
int read_stream(app *a, FILE *f, const char *name, char **out, size_t *len);
int read_file(app *a, const char *path, char **out, size_t *len);
/* policies.c: loads the policy spec file at path (NULL: nothing to load); and the
 * policies command. */
int app_load_policies(app *a, const char *path);
int cmd_policies(app *a, const args *in, const command *self);

/* The bundled sample of the demo (generated from data/sample.jsonl at build time). */
extern const unsigned char desk_sample_jsonl[];
extern const size_t desk_sample_jsonl_len;

#endif

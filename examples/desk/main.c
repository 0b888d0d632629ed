/*
 * redress-desk: a complaint desk on the command line, over the SQLite store.
 *
 *   redress-desk add --customer cust-42 --channel email --text "Parcel arrived broken"
 *   redress-desk acknowledge c-... --note "So sorry, we are on it"
 *   redress-desk list --open
 *   redress-desk report --svg report.svg
 *   redress-desk demo
 *
 * This file holds the command table, the help texts and the dispatch; every failure
 * ends here as one line on stderr.
 */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"

static int vfail(app *a, int code, const char *fmt, va_list ap) {
  vsnprintf(a->err, sizeof a->err, fmt, ap);
  return code;
}

int app_fail(app *a, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int code = vfail(a, EXIT_FAIL, fmt, ap);
  va_end(ap);
  return code;
}

int app_usage(app *a, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int code = vfail(a, EXIT_USAGE, fmt, ap);
  va_end(ap);
  return code;
}

/*
 * Every failure of the library or the store is worded here: "<what>: <why> (<code>)".
 * For a store failure the library only knows "store.save failed"; the store knows why
 * ("attempt to write a readonly database", "database or disk is full"), so its own
 * sentence is the reason given. A reason that already starts with "<what>: " (the
 * library's "tick: ...") is not prefixed again.
 */
static int fail_code(app *a, int rc, const char *what, const char *why) {
  const char *name = redress_strerror(rc);
  int name_len = (int)strcspn(name, ":");
  if (why == NULL || *why == '\0') why = name + name_len + (name[name_len] ? 2 : 0);
  size_t what_len = strlen(what);
  if (strncmp(why, what, what_len) == 0 && strncmp(why + what_len, ": ", 2) == 0)
    return app_fail(a, "%s (%.*s)", why, name_len, name);
  return app_fail(a, "%s: %s (%.*s)", what, why, name_len, name);
}

int app_fail_rc(app *a, int rc, const char *what) {
  const char *store = rc == REDRESS_ERR_STORE ? app_store_errmsg(a) : "";
  return fail_code(a, rc, what, *store != '\0' ? store : redress_desk_errmsg(a->desk));
}

int app_fail_store(app *a, int rc, const char *what) {
  return fail_code(a, rc, what, app_store_errmsg(a));
}

/* ---- the commands ---------------------------------------------------------------- */

static int cmd_help(app *a, const args *in, const command *self);

static const opt_spec no_opts[] = {{NULL, NULL, NULL}};

static const opt_spec list_opts[] = {
    {"open", NULL, "only complaints not yet closed or withdrawn"},
    {"due", NULL, "only complaints with a warning or breach due (by --within from now)"},
    {"within", "DURATION", "with --due: look ahead this far (90m, 4h, 2d, 1w)"},
    {"breached", NULL, "only complaints with a breached deadline (with --open: the "
                       "ones still to handle)"},
    {"customer", "ID", "only this customer's complaints"},
    {"owner", "NAME", "only complaints assigned to this owner (\"my open complaints\": "
                      "--owner me --open)"},
    {"team", "NAME", "only complaints of this team"},
    {"at", "TIME", "what \"now\" is (default: the clock)"},
    {"json", NULL, "one JSON object per complaint and line (times in UTC)"},
    {NULL, NULL, NULL},
};

static const opt_spec show_opts[] = {
    {"at", "TIME", "evaluate deadlines at this time (default: now)"},
    {"json", NULL, "print the canonical JSON document instead"},
    {NULL, NULL, NULL},
};

static const opt_spec tick_opts[] = {
    {"at", "TIME", "tick at this time (default: now); with --dry-run, look ahead to it"},
    {"dry-run", NULL, "print the alarms a tick at --at would raise, and save nothing"},
    {"json", NULL, "one JSON object per alarm and line (times in UTC)"},
    {NULL, NULL, NULL},
};

static const opt_spec feed_opts[] = {
    {"after", "CURSOR", "print the changes after this cursor (default 0: from the first)"},
    {"limit", "N", "print at most N changes (default: every change there is)"},
    {"json", NULL, "JSON lines (the only format of the feed; accepted for scripts)"},
    {NULL, NULL, NULL},
};

static const opt_spec report_opts[] = {
    {"at", "TIME", "judge deadlines as of this time (default: now)"},
    {"by", "GROUPING", "also break down by channel, category, temperament, legitimacy, "
                       "severity, owner, team, week or month"},
    {"json", NULL, "print every metric as JSON"},
    {"svg", "FILE", "also write a chart of the retention funnel and on-time rates"},
    {"html", "FILE", "also write the dashboard: one self-contained HTML page (funnel, "
                     "deadlines, weekly trend, breaches, oldest open, by channel, team and "
                     "category)"},
    {NULL, NULL, NULL},
};

static const opt_spec demo_opts[] = {
    {"svg", "FILE", "where to write the chart (default: demo-report.svg here)"},
    {"html", "FILE", "also write the dashboard there (see report --html)"},
    {"sample", "FILE", "replay these JSON lines instead of the bundled sample"},
    {"quiet", NULL, "do not print the alarms as they fire"},
    {NULL, NULL, NULL},
};

static const command commands[] = {
    {"add", "[options]  |  redress-desk add - < complaints.jsonl",
     "Record a new complaint and print its id.",
     "With -, reads one complaint per line of JSON from stdin, keys named like the options\n"
     "(order_value or order-value; \"attrs\": {\"key\": \"value\"}), and adds them all in\n"
     "one transaction or none of them. Lines must be UTF-8; a string holding \\u0000 or\n"
     "a lone surrogate, and numbers with exponents or leading zeros, are refused with the\n"
     "line and member named.",
     {add_opts}, 1, cmd_add, NULL},
    {"list", "[options]", "List complaints, newest first.",
     "Filters combine. --due lists by next alarm; --owner, --team, --customer and --due\n"
     "use the store's indexes.", {list_opts}, 1, cmd_list, NULL},
    {"show", "ID [options]", "Show a complaint with its history, deadlines and verdict.",
     "The verdict is the classifier's: temperament, legitimacy, risks, the playbook and\n"
     "every reason that counted.", {show_opts}, 1, cmd_show, NULL},
    {"tick", "[options]", "Report the deadline warnings and breaches now due.",
     "Each alarm is reported exactly once, even when several processes tick the same\n"
     "database: run it from cron every few minutes. A tick records what it reports, so\n"
     "to look ahead use --dry-run: 'tick --dry-run --at +3d' shows what would fire by\n"
     "then and saves nothing. Exit status 3 when the tick raised (or, with --dry-run,\n"
     "would raise) a breach, so that cron can alert; warnings alone exit 0.",
     {tick_opts}, 1, cmd_tick, NULL},
    {"feed", "[--after CURSOR] [--limit N]",
     "Print every saved change as JSON lines, in order, from a cursor.",
     "One JSON object per line and per change: each event a save appended, each alarm a\n"
     "tick recorded, a save without events (\"saved\"), a removal. Members: \"cursor\" (where\n"
     "to resume: pass it as --after next time), \"complaint\", \"revision\", \"change\"\n"
     "(created, event, alarm, saved, removed), \"at\"; for created and event also \"event\"\n"
     "(the verb) and \"seq\"; for alarm also \"deadline\", \"level\", \"anchor\" and \"due\".\n"
     "Times are ISO 8601 in UTC. A reader that keeps the cursor of the last line it\n"
     "handled gets every change exactly once, whatever crashed in between.",
     {feed_opts}, 1, cmd_feed, NULL},
    {"report", "[options]", "The retention report, as a table, JSON or an SVG chart.",
     "Outcomes, on-time rates, durations, satisfaction, and the retention model's\n"
     "expected retained and lost customers (redress_metrics_*).",
     {report_opts}, 1, cmd_report, NULL},
    {"return", "fca|asic --from TIME --to TIME [--csv]",
     "Print a regulator's complaints return for a reporting period.",
     "fca: the FCA complaints return figures (DISP 1 Annex 1R), in total, by product and\n"
     "by cause; asic: the ASIC IDR data report, one record per complaint received in the\n"
     "period or open at its start. Money in pounds or dollars, dates in UTC\n"
     "(docs/returns.md says what each figure counts).", {return_opts}, 1, cmd_return, NULL},
    {"demo", "[options]", "Replay a month of sample complaints, then report.",
     "Loads about 200 complaints (English, Korean, Chinese) with their planned actions\n"
     "into a fresh database (a temporary file unless --db), replays March 2026 on a\n"
     "simulated clock with an hourly tick, prints the alarms as they fire and ends with\n"
     "the report and its chart.", {demo_opts}, 0, cmd_demo, NULL},
    {"policies", "[options]", "Print the desk's policies as a canonical policy spec.",
     "The built-in policies and those of --policies FILE, each with its version. Each\n"
     "complaint records the policy version its deadlines run under; migrate-policy moves\n"
     "one to the newest.", {no_opts}, 1, cmd_policies, NULL},
    {"config", "check [FILE] | show", "Validate the config file, or print the config in effect.",
     "check reads FILE (default: the config in effect) and applies it to a scratch desk in\n"
     "memory: errors say FILE:LINE:COLUMN. show prints the settings, calendars and\n"
     "policies in effect as a config file. Grammar: redress-desk(1), CONFIG.",
     {no_opts}, 0, cmd_config, NULL},
    {"test", "[--format text|tap|junit] FILE...", "Run business-rule scenario files.",
     "Scenarios (docs/scenarios.md) on the memory store, or with --db in a new SQLite file.\n"
     "Prints each failed expectation; exits 1 when any scenario did not pass.",
     {test_opts}, 0, cmd_test, NULL},
    {"help", "[COMMAND]", "Show the help of the program or of one command.", NULL, {no_opts},
     0, cmd_help, NULL},
};

static const command *find_command(const char *name) {
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
    if (strcmp(commands[i].name, name) == 0) return &commands[i];
  return verb_find(name);
}

/* "no command 'lsit' (did you mean list?)" */
static int no_command(app *a, const char *name) {
  const char *names[sizeof commands / sizeof commands[0] + 64];
  size_t n = 0, n_verbs = 0;
  const command *verbs = verb_commands(&n_verbs);
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) names[n++] = commands[i].name;
  for (size_t i = 0; i < n_verbs && n < sizeof names / sizeof names[0]; i++)
    names[n++] = verbs[i].name;
  const char *near = suggest(name, names, n);
  if (near != NULL) return app_usage(a, "no command '%s' (did you mean %s?)", name, near);
  return app_usage(a, "no command '%s' (see --help)", name);
}

static const char exit_codes[] =
    "Exit status: 0 success; 1 a failure (bad data, a refused verb, the database, the\n"
    "config); 2 bad usage (an unknown command or option, a malformed value); 3 tick\n"
    "raised a breach.\n";

/* ---- help ---------------------------------------------------------------------- */

static void print_options(FILE *out, const opt_spec *table) {
  for (const opt_spec *s = table; s->name != NULL; s++) {
    char left[64], letter[8] = "";
    if (opt_letter(s->name)) snprintf(letter, sizeof letter, "-%c, ", opt_letter(s->name));
    snprintf(left, sizeof left, "%s--%s%s%s", letter, s->name, s->value ? " " : "",
             s->value ? s->value : "");
    fprintf(out, "  %-22s %s\n", left, s->help);
  }
}

static void command_help(FILE *out, const command *c) {
  fprintf(out, "usage: %s %s %s\n\n%s\n", PROGRAM, c->name, c->usage, c->summary);
  if (c->details != NULL) fprintf(out, "%s\n", c->details);
  fprintf(out, "\noptions:\n");
  for (size_t t = 0; c->opts[t] != NULL; t++) print_options(out, c->opts[t]);
  print_options(out, common_opts);
  if (c->data != NULL || strcmp(c->name, "add") == 0 || strcmp(c->name, "tick") == 0)
    fprintf(out, "\nTIME is now, +DURATION, or ISO 8601 in UTC (2026-03-04T09:15:00Z) "
                 "or with an offset.\nAMOUNT is money with up to two decimals (49.90).\n");
  if (c->data != NULL || strcmp(c->name, "show") == 0)
    fprintf(out, "ID is a complaint's id, or a prefix of it (%d characters at least) that "
                 "only one\ncomplaint's id starts with.\n", ID_PREFIX_MIN);
  fprintf(out, "\n%s", exit_codes);
}

static void program_help(FILE *out) {
  fprintf(out, "usage: %s [--db FILE] [--tenant KEY] [--config FILE] COMMAND [ARGS]\n\n"
               "A complaint desk over SQLite, built on libredress %s.\n\ncommands:\n",
          PROGRAM, redress_version());
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
    fprintf(out, "  %-20s %s\n", commands[i].name, commands[i].summary);
  fprintf(out, "\nlifecycle verbs (%s VERB ID [--at TIME] [--actor NAME] [--note TEXT]):\n",
          PROGRAM);
  size_t n = 0;
  const command *verbs = verb_commands(&n);
  for (size_t i = 0; i < n; i++) fprintf(out, "  %-20s %s\n", verbs[i].name, verbs[i].summary);
  fprintf(out, "\n%s\n", desk_policies_help);
  fprintf(out, "Stored text is printed with its control characters escaped (\\n, \\r, \\t, \\x1b,\n"
               "\\u0085, and \\u202e for the bidi overrides), on a terminal or not, so that one\n"
               "record stays one line; 'show ID --json' gives the exact text. Failures are one\n"
               "line on stderr, naming the complaint and, for the database, SQLite's reason.\n\n"
               "Times are shown in the config's time zone (UTC by default), JSON in UTC.\n"
               "Colour only on a terminal, and never when NO_COLOR is set.\n\n%s\n"
               "Run '%s COMMAND --help' for a command's options; 'man redress-desk' for all.\n",
          exit_codes, PROGRAM);
}

static int cmd_help(app *a, const args *in, const command *self) {
  (void)self;
  if (in->npos == 0) {
    program_help(stdout);
    return EXIT_OK;
  }
  const command *c = find_command(in->pos[0]);
  if (c == NULL) return no_command(a, in->pos[0]);
  command_help(stdout, c);
  return EXIT_OK;
}

/* ---- dispatch ------------------------------------------------------------------- */

/* Global options, given before the command; they count as if given after it. */
typedef struct globals {
  const char *db, *tenant, *config;
} globals;

static int add_global(args *in, app *a, const char *name, const char *value) {
  if (value == NULL || arg_get(in, name) != NULL) return EXIT_OK;
  return args_add(in, name, value) == 0 ? EXIT_OK : app_fail(a, "out of memory");
}

/* The config, for every command but help and config (which reads its own, and must
 * work on a broken one to say what is wrong with it). */
static int load_config(app *a, const command *c, const args *in) {
  if (c->run == cmd_help || c->run == cmd_config) return EXIT_OK;
  char path[4096];
  int rc = config_locate(a, arg_get(in, "config"), path, sizeof path);
  if (rc == EXIT_OK) rc = config_load(&a->conf, a, path);
  if (rc == EXIT_OK) rc = config_verify(a, a->conf);
  return rc;
}

/* A lifecycle verb or show takes a complaint id: a prefix becomes the whole id. */
static int resolve_positional_id(app *a, const command *c, args *in) {
  if ((c->data == NULL && c->run != cmd_show) || in->npos != 1) return EXIT_OK;
  char id[REDRESS_MAX_ID_BYTES + 1];
  int rc = resolve_id(a, in->pos[0], id);
  if (rc != EXIT_OK || strcmp(id, in->pos[0]) == 0) return rc;
  char *kept = args_keep(in, strdup(id));
  if (kept == NULL) return app_fail(a, "out of memory");
  in->pos[0] = kept;
  return EXIT_OK;
}

static int run_command(app *a, const command *c, const globals *g, int argc, char **argv) {
  opt_tables tables = {0};
  size_t t = 0;
  for (; c->opts[t] != NULL; t++) tables[t] = c->opts[t];
  tables[t] = common_opts;
  args in = {0};
  int rc = args_parse(&in, a, argc, argv, tables);
  if (rc == EXIT_OK) rc = add_global(&in, a, "db", g->db);
  if (rc == EXIT_OK) rc = add_global(&in, a, "tenant", g->tenant);
  if (rc == EXIT_OK) rc = add_global(&in, a, "config", g->config);
  if (rc == EXIT_OK && arg_flag(&in, "help")) {
    command_help(stdout, c);
  } else if (rc == EXIT_OK) {
    rc = app_check_db_flag(a, arg_get(&in, "db"));
    if (rc == EXIT_OK) rc = load_config(a, c, &in);
    if (rc == EXIT_OK && c->needs_desk) rc = app_open(a, arg_get(&in, "db"), arg_get(&in, "tenant"));
    if (rc == EXIT_OK && c->needs_desk) rc = app_load_policies(a, arg_get(&in, "policies"));
    if (rc == EXIT_OK && c->needs_desk) rc = resolve_positional_id(a, c, &in);
    if (rc == EXIT_OK) rc = c->run(a, &in, c);
  }
  args_free(&in);
  return rc;
}

/* Options before the command (getopt_long, stopping at the command): --db FILE,
 * --tenant KEY, --config FILE, --help, --version. 1 when help or the version was
 * printed. */
static int global_options(app *a, int argc, char **argv, globals *g) {
  static const struct option longs[] = {
      {"db", required_argument, NULL, 'd'},     {"tenant", required_argument, NULL, 't'},
      {"config", required_argument, NULL, 'c'}, {"help", no_argument, NULL, 'h'},
      {"version", no_argument, NULL, 'V'},      {NULL, 0, NULL, 0}};
  optind = 0;
  opterr = 0;
  int ch;
  while ((ch = getopt_long(argc, argv, "+:c:hV", longs, NULL)) != -1) {
    if (ch == 'd') g->db = optarg;
    else if (ch == 't') g->tenant = optarg;
    else if (ch == 'c') g->config = optarg;
    else if (ch == 'h') return program_help(stdout), 1;
    else if (ch == 'V') return printf("%s (libredress %s)\n", PROGRAM, redress_version()), 1;
    else if (ch == ':') return app_usage(a, "%s needs a value", argv[optind - 1]);
    else return app_usage(a, "unknown option %s before the command (see --help)",
                          argv[optind - 1]);
  }
  return EXIT_OK;
}

int main(int argc, char **argv) {
  app a;
  memset(&a, 0, sizeof a);
  /* times are printed through libc's local time: UTC until a config names a zone, so
   * that the host's /etc/localtime never shows through */
  setenv("TZ", "UTC0", 1);
  tzset();
  globals g = {NULL, NULL, NULL};
  int rc = global_options(&a, argc, argv, &g);
  if (rc == 1) return EXIT_OK;
  int i = optind;
  if (rc == EXIT_OK && i >= argc) rc = app_usage(&a, "no command given (see --help)");
  const command *c = rc == EXIT_OK ? find_command(argv[i]) : NULL;
  if (rc == EXIT_OK && c == NULL) rc = no_command(&a, argv[i]);
  if (c != NULL) rc = run_command(&a, c, &g, argc - i - 1, argv + i + 1);
  app_close(&a);
  config_free(a.conf);
  if (fflush(stdout) != 0 && rc == EXIT_OK) rc = app_fail(&a, "cannot write the output");
  if (rc != EXIT_OK && rc != EXIT_BREACH) { /* it may echo what was typed or stored: escaped, and one line */
    fprintf(stderr, "%s: ", PROGRAM);
    print_text(stderr, a.err[0] ? a.err : "failed");
    fputc('\n', stderr);
  }
  return rc;
}

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
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "desk.h"

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
    {NULL, NULL, NULL},
};

static const opt_spec show_opts[] = {
    {"at", "TIME", "evaluate deadlines at this time (default: now)"},
    {"json", NULL, "print the canonical JSON document instead"},
    {NULL, NULL, NULL},
};

static const opt_spec tick_opts[] = {
    {"at", "TIME", "tick at this time (default: now)"},
    {NULL, NULL, NULL},
};

static const opt_spec feed_opts[] = {
    {"after", "CURSOR", "print the changes after this cursor (default 0: from the first)"},
    {"limit", "N", "print at most N changes (default: every change there is)"},
    {NULL, NULL, NULL},
};

static const opt_spec report_opts[] = {
    {"at", "TIME", "judge deadlines as of this time (default: now)"},
    {"by", "GROUPING", "also break down by channel, category, temperament, legitimacy, "
                       "severity, owner, team, week or month"},
    {"json", NULL, "print every metric as JSON"},
    {"svg", "FILE", "also write a chart of the retention funnel and on-time rates"},
    {NULL, NULL, NULL},
};

static const opt_spec demo_opts[] = {
    {"svg", "FILE", "where to write the chart (default: demo-report.svg here)"},
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
     "database: run it from cron every few minutes.", {tick_opts}, 1, cmd_tick, NULL},
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
    {"help", "[COMMAND]", "Show the help of the program or of one command.", NULL, {no_opts},
     0, cmd_help, NULL},
};

static const command *find_command(const char *name) {
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
    if (strcmp(commands[i].name, name) == 0) return &commands[i];
  return verb_find(name);
}

/* ---- help ---------------------------------------------------------------------- */

static void print_options(FILE *out, const opt_spec *table) {
  for (const opt_spec *s = table; s->name != NULL; s++) {
    char left[64];
    snprintf(left, sizeof left, "--%s%s%s", s->name, s->value ? " " : "",
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
}

static void program_help(FILE *out) {
  fprintf(out, "usage: %s [--db FILE] [--tenant KEY] COMMAND [ARGS]\n\n"
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
               "Run '%s COMMAND --help' for a command's options.\n", PROGRAM);
}

static int cmd_help(app *a, const args *in, const command *self) {
  (void)self;
  if (in->npos == 0) {
    program_help(stdout);
    return EXIT_OK;
  }
  const command *c = find_command(in->pos[0]);
  if (c == NULL) return app_usage(a, "no command '%s' (see --help)", in->pos[0]);
  command_help(stdout, c);
  return EXIT_OK;
}

/* ---- dispatch ------------------------------------------------------------------- */

static int run_command(app *a, const command *c, const char *db, const char *tenant, int argc,
                       char **argv) {
  opt_tables tables = {0};
  size_t t = 0;
  for (; c->opts[t] != NULL; t++) tables[t] = c->opts[t];
  tables[t] = common_opts;
  args in = {0};
  int rc = args_parse(&in, a, argc, argv, tables);
  /* --db and --tenant before the command count as if given after it */
  if (rc == EXIT_OK && db != NULL && arg_get(&in, "db") == NULL && args_add(&in, "db", db) != 0)
    rc = app_fail(a, "out of memory");
  if (rc == EXIT_OK && tenant != NULL && arg_get(&in, "tenant") == NULL &&
      args_add(&in, "tenant", tenant) != 0)
    rc = app_fail(a, "out of memory");
  if (rc == EXIT_OK && arg_flag(&in, "help")) {
    command_help(stdout, c);
  } else if (rc == EXIT_OK) {
    if (c->needs_desk) rc = app_open(a, arg_get(&in, "db"), arg_get(&in, "tenant"));
    if (rc == EXIT_OK && c->needs_desk) rc = app_load_policies(a, arg_get(&in, "policies"));
    if (rc == EXIT_OK) rc = c->run(a, &in, c);
  }
  args_free(&in);
  return rc;
}

/* Options before the command: --db FILE, --tenant KEY, --help, --version. */
static int global_options(app *a, int argc, char **argv, int *i, const char **db,
                          const char **tenant) {
  for (; *i < argc && strncmp(argv[*i], "--", 2) == 0; (*i)++) {
    const char *arg = argv[*i];
    if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
      program_help(stdout);
      return -1;
    }
    if (strcmp(arg, "--version") == 0) {
      printf("%s (libredress %s)\n", PROGRAM, redress_version());
      return -1;
    }
    if (strncmp(arg, "--db=", 5) == 0) *db = arg + 5;
    else if (strcmp(arg, "--db") == 0 && *i + 1 < argc) *db = argv[++*i];
    else if (strncmp(arg, "--tenant=", 9) == 0) *tenant = arg + 9;
    else if (strcmp(arg, "--tenant") == 0 && *i + 1 < argc) *tenant = argv[++*i];
    else return app_usage(a, "unknown option %s before the command (see --help)", arg);
  }
  return EXIT_OK;
}

int main(int argc, char **argv) {
  app a;
  memset(&a, 0, sizeof a);
  const char *db = NULL, *tenant = NULL;
  int i = 1;
  int rc = global_options(&a, argc, argv, &i, &db, &tenant);
  if (rc < 0) return EXIT_OK;
  if (rc == EXIT_OK && i >= argc) rc = app_usage(&a, "no command given (see --help)");
  const command *c = rc == EXIT_OK ? find_command(argv[i]) : NULL;
  if (rc == EXIT_OK && c == NULL) rc = app_usage(&a, "no command '%s' (see --help)", argv[i]);
  if (c != NULL) rc = run_command(&a, c, db, tenant, argc - i - 1, argv + i + 1);
  app_close(&a);
  if (fflush(stdout) != 0 && rc == EXIT_OK) rc = app_fail(&a, "cannot write the output");
  if (rc != EXIT_OK) { /* it may echo what was typed or stored: escaped, and one line */
    fprintf(stderr, "%s: ", PROGRAM);
    print_text(stderr, a.err[0] ? a.err : "failed");
    fputc('\n', stderr);
  }
  return rc;
}

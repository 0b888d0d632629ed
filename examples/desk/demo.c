/*
 * demo: a month of a complaint desk in a few seconds. The bundled sample
 * (data/sample.jsonl) holds about 200 complaints, each a JSON line with the fields of
 * `add` and a "plan": the actions agents take on it, each "after" some time from its
 * receipt. The demo puts every receipt and action on one timeline and replays it on
 * the desk's simulated clock (the clock option of redress_desk_open), ticking every
 * simulated hour and printing the alarms as they fire; then it prints the report at
 * the end of the month and writes the chart.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "desk.h"

#define TICK_EVERY 3600 /* simulated seconds between two ticks */
#define DEFAULT_SVG "demo-report.svg"

typedef struct item {
  jvalue doc;         /* the JSON line */
  const jvalue *plan; /* its "plan" array, or NULL */
  const char *id;
  redress_time received_at;
  size_t line;
} item;

typedef struct step {
  redress_time at;
  size_t item;
  long action; /* index in the plan; -1 is the receipt */
} step;

typedef struct demo {
  app *a;
  item *items;
  size_t n_items, cap_items;
  step *steps;
  size_t n_steps;
  redress_time start, end; /* the month replayed */
  redress_time next_tick;
  size_t received, actions, alarms;
  int quiet, tty;
} demo;

/* ---- loading the sample ------------------------------------------------------------- */

static int check_plan(app *a, const jvalue *plan) {
  if (plan->type != J_ARRAY) return app_fail(a, "\"plan\" must be an array");
  for (size_t j = 0; j < plan->n; j++) {
    const jvalue *verb = json_member(&plan->items[j], "verb");
    const jvalue *after = json_member(&plan->items[j], "after");
    int64_t span = 0;
    if (verb == NULL || verb->type != J_STRING || verb_find(verb->text) == NULL)
      return app_fail(a, "plan action %zu: \"verb\" must name a lifecycle verb", j + 1);
    if (after == NULL || after->type != J_STRING || parse_duration(&span, after->text) != 0)
      return app_fail(a, "plan action %zu: \"after\" must be a duration such as 2h", j + 1);
  }
  return EXIT_OK;
}

/* The fields the timeline needs; the rest is read when the step runs. */
static int describe(app *a, item *it) {
  const jvalue *id = json_member(&it->doc, "id"), *at = json_member(&it->doc, "at");
  if (it->doc.type != J_OBJECT) return app_fail(a, "a line must hold one JSON object");
  if (id == NULL || id->type != J_STRING) return app_fail(a, "the demo needs an \"id\"");
  if (at == NULL || at->type != J_STRING || parse_time(&it->received_at, at->text, 0, 0) != 0)
    return app_fail(a, "the demo needs \"at\", the time received, as 2026-03-04T09:15:00Z");
  it->id = id->text;
  it->plan = json_member(&it->doc, "plan");
  return it->plan != NULL ? check_plan(a, it->plan) : EXIT_OK;
}

static int load_line(app *a, const char *line, size_t len, size_t number, void *ctx) {
  demo *d = ctx;
  if (d->n_items == d->cap_items) {
    size_t cap = d->cap_items ? d->cap_items * 2 : 256;
    item *items = realloc(d->items, cap * sizeof *items);
    if (items == NULL) return app_fail(a, "out of memory");
    d->items = items;
    d->cap_items = cap;
  }
  item *it = &d->items[d->n_items];
  memset(it, 0, sizeof *it);
  it->line = number;
  char err[160];
  if (json_parse(&it->doc, line, len, err, sizeof err) != 0)
    return app_fail(a, "sample line %zu: %s", number, err);
  d->n_items++;
  int rc = describe(a, it);
  if (rc != EXIT_OK) {
    char why[sizeof a->err];
    snprintf(why, sizeof why, "%s", a->err);
    return app_fail(a, "sample line %zu: %s", number, why);
  }
  return EXIT_OK;
}

/* ---- the timeline ---------------------------------------------------------------- */

static int by_time(const void *x, const void *y) {
  const step *a = x, *b = y;
  if (a->at != b->at) return a->at < b->at ? -1 : 1;
  if (a->item != b->item) return a->item < b->item ? -1 : 1;
  return a->action < b->action ? -1 : a->action > b->action;
}

/* The calendar month of the first receipt. */
static void choose_month(demo *d) {
  redress_time first = REDRESS_TIME_MAX;
  for (size_t i = 0; i < d->n_items; i++)
    if (d->items[i].received_at < first) first = d->items[i].received_at;
  time_t t = (time_t)first;
  struct tm tm;
  gmtime_r(&t, &tm);
  int year = tm.tm_year + 1900, month = tm.tm_mon + 1;
  d->start = time_from_civil(year, month, 1, 0, 0, 0);
  d->end = month == 12 ? time_from_civil(year + 1, 1, 1, 0, 0, 0)
                       : time_from_civil(year, month + 1, 1, 0, 0, 0);
}

/* Receipts and actions within the month; what falls after it stays undone. */
static int build_timeline(demo *d) {
  size_t total = 0;
  for (size_t i = 0; i < d->n_items; i++)
    total += 1 + (d->items[i].plan != NULL ? d->items[i].plan->n : 0);
  d->steps = malloc((total ? total : 1) * sizeof *d->steps);
  if (d->steps == NULL) return app_fail(d->a, "out of memory");
  for (size_t i = 0; i < d->n_items; i++) {
    const item *it = &d->items[i];
    if (it->received_at < d->end) d->steps[d->n_steps++] = (step){it->received_at, i, -1};
    for (size_t j = 0; it->plan != NULL && j < it->plan->n; j++) {
      int64_t after = 0;
      parse_duration(&after, json_member(&it->plan->items[j], "after")->text);
      if (it->received_at + after < d->end)
        d->steps[d->n_steps++] = (step){it->received_at + after, i, (long)j};
    }
  }
  qsort(d->steps, d->n_steps, sizeof *d->steps, by_time);
  return EXIT_OK;
}

/* ---- replaying --------------------------------------------------------------------- */

static int receive(demo *d, const item *it) {
  args in = {0};
  static const char *const skip[] = {"plan", NULL};
  const opt_tables tables = {add_opts, NULL};
  redress_complaint *c = NULL;
  int rc = args_from_json(&in, d->a, &it->doc, tables, skip);
  if (rc == EXIT_OK) rc = complaint_from_args(&c, d->a, &in);
  if (rc == EXIT_OK) {
    int lib = redress_desk_save(d->a->desk, c);
    if (lib != REDRESS_OK) rc = app_fail_rc(d->a, lib, "cannot store the complaint");
  }
  redress_complaint_free(c);
  args_free(&in);
  d->received++;
  return rc;
}

static int act(demo *d, const item *it, const jvalue *action) {
  const command *verb = verb_find(json_member(action, "verb")->text);
  static const char *const skip[] = {"after", "verb", NULL};
  args in = {0};
  redress_complaint *c = NULL;
  int rc = args_from_json(&in, d->a, action, verb->opts, skip);
  int lib = rc == EXIT_OK ? redress_desk_load(&c, d->a->desk, it->id) : REDRESS_OK;
  if (lib != REDRESS_OK) rc = app_fail_rc(d->a, lib, it->id);
  if (rc == EXIT_OK) rc = verb_apply(d->a, c, verb, &in, d->a->sim_now);
  if (rc == EXIT_OK && (lib = redress_desk_save(d->a->desk, c)) != REDRESS_OK)
    rc = app_fail_rc(d->a, lib, it->id);
  redress_complaint_free(c);
  args_free(&in);
  d->actions++;
  return rc;
}

/* On a terminal, one line redrawn after every tick; elsewhere (a log, a pipe) a line
 * a week. The alarms go to stdout first, so the two never cut into each other. */
static void progress(demo *d, redress_time now) {
  long day = (long)((now - d->start) / 86400), days = (long)((d->end - d->start) / 86400);
  if (!d->tty && (now % 86400 != 0 || (day % 7 != 0 && now != d->end))) return;
  fflush(stdout);
  fprintf(stderr, "%sdemo: day %2ld/%ld  %3zu complaints  %4zu actions  %4zu alarms%s",
          d->tty ? "\r" : "", day, days, d->received, d->actions, d->alarms,
          d->tty ? "" : "\n");
}

/* Clears the terminal's progress line before an alarm may be printed over it. */
static void clear_progress(const demo *d) {
  if (d->tty && !d->quiet) fputs("\r\033[K", stderr);
}

/* Every tick due by `limit`, on the simulated clock. */
static int tick_until(demo *d, redress_time limit) {
  while (d->next_tick <= limit) {
    d->a->sim_now = d->next_tick;
    clear_progress(d);
    int rc = tick_run(d->a, d->next_tick, d->quiet ? NULL : stdout, &d->alarms);
    if (rc != EXIT_OK) return rc;
    progress(d, d->next_tick);
    d->next_tick += TICK_EVERY;
  }
  return EXIT_OK;
}

static int run_step(demo *d, const step *s) {
  const item *it = &d->items[s->item];
  int rc = tick_until(d, s->at);
  if (rc != EXIT_OK) return rc;
  d->a->sim_now = s->at;
  rc = s->action < 0 ? receive(d, it) : act(d, it, &it->plan->items[s->action]);
  if (rc != EXIT_OK) {
    char why[sizeof d->a->err];
    snprintf(why, sizeof why, "%s", d->a->err);
    if (s->action < 0) return app_fail(d->a, "sample line %zu: %s", it->line, why);
    return app_fail(d->a, "sample line %zu, action %ld: %s", it->line, s->action + 1, why);
  }
  return EXIT_OK;
}

static int replay(demo *d) {
  char from[32], to[32];
  format_time(from, sizeof from, d->start);
  format_time(to, sizeof to, d->end);
  printf("Replaying %zu complaints and %zu actions from %s to %s on a simulated clock.\n",
         d->n_items, d->n_steps - d->n_items, from, to);
  printf(d->quiet ? "\n" : "Alarms, as the hourly tick reports them:\n");
  d->next_tick = d->start + TICK_EVERY;
  int rc = EXIT_OK;
  for (size_t i = 0; rc == EXIT_OK && i < d->n_steps; i++) rc = run_step(d, &d->steps[i]);
  if (rc == EXIT_OK) rc = tick_until(d, d->end);
  if (d->tty) fputc('\n', stderr);
  if (rc == EXIT_OK)
    printf("\nReplayed %zu complaints and %zu actions; the tick reported %zu alarms.\n\n",
           d->received, d->actions, d->alarms);
  return rc;
}

/* ---- the database --------------------------------------------------------------------- */

static int temp_db(app *a, char *path, size_t size) {
  const char *dir = getenv("TMPDIR");
  snprintf(path, size, "%s/redress-demo-XXXXXX", dir != NULL && *dir ? dir : "/tmp");
  int fd = mkstemp(path);
  if (fd < 0) return app_fail(a, "cannot create a temporary database: %s", strerror(errno));
  close(fd); /* SQLite takes an empty file as an empty database */
  return EXIT_OK;
}

static void remove_db(const char *path) {
  static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
  for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
    char file[4200];
    snprintf(file, sizeof file, "%s%s", path, suffixes[i]);
    unlink(file);
  }
}

/* A demo adds 200 complaints: refuse to mix them into someone's data. */
static int fresh_db(app *a, const char *path) {
  struct stat st;
  if (stat(path, &st) == 0 && st.st_size > 0)
    return app_fail(a, "demo: %s already exists; the demo needs a fresh database "
                       "(remove it or give another --db)", path);
  return app_open(a, path, NULL);
}

/* ---- the command ------------------------------------------------------------------------ */

static int load_sample(demo *d, const char *path) {
  char *text = NULL;
  size_t len = 0;
  int rc = EXIT_OK;
  if (path != NULL) rc = read_file(d->a, path, &text, &len);
  if (rc == EXIT_OK)
    rc = path != NULL ? each_line(d->a, text, len, load_line, d)
                      : each_line(d->a, (const char *)desk_sample_jsonl, desk_sample_jsonl_len,
                                  load_line, d);
  free(text);
  if (rc == EXIT_OK && d->n_items == 0) rc = app_fail(d->a, "demo: the sample is empty");
  return rc;
}

static void print_path(const char *what, const char *path) {
  char cwd[4096];
  int relative = path[0] != '/' && getcwd(cwd, sizeof cwd) != NULL;
  printf("%s (open it in a browser): ", what);
  print_text(stdout, relative ? cwd : "");
  print_text(stdout, relative ? "/" : "");
  print_text(stdout, path);
  putchar('\n');
}

static int finish(demo *d, const char *svg, const char *html) {
  report_options o = {d->end, REDRESS_GROUP_BY_CHANNEL, 0, svg, html};
  int rc = report_run(d->a, &o, stdout);
  if (rc != EXIT_OK) return rc;
  putchar('\n');
  print_path("Chart of the report", svg);
  if (html != NULL) print_path("Dashboard", html);
  return EXIT_OK;
}

static void free_demo(demo *d) {
  for (size_t i = 0; i < d->n_items; i++) json_free(&d->items[i].doc);
  free(d->items);
  free(d->steps);
}

int cmd_demo(app *a, const args *in, const command *self) {
  (void)self;
  if (in->npos > 0) return app_usage(a, "demo: unexpected argument '%s'", in->pos[0]);
  demo d;
  memset(&d, 0, sizeof d);
  d.a = a;
  d.quiet = arg_flag(in, "quiet");
  d.tty = isatty(STDERR_FILENO);
  const char *db = arg_get(in, "db"), *svg = arg_get(in, "svg");
  char temp[4096] = "";
  int rc = load_sample(&d, arg_get(in, "sample"));
  if (rc == EXIT_OK) {
    choose_month(&d);
    a->sim_now = d.start;
    rc = build_timeline(&d);
  }
  if (rc == EXIT_OK && db == NULL && (rc = temp_db(a, temp, sizeof temp)) == EXIT_OK) db = temp;
  if (rc == EXIT_OK) rc = fresh_db(a, db);
  if (rc == EXIT_OK) {
    printf("Database: ");
    print_text(stdout, db);
    printf("%s\n", temp[0] ? " (temporary)" : "");
  }
  if (rc == EXIT_OK) rc = replay(&d);
  if (rc == EXIT_OK) rc = finish(&d, svg != NULL ? svg : DEFAULT_SVG, arg_get(in, "html"));
  app_close(a);
  if (temp[0] != '\0') remove_db(temp);
  free_demo(&d);
  return rc;
}

/*
 * test: runs scenario files (docs/scenarios.md) with libredress-scenario and prints
 * what failed, where, what was expected and what was found; TAP or JUnit XML for CI.
 * Each scenario gets a fresh desk: on the memory store, or with --db in its own
 * tenant of one new SQLite database (kept afterwards, to look into).
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "desk.h"
#include "redress-scenario.h"
#include "store_sqlite.h"

const opt_spec test_opts[] = {
    {"format", "FORMAT", "text (the failures, then a line per scenario), tap or junit"},
    {"zoneinfo", "DIR", "where zone files are read when a scenario names no zoneinfo"},
    {NULL, NULL, NULL},
};

static int parse_format(int *out, app *a, const char *text) {
  static const char *const names[] = {"text", "tap", "junit"};
  for (int i = 0; i < 3; i++)
    if (strcmp(text, names[i]) == 0) {
      *out = i;
      return EXIT_OK;
    }
  return app_usage(a, "test: --format must be text, tap or junit, not '%s'", text);
}

/* One scenario: on the memory store, or in tenant "scenario-N" of the SQLite file. */
static int run_one(app *a, redress_scenario_result **out, const char *file, const char *db,
                   size_t number, const char *zoneinfo) {
  redress_scenario_options o = REDRESS_SCENARIO_OPTIONS_INIT;
  redress_store store;
  char tenant[32];
  o.zoneinfo_dir = zoneinfo;
  if (db != NULL) {
    char err[512];
    if (sqlite_store_open(&store, db, err, sizeof err) != REDRESS_OK)
      return app_fail(a, "test: %s", err);
    snprintf(tenant, sizeof tenant, "scenario-%zu", number);
    o.store = &store;
    o.tenant = tenant;
  }
  int rc = redress_scenario_run_file(out, file, &o);
  return rc == REDRESS_OK ? EXIT_OK : app_fail(a, "test: %s: %s", file, redress_strerror(rc));
}

int cmd_test(app *a, const args *in, const command *self) {
  (void)self;
  int format = REDRESS_SCENARIO_FORMAT_TEXT;
  const char *db = arg_get(in, "db"), *fmt = arg_get(in, "format");
  if (in->npos == 0) return app_usage(a, "test: give one or more scenario files");
  if (fmt != NULL && parse_format(&format, a, fmt) != EXIT_OK) return EXIT_USAGE;
  struct stat st;
  if (db != NULL && stat(db, &st) == 0 && st.st_size > 0)
    return app_fail(a, "test: %s already exists; scenarios need a fresh database", db);
  redress_scenario_result **results = calloc(in->npos, sizeof *results);
  if (results == NULL) return app_fail(a, "out of memory");
  int rc = EXIT_OK;
  for (size_t i = 0; rc == EXIT_OK && i < in->npos; i++)
    rc = run_one(a, &results[i], in->pos[i], db, i + 1, arg_get(in, "zoneinfo"));
  char *text = NULL;
  if (rc == EXIT_OK) {
    int lib = redress_scenario_report(&text, NULL, (const redress_scenario_result *const *)results,
                                      in->npos, format);
    if (lib != REDRESS_OK) rc = app_fail(a, "test: report: %s", redress_strerror(lib));
  }
  if (rc == EXIT_OK) fputs(text, stdout);
  for (size_t i = 0; i < in->npos; i++) {
    if (rc == EXIT_OK && redress_scenario_result_outcome(results[i]) != REDRESS_SCENARIO_PASS)
      rc = app_fail(a, "test: %s did not pass", redress_scenario_file(results[i]));
    redress_scenario_result_free(results[i]);
  }
  redress_scenario_text_free(text);
  free(results);
  return rc;
}

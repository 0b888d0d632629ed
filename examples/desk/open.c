/* Where the database lives, and opening a desk over it with the SQLite store. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cli.h"
#include "store_sqlite.h"

/* The flag, then $REDRESS_DESK_DB, then the config's database, then the XDG data
 * directory (an XDG_DATA_HOME that is not absolute must be ignored, says the XDG Base
 * Directory spec), then ~/.local/share. */
int app_database_path(app *a, const char *flag, char *out, size_t size) {
  const char *env = getenv("REDRESS_DESK_DB");
  const char *xdg = getenv("XDG_DATA_HOME");
  const char *home = getenv("HOME");
  int n;
  if (flag != NULL && *flag != '\0') n = snprintf(out, size, "%s", flag);
  else if (env != NULL && *env != '\0') n = snprintf(out, size, "%s", env);
  else if (a->conf != NULL && a->conf->database_path != NULL)
    n = snprintf(out, size, "%s", a->conf->database_path);
  else if (xdg != NULL && xdg[0] == '/') n = snprintf(out, size, "%s/redress/desk.db", xdg);
  else if (home != NULL && *home != '\0')
    n = snprintf(out, size, "%s/.local/share/redress/desk.db", home);
  else return app_usage(a, "no database: give --db FILE or set REDRESS_DESK_DB (HOME is unset)");
  if (n < 0 || (size_t)n >= size) return app_fail(a, "the database path is too long");
  return EXIT_OK;
}

/* mkdir -p of the file's directory. 0700: complaints are personal data. An SQLite
 * URI ("file:desk.db?mode=ro") is no path to cut at its slashes: SQLite opens it. */
static int make_parent_dirs(app *a, const char *path) {
  if (strncmp(path, "file:", 5) == 0) return EXIT_OK;
  char dir[sizeof a->db_path];
  snprintf(dir, sizeof dir, "%s", path);
  for (char *p = dir + 1; *p != '\0'; p++) {
    if (*p != '/') continue;
    *p = '\0';
    if (mkdir(dir, 0700) != 0 && errno != EEXIST)
      return app_fail(a, "cannot create the directory %s: %s", dir, strerror(errno));
    *p = '/';
  }
  return EXIT_OK;
}

/* --db names a file the user typed: "" (an unset variable, --db "$DB") is no database,
 * not the default one, and a folder that does not exist is a typo more often than a
 * wish, so neither is taken silently. The default locations' folders are created. */
int app_check_db_flag(app *a, const char *flag) {
  if (flag == NULL) return EXIT_OK;
  if (*flag == '\0')
    return app_usage(a, "--db: an empty path (give a file, or leave --db out for the default "
                        "database)");
  const char *slash = strrchr(flag, '/');
  if (strncmp(flag, "file:", 5) == 0 || slash == NULL || slash == flag) return EXIT_OK;
  char dir[4096];
  if ((size_t)(slash - flag) >= sizeof dir) return app_fail(a, "--db: the path is too long");
  memcpy(dir, flag, (size_t)(slash - flag));
  dir[slash - flag] = '\0';
  struct stat st;
  if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
    return app_fail(a, "--db: no folder %s (create it first)", dir);
  return EXIT_OK;
}

/* The desk reads the time through this: the wall clock, or the demo's simulated one. */
static redress_time app_clock(void *ud) {
  const app *a = ud;
  return a->sim_now != 0 ? a->sim_now : (redress_time)time(NULL);
}

int app_open_path(app *a, const char *path, const char *tenant) {
  snprintf(a->db_path, sizeof a->db_path, "%s", path);
  char err[512];
  redress_store store;
  int rc = sqlite_store_open(&store, path, err, sizeof err);
  if (rc != REDRESS_OK) return app_fail(a, "%s", err);
  redress_desk_options opts = REDRESS_DESK_OPTIONS_INIT;
  opts.store = &store;
  opts.clock = app_clock;
  opts.clock_ud = a;
  opts.tenant = tenant;
  if (a->conf != NULL) opts.zoneinfo_dir = a->conf->zoneinfo.value;
  rc = redress_desk_open(&a->desk, &opts);
  if (rc != REDRESS_OK) {
    store.destroy(store.ud); /* a desk that failed to open destroys nothing */
    if (rc == REDRESS_ERR_INVALID || rc == REDRESS_ERR_RANGE)
      return app_usage(a, "--tenant: not a tenant key (up to %d bytes of UTF-8, no control "
                          "characters)", REDRESS_MAX_ID_BYTES);
    return app_fail(a, "cannot open the desk: %s", redress_strerror(rc));
  }
  a->store = store; /* the desk owns it now; this copy is for transactions */
  a->records = store;
  a->records.destroy = NULL;
  /* list reads records itself: the tenant's, through a store of its own */
  if (tenant != NULL && tenant[0] != '\0') rc = store.for_tenant(store.ud, tenant, &a->records);
  if (rc != REDRESS_OK) return app_fail_store(a, rc, "cannot open the tenant's records");
  if (a->conf == NULL) return EXIT_OK;
  int result = config_apply(a, a->conf);
  return result == EXIT_OK ? config_select_zone(a, a->conf) : result;
}

int app_open(app *a, const char *db_flag, const char *tenant) {
  char path[sizeof a->db_path];
  int rc = app_check_db_flag(a, db_flag);
  if (rc == EXIT_OK) rc = app_database_path(a, db_flag, path, sizeof path);
  if (rc == EXIT_OK && db_flag == NULL) rc = make_parent_dirs(a, path);
  if (rc == EXIT_OK) rc = app_open_path(a, path, tenant);
  return rc;
}

void app_close(app *a) {
  if (a->records.destroy != NULL) a->records.destroy(a->records.ud); /* a tenant's */
  a->records.destroy = NULL;
  redress_desk_close(a->desk); /* closes the store too */
  a->desk = NULL;
}

const char *app_store_errmsg(const app *a) {
  return a->desk != NULL ? sqlite_store_errmsg(&a->store) : "";
}

int app_transaction(app *a, int (*fn)(app *a, void *ctx), void *ctx) {
  int rc = sqlite_store_begin(&a->store);
  if (rc != REDRESS_OK) return app_fail_store(a, rc, "cannot begin the transaction");
  int result = fn(a, ctx);
  if (result == EXIT_OK && (rc = sqlite_store_commit(&a->store)) == REDRESS_OK) return EXIT_OK;
  if (result == EXIT_OK) result = app_fail_store(a, rc, "cannot commit the transaction");
  sqlite_store_rollback(&a->store);
  return result;
}

/* A libredress store over SQLite (see store_sqlite.h for the schema and its reasons). */
#include "store_sqlite.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

/* The prepared statements, one of each per connection. */
enum {
  ST_LOAD,
  ST_INSERT,
  ST_UPDATE,
  ST_REMOVE,
  ST_REVISION,
  ST_SCAN,
  ST_DUE,
  ST_CUSTOMER,
  ST_OWNER,
  ST_TEAM,
  ST_BEGIN,
  ST_COMMIT,
  ST_ROLLBACK,
  ST_COUNT
};

#define COLUMNS                                                                                \
  "id, customer_id, state, severity, channel, received_at, updated_at, next_alarm, revision, " \
  "doc, owner, team"

static const char *const statement_sql[ST_COUNT] = {
    [ST_LOAD] = "SELECT " COLUMNS " FROM complaints WHERE id = ?1",
    [ST_INSERT] = "INSERT INTO complaints (" COLUMNS ") "
                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) "
                  "ON CONFLICT (id) DO NOTHING",
    [ST_UPDATE] = "UPDATE complaints SET customer_id = ?2, state = ?3, severity = ?4, "
                  "channel = ?5, received_at = ?6, updated_at = ?7, next_alarm = ?8, "
                  "revision = ?9, doc = ?10, owner = ?11, team = ?12 "
                  "WHERE id = ?1 AND revision = ?13",
    [ST_REMOVE] = "DELETE FROM complaints WHERE id = ?1 AND revision = ?2",
    [ST_REVISION] = "SELECT revision FROM complaints WHERE id = ?1",
    [ST_SCAN] = "SELECT " COLUMNS " FROM complaints",
    [ST_DUE] = "SELECT " COLUMNS " FROM complaints "
               "WHERE next_alarm IS NOT NULL AND next_alarm <= ?1 ORDER BY next_alarm, id",
    [ST_CUSTOMER] = "SELECT " COLUMNS " FROM complaints WHERE customer_id = ?1",
    /* sqlite_store_assigned(): the (owner, state) and (team, state) indexes */
    [ST_OWNER] = "SELECT " COLUMNS " FROM complaints WHERE owner = ?1 AND state BETWEEN ?2 AND ?3 "
                 "AND (?4 IS NULL OR team = ?4) ORDER BY id",
    [ST_TEAM] = "SELECT " COLUMNS " FROM complaints WHERE team = ?1 AND state BETWEEN ?2 AND ?3 "
                "ORDER BY id",
    [ST_BEGIN] = "BEGIN IMMEDIATE",
    [ST_COMMIT] = "COMMIT",
    [ST_ROLLBACK] = "ROLLBACK",
};

/* Version 2 of the schema; created in one transaction with its version number.
 * Version 1 lacked owner and team (and their indexes): migrate_v1 adds them. */
static const char schema_sql[] =
    "CREATE TABLE complaints ("
    "  id TEXT NOT NULL PRIMARY KEY,"
    "  customer_id TEXT NOT NULL,"
    "  state INTEGER NOT NULL,"
    "  severity INTEGER NOT NULL,"
    "  channel INTEGER NOT NULL,"
    "  received_at INTEGER NOT NULL,"
    "  updated_at INTEGER NOT NULL,"
    "  next_alarm INTEGER," /* NULL: REDRESS_TIME_NEVER */
    "  revision INTEGER NOT NULL CHECK (revision >= 1),"
    "  doc BLOB NOT NULL,"
    "  owner TEXT," /* NULL: none */
    "  team TEXT);"
    "CREATE INDEX complaints_due ON complaints (next_alarm, id) WHERE next_alarm IS NOT NULL;"
    "CREATE INDEX complaints_customer ON complaints (customer_id);"
    "CREATE INDEX complaints_state ON complaints (state, updated_at);"
    "CREATE INDEX complaints_owner ON complaints (owner, state) WHERE owner IS NOT NULL;"
    "CREATE INDEX complaints_team ON complaints (team, state) WHERE team IS NOT NULL;"
    "PRAGMA user_version = 2;";

/* Version 1 to 2: stored complaints of version 1 were written before assign existed
 * (no owner, no team), so NULL columns are what they hold. */
static const char migrate_v1_sql[] =
    "ALTER TABLE complaints ADD COLUMN owner TEXT;"
    "ALTER TABLE complaints ADD COLUMN team TEXT;"
    "CREATE INDEX complaints_owner ON complaints (owner, state) WHERE owner IS NOT NULL;"
    "CREATE INDEX complaints_team ON complaints (team, state) WHERE team IS NOT NULL;"
    "PRAGMA user_version = 2;";

typedef struct sqlite_store {
  sqlite3 *db;
  sqlite3_stmt *stmt[ST_COUNT];
  char errmsg[512];
} sqlite_store;

/* ---- errors ------------------------------------------------------------------ */

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static int fail(sqlite_store *s, int code, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(s->errmsg, sizeof s->errmsg, fmt, ap);
  va_end(ap);
  return code;
}

/* A failed SQLite call: its message, and REDRESS_ERR_STORE (or NOMEM). */
static int fail_sqlite(sqlite_store *s, const char *what) {
  int code = sqlite3_errcode(s->db) == SQLITE_NOMEM ? REDRESS_ERR_NOMEM : REDRESS_ERR_STORE;
  return fail(s, code, "sqlite store: %s: %s", what, sqlite3_errmsg(s->db));
}

static void ok(sqlite_store *s) { s->errmsg[0] = '\0'; }

const char *sqlite_store_errmsg(const redress_store *store) {
  if (store == NULL || store->ud == NULL) return "no store";
  return ((const sqlite_store *)store->ud)->errmsg;
}

/* ---- statements ---------------------------------------------------------------- */

/* A statement still running means a callback re-entered the slot that runs it. */
static sqlite3_stmt *take(sqlite_store *s, int which) {
  sqlite3_stmt *st = s->stmt[which];
  if (sqlite3_stmt_busy(st)) {
    fail(s, REDRESS_ERR_STORE, "sqlite store: a callback called back into the same slot");
    return NULL;
  }
  return st;
}

static void give_back(sqlite3_stmt *st) {
  sqlite3_reset(st);
  sqlite3_clear_bindings(st);
}

/* Runs a statement that returns no rows; REDRESS_OK or the failure. */
static int run(sqlite_store *s, sqlite3_stmt *st, const char *what) {
  int rc = sqlite3_step(st);
  int result = rc == SQLITE_DONE ? REDRESS_OK : fail_sqlite(s, what);
  give_back(st);
  return result;
}

/* The document as a BLOB; an empty one must stay a BLOB, not become NULL. */
static int bind_doc(sqlite3_stmt *st, int index, const redress_record *r) {
  if (r->doc_len == 0) return sqlite3_bind_zeroblob(st, index, 0);
  return sqlite3_bind_blob64(st, index, r->doc, (sqlite3_uint64)r->doc_len, SQLITE_STATIC);
}

static int bind_alarm(sqlite3_stmt *st, int index, redress_time next_alarm) {
  if (next_alarm == REDRESS_TIME_NEVER) return sqlite3_bind_null(st, index);
  return sqlite3_bind_int64(st, index, next_alarm);
}

/* A name column: NULL for none, and for a version-1 record, which has no such member. */
static int bind_name(sqlite3_stmt *st, int index, const redress_record *r, const char *name) {
  if (r->version < 2 || name == NULL) return sqlite3_bind_null(st, index);
  return sqlite3_bind_text(st, index, name, -1, SQLITE_STATIC);
}

/* ?1..?12 in the order of COLUMNS. The record's buffers are bound without a copy:
 * they outlive the statement's step, which is all SQLite needs. */
static int bind_record(sqlite3_stmt *st, const redress_record *r) {
  int rc = sqlite3_bind_text(st, 1, r->id, -1, SQLITE_STATIC);
  if (rc == SQLITE_OK) rc = sqlite3_bind_text(st, 2, r->customer_id, -1, SQLITE_STATIC);
  if (rc == SQLITE_OK) rc = sqlite3_bind_int(st, 3, r->state);
  if (rc == SQLITE_OK) rc = sqlite3_bind_int(st, 4, r->severity);
  if (rc == SQLITE_OK) rc = sqlite3_bind_int(st, 5, r->channel);
  if (rc == SQLITE_OK) rc = sqlite3_bind_int64(st, 6, r->received_at);
  if (rc == SQLITE_OK) rc = sqlite3_bind_int64(st, 7, r->updated_at);
  if (rc == SQLITE_OK) rc = bind_alarm(st, 8, r->next_alarm);
  if (rc == SQLITE_OK) rc = sqlite3_bind_int64(st, 9, (sqlite3_int64)r->revision);
  if (rc == SQLITE_OK) rc = bind_doc(st, 10, r);
  if (rc == SQLITE_OK) rc = bind_name(st, 11, r, r->version >= 2 ? r->owner : NULL);
  if (rc == SQLITE_OK) rc = bind_name(st, 12, r, r->version >= 2 ? r->team : NULL);
  return rc;
}

/* The current row as a record; valid until the statement steps again. */
static void read_record(redress_record *r, sqlite3_stmt *st) {
  memset(r, 0, sizeof *r);
  r->version = REDRESS_RECORD_VERSION;
  r->id = (const char *)sqlite3_column_text(st, 0);
  r->customer_id = (const char *)sqlite3_column_text(st, 1);
  r->state = sqlite3_column_int(st, 2);
  r->severity = sqlite3_column_int(st, 3);
  r->channel = sqlite3_column_int(st, 4);
  r->received_at = sqlite3_column_int64(st, 5);
  r->updated_at = sqlite3_column_int64(st, 6);
  r->next_alarm = sqlite3_column_type(st, 7) == SQLITE_NULL ? REDRESS_TIME_NEVER
                                                            : sqlite3_column_int64(st, 7);
  r->revision = (uint64_t)sqlite3_column_int64(st, 8);
  r->doc = sqlite3_column_blob(st, 9);
  r->doc_len = (size_t)sqlite3_column_bytes(st, 9);
  if (r->doc == NULL) r->doc = ""; /* an empty BLOB reads as NULL */
  r->owner = (const char *)sqlite3_column_text(st, 10);
  r->team = (const char *)sqlite3_column_text(st, 11);
}

/* Steps a bound query, handing each row to cb; returns how it ended. */
static int each_row(sqlite_store *s, sqlite3_stmt *st, const char *what, redress_record_cb cb,
                    void *payload) {
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    redress_record r;
    read_record(&r, st);
    if (r.id == NULL || r.customer_id == NULL) { /* SQLite could not convert the text */
      give_back(st);
      return fail(s, REDRESS_ERR_NOMEM, "sqlite store: %s: out of memory", what);
    }
    if (cb(&r, payload) != 0) {
      give_back(st);
      return fail(s, REDRESS_ERR_USER, "sqlite store: %s stopped by the callback", what);
    }
  }
  int result = rc == SQLITE_DONE ? REDRESS_OK : fail_sqlite(s, what);
  give_back(st);
  return result;
}

/* ---- the slots ------------------------------------------------------------------ */

static int store_load(void *ud, const char *id, redress_record_cb cb, void *payload) {
  sqlite_store *s = ud;
  if (id == NULL || cb == NULL) return fail(s, REDRESS_ERR_INVALID, "sqlite store: load: NULL");
  ok(s);
  sqlite3_stmt *st = take(s, ST_LOAD);
  if (st == NULL) return REDRESS_ERR_STORE;
  if (sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC) != SQLITE_OK) {
    give_back(st);
    return fail_sqlite(s, "load");
  }
  int rc = sqlite3_step(st);
  if (rc == SQLITE_DONE) {
    give_back(st);
    return fail(s, REDRESS_ERR_NOTFOUND, "sqlite store: no complaint '%.128s'", id);
  }
  if (rc != SQLITE_ROW) {
    give_back(st);
    return fail_sqlite(s, "load");
  }
  redress_record r;
  read_record(&r, st);
  if (r.id == NULL || r.customer_id == NULL) {
    give_back(st);
    return fail(s, REDRESS_ERR_NOMEM, "sqlite store: load: out of memory");
  }
  int stop = cb(&r, payload);
  give_back(st);
  if (stop != 0) return fail(s, REDRESS_ERR_USER, "sqlite store: load stopped by the callback");
  return REDRESS_OK;
}

static int check_record(sqlite_store *s, const redress_record *r, uint64_t expected) {
  if (r == NULL || r->id == NULL || r->customer_id == NULL || (r->doc == NULL && r->doc_len))
    return fail(s, REDRESS_ERR_INVALID, "sqlite store: save: incomplete record");
  if (r->version < 1 || r->version > REDRESS_RECORD_VERSION)
    return fail(s, REDRESS_ERR_VERSION, "sqlite store: save: record version %u", r->version);
  if (r->revision != expected + 1 || r->revision > (uint64_t)INT64_MAX)
    return fail(s, REDRESS_ERR_INVALID,
                "sqlite store: save: revision %llu does not follow expected revision %llu",
                (unsigned long long)r->revision, (unsigned long long)expected);
  return REDRESS_OK;
}

/* INSERT for a new complaint, UPDATE guarded by the revision for the others. */
static int store_save(void *ud, const redress_record *r, uint64_t expected) {
  sqlite_store *s = ud;
  int rc = check_record(s, r, expected);
  if (rc != REDRESS_OK) return rc;
  ok(s);
  sqlite3_stmt *st = take(s, expected == 0 ? ST_INSERT : ST_UPDATE);
  if (st == NULL) return REDRESS_ERR_STORE;
  int bound = bind_record(st, r);
  if (bound == SQLITE_OK && expected != 0)
    bound = sqlite3_bind_int64(st, 13, (sqlite3_int64)expected);
  if (bound != SQLITE_OK) {
    give_back(st);
    return fail_sqlite(s, "save");
  }
  rc = run(s, st, "save");
  if (rc == REDRESS_OK && sqlite3_changes(s->db) == 0)
    return fail(s, REDRESS_ERR_CONFLICT, "sqlite store: '%.128s' is not at revision %llu",
                r->id, (unsigned long long)expected);
  return rc;
}

/* After a remove changed nothing: was the id absent, or at another revision? */
static int explain_no_remove(sqlite_store *s, const char *id, uint64_t expected) {
  sqlite3_stmt *st = take(s, ST_REVISION);
  if (st == NULL) return REDRESS_ERR_STORE;
  if (sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC) != SQLITE_OK) {
    give_back(st);
    return fail_sqlite(s, "remove");
  }
  int rc = sqlite3_step(st);
  give_back(st);
  if (rc == SQLITE_DONE)
    return fail(s, REDRESS_ERR_NOTFOUND, "sqlite store: no complaint '%.128s'", id);
  if (rc == SQLITE_ROW)
    return fail(s, REDRESS_ERR_CONFLICT, "sqlite store: '%.128s' is not at revision %llu", id,
                (unsigned long long)expected);
  return fail_sqlite(s, "remove");
}

static int store_remove(void *ud, const char *id, uint64_t expected) {
  sqlite_store *s = ud;
  if (id == NULL) return fail(s, REDRESS_ERR_INVALID, "sqlite store: remove: NULL id");
  ok(s);
  sqlite3_stmt *st = take(s, ST_REMOVE);
  if (st == NULL) return REDRESS_ERR_STORE;
  if (expected > (uint64_t)INT64_MAX) expected = 0; /* no stored revision is that large */
  if (sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC) != SQLITE_OK ||
      sqlite3_bind_int64(st, 2, (sqlite3_int64)expected) != SQLITE_OK) {
    give_back(st);
    return fail_sqlite(s, "remove");
  }
  int rc = run(s, st, "remove");
  if (rc == REDRESS_OK && sqlite3_changes(s->db) == 0) return explain_no_remove(s, id, expected);
  return rc;
}

static int store_scan(void *ud, redress_record_cb cb, void *payload) {
  sqlite_store *s = ud;
  if (cb == NULL) return fail(s, REDRESS_ERR_INVALID, "sqlite store: scan: NULL callback");
  ok(s);
  sqlite3_stmt *st = take(s, ST_SCAN);
  if (st == NULL) return REDRESS_ERR_STORE;
  return each_row(s, st, "scan", cb, payload);
}

static int store_due(void *ud, redress_time until, redress_record_cb cb, void *payload) {
  sqlite_store *s = ud;
  if (cb == NULL) return fail(s, REDRESS_ERR_INVALID, "sqlite store: due: NULL callback");
  ok(s);
  sqlite3_stmt *st = take(s, ST_DUE);
  if (st == NULL) return REDRESS_ERR_STORE;
  if (sqlite3_bind_int64(st, 1, until) != SQLITE_OK) {
    give_back(st);
    return fail_sqlite(s, "due");
  }
  return each_row(s, st, "due", cb, payload);
}

static int store_by_customer(void *ud, const char *customer_id, redress_record_cb cb,
                             void *payload) {
  sqlite_store *s = ud;
  if (customer_id == NULL || cb == NULL)
    return fail(s, REDRESS_ERR_INVALID, "sqlite store: by_customer: NULL");
  ok(s);
  sqlite3_stmt *st = take(s, ST_CUSTOMER);
  if (st == NULL) return REDRESS_ERR_STORE;
  if (sqlite3_bind_text(st, 1, customer_id, -1, SQLITE_STATIC) != SQLITE_OK) {
    give_back(st);
    return fail_sqlite(s, "by_customer");
  }
  return each_row(s, st, "by_customer", cb, payload);
}

/* Open states are RECEIVED .. RESPONDED, one range of the state column. */
static int bind_assigned(sqlite3_stmt *st, const char *key, int open_only, const char *team) {
  int rc = sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
  if (rc == SQLITE_OK) rc = sqlite3_bind_int(st, 2, REDRESS_STATE_RECEIVED);
  if (rc == SQLITE_OK)
    rc = sqlite3_bind_int(st, 3, open_only ? REDRESS_STATE_RESPONDED : REDRESS_STATE_COUNT - 1);
  if (rc == SQLITE_OK && team != NULL) rc = sqlite3_bind_text(st, 4, team, -1, SQLITE_STATIC);
  return rc;
}

int sqlite_store_assigned(const redress_store *store, const char *owner, const char *team,
                          int open_only, redress_record_cb cb, void *payload) {
  if (store == NULL || store->ud == NULL) return REDRESS_ERR_INVALID;
  sqlite_store *s = store->ud;
  if ((owner == NULL && team == NULL) || cb == NULL)
    return fail(s, REDRESS_ERR_INVALID, "sqlite store: assigned: an owner or a team is required");
  ok(s);
  sqlite3_stmt *st = take(s, owner != NULL ? ST_OWNER : ST_TEAM);
  if (st == NULL) return REDRESS_ERR_STORE;
  int bound = owner != NULL ? bind_assigned(st, owner, open_only, team)
                            : bind_assigned(st, team, open_only, NULL);
  if (bound != SQLITE_OK) {
    give_back(st);
    return fail_sqlite(s, "assigned");
  }
  return each_row(s, st, "assigned", cb, payload);
}

static int store_begin(void *ud) {
  sqlite_store *s = ud;
  ok(s);
  return run(s, s->stmt[ST_BEGIN], "begin");
}

static int store_commit(void *ud) {
  sqlite_store *s = ud;
  ok(s);
  return run(s, s->stmt[ST_COMMIT], "commit");
}

/* Rolling back when SQLite already did (after some errors) is not a failure. */
static int store_rollback(void *ud) {
  sqlite_store *s = ud;
  ok(s);
  if (sqlite3_get_autocommit(s->db)) return REDRESS_OK;
  return run(s, s->stmt[ST_ROLLBACK], "rollback");
}

static void store_destroy(void *ud) {
  sqlite_store *s = ud;
  if (s == NULL) return;
  for (int i = 0; i < ST_COUNT; i++) sqlite3_finalize(s->stmt[i]);
  sqlite3_close(s->db);
  free(s);
}

/* ---- opening ------------------------------------------------------------------ */

static int read_int(sqlite_store *s, const char *sql, int *out) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) return fail_sqlite(s, sql);
  int rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) *out = sqlite3_column_int(st, 0);
  sqlite3_finalize(st);
  return rc == SQLITE_ROW || rc == SQLITE_DONE ? REDRESS_OK : fail_sqlite(s, sql);
}

static int exec(sqlite_store *s, const char *sql, const char *what) {
  char *msg = NULL;
  if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) == SQLITE_OK) return REDRESS_OK;
  int code = fail(s, REDRESS_ERR_STORE, "sqlite store: %s: %s", what,
                  msg != NULL ? msg : sqlite3_errmsg(s->db));
  sqlite3_free(msg);
  return code;
}

/* WAL lets readers run beside the writer; a database in memory has no WAL, fine too. */
static int set_pragmas(sqlite_store *s) {
  if (sqlite3_busy_timeout(s->db, SQLITE_STORE_BUSY_TIMEOUT_MS) != SQLITE_OK)
    return fail_sqlite(s, "busy timeout");
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(s->db, "PRAGMA journal_mode = WAL", -1, &st, NULL) != SQLITE_OK)
    return fail_sqlite(s, "journal_mode");
  int rc = sqlite3_step(st);
  const char *mode = rc == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0) : NULL;
  int wal = mode != NULL && (strcmp(mode, "wal") == 0 || strcmp(mode, "memory") == 0);
  sqlite3_finalize(st);
  if (rc != SQLITE_ROW) return fail_sqlite(s, "journal_mode");
  if (!wal) return fail(s, REDRESS_ERR_STORE, "sqlite store: the database refused WAL mode");
  return exec(s, "PRAGMA synchronous = NORMAL", "synchronous");
}

/* A new file gets the schema; an existing one must carry our version. The check
 * runs under the write lock so that two processes never both create the schema. */
static int ensure_schema(sqlite_store *s, const char *path) {
  int rc = exec(s, "BEGIN IMMEDIATE", "begin");
  int version = 0, tables = 0;
  if (rc == REDRESS_OK) rc = read_int(s, "PRAGMA user_version", &version);
  if (rc == REDRESS_OK)
    rc = read_int(s, "SELECT count(*) FROM sqlite_schema WHERE type = 'table'", &tables);
  if (rc == REDRESS_OK && version == 0 && tables == 0) rc = exec(s, schema_sql, "create schema");
  else if (rc == REDRESS_OK && version == 1) rc = exec(s, migrate_v1_sql, "migrate schema 1 to 2");
  else if (rc == REDRESS_OK && version == 0)
    rc = fail(s, REDRESS_ERR_VERSION,
              "sqlite store: %s is not a libredress database (it has tables but no schema "
              "version)", path);
  else if (rc == REDRESS_OK && version != SQLITE_STORE_SCHEMA_VERSION)
    rc = fail(s, REDRESS_ERR_VERSION,
              "sqlite store: %s has schema version %d; this program knows version %d "
              "(upgrade the program, or migrate the database)",
              path, version, SQLITE_STORE_SCHEMA_VERSION);
  if (rc == REDRESS_OK) return exec(s, "COMMIT", "commit");
  sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
  return rc;
}

static int prepare_all(sqlite_store *s) {
  for (int i = 0; i < ST_COUNT; i++) {
    if (sqlite3_prepare_v3(s->db, statement_sql[i], -1, SQLITE_PREPARE_PERSISTENT, &s->stmt[i],
                           NULL) != SQLITE_OK)
      return fail_sqlite(s, "prepare");
  }
  return REDRESS_OK;
}

static int open_db(sqlite_store *s, const char *path) {
  /* URI filenames whatever SQLite's compile-time default (SQLITE_USE_URI) */
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI;
  if (sqlite3_open_v2(path, &s->db, flags, NULL) != SQLITE_OK)
    return s->db == NULL ? fail(s, REDRESS_ERR_NOMEM, "sqlite store: out of memory")
                         : fail(s, REDRESS_ERR_STORE, "sqlite store: cannot open %s: %s", path,
                                sqlite3_errmsg(s->db));
  int rc = set_pragmas(s);
  if (rc == REDRESS_OK) rc = ensure_schema(s, path);
  if (rc == REDRESS_OK) rc = prepare_all(s);
  return rc;
}

/* The errmsg slot: the desk appends this sentence to its own message. */
static const char *store_errmsg(void *ud) { return ((const sqlite_store *)ud)->errmsg; }

static void fill_vtable(redress_store *out, sqlite_store *s) {
  redress_store v = REDRESS_STORE_INIT;
  v.ud = s;
  v.load = store_load;
  v.save = store_save;
  v.remove = store_remove;
  v.scan = store_scan;
  v.due = store_due;
  v.by_customer = store_by_customer;
  v.destroy = store_destroy;
  v.errmsg = store_errmsg;
  *out = v;
}

int sqlite_store_open(redress_store *out, const char *path, char *err, size_t errlen) {
  if (err != NULL && errlen > 0) err[0] = '\0';
  if (out == NULL || path == NULL) {
    if (err != NULL && errlen > 0) snprintf(err, errlen, "sqlite store: out and path are required");
    return REDRESS_ERR_INVALID;
  }
  sqlite_store *s = calloc(1, sizeof *s);
  if (s == NULL) {
    if (err != NULL && errlen > 0) snprintf(err, errlen, "sqlite store: out of memory");
    return REDRESS_ERR_NOMEM;
  }
  int rc = open_db(s, path);
  if (rc != REDRESS_OK) {
    if (err != NULL && errlen > 0) snprintf(err, errlen, "%s", s->errmsg);
    store_destroy(s);
    return rc;
  }
  fill_vtable(out, s);
  return REDRESS_OK;
}

/* ---- transactions: the host's, around several saves (the desk opens none) ------- */

int sqlite_store_begin(const redress_store *store) {
  if (store == NULL || store->ud == NULL) return REDRESS_ERR_INVALID;
  return store_begin(store->ud);
}

int sqlite_store_commit(const redress_store *store) {
  if (store == NULL || store->ud == NULL) return REDRESS_ERR_INVALID;
  return store_commit(store->ud);
}

int sqlite_store_rollback(const redress_store *store) {
  if (store == NULL || store->ud == NULL) return REDRESS_ERR_INVALID;
  return store_rollback(store->ud);
}

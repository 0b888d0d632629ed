/* A libredress store over SQLite (see store_sqlite.h for the schema and its reasons):
 * opening, the slots over records, tenants, and the host's transactions. */
#include "sqlite_internal.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- errors ------------------------------------------------------------------ */

int sqlite_fail(sqlite_conn *s, int code, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(s->errmsg, sizeof s->errmsg, fmt, ap);
  va_end(ap);
  return code;
}

int sqlite_fail_call(sqlite_conn *s, const char *what) {
  int code = sqlite3_errcode(s->db) == SQLITE_NOMEM ? REDRESS_ERR_NOMEM : REDRESS_ERR_STORE;
  return sqlite_fail(s, code, "sqlite store: %s: %s", what, sqlite3_errmsg(s->db));
}

static void ok(sqlite_conn *s) { s->errmsg[0] = '\0'; }

const char *sqlite_store_errmsg(const redress_store *store) {
  if (store == NULL || store->ud == NULL) return "no store";
  return ((const sqlite_store *)store->ud)->conn->errmsg;
}

/* ---- statements ---------------------------------------------------------------- */

/* A statement still running means a callback re-entered the slot that runs it. */
sqlite3_stmt *sqlite_take(sqlite_conn *s, int which) {
  sqlite3_stmt *st = s->stmt[which];
  if (sqlite3_stmt_busy(st)) {
    sqlite_fail(s, REDRESS_ERR_STORE, "sqlite store: a callback called back into the same slot");
    return NULL;
  }
  return st;
}

void sqlite_give_back(sqlite3_stmt *st) {
  sqlite3_reset(st);
  sqlite3_clear_bindings(st);
}

int sqlite_run(sqlite_conn *s, sqlite3_stmt *st, const char *what) {
  int rc = sqlite3_step(st);
  int result = rc == SQLITE_DONE ? REDRESS_OK : sqlite_fail_call(s, what);
  sqlite_give_back(st);
  return result;
}

/* The statement with the store's tenant bound (?11), or NULL. */
static sqlite3_stmt *take_for(sqlite_store *v, int which) {
  sqlite3_stmt *st = sqlite_take(v->conn, which);
  if (st != NULL && sqlite3_bind_text(st, 11, v->tenant, -1, SQLITE_STATIC) != SQLITE_OK) {
    sqlite_give_back(st);
    sqlite_fail_call(v->conn, "bind tenant");
    return NULL;
  }
  return st;
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

/* ?1..?10, ?12 and ?13 in the order of the columns (?11 is the store's tenant). The
 * record's buffers are bound without a copy: they outlive the statement's step, which
 * is all SQLite needs. */
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
  if (rc == SQLITE_OK) rc = bind_name(st, 12, r, r->version >= 2 ? r->owner : NULL);
  if (rc == SQLITE_OK) rc = bind_name(st, 13, r, r->version >= 2 ? r->team : NULL);
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
  r->tenant = (const char *)sqlite3_column_text(st, 10);
  r->owner = (const char *)sqlite3_column_text(st, 11);
  r->team = (const char *)sqlite3_column_text(st, 12);
}

/* A NULL text where the column holds a value: SQLite could not convert it. */
static int row_unreadable(const redress_record *r, sqlite3_stmt *st) {
  return r->id == NULL || r->customer_id == NULL || r->tenant == NULL ||
         (r->owner == NULL && sqlite3_column_type(st, 11) != SQLITE_NULL) ||
         (r->team == NULL && sqlite3_column_type(st, 12) != SQLITE_NULL);
}

/* Steps a bound query, handing each row to cb; returns how it ended. */
static int each_row(sqlite_conn *s, sqlite3_stmt *st, const char *what, redress_record_cb cb,
                    void *payload) {
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    redress_record r;
    read_record(&r, st);
    if (row_unreadable(&r, st)) { /* SQLite could not convert the text */
      sqlite_give_back(st);
      return sqlite_fail(s, REDRESS_ERR_NOMEM, "sqlite store: %s: out of memory", what);
    }
    if (cb(&r, payload) != 0) {
      sqlite_give_back(st);
      return sqlite_fail(s, REDRESS_ERR_USER, "sqlite store: %s stopped by the callback", what);
    }
  }
  int result = rc == SQLITE_DONE ? REDRESS_OK : sqlite_fail_call(s, what);
  sqlite_give_back(st);
  return result;
}

/* ---- write transactions: the record and its feed together ---------------------- */

/* BEGIN IMMEDIATE on its own, a savepoint inside the host's transaction (whose commit
 * or rollback then decides). *nested says which, for the end. Failures are named after
 * the write (`what`): the commit is where a full disk shows. */
static int write_begin(sqlite_conn *s, int *nested, const char *what) {
  *nested = !sqlite3_get_autocommit(s->db);
  return sqlite_run(s, s->stmt[*nested ? ST_SAVEPOINT : ST_BEGIN], what);
}

static int write_commit(sqlite_conn *s, int nested, const char *what) {
  return sqlite_run(s, s->stmt[nested ? ST_RELEASE : ST_COMMIT], what);
}

/* Undoes the write; keeps the failure already recorded. */
static void write_abort(sqlite_conn *s, int nested) {
  char keep[sizeof s->errmsg];
  memcpy(keep, s->errmsg, sizeof keep);
  if (nested) {
    sqlite3_step(s->stmt[ST_ROLLBACK_TO]);
    sqlite_give_back(s->stmt[ST_ROLLBACK_TO]);
    sqlite3_step(s->stmt[ST_RELEASE]);
    sqlite_give_back(s->stmt[ST_RELEASE]);
  } else if (!sqlite3_get_autocommit(s->db)) { /* SQLite may have rolled back already */
    sqlite3_step(s->stmt[ST_ROLLBACK]);
    sqlite_give_back(s->stmt[ST_ROLLBACK]);
  }
  memcpy(s->errmsg, keep, sizeof keep);
}

/* ---- the slots ------------------------------------------------------------------ */

static int store_load(void *ud, const char *id, redress_record_cb cb, void *payload) {
  sqlite_store *v = ud;
  sqlite_conn *s = v->conn;
  if (id == NULL || cb == NULL) return sqlite_fail(s, REDRESS_ERR_INVALID, "sqlite store: load: NULL");
  ok(s);
  sqlite3_stmt *st = take_for(v, ST_LOAD);
  if (st == NULL) return REDRESS_ERR_STORE;
  if (sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC) != SQLITE_OK) {
    sqlite_give_back(st);
    return sqlite_fail_call(s, "load");
  }
  int rc = sqlite3_step(st);
  if (rc == SQLITE_DONE) {
    sqlite_give_back(st);
    return sqlite_fail(s, REDRESS_ERR_NOTFOUND, "sqlite store: no complaint '%.128s'", id);
  }
  if (rc != SQLITE_ROW) {
    sqlite_give_back(st);
    return sqlite_fail_call(s, "load");
  }
  redress_record r;
  read_record(&r, st);
  if (row_unreadable(&r, st)) {
    sqlite_give_back(st);
    return sqlite_fail(s, REDRESS_ERR_NOMEM, "sqlite store: load: out of memory");
  }
  int stop = cb(&r, payload);
  sqlite_give_back(st);
  if (stop != 0) return sqlite_fail(s, REDRESS_ERR_USER, "sqlite store: load stopped by the callback");
  return REDRESS_OK;
}

/* A record of another tenant would be filed where no reader of this one looks. */
static int check_tenant(sqlite_store *v, const redress_record *r) {
  const char *tenant = r->version >= 2 && r->tenant != NULL ? r->tenant : "";
  if (strcmp(tenant, v->tenant) == 0) return REDRESS_OK;
  return sqlite_fail(v->conn, REDRESS_ERR_INVALID,
              "sqlite store: save: a record of tenant '%.128s' given to the store of tenant "
              "'%.128s'", tenant, v->tenant);
}

static int check_record(sqlite_store *v, const redress_record *r, uint64_t expected) {
  sqlite_conn *s = v->conn;
  if (r == NULL || r->id == NULL || r->customer_id == NULL || (r->doc == NULL && r->doc_len))
    return sqlite_fail(s, REDRESS_ERR_INVALID, "sqlite store: save: incomplete record");
  if (r->version < 1 || r->version > REDRESS_RECORD_VERSION)
    return sqlite_fail(s, REDRESS_ERR_VERSION, "sqlite store: save: record version %u", r->version);
  if (r->revision != expected + 1 || r->revision > (uint64_t)INT64_MAX)
    return sqlite_fail(s, REDRESS_ERR_INVALID,
                "sqlite store: save: revision %llu does not follow expected revision %llu",
                (unsigned long long)r->revision, (unsigned long long)expected);
  if (r->version >= 2 && r->changes == NULL && r->n_changes > 0)
    return sqlite_fail(s, REDRESS_ERR_INVALID, "sqlite store: save: changes missing");
  return check_tenant(v, r);
}

/* INSERT for a new complaint, UPDATE guarded by the revision for the others. */
static int write_record(sqlite_store *v, const redress_record *r, uint64_t expected) {
  sqlite_conn *s = v->conn;
  sqlite3_stmt *st = take_for(v, expected == 0 ? ST_INSERT : ST_UPDATE);
  if (st == NULL) return REDRESS_ERR_STORE;
  int bound = bind_record(st, r);
  if (bound == SQLITE_OK && expected != 0)
    bound = sqlite3_bind_int64(st, 14, (sqlite3_int64)expected);
  if (bound != SQLITE_OK) {
    sqlite_give_back(st);
    return sqlite_fail_call(s, "save");
  }
  int rc = sqlite_run(s, st, "save");
  if (rc == REDRESS_OK && sqlite3_changes(s->db) == 0)
    return sqlite_fail(s, REDRESS_ERR_CONFLICT, "sqlite store: '%.128s' is not at revision %llu", r->id,
                (unsigned long long)expected);
  return rc;
}

/* The record and its changes in one transaction: committed together or not at all. */
static int store_save(void *ud, const redress_record *r, uint64_t expected) {
  sqlite_store *v = ud;
  sqlite_conn *s = v->conn;
  int rc = check_record(v, r, expected);
  if (rc != REDRESS_OK) return rc;
  ok(s);
  int nested = 0;
  rc = write_begin(s, &nested, "save");
  if (rc != REDRESS_OK) return rc;
  rc = write_record(v, r, expected);
  if (rc == REDRESS_OK && r->version >= 2)
    rc = sqlite_feed_write(s, v->tenant, r->id, r->revision, r->changes, r->n_changes);
  if (rc == REDRESS_OK) rc = write_commit(s, nested, "save");
  if (rc != REDRESS_OK) write_abort(s, nested);
  return rc;
}

/* After a remove changed nothing: was the id absent, or at another revision? */
static int explain_no_remove(sqlite_store *v, const char *id, uint64_t expected) {
  sqlite_conn *s = v->conn;
  sqlite3_stmt *st = take_for(v, ST_REVISION);
  if (st == NULL) return REDRESS_ERR_STORE;
  if (sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC) != SQLITE_OK) {
    sqlite_give_back(st);
    return sqlite_fail_call(s, "remove");
  }
  int rc = sqlite3_step(st);
  sqlite_give_back(st);
  if (rc == SQLITE_DONE)
    return sqlite_fail(s, REDRESS_ERR_NOTFOUND, "sqlite store: no complaint '%.128s'", id);
  if (rc == SQLITE_ROW)
    return sqlite_fail(s, REDRESS_ERR_CONFLICT, "sqlite store: '%.128s' is not at revision %llu", id,
                (unsigned long long)expected);
  return sqlite_fail_call(s, "remove");
}

static int delete_record(sqlite_store *v, const char *id, uint64_t expected) {
  sqlite_conn *s = v->conn;
  sqlite3_stmt *st = take_for(v, ST_REMOVE);
  if (st == NULL) return REDRESS_ERR_STORE;
  if (expected > (uint64_t)INT64_MAX) expected = 0; /* no stored revision is that large */
  if (sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC) != SQLITE_OK ||
      sqlite3_bind_int64(st, 2, (sqlite3_int64)expected) != SQLITE_OK) {
    sqlite_give_back(st);
    return sqlite_fail_call(s, "remove");
  }
  int rc = sqlite_run(s, st, "remove");
  if (rc == REDRESS_OK && sqlite3_changes(s->db) == 0) return explain_no_remove(v, id, expected);
  return rc;
}

/* The removal and its change (when given) in one transaction. */
static int store_remove_logged(void *ud, const char *id, uint64_t expected,
                               const redress_change *change) {
  sqlite_store *v = ud;
  sqlite_conn *s = v->conn;
  if (id == NULL) return sqlite_fail(s, REDRESS_ERR_INVALID, "sqlite store: remove: NULL id");
  ok(s);
  int nested = 0;
  int rc = write_begin(s, &nested, "remove");
  if (rc != REDRESS_OK) return rc;
  rc = delete_record(v, id, expected);
  if (rc == REDRESS_OK && change != NULL)
    rc = sqlite_feed_write(s, v->tenant, id, expected, change, 1);
  if (rc == REDRESS_OK) rc = write_commit(s, nested, "remove");
  if (rc != REDRESS_OK) write_abort(s, nested);
  return rc;
}

static int store_remove(void *ud, const char *id, uint64_t expected) {
  return store_remove_logged(ud, id, expected, NULL);
}

static int store_scan(void *ud, redress_record_cb cb, void *payload) {
  sqlite_store *v = ud;
  sqlite_conn *s = v->conn;
  if (cb == NULL) return sqlite_fail(s, REDRESS_ERR_INVALID, "sqlite store: scan: NULL callback");
  ok(s);
  sqlite3_stmt *st = take_for(v, ST_SCAN);
  if (st == NULL) return REDRESS_ERR_STORE;
  return each_row(s, st, "scan", cb, payload);
}

static int store_due(void *ud, redress_time until, redress_record_cb cb, void *payload) {
  sqlite_store *v = ud;
  sqlite_conn *s = v->conn;
  if (cb == NULL) return sqlite_fail(s, REDRESS_ERR_INVALID, "sqlite store: due: NULL callback");
  ok(s);
  sqlite3_stmt *st = take_for(v, ST_DUE);
  if (st == NULL) return REDRESS_ERR_STORE;
  if (sqlite3_bind_int64(st, 1, until) != SQLITE_OK) {
    sqlite_give_back(st);
    return sqlite_fail_call(s, "due");
  }
  return each_row(s, st, "due", cb, payload);
}

static int store_by_customer(void *ud, const char *customer_id, redress_record_cb cb,
                             void *payload) {
  sqlite_store *v = ud;
  sqlite_conn *s = v->conn;
  if (customer_id == NULL || cb == NULL)
    return sqlite_fail(s, REDRESS_ERR_INVALID, "sqlite store: by_customer: NULL");
  ok(s);
  sqlite3_stmt *st = take_for(v, ST_CUSTOMER);
  if (st == NULL) return REDRESS_ERR_STORE;
  if (sqlite3_bind_text(st, 1, customer_id, -1, SQLITE_STATIC) != SQLITE_OK) {
    sqlite_give_back(st);
    return sqlite_fail_call(s, "by_customer");
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
  sqlite_store *v = store->ud;
  sqlite_conn *s = v->conn;
  if ((owner == NULL && team == NULL) || cb == NULL)
    return sqlite_fail(s, REDRESS_ERR_INVALID,
                       "sqlite store: assigned: an owner or a team is required");
  ok(s);
  sqlite3_stmt *st = take_for(v, owner != NULL ? ST_OWNER : ST_TEAM);
  if (st == NULL) return REDRESS_ERR_STORE;
  int bound = owner != NULL ? bind_assigned(st, owner, open_only, team)
                            : bind_assigned(st, team, open_only, NULL);
  if (bound != SQLITE_OK) {
    sqlite_give_back(st);
    return sqlite_fail_call(s, "assigned");
  }
  return each_row(s, st, "assigned", cb, payload);
}

static int store_feed(void *ud, uint64_t after, size_t limit, redress_change_cb cb,
                      void *payload) {
  sqlite_store *v = ud;
  sqlite_conn *s = v->conn;
  if (cb == NULL || limit == 0)
    return sqlite_fail(s, REDRESS_ERR_INVALID, "sqlite store: feed: NULL callback or limit 0");
  ok(s);
  return sqlite_feed_read(s, v->tenant, after, limit, cb, payload);
}

static int store_begin(sqlite_conn *s) {
  ok(s);
  return sqlite_run(s, s->stmt[ST_BEGIN], "begin");
}

static int store_commit(sqlite_conn *s) {
  ok(s);
  return sqlite_run(s, s->stmt[ST_COMMIT], "commit");
}

/* Rolling back when SQLite already did (after some errors) is not a failure. */
static int store_rollback(sqlite_conn *s) {
  ok(s);
  if (sqlite3_get_autocommit(s->db)) return REDRESS_OK;
  return sqlite_run(s, s->stmt[ST_ROLLBACK], "rollback");
}

static void conn_close(sqlite_conn *s) {
  if (s == NULL) return;
  for (int i = 0; i < ST_COUNT; i++) sqlite3_finalize(s->stmt[i]);
  sqlite3_close(s->db);
  free(s);
}

/* The default tenant's store closes the connection; a tenant's releases itself. */
static void store_destroy(void *ud) {
  sqlite_store *v = ud;
  if (v == NULL) return;
  if (v->owner) conn_close(v->conn);
  free(v);
}

/* The errmsg slot: the desk appends this sentence to its own message. */
static const char *store_errmsg(void *ud) { return ((const sqlite_store *)ud)->conn->errmsg; }

/* ---- tenants ------------------------------------------------------------------ */

static sqlite_store *view_new(sqlite_conn *conn, const char *tenant, int owner) {
  size_t len = strlen(tenant);
  sqlite_store *v = malloc(sizeof *v + len + 1);
  if (v == NULL) return NULL;
  v->conn = conn;
  v->owner = owner;
  memcpy(v->tenant, tenant, len + 1);
  return v;
}

static int store_for_tenant(void *ud, const char *tenant, redress_store *out);

static void fill_vtable(redress_store *out, sqlite_store *v) {
  redress_store t = REDRESS_STORE_INIT;
  t.ud = v;
  t.load = store_load;
  t.save = store_save;
  t.remove = store_remove;
  t.scan = store_scan;
  t.due = store_due;
  t.by_customer = store_by_customer;
  t.destroy = store_destroy;
  t.errmsg = store_errmsg;
  t.feed = store_feed;
  t.remove_logged = store_remove_logged;
  t.for_tenant = store_for_tenant;
  *out = t;
}

/* A store over the same connection that reads and writes the tenant's rows only. */
static int store_for_tenant(void *ud, const char *tenant, redress_store *out) {
  sqlite_conn *s = ((sqlite_store *)ud)->conn;
  if (tenant == NULL || tenant[0] == '\0' || out == NULL)
    return sqlite_fail(s, REDRESS_ERR_INVALID, "sqlite store: for_tenant: a tenant is required");
  sqlite_store *v = view_new(s, tenant, 0);
  if (v == NULL) return sqlite_fail(s, REDRESS_ERR_NOMEM, "sqlite store: out of memory");
  fill_vtable(out, v);
  return REDRESS_OK;
}

/* ---- opening ------------------------------------------------------------------ */

static int exec_pragma(sqlite_conn *s, const char *sql, const char *what) {
  char *msg = NULL;
  if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) == SQLITE_OK) return REDRESS_OK;
  int code = sqlite_fail(s, REDRESS_ERR_STORE, "sqlite store: %s: %s", what,
                  msg != NULL ? msg : sqlite3_errmsg(s->db));
  sqlite3_free(msg);
  return code;
}

/* WAL lets readers run beside the writer; a database in memory has no WAL, fine too. */
static int set_pragmas(sqlite_conn *s) {
  if (sqlite3_busy_timeout(s->db, SQLITE_STORE_BUSY_TIMEOUT_MS) != SQLITE_OK)
    return sqlite_fail_call(s, "busy timeout");
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(s->db, "PRAGMA journal_mode = WAL", -1, &st, NULL) != SQLITE_OK)
    return sqlite_fail_call(s, "journal_mode");
  int rc = sqlite3_step(st);
  const char *mode = rc == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0) : NULL;
  int wal = mode != NULL && (strcmp(mode, "wal") == 0 || strcmp(mode, "memory") == 0);
  sqlite3_finalize(st);
  if (rc != SQLITE_ROW) return sqlite_fail_call(s, "journal_mode");
  if (!wal) return sqlite_fail(s, REDRESS_ERR_STORE, "sqlite store: the database refused WAL mode");
  return exec_pragma(s, "PRAGMA synchronous = NORMAL", "synchronous");
}

static int prepare_all(sqlite_conn *s) {
  for (int i = 0; i < ST_COUNT; i++) {
    if (sqlite3_prepare_v3(s->db, sqlite_statement_sql[i], -1, SQLITE_PREPARE_PERSISTENT,
                           &s->stmt[i], NULL) != SQLITE_OK)
      return sqlite_fail_call(s, "prepare");
  }
  return REDRESS_OK;
}

static int open_db(sqlite_conn *s, const char *path) {
  /* URI filenames whatever SQLite's compile-time default (SQLITE_USE_URI) */
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI;
  if (sqlite3_open_v2(path, &s->db, flags, NULL) != SQLITE_OK)
    return s->db == NULL ? sqlite_fail(s, REDRESS_ERR_NOMEM, "sqlite store: out of memory")
                         : sqlite_fail(s, REDRESS_ERR_STORE, "sqlite store: cannot open %s: %s", path,
                                sqlite3_errmsg(s->db));
  int rc = set_pragmas(s);
  if (rc == REDRESS_OK) rc = sqlite_schema_ensure(s, path);
  if (rc == REDRESS_OK) rc = prepare_all(s);
  return rc;
}

static void say(char *err, size_t errlen, const char *text) {
  if (err != NULL && errlen > 0) snprintf(err, errlen, "%s", text);
}

int sqlite_store_open(redress_store *out, const char *path, char *err, size_t errlen) {
  say(err, errlen, "");
  if (out == NULL || path == NULL) {
    say(err, errlen, "sqlite store: out and path are required");
    return REDRESS_ERR_INVALID;
  }
  sqlite_conn *s = calloc(1, sizeof *s);
  sqlite_store *v = s != NULL ? view_new(s, "", 1) : NULL;
  if (v == NULL) {
    free(s);
    say(err, errlen, "sqlite store: out of memory");
    return REDRESS_ERR_NOMEM;
  }
  int rc = open_db(s, path);
  if (rc != REDRESS_OK) {
    say(err, errlen, s->errmsg);
    store_destroy(v);
    return rc;
  }
  fill_vtable(out, v);
  return REDRESS_OK;
}

/* ---- transactions: the host's, around several saves (the desk opens none) ------- */

static sqlite_conn *conn_of(const redress_store *store) {
  return store != NULL && store->ud != NULL ? ((const sqlite_store *)store->ud)->conn : NULL;
}

int sqlite_store_begin(const redress_store *store) {
  sqlite_conn *s = conn_of(store);
  return s == NULL ? REDRESS_ERR_INVALID : store_begin(s);
}

int sqlite_store_commit(const redress_store *store) {
  sqlite_conn *s = conn_of(store);
  return s == NULL ? REDRESS_ERR_INVALID : store_commit(s);
}

int sqlite_store_rollback(const redress_store *store) {
  sqlite_conn *s = conn_of(store);
  return s == NULL ? REDRESS_ERR_INVALID : store_rollback(s);
}

/* The SQLite store's schema (see store_sqlite.h for what each table holds and why):
 * created in a new file, checked in an existing one, migrated from version 1. */
#include <stdio.h>

#include "sqlite_internal.h"

#define COLUMNS \
  "id, customer_id, state, severity, channel, received_at, updated_at, next_alarm, revision, " \
  "doc, tenant, owner, team"

#define FEED_COLUMNS \
  "cursor, complaint_id, revision, kind, event_kind, event_seq, deadline_kind, level, " \
  "anchor, at, due"

/* ?1..?13 are the record's columns in the order of COLUMNS, ?11 the store's tenant. */
const char *const sqlite_statement_sql[ST_COUNT] = {
    [ST_LOAD] = "SELECT " COLUMNS " FROM complaints WHERE tenant = ?11 AND id = ?1",
    [ST_INSERT] = "INSERT INTO complaints (" COLUMNS ") "
                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13) "
                  "ON CONFLICT (tenant, id) DO NOTHING",
    [ST_UPDATE] = "UPDATE complaints SET customer_id = ?2, state = ?3, severity = ?4, "
                  "channel = ?5, received_at = ?6, updated_at = ?7, next_alarm = ?8, "
                  "revision = ?9, doc = ?10, owner = ?12, team = ?13 "
                  "WHERE tenant = ?11 AND id = ?1 AND revision = ?14",
    [ST_REMOVE] = "DELETE FROM complaints WHERE tenant = ?11 AND id = ?1 AND revision = ?2",
    [ST_REVISION] = "SELECT revision FROM complaints WHERE tenant = ?11 AND id = ?1",
    [ST_SCAN] = "SELECT " COLUMNS " FROM complaints WHERE tenant = ?11",
    [ST_DUE] = "SELECT " COLUMNS " FROM complaints WHERE tenant = ?11 AND "
               "next_alarm IS NOT NULL AND next_alarm <= ?1 ORDER BY next_alarm, id",
    [ST_CUSTOMER] = "SELECT " COLUMNS " FROM complaints WHERE tenant = ?11 AND customer_id = ?1",
    /* sqlite_store_assigned(): the (tenant, owner, state) and (tenant, team, state) indexes */
    [ST_OWNER] = "SELECT " COLUMNS " FROM complaints WHERE tenant = ?11 AND owner = ?1 AND "
                 "state BETWEEN ?2 AND ?3 AND (?4 IS NULL OR team = ?4) ORDER BY id",
    [ST_TEAM] = "SELECT " COLUMNS " FROM complaints WHERE tenant = ?11 AND team = ?1 AND "
                "state BETWEEN ?2 AND ?3 ORDER BY id",
    [ST_BEGIN] = "BEGIN IMMEDIATE",
    [ST_COMMIT] = "COMMIT",
    [ST_ROLLBACK] = "ROLLBACK",
    [ST_SAVEPOINT] = "SAVEPOINT redress_write",
    [ST_RELEASE] = "RELEASE redress_write",
    [ST_ROLLBACK_TO] = "ROLLBACK TO redress_write",
    [ST_HEAD] = "SELECT last FROM feed_heads WHERE tenant = ?1",
    [ST_HEAD_SET] = "INSERT INTO feed_heads (tenant, last) VALUES (?1, ?2) "
                    "ON CONFLICT (tenant) DO UPDATE SET last = excluded.last",
    [ST_FEED_ADD] = "INSERT INTO feed (tenant, " FEED_COLUMNS ") "
                    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    [ST_FEED_READ] = "SELECT " FEED_COLUMNS " FROM feed WHERE tenant = ?1 AND cursor > ?2 "
                     "ORDER BY cursor LIMIT ?3",
};

/* The complaints table of version 2 (under a name, for the migration), its indexes,
 * and the feed. */
#define COMPLAINTS_TABLE(name)                                                          \
  "CREATE TABLE " name " ("                                                             \
  "  tenant TEXT NOT NULL DEFAULT '',"                                                  \
  "  id TEXT NOT NULL,"                                                                 \
  "  customer_id TEXT NOT NULL,"                                                        \
  "  state INTEGER NOT NULL,"                                                           \
  "  severity INTEGER NOT NULL,"                                                        \
  "  channel INTEGER NOT NULL,"                                                         \
  "  received_at INTEGER NOT NULL,"                                                     \
  "  updated_at INTEGER NOT NULL,"                                                      \
  "  next_alarm INTEGER," /* NULL: REDRESS_TIME_NEVER */                                \
  "  revision INTEGER NOT NULL CHECK (revision >= 1),"                                  \
  "  doc BLOB NOT NULL,"                                                                \
  "  owner TEXT," /* NULL: none */                                                      \
  "  team TEXT," /* NULL: none */                                                       \
  "  PRIMARY KEY (tenant, id));"

#define INDEXES_AND_FEED                                                                     \
  "CREATE INDEX complaints_due ON complaints (tenant, next_alarm, id) "                      \
  "WHERE next_alarm IS NOT NULL;"                                                            \
  "CREATE INDEX complaints_customer ON complaints (tenant, customer_id);"                    \
  "CREATE INDEX complaints_state ON complaints (tenant, state, updated_at);"                 \
  "CREATE INDEX complaints_owner ON complaints (tenant, owner, state) "                      \
  "WHERE owner IS NOT NULL;"                                                                 \
  "CREATE INDEX complaints_team ON complaints (tenant, team, state) WHERE team IS NOT NULL;" \
  "CREATE TABLE feed ("                                                                      \
  "  tenant TEXT NOT NULL,"                                                                  \
  "  cursor INTEGER NOT NULL CHECK (cursor >= 1),"                                           \
  "  complaint_id TEXT NOT NULL,"                                                            \
  "  revision INTEGER NOT NULL,"                                                             \
  "  kind INTEGER NOT NULL,"                                                                 \
  "  event_kind INTEGER NOT NULL,"                                                           \
  "  event_seq INTEGER NOT NULL,"                                                            \
  "  deadline_kind INTEGER NOT NULL,"                                                        \
  "  level INTEGER NOT NULL,"                                                                \
  "  anchor INTEGER NOT NULL,"                                                               \
  "  at INTEGER NOT NULL,"                                                                   \
  "  due INTEGER," /* NULL: REDRESS_TIME_NEVER */                                            \
  "  PRIMARY KEY (tenant, cursor)) WITHOUT ROWID;"                                           \
  "CREATE TABLE feed_heads ("                                                                \
  "  tenant TEXT NOT NULL PRIMARY KEY,"                                                      \
  "  last INTEGER NOT NULL) WITHOUT ROWID;"

/* Version 2 in a new file; created in one transaction with its version number. */
static const char schema_sql[] =
    COMPLAINTS_TABLE("complaints") INDEXES_AND_FEED "PRAGMA user_version = 2;";

/* Version 1 had no tenant (its complaints become the default tenant's, ""), no feed
 * (it starts empty: the feed holds the changes saved from now on) and no owner and team
 * (its complaints were written before assign existed: NULL is what they hold). The
 * primary key changes, so the table is copied into a new one. */
static const char migrate_1_sql[] =
    COMPLAINTS_TABLE("complaints_v2")
    "INSERT INTO complaints_v2 (tenant, id, customer_id, state, severity, channel, received_at, "
    "updated_at, next_alarm, revision, doc) SELECT '', id, customer_id, state, severity, "
    "channel, received_at, updated_at, next_alarm, revision, doc FROM complaints;"
    "DROP TABLE complaints;"
    "ALTER TABLE complaints_v2 RENAME TO complaints;" INDEXES_AND_FEED
    "PRAGMA user_version = 2;";

static int read_int(sqlite_conn *s, const char *sql, int *out) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
    return sqlite_fail_call(s, sql);
  int rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) *out = sqlite3_column_int(st, 0);
  sqlite3_finalize(st);
  return rc == SQLITE_ROW || rc == SQLITE_DONE ? REDRESS_OK : sqlite_fail_call(s, sql);
}

static int exec(sqlite_conn *s, const char *sql, const char *what) {
  char *msg = NULL;
  if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) == SQLITE_OK) return REDRESS_OK;
  int code = sqlite_fail(s, REDRESS_ERR_STORE, "sqlite store: %s: %s", what,
                         msg != NULL ? msg : sqlite3_errmsg(s->db));
  sqlite3_free(msg);
  return code;
}

static int check_version(sqlite_conn *s, const char *path, int version, int tables) {
  if (version == 0 && tables == 0) return exec(s, schema_sql, "create schema");
  if (version == 0)
    return sqlite_fail(s, REDRESS_ERR_VERSION,
                       "sqlite store: %s is not a libredress database (it has tables but no "
                       "schema version)", path);
  if (version == 1) return exec(s, migrate_1_sql, "migrate schema version 1 to 2");
  if (version != SQLITE_STORE_SCHEMA_VERSION)
    return sqlite_fail(s, REDRESS_ERR_VERSION,
                       "sqlite store: %s has schema version %d; this program knows version %d "
                       "(upgrade the program, or migrate the database)",
                       path, version, SQLITE_STORE_SCHEMA_VERSION);
  return REDRESS_OK;
}

/* The check runs under the write lock so that two processes never both create (or
 * migrate) the schema. */
int sqlite_schema_ensure(sqlite_conn *s, const char *path) {
  int rc = exec(s, "BEGIN IMMEDIATE", "begin");
  int version = 0, tables = 0;
  if (rc == REDRESS_OK) rc = read_int(s, "PRAGMA user_version", &version);
  if (rc == REDRESS_OK)
    rc = read_int(s, "SELECT count(*) FROM sqlite_schema WHERE type = 'table'", &tables);
  if (rc == REDRESS_OK) rc = check_version(s, path, version, tables);
  if (rc == REDRESS_OK) return exec(s, "COMMIT", "commit");
  sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
  return rc;
}

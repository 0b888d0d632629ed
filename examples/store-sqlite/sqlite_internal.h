/* The SQLite store's own parts, shared by its files (not for hosts: they include
 * store_sqlite.h):
 *
 *   store_sqlite.c   opening, the slots over records, tenants, the host's transactions
 *   sqlite_schema.c  the schema: created, checked, migrated from version 1
 *   sqlite_feed.c    the change feed: written with a save or a removal, read back
 */
#ifndef REDRESS_EXAMPLE_SQLITE_INTERNAL_H
#define REDRESS_EXAMPLE_SQLITE_INTERNAL_H

#include <sqlite3.h>

#include "store_sqlite.h"

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
  ST_SAVEPOINT,
  ST_RELEASE,
  ST_ROLLBACK_TO,
  ST_HEAD,
  ST_HEAD_SET,
  ST_FEED_ADD,
  ST_FEED_READ,
  ST_COUNT
};

/* One connection, shared by the default tenant's store and every tenant's. */
typedef struct sqlite_conn {
  sqlite3 *db;
  sqlite3_stmt *stmt[ST_COUNT];
  char errmsg[512];
} sqlite_conn;

/* What a vtable's ud points to: a connection and the tenant whose records it reads
 * ("" for the default tenant). The default tenant's is the one sqlite_store_open makes,
 * and owns the connection; for_tenant makes the others, which own only themselves. */
typedef struct sqlite_store {
  sqlite_conn *conn;
  int owner;
  char tenant[]; /* NUL-terminated */
} sqlite_store;

/* Records the failure as the store's sentence; returns code. */
int sqlite_fail(sqlite_conn *s, int code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
/* A failed SQLite call: its message, and REDRESS_ERR_STORE (or NOMEM). */
int sqlite_fail_call(sqlite_conn *s, const char *what);
/* The statement, or NULL (and a failure) when a callback re-entered the slot using it. */
sqlite3_stmt *sqlite_take(sqlite_conn *s, int which);
void sqlite_give_back(sqlite3_stmt *st);
/* Runs a statement that returns no rows; REDRESS_OK or the failure. */
int sqlite_run(sqlite_conn *s, sqlite3_stmt *st, const char *what);

/* sqlite_schema.c: a new file gets the schema; version 1 is migrated; others refused. */
int sqlite_schema_ensure(sqlite_conn *s, const char *path);
/* The SQL text of each statement. */
extern const char *const sqlite_statement_sql[ST_COUNT];

/* sqlite_feed.c: appends the changes with the tenant's next cursors; the caller holds
 * the write transaction the record was written in. */
int sqlite_feed_write(sqlite_conn *s, const char *tenant, const char *id, uint64_t revision,
                      const redress_change *changes, size_t n);
/* The feed slot. */
int sqlite_feed_read(sqlite_conn *s, const char *tenant, uint64_t after, size_t limit,
                     redress_change_cb cb, void *payload);

#endif

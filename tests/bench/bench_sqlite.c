/* The SQLite peer's table (bench_sqlite.h). */
#include "bench_sqlite.h"

#include <stdio.h>
#include <stdlib.h>

static const char schema[] =
  "CREATE TABLE c(id TEXT PRIMARY KEY, customer_id TEXT NOT NULL, state INTEGER NOT NULL,"
  " severity INTEGER NOT NULL, channel INTEGER NOT NULL, received_at INTEGER NOT NULL,"
  " updated_at INTEGER NOT NULL, next_alarm INTEGER, revision INTEGER NOT NULL,"
  " doc TEXT NOT NULL);"
  "CREATE INDEX c_next_alarm ON c(next_alarm);"
  "CREATE INDEX c_customer ON c(customer_id);";

static void sql_ok(int rc, sqlite3 *db, const char *what) {
  if (rc == SQLITE_OK || rc == SQLITE_DONE || rc == SQLITE_ROW) return;
  fprintf(stderr, "bench sqlite: %s: %s\n", what, sqlite3_errmsg(db));
  exit(1);
}

void bench_sqlite_create(sqlite3 *db) {
  sql_ok(sqlite3_exec(db, schema, NULL, NULL, NULL), db, "schema");
}

static int copy_row(const redress_record *r, void *payload) {
  sqlite3_stmt *st = payload;
  sqlite3_bind_text(st, 1, r->id, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 2, r->customer_id, -1, SQLITE_STATIC);
  sqlite3_bind_int(st, 3, r->state);
  sqlite3_bind_int(st, 4, r->severity);
  sqlite3_bind_int(st, 5, r->channel);
  sqlite3_bind_int64(st, 6, r->received_at);
  sqlite3_bind_int64(st, 7, r->updated_at);
  if (r->next_alarm == REDRESS_TIME_NEVER)
    sqlite3_bind_null(st, 8);
  else
    sqlite3_bind_int64(st, 8, r->next_alarm);
  sqlite3_bind_int64(st, 9, (sqlite3_int64)r->revision);
  sqlite3_bind_text(st, 10, r->doc, (int)r->doc_len, SQLITE_STATIC);
  int rc = sqlite3_step(st);
  sqlite3_reset(st);
  return rc != SQLITE_DONE;
}

void bench_sqlite_insert_all(sqlite3 *db, const redress_store *store) {
  sql_ok(sqlite3_exec(db, "BEGIN", NULL, NULL, NULL), db, "begin");
  sqlite3_stmt *ins = NULL;
  sql_ok(sqlite3_prepare_v2(db, "INSERT INTO c VALUES (?,?,?,?,?,?,?,?,?,?)", -1, &ins, NULL), db,
         "prepare insert");
  if (store->scan(store->ud, copy_row, ins) != REDRESS_OK) sql_ok(SQLITE_ERROR, db, "insert");
  sqlite3_finalize(ins);
  sql_ok(sqlite3_exec(db, "COMMIT", NULL, NULL, NULL), db, "commit");
}

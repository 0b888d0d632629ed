/* The SQLite peer's table: a store's records copied into an in-memory SQLite table
 * shaped like the SQLite adapter's (indexed columns beside the JSON document). */
#ifndef REDRESS_BENCH_SQLITE_H
#define REDRESS_BENCH_SQLITE_H

#include <sqlite3.h>

#include "redress.h"
#include "redress/sys/store.h"

/* Creates table c with its indexes on id, customer_id and next_alarm; exits on failure. */
void bench_sqlite_create(sqlite3 *db);
/* Copies every record of store into table c in one transaction; exits on failure. A
 * next_alarm of REDRESS_TIME_NEVER is stored as NULL, as the adapter does. */
void bench_sqlite_insert_all(sqlite3 *db, const redress_store *store);

#endif

/*
 * A libredress store over PostgreSQL (libpq): example code for hosts, not part of
 * the library. It is the path to many application servers sharing one database
 * (docs/scaling.md).
 *
 * Schema version 2, created on first open in the connection's current schema
 * (pg_schema.c):
 *
 *   complaints
 *     tenant text COLLATE "C"             "" for the default tenant; PRIMARY KEY (tenant, id)
 *     id text COLLATE "C"                 byte order, as the store contract orders ties
 *     customer_id text COLLATE "C"        index (tenant, customer_id, id): by_customer()
 *     state, severity, channel integer    the redress enums; index (tenant, state, updated_at)
 *     received_at, updated_at bigint      seconds since the epoch
 *     next_alarm bigint                   NULL when nothing is pending (REDRESS_TIME_NEVER);
 *                                         partial index (tenant, next_alarm, id): due()
 *     revision bigint                     compare-and-swap
 *     doc_bytes bytea                     the document exactly as the desk saved it
 *     doc jsonb GENERATED ... STORED      the same document as jsonb, for SQL queries
 *                                         and GIN indexes (NULL if the bytes are not JSON)
 *     owner, team text COLLATE "C"        the last assign's (record version 2), NULL: none;
 *                                         partial indexes (tenant, owner, state, id) and
 *                                         (tenant, team, state, id): pg_store_assigned()
 *   redress_feed                          the change feed, PRIMARY KEY (tenant, cursor):
 *     tenant, cursor, complaint_id, revision, kind, event_kind, event_seq, deadline_kind,
 *     level, anchor, at, due (NULL: never)   the members of redress_change
 *   redress_feed_heads (tenant, last)     each tenant's last cursor
 *   redress_save(), redress_remove()      the writes, as functions (below)
 *   redress_meta (schema_version)         one row: the version, checked on open
 *
 * A database of version 1 (no tenants, no feed, no owner and team) is migrated in place
 * when opened, under the schema lock: its complaints become the default tenant's, with
 * no owner or team (they predate assign), and its feed starts with the next save.
 *
 * Tenants share the tables; every statement filters by the tenant of the store it runs
 * for (an index column first, so each tenant's queries stay as cheap as a lone
 * tenant's). The vtable pg_store_open() fills is the default tenant's; its for_tenant
 * slot gives a tenant's store over the same connection (its destroy releases only
 * itself: destroy it before the default tenant's, which disconnects).
 *
 * The feed. A save is one statement, `SELECT redress_save(...)`: atomic on its own
 * (or part of the host's transaction). The function first locks the tenant's row of
 * redress_feed_heads, then writes the record with compare-and-swap, then (only if it
 * was written) the changes with the next cursors and the new head. The head's row lock
 * is held until the transaction ends, so one tenant's writers take cursors one after
 * the other, in commit order: a reader that sees cursor n can never later find a
 * change below n appear (a sequence would give that, since transactions commit out of
 * the order they draw numbers in). A save that is refused, fails, or whose client is
 * killed before the commit leaves neither record nor changes; one that commits leaves
 * both, even when its answer never reaches the client (the desk reports
 * REDRESS_ERR_STORE, the feed has the changes once). Writes of one tenant are thereby
 * serialised for the few statements of a save; tenants do not wait for each other.
 * Inside a host transaction the head stays locked until its commit, so a long
 * transaction of one tenant holds up that tenant's other writers.
 *
 * Why both bytea and jsonb: the store contract hands back the exact bytes it was
 * given, and jsonb keeps the meaning of a document but not its bytes (it reorders
 * keys and drops whitespace). The canonical JSON the desk writes is always valid,
 * so `doc` is always filled for real complaints, and hosts query it with the usual
 * operators (`doc->>'category'`, `doc @> '{"state":"closed"}'`).
 *
 * Every data statement is prepared once per connection (PQprepare) and runs with
 * parameters (binary, the changes as an int8[] in text form), so no value is ever
 * spliced into SQL text. Saves are compare-and-swap: `INSERT ... ON CONFLICT (tenant,
 * id) DO NOTHING` for a new complaint, `UPDATE ... WHERE tenant = ... AND id = ... AND
 * revision = ...` otherwise; under READ COMMITTED a concurrent writer waits for the row
 * lock and then sees the new revision, so two writers of one complaint can never both
 * succeed. scan(), due() and by_customer()
 * read in pages of PG_STORE_PAGE_ROWS rows ordered by their index (keyset
 * pagination): memory stays bounded whatever the table size, and the connection is
 * idle while callbacks run, so a callback may use the store.
 *
 * begin/commit/rollback map to BEGIN/COMMIT/ROLLBACK. Inside a transaction a
 * failed statement aborts the whole transaction (PostgreSQL's rule): roll back.
 *
 * Reconnecting: a lost connection is seen by the call that meets it (that call
 * fails with REDRESS_ERR_STORE and the server's reason); the next call made outside
 * a transaction reconnects with PQreset() and prepares the statements again (a
 * preparation that fails is retried at the following call). PQreset() replays the
 * connection parameters and nothing else, so the adapter keeps no session state
 * outside them: client_encoding=UTF8 is a connection parameter that overrides the
 * string and PGCLIENTENCODING, and a host's own session settings belong in its
 * connection string, e.g. options='-c search_path=tenant1 -c statement_timeout=5s';
 * a SET run on the connection by other means would be lost at the next reconnect.
 *
 * Messages: pg_store_errmsg() holds the last failure with PostgreSQL's reason
 * ("server closed the connection unexpectedly", "Connection refused", "the database
 * system is starting up"); the vtable's `errmsg` slot hands the same sentence to the
 * desk, so redress_desk_errmsg() names the cause. The server's notices and warnings
 * are kept (pg_store_notice()), never printed: libpq would otherwise write them to
 * the host's stderr.
 *
 * One store (one connection) is used by one thread at a time, like a desk; give
 * each desk, thread or process its own.
 */
#ifndef REDRESS_EXAMPLE_STORE_POSTGRES_H
#define REDRESS_EXAMPLE_STORE_POSTGRES_H

#include <stddef.h>

#include "redress.h"
#include "redress/sys/store.h"

/* The schema version this adapter writes and accepts (table redress_meta); version 1
 * is migrated. */
#define PG_STORE_SCHEMA_VERSION 2

/* Rows fetched per round trip by scan(), due() and by_customer(). */
#define PG_STORE_PAGE_ROWS 500

/*
 * Connects with the libpq connection string `conninfo` ("host=/run/pg dbname=desk",
 * a postgresql:// URI, or a bare database name; client_encoding is always UTF8),
 * creates the schema if the database has none, checks its version, prepares the
 * statements and fills *out; its `destroy` slot disconnects.
 * Returns REDRESS_OK; REDRESS_ERR_INVALID (NULL arguments); REDRESS_ERR_VERSION
 * (another schema version, or tables that are not ours); REDRESS_ERR_STORE (cannot
 * connect, SQL failed); REDRESS_ERR_NOMEM. On failure a sentence is written to err
 * (when errlen > 0) and *out is untouched.
 */
int pg_store_open(redress_store *out, const char *conninfo, char *err, size_t errlen);

/* The last failure of the store behind `store` as a sentence ("" after a success),
 * with PostgreSQL's own message. The vtable's `errmsg` slot returns the same
 * sentence for the desk. */
const char *pg_store_errmsg(const redress_store *store);

/*
 * The adapter's transactions. The desk never opens one: each save is atomic on its
 * own. A host that needs several saves to land together (an all-or-nothing import)
 * calls begin, then its redress_desk_save() calls, then commit, or rollback to undo
 * them all. Each returns REDRESS_OK, REDRESS_ERR_INVALID (NULL) or
 * REDRESS_ERR_STORE with pg_store_errmsg() saying why; rollback after a failure
 * the database already rolled back succeeds.
 */
int pg_store_begin(const redress_store *store);

/*
 * The records of the store's tenant assigned to `owner` (when not NULL; then of `team`
 * too when it is not NULL) or to `team` (owner NULL), ascending by id, in pages like
 * scan(): "my open complaints" is (owner, NULL, 1), "a team's complaints" (NULL, team,
 * 0); open_only keeps the states RECEIVED .. RESPONDED. In SQL, for hosts that query
 * the table:
 *   SELECT id FROM complaints WHERE tenant = $1 AND owner = $2 AND state BETWEEN 0 AND 4
 *   ORDER BY id;
 * Which of them breached a deadline the metrics tell (REDRESS_GROUP_BY_TEAM).
 * Returns REDRESS_OK; REDRESS_ERR_INVALID (NULL store or cb, or neither owner nor
 * team); REDRESS_ERR_USER (cb returned non-zero); REDRESS_ERR_STORE.
 */
int pg_store_assigned(const redress_store *store, const char *owner, const char *team,
                      int open_only, redress_record_cb cb, void *payload);
int pg_store_commit(const redress_store *store);
int pg_store_rollback(const redress_store *store);

/* The server's last notice or warning on this store's connection, on one line
 * ("WARNING:  there is no transaction in progress"), or "" if none came. Valid until
 * the next call on the store. */
const char *pg_store_notice(const redress_store *store);

#endif

/*
 * A libredress store over SQLite: example code for hosts, not part of the library.
 *
 * Schema version 2. The table `complaints` holds a column for every field of
 * redress_record and the complaint's canonical JSON beside them (a BLOB: the exact
 * bytes the desk saved); `feed` and `feed_heads` hold the change feed:
 *
 *   complaints
 *     tenant TEXT                  "" for the default tenant; PRIMARY KEY (tenant, id),
 *     id TEXT                      byte order (BINARY collation), like the contract
 *     customer_id TEXT             indexed (tenant, customer_id): by_customer()
 *     state, severity, channel     INTEGER (the redress enums); (tenant, state, updated_at)
 *     received_at, updated_at      INTEGER seconds since the epoch
 *     next_alarm INTEGER           NULL when nothing is pending (REDRESS_TIME_NEVER);
 *                                  partial index on (tenant, next_alarm, id): due()
 *     revision INTEGER             compare-and-swap
 *     doc BLOB                     the canonical JSON
 *     owner, team TEXT             the last assign's (record version 2); NULL: none;
 *                                  partial indexes (tenant, owner, state) and
 *                                  (tenant, team, state): sqlite_store_assigned()
 *   feed                           one row per change, PRIMARY KEY (tenant, cursor)
 *     tenant, cursor, complaint_id, revision, kind, event_kind, event_seq,
 *     deadline_kind, level, anchor, at, due (NULL: never)   the members of redress_change
 *   feed_heads (tenant, last)      each tenant's last cursor
 *
 * NULL rather than INT64_MAX stands for "never" so that the due index holds only
 * complaints that can actually fire, and `next_alarm <= ?` can never pick a
 * complaint without alarms whatever the bound.
 *
 * Tenants share the tables; every statement filters by the tenant of the store it runs
 * for. The vtable sqlite_store_open() fills is the default tenant's; its for_tenant
 * slot gives a tenant's store over the same connection (its destroy releases only
 * itself: destroy it before the default tenant's, which closes the connection).
 *
 * The feed. A save writes the record and its changes in one transaction: BEGIN
 * IMMEDIATE (a savepoint inside the host's own transaction), the INSERT or UPDATE, one
 * `feed` row per change numbered from the tenant's `feed_heads.last`, the new `last`,
 * COMMIT. SQLite has one writer at a time, so cursors follow commit order without
 * gaps, and a save that fails or is refused, or a process killed in the middle, leaves
 * neither the record nor its changes. A removal through remove_logged does the same
 * with its one change. The feed is kept whole; a host that trims old rows must never
 * delete a tenant's last row (the head keeps counting, but readers behind the trimmed
 * rows would see a gap, which the desk refuses).
 *
 * Version 1 (no tenants, no feed, no owner and team) is migrated when opened: its
 * complaints become the default tenant's, unchanged and with no owner or team (they were
 * written before assign existed), and its feed starts with the next save. Any other
 * version is refused with a sentence saying so.
 *
 * The database runs in WAL mode (readers never block the writer), with a busy
 * timeout so that several processes can share the file, and synchronous=NORMAL
 * (a committed save survives a crash of the application; a power cut may lose the
 * last transactions, never corrupt the file). Every statement is prepared once, when
 * the store opens. The schema carries a version in PRAGMA user_version.
 *
 * Saves are compare-and-swap: `INSERT ... ON CONFLICT DO NOTHING` for a new
 * complaint, `UPDATE ... WHERE tenant = ? AND id = ? AND revision = ?` for the others;
 * no row changed means REDRESS_ERR_CONFLICT. begin() is `BEGIN IMMEDIATE`: the write
 * lock is taken at once, so a transaction never fails half-way for want of it.
 *
 * One store (one connection, with its tenants' stores) is used by one thread at a
 * time, like a desk.
 */
#ifndef REDRESS_EXAMPLE_STORE_SQLITE_H
#define REDRESS_EXAMPLE_STORE_SQLITE_H

#include <stddef.h>

#include "redress.h"
#include "redress/sys/store.h"

/* The schema version this adapter writes and accepts (PRAGMA user_version). A file of
 * version 1 is migrated to 2 when opened (tenant, owner and team, their indexes, and
 * the feed added). */
#define SQLITE_STORE_SCHEMA_VERSION 2

/* How long a statement waits for another connection's lock before failing. */
#define SQLITE_STORE_BUSY_TIMEOUT_MS 10000

/*
 * Opens (creating if needed) the database file at `path` and fills *out with a
 * store whose `destroy` slot closes it. Give the vtable to redress_desk_open(); keep
 * a copy to call begin/commit/rollback and sqlite_store_errmsg() yourself.
 * Returns REDRESS_OK; REDRESS_ERR_INVALID (NULL arguments); REDRESS_ERR_VERSION
 * (the file has another schema version); REDRESS_ERR_STORE (SQLite failed: the
 * file cannot be opened, is not a database, ...); REDRESS_ERR_NOMEM. On failure a
 * sentence explaining it is written to err (when errlen > 0) and *out is untouched.
 * `path` may be an SQLite URI filename ("file:desk.db?mode=ro" opens it read-only:
 * every save then fails with "attempt to write a readonly database"); a path that
 * does not start with "file:" is a plain file name.
 */
int sqlite_store_open(redress_store *out, const char *path, char *err, size_t errlen);

/*
 * The last failure of the store behind `store` as a sentence ("" after a success).
 * The store's slots return only codes; this says what SQLite reported. The vtable's
 * `errmsg` slot returns the same sentence, so a desk over the store appends it to
 * redress_desk_errmsg() when a slot fails ("store.save failed: REDRESS_ERR_STORE:
 * store failure: sqlite store: ...: database is locked").
 */
const char *sqlite_store_errmsg(const redress_store *store);

/*
 * The adapter's transactions. The desk never opens one: each save is atomic on its
 * own. A host that needs several saves to land together (an all-or-nothing import)
 * calls begin, then its redress_desk_save() calls, then commit, or rollback to undo
 * them all. Each returns REDRESS_OK, REDRESS_ERR_INVALID (NULL) or
 * REDRESS_ERR_STORE with sqlite_store_errmsg() saying why; rollback after a failure
 * the database already rolled back succeeds.
 */
int sqlite_store_begin(const redress_store *store);

/*
 * The records of the store's tenant assigned to `owner` (when not NULL; then of `team`
 * too when it is not NULL) or to `team` (owner NULL), ascending by id, read through the
 * owner or team index: "my open complaints" is (owner, NULL, 1), "a team's
 * complaints" (NULL, team, 0); open_only keeps the states RECEIVED .. RESPONDED. The same query in SQL, for hosts
 * that read the table themselves:
 *   SELECT id FROM complaints WHERE tenant = ? AND owner = ? AND state BETWEEN 0 AND 4
 *   ORDER BY id;
 * Which of a team's complaints breached a deadline is a question for the metrics
 * (redress_metrics_new() with REDRESS_GROUP_BY_TEAM) or for each complaint's deadlines.
 * cb gets each record as the store's slots do (return non-zero to stop: then
 * REDRESS_ERR_USER). Returns REDRESS_OK; REDRESS_ERR_INVALID (NULL store or cb, or
 * neither owner nor team); REDRESS_ERR_STORE.
 */
int sqlite_store_assigned(const redress_store *store, const char *owner, const char *team,
                          int open_only, redress_record_cb cb, void *payload);
int sqlite_store_commit(const redress_store *store);
int sqlite_store_rollback(const redress_store *store);

#endif

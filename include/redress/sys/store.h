/**
 * @file redress/sys/store.h
 * @brief The store implementers' contract: the record a store persists, the table
 * of functions a host fills to plug in its storage, and the built-in memory store.
 *
 * Hosts that only use a desk do not need this header; hosts that write a store
 * adapter (SQLite, PostgreSQL, a key-value store) include it. Every adapter can be
 * checked with the conformance kit in the source tree (tests/stores/).
 */
#ifndef REDRESS_SYS_STORE_H
#define REDRESS_SYS_STORE_H

#include "redress/desk.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------- */
/** @name Store
 * The host owns storage. A store is a table of functions over the host's `ud`;
 * slots marked *must* are required, slots marked *may* can be NULL.
 *
 * The desk never opens a transaction: every change it makes is one `save` or
 * `remove`, atomic on its own through compare-and-swap. A host that needs several
 * saves to land together (an import that is all or nothing) opens the transaction
 * itself on its own connection, through its adapter, around those calls.
 * @{ */

/**
 * @brief Version of ::redress_record understood by this header: 2 added `owner`,
 * `team`, `tenant` and `changes`. A desk hands a store the record version of the
 * store's version (a store of version 1 gets version-1 records, which end at `doc_len`);
 * a store hands back records of version 1 or 2, and the desk reads only the members the
 * version has.
 */
#define REDRESS_RECORD_VERSION 2u

/**
 * @brief What a store persists for one complaint: indexed columns and the
 * canonical JSON document. A record handed to a store function or a callback is
 * valid only during that call; copy what you keep.
 *
 * The record travels both ways: the desk fills the store's version (2 for a store
 * of version 2) for the store's `save`, and a store hands records back to the desk's
 * callbacks. A store built against the version-1 header neither sees nor returns
 * `owner` and `team`; the desk reads them back from no record (the document holds the
 * history they come from): they are there for the store's own indexes and queries.
 */
typedef struct redress_record {
  unsigned version;          /**< ::REDRESS_RECORD_VERSION */
  const char *id;            /**< Complaint id, UTF-8, NUL-terminated. */
  const char *customer_id;   /**< Customer id, UTF-8, NUL-terminated. */
  int state;                 /**< ::redress_state */
  int severity;              /**< ::redress_severity */
  int channel;               /**< ::redress_channel */
  redress_time received_at;  /**< When the complaint was received. */
  redress_time updated_at;   /**< Time of the last event. */
  redress_time next_alarm;   /**< Next deadline warning or breach; ::REDRESS_TIME_NEVER if none. */
  uint64_t revision;         /**< 1 on first save, +1 on each save. */
  const char *doc;           /**< Canonical JSON of the complaint (not NUL-terminated). */
  size_t doc_len;            /**< Bytes in `doc`. */
  const char *owner;         /**< Since version 2: who handles it (the last assign), NUL-terminated; NULL if none. An index on (owner, state) finds "my open complaints". */
  const char *team;          /**< Since version 2: its team (the last assign); NULL if none. An index on (team, state) finds a team's complaints. */
  /**
   * Since version 2: the tenant the record belongs to, "" for the default tenant
   * (NULL reads as ""). The desk sets its own tenant; a store hands back records of
   * the tenant it stands for only, and a desk that receives another tenant's record
   * fails with ::REDRESS_ERR_STORE instead of showing it.
   */
  const char *tenant;
  /**
   * Since version 2, in a record handed to `save`: what this save changes, in order
   * (at least one: see redress_desk_feed()), each with `cursor` 0, `complaint_id` the
   * record's id and `revision` the record's. A store with a `feed` writes them in the
   * same atomic step as the record, numbered with the tenant's next cursors; a refused
   * or failed save writes none. Other stores ignore them. NULL in records a store
   * hands back.
   */
  const redress_change *changes;
  size_t n_changes;          /**< Since version 2: entries in `changes`. */
} redress_record;

/**
 * @brief Receives records from a store. Return 0 to continue, non-zero to stop
 * (the store function then returns ::REDRESS_ERR_USER).
 */
typedef int (*redress_record_cb)(const redress_record *record, void *payload);

/**
 * @brief Version of ::redress_store understood by this header: 2 added `feed`,
 * `remove_logged` and `for_tenant`. A store of version 1 (built against the 1.0
 * header) keeps working: it has no feed (redress_desk_feed() answers
 * ::REDRESS_ERR_VERSION) and serves the default tenant only.
 */
#define REDRESS_STORE_VERSION 2u

/**
 * @brief A storage backend. Every slot returns ::REDRESS_OK or a negative code;
 * any failure that is not a contract answer (NOTFOUND, CONFLICT, USER) should be
 * ::REDRESS_ERR_STORE. A slot that fails must leave the stored data unchanged.
 * When a slot fails, the desk's message (redress_desk_errmsg()) names the slot and
 * the code, followed by the store's own reason from `errmsg` when the store has one.
 */
struct redress_store {
  unsigned version; /**< ::REDRESS_STORE_VERSION */
  void *ud;         /**< The store's own state, passed first to every slot. */
  /** *must*: call `cb` once with the record of `id`; ::REDRESS_ERR_NOTFOUND if absent. */
  int (*load)(void *ud, const char *id, redress_record_cb cb, void *payload);
  /**
   * *must*: compare-and-swap. Store `record` if the stored revision equals
   * `expected_revision` (0: the id must not exist yet); otherwise return
   * ::REDRESS_ERR_CONFLICT and change nothing. `record->revision` is
   * `expected_revision + 1`.
   */
  int (*save)(void *ud, const redress_record *record, uint64_t expected_revision);
  /** *must*: delete `id` if its revision equals `expected_revision`;
   * ::REDRESS_ERR_NOTFOUND if absent, ::REDRESS_ERR_CONFLICT on another revision. */
  int (*remove)(void *ud, const char *id, uint64_t expected_revision);
  /** *must*: call `cb` for every record, in any order. */
  int (*scan)(void *ud, redress_record_cb cb, void *payload);
  /** *may*: call `cb` for every record with `next_alarm <= until`, ascending by
   * `next_alarm` (ties by id). When NULL the desk scans. */
  int (*due)(void *ud, redress_time until, redress_record_cb cb, void *payload);
  /** *may*: call `cb` for every record of `customer_id`. When NULL the desk scans. */
  int (*by_customer)(void *ud, const char *customer_id, redress_record_cb cb, void *payload);
  /** *may*: release `ud`; called once by redress_desk_close(). */
  void (*destroy)(void *ud);
  /**
   * *may*: why the store's last slot call failed, as one sentence
   * ("postgres store: load: server closed the connection unexpectedly"). The desk
   * calls it right after a slot failed with anything but a contract answer (NOTFOUND,
   * CONFLICT, USER) or NOMEM, from the thread that made the failed call, and copies
   * the sentence into its own message. The store owns the string; it must stay valid
   * until the store's next call. NULL or "" adds nothing.
   */
  const char *(*errmsg)(void *ud);
  /**
   * Since version 2, *may*: the change feed. Call `cb` for each change this store
   * keeps whose cursor is greater than `after`, in ascending cursor order, at most
   * `limit` (>= 1) of them; the change and its strings are valid during the call.
   * ::REDRESS_ERR_USER when `cb` stopped. The contract of the feed:
   *   - `save` writes the record's `changes` (and `remove_logged` its change) in the
   *     same atomic step as the record: committed together or not at all, a refused
   *     save (CONFLICT) writing none;
   *   - each written change gets its tenant's next cursor: 1, 2, 3, ... with no gap,
   *     and in commit order: once a reader has seen cursor n, no change with a cursor
   *     below n can still appear (take the cursors under the write lock that the
   *     commit releases);
   *   - changes are kept (the desk refuses a feed with a gap);
   *   - a change handed back carries every member it was saved with, `cursor` set.
   * A store with `feed` must have `remove_logged`.
   */
  int (*feed)(void *ud, uint64_t after, size_t limit, redress_change_cb cb, void *payload);
  /**
   * Since version 2, *may* (*must* with `feed`): `remove`, and write `change` (kind
   * ::REDRESS_CHANGE_REMOVED, `revision` = `expected_revision`) to the feed in the
   * same atomic step. The desk removes through it when the store has it.
   */
  int (*remove_logged)(void *ud, const char *id, uint64_t expected_revision,
                       const redress_change *change);
  /**
   * Since version 2, *may*: tenants. Fill `*out` with a store (version 2) over the same
   * storage that keeps the records and the feed of `tenant` (an id, never "") apart
   * from every other tenant's: its own ids, revisions and cursors, and records handed
   * back with `tenant` set. The store this vtable stands for is the default tenant's
   * (""). A desk opened with a tenant calls it once, uses `*out` for everything, and
   * calls `out->destroy` at close (before this store's `destroy`): it must release
   * what for_tenant made, never the shared storage. On failure return a code and leave
   * `*out` alone.
   */
  int (*for_tenant)(void *ud, const char *tenant, redress_store *out);
};

/** @brief Static initialiser: version set, every slot NULL. */
#define REDRESS_STORE_INIT \
  {REDRESS_STORE_VERSION, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL}

/**
 * @brief Same as ::REDRESS_STORE_INIT, for languages without C macros.
 * @return A store with `version` set and every other member NULL.
 */
REDRESS_API redress_store redress_store_init(void);

/**
 * @brief Create the built-in in-memory store: records keyed by id with
 * compare-and-swap revisions, an ordered index on `next_alarm` and one on
 * `customer_id`, and the change feed, kept in memory for the store's life (about 40
 * bytes per change, and the complaint id once per save). Each tenant (`for_tenant`) has records,
 * indexes and feed of its own. It is safe to share between desks in
 * different threads (an internal mutex guards it).
 *
 * @param[out] out Receives the vtable. Its `destroy` slot frees the store: give the
 *   vtable to one desk, which destroys it on close; to share the store between
 *   desks, give the others a copy whose `destroy` is NULL and close the owner last.
 * @param allocator Memory functions, copied; NULL for malloc/realloc/free.
 * @return ::REDRESS_OK; ::REDRESS_ERR_INVALID if `out` is NULL or the allocator
 *   lacks a function; ::REDRESS_ERR_VERSION; ::REDRESS_ERR_NOMEM.
 */
REDRESS_API int redress_memory_store_new(redress_store *out, const redress_allocator *allocator);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* REDRESS_SYS_STORE_H */

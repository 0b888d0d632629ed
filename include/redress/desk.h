/**
 * @file redress/desk.h
 * @brief The desk: the handle that owns the allocator, the clock, the store and the
 * settings, and through which complaints are saved, loaded and listed.
 *
 * The store is the host's (redress/sys/store.h); without one the desk makes a
 * built-in in-memory store.
 */
#ifndef REDRESS_DESK_H
#define REDRESS_DESK_H

#include "redress/complaint.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------- */
/** @name Desk
 * The desk is the handle: allocator, clock, store and settings.
 * @{ */

/** @brief Returns the current time for a desk. */
typedef redress_time (*redress_clock_fn)(void *ud);

/**
 * @brief Version of ::redress_desk_options understood by this header: 2 added
 * `tenant`. Version 1 stays accepted (its desks serve the default tenant).
 */
#define REDRESS_DESK_OPTIONS_VERSION 2u

/** @brief Settings for redress_desk_open(). Everything is copied. */
typedef struct redress_desk_options {
  unsigned version;                     /**< ::REDRESS_DESK_OPTIONS_VERSION */
  const redress_allocator *allocator;   /**< NULL: malloc/realloc/free. */
  redress_clock_fn clock;               /**< NULL: the system's wall clock. */
  void *clock_ud;                       /**< Passed to `clock`. */
  const redress_store *store;           /**< NULL: a new built-in memory store. */
  const char *zoneinfo_dir;             /**< NULL: "/usr/share/zoneinfo"; where `tz=Area/City` zone files are read. */
  /**
   * Since version 2: the tenant whose complaints the desk sees, so that several
   * tenants share one store (one database) without seeing each other's complaints.
   * NULL or "" is the default tenant (what every desk of version 1 serves). Otherwise
   * an id: up to ::REDRESS_MAX_ID_BYTES bytes of UTF-8 without control characters
   * (else ::REDRESS_ERR_INVALID or ::REDRESS_ERR_RANGE). A tenant has its own ids,
   * revisions and change feed: every save, load, listing, tick, metric and feed read
   * of the desk is confined to it. A tenant other than the default needs a store with a
   * `for_tenant` slot (redress/sys/store.h; the built-in memory store and the example
   * SQLite and PostgreSQL stores have one): any other store is refused with
   * ::REDRESS_ERR_INVALID rather than shared silently.
   */
  const char *tenant;
} redress_desk_options;

/** @brief Static initialiser: defaults for everything. */
#define REDRESS_DESK_OPTIONS_INIT {REDRESS_DESK_OPTIONS_VERSION, NULL, NULL, NULL, NULL, NULL, NULL}

/**
 * @brief Same as ::REDRESS_DESK_OPTIONS_INIT, for languages without C macros.
 * @return Options with `version` set and every other member NULL.
 */
REDRESS_API redress_desk_options redress_desk_options_init(void);

/**
 * @brief Open a desk.
 * @param[out] out Receives the desk; free it with redress_desk_close().
 * @param options Settings, copied; NULL for all defaults. The store vtable is copied
 *   and the desk calls its `destroy` slot on close. With a tenant, the desk asks the
 *   store's `for_tenant` slot for the tenant's store now and destroys that one on close
 *   too, first.
 * @return ::REDRESS_OK; ::REDRESS_ERR_INVALID (NULL `out`, incomplete allocator or
 *   store: a *must* slot missing, a store with a `feed` but no `remove_logged`; a
 *   tenant that is not an id, or a tenant for a store without `for_tenant`);
 *   ::REDRESS_ERR_RANGE (a tenant over ::REDRESS_MAX_ID_BYTES);
 *   ::REDRESS_ERR_VERSION (options, allocator or store); ::REDRESS_ERR_STORE (the
 *   store's `for_tenant` failed); ::REDRESS_ERR_NOMEM.
 *   On failure `*out` is untouched and no store of the host is destroyed.
 */
REDRESS_API int redress_desk_open(redress_desk **out, const redress_desk_options *options);

/**
 * @brief Close a desk: destroys its store (if the vtable has `destroy`) and frees it.
 * Every complaint of the desk must be freed first.
 * @param desk The desk, or NULL (nothing happens).
 */
REDRESS_API void redress_desk_close(redress_desk *desk);

/**
 * @brief A sentence about the desk's last failure (with byte offsets for parse
 * errors), or "" if the last call succeeded or no call failed yet.
 * @param desk The desk; NULL gives "no desk".
 * @return Borrowed from the desk until its next call. Never NULL.
 */
REDRESS_API const char *redress_desk_errmsg(const redress_desk *desk);

/**
 * @brief The desk's clock.
 * @param desk The desk; NULL gives 0.
 * @return The time the desk's clock reads now.
 */
REDRESS_API redress_time redress_desk_now(const redress_desk *desk);

/** @} */

/* ------------------------------------------------------------------------- */
/** @name Stored complaints
 * @{ */

/**
 * @brief Save a complaint to the desk's store with compare-and-swap on its revision.
 * On success the complaint's revision is incremented. On failure the complaint and
 * the store are exactly as before. What the save changes since the complaint was
 * loaded or last saved (its new events, its new alarms) goes to the change feed in
 * the same atomic step (redress_desk_feed()).
 *
 * ::REDRESS_ERR_STORE can also mean that the store committed and its answer was lost
 * (a connection broke after the commit): the complaint keeps its old revision, so
 * saving it again gives ::REDRESS_ERR_CONFLICT; load it to see what is stored. The
 * feed holds the changes of a committed save exactly once either way.
 * @return ::REDRESS_OK; ::REDRESS_ERR_INVALID; ::REDRESS_ERR_EXISTS (new complaint,
 *   id taken); ::REDRESS_ERR_CONFLICT (someone saved a newer revision: load, reapply,
 *   save again); ::REDRESS_ERR_RANGE (its next alarm cannot be computed: a deadline
 *   would fall after ::REDRESS_TIME_MAX, or its calendar never opens);
 *   ::REDRESS_ERR_STORE; ::REDRESS_ERR_NOMEM.
 */
REDRESS_API int redress_desk_save(redress_desk *desk, redress_complaint *complaint);

/**
 * @brief Load a complaint by id.
 * @param[out] out Receives a new complaint; free it with redress_complaint_free().
 * @param desk The desk whose store is read.
 * @param id The complaint's id, checked as redress_complaint_create() checks it.
 * @return ::REDRESS_OK; ::REDRESS_ERR_INVALID (NULL, empty, not UTF-8 or holding a
 *   control character); ::REDRESS_ERR_RANGE (longer than ::REDRESS_MAX_ID_BYTES);
 *   ::REDRESS_ERR_NOTFOUND; ::REDRESS_ERR_PARSE (the stored document is corrupt);
 *   ::REDRESS_ERR_STORE; ::REDRESS_ERR_NOMEM.
 */
REDRESS_API int redress_desk_load(redress_complaint **out, redress_desk *desk, const char *id);

/**
 * @brief Remove a stored complaint if its stored revision is `revision`. A store with
 * a change feed writes a ::REDRESS_CHANGE_REMOVED change in the same atomic step.
 * @return ::REDRESS_OK; ::REDRESS_ERR_INVALID (an id NULL, empty, not UTF-8 or holding
 *   a control character); ::REDRESS_ERR_RANGE (an id longer than ::REDRESS_MAX_ID_BYTES);
 *   ::REDRESS_ERR_NOTFOUND; ::REDRESS_ERR_CONFLICT; ::REDRESS_ERR_STORE.
 */
REDRESS_API int redress_desk_remove(redress_desk *desk, const char *id, uint64_t revision);

/** @brief Receives each stored complaint; borrowed during the call only. Return
 * non-zero to stop. */
typedef int (*redress_complaint_cb)(const redress_complaint *complaint, void *payload);

/**
 * @brief Call `cb` for every stored complaint (store order).
 * `cb` may call into the desk, but whether it may use the desk's store depends on the
 * store: the built-in memory store stays locked for the whole iteration (so that the
 * record it hands over stays unchanged), so a load, save, remove, each, tick, feed,
 * redress_metrics_add_store(), redress_classify() with store history or
 * redress_desk_precedents() from `cb` fails with ::REDRESS_ERR_STORE. Copy
 * what you need (redress_complaint_clone(), the ids) and act after the call returns.
 * @return ::REDRESS_OK; ::REDRESS_ERR_USER (the callback stopped);
 *   ::REDRESS_ERR_PARSE (a corrupt document); ::REDRESS_ERR_STORE; ::REDRESS_ERR_NOMEM.
 */
REDRESS_API int redress_desk_each(redress_desk *desk, redress_complaint_cb cb, void *payload);

/** @} */

/* ------------------------------------------------------------------------- */
/** @name Change feed
 * Every change the desk saves to its store, in order, each exactly once for a reader
 * that keeps its place. A save writes one change per event it appended and per alarm
 * it recorded (a first save: ::REDRESS_CHANGE_CREATED for the complaint and its create
 * event); a save that appended neither (attributes changed) writes one
 * ::REDRESS_CHANGE_SAVED; redress_desk_remove() writes ::REDRESS_CHANGE_REMOVED. The
 * store writes them in the same atomic step as the record, each with the next
 * `cursor` of the desk's tenant: 1, 2, 3, ... without gaps, in commit order. So a
 * change is in the feed exactly when its save committed: a writer that crashed before
 * the commit left neither; one that crashed after it, or whose commit succeeded while
 * the desk reported ::REDRESS_ERR_STORE (the reply was lost), left both, once.
 *
 * A reader keeps the cursor of the last change it has handled (with its own data,
 * atomically, for exactly-once) and asks for the changes after it. The alarms of
 * redress_desk_tick() are delivered at most once by its callback but exactly once by
 * the feed (docs/deadlines.md, "Alarms and the tick").
 *
 * The feed is the store's: the built-in memory store and the example SQLite and
 * PostgreSQL stores keep one; a store without a `feed` slot (any store of version 1)
 * has none.
 * @{ */

/** @brief What a change in the feed did to its complaint. */
typedef enum redress_change_kind {
  REDRESS_CHANGE_CREATED = 0, /**< The first save: the complaint and its create event. */
  REDRESS_CHANGE_EVENT = 1,   /**< A save appended this event (one change per event). */
  REDRESS_CHANGE_ALARM = 2,   /**< A tick recorded this warning or breach. */
  REDRESS_CHANGE_SAVED = 3,   /**< A save that appended no event and no alarm (attributes). */
  REDRESS_CHANGE_REMOVED = 4  /**< redress_desk_remove() removed the complaint. */
} redress_change_kind;
#define REDRESS_CHANGE_KIND_COUNT 5 /**< Number of change kinds. */

/** @brief Version of ::redress_change understood by this header. */
#define REDRESS_CHANGE_VERSION 1u

/**
 * @brief One change of the feed. The desk hands it to a redress_change_cb; a store
 * receives changes in a record to save and hands them back from its `feed` slot
 * (redress/sys/store.h). Strings are borrowed for the call that passes the change.
 * Members that do not apply to the kind hold the values of ::REDRESS_CHANGE_INIT.
 */
typedef struct redress_change {
  unsigned version;         /**< ::REDRESS_CHANGE_VERSION; read only the members it has. */
  uint64_t cursor;          /**< The store's sequence number, from 1, consecutive per tenant; the reader's place. 0 in a record handed to save. */
  const char *complaint_id; /**< The complaint. */
  uint64_t revision;        /**< The revision the save wrote; for REMOVED, the revision removed. */
  int kind;                 /**< ::redress_change_kind */
  int event_kind;           /**< CREATED, EVENT: the ::redress_event_kind (the verb); else -1. */
  uint32_t event_seq;       /**< CREATED, EVENT: the event's `seq` (1 for CREATED), its index + 1 in the history; else 0. */
  int deadline_kind;        /**< ALARM: the ::redress_deadline_kind; else -1. */
  int level;                /**< ALARM: the ::redress_alarm_level; else -1. */
  uint32_t anchor;          /**< ALARM: the `seq` of the event that started the deadline; else 0. */
  redress_time at;          /**< CREATED, EVENT: the event's time; ALARM: the tick's time; SAVED, REMOVED: the desk's clock at the save or removal. */
  redress_time due;         /**< ALARM: the deadline's due time; else ::REDRESS_TIME_NEVER. */
} redress_change;

/** @brief Static initialiser: version set, the members of no kind at their "none" values. */
#define REDRESS_CHANGE_INIT \
  {REDRESS_CHANGE_VERSION, 0, NULL, 0, 0, -1, 0, -1, -1, 0, 0, REDRESS_TIME_NEVER}

/**
 * @brief Receives one change. The change and its strings are borrowed for the call;
 * copy what you keep. Return 0 to go on, non-zero to stop.
 */
typedef int (*redress_change_cb)(const redress_change *change, void *payload);

/**
 * @brief Read the desk's change feed: call `cb` for each change of the desk's tenant
 * whose cursor is greater than `after`, in cursor order, at most `limit` of them.
 *
 * Start with `after` = 0; afterwards pass the cursor of the last change you handled.
 * Fewer than `limit` changes means the reader has caught up (for now). The desk copies
 * each page of changes out of the store before calling `cb`, so `cb` may use the desk
 * (load the complaint, even save); changes saved meanwhile get later cursors and come
 * in this call or the next. The desk checks what the store hands back: a cursor that
 * is not the one after the previous (a change skipped or repeated), a change without a
 * complaint id or of an unknown kind fails with ::REDRESS_ERR_STORE and is not
 * delivered, so that a reader never passes a change by silently.
 *
 * @param desk The desk.
 * @param after The cursor to read after (0: from the first change).
 * @param limit The most changes to deliver, >= 1.
 * @param cb Called once per change, in order.
 * @param payload Passed to `cb`.
 * @return ::REDRESS_OK (every change after `after`, or `limit` of them, delivered);
 *   ::REDRESS_ERR_INVALID (NULL desk or `cb`, `limit` 0); ::REDRESS_ERR_USER (`cb`
 *   stopped; the changes before, and the one it stopped on, were delivered);
 *   ::REDRESS_ERR_VERSION (the store keeps no feed: a store of version 1, or without a
 *   `feed` slot); ::REDRESS_ERR_STORE (the store failed, or handed back a feed that
 *   breaks the contract); ::REDRESS_ERR_NOMEM.
 */
REDRESS_API int redress_desk_feed(redress_desk *desk, uint64_t after, size_t limit,
                                  redress_change_cb cb, void *payload);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* REDRESS_DESK_H */

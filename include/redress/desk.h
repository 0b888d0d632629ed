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

/** @brief Version of ::redress_desk_options understood by this header. */
#define REDRESS_DESK_OPTIONS_VERSION 1u

/** @brief Settings for redress_desk_open(). Everything is copied. */
typedef struct redress_desk_options {
  unsigned version;                     /**< ::REDRESS_DESK_OPTIONS_VERSION */
  const redress_allocator *allocator;   /**< NULL: malloc/realloc/free. */
  redress_clock_fn clock;               /**< NULL: the system's wall clock. */
  void *clock_ud;                       /**< Passed to `clock`. */
  const redress_store *store;           /**< NULL: a new built-in memory store. */
  const char *zoneinfo_dir;             /**< NULL: "/usr/share/zoneinfo"; where `tz=Area/City` zone files are read. */
} redress_desk_options;

/** @brief Static initialiser: defaults for everything. */
#define REDRESS_DESK_OPTIONS_INIT {REDRESS_DESK_OPTIONS_VERSION, NULL, NULL, NULL, NULL, NULL}

/**
 * @brief Same as ::REDRESS_DESK_OPTIONS_INIT, for languages without C macros.
 * @return Options with `version` set and every other member NULL.
 */
REDRESS_API redress_desk_options redress_desk_options_init(void);

/**
 * @brief Open a desk.
 * @param[out] out Receives the desk; free it with redress_desk_close().
 * @param options Settings, copied; NULL for all defaults. The store vtable is copied
 *   and the desk calls its `destroy` slot on close.
 * @return ::REDRESS_OK; ::REDRESS_ERR_INVALID (NULL `out`, incomplete allocator or
 *   store: a *must* slot missing);
 *   ::REDRESS_ERR_VERSION (options, allocator or store); ::REDRESS_ERR_NOMEM.
 *   On failure `*out` is untouched and no store is destroyed.
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
 * the store are exactly as before.
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
 * @param id The complaint's id.
 * @return ::REDRESS_OK; ::REDRESS_ERR_INVALID; ::REDRESS_ERR_NOTFOUND;
 *   ::REDRESS_ERR_PARSE (the stored document is corrupt); ::REDRESS_ERR_STORE;
 *   ::REDRESS_ERR_NOMEM.
 */
REDRESS_API int redress_desk_load(redress_complaint **out, redress_desk *desk, const char *id);

/**
 * @brief Remove a stored complaint if its stored revision is `revision`.
 * @return ::REDRESS_OK; ::REDRESS_ERR_INVALID; ::REDRESS_ERR_NOTFOUND;
 *   ::REDRESS_ERR_CONFLICT; ::REDRESS_ERR_STORE.
 */
REDRESS_API int redress_desk_remove(redress_desk *desk, const char *id, uint64_t revision);

/** @brief Receives each stored complaint; borrowed during the call only. Return
 * non-zero to stop. */
typedef int (*redress_complaint_cb)(const redress_complaint *complaint, void *payload);

/**
 * @brief Call `cb` for every stored complaint (store order).
 * @return ::REDRESS_OK; ::REDRESS_ERR_USER (the callback stopped);
 *   ::REDRESS_ERR_PARSE (a corrupt document); ::REDRESS_ERR_STORE; ::REDRESS_ERR_NOMEM.
 */
REDRESS_API int redress_desk_each(redress_desk *desk, redress_complaint_cb cb, void *payload);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* REDRESS_DESK_H */

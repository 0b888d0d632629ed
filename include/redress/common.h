/**
 * @file redress/common.h
 * @brief Conventions, versions, errors, limits, the allocator and enumeration names.
 *
 * Every other libredress header includes this one. A host normally writes
 * `#include <redress.h>`, which includes every stable module header.
 *
 * @section conventions Conventions
 * - Every function that can fail returns an `int`: ::REDRESS_OK (0) on success,
 *   a negative `REDRESS_ERR_*` code on failure. redress_strerror() names a code and
 *   redress_desk_errmsg() explains the desk's last failure in a sentence.
 * - Out-parameters come first and are only written on success.
 * - When a call has several faults, the first in this order is reported:
 *   (1) its arguments, alone or against the complaint (NULL, malformed, out of
 *   domain, over a size limit, a time earlier than the complaint's last event):
 *   ::REDRESS_ERR_INVALID or ::REDRESS_ERR_RANGE; (2) the complaint's state:
 *   ::REDRESS_ERR_STATE; (3) room: ::REDRESS_ERR_RANGE for a full history.
 *   So ::REDRESS_ERR_STATE means every argument was acceptable and no other
 *   argument would have made the call allowed. Which of several bad arguments is
 *   named is not specified. ::REDRESS_ERR_NOMEM may come at any point.
 * - Functions that take a complaint (or another object of a desk) but no desk report
 *   on the desk the object belongs to: they clear that desk's redress_desk_errmsg()
 *   on entry and set it on failure. The message is the desk's, shared by all its
 *   objects: a call on any complaint of the desk replaces the message left by a call
 *   on another. A NULL object gives ::REDRESS_ERR_INVALID and changes no message.
 *   Pure reads are the exception: the field getters (redress_complaint_number(),
 *   redress_complaint_string(), redress_event_number(), redress_event_string()) and
 *   the readers of output structs (redress_deadlines_get(), redress_verdict_get(),
 *   redress_verdict_reason()) never touch a desk's message; their return value says
 *   all there is (an unknown field, a field the object does not carry).
 * - Text is UTF-8 and is validated on entry (invalid text: ::REDRESS_ERR_INVALID);
 *   sizes are limited by the `REDRESS_MAX_*` macros (too large: ::REDRESS_ERR_RANGE).
 * - Times are ::redress_time, seconds since the Unix epoch in UTC, between
 *   ::REDRESS_TIME_MIN and ::REDRESS_TIME_MAX. Money is `int64_t` minor units
 *   (cents); ::REDRESS_AMOUNT_UNKNOWN marks an amount that was not given.
 * - A `const char *` returned by a getter is borrowed from its object and stays valid
 *   until the object is next changed or freed. Everything returned through a
 *   `**out` parameter is owned by the caller and released with its `*_free`
 *   (memory returned as `char **out` with redress_free()).
 * - Input structs carry `unsigned version` first; initialise them with their
 *   `*_INIT` macro (or `*_init()` function from other languages). An unknown version
 *   is refused with ::REDRESS_ERR_VERSION. Every earlier version stays accepted: a
 *   struct from a program built against an older header (so a smaller struct) is
 *   read only up to the members its version has, and later members take their
 *   defaults (docs/abi.md). Output structs filled by the library (a deadline, a
 *   verdict's summary and reasons) carry a version too: the caller sets it (with
 *   the `*_INIT` macro) and the library fills only the members of that version.
 * - Names: `redress_<object>_<verb>` for functions, outputs first, the object
 *   next, callbacks and their `payload` last.
 *
 * @section threads Thread rules
 * The library has no global or thread-local mutable state. Distinct desks are fully
 * independent and may be used from different threads at the same time. One desk,
 * and every object created from it, must be used by one thread at a time; hand a
 * desk to another thread only with the usual happens-before (a mutex, a join).
 * A complaint keeps a pointer to its desk and writes the desk's message (see
 * Conventions), so a complaint is used on the thread that uses its desk: two
 * complaints of one desk are never used by two threads at once.
 * Free functions that take no desk (redress_strerror(), redress_version(),
 * redress_enum_name(), ...) may be called from any thread at any time.
 */
#ifndef REDRESS_COMMON_H
#define REDRESS_COMMON_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @brief Marks an exported function.
 *
 * On Windows a DLL exports what the library marks `__declspec(dllexport)` (its build
 * defines `REDRESS_BUILDING`), and a program calls it through `__declspec(dllimport)`
 * (the default). A program linking the static library defines `REDRESS_STATIC`
 * before including the header (the meson dependency and pkg-config of a static
 * build say so), which leaves the mark empty. Elsewhere the mark is default
 * visibility: the library is built with the rest hidden.
 */
#if defined(_WIN32) || defined(__CYGWIN__)
#  if defined(REDRESS_STATIC)
#    define REDRESS_API
#  elif defined(REDRESS_BUILDING)
#    define REDRESS_API __declspec(dllexport)
#  else
#    define REDRESS_API __declspec(dllimport)
#  endif
#elif defined(__GNUC__) && __GNUC__ >= 4
#  define REDRESS_API __attribute__((visibility("default")))
#else
#  define REDRESS_API
#endif

/* ------------------------------------------------------------------------- */
/** @name Version
 * @{ */

#define REDRESS_VERSION_MAJOR 1 /**< Incompatible ABI changes bump this. */
#define REDRESS_VERSION_MINOR 0 /**< Compatible additions bump this. */
#define REDRESS_VERSION_PATCH 0 /**< Fixes bump this. */
/** @brief The version as one number: major * 10000 + minor * 100 + patch. */
#define REDRESS_VERSION_NUMBER \
  (REDRESS_VERSION_MAJOR * 10000 + REDRESS_VERSION_MINOR * 100 + REDRESS_VERSION_PATCH)
/** @brief The version as text, "major.minor.patch". */
#define REDRESS_VERSION_STRING "1.0.0"

/**
 * @brief The version of the library actually linked, as "major.minor.patch".
 * @return A static string; never NULL.
 */
REDRESS_API const char *redress_version(void);

/**
 * @brief The version of the library actually linked, as ::REDRESS_VERSION_NUMBER.
 * @return major * 10000 + minor * 100 + patch.
 */
REDRESS_API unsigned redress_version_number(void);

/** @} */
/* ------------------------------------------------------------------------- */
/** @name Errors
 * @{ */

/** @brief Return codes. 0 is success; failures are negative and never renumbered. */
typedef enum redress_error {
  REDRESS_OK = 0,             /**< Success. */
  REDRESS_ERR_INVALID = -1,   /**< An argument is NULL, malformed, out of its domain or not UTF-8. */
  REDRESS_ERR_NOMEM = -2,     /**< The allocator returned NULL. */
  REDRESS_ERR_NOTFOUND = -3,  /**< No such complaint, attribute, event or item. */
  REDRESS_ERR_EXISTS = -4,    /**< A complaint with that id is already stored. */
  REDRESS_ERR_CONFLICT = -5,  /**< The stored revision is not the expected one. */
  REDRESS_ERR_STATE = -6,     /**< The verb is not allowed in the complaint's state. */
  REDRESS_ERR_STORE = -7,     /**< The store failed. */
  REDRESS_ERR_PARSE = -8,     /**< Malformed text (JSON, calendar spec); see the byte offset in the message. */
  REDRESS_ERR_RANGE = -9,     /**< A size limit or numeric range was exceeded. */
  REDRESS_ERR_VERSION = -10,  /**< An input struct carries an unknown version. */
  REDRESS_ERR_USER = -11      /**< A host callback asked to stop. */
} redress_error;

/**
 * @brief The name of a return code, e.g. "REDRESS_ERR_STATE: verb not allowed in this state".
 * @param code A value returned by the library.
 * @return A static string; an unknown code gives "unknown error". Never NULL.
 */
REDRESS_API const char *redress_strerror(int code);

/** @} */
/* ------------------------------------------------------------------------- */
/** @name Basic types and limits
 * @{ */

/** @brief An instant: seconds since 1970-01-01T00:00:00Z. */
typedef int64_t redress_time;

#define REDRESS_TIME_MIN ((redress_time)0)            /**< 1970-01-01T00:00:00Z */
#define REDRESS_TIME_MAX ((redress_time)253402300799) /**< 9999-12-31T23:59:59Z */
/** @brief "Never": no alarm pending, no due date. */
#define REDRESS_TIME_NEVER ((redress_time)INT64_MAX)
/** @brief An amount of money that was not given. Other negative amounts are invalid. */
#define REDRESS_AMOUNT_UNKNOWN ((int64_t)-1)

/**
 * @brief Names and ids. Complaint, customer and tenant ids, customer tiers, categories,
 * actors, escalation targets, attribute keys, and policy and calendar names are
 * UTF-8 without control characters: C0 (U+0000..U+001F), DEL (U+007F) and C1
 * (U+0080..U+009F) are refused with ::REDRESS_ERR_INVALID (::REDRESS_ERR_PARSE in a
 * JSON document), since hosts print them on one line and match them. Free text (the
 * complaint's text, requested remedy, notes, points, demands, remedies, attribute
 * values) may hold any character but NUL.
 */
#define REDRESS_MAX_ID_BYTES 128        /**< ids: complaint, customer, tenant. */
#define REDRESS_MAX_NAME_BYTES 128      /**< category, tier, actor, escalation target. */
#define REDRESS_MAX_TEXT_BYTES 65536    /**< the complaint text. */
#define REDRESS_MAX_NOTE_BYTES 16384    /**< a note, remedy, demand or complaint point. */
#define REDRESS_MAX_ATTRS 64            /**< custom attributes per complaint. */
#define REDRESS_MAX_ATTR_KEY_BYTES 64   /**< an attribute key. */
#define REDRESS_MAX_ATTR_VALUE_BYTES 4096 /**< an attribute value. */
#define REDRESS_MAX_EVENTS 10000        /**< events in one complaint's history. */
/**
 * @brief Alarms one event can owe: it starts at most two deadlines (create:
 * acknowledge and resolve; reopen: resolve and update; promise: promise and update),
 * and each deadline raises at most ::REDRESS_POLICY_WARN_LEVELS warnings and a breach
 * (4 before 1.1, when a deadline had one warning level).
 */
#define REDRESS_MAX_ALARMS_PER_EVENT 10
/**
 * @brief Alarms one complaint can record: every alarm its history can owe, so that
 * recording one never fails (a document holding an alarm its history does not owe,
 * or one alarm twice, is refused by the decoder).
 */
#define REDRESS_MAX_ALARMS (REDRESS_MAX_ALARMS_PER_EVENT * REDRESS_MAX_EVENTS)
#define REDRESS_MAX_JSON_DEPTH 32       /**< nesting accepted by the JSON decoder. */
/** @brief Largest canonical JSON document accepted (bytes). */
#define REDRESS_MAX_JSON_BYTES (64u * 1024u * 1024u)

/** @} */
/* ------------------------------------------------------------------------- */
/** @name Allocator
 * @{ */

/** @brief Version of ::redress_allocator understood by this header. */
#define REDRESS_ALLOCATOR_VERSION 1u

/**
 * @brief Memory functions for a desk. Every allocation a desk (and all its objects)
 * makes goes through them. The functions must behave like malloc/realloc/free:
 * `alloc` and `realloc` return NULL on failure (the library then reports
 * ::REDRESS_ERR_NOMEM and leaves its objects unchanged); `free(NULL)` must be safe.
 */
typedef struct redress_allocator {
  unsigned version;                                 /**< ::REDRESS_ALLOCATOR_VERSION */
  void *(*alloc)(size_t size, void *ud);             /**< Allocate `size` > 0 bytes. */
  void *(*realloc)(void *ptr, size_t size, void *ud); /**< Resize; `ptr` is never NULL. */
  void (*free)(void *ptr, void *ud);                 /**< Release; `ptr` may be NULL. */
  void *ud;                                          /**< Passed to every call. */
} redress_allocator;

/** @brief Static initialiser: version set, all functions NULL (invalid until filled). */
#define REDRESS_ALLOCATOR_INIT {REDRESS_ALLOCATOR_VERSION, NULL, NULL, NULL, NULL}

/**
 * @brief Same as ::REDRESS_ALLOCATOR_INIT, for languages without C macros.
 * @return An allocator with `version` set and every other member NULL.
 */
REDRESS_API redress_allocator redress_allocator_init(void);

/** @} */

/* ------------------------------------------------------------------------- */
/** @name Handles
 * Opaque objects, declared here once so that every module header can name them.
 * Each is created and freed by the module that owns it.
 * @{ */

typedef struct redress_desk redress_desk;             /**< A desk (redress/desk.h). */
typedef struct redress_complaint redress_complaint;   /**< A complaint (redress/complaint.h). */
typedef struct redress_event redress_event;           /**< One event of a complaint's history (redress/lifecycle.h). */
typedef struct redress_calendar redress_calendar;     /**< A business calendar (redress/calendar.h). */
typedef struct redress_deadlines redress_deadlines;   /**< A complaint's deadlines (redress/deadlines.h). */
typedef struct redress_verdict redress_verdict;       /**< A classification (redress/classify.h). */
typedef struct redress_metrics redress_metrics;       /**< A metrics accumulator (redress/metrics.h). */
/** @brief A storage backend: a table of functions the host fills (redress/sys/store.h). */
typedef struct redress_store redress_store;

/** @} */
/* ------------------------------------------------------------------------- */
/** @name Enumeration names
 * @{ */

/** @brief Enumerations known to redress_enum_name(). */
typedef enum redress_enum {
  REDRESS_ENUM_CHANNEL = 0,        /**< ::redress_channel */
  REDRESS_ENUM_SEVERITY = 1,       /**< ::redress_severity */
  REDRESS_ENUM_STATE = 2,          /**< ::redress_state */
  REDRESS_ENUM_DECISION = 3,       /**< ::redress_decision */
  REDRESS_ENUM_LEGITIMACY = 4,     /**< ::redress_legitimacy */
  REDRESS_ENUM_EVENT_KIND = 5,     /**< ::redress_event_kind */
  REDRESS_ENUM_DEADLINE_KIND = 6,  /**< ::redress_deadline_kind */
  REDRESS_ENUM_DEADLINE_STATE = 7, /**< ::redress_deadline_state */
  REDRESS_ENUM_ALARM_LEVEL = 8,    /**< ::redress_alarm_level */
  REDRESS_ENUM_TEMPERAMENT = 9,    /**< ::redress_temperament */
  REDRESS_ENUM_RISK = 10,          /**< ::redress_risk: the value is one flag bit */
  REDRESS_ENUM_PLAYBOOK = 11,      /**< ::redress_playbook: the value is one flag bit */
  REDRESS_ENUM_METRIC = 12,        /**< ::redress_metric */
  REDRESS_ENUM_FIELD = 13,         /**< ::redress_field */
  REDRESS_ENUM_SPAN_UNIT = 14,     /**< ::redress_span_unit */
  REDRESS_ENUM_GROUP_BY = 15,      /**< ::redress_group_by */
  REDRESS_ENUM_CHANGE_KIND = 16,   /**< ::redress_change_kind (the change feed, redress/desk.h) */
  REDRESS_ENUM_FORMALITY = 17      /**< ::redress_formality (since 1.1) */
} redress_enum;
#define REDRESS_ENUM_COUNT 18 /**< Number of enumerations. */

/**
 * @brief The stable snake_case name of an enumeration value, as used in the
 * canonical JSON and in reports ("email", "awaiting_customer", "partly_upheld",
 * "set_severity", "rational", "move_to_phone", "first_contact_resolution_rate",
 * "alarm").
 * @param enumeration One of the ::redress_enum values.
 * @param value A value of that enumeration; for the flag sets
 *   (::REDRESS_ENUM_RISK, ::REDRESS_ENUM_PLAYBOOK) exactly one flag bit.
 * @return A static string, or NULL if either argument is out of range (or a flag
 *   value is not exactly one known bit).
 */
REDRESS_API const char *redress_enum_name(int enumeration, int value);

/**
 * @brief Free memory the library returned through a `char **out` parameter
 * (redress_complaint_to_json()). The block remembers the allocator that made it,
 * so no desk is needed; free it before closing that desk when the desk's
 * allocator is the host's own.
 * @param ptr The memory, or NULL (nothing happens).
 */
REDRESS_API void redress_free(void *ptr);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* REDRESS_COMMON_H */

/**
 * @file redress.h
 * @brief libredress: an embeddable complaint-handling engine.
 *
 * This is the only public header of the library and its specification.
 *
 * @section conventions Conventions
 * - Every function that can fail returns an `int`: ::REDRESS_OK (0) on success,
 *   a negative `REDRESS_ERR_*` code on failure. redress_strerror() names a code and
 *   redress_desk_errmsg() explains the desk's last failure in a sentence.
 * - Out-parameters come first and are only written on success.
 * - Text is UTF-8 and is validated on entry (invalid text: ::REDRESS_ERR_INVALID);
 *   sizes are limited by the `REDRESS_MAX_*` macros (too large: ::REDRESS_ERR_RANGE).
 * - Times are ::redress_time, seconds since the Unix epoch in UTC, between
 *   ::REDRESS_TIME_MIN and ::REDRESS_TIME_MAX. Money is `int64_t` minor units
 *   (cents); ::REDRESS_AMOUNT_UNKNOWN marks an amount that was not given.
 * - A `const char *` returned by a getter is borrowed from its object and stays valid
 *   until the object is next changed or freed. Everything returned through a
 *   `**out` parameter is owned by the caller and released with its `*_free`.
 * - Input structs carry `unsigned version` first; initialise them with their
 *   `*_INIT` macro (or `*_init()` function from other languages). An unknown version
 *   is refused with ::REDRESS_ERR_VERSION. Every earlier version stays accepted: a
 *   struct from a program built against an older header (so a smaller struct) is
 *   read only up to the members its version has, and later members take their
 *   defaults (docs/abi.md).
 *
 * @section threads Thread rules
 * The library has no global or thread-local mutable state. Distinct desks are fully
 * independent and may be used from different threads at the same time. One desk,
 * and every object created from it, must be used by one thread at a time; hand a
 * desk to another thread only with the usual happens-before (a mutex, a join).
 * Free functions that take no desk (redress_strerror(), redress_version(), ...)
 * may be called from any thread at any time.
 */
#ifndef REDRESS_H
#define REDRESS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** @brief Marks an exported function. */
#if defined(_WIN32) || defined(__CYGWIN__)
#  define REDRESS_API
#elif defined(__GNUC__) && __GNUC__ >= 4
#  define REDRESS_API __attribute__((visibility("default")))
#else
#  define REDRESS_API
#endif

/* ------------------------------------------------------------------------- */
/** @name Version
 * @{ */

#define REDRESS_VERSION_MAJOR 0 /**< Incompatible ABI changes bump this. */
#define REDRESS_VERSION_MINOR 1 /**< Compatible additions bump this. */
#define REDRESS_VERSION_PATCH 0 /**< Fixes bump this. */
/** @brief The version as one number: major * 10000 + minor * 100 + patch. */
#define REDRESS_VERSION_NUMBER \
  (REDRESS_VERSION_MAJOR * 10000 + REDRESS_VERSION_MINOR * 100 + REDRESS_VERSION_PATCH)
/** @brief The version as text, "major.minor.patch". */
#define REDRESS_VERSION_STRING "0.1.0"

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
 * @brief Names and ids. Complaint and customer ids, customer tiers, categories,
 * actors, escalation targets, attribute keys, and policy and calendar names are
 * UTF-8 without control characters: C0 (U+0000..U+001F), DEL (U+007F) and C1
 * (U+0080..U+009F) are refused with ::REDRESS_ERR_INVALID (::REDRESS_ERR_PARSE in a
 * JSON document), since hosts print them on one line and match them. Free text (the
 * complaint's text, requested remedy, notes, points, demands, remedies, attribute
 * values) may hold any character but NUL.
 */
#define REDRESS_MAX_ID_BYTES 128        /**< ids: complaint, customer. */
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
 * and each deadline raises at most a warning and a breach.
 */
#define REDRESS_MAX_ALARMS_PER_EVENT 4
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
/** @name Store
 * The host owns storage. A store is a table of functions over the host's `ud`;
 * slots marked *must* are required, slots marked *may* can be NULL.
 * @{ */

/** @brief Version of ::redress_record understood by this header. */
#define REDRESS_RECORD_VERSION 1u

/**
 * @brief What a store persists for one complaint: indexed columns and the
 * canonical JSON document. A record handed to a store function or a callback is
 * valid only during that call; copy what you keep.
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
} redress_record;

/**
 * @brief Receives records from a store. Return 0 to continue, non-zero to stop
 * (the store function then returns ::REDRESS_ERR_USER).
 */
typedef int (*redress_record_cb)(const redress_record *record, void *payload);

/** @brief Version of ::redress_store understood by this header. */
#define REDRESS_STORE_VERSION 1u

/**
 * @brief A storage backend. Every slot returns ::REDRESS_OK or a negative code;
 * any failure that is not a contract answer (NOTFOUND, CONFLICT, USER) should be
 * ::REDRESS_ERR_STORE. A slot that fails must leave the stored data unchanged.
 */
typedef struct redress_store {
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
  /** *may*: start a transaction (all three transaction slots or none). */
  int (*begin)(void *ud);
  /** *may*: make the transaction's saves and removes durable. */
  int (*commit)(void *ud);
  /** *may*: undo the transaction's saves and removes. */
  int (*rollback)(void *ud);
  /** *may*: release `ud`; called once by redress_desk_close(). */
  void (*destroy)(void *ud);
} redress_store;

/** @brief Static initialiser: version set, every slot NULL. */
#define REDRESS_STORE_INIT \
  {REDRESS_STORE_VERSION, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL}

/**
 * @brief Same as ::REDRESS_STORE_INIT, for languages without C macros.
 * @return A store with `version` set and every other member NULL.
 */
REDRESS_API redress_store redress_store_init(void);

/**
 * @brief Create the built-in in-memory store: records keyed by id with
 * compare-and-swap revisions, an ordered index on `next_alarm` and one on
 * `customer_id`. It has no transaction slots. It is safe to share between desks in
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
/* ------------------------------------------------------------------------- */
/** @name Desk
 * The desk is the handle: allocator, clock, store and settings.
 * @{ */

/** @brief An open desk. Opaque. */
typedef struct redress_desk redress_desk;

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
  const char *zoneinfo_dir;             /**< NULL: "/usr/share/zoneinfo". */
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
 *   store: missing a *must* slot, or only some transaction slots);
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
/** @name Complaint enumerations
 * Values are explicit and never renumbered.
 * @{ */

/** @brief Where the complaint came in. */
typedef enum redress_channel {
  REDRESS_CHANNEL_PHONE = 0,
  REDRESS_CHANNEL_EMAIL = 1,
  REDRESS_CHANNEL_WEB = 2,
  REDRESS_CHANNEL_CHAT = 3,
  REDRESS_CHANNEL_SOCIAL = 4,
  REDRESS_CHANNEL_IN_PERSON = 5,
  REDRESS_CHANNEL_LETTER = 6,
  REDRESS_CHANNEL_MEDIA = 7,
  REDRESS_CHANNEL_REGULATOR = 8,
  REDRESS_CHANNEL_SURVEY = 9
} redress_channel;
#define REDRESS_CHANNEL_COUNT 10 /**< Number of channels. */

/** @brief How serious the complaint is; selects the deadline policy. */
typedef enum redress_severity {
  REDRESS_SEVERITY_LOW = 0,
  REDRESS_SEVERITY_NORMAL = 1,
  REDRESS_SEVERITY_HIGH = 2,
  REDRESS_SEVERITY_CRITICAL = 3
} redress_severity;
#define REDRESS_SEVERITY_COUNT 4 /**< Number of severities. */

/** @brief Lifecycle state (DESIGN section 4). */
typedef enum redress_state {
  REDRESS_STATE_RECEIVED = 0,          /**< Created, nothing done yet. */
  REDRESS_STATE_ACKNOWLEDGED = 1,      /**< Customer calmed and acknowledged. */
  REDRESS_STATE_INVESTIGATING = 2,     /**< Complaint point and demand known; deliberating. */
  REDRESS_STATE_AWAITING_CUSTOMER = 3, /**< Waiting for the customer's reply. */
  REDRESS_STATE_RESPONDED = 4,         /**< Decision and remedy communicated. */
  REDRESS_STATE_RESOLVED = 5,          /**< Commitments delivered (or resolved on the spot). */
  REDRESS_STATE_CLOSED = 6,            /**< Satisfaction confirmed or closed after follow-up. */
  REDRESS_STATE_WITHDRAWN = 7          /**< Withdrawn by the customer. */
} redress_state;
#define REDRESS_STATE_COUNT 8 /**< Number of states. */

/** @brief The company's decision on the complaint. */
typedef enum redress_decision {
  REDRESS_DECISION_NONE = 0,          /**< Not decided yet. */
  REDRESS_DECISION_UPHELD = 1,         /**< The complaint is justified; the company acts. */
  REDRESS_DECISION_PARTLY_UPHELD = 2,  /**< Justified in part. */
  REDRESS_DECISION_DECLINED = 3        /**< Not justified; declined (politely). */
} redress_decision;
#define REDRESS_DECISION_COUNT 4 /**< Number of decisions. */

/** @brief Whether the complaint is reasonable (DESIGN section 1). */
typedef enum redress_legitimacy {
  REDRESS_LEGITIMACY_UNKNOWN = 0,
  REDRESS_LEGITIMACY_REASONABLE = 1,
  REDRESS_LEGITIMACY_MISINFORMED = 2, /**< Staff misinformed the customer: the company's fault. */
  REDRESS_LEGITIMACY_UNREALISTIC = 3, /**< Demand beyond value or policy. */
  REDRESS_LEGITIMACY_MALICIOUS = 4    /**< Abuse, extortion, serial claims. */
} redress_legitimacy;
#define REDRESS_LEGITIMACY_COUNT 5 /**< Number of legitimacy labels. */

/** @brief Kinds of history events; one per verb. */
typedef enum redress_event_type {
  REDRESS_EVENT_CREATE = 0,
  REDRESS_EVENT_ACKNOWLEDGE = 1,
  REDRESS_EVENT_INVESTIGATE = 2,
  REDRESS_EVENT_AWAIT_CUSTOMER = 3,
  REDRESS_EVENT_CUSTOMER_REPLY = 4,
  REDRESS_EVENT_RESPOND = 5,
  REDRESS_EVENT_FULFILL = 6,
  REDRESS_EVENT_RESOLVE_ON_THE_SPOT = 7,
  REDRESS_EVENT_CONFIRM = 8,
  REDRESS_EVENT_CLOSE = 9,
  REDRESS_EVENT_WITHDRAW = 10,
  REDRESS_EVENT_REOPEN = 11,
  REDRESS_EVENT_NOTE = 12,
  REDRESS_EVENT_UPDATE = 13,
  REDRESS_EVENT_PROMISE = 14,
  REDRESS_EVENT_HOLD = 15,
  REDRESS_EVENT_ASSESS = 16,
  REDRESS_EVENT_ESCALATE = 17,
  REDRESS_EVENT_SET_SEVERITY = 18
} redress_event_type;
#define REDRESS_EVENT_KIND_COUNT 19 /**< Number of event kinds. */

/**
 * @brief The stable snake_case name of an enumeration value, as used in the
 * canonical JSON ("email", "awaiting_customer", "partly_upheld", "set_severity").
 * @param enumeration One of the `REDRESS_ENUM_*` values.
 * @param value A value of that enumeration.
 * @return A static string, or NULL if either argument is out of range.
 */
REDRESS_API const char *redress_enum_name(int enumeration, int value);

/** @brief Enumerations known to redress_enum_name(). */
typedef enum redress_enum {
  REDRESS_ENUM_CHANNEL = 0,
  REDRESS_ENUM_SEVERITY = 1,
  REDRESS_ENUM_STATE = 2,
  REDRESS_ENUM_DECISION = 3,
  REDRESS_ENUM_LEGITIMACY = 4,
  REDRESS_ENUM_EVENT_KIND = 5,
  REDRESS_ENUM_DEADLINE_KIND = 6,  /**< ::redress_deadline_kind */
  REDRESS_ENUM_DEADLINE_STATE = 7, /**< ::redress_deadline_state */
  REDRESS_ENUM_ALARM_LEVEL = 8     /**< ::redress_alarm_level */
} redress_enum;

/** @} */
/* ------------------------------------------------------------------------- */
/** @name Complaint
 * @{ */

/** @brief A complaint: fields, lifecycle state, attributes and history. Opaque. */
typedef struct redress_complaint redress_complaint;

/** @brief Version of ::redress_complaint_init understood by this header. */
#define REDRESS_COMPLAINT_INIT_VERSION 1u

/** @brief What a complaint is created from. Strings are copied. */
typedef struct redress_complaint_init {
  unsigned version;             /**< ::REDRESS_COMPLAINT_INIT_VERSION */
  const char *id;               /**< NULL: generated, unique and sortable by time. */
  const char *customer_id;      /**< Required, 1..::REDRESS_MAX_ID_BYTES bytes. */
  const char *customer_tier;    /**< Optional, e.g. "gold"; matched by policies. */
  int64_t customer_value;       /**< Customer lifetime value, or ::REDRESS_AMOUNT_UNKNOWN. */
  int channel;                  /**< ::redress_channel */
  const char *category;         /**< Optional, e.g. "billing". */
  int severity;                 /**< ::redress_severity */
  const char *text;             /**< What the customer said; may be NULL or empty. */
  redress_time received_at;     /**< Required: when the complaint arrived. */
  int64_t order_value;          /**< Value of the order concerned, or unknown. */
  int64_t claimed_amount;       /**< What the customer claims, or unknown. */
  const char *requested_remedy; /**< Optional: what the customer asks for. */
  int64_t expectation;          /**< The customer's expectation, or unknown. */
  int64_t bottom_line;          /**< The least the customer will accept, or unknown. */
  uint32_t prior_complaints;    /**< Customer's complaints in the previous 365 days. */
  int64_t prior_compensation;   /**< Compensation paid to the customer in the previous 365 days. */
} redress_complaint_init;

/** @brief Static initialiser: normal severity, phone, amounts unknown. */
#define REDRESS_COMPLAINT_INIT                                                      \
  {REDRESS_COMPLAINT_INIT_VERSION, NULL, NULL, NULL, REDRESS_AMOUNT_UNKNOWN,        \
   REDRESS_CHANNEL_PHONE, NULL, REDRESS_SEVERITY_NORMAL, NULL, 0,                  \
   REDRESS_AMOUNT_UNKNOWN, REDRESS_AMOUNT_UNKNOWN, NULL, REDRESS_AMOUNT_UNKNOWN,    \
   REDRESS_AMOUNT_UNKNOWN, 0, 0}

/**
 * @brief Same as ::REDRESS_COMPLAINT_INIT, for languages without C macros.
 * @return An init struct with the same defaults.
 */
REDRESS_API redress_complaint_init redress_complaint_init_init(void);

/**
 * @brief Create a complaint in state ::REDRESS_STATE_RECEIVED with one CREATE event.
 * It is not stored until redress_desk_save().
 * @param[out] out Receives the complaint; free it with redress_complaint_free()
 *   before closing the desk.
 * @param desk The desk whose allocator and settings the complaint uses.
 * @param init The fields; strings are copied.
 * @return ::REDRESS_OK; ::REDRESS_ERR_INVALID (NULL argument, missing customer id,
 *   invalid UTF-8, enum or time out of range, negative amount);
 *   ::REDRESS_ERR_RANGE (a string over its `REDRESS_MAX_*`); ::REDRESS_ERR_VERSION;
 *   ::REDRESS_ERR_NOMEM.
 */
REDRESS_API int redress_complaint_create(redress_complaint **out, redress_desk *desk,
                                         const redress_complaint_init *init);

/**
 * @brief Free a complaint (the stored copy, if any, is not affected).
 * @param complaint The complaint, or NULL (nothing happens).
 */
REDRESS_API void redress_complaint_free(redress_complaint *complaint);

/**
 * @brief Make an independent copy of a complaint (same desk).
 * @param[out] out Receives the copy; free it with redress_complaint_free().
 * @param complaint The complaint to copy.
 * @return ::REDRESS_OK; ::REDRESS_ERR_INVALID; ::REDRESS_ERR_NOMEM.
 */
REDRESS_API int redress_complaint_clone(redress_complaint **out, const redress_complaint *complaint);

/** @brief The complaint's id. Borrowed. NULL complaint gives NULL. */
REDRESS_API const char *redress_complaint_id(const redress_complaint *complaint);
/** @brief The customer's id. Borrowed. NULL complaint gives NULL. */
REDRESS_API const char *redress_complaint_customer_id(const redress_complaint *complaint);
/** @brief The customer's tier, or NULL if none. Borrowed. */
REDRESS_API const char *redress_complaint_customer_tier(const redress_complaint *complaint);
/** @brief The category, or NULL if none. Borrowed. */
REDRESS_API const char *redress_complaint_category(const redress_complaint *complaint);
/** @brief The complaint text ("" if none). Borrowed. NULL complaint gives NULL. */
REDRESS_API const char *redress_complaint_text(const redress_complaint *complaint);
/** @brief The remedy the customer requested, or NULL. Borrowed. */
REDRESS_API const char *redress_complaint_requested_remedy(const redress_complaint *complaint);
/** @brief The complaint point recorded by investigate, or NULL. Borrowed. */
REDRESS_API const char *redress_complaint_point(const redress_complaint *complaint);
/** @brief The customer's demand recorded by investigate, or NULL. Borrowed. */
REDRESS_API const char *redress_complaint_demand(const redress_complaint *complaint);
/** @brief The remedy of the last respond or resolve_on_the_spot, or NULL. Borrowed. */
REDRESS_API const char *redress_complaint_remedy(const redress_complaint *complaint);

/** @brief ::redress_channel; -1 for a NULL complaint. */
REDRESS_API int redress_complaint_channel(const redress_complaint *complaint);
/** @brief Current ::redress_severity; -1 for a NULL complaint. */
REDRESS_API int redress_complaint_severity(const redress_complaint *complaint);
/** @brief Current ::redress_state; -1 for a NULL complaint. */
REDRESS_API int redress_complaint_state(const redress_complaint *complaint);
/** @brief Current ::redress_decision; -1 for a NULL complaint. */
REDRESS_API int redress_complaint_decision(const redress_complaint *complaint);
/** @brief The agent's ::redress_legitimacy verdict from assess; -1 for NULL. */
REDRESS_API int redress_complaint_legitimacy(const redress_complaint *complaint);
/** @brief Satisfaction 1..5 from confirm, 0 if not confirmed; -1 for NULL. */
REDRESS_API int redress_complaint_satisfaction(const redress_complaint *complaint);
/** @brief How many times the complaint was reopened; 0 for NULL. */
REDRESS_API unsigned redress_complaint_reopen_count(const redress_complaint *complaint);
/** @brief How many times the complaint was escalated; 0 for NULL. */
REDRESS_API unsigned redress_complaint_escalation_count(const redress_complaint *complaint);
/** @brief 1 if the complaint was resolved on the spot (first contact), else 0. */
REDRESS_API int redress_complaint_on_the_spot(const redress_complaint *complaint);

/** @brief The customer's lifetime value, or ::REDRESS_AMOUNT_UNKNOWN (also for NULL). */
REDRESS_API int64_t redress_complaint_customer_value(const redress_complaint *complaint);
/** @brief The order value, or ::REDRESS_AMOUNT_UNKNOWN. */
REDRESS_API int64_t redress_complaint_order_value(const redress_complaint *complaint);
/** @brief The amount claimed, or ::REDRESS_AMOUNT_UNKNOWN. */
REDRESS_API int64_t redress_complaint_claimed_amount(const redress_complaint *complaint);
/** @brief The customer's expectation, or ::REDRESS_AMOUNT_UNKNOWN. */
REDRESS_API int64_t redress_complaint_expectation(const redress_complaint *complaint);
/** @brief The customer's bottom line, or ::REDRESS_AMOUNT_UNKNOWN. */
REDRESS_API int64_t redress_complaint_bottom_line(const redress_complaint *complaint);
/** @brief Compensation in the last respond/resolve_on_the_spot, or ::REDRESS_AMOUNT_UNKNOWN. */
REDRESS_API int64_t redress_complaint_compensation(const redress_complaint *complaint);
/** @brief Compensation paid to the customer in the previous 365 days (init field); 0 for NULL. */
REDRESS_API int64_t redress_complaint_prior_compensation(const redress_complaint *complaint);
/** @brief The customer's complaints in the previous 365 days (init field); 0 for NULL. */
REDRESS_API uint32_t redress_complaint_prior_complaints(const redress_complaint *complaint);

/** @brief When the complaint was received; 0 for NULL. */
REDRESS_API redress_time redress_complaint_received_at(const redress_complaint *complaint);
/** @brief Time of the last event; 0 for NULL. */
REDRESS_API redress_time redress_complaint_updated_at(const redress_complaint *complaint);
/** @brief The stored revision this copy was loaded or saved at (0: never saved). */
REDRESS_API uint64_t redress_complaint_revision(const redress_complaint *complaint);

/**
 * @brief Set (or replace) a custom attribute. Attributes are host data; they are
 * saved and round-trip through JSON but record no event.
 * @param complaint The complaint.
 * @param key 1..::REDRESS_MAX_ATTR_KEY_BYTES bytes of UTF-8.
 * @param value UTF-8, up to ::REDRESS_MAX_ATTR_VALUE_BYTES bytes; copied.
 * @return ::REDRESS_OK; ::REDRESS_ERR_INVALID (NULL, empty key, bad UTF-8, a control
 *   character in the key: see ::REDRESS_MAX_ID_BYTES);
 *   ::REDRESS_ERR_RANGE (too long, or more than ::REDRESS_MAX_ATTRS);
 *   ::REDRESS_ERR_NOMEM. On failure the complaint is unchanged.
 */
REDRESS_API int redress_complaint_set_attr(redress_complaint *complaint, const char *key,
                                           const char *value);

/**
 * @brief Remove a custom attribute.
 * @return ::REDRESS_OK; ::REDRESS_ERR_INVALID (NULL); ::REDRESS_ERR_NOTFOUND.
 */
REDRESS_API int redress_complaint_unset_attr(redress_complaint *complaint, const char *key);

/**
 * @brief The value of a custom attribute.
 * @return Borrowed value, or NULL if absent or an argument is NULL.
 */
REDRESS_API const char *redress_complaint_attr(const redress_complaint *complaint, const char *key);

/** @brief Number of custom attributes; 0 for NULL. */
REDRESS_API size_t redress_complaint_attr_count(const redress_complaint *complaint);

/**
 * @brief The i-th attribute, in ascending byte order of keys.
 * @param complaint The complaint.
 * @param index 0 .. redress_complaint_attr_count() - 1.
 * @param[out] key Receives the borrowed key (may be NULL if not wanted).
 * @param[out] value Receives the borrowed value (may be NULL if not wanted).
 * @return ::REDRESS_OK; ::REDRESS_ERR_INVALID (NULL complaint);
 *   ::REDRESS_ERR_NOTFOUND (index out of range).
 */
REDRESS_API int redress_complaint_attr_at(const redress_complaint *complaint, size_t index,
                                          const char **key, const char **value);

/** @} */
/* ------------------------------------------------------------------------- */
/** @name Lifecycle verbs
 * Every verb takes the time it happened (`at`, not earlier than the last event:
 * else ::REDRESS_ERR_INVALID), the actor (who did it, 1..::REDRESS_MAX_NAME_BYTES
 * bytes, required, no control character: see ::REDRESS_MAX_ID_BYTES) and an optional note (NULL or up to ::REDRESS_MAX_NOTE_BYTES).
 * It checks the transition against the lifecycle table, appends one event and
 * updates the state. When the verb is not allowed in the current state it returns
 * ::REDRESS_ERR_STATE. On any failure nothing is changed. All verbs also return
 * ::REDRESS_ERR_RANGE when the history holds ::REDRESS_MAX_EVENTS events, and
 * ::REDRESS_ERR_NOMEM.
 *
 * | verb | allowed from | to |
 * |---|---|---|
 * | acknowledge | RECEIVED | ACKNOWLEDGED |
 * | investigate | ACKNOWLEDGED | INVESTIGATING |
 * | await_customer | INVESTIGATING | AWAITING_CUSTOMER |
 * | customer_reply | AWAITING_CUSTOMER | INVESTIGATING |
 * | respond | INVESTIGATING | RESPONDED |
 * | fulfill | RESPONDED | RESOLVED |
 * | resolve_on_the_spot | RECEIVED | RESOLVED |
 * | confirm | RESOLVED | CLOSED |
 * | close | RESPONDED, RESOLVED | CLOSED |
 * | withdraw | RECEIVED .. RESPONDED | WITHDRAWN |
 * | reopen | RESPONDED, RESOLVED, CLOSED | INVESTIGATING |
 * | note | any | (kept) |
 * | update, promise | ACKNOWLEDGED .. RESPONDED | (kept) |
 * | hold | ACKNOWLEDGED .. AWAITING_CUSTOMER | (kept) |
 * | assess, escalate | RECEIVED .. RESPONDED | (kept) |
 * | set_severity | RECEIVED .. RESOLVED | (kept) |
 * @{ */

/** @brief Step 1: the customer was calmed and the complaint acknowledged. */
REDRESS_API int redress_complaint_acknowledge(redress_complaint *complaint, redress_time at,
                                              const char *actor, const char *note);

/**
 * @brief Step 2: the complaint point and the customer's demand are known.
 * @param complaint The complaint.
 * @param at When it happened.
 * @param actor Who did it.
 * @param note Optional note, or NULL.
 * @param point Why the customer complains (required, UTF-8, up to ::REDRESS_MAX_NOTE_BYTES).
 * @param demand What the customer wants (optional).
 */
REDRESS_API int redress_complaint_investigate(redress_complaint *complaint, redress_time at,
                                              const char *actor, const char *note,
                                              const char *point, const char *demand);

/** @brief The desk asked the customer something and waits for the answer. */
REDRESS_API int redress_complaint_await_customer(redress_complaint *complaint, redress_time at,
                                                 const char *actor, const char *note);

/** @brief The customer answered; investigation goes on. */
REDRESS_API int redress_complaint_customer_reply(redress_complaint *complaint, redress_time at,
                                                 const char *actor, const char *note);

/**
 * @brief Step 4: the decision and remedy were communicated to the customer.
 * @param complaint The complaint.
 * @param at When it happened.
 * @param actor Who did it.
 * @param note Optional note, or NULL.
 * @param decision ::REDRESS_DECISION_UPHELD, ::REDRESS_DECISION_PARTLY_UPHELD or
 *   ::REDRESS_DECISION_DECLINED.
 * @param remedy What the company will do (optional).
 * @param compensation Money offered, >= 0, or ::REDRESS_AMOUNT_UNKNOWN.
 */
REDRESS_API int redress_complaint_respond(redress_complaint *complaint, redress_time at,
                                          const char *actor, const char *note, int decision,
                                          const char *remedy, int64_t compensation);

/** @brief Every commitment and compensation was delivered. */
REDRESS_API int redress_complaint_fulfill(redress_complaint *complaint, redress_time at,
                                          const char *actor, const char *note);

/**
 * @brief First-contact resolution: decided and delivered at once, from RECEIVED.
 * Parameters as redress_complaint_respond().
 */
REDRESS_API int redress_complaint_resolve_on_the_spot(redress_complaint *complaint,
                                                      redress_time at, const char *actor,
                                                      const char *note, int decision,
                                                      const char *remedy, int64_t compensation);

/**
 * @brief The customer confirmed the outcome.
 * @param complaint The complaint.
 * @param at When it happened.
 * @param actor Who did it.
 * @param note Optional note, or NULL.
 * @param satisfaction 1 (very unhappy) .. 5 (very happy); else ::REDRESS_ERR_INVALID.
 */
REDRESS_API int redress_complaint_confirm(redress_complaint *complaint, redress_time at,
                                          const char *actor, const char *note, int satisfaction);

/** @brief Close after follow-up without a satisfaction answer. */
REDRESS_API int redress_complaint_close(redress_complaint *complaint, redress_time at,
                                        const char *actor, const char *note);

/** @brief The customer withdrew the complaint. */
REDRESS_API int redress_complaint_withdraw(redress_complaint *complaint, redress_time at,
                                           const char *actor, const char *note);

/** @brief Back to INVESTIGATING from RESPONDED, RESOLVED or CLOSED; counts a reopen.
 * Clears the decision, remedy, compensation and satisfaction. */
REDRESS_API int redress_complaint_reopen(redress_complaint *complaint, redress_time at,
                                         const char *actor, const char *note);

/**
 * @brief A note on the file, allowed in every state.
 * @param complaint The complaint.
 * @param at When it happened.
 * @param actor Who did it.
 * @param note Required here.
 * @param customer_visible 1 if the customer saw it (it then counts as contact), 0 if internal.
 */
REDRESS_API int redress_complaint_note(redress_complaint *complaint, redress_time at,
                                       const char *actor, const char *note,
                                       int customer_visible);

/** @brief Customer-visible progress report ("keep the customer informed"). */
REDRESS_API int redress_complaint_update(redress_complaint *complaint, redress_time at,
                                         const char *actor, const char *note);

/**
 * @brief A date promised to the customer; it becomes a deadline.
 * @param complaint The complaint.
 * @param at When it happened.
 * @param actor Who did it.
 * @param note Optional note, or NULL.
 * @param due The promised time, not earlier than `at` and not after ::REDRESS_TIME_MAX.
 */
REDRESS_API int redress_complaint_promise(redress_complaint *complaint, redress_time at,
                                          const char *actor, const char *note, redress_time due);

/** @brief A holding reply: extends the final-response deadline where the policy allows. */
REDRESS_API int redress_complaint_hold(redress_complaint *complaint, redress_time at,
                                       const char *actor, const char *note);

/**
 * @brief The agent's verdict on legitimacy (judged apart from the customer's behaviour).
 * @param complaint The complaint.
 * @param at When it happened.
 * @param actor Who did it.
 * @param note Optional note, or NULL.
 * @param legitimacy A ::redress_legitimacy other than UNKNOWN. MISINFORMED records a
 *   staff error.
 */
REDRESS_API int redress_complaint_assess(redress_complaint *complaint, redress_time at,
                                         const char *actor, const char *note, int legitimacy);

/**
 * @brief Escalate (to a supervisor, a specialist team, legal...).
 * @param complaint The complaint.
 * @param at When it happened.
 * @param actor Who did it.
 * @param note Optional note, or NULL.
 * @param to Who it goes to (optional, up to ::REDRESS_MAX_NAME_BYTES).
 */
REDRESS_API int redress_complaint_escalate(redress_complaint *complaint, redress_time at,
                                           const char *actor, const char *note, const char *to);

/**
 * @brief Change the severity.
 * @param complaint The complaint.
 * @param at When it happened.
 * @param actor Who did it.
 * @param note Optional note, or NULL.
 * @param severity A ::redress_severity different from the current one
 *   (the same severity: ::REDRESS_ERR_INVALID).
 */
REDRESS_API int redress_complaint_set_severity(redress_complaint *complaint, redress_time at,
                                               const char *actor, const char *note, int severity);

/** @} */
/* ------------------------------------------------------------------------- */
/** @name History
 * @{ */

/** @brief One event of a complaint's history. Opaque; borrowed from the complaint
 * and valid until the complaint is freed (events are never rewritten). */
typedef struct redress_event redress_event;

/** @brief Number of events (at least 1 for a valid complaint); 0 for NULL. */
REDRESS_API size_t redress_complaint_event_count(const redress_complaint *complaint);

/**
 * @brief The event at `index` (0 is the CREATE event).
 * @return Borrowed event, or NULL if `complaint` is NULL or `index` out of range.
 */
REDRESS_API const redress_event *redress_complaint_event(const redress_complaint *complaint,
                                                         size_t index);

/** @brief Sequence number, 1-based; 0 for NULL. */
REDRESS_API uint32_t redress_event_seq(const redress_event *event);
/** @brief The kind, a ::redress_event_type value; -1 for NULL. */
REDRESS_API int redress_event_kind(const redress_event *event);
/** @brief When it happened; 0 for NULL. */
REDRESS_API redress_time redress_event_at(const redress_event *event);
/** @brief Who did it. Borrowed; NULL for NULL. */
REDRESS_API const char *redress_event_actor(const redress_event *event);
/** @brief The note, or NULL. Borrowed. */
REDRESS_API const char *redress_event_note(const redress_event *event);

/** @brief Fields an event may carry besides time, actor and note. */
typedef enum redress_field {
  REDRESS_FIELD_DECISION = 0,     /**< number: respond, resolve_on_the_spot */
  REDRESS_FIELD_COMPENSATION = 1, /**< number: respond, resolve_on_the_spot */
  REDRESS_FIELD_SATISFACTION = 2, /**< number: confirm */
  REDRESS_FIELD_LEGITIMACY = 3,   /**< number: assess */
  REDRESS_FIELD_SEVERITY = 4,     /**< number: set_severity (the new severity) */
  REDRESS_FIELD_VISIBLE = 5,      /**< number: note (0/1); 1 for every customer-visible event */
  REDRESS_FIELD_DUE = 6,          /**< number: promise */
  REDRESS_FIELD_POINT = 7,        /**< text: investigate */
  REDRESS_FIELD_DEMAND = 8,       /**< text: investigate */
  REDRESS_FIELD_REMEDY = 9,       /**< text: respond, resolve_on_the_spot */
  REDRESS_FIELD_TO = 10           /**< text: escalate */
} redress_field;

/**
 * @brief A number field of an event.
 * @param[out] out Receives the value.
 * @param event The event.
 * @param field A number ::redress_field.
 * @return ::REDRESS_OK; ::REDRESS_ERR_INVALID (NULL, or a text field);
 *   ::REDRESS_ERR_NOTFOUND (this event does not carry it).
 */
REDRESS_API int redress_event_number(int64_t *out, const redress_event *event, int field);

/**
 * @brief A text field of an event.
 * @return Borrowed text, or NULL if absent, not a text field, or NULL event.
 */
REDRESS_API const char *redress_event_text(const redress_event *event, int field);

/** @} */
/* ------------------------------------------------------------------------- */
/** @name Policies and deadlines
 * A policy says how fast a desk answers: which complaints it covers, on which
 * business calendar its targets run, and the targets themselves. Each complaint
 * derives its deadlines from its history, the policy that matches it and that
 * policy's calendar (semantics and worked examples in docs/deadlines.md):
 *
 * - ACKNOWLEDGE: from receipt; met by the first customer-visible contact.
 * - UPDATE: from each customer-visible contact while the complaint is open
 *   (and from a reopen); met by the next one. "Keep the customer informed."
 * - RESOLVE: the final response, from receipt (or from a reopen); met by respond or
 *   resolve_on_the_spot. A holding reply (hold) sent before it is due moves it to
 *   `resolve_extended`. Time spent awaiting the customer shifts RESOLVE and UPDATE
 *   by the business time paused, when the policy pauses.
 * - PROMISE: each promise made; met by the next customer-visible contact.
 * - FOLLOW_UP: from the moment the complaint is resolved; met by confirm or close.
 *
 * set_severity selects the policy again: pending deadlines are recomputed from
 * their original start with the new targets, keeping the time paused so far;
 * deadlines already met stay as they were. When a complaint is closed or
 * withdrawn, pending deadlines already past due count as BREACHED and the rest are
 * dropped.
 * @{ */

/** @brief An amount of time in a ::redress_span_unit; an amount of 0 means "no target". */
typedef struct redress_span {
  int64_t amount; /**< Seconds or days, >= 0. */
  int unit;       /**< ::redress_span_unit */
} redress_span;

/** @brief Version of ::redress_policy understood by this header. */
#define REDRESS_POLICY_VERSION 1u

/** @brief A service-level policy. Copied into the desk by redress_desk_add_policy(). */
typedef struct redress_policy {
  unsigned version;           /**< ::REDRESS_POLICY_VERSION */
  const char *name;           /**< Required, unique in the desk, up to ::REDRESS_MAX_NAME_BYTES. */
  uint32_t channels;          /**< Matches these channels: bits (1u << ::redress_channel); 0: any. */
  int min_severity;           /**< Matches this ::redress_severity and above. */
  const char *category;       /**< Matches only this category; NULL: any. */
  const char *customer_tier;  /**< Matches only this customer tier; NULL: any. */
  const char *calendar;       /**< A calendar added with redress_desk_add_calendar(); NULL: always open (UTC). */
  redress_span acknowledge;   /**< Acknowledge within. */
  redress_span update_every;  /**< Contact the customer at least this often. */
  redress_span resolve;       /**< Final response within. */
  redress_span resolve_extended; /**< Final response within, after a holding reply (0: holds do not extend). */
  redress_span follow_up;     /**< Confirm or close within, once resolved. */
  int warn_percent;           /**< Warn when this share of a deadline's time has passed (1..99; 0: no warnings). */
  int pause_when_awaiting_customer; /**< 1: waiting for the customer stops the RESOLVE and UPDATE clocks. */
  int64_t min_compensation;   /**< Least compensation policy offers, or ::REDRESS_AMOUNT_UNKNOWN. */
  int64_t max_compensation;   /**< Most compensation policy allows, or ::REDRESS_AMOUNT_UNKNOWN. */
} redress_policy;

/** @brief Static initialiser: matches everything, no targets, no calendar. */
#define REDRESS_POLICY_INIT                                                         \
  {REDRESS_POLICY_VERSION, NULL, 0u, REDRESS_SEVERITY_LOW, NULL, NULL, NULL,      \
   {0, REDRESS_CALENDAR_SECONDS}, {0, REDRESS_CALENDAR_SECONDS},                   \
   {0, REDRESS_CALENDAR_SECONDS}, {0, REDRESS_CALENDAR_SECONDS},                   \
   {0, REDRESS_CALENDAR_SECONDS}, 0, 0, REDRESS_AMOUNT_UNKNOWN, REDRESS_AMOUNT_UNKNOWN}

/**
 * @brief Same as ::REDRESS_POLICY_INIT, for languages without C macros.
 * @return A policy with the same defaults.
 */
REDRESS_API redress_policy redress_policy_init(void);

/**
 * @brief Give the desk a named business calendar for its policies.
 * @param desk The desk.
 * @param name 1..::REDRESS_MAX_NAME_BYTES bytes of UTF-8; copied.
 * @param spec The calendar spec (grammar of redress_calendar_parse()); copied.
 * @param len Bytes in `spec`.
 * @return ::REDRESS_OK; ::REDRESS_ERR_INVALID; ::REDRESS_ERR_EXISTS (name taken);
 *   the errors of redress_calendar_parse(); ::REDRESS_ERR_NOMEM.
 */
REDRESS_API int redress_desk_add_calendar(redress_desk *desk, const char *name,
                                          const char *spec, size_t len);

/**
 * @brief Append a policy to the desk's list. A complaint follows the first policy
 * in the list that matches it; when none does, the built-in default policy
 * ("default": always open; acknowledge 1 day, update every 7 days, resolve
 * 30 days, 56 after a holding reply, follow up within 7 days; warn at 75%;
 * pauses while awaiting the customer).
 * @param desk The desk.
 * @param policy The policy; copied (strings too).
 * @return ::REDRESS_OK; ::REDRESS_ERR_INVALID (NULL, missing name, bad UTF-8, unknown
 *   channel bits or severity, negative or unknown-unit spans, warn_percent outside
 *   0..99, min above max compensation); ::REDRESS_ERR_VERSION;
 *   ::REDRESS_ERR_EXISTS (name taken, including "default");
 *   ::REDRESS_ERR_NOTFOUND (no calendar of that name); ::REDRESS_ERR_NOMEM.
 */
REDRESS_API int redress_desk_add_policy(redress_desk *desk, const redress_policy *policy);

/** @brief Kinds of deadlines. */
typedef enum redress_deadline_kind {
  REDRESS_DEADLINE_ACKNOWLEDGE = 0,
  REDRESS_DEADLINE_UPDATE = 1,
  REDRESS_DEADLINE_RESOLVE = 2,
  REDRESS_DEADLINE_PROMISE = 3,
  REDRESS_DEADLINE_FOLLOW_UP = 4
} redress_deadline_kind;
#define REDRESS_DEADLINE_KIND_COUNT 5 /**< Number of deadline kinds. */

/** @brief Where a deadline stands at a given time. */
typedef enum redress_deadline_state {
  REDRESS_DEADLINE_PENDING = 0,  /**< Not met, not yet due. */
  REDRESS_DEADLINE_PAUSED = 1,   /**< The clock is stopped (awaiting the customer). */
  REDRESS_DEADLINE_MET = 2,      /**< Met by its due time. */
  REDRESS_DEADLINE_MET_LATE = 3, /**< Met after its due time. */
  REDRESS_DEADLINE_BREACHED = 4  /**< Due and not met. */
} redress_deadline_state;
#define REDRESS_DEADLINE_STATE_COUNT 5 /**< Number of deadline states. */

/** @brief Alarm levels reported by redress_desk_tick(). */
typedef enum redress_alarm_level {
  REDRESS_ALARM_WARNING = 0, /**< `warn_percent` of the deadline's time has passed. */
  REDRESS_ALARM_BREACH = 1   /**< The deadline passed unmet. */
} redress_alarm_level;
#define REDRESS_ALARM_LEVEL_COUNT 2 /**< Number of alarm levels. */

/** @brief A complaint's deadlines as of one instant. Opaque; owned by the caller. */
typedef struct redress_deadlines redress_deadlines;

/**
 * @brief Compute a complaint's deadlines as they stand at `now`.
 * @param[out] out Receives the list; free it with redress_deadlines_free().
 * @param complaint The complaint (its desk's policies and calendars apply).
 * @param now The instant the states are evaluated at.
 * @return ::REDRESS_OK; ::REDRESS_ERR_INVALID (NULL, `now` out of range);
 *   ::REDRESS_ERR_RANGE (a target cannot be reached: the calendar has no opening
 *   time, or a due date would pass ::REDRESS_TIME_MAX); ::REDRESS_ERR_NOMEM.
 */
REDRESS_API int redress_complaint_deadlines(redress_deadlines **out,
                                            const redress_complaint *complaint, redress_time now);

/** @brief Free a deadline list; NULL is fine. */
REDRESS_API void redress_deadlines_free(redress_deadlines *deadlines);
/** @brief Number of deadlines; 0 for NULL. */
REDRESS_API size_t redress_deadlines_count(const redress_deadlines *deadlines);
/** @brief Name of the policy that applied. Borrowed from the list; NULL for NULL. */
REDRESS_API const char *redress_deadlines_policy(const redress_deadlines *deadlines);
/** @brief The earliest warning or breach not yet notified, ::REDRESS_TIME_NEVER if none. */
REDRESS_API redress_time redress_deadlines_next_alarm(const redress_deadlines *deadlines);
/** @brief ::redress_deadline_kind of the i-th deadline; -1 if out of range. */
REDRESS_API int redress_deadlines_kind(const redress_deadlines *deadlines, size_t i);
/** @brief ::redress_deadline_state of the i-th deadline at the list's `now`; -1 if out of range. */
REDRESS_API int redress_deadlines_state(const redress_deadlines *deadlines, size_t i);
/** @brief Due time of the i-th deadline (::REDRESS_TIME_NEVER while paused); 0 if out of range. */
REDRESS_API redress_time redress_deadlines_due(const redress_deadlines *deadlines, size_t i);
/** @brief Warning time of the i-th deadline (::REDRESS_TIME_NEVER if none); 0 if out of range. */
REDRESS_API redress_time redress_deadlines_warn_at(const redress_deadlines *deadlines, size_t i);
/** @brief When the i-th deadline was met (::REDRESS_TIME_NEVER if not); 0 if out of range. */
REDRESS_API redress_time redress_deadlines_met_at(const redress_deadlines *deadlines, size_t i);
/** @brief Sequence number of the event that started the i-th deadline; 0 if out of range. */
REDRESS_API uint32_t redress_deadlines_anchor(const redress_deadlines *deadlines, size_t i);

/**
 * @brief Receives one alarm from redress_desk_tick(). The complaint is borrowed
 * for the call. Return 0 to go on, non-zero to stop the tick: the complaint's other
 * alarms of this round were saved with this one and are still reported, then the
 * tick stops.
 * @param complaint The complaint, already saved with the alarm recorded.
 * @param kind The ::redress_deadline_kind.
 * @param level The ::redress_alarm_level.
 * @param due The deadline's due time.
 * @param payload The tick's payload.
 */
typedef int (*redress_alarm_cb)(const redress_complaint *complaint, int kind, int level,
                                redress_time due, void *payload);

/**
 * @brief Report every warning and breach due by `now` among stored complaints,
 * each exactly once. Each alarm is recorded in its complaint, which is saved with
 * compare-and-swap before the alarm is reported: when two desks (even in two
 * processes) tick one store, the desk whose save wins reports the alarm and the
 * other reloads and finds it recorded. The tick reads the store's `due` slot when
 * it has one (cost grows with the number of due complaints), else scans.
 * A crash between the save and the callback loses that report (at most once).
 * @param desk The desk.
 * @param now The time to tick at.
 * @param on_alarm Called once per alarm (may be NULL to record silently).
 * @param payload Passed to `on_alarm`.
 * @return ::REDRESS_OK; ::REDRESS_ERR_INVALID; ::REDRESS_ERR_USER (the callback
 *   stopped; alarms already saved stay recorded); ::REDRESS_ERR_STORE;
 *   ::REDRESS_ERR_NOMEM; ::REDRESS_ERR_PARSE (a corrupt stored document) or
 *   ::REDRESS_ERR_RANGE (deadlines that cannot be computed under this desk's
 *   policies): such a complaint is skipped, the others are still ticked, and the
 *   first one skipped is returned and named in the desk's message.
 */
REDRESS_API int redress_desk_tick(redress_desk *desk, redress_time now, redress_alarm_cb on_alarm,
                                  void *payload);

/** @} */
/* ------------------------------------------------------------------------- */
/** @name Retention metrics
 * What complaint handling is worth, measured (DESIGN section 7; every definition,
 * formula and default in docs/metrics.md). An accumulator reads complaints, one at
 * a time or every stored complaint received in a window, into integer tallies and
 * duration samples, for the total and for each group of a grouping (by channel,
 * category, temperament, legitimacy or severity). Values are read one at a time
 * with redress_metrics_value(), indexed by ::redress_metric: a new metric is a new
 * enum value, never a layout change. The retention model's coefficients are applied
 * when a value is read, so a value never depends on the order complaints were added.
 *
 * - Each complaint counts as one complainant (a customer with two complaints counts
 *   twice): keeping the set of customers would make memory grow with them.
 * - Deadlines are judged as of the accumulator's `as_of` time: a deadline still
 *   pending then is not counted; one past due and unmet is a breach.
 * - A value with nothing to measure (a rate whose denominator is 0, a mean or
 *   quantile with no samples) is NaN, never a division by zero; counts and sums of
 *   an empty accumulator are 0.
 * - Cost: adding a complaint is amortised O(1) (plus the derivation of its deadlines);
 *   memory grows with the number of groups and of duration samples only. Reading a
 *   quantile selects it from the samples in O(n) without sorting them.
 *
 * An accumulator uses its desk's allocator and follows the desk's thread rule; free
 * it before closing the desk.
 * @{ */

/** @brief A metrics accumulator. Opaque. */
typedef struct redress_metrics redress_metrics;

/** @brief Version of ::redress_retention_model understood by this header. */
#define REDRESS_RETENTION_MODEL_VERSION 1u

/**
 * @brief The retention model: how handling turns into kept and lost customers.
 * Probabilities are in [0, 1]. The defaults are the figures of the complaint-handling
 * literature (TARP studies; docs/metrics.md says which are contested); tune them
 * to your own data.
 */
typedef struct redress_retention_model {
  unsigned version;              /**< ::REDRESS_RETENTION_MODEL_VERSION */
  double voice_rate;             /**< Share of dissatisfied customers who complain, in (0, 1] (0.04). */
  double silent_churn;           /**< Share of silent dissatisfied customers who leave (0.91). */
  double retention_on_the_spot;  /**< Complainants kept when resolved on the spot (0.95). */
  double retention_resolved;     /**< Complainants kept when resolved later (0.70). */
  double retention_unresolved;   /**< Complainants kept when declined, open or otherwise unresolved (0.09). */
  double word_of_mouth;          /**< People each dissatisfied customer tells; finite, >= 0 (20). */
} redress_retention_model;

/** @brief Static initialiser: the default coefficients given above. */
#define REDRESS_RETENTION_MODEL_INIT \
  {REDRESS_RETENTION_MODEL_VERSION, 0.04, 0.91, 0.95, 0.70, 0.09, 20.0}

/**
 * @brief Same as ::REDRESS_RETENTION_MODEL_INIT, for languages without C macros.
 * @return A model with the default coefficients.
 */
REDRESS_API redress_retention_model redress_retention_model_init(void);

/** @brief How an accumulator splits complaints into groups. */
typedef enum redress_group_by {
  REDRESS_GROUP_BY_NONE = 0,        /**< No groups: only the total. */
  REDRESS_GROUP_BY_CHANNEL = 1,     /**< One group per ::redress_channel; group i is channel i. */
  REDRESS_GROUP_BY_CATEGORY = 2,    /**< One group per category, in the order first added. */
  REDRESS_GROUP_BY_TEMPERAMENT = 3, /**< One group per ::redress_temperament (redress_classify()). */
  REDRESS_GROUP_BY_LEGITIMACY = 4,  /**< One group per ::redress_legitimacy the agent assessed. */
  REDRESS_GROUP_BY_SEVERITY = 5     /**< One group per current ::redress_severity. */
} redress_group_by;
#define REDRESS_GROUP_BY_COUNT 6 /**< Number of groupings. */

/** @brief The group index of the total, for redress_metrics_value(). */
#define REDRESS_METRICS_TOTAL (-1)
/** @brief Most groups one accumulator holds (categories beyond it: ::REDRESS_ERR_RANGE). */
#define REDRESS_MAX_METRIC_GROUPS 65536
/** @brief `from` of redress_metrics_add_store() that excludes nothing. */
#define REDRESS_METRICS_FROM_ALL REDRESS_TIME_MIN
/** @brief `to` of redress_metrics_add_store() that excludes nothing. */
#define REDRESS_METRICS_TO_ALL REDRESS_TIME_NEVER

/**
 * @brief The values an accumulator reports (definitions and formulas in
 * docs/metrics.md). Counts and sums are whole numbers; durations are seconds
 * (calendar seconds, or open seconds of the calendar of the complaint's policy for
 * the `_BUSINESS_` ones); money is minor units; rates and shares are in [0, 1].
 * Values are explicit and never renumbered.
 */
typedef enum redress_metric {
  REDRESS_METRIC_COMPLAINTS = 0,              /**< Complaints added. */
  REDRESS_METRIC_STATE_RECEIVED = 1,          /**< Complaints in each ::redress_state ... */
  REDRESS_METRIC_STATE_ACKNOWLEDGED = 2,
  REDRESS_METRIC_STATE_INVESTIGATING = 3,
  REDRESS_METRIC_STATE_AWAITING_CUSTOMER = 4,
  REDRESS_METRIC_STATE_RESPONDED = 5,
  REDRESS_METRIC_STATE_RESOLVED = 6,
  REDRESS_METRIC_STATE_CLOSED = 7,
  REDRESS_METRIC_STATE_WITHDRAWN = 8,         /**< ... up to here. */
  REDRESS_METRIC_DECISION_NONE = 9,           /**< Complaints with each ::redress_decision ... */
  REDRESS_METRIC_DECISION_UPHELD = 10,
  REDRESS_METRIC_DECISION_PARTLY_UPHELD = 11,
  REDRESS_METRIC_DECISION_DECLINED = 12,      /**< ... up to here. */
  REDRESS_METRIC_ON_THE_SPOT = 13,            /**< Resolved on the spot (first contact), whatever the decision. */
  REDRESS_METRIC_FIRST_CONTACT_RESOLUTION_RATE = 14, /**< ON_THE_SPOT / COMPLAINTS. */
  REDRESS_METRIC_RESOLVED = 15,               /**< Resolution delivered and standing: reached RESOLVED, not reopened since. */
  REDRESS_METRIC_OUTCOME_ON_THE_SPOT = 16,    /**< Retention class: on the spot, not declined. */
  REDRESS_METRIC_OUTCOME_RESOLVED = 17,       /**< Retention class: resolved later, not declined. */
  REDRESS_METRIC_OUTCOME_UNRESOLVED = 18,     /**< Retention class: the rest (declined, open, withdrawn, closed undelivered). */
  REDRESS_METRIC_ACKNOWLEDGE_DEADLINES = 19,  /**< ACKNOWLEDGE deadlines decided by `as_of`: met, met late or breached. */
  REDRESS_METRIC_ACKNOWLEDGE_ON_TIME_RATE = 20, /**< Met on time / decided. */
  REDRESS_METRIC_ACKNOWLEDGE_BREACHES = 21,   /**< Met late or breached. */
  REDRESS_METRIC_UPDATE_DEADLINES = 22,       /**< The same three for UPDATE ... */
  REDRESS_METRIC_UPDATE_ON_TIME_RATE = 23,
  REDRESS_METRIC_UPDATE_BREACHES = 24,
  REDRESS_METRIC_RESOLVE_DEADLINES = 25,      /**< ... RESOLVE (the final response) ... */
  REDRESS_METRIC_RESOLVE_ON_TIME_RATE = 26,
  REDRESS_METRIC_RESOLVE_BREACHES = 27,
  REDRESS_METRIC_PROMISE_DEADLINES = 28,      /**< ... PROMISE ... */
  REDRESS_METRIC_PROMISE_ON_TIME_RATE = 29,
  REDRESS_METRIC_PROMISE_BREACHES = 30,
  REDRESS_METRIC_FOLLOW_UP_DEADLINES = 31,    /**< ... and FOLLOW_UP. */
  REDRESS_METRIC_FOLLOW_UP_ON_TIME_RATE = 32,
  REDRESS_METRIC_FOLLOW_UP_BREACHES = 33,
  REDRESS_METRIC_CONTACTED = 34,              /**< Complaints with a customer-visible contact (the acknowledgement samples). */
  REDRESS_METRIC_TIME_TO_ACKNOWLEDGE_MEAN = 35, /**< Receipt to first customer-visible contact. */
  REDRESS_METRIC_TIME_TO_ACKNOWLEDGE_MEDIAN = 36,
  REDRESS_METRIC_TIME_TO_ACKNOWLEDGE_P90 = 37,
  REDRESS_METRIC_TIME_TO_ACKNOWLEDGE_BUSINESS_MEAN = 38,
  REDRESS_METRIC_TIME_TO_ACKNOWLEDGE_BUSINESS_MEDIAN = 39,
  REDRESS_METRIC_TIME_TO_ACKNOWLEDGE_BUSINESS_P90 = 40,
  REDRESS_METRIC_TIME_TO_RESOLVE_MEAN = 41,   /**< Receipt to the resolution that stands (RESOLVED complaints). */
  REDRESS_METRIC_TIME_TO_RESOLVE_MEDIAN = 42,
  REDRESS_METRIC_TIME_TO_RESOLVE_P90 = 43,
  REDRESS_METRIC_TIME_TO_RESOLVE_BUSINESS_MEAN = 44,
  REDRESS_METRIC_TIME_TO_RESOLVE_BUSINESS_MEDIAN = 45,
  REDRESS_METRIC_TIME_TO_RESOLVE_BUSINESS_P90 = 46,
  REDRESS_METRIC_REOPENED = 47,               /**< Complaints reopened at least once. */
  REDRESS_METRIC_REOPENS = 48,                /**< Reopens in all. */
  REDRESS_METRIC_REOPEN_RATE = 49,            /**< REOPENED / COMPLAINTS. */
  REDRESS_METRIC_SATISFACTION_ANSWERS = 50,   /**< Complaints with a satisfaction (confirm). */
  REDRESS_METRIC_SATISFACTION_MEAN = 51,      /**< Mean satisfaction, 1..5. */
  REDRESS_METRIC_SATISFIED_SHARE = 52,        /**< Share of answers that are 4 or 5. */
  REDRESS_METRIC_COMPENSATED = 53,            /**< RESOLVED complaints with compensation above 0. */
  REDRESS_METRIC_COMPENSATION_PAID = 54,      /**< Their compensation, summed (minor units). */
  REDRESS_METRIC_EXPECTED_RETAINED = 55,      /**< Complainants expected to stay. */
  REDRESS_METRIC_EXPECTED_LOST = 56,          /**< Complainants expected to leave. */
  REDRESS_METRIC_RETENTION_RATE = 57,         /**< EXPECTED_RETAINED / COMPLAINTS. */
  REDRESS_METRIC_REVENUE_AT_RISK = 58,        /**< Sum of leaving probability x customer value (minor units). */
  REDRESS_METRIC_VALUE_UNKNOWN = 59,          /**< Complaints whose customer value is unknown (counted as 0 above). */
  REDRESS_METRIC_SILENT_DISSATISFIED = 60,    /**< Estimated dissatisfied customers who did not complain. */
  REDRESS_METRIC_SILENT_LOST = 61,            /**< Of those, the expected losses. */
  REDRESS_METRIC_DISSATISFIED_COMPLAINANTS = 62, /**< Unresolved class, or satisfaction 1 or 2. */
  REDRESS_METRIC_WORD_OF_MOUTH_REACH = 63,    /**< People the dissatisfied (silent and complainants) tell. */
  REDRESS_METRIC_CUSTOMERS_SAVED = 64         /**< Complainants kept beyond what handling nothing would keep. */
} redress_metric;
#define REDRESS_METRIC_COUNT 65 /**< Number of metrics. */

/**
 * @brief The stable snake_case name of a metric ("first_contact_resolution_rate").
 * @param metric A ::redress_metric.
 * @return A static string, or NULL if `metric` is out of range.
 */
REDRESS_API const char *redress_metric_name(int metric);

/**
 * @brief Create an empty accumulator.
 * @param[out] out Receives the accumulator; free it with redress_metrics_free()
 *   before the desk is closed.
 * @param desk The desk whose complaints, policies, calendars and allocator it uses.
 * @param model The retention model, copied; NULL for ::REDRESS_RETENTION_MODEL_INIT.
 * @param group_by A ::redress_group_by.
 * @param as_of The instant deadlines are judged at (a deadline due by then and not
 *   met is a breach; one not yet due is not counted), in
 *   [::REDRESS_TIME_MIN, ::REDRESS_TIME_MAX]; typically redress_desk_now(). An
 *   explicit time makes the figures reproducible.
 * @return ::REDRESS_OK; ::REDRESS_ERR_INVALID (NULL `out` or `desk`; a probability
 *   that is not a number in [0, 1]; a voice rate not in (0, 1]; a word-of-mouth
 *   factor that is negative or not finite; an unknown grouping; `as_of` out of
 *   range: the desk's message names the culprit); ::REDRESS_ERR_VERSION (model);
 *   ::REDRESS_ERR_NOMEM. On failure `*out` is untouched.
 */
REDRESS_API int redress_metrics_new(redress_metrics **out, redress_desk *desk,
                                    const redress_retention_model *model, int group_by,
                                    redress_time as_of);

/**
 * @brief Free an accumulator.
 * @param metrics The accumulator, or NULL (nothing happens).
 */
REDRESS_API void redress_metrics_free(redress_metrics *metrics);

/**
 * @brief Add one complaint as it stands now (adding it twice counts it twice).
 * @param metrics The accumulator.
 * @param complaint A complaint of the accumulator's desk; only read.
 * @return ::REDRESS_OK; ::REDRESS_ERR_INVALID (NULL, or a complaint of another
 *   desk); ::REDRESS_ERR_RANGE (a deadline cannot be scheduled, or a new category
 *   beyond ::REDRESS_MAX_METRIC_GROUPS); the errors of redress_classify() when
 *   grouping by temperament; ::REDRESS_ERR_NOMEM. On failure the accumulator is
 *   unchanged.
 */
REDRESS_API int redress_metrics_add(redress_metrics *metrics, const redress_complaint *complaint);

/**
 * @brief Add an array of complaints in order: the same counts as calling
 * redress_metrics_add() on each, faster over many (while one complaint is counted,
 * the next ones are fetched from memory; docs/performance.md has the figures).
 * @param metrics The accumulator.
 * @param complaints `count` complaints of the accumulator's desk; only read. The
 *   same complaint may appear more than once (it is counted each time). May be
 *   NULL when `count` is 0.
 * @param count How many complaints to add; 0 adds nothing and succeeds.
 * @param[out] added If not NULL, receives how many complaints were added: `count`
 *   on success, and on failure the index of the one that failed.
 * @return ::REDRESS_OK; ::REDRESS_ERR_INVALID (NULL `metrics`; NULL `complaints`
 *   with a `count` above 0; a NULL complaint or one of another desk); the errors of
 *   redress_metrics_add(). On failure the complaints before the one that failed
 *   are counted, that one and those after it are not (the desk's message names
 *   its index, "metrics_add_many: complaint 41: ..."): once the cause is dealt
 *   with, carry on from index `*added`, or from `*added + 1` to leave that
 *   complaint out.
 * @note Follows the desk's thread rule, as every accumulator call does.
 */
REDRESS_API int redress_metrics_add_many(redress_metrics *metrics,
                                         redress_complaint *const *complaints, size_t count,
                                         size_t *added);

/**
 * @brief Add every stored complaint received in [from, to). The store is first
 * scanned for the ids of those complaints (filtered on the record's `received_at`,
 * without decoding the others); they are then loaded and added one by one in
 * ascending id order, so category groups appear in the same order whatever the
 * store. A complaint removed between the scan and its load is skipped.
 * @param metrics The accumulator.
 * @param from First receipt time included, ::REDRESS_METRICS_FROM_ALL for no limit.
 * @param to First receipt time excluded, ::REDRESS_METRICS_TO_ALL for no limit.
 * @return ::REDRESS_OK; ::REDRESS_ERR_INVALID (NULL; `from` out of range or after
 *   `to`); ::REDRESS_ERR_STORE; ::REDRESS_ERR_PARSE (a corrupt stored document);
 *   the errors of redress_metrics_add(); ::REDRESS_ERR_NOMEM. On failure the
 *   accumulator is unchanged (the complaints are added together or not at all).
 */
REDRESS_API int redress_metrics_add_store(redress_metrics *metrics, redress_time from,
                                          redress_time to);

/**
 * @brief Read one value.
 * @param[out] out Receives the value: NaN when there is nothing to measure (see above).
 * @param metrics The accumulator. Reading a quantile reorders its samples in place
 *   (no allocation, no value changes), hence the non-const handle.
 * @param group ::REDRESS_METRICS_TOTAL, or a group index below
 *   redress_metrics_group_count().
 * @param metric A ::redress_metric.
 * @return ::REDRESS_OK; ::REDRESS_ERR_INVALID (NULL, unknown metric);
 *   ::REDRESS_ERR_NOTFOUND (no such group).
 */
REDRESS_API int redress_metrics_value(double *out, redress_metrics *metrics, int group,
                                      int metric);

/**
 * @brief Number of groups (0 for ::REDRESS_GROUP_BY_NONE and for NULL). Enumeration
 * groupings have one group per value from the start, at the value's index; category
 * groups are appended as new categories arrive and never move. The count is at most
 * ::REDRESS_MAX_METRIC_GROUPS, so every index fits an `int`.
 */
REDRESS_API size_t redress_metrics_group_count(const redress_metrics *metrics);

/**
 * @brief The key of a group: the redress_enum_name() of the channel, severity or
 * legitimacy, the redress_temperament_name() of the temperament, or the category
 * text ("" for complaints without a category, NULL and "" alike).
 * @return Borrowed from the accumulator until it is freed; NULL for NULL, for
 *   ::REDRESS_METRICS_TOTAL and out of range.
 */
REDRESS_API const char *redress_metrics_group_key(const redress_metrics *metrics, int group);

/**
 * @brief Find a group by its key.
 * @param[out] out Receives the group index.
 * @param metrics The accumulator.
 * @param key A key as redress_metrics_group_key() gives it.
 * @return ::REDRESS_OK; ::REDRESS_ERR_INVALID (NULL); ::REDRESS_ERR_NOTFOUND.
 */
REDRESS_API int redress_metrics_group_find(int *out, const redress_metrics *metrics,
                                           const char *key);

/** @} */

/* ------------------------------------------------------------------------- */
/** @name Persistence and JSON
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

/**
 * @brief Encode a complaint as canonical JSON (docs/format.md).
 * @param[out] out Receives a NUL-terminated document; free it with redress_free().
 * @param[out] out_len Receives its length without the NUL (may be NULL).
 * @param complaint The complaint.
 * @return ::REDRESS_OK; ::REDRESS_ERR_INVALID; ::REDRESS_ERR_RANGE (the document would
 *   exceed ::REDRESS_MAX_JSON_BYTES); ::REDRESS_ERR_NOMEM.
 */
REDRESS_API int redress_complaint_to_json(char **out, size_t *out_len,
                                          const redress_complaint *complaint);

/**
 * @brief Decode canonical JSON into a new complaint. Unknown members are ignored;
 * every field is validated as in redress_complaint_create(), and each event is
 * replayed by calling the verb of its kind: the document is refused when the verb
 * refuses it or records anything other than the document holds, so a decoded
 * history is always one the verbs could have produced. Alarms must be ones a tick
 * could have recorded (see docs/format.md), which bounds them by
 * ::REDRESS_MAX_ALARMS.
 * @param[out] out Receives the complaint; free it with redress_complaint_free().
 * @param desk The desk; its message names the byte offset of a syntax error.
 * @param json The document (need not be NUL-terminated).
 * @param len Its length in bytes, up to ::REDRESS_MAX_JSON_BYTES.
 * @return ::REDRESS_OK; ::REDRESS_ERR_INVALID (NULL); ::REDRESS_ERR_PARSE
 *   (malformed, too deep, a number out of range, wrong type or value);
 *   ::REDRESS_ERR_RANGE (too large); ::REDRESS_ERR_NOMEM.
 */
REDRESS_API int redress_complaint_from_json(redress_complaint **out, redress_desk *desk,
                                            const char *json, size_t len);

/**
 * @brief Free memory the library returned through `char **out` for a desk.
 * @param desk The desk whose allocator made it (NULL: nothing is freed).
 * @param ptr The memory, or NULL.
 */
REDRESS_API void redress_free(redress_desk *desk, void *ptr);

/** @} */

/* ------------------------------------------------------------------------- */
/** @name Calendars
 * A business calendar says when a desk is open: a time zone, weekly opening hours
 * in local wall time and holidays, written as text (grammar and worked examples in
 * docs/deadlines.md):
 * @code
 * tz=Europe/London                  # or a POSIX rule: tz=CET-1CEST,M3.5.0,M10.5.0/3
 * mon-fri 09:00-12:30,13:30-18:00   # weekly opening intervals; 24:00 may end one
 * sat 10:00-14:00
 * holiday 2026-12-25                # the whole local day closed
 * holiday 2026-12-31 13:00-18:00    # part of a day closed
 * @endcode
 * An instant is open when its local wall time lies in an opening interval of its
 * weekday and in no holiday: a wall-clock hour skipped by DST is never open, a
 * repeated one is open twice. A zone named from the tz database (`tz=Europe/London`)
 * follows its TZif file: the file's table of past and announced changes, then the
 * rule in its footer; a POSIX rule (`tz=CET-1CEST,M3.5.0,M10.5.0/3`) applies to
 * every year alike.
 *
 * A calendar is immutable once parsed. redress_calendar_add(),
 * redress_calendar_elapsed(), redress_calendar_is_open() and
 * redress_calendar_spec() neither allocate nor touch the desk, so any number of
 * threads may call them on one calendar at the same time. redress_calendar_parse()
 * and redress_calendar_free() use the desk's allocator and follow the desk's
 * thread rule. Arithmetic never loops over days or weeks: its cost grows with the
 * number of DST changes a span crosses (two a year), not with its length.
 * @{ */

/** @brief A parsed business calendar. Opaque. */
typedef struct redress_calendar redress_calendar;

/** @brief The unit of an amount of time added with redress_calendar_add(). */
typedef enum redress_span_unit {
  /** Plain seconds: opening hours and holidays do not matter. */
  REDRESS_CALENDAR_SECONDS = 0,
  /** Open seconds: only time when the calendar is open counts. */
  REDRESS_BUSINESS_SECONDS = 1,
  /** Business days, ending at the close of the last one (see redress_calendar_add()). */
  REDRESS_BUSINESS_DAYS = 2
} redress_span_unit;

/**
 * @brief Parse a calendar spec.
 *
 * Clauses are separated by `;` or newlines and `#` starts a comment. An empty
 * spec (or one with no opening-hours clause) is always open ("24x7") in UTC.
 * `tz=Area/City` reads the zone's TZif file (version 2 or later) under the desk's
 * `zoneinfo_dir`; the file is read once, here.
 *
 * @param[out] out Receives the calendar; free it with redress_calendar_free()
 *   before the desk is closed (it uses the desk's allocator).
 * @param desk The desk: its allocator, its zoneinfo directory, and its message,
 *   which explains a failure (with the byte offset for ::REDRESS_ERR_PARSE).
 * @param spec The spec text, UTF-8, need not be NUL-terminated; it is copied.
 * @param len Its length in bytes (at most 1 MiB).
 * @return ::REDRESS_OK;
 *   ::REDRESS_ERR_INVALID (`out`, `desk` or `spec` NULL; not UTF-8);
 *   ::REDRESS_ERR_PARSE (a malformed clause, a bad time such as 25:00, an
 *   impossible date such as 2026-02-30, opening intervals that overlap or end
 *   before they start, an unknown weekday, a malformed TZ rule, a zone name that
 *   is absolute or contains "..", a zone file that is not TZif version 2+ or
 *   whose transition table or footer is malformed);
 *   ::REDRESS_ERR_NOTFOUND (no zone file of that name; the message names the path);
 *   ::REDRESS_ERR_RANGE (spec longer than 1 MiB, more than 10000 holidays, more
 *   than 48 opening intervals on one weekday); ::REDRESS_ERR_NOMEM.
 *   On failure `*out` is untouched.
 */
REDRESS_API int redress_calendar_parse(redress_calendar **out, redress_desk *desk,
                                       const char *spec, size_t len);

/**
 * @brief Add an amount of time to an instant.
 *
 * - ::REDRESS_CALENDAR_SECONDS: `start + amount`.
 * - ::REDRESS_BUSINESS_SECONDS: the earliest instant by which `amount` open
 *   seconds have passed since `start`. A start outside opening hours starts the
 *   clock at the next opening, and the result is never later than needed: eight
 *   hours from 09:00 on a 09:00-17:00 day is 17:00 that day, not 09:00 the next.
 *   An amount of 0 gives `start`.
 * - ::REDRESS_BUSINESS_DAYS: the close of the `amount`-th business day strictly
 *   after the local day of `start`. A business day is a local day with at least
 *   one open instant (so whole-day holidays, days whose openings holidays cover,
 *   and days whose only openings fall into a skipped DST hour are not). Its close
 *   is the end of its last open instant, which a part-day holiday can move
 *   earlier. An amount of 0 is ::REDRESS_ERR_INVALID.
 *
 * @param[out] out Receives the instant.
 * @param cal The calendar.
 * @param start The instant to count from, in [::REDRESS_TIME_MIN, ::REDRESS_TIME_MAX].
 * @param amount Seconds or days, >= 0.
 * @param unit A ::redress_span_unit.
 * @return ::REDRESS_OK; ::REDRESS_ERR_INVALID (NULL, `start` out of range,
 *   negative amount, unknown unit, 0 business days); ::REDRESS_ERR_RANGE (the
 *   result would be after ::REDRESS_TIME_MAX, or the calendar has no opening time
 *   at all for a business unit).
 */
REDRESS_API int redress_calendar_add(redress_time *out, const redress_calendar *cal,
                                     redress_time start, int64_t amount, int unit);

/**
 * @brief Open seconds between two instants: those of [from, to) when the
 * calendar is open (a repeated DST hour counts twice).
 * @param[out] out Receives the seconds. When `from > to` it is the negative of
 *   the open seconds of [to, from), so that a late answer reads as negative time left.
 * @param cal The calendar.
 * @param from, to Instants in [::REDRESS_TIME_MIN, ::REDRESS_TIME_MAX].
 * @return ::REDRESS_OK; ::REDRESS_ERR_INVALID (NULL or a time out of range).
 */
REDRESS_API int redress_calendar_elapsed(int64_t *out, const redress_calendar *cal,
                                         redress_time from, redress_time to);

/**
 * @brief Whether the calendar is open at an instant (the second starting at `at`).
 * @param cal The calendar.
 * @param at An instant in [::REDRESS_TIME_MIN, ::REDRESS_TIME_MAX].
 * @return 1 open, 0 closed; ::REDRESS_ERR_INVALID (NULL or `at` out of range).
 */
REDRESS_API int redress_calendar_is_open(const redress_calendar *cal, redress_time at);

/**
 * @brief Free a calendar.
 * @param cal The calendar, or NULL (nothing happens).
 */
REDRESS_API void redress_calendar_free(redress_calendar *cal);

/**
 * @brief The spec the calendar was parsed from, exactly as given (for storing).
 * @param cal The calendar.
 * @return NUL-terminated text borrowed from the calendar until it is freed;
 *   NULL if `cal` is NULL.
 */
REDRESS_API const char *redress_calendar_spec(const redress_calendar *cal);

/** @} */

/* ------------------------------------------------------------------------- */
/** @name Classification
 * How to handle a complaint (DESIGN section 1): does the customer want results
 * (rational) or to be heard (emotional), is the complaint reasonable, what could
 * blow up, and which steps to take. A verdict is deterministic (the same complaint,
 * cues and options always give the same verdict) and explains itself: every signal
 * that counted is a reason with its rule, its weight and either the matched text
 * (byte offset and length in the complaint text) or the structured field it read.
 *
 * Text signals come from cue lexicons in English, Korean and Chinese compiled into
 * one matcher per desk (built on first use): anger and distress, intensifiers and
 * negation, politeness, facts (order numbers, amounts, dates, references to policy,
 * contract, warranty, invoice), threats of media, social posting, regulators and
 * lawyers, churn intent, abuse and extortion; plus runs of `!` and `?`, capitals,
 * elongated words and Korean ㅠㅠ/ㅡㅡ runs. Matching folds ASCII case and
 * full-width forms, recomposes decomposed Hangul and matches Korean stems in their
 * inflected forms. Structured signals: claimed amount against order value and the
 * policy's maximum compensation, the customer's complaints and compensation in the
 * last 365 days (a ratio with a minimum count), a recorded staff error, the
 * channel, repeated complaints on the same category. docs/classification.md lists
 * every signal and its weight.
 * @{ */

/** @brief A classification result. Opaque; owned by the caller. */
typedef struct redress_verdict redress_verdict;

/** @brief What the customer wants (DESIGN section 1). */
typedef enum redress_temperament {
  REDRESS_TEMPERAMENT_UNKNOWN = 0,   /**< Too little to go on (empty text, no cues). */
  REDRESS_TEMPERAMENT_RATIONAL = 1,  /**< Wants results: facts, cause, remedy, date. */
  REDRESS_TEMPERAMENT_EMOTIONAL = 2, /**< Wants to be heard: empathy, apology. */
  REDRESS_TEMPERAMENT_MIXED = 3      /**< Both, strongly. */
} redress_temperament;
#define REDRESS_TEMPERAMENT_COUNT 4 /**< Number of temperaments. */

/** @brief Escalation risks, as bits of a `uint32_t` mask. */
typedef enum redress_risk {
  REDRESS_RISK_MEDIA = 0x01,     /**< Press, TV, journalists. */
  REDRESS_RISK_SOCIAL = 0x02,    /**< Social networks, public reviews (or the social channel). */
  REDRESS_RISK_REGULATOR = 0x04, /**< Ombudsman, consumer agencies, regulators. */
  REDRESS_RISK_LEGAL = 0x08,     /**< Lawyers, lawsuits, police. */
  REDRESS_RISK_CHURN = 0x10,     /**< Intends to leave: cancel, switch provider. */
  REDRESS_RISK_ABUSE = 0x20,     /**< Insults, threats of harm, extortion. */
  REDRESS_RISK_REPEAT = 0x40     /**< Complains again about the same issue. */
} redress_risk;
#define REDRESS_RISK_COUNT 7 /**< Number of risk flags (bits 0..6). */

/** @brief Recommended actions (the playbook), as bits of a `uint32_t` mask. */
typedef enum redress_playbook {
  REDRESS_PLAYBOOK_EMPATHIZE = 0x001,        /**< Listen, acknowledge the feelings. */
  REDRESS_PLAYBOOK_APOLOGIZE = 0x002,        /**< Apologise sincerely ("sorry", never "sorry, but"). */
  REDRESS_PLAYBOOK_EXPLAIN_CAUSE = 0x004,    /**< Explain what went wrong and why. */
  REDRESS_PLAYBOOK_GIVE_FACTS = 0x008,       /**< Answer with facts, figures, references. */
  REDRESS_PLAYBOOK_OFFER_REMEDY = 0x010,     /**< Offer a concrete remedy. */
  REDRESS_PLAYBOOK_GIVE_DEADLINE = 0x020,    /**< Give a date, and keep it (make a promise). */
  REDRESS_PLAYBOOK_MOVE_TO_PHONE = 0x040,    /**< Take a public complaint to a direct channel fast. */
  REDRESS_PLAYBOOK_ESCALATE = 0x080,         /**< Involve a supervisor or specialist. */
  REDRESS_PLAYBOOK_FOLLOW_UP = 0x100,        /**< Confirm satisfaction and follow up. */
  REDRESS_PLAYBOOK_DECLINE_POLITELY = 0x200, /**< Decline an unfounded demand, politely. */
  REDRESS_PLAYBOOK_REFUND_AND_PART = 0x400   /**< Refund and end the relationship. */
} redress_playbook;
#define REDRESS_PLAYBOOK_COUNT 11 /**< Number of playbook flags (bits 0..10). */

/**
 * @brief The stable snake_case name of a temperament ("rational").
 * @return A static string, or NULL if out of range.
 */
REDRESS_API const char *redress_temperament_name(int temperament);

/**
 * @brief The stable snake_case name of one risk flag ("regulator").
 * @param risk Exactly one ::redress_risk bit.
 * @return A static string, or NULL if `risk` is not exactly one known bit.
 */
REDRESS_API const char *redress_risk_name(uint32_t risk);

/**
 * @brief The stable snake_case name of one playbook flag ("move_to_phone").
 * @param action Exactly one ::redress_playbook bit.
 * @return A static string, or NULL if `action` is not exactly one known bit.
 */
REDRESS_API const char *redress_playbook_name(uint32_t action);

/** @brief Version of ::redress_classifier_options understood by this header. */
#define REDRESS_CLASSIFIER_OPTIONS_VERSION 1u

/**
 * @brief Thresholds of a desk's classifier (docs/classification.md explains how to
 * tune them). Scores are in [0, 1]; a score is S / (S + 2) for the sum S of the
 * weights of its signals, so one strong cue (weight 2) gives 0.5.
 */
typedef struct redress_classifier_options {
  unsigned version;             /**< ::REDRESS_CLASSIFIER_OPTIONS_VERSION */
  double emotional_threshold;   /**< Emotional score needed to count as emotional (0.3). */
  double rational_threshold;    /**< Rational score needed to count as rational (0.3). */
  double mixed_ratio;           /**< Both over their thresholds and the weaker at least this share of the stronger: MIXED (0.65). */
  double claim_ratio_max;       /**< Claimed amount above this times the order value is unrealistic (1.5). */
  int64_t max_compensation;     /**< Policy maximum when the complaint's policy sets none; ::REDRESS_AMOUNT_UNKNOWN: no limit. */
  int64_t min_compensation;     /**< Policy minimum when the complaint's policy sets none; ::REDRESS_AMOUNT_UNKNOWN: 0. */
  uint32_t serial_min_count;    /**< Serial claims need at least this many complaints in the window (3). */
  double serial_min_ratio;      /**< ... and compensation received / customer value at least this (0.25). */
  uint32_t repeat_min_count;    /**< Earlier complaints of the same category in the window that make REPEAT (1). */
  uint32_t history_days;        /**< The window for the customer's history, 1..3650 days (365). */
  int use_store_history;        /**< 1: also count the customer's complaints in the desk's store (1). */
} redress_classifier_options;

/** @brief Static initialiser: the defaults given above. */
#define REDRESS_CLASSIFIER_OPTIONS_INIT                                              \
  {REDRESS_CLASSIFIER_OPTIONS_VERSION, 0.3, 0.3, 0.65, 1.5, REDRESS_AMOUNT_UNKNOWN, \
   REDRESS_AMOUNT_UNKNOWN, 3u, 0.25, 1u, 365u, 1}

/**
 * @brief Same as ::REDRESS_CLASSIFIER_OPTIONS_INIT, for languages without C macros.
 * @return Options with the defaults.
 */
REDRESS_API redress_classifier_options redress_classifier_options_init(void);

/**
 * @brief Set the desk's classifier options (copied).
 * @param desk The desk.
 * @param options The options; NULL restores the defaults.
 * @return ::REDRESS_OK; ::REDRESS_ERR_INVALID (NULL desk; a threshold or ratio
 *   that is not a finite number in its range: thresholds and `mixed_ratio` in
 *   [0, 1], the other ratios >= 0; a negative amount other than ::REDRESS_AMOUNT_UNKNOWN;
 *   minimum above maximum; a count of 0; `history_days` outside 1..3650);
 *   ::REDRESS_ERR_VERSION; ::REDRESS_ERR_NOMEM. On failure nothing changes.
 */
REDRESS_API int redress_desk_set_classifier(redress_desk *desk,
                                            const redress_classifier_options *options);

/**
 * @brief The desk's current classifier options.
 * @param[out] out Receives a copy (version ::REDRESS_CLASSIFIER_OPTIONS_VERSION).
 * @param desk The desk.
 * @return ::REDRESS_OK; ::REDRESS_ERR_INVALID (NULL).
 */
REDRESS_API int redress_desk_classifier(redress_classifier_options *out,
                                        const redress_desk *desk);

#define REDRESS_MAX_CUE_TERM_BYTES 128   /**< A runtime cue term. */
#define REDRESS_MAX_CUES 10000           /**< Runtime cues per desk. */
#define REDRESS_MAX_CUES_TSV_BYTES (1024u * 1024u) /**< TSV text given in one call. */

/**
 * @brief Add cues to the desk's matcher from TSV text, one cue per line:
 * `term<TAB>cue<TAB>weight`. Empty lines and lines starting with `#` are skipped;
 * a line may end in CRLF.
 *
 * - `term`: UTF-8, matched as the built-in cues are (ASCII case and full-width forms
 *   folded). A term with ASCII letters at an edge matches only whole words there;
 *   end it with `*` to match a word prefix (`refund*`), end a Korean verb or
 *   adjective stem with `-` to match its inflected forms (`화나-` matches 화나요,
 *   화났어요, 화난), start it with `^` to match only at the start of a word.
 * - `cue`: the cue's class: anger, distress, insult, violence, extortion,
 *   intensifier, negator, negator_post, polite, fact, request, time, currency,
 *   date_unit, media, social, regulator, legal, churn, repeat, staff_error, topic.
 * - `weight`: a decimal number in [-10, 10] with up to three decimals, in the
 *   units of docs/classification.md (a typical cue weighs 1; 0 disables a term).
 *
 * A term already known (built in or added before) takes the new class and weight.
 * The matcher is rebuilt once per call.
 * @param desk The desk.
 * @param tsv The text (need not be NUL-terminated).
 * @param len Its length in bytes, at most ::REDRESS_MAX_CUES_TSV_BYTES.
 * @return ::REDRESS_OK; ::REDRESS_ERR_INVALID (NULL; not UTF-8, with the byte
 *   offset in the message); ::REDRESS_ERR_PARSE (a malformed line: the message
 *   names its line and byte offset); ::REDRESS_ERR_RANGE (text too long, a term
 *   over ::REDRESS_MAX_CUE_TERM_BYTES, more than ::REDRESS_MAX_CUES cues);
 *   ::REDRESS_ERR_NOMEM. On failure no cue of the call is added.
 */
REDRESS_API int redress_desk_add_cues(redress_desk *desk, const char *tsv, size_t len);

/**
 * @brief Classify a complaint: its text, its fields, its recorded assessment and,
 * when the options allow, the customer's earlier complaints in the desk's store.
 * @param[out] out Receives the verdict; free it with redress_verdict_free().
 * @param desk The desk whose cues and options apply.
 * @param complaint A complaint of this desk.
 * @return ::REDRESS_OK; ::REDRESS_ERR_INVALID (NULL, or a complaint of another
 *   desk); ::REDRESS_ERR_STORE, ::REDRESS_ERR_PARSE (reading the history);
 *   ::REDRESS_ERR_NOMEM.
 */
REDRESS_API int redress_classify(redress_verdict **out, redress_desk *desk,
                                 const redress_complaint *complaint);

/**
 * @brief Classify text alone (no fields, no history).
 * @param[out] out Receives the verdict; free it with redress_verdict_free().
 * @param desk The desk whose cues and options apply.
 * @param text UTF-8 text (need not be NUL-terminated); NULL only with `len` 0.
 * @param len Its length in bytes, at most ::REDRESS_MAX_TEXT_BYTES.
 * @return ::REDRESS_OK; ::REDRESS_ERR_INVALID (NULL, not UTF-8, a NUL byte: the
 *   message gives its offset); ::REDRESS_ERR_RANGE (too long); ::REDRESS_ERR_NOMEM.
 */
REDRESS_API int redress_classify_text(redress_verdict **out, redress_desk *desk,
                                      const char *text, size_t len);

/**
 * @brief Free a verdict. It may outlive its desk.
 * @param verdict The verdict, or NULL (nothing happens).
 */
REDRESS_API void redress_verdict_free(redress_verdict *verdict);

/** @brief The ::redress_temperament; -1 for NULL. */
REDRESS_API int redress_verdict_temperament(const redress_verdict *verdict);
/** @brief How strongly the customer wants results, in [0, 1]; 0 for NULL. */
REDRESS_API double redress_verdict_rational(const redress_verdict *verdict);
/** @brief How strongly the customer wants to be heard, in [0, 1]; 0 for NULL. */
REDRESS_API double redress_verdict_emotional(const redress_verdict *verdict);
/** @brief The ::redress_legitimacy; -1 for NULL. */
REDRESS_API int redress_verdict_legitimacy(const redress_verdict *verdict);
/** @brief Confidence in the legitimacy label, in [0, 1] (0 for UNKNOWN); 0 for NULL. */
REDRESS_API double redress_verdict_confidence(const redress_verdict *verdict);
/** @brief The ::redress_risk bits; 0 for NULL. */
REDRESS_API uint32_t redress_verdict_risks(const redress_verdict *verdict);
/** @brief The ::redress_playbook bits; 0 for NULL. */
REDRESS_API uint32_t redress_verdict_playbook(const redress_verdict *verdict);
/** @brief The suggested ::redress_severity; -1 for NULL. */
REDRESS_API int redress_verdict_severity(const redress_verdict *verdict);
/**
 * @brief The suggested offer (redress_settle() on the complaint's expectation,
 * bottom line and policy), or ::REDRESS_AMOUNT_UNKNOWN when there is none.
 */
REDRESS_API int64_t redress_verdict_offer(const redress_verdict *verdict);

/** @brief Number of reasons; 0 for NULL. Reasons come in a fixed order: text
 * signals by offset, then structured signals. */
REDRESS_API size_t redress_verdict_reason_count(const redress_verdict *verdict);

/**
 * @brief The rule or cue id of the i-th reason, e.g. "cue.anger", "text.caps",
 * "fact.amount", "host.churn" (a runtime cue), "field.claim_ratio".
 * @return Borrowed from the verdict; NULL if out of range.
 */
REDRESS_API const char *redress_verdict_reason_rule(const redress_verdict *verdict, size_t i);

/**
 * @brief The weight the i-th reason added to its score or evidence (0 for a negator
 * or a negated cue, which are listed because they changed the verdict).
 * @return The weight; 0 if out of range.
 */
REDRESS_API double redress_verdict_reason_weight(const redress_verdict *verdict, size_t i);

/**
 * @brief Where the i-th reason's text is in the complaint text.
 * @param[out] offset Receives the byte offset.
 * @param[out] length Receives the length in bytes.
 * @param verdict The verdict.
 * @param i The reason's index.
 * @return ::REDRESS_OK; ::REDRESS_ERR_INVALID (NULL); ::REDRESS_ERR_NOTFOUND (out
 *   of range, or a structured reason: see redress_verdict_reason_field()).
 */
REDRESS_API int redress_verdict_reason_span(size_t *offset, size_t *length,
                                            const redress_verdict *verdict, size_t i);

/**
 * @brief The structured field the i-th reason read ("claimed_amount", "channel",
 * "legitimacy", "history"...), or NULL for a text reason or out of range.
 */
REDRESS_API const char *redress_verdict_reason_field(const redress_verdict *verdict, size_t i);

/**
 * @brief The i-th reason's value: the matched text for a text reason, the field's
 * value (and what it was compared with) for a structured one.
 * @return Borrowed NUL-terminated text; NULL if out of range.
 */
REDRESS_API const char *redress_verdict_reason_value(const redress_verdict *verdict, size_t i);

/** @brief Outcomes of redress_settle(). */
typedef enum redress_settlement {
  REDRESS_SETTLEMENT_OFFER = 0,   /**< A zone of agreement exists; the offer lies in it. */
  REDRESS_SETTLEMENT_ESCALATE = 1 /**< The bottom line is above the policy maximum: escalate. */
} redress_settlement;
#define REDRESS_SETTLEMENT_COUNT 2 /**< Number of settlement outcomes. */

/** @brief Version of ::redress_negotiation understood by this header. */
#define REDRESS_NEGOTIATION_VERSION 1u

/** @brief The two sides of a settlement (amounts in minor units). */
typedef struct redress_negotiation {
  unsigned version;         /**< ::REDRESS_NEGOTIATION_VERSION */
  int64_t expectation;      /**< What the customer hopes for; unknown: the policy maximum. */
  int64_t bottom_line;      /**< The least the customer accepts; unknown: the policy minimum. */
  int64_t policy_min;       /**< The least the policy offers; unknown: 0. */
  int64_t policy_max;       /**< The most the policy allows; unknown: no limit. */
  int offer_permille;       /**< Where to offer in the zone: 0 its low end, 1000 its high end (500). */
} redress_negotiation;

/** @brief Static initialiser: every amount unknown, offer in the middle of the zone. */
#define REDRESS_NEGOTIATION_INIT                                                \
  {REDRESS_NEGOTIATION_VERSION, REDRESS_AMOUNT_UNKNOWN, REDRESS_AMOUNT_UNKNOWN, \
   REDRESS_AMOUNT_UNKNOWN, REDRESS_AMOUNT_UNKNOWN, 500}

/**
 * @brief Same as ::REDRESS_NEGOTIATION_INIT, for languages without C macros.
 * @return A negotiation with the defaults.
 */
REDRESS_API redress_negotiation redress_negotiation_init(void);

/**
 * @brief Find the zone of agreement between the customer's bottom line and
 * expectation inside the policy's limits (DESIGN section 1), and an offer in it.
 *
 * The zone is [max(bottom line, policy min), min(expectation, policy max)]. When
 * the bottom line is above the policy maximum there is no zone: the outcome is
 * ::REDRESS_SETTLEMENT_ESCALATE and the offer is the policy maximum (the most the
 * agent may offer before a supervisor decides). When the customer expects less
 * than the policy minimum, the zone is the policy minimum alone. An unbounded
 * zone (expectation and maximum both unknown) has no high end: the offer is its low end.
 * @param[out] outcome Receives a ::redress_settlement.
 * @param[out] offer Receives the suggested offer: low + (high - low) * permille / 1000,
 *   rounded down.
 * @param[out] zone_low Receives the low end of the zone (may be NULL).
 * @param[out] zone_high Receives the high end, INT64_MAX if unbounded (may be NULL).
 * @param negotiation The two sides.
 * @return ::REDRESS_OK; ::REDRESS_ERR_INVALID (NULL; a negative amount other than
 *   ::REDRESS_AMOUNT_UNKNOWN; bottom line above expectation; policy min above
 *   max; permille outside 0..1000); ::REDRESS_ERR_VERSION.
 */
REDRESS_API int redress_settle(int *outcome, int64_t *offer, int64_t *zone_low,
                               int64_t *zone_high, const redress_negotiation *negotiation);

/** @brief Resolved complaints similar to one complaint. Opaque; owned by the caller. */
typedef struct redress_precedents redress_precedents;

#define REDRESS_MAX_PRECEDENTS 100 /**< Most precedents one call returns. */

/**
 * @brief The stored complaints with a decision (responded, resolved, closed) most
 * similar to `complaint`, best first. Similarity in [0, 1]: 0.4 for the same
 * category plus 0.6 times the share of cues the two texts have in common (matched
 * cue terms, as a Jaccard index); complaints with similarity 0 are left out, ties
 * go to the smaller id. The complaint itself (same id) is never its own precedent.
 * @param[out] out Receives the list (possibly empty); free it with redress_precedents_free().
 * @param desk The desk whose store is scanned.
 * @param complaint The complaint.
 * @param max_count At most this many, 1..::REDRESS_MAX_PRECEDENTS.
 * @return ::REDRESS_OK; ::REDRESS_ERR_INVALID (NULL, max_count out of range, a
 *   complaint of another desk); ::REDRESS_ERR_STORE; ::REDRESS_ERR_PARSE;
 *   ::REDRESS_ERR_NOMEM.
 */
REDRESS_API int redress_desk_precedents(redress_precedents **out, redress_desk *desk,
                                        const redress_complaint *complaint, size_t max_count);

/** @brief Free a precedent list; NULL is fine. */
REDRESS_API void redress_precedents_free(redress_precedents *precedents);
/** @brief Number of precedents; 0 for NULL. */
REDRESS_API size_t redress_precedents_count(const redress_precedents *precedents);
/** @brief Id of the i-th precedent. Borrowed; NULL if out of range. */
REDRESS_API const char *redress_precedents_id(const redress_precedents *precedents, size_t i);
/** @brief Similarity of the i-th precedent in [0, 1]; 0 if out of range. */
REDRESS_API double redress_precedents_similarity(const redress_precedents *precedents, size_t i);
/** @brief ::redress_decision of the i-th precedent; -1 if out of range. */
REDRESS_API int redress_precedents_decision(const redress_precedents *precedents, size_t i);
/** @brief Remedy of the i-th precedent, or NULL. Borrowed. */
REDRESS_API const char *redress_precedents_remedy(const redress_precedents *precedents, size_t i);
/** @brief Compensation of the i-th precedent, or ::REDRESS_AMOUNT_UNKNOWN. */
REDRESS_API int64_t redress_precedents_compensation(const redress_precedents *precedents,
                                                    size_t i);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* REDRESS_H */

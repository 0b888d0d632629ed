/**
 * @file redress/deadlines.h
 * @brief Service-level policies, the deadlines each complaint derives from them, and
 * the tick that raises each warning and breach exactly once.
 */
#ifndef REDRESS_DEADLINES_H
#define REDRESS_DEADLINES_H

#include "redress/calendar.h"
#include "redress/complaint.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------- */
/** @name Policies and deadlines
 * A policy says how fast a desk answers: which complaints it covers, on which
 * business calendar its targets run, and the targets themselves. Each complaint
 * derives its deadlines from its history, the policy that matches it and that
 * policy's calendar (semantics and worked examples in docs/deadlines.md):
 *
 * - ACKNOWLEDGE: from receipt; met by the first customer-visible contact.
 * - UPDATE: from each customer-visible contact while the complaint is open
 *   (and from a reopen when none runs: a reopen from RESPONDED keeps the one the
 *   response started); met by the next one. "Keep the customer informed."
 * - RESOLVE: the final response, from receipt (or from a reopen); met by respond or
 *   resolve_on_the_spot. A holding reply (hold) sent before it is due moves it to
 *   `resolve_extended`. Time spent awaiting the customer shifts RESOLVE and UPDATE
 *   by the business time paused, when the policy pauses.
 * - PROMISE: each promise made; met by the next customer-visible contact.
 * - FOLLOW_UP: from the moment the complaint is resolved; met by confirm or close.
 * - NEXT_REPLY: from a customer message (customer_message, customer_reply) when
 *   none runs, so several unanswered messages keep the first one's start; met by
 *   the next customer-visible event (the events that meet UPDATE). Only where the
 *   policy sets `next_reply`. Its clock never pauses: the customer is the one
 *   waiting.
 *
 * set_severity selects the policy again: pending deadlines are recomputed from
 * their original start with the new targets, keeping the time paused so far;
 * deadlines already met stay as they were. When a complaint is closed or
 * withdrawn, pending deadlines already past due count as BREACHED and the rest are
 * dropped.
 * @{ */

/** @brief Version of ::redress_policy understood by this header (2 added
 * `next_reply`). */
#define REDRESS_POLICY_VERSION 2u

/** @brief A service-level policy. Copied into the desk by redress_desk_add_policy(). */
typedef struct redress_policy {
  unsigned version;           /**< ::REDRESS_POLICY_VERSION */
  const char *name;           /**< Required, unique in the desk, up to ::REDRESS_MAX_NAME_BYTES. */
  uint32_t channels;          /**< Matches these channels: bits (1u << ::redress_channel); 0: any. */
  int min_severity;           /**< Matches this ::redress_severity and above. */
  const char *category;       /**< Matches only this category; NULL: any; "" is refused (no complaint keeps an empty category). */
  const char *customer_tier;  /**< Matches only this customer tier; NULL: any; "" is refused, as for category. */
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
  /* version 2 */
  redress_span next_reply;    /**< Reply to a customer message within (0: no NEXT_REPLY deadline; version 1 policies have none). */
} redress_policy;

/** @brief Static initialiser: matches everything, no targets, no calendar. */
#define REDRESS_POLICY_INIT                                                         \
  {REDRESS_POLICY_VERSION, NULL, 0u, REDRESS_SEVERITY_LOW, NULL, NULL, NULL,      \
   {0, REDRESS_SPAN_CALENDAR_SECONDS}, {0, REDRESS_SPAN_CALENDAR_SECONDS},                   \
   {0, REDRESS_SPAN_CALENDAR_SECONDS}, {0, REDRESS_SPAN_CALENDAR_SECONDS},                   \
   {0, REDRESS_SPAN_CALENDAR_SECONDS}, 0, 0, REDRESS_AMOUNT_UNKNOWN, REDRESS_AMOUNT_UNKNOWN, \
   {0, REDRESS_SPAN_CALENDAR_SECONDS}}

/**
 * @brief Same as ::REDRESS_POLICY_INIT, for languages without C macros.
 * @return A policy with the same defaults.
 */
REDRESS_API redress_policy redress_policy_init(void);

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
  REDRESS_DEADLINE_FOLLOW_UP = 4,
  REDRESS_DEADLINE_NEXT_REPLY = 5 /**< A reply owed to a customer message. */
} redress_deadline_kind;
#define REDRESS_DEADLINE_KIND_COUNT 6 /**< Number of deadline kinds. */

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
/** @brief Version of ::redress_deadline understood by this header. */
#define REDRESS_DEADLINE_VERSION 1u

/**
 * @brief One deadline of a list, filled by redress_deadlines_get(). Set `version`
 * (::REDRESS_DEADLINE_INIT) before the call; the library fills the members of
 * that version.
 */
typedef struct redress_deadline {
  unsigned version;      /**< ::REDRESS_DEADLINE_VERSION, set by the caller. */
  int kind;              /**< ::redress_deadline_kind */
  int state;             /**< ::redress_deadline_state at the list's `now`. */
  redress_time due;      /**< Due time; ::REDRESS_TIME_NEVER while paused. */
  redress_time warn_at;  /**< Warning time; ::REDRESS_TIME_NEVER if none. */
  redress_time met_at;   /**< When it was met; ::REDRESS_TIME_NEVER if not. */
  uint32_t anchor;       /**< Sequence number of the event that started it. */
} redress_deadline;

/** @brief Static initialiser: the version set, everything else 0. */
#define REDRESS_DEADLINE_INIT {REDRESS_DEADLINE_VERSION, 0, 0, 0, 0, 0, 0u}

/**
 * @brief Read the i-th deadline of a list.
 * @param[out] out Receives the deadline; its `version` says which members to fill.
 * @param deadlines The list.
 * @param i 0 .. redress_deadlines_count() - 1.
 * @return ::REDRESS_OK; ::REDRESS_ERR_INVALID (NULL); ::REDRESS_ERR_VERSION
 *   (`out->version` unknown); ::REDRESS_ERR_NOTFOUND (`i` out of range).
 */
REDRESS_API int redress_deadlines_get(redress_deadline *out, const redress_deadlines *deadlines,
                                      size_t i);

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

#ifdef __cplusplus
}
#endif

#endif /* REDRESS_DEADLINES_H */

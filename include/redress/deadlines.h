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
 * - SUMMARY_RESOLVE: from receipt, where the policy sets `summary_resolve`; met by
 *   respond or resolve_on_the_spot within it. When it passes unresolved it reads
 *   LAPSED: nothing the firm owes was breached (the full final response, RESOLVE, is
 *   then what is owed), so it raises no alarm, warning or breach.
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
 * `next_reply`; 3 added `policy_version`, `warn_levels` and `pause_stops`; 4 added
 * `summary_resolve`; 5 added `team`). */
#define REDRESS_POLICY_VERSION 5u

/** @brief Rows of `redress_policy.warn_levels`: one per deadline kind, with room for
 * kinds added later (rows beyond ::REDRESS_DEADLINE_KIND_COUNT must stay 0). */
#define REDRESS_POLICY_KIND_SLOTS 8
/** @brief Most warning levels a deadline kind may have. */
#define REDRESS_POLICY_WARN_LEVELS 4

/** @brief Why a complaint's clocks may stop (rows of `redress_policy.pause_stops`). */
typedef enum redress_pause_reason {
  REDRESS_PAUSE_AWAITING_CUSTOMER = 0,   /**< await_customer .. customer_reply */
  REDRESS_PAUSE_AWAITING_THIRD_PARTY = 1 /**< await_third_party .. third_party_reply */
} redress_pause_reason;
#define REDRESS_PAUSE_REASON_COUNT 2 /**< Number of pause reasons. */
/** @brief Rows of `redress_policy.pause_stops`, with room for reasons added later. */
#define REDRESS_POLICY_PAUSE_SLOTS 4

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
  /* version 3 */
  unsigned policy_version;    /**< The policy's own version in the desk's set, 1 or more (versions 1 and 2 of the struct: 1). */
  /** Warning levels per ::redress_deadline_kind (row = kind): percentages of the
   * deadline's time, strictly ascending in 1..99, 0 ending the row. A kind whose row is
   * empty warns once at `warn_percent` (as versions 1 and 2 do). Each level is raised
   * once by redress_desk_tick(), the first as ::REDRESS_ALARM_WARNING, the next as
   * ::REDRESS_ALARM_WARNING_2 .. ::REDRESS_ALARM_WARNING_4. */
  int warn_levels[REDRESS_POLICY_KIND_SLOTS][REDRESS_POLICY_WARN_LEVELS];
  /** Per ::redress_pause_reason, the deadline kinds whose clocks it stops: bits
   * (1u << ::redress_deadline_kind); PROMISE cannot pause (a promised date is a date).
   * `pause_when_awaiting_customer` = 1 adds RESOLVE and UPDATE to the customer's row. */
  uint32_t pause_stops[REDRESS_POLICY_PAUSE_SLOTS];
  /* version 4 */
  /** Summary resolution within (0: no SUMMARY_RESOLVE deadline; versions 1 to 3 have
   * none): a complaint resolved within it may close with a summary resolution
   * communication (FCA DISP 1.5). It is an opportunity, not a duty: once it passes
   * unresolved the deadline reads ::REDRESS_DEADLINE_LAPSED, raises no alarm, and the
   * full `resolve` target still runs. No warning levels (`warn_levels` row 6 stays 0). */
  redress_span summary_resolve;
  /* version 5 */
  /** Matches only complaints of this team (redress_complaint_assign(), ::REDRESS_FIELD_TEAM)
   * at the event that chooses the policy: create (no team yet), set_severity,
   * migrate_policy, and an assignment that changes the team (docs/deadlines.md,
   * "Matching on team"); NULL: any; "" is refused, as for category. */
  const char *team;
} redress_policy;

/** @brief Static initialiser: matches everything, no targets, no calendar. */
#define REDRESS_POLICY_INIT                                                         \
  {REDRESS_POLICY_VERSION, NULL, 0u, REDRESS_SEVERITY_LOW, NULL, NULL, NULL,      \
   {0, REDRESS_SPAN_CALENDAR_SECONDS}, {0, REDRESS_SPAN_CALENDAR_SECONDS},                   \
   {0, REDRESS_SPAN_CALENDAR_SECONDS}, {0, REDRESS_SPAN_CALENDAR_SECONDS},                   \
   {0, REDRESS_SPAN_CALENDAR_SECONDS}, 0, 0, REDRESS_AMOUNT_UNKNOWN, REDRESS_AMOUNT_UNKNOWN, \
   {0, REDRESS_SPAN_CALENDAR_SECONDS}, 1u, {{0}}, {0}, {0, REDRESS_SPAN_CALENDAR_SECONDS}, NULL}

/**
 * @brief Same as ::REDRESS_POLICY_INIT, for languages without C macros.
 * @return A policy with the same defaults.
 */
REDRESS_API redress_policy redress_policy_init(void);

/**
 * @brief Append a policy to the desk's list. A complaint follows the first policy
 * in the list that matches it, among the newest version of each name (older versions
 * stay for the complaints that recorded them); when none does, the built-in default policy
 * ("default": always open; acknowledge 1 day, update every 7 days, resolve
 * 30 days, 56 after a holding reply, follow up within 7 days; warn at 75%;
 * pauses while awaiting the customer).
 * @param desk The desk.
 * @param policy The policy; copied (strings too).
 * @return ::REDRESS_OK; ::REDRESS_ERR_INVALID (NULL, missing name, bad UTF-8, unknown
 *   channel bits or severity, negative or unknown-unit spans, warn_levels rows not
 *   strictly ascending in 1..99 (or set for no kind), pause_stops with unknown
 *   kind bits, the PROMISE bit or a row for no reason, warn_percent outside
 *   0..99, `policy_version` 0, an empty category, tier or team, min above max
 *   compensation); ::REDRESS_ERR_VERSION;
 *   ::REDRESS_ERR_EXISTS (that name and `policy_version` taken, including "default"
 *   version 1);
 *   ::REDRESS_ERR_NOTFOUND (no calendar of that name); ::REDRESS_ERR_NOMEM.
 */
REDRESS_API int redress_desk_add_policy(redress_desk *desk, const redress_policy *policy);

/**
 * @brief Add the policies of a policy spec to the desk, in the order written (grammar
 * and examples in docs/deadlines.md, "Policy specs"). All or nothing: on failure no
 * policy of the spec was added.
 * @code
 * policy standard version 2
 *   calendar office
 *   acknowledge 1 business-day
 *   resolve 30 days
 *   warn 75%
 * @endcode
 * @param desk The desk (its calendars must already hold those the policies name).
 * @param spec UTF-8 text, need not be NUL-terminated; at most 1 MiB.
 * @param len Its length in bytes.
 * @return ::REDRESS_OK; ::REDRESS_ERR_INVALID (NULL, not UTF-8, or a policy
 *   redress_desk_add_policy() refuses); ::REDRESS_ERR_PARSE (the message gives the
 *   line, the column and what was expected); ::REDRESS_ERR_RANGE (longer than 1 MiB);
 *   ::REDRESS_ERR_EXISTS; ::REDRESS_ERR_NOTFOUND (no such calendar); ::REDRESS_ERR_NOMEM.
 *   Follows the desk's thread rule.
 */
REDRESS_API int redress_desk_load_policies(redress_desk *desk, const char *spec, size_t len);

/**
 * @brief Read a policy of the desk back: the struct as the desk keeps it.
 * @param[out] out Receives the policy (version ::REDRESS_POLICY_VERSION); its strings
 *   are borrowed from the desk until it is closed.
 * @param desk The desk.
 * @param name The policy's name ("default" is the built-in one).
 * @param policy_version Its version; 0 for the newest of that name.
 * @return ::REDRESS_OK; ::REDRESS_ERR_INVALID (NULL); ::REDRESS_ERR_NOTFOUND.
 *   Follows the desk's thread rule.
 */
REDRESS_API int redress_desk_policy(redress_policy *out, redress_desk *desk, const char *name,
                                    unsigned policy_version);

/**
 * @brief Print a policy as its canonical spec: parsing the text gives the same policy
 * and printing that again gives the same bytes.
 * @param[out] out Receives NUL-terminated text; free it with redress_free().
 * @param[out] out_len Receives its length without the NUL (may be NULL).
 * @param desk The desk (its allocator and message).
 * @param policy The policy to print; NULL prints every policy the desk was given, in
 *   order, a blank line between them (not the built-in "default").
 * @return ::REDRESS_OK; ::REDRESS_ERR_INVALID (NULL `out` or `desk`, or a policy
 *   redress_desk_add_policy() would refuse); ::REDRESS_ERR_VERSION; ::REDRESS_ERR_NOMEM.
 *   Follows the desk's thread rule.
 */
REDRESS_API int redress_policy_spec(char **out, size_t *out_len, redress_desk *desk,
                                    const redress_policy *policy);

/**
 * @brief A regulatory regime or a holiday calendar shipped in the library, as spec
 * text: found by name, or listed by index. Names are `calendar/NAME` (calendar specs,
 * for redress_desk_add_calendar(); give the calendar the NAME its regimes use, e.g.
 * "gb-eng") and `regime/NAME` (policy specs, for redress_desk_load_policies(), naming
 * those calendars). The texts cite their sources and provenance in `#` comments
 * (docs/regimes.md lists them): a host can print, store, diff and adapt them before
 * loading them.
 * @code
 * const char *name, *text;
 * size_t len;
 * for (size_t i = 0; redress_builtin_spec(NULL, i, &name, &text, &len) == REDRESS_OK; i++)
 *   printf("%s (%zu bytes)\n", name, len);
 * if (redress_builtin_spec("calendar/gb-eng", 0, NULL, &text, &len) == REDRESS_OK)
 *   redress_desk_add_calendar(desk, "gb-eng", text, len);
 * if (redress_builtin_spec("regime/uk-fca-disp", 0, NULL, &text, &len) == REDRESS_OK)
 *   redress_desk_load_policies(desk, text, len);
 * @endcode
 * @param name The spec's name; NULL to take the `index`-th spec instead (in name order).
 * @param index With a NULL `name`: 0 .. count - 1; ignored otherwise.
 * @param[out] out_name Receives the spec's name (static; may be NULL).
 * @param[out] text Receives the NUL-terminated text, static: never freed, valid for the
 *   life of the process (may be NULL).
 * @param[out] len Receives its length in bytes, without the NUL (may be NULL).
 * @return ::REDRESS_OK; ::REDRESS_ERR_NOTFOUND (no spec of that name, or `index` past
 *   the last: a listing loop ends there). Needs no desk, allocates nothing; any thread.
 */
REDRESS_API int redress_builtin_spec(const char *name, size_t index, const char **out_name,
                                     const char **text, size_t *len);

/** @brief Kinds of deadlines. */
typedef enum redress_deadline_kind {
  REDRESS_DEADLINE_ACKNOWLEDGE = 0,
  REDRESS_DEADLINE_UPDATE = 1,
  REDRESS_DEADLINE_RESOLVE = 2,
  REDRESS_DEADLINE_PROMISE = 3,
  REDRESS_DEADLINE_FOLLOW_UP = 4,
  REDRESS_DEADLINE_NEXT_REPLY = 5, /**< A reply owed to a customer message. */
  REDRESS_DEADLINE_SUMMARY_RESOLVE = 6 /**< Resolution within the summary target (`summary_resolve`): met, pending or LAPSED, never breached. */
} redress_deadline_kind;
#define REDRESS_DEADLINE_KIND_COUNT 7 /**< Number of deadline kinds. */

/** @brief Where a deadline stands at a given time. */
typedef enum redress_deadline_state {
  REDRESS_DEADLINE_PENDING = 0,  /**< Not met, not yet due. */
  REDRESS_DEADLINE_PAUSED = 1,   /**< The clock is stopped (awaiting the customer or a third party, as the policy says). */
  REDRESS_DEADLINE_MET = 2,      /**< Met by its due time. */
  REDRESS_DEADLINE_MET_LATE = 3, /**< Met after its due time. */
  REDRESS_DEADLINE_BREACHED = 4, /**< Due and not met. */
  REDRESS_DEADLINE_LAPSED = 5    /**< A SUMMARY_RESOLVE target passed before the complaint was resolved (or it was resolved after it): no breach; the full final response (RESOLVE) is owed instead. Only SUMMARY_RESOLVE deadlines lapse. */
} redress_deadline_state;
#define REDRESS_DEADLINE_STATE_COUNT 6 /**< Number of deadline states. */

/** @brief Alarm levels reported by redress_desk_tick(). */
typedef enum redress_alarm_level {
  REDRESS_ALARM_WARNING = 0, /**< `warn_percent` (or the kind's first warning level) of the deadline's time has passed. */
  REDRESS_ALARM_BREACH = 1,  /**< The deadline passed unmet. */
  REDRESS_ALARM_WARNING_2 = 2, /**< The kind's second warning level (`warn_levels`) has passed. */
  REDRESS_ALARM_WARNING_3 = 3, /**< Its third warning level. */
  REDRESS_ALARM_WARNING_4 = 4  /**< Its fourth warning level. */
} redress_alarm_level;
#define REDRESS_ALARM_LEVEL_COUNT 5 /**< Number of alarm levels. */

/**
 * @brief Compute a complaint's deadlines as they stand at `now`.
 * @param[out] out Receives the list; free it with redress_deadlines_free().
 * @param complaint The complaint (its desk's policies and calendars apply).
 * @param now The instant the states are evaluated at.
 * @return ::REDRESS_OK; ::REDRESS_ERR_INVALID (NULL, `now` out of range);
 *   ::REDRESS_ERR_RANGE (a target cannot be reached: the calendar has no opening
 *   time, or a due date would pass ::REDRESS_TIME_MAX); ::REDRESS_ERR_NOTFOUND (the
 *   policy version the complaint recorded is not in the desk, or the desk holds it
 *   edited: docs/deadlines.md, "Policy versions"); ::REDRESS_ERR_NOMEM.
 */
REDRESS_API int redress_complaint_deadlines(redress_deadlines **out,
                                            const redress_complaint *complaint, redress_time now);

/** @brief Free a deadline list; NULL is fine. */
REDRESS_API void redress_deadlines_free(redress_deadlines *deadlines);
/** @brief Number of deadlines; 0 for NULL. */
REDRESS_API size_t redress_deadlines_count(const redress_deadlines *deadlines);
/** @brief Name of the policy that applied. Borrowed from the list; NULL for NULL. */
REDRESS_API const char *redress_deadlines_policy(const redress_deadlines *deadlines);
/** @brief Version of the policy that applied (its `policy_version`); 0 for NULL. */
REDRESS_API unsigned redress_deadlines_policy_version(const redress_deadlines *deadlines);
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
 *   ::REDRESS_ERR_NOMEM; ::REDRESS_ERR_PARSE (a corrupt stored document),
 *   ::REDRESS_ERR_RANGE (deadlines that cannot be computed under this desk's
 *   policies) or ::REDRESS_ERR_NOTFOUND (a policy version the complaint recorded is
 *   not in this desk, or was edited): such a complaint is skipped, the others are still ticked, and the
 *   first one skipped is returned and named in the desk's message.
 */
REDRESS_API int redress_desk_tick(redress_desk *desk, redress_time now, redress_alarm_cb on_alarm,
                                  void *payload);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* REDRESS_DEADLINES_H */

/**
 * @file redress/metrics.h
 * @brief Retention metrics: what complaint handling is worth, in on-time rates,
 * durations and customers kept, over complaints or a whole store.
 */
#ifndef REDRESS_METRICS_H
#define REDRESS_METRICS_H

#include "redress/complaint.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------- */
/** @name Retention metrics
 * What complaint handling is worth, measured (every definition, formula and default
 * in docs/metrics.md). An accumulator reads complaints, one at
 * a time or every stored complaint received in a window, into integer tallies and
 * duration samples, for the total and for each group of a grouping (by channel,
 * category, temperament, legitimacy, severity, owner or team, or by the week or month
 * the complaint was received, for a trend read in one pass). Values are read one at a time
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
  REDRESS_GROUP_BY_SEVERITY = 5,    /**< One group per current ::redress_severity. */
  REDRESS_GROUP_BY_OWNER = 6,       /**< One group per current owner (redress_complaint_assign()), in the order first added; "" for unassigned. */
  REDRESS_GROUP_BY_TEAM = 7,        /**< One group per current team, in the order first added; "" for none. */
  REDRESS_GROUP_BY_WEEK = 8,        /**< One group per ISO 8601 week of the received time in UTC, key `2026-W05` (the week's year is the year of its Thursday, so 2021-01-03 is in `2020-W53`), in the order first added. */
  REDRESS_GROUP_BY_MONTH = 9        /**< One group per calendar month of the received time in UTC, key `2026-02`, in the order first added. */
} redress_group_by;
#define REDRESS_GROUP_BY_COUNT 10 /**< Number of groupings. */

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
  REDRESS_METRIC_DECISION_NONE = 9,           /**< Complaints with each ::redress_decision, whatever the state (withdrawn ones too) ... */
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
  REDRESS_METRIC_CUSTOMERS_SAVED = 64,        /**< Complainants kept beyond what handling nothing would keep. */
  REDRESS_METRIC_NEXT_REPLY_DEADLINES = 65,   /**< NEXT_REPLY deadlines (replies owed to customer messages) decided by `as_of` ... */
  REDRESS_METRIC_NEXT_REPLY_ON_TIME_RATE = 66,
  REDRESS_METRIC_NEXT_REPLY_BREACHES = 67     /**< ... met late or breached. */
} redress_metric;
#define REDRESS_METRIC_COUNT 68 /**< Number of metrics. */

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
 * @param complaint A complaint of the accumulator's desk. Its fields, history and JSON
 *   are only read; the accumulator does leave a digest of the complaint's deadlines
 *   in it, a cache no getter, save or JSON shows, which later accumulators reuse
 *   until the complaint next changes (it halves the cost of repeated reports). So a
 *   complaint being added is used as the desk's thread rule says, like any other
 *   call on it.
 * @return ::REDRESS_OK; ::REDRESS_ERR_INVALID (NULL, or a complaint of another
 *   desk); ::REDRESS_ERR_RANGE (a deadline cannot be scheduled, or a new category,
 *   owner or team group beyond ::REDRESS_MAX_METRIC_GROUPS); the errors of redress_classify() when
 *   grouping by temperament; ::REDRESS_ERR_NOMEM. On failure the accumulator is
 *   unchanged.
 */
REDRESS_API int redress_metrics_add(redress_metrics *metrics, const redress_complaint *complaint);

/**
 * @brief Add an array of complaints in order: the same counts as calling
 * redress_metrics_add() on each, faster over many (while one complaint is counted,
 * the next ones are fetched from memory; docs/performance.md has the figures).
 * @param[out] added If not NULL, receives how many complaints were added: `count`
 *   on success, and on failure the index of the one that failed.
 * @param metrics The accumulator.
 * @param complaints `count` complaints of the accumulator's desk; read, and given a
 *   cached digest, as by redress_metrics_add(). The
 *   same complaint may appear more than once (it is counted each time). May be
 *   NULL when `count` is 0.
 * @param count How many complaints to add; 0 adds nothing and succeeds.
 * @return ::REDRESS_OK; ::REDRESS_ERR_INVALID (NULL `metrics`; NULL `complaints`
 *   with a `count` above 0; a NULL complaint or one of another desk); the errors of
 *   redress_metrics_add(). On failure the complaints before the one that failed
 *   are counted, that one and those after it are not (the desk's message names
 *   its index, "metrics_add_many: complaint 41: ..."): once the cause is dealt
 *   with, carry on from index `*added`, or from `*added + 1` to leave that
 *   complaint out.
 * @note Follows the desk's thread rule, as every accumulator call does.
 */
REDRESS_API int redress_metrics_add_many(size_t *added, redress_metrics *metrics,
                                         redress_complaint *const *complaints, size_t count);

/**
 * @brief Add every stored complaint received in [from, to). The store is first
 * scanned for the ids of those complaints (filtered on the record's `received_at`,
 * without decoding the others); they are then loaded and added one by one in
 * ascending id order, so category, owner and team groups appear in the same order whatever the
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
 * groupings have one group per value from the start, at the value's index; category,
 * owner, team, week and month groups are appended as new keys arrive and never move
 * (week and month keys sort as text in time order: sort them to draw a trend). The count is at most
 * ::REDRESS_MAX_METRIC_GROUPS, so every index fits an `int`.
 */
REDRESS_API size_t redress_metrics_group_count(const redress_metrics *metrics);

/**
 * @brief The key of a group: the redress_enum_name() of the channel, severity or
 * legitimacy or temperament, the category, owner or team
 * text ("" for complaints without one, NULL and "" alike), or the received week
 * (`2026-W05`) or month (`2026-02`).
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

#ifdef __cplusplus
}
#endif

#endif /* REDRESS_METRICS_H */

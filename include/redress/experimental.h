/**
 * @file redress/experimental.h
 * @brief Calls not yet proven in use: settlement, precedents, runtime cues and the
 * regulators' complaints returns, exact metric values.
 *
 * These functions are exported under their own symbol version node
 * (`REDRESS_EXPERIMENTAL`) and are outside the ABI promise of docs/abi.md: a minor
 * release may change or remove them, and says so in CHANGELOG.md. A call that has
 * proven itself moves to a stable header under its own name. Include this header
 * explicitly; `<redress.h>` does not.
 */
#ifndef REDRESS_EXPERIMENTAL_H
#define REDRESS_EXPERIMENTAL_H

#include "redress/classify.h"
#include "redress/desk.h"
#include "redress/metrics.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------- */
/** @name Settlement and precedents
 * @{ */

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
 * expectation inside the policy's limits, and an offer in it. When the customer's
 * bottom line is above what the policy allows, the agent escalates.
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

/** @brief Version of ::redress_precedent understood by this header. */
#define REDRESS_PRECEDENT_VERSION 1u

/** @brief One precedent, filled by redress_precedents_get(); strings are borrowed
 * from the list until it is freed. */
typedef struct redress_precedent {
  unsigned version;      /**< ::REDRESS_PRECEDENT_VERSION, set by the caller. */
  const char *id;        /**< The earlier complaint's id. */
  double similarity;     /**< In [0, 1]. */
  int decision;          /**< Its ::redress_decision. */
  const char *remedy;    /**< Its remedy, or NULL. */
  int64_t compensation;  /**< Its compensation, or ::REDRESS_AMOUNT_UNKNOWN. */
} redress_precedent;

/** @brief Static initialiser: the version set, everything else 0 or NULL. */
#define REDRESS_PRECEDENT_INIT {REDRESS_PRECEDENT_VERSION, NULL, 0.0, 0, NULL, 0}

/**
 * @brief Read the i-th precedent (best first).
 * @param[out] out Receives it; its `version` says which members to fill.
 * @param precedents The list.
 * @param i 0 .. redress_precedents_count() - 1.
 * @return ::REDRESS_OK; ::REDRESS_ERR_INVALID (NULL); ::REDRESS_ERR_VERSION;
 *   ::REDRESS_ERR_NOTFOUND (out of range).
 */
REDRESS_API int redress_precedents_get(redress_precedent *out,
                                       const redress_precedents *precedents, size_t i);

/** @} */

/* ------------------------------------------------------------------------- */
/** @name Runtime cues
 * @{ */

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

/** @} */

/* ------------------------------------------------------------------------- */
/** @name Regulators' returns
 * The figures regulators ask complaint handlers for, computed from the desk's store
 * over a reporting period (every definition, and what each figure counts, in
 * docs/returns.md). A return reads each stored complaint's history only up to the
 * end of the period, so a return for a past period comes out the same whatever
 * happened since.
 * @{ */

/** @brief The returns redress_desk_return() writes. */
typedef enum redress_return_kind {
  /** The FCA complaints return figures (DISP 1 Annex 1R): complaints outstanding,
   * opened and closed, closed within 3 business days, within 8 weeks or later,
   * upheld, redress paid; in total, by product and by cause. */
  REDRESS_RETURN_FCA = 0,
  /** The ASIC IDR data report (RG 271): one record per complaint received in the
   * period or still open at its start. */
  REDRESS_RETURN_ASIC_IDR = 1
} redress_return_kind;
#define REDRESS_RETURN_KIND_COUNT 2 /**< Number of return kinds. */

/** @brief The formats of a return. */
typedef enum redress_return_format {
  REDRESS_RETURN_JSON = 0, /**< One JSON document (RFC 8259), ending in a newline. */
  REDRESS_RETURN_CSV = 1   /**< CSV (RFC 4180): a header line, then records; CRLF line ends. */
} redress_return_format;
#define REDRESS_RETURN_FORMAT_COUNT 2 /**< Number of return formats. */

/** @brief Receives the next `len` bytes of a return (not NUL-terminated, borrowed
 * during the call only). Return 0 to go on, anything else to stop. */
typedef int (*redress_write_cb)(const char *data, size_t len, void *payload);

/**
 * @brief Compute a return over the reporting period [from, to) and write it.
 *
 * Every stored complaint received before `to` is read, in ascending id order, with
 * its history cut at `to` (events at or after `to` are not seen). What counts as
 * opened, closed, closed within 3 business days (the close of the third business
 * day after the day of receipt in the calendar of the policy the complaint was
 * received under, by redress_calendar_add() with ::REDRESS_SPAN_BUSINESS_DAYS),
 * within 8 weeks, upheld and redress paid, and which ASIC fields are filled and
 * how, is in docs/returns.md. Money is written exactly, as pounds or dollars with
 * two decimals from the minor units; dates and times are UTC.
 *
 * The output is written in pieces as it is produced; on failure, what was written
 * is incomplete and should be discarded.
 * @param desk The desk whose store is read.
 * @param kind A ::redress_return_kind.
 * @param format A ::redress_return_format.
 * @param from The first instant of the period, in [::REDRESS_TIME_MIN, ::REDRESS_TIME_MAX].
 * @param to The instant after its last, later than `from` and at most ::REDRESS_TIME_MAX.
 * @param write Receives the output.
 * @param payload Passed to `write`.
 * @return ::REDRESS_OK; ::REDRESS_ERR_INVALID (NULL `desk` or `write`, an unknown
 *   kind or format, `from` or `to` out of range, `to` not after `from`: the desk's
 *   message names the culprit); ::REDRESS_ERR_USER (`write` stopped);
 *   ::REDRESS_ERR_STORE; ::REDRESS_ERR_PARSE (a corrupt stored document, named in
 *   the message); ::REDRESS_ERR_NOTFOUND (a complaint's pinned policy version is
 *   missing from the desk); ::REDRESS_ERR_RANGE (a business-day limit past
 *   ::REDRESS_TIME_MAX, or a calendar with no opening hours); ::REDRESS_ERR_NOMEM.
 * @note Follows the desk's thread rule; `write` must not call the desk.
 */
REDRESS_API int redress_desk_return(redress_desk *desk, int kind, int format, redress_time from,
                                    redress_time to, redress_write_cb write, void *payload);

/** @} */

/* ------------------------------------------------------------------------- */
/** @name Exact metric values
 * @{ */

/** @brief Bytes that hold any value of redress_metrics_exact(): 39 digits and a NUL. */
#define REDRESS_METRICS_EXACT_SIZE 40

/**
 * @brief Read a whole-number metric exactly, as decimal digits: a count, or
 * ::REDRESS_METRIC_COMPENSATION_PAID in minor units. redress_metrics_value() gives
 * a double, which holds whole numbers exactly only up to 2^53; a sum of money can
 * pass that, and even 2^63. The accumulator sums in 128 bits, so every value fits.
 * @param[out] buf Receives the digits (no sign, no leading zeros) and a NUL.
 * @param size Bytes at `buf`; ::REDRESS_METRICS_EXACT_SIZE always suffice.
 * @param metrics The accumulator.
 * @param group ::REDRESS_METRICS_TOTAL, or a group index below
 *   redress_metrics_group_count().
 * @param metric A ::redress_metric.
 * @return ::REDRESS_OK; ::REDRESS_ERR_INVALID (NULL, unknown metric, or a metric that
 *   is no whole number: a rate, a duration, an estimate of the retention model such as
 *   ::REDRESS_METRIC_REVENUE_AT_RISK); ::REDRESS_ERR_NOTFOUND (no such group);
 *   ::REDRESS_ERR_RANGE (`size` too small; `buf` is then unchanged).
 */
REDRESS_API int redress_metrics_exact(char *buf, size_t size, redress_metrics *metrics, int group,
                                      int metric);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* REDRESS_EXPERIMENTAL_H */

/**
 * @file redress/classify.h
 * @brief Classification: the customer's temperament, the complaint's legitimacy,
 * escalation risks and a playbook, each verdict with the reasons that made it.
 */
#ifndef REDRESS_CLASSIFY_H
#define REDRESS_CLASSIFY_H

#include "redress/complaint.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------- */
/** @name Classification
 * How to handle a complaint: does the customer want results
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
 * lawyers, churn intent, abuse and extortion, demands for a manager, reported or
 * ruled-out intent, money amounts and demands out of proportion; plus runs of `!` and `?`, capitals,
 * elongated words and Korean ㅠㅠ/ㅡㅡ runs. Matching folds ASCII case and
 * full-width forms, recomposes decomposed Hangul and matches Korean stems in their
 * inflected forms. Structured signals: claimed amount against order value and the
 * policy's maximum compensation, the customer's complaints and compensation in the
 * last 365 days (a ratio with a minimum count), a recorded staff error, the
 * channel, repeated complaints on the same category. On a text of 40 n-grams or
 * more (about twenty words or characters) a statistical model compiled into the
 * library (hashed word and character n-grams and the cue sums, trained on a labelled
 * corpus) decides temperament, legitimacy and the register and weighs in on the risks;
 * shorter texts are judged by their cues alone. docs/classification.md lists every
 * signal, the model and their weights.
 * @{ */

/** @brief What the customer wants. */
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
  REDRESS_RISK_REPEAT = 0x40,    /**< Complains again about the same issue. */
  REDRESS_RISK_MANAGER = 0x80    /**< Demands a manager, supervisor or someone in charge
                                      (since 1.1; the playbook then says ESCALATE). */
} redress_risk;
#define REDRESS_RISK_COUNT 8 /**< Number of risk flags (bits 0..7; 7 before 1.1). */

/**
 * @brief The register the customer writes in (since 1.1). Good practice is to answer
 * at least as formally: in honorific language to a customer who writes 존댓말 or 您.
 */
typedef enum redress_formality {
  REDRESS_FORMALITY_UNKNOWN = 0,  /**< No text to judge. */
  REDRESS_FORMALITY_FORMAL = 1,   /**< Polite or honorific forms: a letter, 존댓말, 您/请. */
  REDRESS_FORMALITY_INFORMAL = 2  /**< Casual forms: chat-speak, 반말, 你 without courtesy. */
} redress_formality;
#define REDRESS_FORMALITY_COUNT 3 /**< Number of formality values. */

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

/** @brief Version of ::redress_classifier_options understood by this header. */
#define REDRESS_CLASSIFIER_OPTIONS_VERSION 1u

/**
 * @brief Thresholds of a desk's classifier (docs/classification.md explains how to
 * tune them). Scores are in [0, 1]: on a text the model reads, its probabilities; on a
 * shorter one S / (S + 2) for the sum S of the weights of its signals, so one strong
 * cue (weight 2) gives 0.5.
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

/** @brief Version of ::redress_verdict_summary understood by this header: 2 since 1.1
 * (adds `formality`); version 1 is still accepted and fills the members before it. */
#define REDRESS_VERDICT_SUMMARY_VERSION 2u

/**
 * @brief What a verdict concludes, filled by redress_verdict_get(). Set `version`
 * (::REDRESS_VERDICT_SUMMARY_INIT) before the call.
 */
typedef struct redress_verdict_summary {
  unsigned version;     /**< ::REDRESS_VERDICT_SUMMARY_VERSION, set by the caller. */
  int temperament;      /**< ::redress_temperament */
  double rational;      /**< How strongly the customer wants results, in [0, 1] (the model's
                             probability on a text it reads, else the cue score). */
  double emotional;     /**< How strongly the customer wants to be heard, in [0, 1] (likewise). */
  int legitimacy;       /**< ::redress_legitimacy */
  double confidence;    /**< Confidence in the legitimacy label, in [0, 1] (0 for UNKNOWN). */
  uint32_t risks;       /**< ::redress_risk bits. */
  uint32_t playbook;    /**< ::redress_playbook bits. */
  int severity;         /**< The suggested ::redress_severity. */
  int64_t offer;        /**< A suggested offer inside the zone between the customer's bottom
                             line and expectation and the policy's limits (docs/classification.md),
                             or ::REDRESS_AMOUNT_UNKNOWN when there is none. */
  size_t reason_count;  /**< Number of reasons, read with redress_verdict_reason(). */
  int formality;        /**< ::redress_formality of the text (version 2). */
} redress_verdict_summary;

/** @brief Static initialiser: the version set, everything else 0. */
#define REDRESS_VERDICT_SUMMARY_INIT \
  {REDRESS_VERDICT_SUMMARY_VERSION, 0, 0.0, 0.0, 0, 0.0, 0u, 0u, 0, 0, 0, 0}

/**
 * @brief Read what a verdict concludes.
 * @param[out] out Receives the summary; its `version` says which members to fill.
 * @param verdict The verdict.
 * @return ::REDRESS_OK; ::REDRESS_ERR_INVALID (NULL); ::REDRESS_ERR_VERSION.
 */
REDRESS_API int redress_verdict_get(redress_verdict_summary *out, const redress_verdict *verdict);

/** @brief Version of ::redress_reason understood by this header. */
#define REDRESS_REASON_VERSION 1u

/**
 * @brief One signal that counted, filled by redress_verdict_reason(). Reasons come
 * in a fixed order: text signals by offset, then structured signals. Strings are
 * borrowed from the verdict until it is freed.
 */
typedef struct redress_reason {
  unsigned version;   /**< ::REDRESS_REASON_VERSION, set by the caller. */
  const char *rule;   /**< The rule or cue id: "cue.anger", "text.caps", "fact.amount",
                           "host.churn" (a runtime cue), "field.claim_ratio". */
  double weight;      /**< What it added to its score or evidence (0 for a negator or a
                           negated cue, listed because they changed the verdict). */
  int has_span;       /**< 1: a text reason, `offset` and `length` locate it; 0: structured. */
  size_t offset;      /**< Byte offset of the matched text in the complaint text. */
  size_t length;      /**< Its length in bytes. */
  const char *field;  /**< The structured field read ("claimed_amount", "channel",
                           "legitimacy", "history"...); NULL for a text reason. */
  const char *value;  /**< The matched text, or the field's value and what it was
                           compared with. */
} redress_reason;

/** @brief Static initialiser: the version set, everything else 0 or NULL. */
#define REDRESS_REASON_INIT {REDRESS_REASON_VERSION, NULL, 0.0, 0, 0, 0, NULL, NULL}

/**
 * @brief Read the i-th reason of a verdict.
 * @param[out] out Receives the reason; its `version` says which members to fill.
 * @param verdict The verdict.
 * @param i 0 .. `reason_count` - 1 (from redress_verdict_get()).
 * @return ::REDRESS_OK; ::REDRESS_ERR_INVALID (NULL); ::REDRESS_ERR_VERSION;
 *   ::REDRESS_ERR_NOTFOUND (`i` out of range).
 */
REDRESS_API int redress_verdict_reason(redress_reason *out, const redress_verdict *verdict,
                                       size_t i);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* REDRESS_CLASSIFY_H */

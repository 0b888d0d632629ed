/**
 * @file redress/complaint.h
 * @brief Complaint objects: their fields, custom attributes and canonical JSON.
 *
 * A complaint is created from a ::redress_complaint_fields struct, changed only by
 * the lifecycle verbs (redress/lifecycle.h), read through redress_complaint_number()
 * and redress_complaint_string(), and stored through its desk (redress/desk.h).
 */
#ifndef REDRESS_COMPLAINT_H
#define REDRESS_COMPLAINT_H

#include "redress/common.h"

#ifdef __cplusplus
extern "C" {
#endif

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

/** @brief Lifecycle state (the verbs that move it: redress/lifecycle.h). */
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

/** @brief Whether the complaint is reasonable: judged on its merit, apart from the
 * customer's behaviour (docs/classification.md). */
typedef enum redress_legitimacy {
  REDRESS_LEGITIMACY_UNKNOWN = 0,
  REDRESS_LEGITIMACY_REASONABLE = 1,
  REDRESS_LEGITIMACY_MISINFORMED = 2, /**< Staff misinformed the customer: the company's fault. */
  REDRESS_LEGITIMACY_UNREALISTIC = 3, /**< Demand beyond value or policy. */
  REDRESS_LEGITIMACY_MALICIOUS = 4    /**< Abuse, extortion, serial claims. */
} redress_legitimacy;
#define REDRESS_LEGITIMACY_COUNT 5 /**< Number of legitimacy labels. */

/** @brief Kinds of history events; one per verb. */
typedef enum redress_event_kind {
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
  REDRESS_EVENT_SET_SEVERITY = 18,
  REDRESS_EVENT_CUSTOMER_MESSAGE = 19, /**< The customer wrote or spoke, in any open state. */
  REDRESS_EVENT_MOVE_CHANNEL = 20,     /**< The conversation moved to another channel. */
  REDRESS_EVENT_ASSIGN = 21,           /**< The owner and team handling the complaint. */
  REDRESS_EVENT_MIGRATE_POLICY = 22,   /**< Open deadlines moved to the desk's current policy version. */
  REDRESS_EVENT_AWAIT_THIRD_PARTY = 23, /**< The desk waits for a third party (courier, payment provider, underwriter); `to` names it. */
  REDRESS_EVENT_THIRD_PARTY_REPLY = 24  /**< The third party answered: the wait ends. */
} redress_event_kind;
#define REDRESS_EVENT_KIND_COUNT 25 /**< Number of event kinds. */

/** @} */

/* ------------------------------------------------------------------------- */
/** @name Complaint
 * @{ */

/** @brief Version of ::redress_complaint_fields understood by this header. */
#define REDRESS_COMPLAINT_FIELDS_VERSION 2u

/**
 * @brief What a complaint is created from. Strings are copied. Ids (`id`,
 * `customer_id`) and names (`customer_tier`, `category`, `product`, `cause`) are
 * UTF-8 without control
 * characters; an optional string that is NULL or "" is absent.
 */
typedef struct redress_complaint_fields {
  unsigned version;             /**< ::REDRESS_COMPLAINT_FIELDS_VERSION */
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
  /* version 2 (1.1) */
  const char *product;          /**< Optional, e.g. "mortgages": the product or service complained about, as a regulator's return groups it (docs/returns.md). Since version 2. */
  const char *cause;            /**< Optional, e.g. "arrears": the main cause of the complaint, as a return groups it. Since version 2. */
} redress_complaint_fields;

/** @brief Static initialiser: normal severity, phone, amounts unknown. */
#define REDRESS_COMPLAINT_FIELDS_INIT                                               \
  {REDRESS_COMPLAINT_FIELDS_VERSION, NULL, NULL, NULL, REDRESS_AMOUNT_UNKNOWN,      \
   REDRESS_CHANNEL_PHONE, NULL, REDRESS_SEVERITY_NORMAL, NULL, 0,                  \
   REDRESS_AMOUNT_UNKNOWN, REDRESS_AMOUNT_UNKNOWN, NULL, REDRESS_AMOUNT_UNKNOWN,    \
   REDRESS_AMOUNT_UNKNOWN, 0, 0, NULL, NULL}

/**
 * @brief Same as ::REDRESS_COMPLAINT_FIELDS_INIT, for languages without C macros.
 * @return A fields struct with the same defaults.
 */
REDRESS_API redress_complaint_fields redress_complaint_fields_init(void);

/**
 * @brief Create a complaint in state ::REDRESS_STATE_RECEIVED with one CREATE event.
 * The CREATE event happens at `received_at` and its actor is the customer id (the
 * customer raised the complaint). It is not stored until redress_desk_save().
 * Optional strings (`customer_tier`, `category`, `requested_remedy`, `product`,
 * `cause`) given as ""
 * mean the same as NULL: the complaint keeps NULL, its getters return NULL and the
 * canonical JSON leaves the member out. `text` is the other way round: NULL is kept
 * as "".
 * @param[out] out Receives the complaint; free it with redress_complaint_free()
 *   before closing the desk.
 * @param desk The desk whose allocator and settings the complaint uses.
 * @param fields The fields; strings are copied. Every version from 1 is
 *   accepted: a version-1 struct (built against 1.0) has no `product` and `cause`,
 *   which are then absent.
 * @return ::REDRESS_OK; ::REDRESS_ERR_INVALID (NULL argument, missing customer id,
 *   invalid UTF-8, a control character in an id, enum or time out of range,
 *   negative amount); ::REDRESS_ERR_RANGE (a string over its `REDRESS_MAX_*`);
 *   ::REDRESS_ERR_VERSION; ::REDRESS_ERR_NOMEM.
 */
REDRESS_API int redress_complaint_create(redress_complaint **out, redress_desk *desk,
                                         const redress_complaint_fields *fields);

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

/**
 * @brief The fields of a complaint and of its history's events, read with
 * redress_complaint_number() / redress_complaint_string() and
 * redress_event_number() / redress_event_string(). Each is a number or a text;
 * the comment says which, and which objects carry it. Values are explicit and never
 * renumbered; redress_enum_name(::REDRESS_ENUM_FIELD, f) gives its JSON name.
 */
typedef enum redress_field {
  REDRESS_FIELD_DECISION = 0,     /**< number: ::redress_decision of the complaint; events respond, resolve_on_the_spot */
  REDRESS_FIELD_COMPENSATION = 1, /**< number: money or ::REDRESS_AMOUNT_UNKNOWN; complaint; events respond, resolve_on_the_spot */
  REDRESS_FIELD_SATISFACTION = 2, /**< number: 1..5, 0 if not confirmed; complaint; event confirm */
  REDRESS_FIELD_LEGITIMACY = 3,   /**< number: the agent's ::redress_legitimacy; complaint; event assess */
  REDRESS_FIELD_SEVERITY = 4,     /**< number: ::redress_severity; complaint; event set_severity (the new one) */
  REDRESS_FIELD_VISIBLE = 5,      /**< number, on every event: 1 if the customer saw it (a customer-visible kind, or a note given customer_visible = 1), else 0; never NOTFOUND */
  REDRESS_FIELD_DUE = 6,          /**< number: the promised time; event promise */
  REDRESS_FIELD_POINT = 7,        /**< text: the complaint point; complaint; event investigate */
  REDRESS_FIELD_DEMAND = 8,       /**< text: the customer's demand; complaint; event investigate */
  REDRESS_FIELD_REMEDY = 9,       /**< text: the remedy decided; complaint; events respond, resolve_on_the_spot */
  REDRESS_FIELD_TO = 10,          /**< text: whom it was escalated to; event escalate; the third party awaited, event await_third_party */
  REDRESS_FIELD_SEQ = 11,         /**< number: sequence number, from 1; every event */
  REDRESS_FIELD_KIND = 12,        /**< number: ::redress_event_kind; every event */
  REDRESS_FIELD_AT = 13,          /**< number: when it happened; every event */
  REDRESS_FIELD_ACTOR = 14,       /**< text: who did it, the verb's `actor`; for the CREATE event the customer id; every event */
  REDRESS_FIELD_NOTE = 15,        /**< text: the note; events that have one (a note given as "" is none) */
  REDRESS_FIELD_ID = 16,          /**< text: complaint */
  REDRESS_FIELD_CUSTOMER_ID = 17, /**< text: complaint */
  REDRESS_FIELD_CUSTOMER_TIER = 18, /**< text: complaint, when given */
  REDRESS_FIELD_CATEGORY = 19,    /**< text: complaint, when given */
  REDRESS_FIELD_TEXT = 20,        /**< text: what the customer said ("" when none); complaint */
  REDRESS_FIELD_REQUESTED_REMEDY = 21, /**< text: complaint, when given */
  REDRESS_FIELD_CHANNEL = 22,     /**< number: ::redress_channel; complaint: where it came in (the original channel, kept by moves); event move_channel: the channel moved to */
  REDRESS_FIELD_STATE = 23,       /**< number: ::redress_state; complaint */
  REDRESS_FIELD_REOPEN_COUNT = 24, /**< number: times reopened; complaint */
  REDRESS_FIELD_ESCALATION_COUNT = 25, /**< number: times escalated; complaint */
  REDRESS_FIELD_ON_THE_SPOT = 26, /**< number: 1 if resolved on the spot (first contact), else 0; complaint */
  REDRESS_FIELD_CUSTOMER_VALUE = 27, /**< number: money or unknown; complaint */
  REDRESS_FIELD_ORDER_VALUE = 28, /**< number: money or unknown; complaint */
  REDRESS_FIELD_CLAIMED_AMOUNT = 29, /**< number: money or unknown; complaint */
  REDRESS_FIELD_EXPECTATION = 30, /**< number: money or unknown; complaint */
  REDRESS_FIELD_BOTTOM_LINE = 31, /**< number: money or unknown; complaint */
  REDRESS_FIELD_PRIOR_COMPENSATION = 32, /**< number: money paid to the customer in the previous 365 days; complaint */
  REDRESS_FIELD_PRIOR_COMPLAINTS = 33,   /**< number: the customer's complaints in the previous 365 days; complaint */
  REDRESS_FIELD_RECEIVED_AT = 34, /**< number: when it was received; complaint */
  REDRESS_FIELD_UPDATED_AT = 35,  /**< number: time of the last event; complaint */
  REDRESS_FIELD_REVISION = 36,    /**< number: the stored revision this copy was loaded or saved at (0: never saved); complaint */
  REDRESS_FIELD_OWNER = 37,       /**< text: who handles it, a name; complaint, when assigned; event assign, when given */
  REDRESS_FIELD_TEAM = 38,        /**< text: the team that handles it, a name; complaint, when assigned; event assign, when given */
  REDRESS_FIELD_CURRENT_CHANNEL = 39, /**< number: ::redress_channel the conversation is on now (the last move_channel's, else ::REDRESS_FIELD_CHANNEL); complaint */
  REDRESS_FIELD_PRODUCT = 40,     /**< text: the product or service complained about; complaint, when given at creation */
  REDRESS_FIELD_CAUSE = 41        /**< text: the main cause of the complaint; complaint, when given at creation */
} redress_field;
#define REDRESS_FIELD_COUNT 42 /**< Number of fields. */

/**
 * @brief A number field of a complaint.
 * @param[out] out Receives the value.
 * @param complaint The complaint.
 * @param field A number ::redress_field a complaint carries.
 * @return ::REDRESS_OK; ::REDRESS_ERR_INVALID (NULL, a text field, an unknown
 *   field); ::REDRESS_ERR_NOTFOUND (a field only events carry).
 */
REDRESS_API int redress_complaint_number(int64_t *out, const redress_complaint *complaint,
                                         int field);

/**
 * @brief A text field of a complaint.
 * @param complaint The complaint.
 * @param field A text ::redress_field a complaint carries.
 * @return Borrowed text; NULL if the complaint does not have it (an optional text
 *   not given, a complaint point before investigate), for a number or unknown
 *   field, or for a NULL complaint.
 */
REDRESS_API const char *redress_complaint_string(const redress_complaint *complaint, int field);

/** @brief The complaint's id (the same as redress_complaint_string() of
 * ::REDRESS_FIELD_ID). Borrowed; NULL for a NULL complaint. */
REDRESS_API const char *redress_complaint_id(const redress_complaint *complaint);

/** @brief The complaint's ::redress_state (the same as ::REDRESS_FIELD_STATE);
 * -1 for a NULL complaint. */
REDRESS_API int redress_complaint_state(const redress_complaint *complaint);

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
 * @param[out] key Receives the borrowed key (may be NULL if not wanted).
 * @param[out] value Receives the borrowed value (may be NULL if not wanted).
 * @param complaint The complaint.
 * @param index 0 .. redress_complaint_attr_count() - 1.
 * @return ::REDRESS_OK; ::REDRESS_ERR_INVALID (NULL complaint);
 *   ::REDRESS_ERR_NOTFOUND (index out of range).
 */
REDRESS_API int redress_complaint_attr_at(const char **key, const char **value,
                                          const redress_complaint *complaint, size_t index);

/** @} */

/* ------------------------------------------------------------------------- */
/** @name JSON
 * @{ */

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
 *   (malformed, too deep, a number out of range, wrong type or value, a history
 *   the verbs cannot produce); ::REDRESS_ERR_RANGE (too large); ::REDRESS_ERR_NOMEM.
 */
REDRESS_API int redress_complaint_from_json(redress_complaint **out, redress_desk *desk,
                                            const char *json, size_t len);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* REDRESS_COMPLAINT_H */

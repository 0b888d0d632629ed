/**
 * @file redress/lifecycle.h
 * @brief The lifecycle verbs that move a complaint, and its append-only history.
 *
 * A verb validates its arguments and the transition, appends one event and updates
 * the complaint; on any failure nothing changes. Complaint verbs take no desk but
 * report through the complaint's desk: they set (on failure) and clear (on success)
 * the message redress_desk_errmsg() of the desk the complaint was created or loaded
 * with, so they follow that desk's thread rule.
 */
#ifndef REDRESS_LIFECYCLE_H
#define REDRESS_LIFECYCLE_H

#include "redress/complaint.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------- */
/** @name Lifecycle verbs
 * Every verb takes the time it happened (`at`, not earlier than the last event:
 * else ::REDRESS_ERR_INVALID), the actor (who did it, 1..::REDRESS_MAX_NAME_BYTES
 * bytes, required, no control character: see ::REDRESS_MAX_ID_BYTES) and an optional note (NULL or up to ::REDRESS_MAX_NOTE_BYTES;
 * "" means the same as NULL and is kept as NULL). Optional texts of a verb
 * (demand, remedy, escalation target) follow the same rule.
 * It checks the transition against the lifecycle table, appends one event and
 * updates the state. When the verb is not allowed in the current state it returns
 * ::REDRESS_ERR_STATE. On any failure nothing is changed. All verbs also return
 * ::REDRESS_ERR_RANGE when the history holds ::REDRESS_MAX_EVENTS events, and
 * ::REDRESS_ERR_NOMEM.
 *
 * Precedence (redress/common.h, Conventions): every argument is checked before the
 * state. A verb with a bad argument, or with an `at` earlier than the last event,
 * returns ::REDRESS_ERR_INVALID (::REDRESS_ERR_RANGE for a text over its size) even
 * when the state would refuse it too; ::REDRESS_ERR_STATE comes only with good
 * arguments; a full history is reported only for a verb the state allows.
 *
 * | verb | allowed from | to |
 * |---|---|---|
 * | acknowledge | RECEIVED | ACKNOWLEDGED |
 * | investigate | ACKNOWLEDGED | INVESTIGATING |
 * | await_customer | INVESTIGATING | AWAITING_CUSTOMER |
 * | customer_reply | AWAITING_CUSTOMER | INVESTIGATING |
 * | respond | INVESTIGATING | RESPONDED |
 * | fulfill | RESPONDED | RESOLVED |
 * | resolve_on_the_spot | RECEIVED; ACKNOWLEDGED within the same contact (below) | RESOLVED |
 * | confirm | RESOLVED | CLOSED |
 * | close | RESPONDED, RESOLVED | CLOSED |
 * | withdraw | RECEIVED .. RESPONDED | WITHDRAWN |
 * | reopen | RESPONDED, RESOLVED, CLOSED | INVESTIGATING |
 * | note | any | (kept) |
 * | update, promise | ACKNOWLEDGED .. RESPONDED | (kept) |
 * | hold | ACKNOWLEDGED .. AWAITING_CUSTOMER | (kept) |
 * | assess, escalate | RECEIVED .. RESPONDED | (kept) |
 * | set_severity, migrate_policy | RECEIVED .. RESOLVED | (kept) |
 * | await_third_party | ACKNOWLEDGED .. AWAITING_CUSTOMER, none awaited | (kept) |
 * | third_party_reply | RECEIVED .. RESPONDED, one awaited | (kept) |
 * | customer_message, move_channel | RECEIVED .. RESPONDED | (kept) |
 * | assign | any | (kept) |
 *
 * **The same contact.** resolve_on_the_spot is first-contact resolution: from
 * RECEIVED, or from ACKNOWLEDGED when the resolution comes in the contact the
 * acknowledgement was given in (the agent greets the caller, then solves it in the
 * same call). That contact has ended, and the verb returns ::REDRESS_ERR_STATE,
 * once the customer was told to wait or written to again (hold, promise, update),
 * came back (customer_message), or the conversation moved (move_channel) since the
 * acknowledgement, or when the resolution comes more than
 * ::REDRESS_SAME_CONTACT_SECONDS after it. Notes (visible or not), assess,
 * escalate, set_severity, migrate_policy and assign keep the contact: they happen
 * within a call.
 * The rule is fixed rather than configured so that a stored history replays the
 * same on every desk (docs/guide.md).
 * @{ */

/** @brief Longest time from an acknowledgement to a resolution on the spot that
 * still counts as the same contact (one hour; the bound is included). */
#define REDRESS_SAME_CONTACT_SECONDS 3600

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

/** @brief The customer answered what the desk asked (from AWAITING_CUSTOMER only);
 * investigation goes on. Like redress_complaint_customer_message(), it starts a
 * NEXT_REPLY deadline where the policy sets one (redress/deadlines.h). */
REDRESS_API int redress_complaint_customer_reply(redress_complaint *complaint, redress_time at,
                                                 const char *actor, const char *note);

/**
 * @brief The customer wrote or spoke ("hello??", a complaint about the wait, new
 * facts), in any open state (RECEIVED .. RESPONDED); the state is kept. The company
 * now owes a reply: the message starts a NEXT_REPLY deadline where the policy sets
 * `next_reply`, unless one is already running (several unanswered messages keep the
 * first one's start). While AWAITING_CUSTOMER, a message that answers the question
 * is recorded with redress_complaint_customer_reply() instead, which also ends the
 * wait. A customer message is not contact from the company: it meets no deadline.
 * @param complaint The complaint.
 * @param at When the message came.
 * @param actor Who spoke (the customer id, or a name).
 * @param note The message, or a summary of it (optional).
 * @return As every verb: ::REDRESS_ERR_STATE in RESOLVED, CLOSED and WITHDRAWN (a
 *   customer who writes after the resolution is heard through reopen).
 */
REDRESS_API int redress_complaint_customer_message(redress_complaint *complaint,
                                                   redress_time at, const char *actor,
                                                   const char *note);

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
 * @brief First-contact resolution: decided and delivered at once, from RECEIVED, or
 * from ACKNOWLEDGED within the same contact (see the table above). The complaint
 * keeps the first-contact credit (::REDRESS_FIELD_ON_THE_SPOT, the retention
 * model's on-the-spot class). Parameters as redress_complaint_respond(); after an
 * acknowledgement whose contact has ended: ::REDRESS_ERR_STATE.
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

/** @brief The customer withdrew the complaint. The decision, remedy and compensation
 * of an earlier response are kept (they were made and told to the customer); the
 * metrics count such a complaint under its decision and as withdrawn and unresolved,
 * with nothing paid (docs/metrics.md). */
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

/**
 * @brief The desk waits for a third party (a courier, a payment provider, an
 * underwriter). The state does not change; the clocks the policy's
 * `pause_stops[REDRESS_PAUSE_AWAITING_THIRD_PARTY]` names stop until
 * redress_complaint_third_party_reply() (docs/deadlines.md, "Pause reasons"). Not
 * customer-visible. One third party is awaited at a time.
 * @param complaint The complaint.
 * @param at When it happened.
 * @param actor Who did it.
 * @param note Optional note, or NULL.
 * @param party Who is awaited (optional, up to ::REDRESS_MAX_NAME_BYTES), kept as the
 *   event's ::REDRESS_FIELD_TO.
 * @return ::REDRESS_OK; ::REDRESS_ERR_INVALID; ::REDRESS_ERR_STATE (outside
 *   ACKNOWLEDGED .. AWAITING_CUSTOMER, or a third party is already awaited);
 *   ::REDRESS_ERR_RANGE; ::REDRESS_ERR_NOMEM.
 */
REDRESS_API int redress_complaint_await_third_party(redress_complaint *complaint,
                                                   redress_time at, const char *actor,
                                                   const char *note, const char *party);

/**
 * @brief Move the complaint's deadlines to the policy the desk would choose for it now
 * (the newest version of each policy): recorded in the history with the policy version
 * it chose (docs/deadlines.md, "Policy versions"). Deadlines still running keep their
 * start and run to the new targets from here, as after set_severity; deadlines met or
 * breached stay as they were. Without it a complaint keeps the policy version its
 * create (or its last set_severity) chose, whatever the desk's policies become.
 * @param complaint The complaint.
 * @param at When it happened.
 * @param actor Who did it.
 * @param note Optional note, or NULL.
 * @return ::REDRESS_OK; ::REDRESS_ERR_INVALID; ::REDRESS_ERR_STATE (closed or
 *   withdrawn); ::REDRESS_ERR_RANGE (full history); ::REDRESS_ERR_NOMEM.
 */
REDRESS_API int redress_complaint_migrate_policy(redress_complaint *complaint, redress_time at,
                                                 const char *actor, const char *note);

/**
 * @brief The third party answered: the wait that redress_complaint_await_third_party()
 * began ends, and the clocks it stopped run again, shifted by the business time lost.
 * @param complaint The complaint.
 * @param at When it happened.
 * @param actor Who recorded it.
 * @param note Optional note, or NULL.
 * @return ::REDRESS_OK; ::REDRESS_ERR_INVALID; ::REDRESS_ERR_STATE (no third party is
 *   awaited, or the complaint is no longer open); ::REDRESS_ERR_RANGE; ::REDRESS_ERR_NOMEM.
 */
REDRESS_API int redress_complaint_third_party_reply(redress_complaint *complaint,
                                                    redress_time at, const char *actor,
                                                    const char *note);

/**
 * @brief The conversation moved to another channel (a social-media complainant called
 * back on the phone, as the playbook's move_to_phone advises). The complaint keeps
 * the channel it came in on (::REDRESS_FIELD_CHANNEL: policies, the metrics'
 * channel groups and the classifier read it) and reads the one it is on now as
 * ::REDRESS_FIELD_CURRENT_CHANNEL. The move is a record, not contact: the call on
 * the new channel is recorded by its own verb (update, respond...).
 * @param complaint The complaint.
 * @param at When it moved.
 * @param actor Who moved it.
 * @param note Optional note, or NULL.
 * @param channel The ::redress_channel it moved to; the current one is
 *   ::REDRESS_ERR_INVALID.
 */
REDRESS_API int redress_complaint_move_channel(redress_complaint *complaint, redress_time at,
                                               const char *actor, const char *note,
                                               int channel);

/**
 * @brief Who handles the complaint: its owner and its team, in any state. The event
 * records the whole assignment: each of `owner` and `team` is the new value, and
 * NULL (or "") means none, so pass the current team (redress_complaint_string() of
 * ::REDRESS_FIELD_TEAM) to change only the owner. The complaint reads them as
 * ::REDRESS_FIELD_OWNER and ::REDRESS_FIELD_TEAM; they are columns of the store's
 * record (redress/sys/store.h) and groupings of the metrics. An assignment that
 * changes the team chooses the policy again, as redress_complaint_set_severity() does
 * (a policy may match on team: `redress_policy.team`); the deadlines still running keep
 * their start, and one already breached stays breached (docs/deadlines.md, "Matching
 * on team"). One that keeps the team chooses nothing.
 * @param complaint The complaint.
 * @param at When it was assigned.
 * @param actor Who assigned it.
 * @param note Optional note, or NULL.
 * @param owner The owner, a name (1..::REDRESS_MAX_NAME_BYTES bytes, no control
 *   character), or NULL for none.
 * @param team The team, a name like `owner`, or NULL for none.
 * @return As every verb; ::REDRESS_ERR_INVALID also when the complaint is assigned
 *   exactly so already (the same owner and team).
 */
REDRESS_API int redress_complaint_assign(redress_complaint *complaint, redress_time at,
                                         const char *actor, const char *note,
                                         const char *owner, const char *team);

/** @} */

/* ------------------------------------------------------------------------- */
/** @name History
 * Events are borrowed from their complaint and stay valid until it is freed
 * (events are never rewritten).
 * @{ */

/** @brief Number of events (at least 1 for a valid complaint); 0 for NULL. */
REDRESS_API size_t redress_complaint_event_count(const redress_complaint *complaint);

/**
 * @brief The event at `index` (0 is the CREATE event).
 * @return Borrowed event, or NULL if `complaint` is NULL or `index` out of range.
 */
REDRESS_API const redress_event *redress_complaint_event(const redress_complaint *complaint,
                                                         size_t index);

/**
 * @brief A number field of an event: ::REDRESS_FIELD_SEQ, ::REDRESS_FIELD_KIND,
 * ::REDRESS_FIELD_AT and ::REDRESS_FIELD_VISIBLE for every event, and the fields
 * its kind carries (see ::redress_field).
 * @param[out] out Receives the value.
 * @param event The event.
 * @param field A number ::redress_field.
 * @return ::REDRESS_OK; ::REDRESS_ERR_INVALID (NULL, a text field, an unknown
 *   field); ::REDRESS_ERR_NOTFOUND (this event does not carry it: a field of another
 *   kind, or an optional one not given, such as a respond's unknown compensation).
 *   ::REDRESS_FIELD_VISIBLE is carried by every event, because "not seen by the
 *   customer" is a known answer, not a missing one: it gives ::REDRESS_OK with 0 for
 *   an event the customer never sees (create, investigate, assess, ...), so a host
 *   counts contacts without special cases.
 */
REDRESS_API int redress_event_number(int64_t *out, const redress_event *event, int field);

/**
 * @brief A text field of an event: ::REDRESS_FIELD_ACTOR for every event,
 * ::REDRESS_FIELD_NOTE when it has one, and the texts its kind carries.
 * @param event The event.
 * @param field A text ::redress_field.
 * @return Borrowed text, or NULL if absent (an optional text given as "" is absent),
 *   not a text field, or NULL event. The complaint point of investigate is required
 *   and kept as given, "" included (stored documents may hold an empty point).
 */
REDRESS_API const char *redress_event_string(const redress_event *event, int field);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* REDRESS_LIFECYCLE_H */

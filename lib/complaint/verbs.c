/* The lifecycle verbs: each builds one event and hands it to the history. */
#include "complaint/complaint.h"

#include <limits.h>

static int start(redress_event **ev, redress_complaint *c, int kind, redress_time at,
                 const char *actor, const char *note) {
  if (c == NULL) return REDRESS_ERR_INVALID;
  rd_ok(c->desk);
  return rd_event_new(ev, c->desk, kind, at, actor, note);
}

static int simple(redress_complaint *c, int kind, redress_time at, const char *actor,
                  const char *note) {
  redress_event *ev = NULL;
  int rc = start(&ev, c, kind, at, actor, note);
  return rc == REDRESS_OK ? rd_complaint_append(c, ev) : rc;
}

/* Adds a text slot to a new event; on failure the event is freed. */
static int with_text(redress_complaint *c, redress_event *ev, int slot, const char *text,
                     size_t max) {
  int rc = rd_event_set_text(ev, c->desk, slot, text, max);
  if (rc != REDRESS_OK) rd_event_free(rd_desk_alloc(c->desk), ev);
  return rc;
}

int redress_complaint_acknowledge(redress_complaint *c, redress_time at, const char *actor,
                                  const char *note) {
  return simple(c, REDRESS_EVENT_ACKNOWLEDGE, at, actor, note);
}

int redress_complaint_investigate(redress_complaint *c, redress_time at, const char *actor,
                                  const char *note, const char *point, const char *demand) {
  redress_event *ev = NULL;
  int rc = start(&ev, c, REDRESS_EVENT_INVESTIGATE, at, actor, note);
  if (rc == REDRESS_OK)
    rc = with_text(c, ev, REDRESS_FIELD_POINT, point, REDRESS_MAX_NOTE_BYTES);
  if (rc == REDRESS_OK)
    rc = with_text(c, ev, REDRESS_FIELD_DEMAND, demand, REDRESS_MAX_NOTE_BYTES);
  return rc == REDRESS_OK ? rd_complaint_append(c, ev) : rc;
}

int redress_complaint_await_customer(redress_complaint *c, redress_time at, const char *actor,
                                     const char *note) {
  return simple(c, REDRESS_EVENT_AWAIT_CUSTOMER, at, actor, note);
}

int redress_complaint_customer_reply(redress_complaint *c, redress_time at, const char *actor,
                                     const char *note) {
  return simple(c, REDRESS_EVENT_CUSTOMER_REPLY, at, actor, note);
}

int redress_complaint_customer_message(redress_complaint *c, redress_time at, const char *actor,
                                       const char *note) {
  return simple(c, REDRESS_EVENT_CUSTOMER_MESSAGE, at, actor, note);
}

static int decide(redress_complaint *c, int kind, redress_time at, const char *actor,
                  const char *note, int decision, const char *remedy, int64_t compensation) {
  redress_event *ev = NULL;
  int rc = start(&ev, c, kind, at, actor, note);
  if (rc != REDRESS_OK) return rc;
  rd_event_set_number(ev, REDRESS_FIELD_DECISION, decision);
  if (compensation != REDRESS_AMOUNT_UNKNOWN)
    rd_event_set_number(ev, REDRESS_FIELD_COMPENSATION, compensation);
  rc = with_text(c, ev, REDRESS_FIELD_REMEDY, remedy, REDRESS_MAX_NOTE_BYTES);
  return rc == REDRESS_OK ? rd_complaint_append(c, ev) : rc;
}

int redress_complaint_respond(redress_complaint *c, redress_time at, const char *actor,
                              const char *note, int decision, const char *remedy,
                              int64_t compensation) {
  return decide(c, REDRESS_EVENT_RESPOND, at, actor, note, decision, remedy, compensation);
}

int redress_complaint_fulfill(redress_complaint *c, redress_time at, const char *actor,
                              const char *note) {
  return simple(c, REDRESS_EVENT_FULFILL, at, actor, note);
}

int redress_complaint_resolve_on_the_spot(redress_complaint *c, redress_time at,
                                          const char *actor, const char *note, int decision,
                                          const char *remedy, int64_t compensation) {
  return decide(c, REDRESS_EVENT_RESOLVE_ON_THE_SPOT, at, actor, note, decision, remedy,
                compensation);
}

static int with_number(redress_complaint *c, int kind, redress_time at, const char *actor,
                       const char *note, int slot, int64_t value) {
  redress_event *ev = NULL;
  int rc = start(&ev, c, kind, at, actor, note);
  if (rc != REDRESS_OK) return rc;
  rd_event_set_number(ev, slot, value);
  return rd_complaint_append(c, ev);
}

int redress_complaint_confirm(redress_complaint *c, redress_time at, const char *actor,
                              const char *note, int satisfaction) {
  return with_number(c, REDRESS_EVENT_CONFIRM, at, actor, note, REDRESS_FIELD_SATISFACTION,
                     satisfaction);
}

int redress_complaint_close(redress_complaint *c, redress_time at, const char *actor,
                            const char *note) {
  return simple(c, REDRESS_EVENT_CLOSE, at, actor, note);
}

int redress_complaint_withdraw(redress_complaint *c, redress_time at, const char *actor,
                               const char *note) {
  return simple(c, REDRESS_EVENT_WITHDRAW, at, actor, note);
}

int redress_complaint_reopen(redress_complaint *c, redress_time at, const char *actor,
                             const char *note) {
  return simple(c, REDRESS_EVENT_REOPEN, at, actor, note);
}

int redress_complaint_note(redress_complaint *c, redress_time at, const char *actor,
                           const char *note, int customer_visible) {
  if (c != NULL && customer_visible != 0 && customer_visible != 1)
    return rd_fail(c->desk, REDRESS_ERR_INVALID, "note: customer_visible must be 0 or 1");
  redress_event *ev = NULL;
  int rc = start(&ev, c, REDRESS_EVENT_NOTE, at, actor, note);
  if (rc != REDRESS_OK) return rc;
  ev->visible = customer_visible;
  return rd_complaint_append(c, ev);
}

int redress_complaint_update(redress_complaint *c, redress_time at, const char *actor,
                             const char *note) {
  return simple(c, REDRESS_EVENT_UPDATE, at, actor, note);
}

int redress_complaint_promise(redress_complaint *c, redress_time at, const char *actor,
                              const char *note, redress_time due) {
  return with_number(c, REDRESS_EVENT_PROMISE, at, actor, note, REDRESS_FIELD_DUE, due);
}

int redress_complaint_hold(redress_complaint *c, redress_time at, const char *actor,
                           const char *note) {
  return simple(c, REDRESS_EVENT_HOLD, at, actor, note);
}

int redress_complaint_assess(redress_complaint *c, redress_time at, const char *actor,
                             const char *note, int legitimacy) {
  return with_number(c, REDRESS_EVENT_ASSESS, at, actor, note, REDRESS_FIELD_LEGITIMACY,
                     legitimacy);
}

int redress_complaint_escalate(redress_complaint *c, redress_time at, const char *actor,
                               const char *note, const char *to) {
  redress_event *ev = NULL;
  int rc = start(&ev, c, REDRESS_EVENT_ESCALATE, at, actor, note);
  if (rc == REDRESS_OK) rc = with_text(c, ev, REDRESS_FIELD_TO, to, REDRESS_MAX_NAME_BYTES);
  return rc == REDRESS_OK ? rd_complaint_append(c, ev) : rc;
}

int redress_complaint_set_severity(redress_complaint *c, redress_time at, const char *actor,
                                   const char *note, int severity) {
  return with_number(c, REDRESS_EVENT_SET_SEVERITY, at, actor, note, REDRESS_FIELD_SEVERITY,
                     severity);
}

int redress_complaint_move_channel(redress_complaint *c, redress_time at, const char *actor,
                                   const char *note, int channel) {
  return with_number(c, REDRESS_EVENT_MOVE_CHANNEL, at, actor, note, RD_SLOT_CHANNEL, channel);
}

int redress_complaint_assign(redress_complaint *c, redress_time at, const char *actor,
                             const char *note, const char *owner, const char *team) {
  redress_event *ev = NULL;
  int rc = start(&ev, c, REDRESS_EVENT_ASSIGN, at, actor, note);
  if (rc == REDRESS_OK) rc = with_text(c, ev, RD_SLOT_OWNER, owner, REDRESS_MAX_NAME_BYTES);
  if (rc == REDRESS_OK) rc = with_text(c, ev, RD_SLOT_TEAM, team, REDRESS_MAX_NAME_BYTES);
  return rc == REDRESS_OK ? rd_complaint_append(c, ev) : rc;
}

/* An int argument from a decoded number; out of range it becomes a value the verb
 * refuses rather than one it would take. */
static int as_int(int64_t v) {
  return v < INT_MIN ? INT_MIN : v > INT_MAX ? INT_MAX : (int)v;
}

static const char *arg_text(const rd_verb_args *a, int slot) { return a->text[rd_slot_text(slot)]; }

static int64_t arg_num(const rd_verb_args *a, int slot) { return a->num[rd_slot_num(slot)]; }

static int64_t arg_compensation(const rd_verb_args *a) {
  return (a->has & (1u << REDRESS_FIELD_COMPENSATION)) ? arg_num(a, REDRESS_FIELD_COMPENSATION)
                                                       : REDRESS_AMOUNT_UNKNOWN;
}

static int replay_decision(redress_complaint *c, const rd_verb_args *a) {
  int decision = as_int(arg_num(a, REDRESS_FIELD_DECISION));
  const char *remedy = arg_text(a, REDRESS_FIELD_REMEDY);
  if (a->kind == REDRESS_EVENT_RESPOND)
    return redress_complaint_respond(c, a->at, a->actor, a->note, decision, remedy,
                                     arg_compensation(a));
  return redress_complaint_resolve_on_the_spot(c, a->at, a->actor, a->note, decision, remedy,
                                               arg_compensation(a));
}

static int replay_with_number(redress_complaint *c, const rd_verb_args *a) {
  switch (a->kind) {
  case REDRESS_EVENT_CONFIRM:
    return redress_complaint_confirm(c, a->at, a->actor, a->note,
                                     as_int(arg_num(a, REDRESS_FIELD_SATISFACTION)));
  case REDRESS_EVENT_NOTE:
    return redress_complaint_note(c, a->at, a->actor, a->note,
                                  as_int(arg_num(a, REDRESS_FIELD_VISIBLE)));
  case REDRESS_EVENT_PROMISE:
    return redress_complaint_promise(c, a->at, a->actor, a->note, arg_num(a, REDRESS_FIELD_DUE));
  case REDRESS_EVENT_ASSESS:
    return redress_complaint_assess(c, a->at, a->actor, a->note,
                                    as_int(arg_num(a, REDRESS_FIELD_LEGITIMACY)));
  case REDRESS_EVENT_MOVE_CHANNEL:
    return redress_complaint_move_channel(c, a->at, a->actor, a->note,
                                          as_int(arg_num(a, RD_SLOT_CHANNEL)));
  default:
    return redress_complaint_set_severity(c, a->at, a->actor, a->note,
                                          as_int(arg_num(a, REDRESS_FIELD_SEVERITY)));
  }
}

int rd_verb_replay(redress_complaint *c, const rd_verb_args *a) {
  redress_time at = a->at;
  const char *who = a->actor, *note = a->note;
  switch (a->kind) {
  case REDRESS_EVENT_CREATE: return rd_complaint_begin(c);
  case REDRESS_EVENT_INVESTIGATE:
    return redress_complaint_investigate(c, at, who, note, arg_text(a, REDRESS_FIELD_POINT),
                                         arg_text(a, REDRESS_FIELD_DEMAND));
  case REDRESS_EVENT_RESPOND:
  case REDRESS_EVENT_RESOLVE_ON_THE_SPOT: return replay_decision(c, a);
  case REDRESS_EVENT_CONFIRM:
  case REDRESS_EVENT_NOTE:
  case REDRESS_EVENT_PROMISE:
  case REDRESS_EVENT_ASSESS:
  case REDRESS_EVENT_SET_SEVERITY:
  case REDRESS_EVENT_MOVE_CHANNEL: return replay_with_number(c, a);
  case REDRESS_EVENT_ESCALATE:
    return redress_complaint_escalate(c, at, who, note, arg_text(a, REDRESS_FIELD_TO));
  case REDRESS_EVENT_ASSIGN:
    return redress_complaint_assign(c, at, who, note, arg_text(a, RD_SLOT_OWNER),
                                    arg_text(a, RD_SLOT_TEAM));
  case REDRESS_EVENT_ACKNOWLEDGE:
  case REDRESS_EVENT_AWAIT_CUSTOMER:
  case REDRESS_EVENT_CUSTOMER_REPLY:
  case REDRESS_EVENT_FULFILL:
  case REDRESS_EVENT_CLOSE:
  case REDRESS_EVENT_WITHDRAW:
  case REDRESS_EVENT_REOPEN:
  case REDRESS_EVENT_UPDATE:
  case REDRESS_EVENT_HOLD:
  case REDRESS_EVENT_CUSTOMER_MESSAGE: return simple(c, a->kind, at, who, note);
  default: return rd_fail(c->desk, REDRESS_ERR_INVALID, "unknown event kind %d", a->kind);
  }
}

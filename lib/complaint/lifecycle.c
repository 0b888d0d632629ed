/* The lifecycle: one table says which verb may follow which state. */
#include "complaint/complaint.h"

#include <string.h>

#define BIT(s) (1u << (s))
#define ANY_STATE 0xFFu
#define KEEP (-1)
/* RECEIVED .. RESPONDED: the complaint is still open with the company. */
#define OPEN_STATES                                                                     \
  (BIT(REDRESS_STATE_RECEIVED) | BIT(REDRESS_STATE_ACKNOWLEDGED) |                      \
   BIT(REDRESS_STATE_INVESTIGATING) | BIT(REDRESS_STATE_AWAITING_CUSTOMER) |            \
   BIT(REDRESS_STATE_RESPONDED))
#define IN_CONTACT (OPEN_STATES & ~BIT(REDRESS_STATE_RECEIVED))

typedef struct transition {
  unsigned from;  /* mask of states the verb is allowed in */
  int to;         /* state after the verb, or KEEP */
  int visible;    /* the customer hears from the company */
} transition;

static const transition table[REDRESS_EVENT_KIND_COUNT] = {
    [REDRESS_EVENT_CREATE] = {0, REDRESS_STATE_RECEIVED, 0},
    [REDRESS_EVENT_ACKNOWLEDGE] = {BIT(REDRESS_STATE_RECEIVED), REDRESS_STATE_ACKNOWLEDGED, 1},
    [REDRESS_EVENT_INVESTIGATE] = {BIT(REDRESS_STATE_ACKNOWLEDGED), REDRESS_STATE_INVESTIGATING, 0},
    [REDRESS_EVENT_AWAIT_CUSTOMER] = {BIT(REDRESS_STATE_INVESTIGATING),
                                      REDRESS_STATE_AWAITING_CUSTOMER, 1},
    [REDRESS_EVENT_CUSTOMER_REPLY] = {BIT(REDRESS_STATE_AWAITING_CUSTOMER),
                                      REDRESS_STATE_INVESTIGATING, 0},
    [REDRESS_EVENT_RESPOND] = {BIT(REDRESS_STATE_INVESTIGATING), REDRESS_STATE_RESPONDED, 1},
    [REDRESS_EVENT_FULFILL] = {BIT(REDRESS_STATE_RESPONDED), REDRESS_STATE_RESOLVED, 1},
    /* from ACKNOWLEDGED only within the same contact (check_same_contact below) */
    [REDRESS_EVENT_RESOLVE_ON_THE_SPOT] = {BIT(REDRESS_STATE_RECEIVED) |
                                               BIT(REDRESS_STATE_ACKNOWLEDGED),
                                           REDRESS_STATE_RESOLVED, 1},
    [REDRESS_EVENT_CONFIRM] = {BIT(REDRESS_STATE_RESOLVED), REDRESS_STATE_CLOSED, 1},
    [REDRESS_EVENT_CLOSE] = {BIT(REDRESS_STATE_RESPONDED) | BIT(REDRESS_STATE_RESOLVED),
                             REDRESS_STATE_CLOSED, 0},
    [REDRESS_EVENT_WITHDRAW] = {OPEN_STATES, REDRESS_STATE_WITHDRAWN, 0},
    [REDRESS_EVENT_REOPEN] = {BIT(REDRESS_STATE_RESPONDED) | BIT(REDRESS_STATE_RESOLVED) |
                                  BIT(REDRESS_STATE_CLOSED),
                              REDRESS_STATE_INVESTIGATING, 0},
    [REDRESS_EVENT_NOTE] = {ANY_STATE, KEEP, 0},
    [REDRESS_EVENT_UPDATE] = {IN_CONTACT, KEEP, 1},
    [REDRESS_EVENT_PROMISE] = {IN_CONTACT, KEEP, 1},
    [REDRESS_EVENT_HOLD] = {IN_CONTACT & ~BIT(REDRESS_STATE_RESPONDED), KEEP, 1},
    [REDRESS_EVENT_ASSESS] = {OPEN_STATES, KEEP, 0},
    [REDRESS_EVENT_ESCALATE] = {OPEN_STATES, KEEP, 0},
    [REDRESS_EVENT_SET_SEVERITY] = {OPEN_STATES | BIT(REDRESS_STATE_RESOLVED), KEEP, 0},
    /* the customer speaks: the company owes a reply, the customer heard nothing */
    [REDRESS_EVENT_CUSTOMER_MESSAGE] = {OPEN_STATES, KEEP, 0},
    /* the move is a record; the contact on the new channel is recorded by its own verb */
    [REDRESS_EVENT_MOVE_CHANNEL] = {OPEN_STATES, KEEP, 0},
    [REDRESS_EVENT_ASSIGN] = {ANY_STATE, KEEP, 0},
};

/* Events after an acknowledgement that end the contact it was given in: the customer
 * was told to wait or written to again (hold, promise, update), had to come back
 * (customer_message), or the conversation went to another channel. Notes, assess,
 * escalate, set_severity and assign happen within a contact. */
static int ends_contact(int kind) {
  switch (kind) {
  case REDRESS_EVENT_HOLD:
  case REDRESS_EVENT_PROMISE:
  case REDRESS_EVENT_UPDATE:
  case REDRESS_EVENT_CUSTOMER_MESSAGE:
  case REDRESS_EVENT_CUSTOMER_REPLY:
  case REDRESS_EVENT_AWAIT_CUSTOMER:
  case REDRESS_EVENT_MOVE_CHANNEL: return 1;
  default: return 0;
  }
}

int rd_state_is_open(int state) {
  return state != REDRESS_STATE_RESOLVED && state != REDRESS_STATE_CLOSED &&
         state != REDRESS_STATE_WITHDRAWN;
}

int rd_event_kind_visible(int kind) {
  return kind >= 0 && kind < REDRESS_EVENT_KIND_COUNT ? table[kind].visible : 0;
}

static int in_range(const redress_event *ev, int slot, int64_t lo, int64_t hi) {
  return rd_event_has(ev, slot) && rd_event_num(ev, slot) >= lo && rd_event_num(ev, slot) <= hi;
}

static int same_name(const char *a, const char *b) {
  return a == NULL ? b == NULL : b != NULL && strcmp(a, b) == 0;
}

/* Rules of the verbs that came with the conversation and ownership. */
static int check_later_fields(redress_desk *desk, const redress_complaint *c,
                              const redress_event *ev) {
  switch (ev->kind) {
  case REDRESS_EVENT_MOVE_CHANNEL:
    if (!in_range(ev, RD_SLOT_CHANNEL, 0, REDRESS_CHANNEL_COUNT - 1))
      return rd_fail(desk, REDRESS_ERR_INVALID, "move_channel needs a channel");
    if (rd_event_num(ev, RD_SLOT_CHANNEL) == rd_complaint_current_channel(c))
      return rd_fail(desk, REDRESS_ERR_INVALID, "move_channel: the conversation is on %s already",
                     rd_enum_name(REDRESS_ENUM_CHANNEL, rd_complaint_current_channel(c)));
    break;
  case REDRESS_EVENT_ASSIGN:
    if (same_name(rd_event_text(ev, RD_SLOT_OWNER), rd_complaint_owner(c)) &&
        same_name(rd_event_text(ev, RD_SLOT_TEAM), rd_complaint_team(c)))
      return rd_fail(desk, REDRESS_ERR_INVALID, "assign: the complaint is assigned so already");
    break;
  default: break;
  }
  return REDRESS_OK;
}

static const char *kind_name(int kind) {
  return rd_enum_name(REDRESS_ENUM_EVENT_KIND, kind);
}

/* Field rules shared by the verbs and the JSON decoder, so both refuse the same events. */
static int check_fields(redress_desk *desk, const redress_complaint *c, const redress_event *ev) {
  const char *name = kind_name(ev->kind);
  switch (ev->kind) {
  case REDRESS_EVENT_CREATE:
    if (ev->at != c->received_at)
      return rd_fail(desk, REDRESS_ERR_INVALID, "create must happen at received_at");
    break;
  case REDRESS_EVENT_INVESTIGATE:
    if (rd_event_text(ev, REDRESS_FIELD_POINT) == NULL)
      return rd_fail(desk, REDRESS_ERR_INVALID, "investigate needs the complaint point");
    break;
  case REDRESS_EVENT_RESPOND:
  case REDRESS_EVENT_RESOLVE_ON_THE_SPOT:
    if (!in_range(ev, REDRESS_FIELD_DECISION, REDRESS_DECISION_UPHELD, REDRESS_DECISION_DECLINED))
      return rd_fail(desk, REDRESS_ERR_INVALID, "%s needs a decision (upheld, partly upheld, declined)", name);
    if (rd_event_has(ev, REDRESS_FIELD_COMPENSATION) && rd_event_num(ev, REDRESS_FIELD_COMPENSATION) < 0)
      return rd_fail(desk, REDRESS_ERR_INVALID, "%s: compensation is negative", name);
    break;
  case REDRESS_EVENT_CONFIRM:
    if (!in_range(ev, REDRESS_FIELD_SATISFACTION, 1, 5))
      return rd_fail(desk, REDRESS_ERR_INVALID, "confirm needs a satisfaction from 1 to 5");
    break;
  case REDRESS_EVENT_ASSESS:
    if (!in_range(ev, REDRESS_FIELD_LEGITIMACY, REDRESS_LEGITIMACY_REASONABLE,
                  REDRESS_LEGITIMACY_MALICIOUS))
      return rd_fail(desk, REDRESS_ERR_INVALID, "assess needs a legitimacy other than unknown");
    break;
  case REDRESS_EVENT_SET_SEVERITY:
    if (!in_range(ev, REDRESS_FIELD_SEVERITY, REDRESS_SEVERITY_LOW, REDRESS_SEVERITY_CRITICAL))
      return rd_fail(desk, REDRESS_ERR_INVALID, "set_severity needs a severity");
    if (rd_event_num(ev, REDRESS_FIELD_SEVERITY) == c->severity)
      return rd_fail(desk, REDRESS_ERR_INVALID, "set_severity: the severity is already that");
    break;
  case REDRESS_EVENT_PROMISE:
    if (!in_range(ev, REDRESS_FIELD_DUE, ev->at, REDRESS_TIME_MAX))
      return rd_fail(desk, REDRESS_ERR_INVALID, "promise: due must lie between now and 9999-12-31");
    break;
  case REDRESS_EVENT_NOTE:
    if (ev->note == NULL || ev->note[0] == '\0')
      return rd_fail(desk, REDRESS_ERR_INVALID, "note: the note text is required");
    break;
  default:
    return check_later_fields(desk, c, ev);
  }
  return REDRESS_OK;
}

/* The acknowledgement whose contact goes on at the end of the history, or NULL: the
 * events after it are walked back (in ACKNOWLEDGED there is one acknowledgement, and
 * what follows it is what ends_contact judges). */
static const redress_event *contact_of(const redress_complaint *c) {
  for (size_t i = c->n_events; i-- > 0;) {
    const redress_event *ev = c->events[i];
    if (ev->kind == REDRESS_EVENT_ACKNOWLEDGE) return ev;
    if (ends_contact(ev->kind)) return NULL;
  }
  return NULL;
}

/* resolve_on_the_spot after an acknowledgement: still the contact it was given in
 * (lifecycle.h, REDRESS_SAME_CONTACT_SECONDS). */
static int check_same_contact(redress_desk *desk, const redress_complaint *c,
                              const redress_event *ev) {
  if (ev->kind != REDRESS_EVENT_RESOLVE_ON_THE_SPOT || c->state != REDRESS_STATE_ACKNOWLEDGED)
    return REDRESS_OK;
  const redress_event *ack = contact_of(c);
  if (ack == NULL)
    return rd_fail(desk, REDRESS_ERR_STATE,
                   "resolve_on_the_spot: the contact of the acknowledgement has ended (the "
                   "customer was told to wait, wrote again, or the channel moved)");
  if (ev->at - ack->at > REDRESS_SAME_CONTACT_SECONDS)
    return rd_fail(desk, REDRESS_ERR_STATE,
                   "resolve_on_the_spot: %lld seconds after the acknowledgement, more than "
                   "the %d of one contact",
                   (long long)(ev->at - ack->at), REDRESS_SAME_CONTACT_SECONDS);
  return REDRESS_OK;
}

/* Argument errors come before STATE (the precedence rule of redress.h): a caller
 * who gets STATE knows that no other argument would have made the verb allowed. */
int rd_lifecycle_check(redress_desk *desk, const redress_complaint *c, const redress_event *ev) {
  if (ev->kind < 0 || ev->kind >= REDRESS_EVENT_KIND_COUNT)
    return rd_fail(desk, REDRESS_ERR_INVALID, "unknown event kind %d", ev->kind);
  int rc = check_fields(desk, c, ev);
  if (rc != REDRESS_OK) return rc;
  int first = c->n_events == 0;
  if (first != (ev->kind == REDRESS_EVENT_CREATE))
    return rd_fail(desk, REDRESS_ERR_STATE, first ? "the history must start with create"
                                                  : "create may only be the first event");
  if (!first && !(table[ev->kind].from & BIT(c->state)))
    return rd_fail(desk, REDRESS_ERR_STATE, "%s is not allowed in state %s",
                   kind_name(ev->kind), rd_enum_name(REDRESS_ENUM_STATE, c->state));
  return check_same_contact(desk, c, ev);
}

static const char *text_of(const redress_event *ev, int slot) { return rd_event_text(ev, slot); }

static void apply_decision(redress_complaint *c, const redress_event *ev) {
  c->decision = (int)rd_event_num(ev, REDRESS_FIELD_DECISION);
  c->remedy = text_of(ev, REDRESS_FIELD_REMEDY);
  c->compensation = rd_event_has(ev, REDRESS_FIELD_COMPENSATION)
                        ? rd_event_num(ev, REDRESS_FIELD_COMPENSATION)
                        : REDRESS_AMOUNT_UNKNOWN;
  c->on_the_spot = ev->kind == REDRESS_EVENT_RESOLVE_ON_THE_SPOT;
}

/* A reopened complaint is undecided again: the old outcome no longer stands. */
static void apply_reopen(redress_complaint *c) {
  c->reopen_count++;
  c->decision = REDRESS_DECISION_NONE;
  c->remedy = NULL;
  c->compensation = REDRESS_AMOUNT_UNKNOWN;
  c->satisfaction = 0;
  c->on_the_spot = 0;
}

void rd_lifecycle_apply(redress_complaint *c, const redress_event *ev) {
  switch (ev->kind) {
  case REDRESS_EVENT_CREATE: c->severity = c->initial_severity; break;
  case REDRESS_EVENT_INVESTIGATE:
    c->point = text_of(ev, REDRESS_FIELD_POINT);
    c->demand = text_of(ev, REDRESS_FIELD_DEMAND);
    break;
  case REDRESS_EVENT_RESPOND:
  case REDRESS_EVENT_RESOLVE_ON_THE_SPOT: apply_decision(c, ev); break;
  case REDRESS_EVENT_CONFIRM:
    c->satisfaction = (int)rd_event_num(ev, REDRESS_FIELD_SATISFACTION);
    break;
  case REDRESS_EVENT_REOPEN: apply_reopen(c); break;
  case REDRESS_EVENT_ASSESS: c->legitimacy = (int)rd_event_num(ev, REDRESS_FIELD_LEGITIMACY); break;
  case REDRESS_EVENT_ESCALATE: c->escalation_count++; break;
  case REDRESS_EVENT_SET_SEVERITY: c->severity = (int)rd_event_num(ev, REDRESS_FIELD_SEVERITY); break;
  case REDRESS_EVENT_ASSIGN: c->assignment = ev; break;
  default: break;
  }
  if (table[ev->kind].to != KEEP) c->state = table[ev->kind].to;
}

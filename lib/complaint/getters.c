/* Read access to a complaint's fields and derived state. NULL-safe by contract. */
#include "complaint/complaint.h"

redress_time rd_complaint_updated_at(const redress_complaint *c) {
  return c->n_events > 0 ? c->events[c->n_events - 1]->at : 0;
}

const char *rd_complaint_owner(const redress_complaint *c) {
  return c->assignment != NULL ? rd_event_text(c->assignment, RD_SLOT_OWNER) : NULL;
}

const char *rd_complaint_team(const redress_complaint *c) {
  return c->assignment != NULL ? rd_event_text(c->assignment, RD_SLOT_TEAM) : NULL;
}

/* Moves are rare and this is rarely asked: a walk back to the last one. */
int rd_complaint_current_channel(const redress_complaint *c) {
  for (size_t i = c->n_events; i-- > 0;)
    if (c->events[i]->kind == REDRESS_EVENT_MOVE_CHANNEL)
      return (int)rd_event_num(c->events[i], RD_SLOT_CHANNEL);
  return c->channel;
}

static int64_t number_of(const redress_complaint *c, int field) {
  switch (field) {
    case REDRESS_FIELD_DECISION: return c->decision;
    case REDRESS_FIELD_COMPENSATION: return c->compensation;
    case REDRESS_FIELD_SATISFACTION: return c->satisfaction;
    case REDRESS_FIELD_LEGITIMACY: return c->legitimacy;
    case REDRESS_FIELD_SEVERITY: return c->severity;
    case REDRESS_FIELD_CHANNEL: return c->channel;
    case REDRESS_FIELD_CURRENT_CHANNEL: return rd_complaint_current_channel(c);
    case REDRESS_FIELD_STATE: return c->state;
    case REDRESS_FIELD_REOPEN_COUNT: return c->reopen_count;
    case REDRESS_FIELD_ESCALATION_COUNT: return c->escalation_count;
    case REDRESS_FIELD_ON_THE_SPOT: return c->on_the_spot;
    case REDRESS_FIELD_CUSTOMER_VALUE: return c->customer_value;
    case REDRESS_FIELD_ORDER_VALUE: return c->order_value;
    case REDRESS_FIELD_CLAIMED_AMOUNT: return c->claimed_amount;
    case REDRESS_FIELD_EXPECTATION: return c->expectation;
    case REDRESS_FIELD_BOTTOM_LINE: return c->bottom_line;
    case REDRESS_FIELD_PRIOR_COMPENSATION: return c->prior_compensation;
    case REDRESS_FIELD_PRIOR_COMPLAINTS: return c->prior_complaints;
    case REDRESS_FIELD_RECEIVED_AT: return c->received_at;
    case REDRESS_FIELD_UPDATED_AT: return rd_complaint_updated_at(c);
    case REDRESS_FIELD_REVISION: return (int64_t)c->revision; /* below 2^63 */
    default: return 0; /* rd_field_check let through only the fields above */
  }
}

static const char *string_of(const redress_complaint *c, int field) {
  switch (field) {
    case REDRESS_FIELD_ID: return c->id;
    case REDRESS_FIELD_CUSTOMER_ID: return c->customer_id;
    case REDRESS_FIELD_CUSTOMER_TIER: return c->customer_tier;
    case REDRESS_FIELD_CATEGORY: return c->category;
    case REDRESS_FIELD_TEXT: return c->text;
    case REDRESS_FIELD_REQUESTED_REMEDY: return c->requested_remedy;
    case REDRESS_FIELD_POINT: return c->point;
    case REDRESS_FIELD_DEMAND: return c->demand;
    case REDRESS_FIELD_REMEDY: return c->remedy;
    case REDRESS_FIELD_OWNER: return rd_complaint_owner(c);
    case REDRESS_FIELD_TEAM: return rd_complaint_team(c);
    case REDRESS_FIELD_PRODUCT: return c->product;
    case REDRESS_FIELD_CAUSE: return c->cause;
    default: return NULL; /* rd_field_check let through only the fields above */
  }
}

int redress_complaint_number(int64_t *out, const redress_complaint *c, int field) {
  if (out == NULL || c == NULL) return REDRESS_ERR_INVALID;
  int rc = rd_field_check(field, false, false);
  if (rc != REDRESS_OK) return rc;
  *out = number_of(c, field);
  return REDRESS_OK;
}

const char *redress_complaint_string(const redress_complaint *c, int field) {
  if (c == NULL || rd_field_check(field, true, false) != REDRESS_OK) return NULL;
  return string_of(c, field);
}

const char *redress_complaint_id(const redress_complaint *c) { return c != NULL ? c->id : NULL; }

int redress_complaint_state(const redress_complaint *c) { return c != NULL ? c->state : -1; }

size_t redress_complaint_event_count(const redress_complaint *c) {
  return c != NULL ? c->n_events : 0;
}

const redress_event *redress_complaint_event(const redress_complaint *c, size_t index) {
  if (c == NULL || index >= c->n_events) return NULL;
  return c->events[index];
}

/* Read access to a complaint's fields and derived state. NULL-safe by contract. */
#include "complaint/complaint.h"

#define STRING_GETTER(name, member)                                   \
  const char *redress_complaint_##name(const redress_complaint *c) {  \
    return c != NULL ? c->member : NULL;                              \
  }
#define GETTER(type, name, member, fallback)                          \
  type redress_complaint_##name(const redress_complaint *c) {         \
    return c != NULL ? c->member : (fallback);                        \
  }

STRING_GETTER(id, id)
STRING_GETTER(customer_id, customer_id)
STRING_GETTER(customer_tier, customer_tier)
STRING_GETTER(category, category)
STRING_GETTER(text, text)
STRING_GETTER(requested_remedy, requested_remedy)
STRING_GETTER(point, point)
STRING_GETTER(demand, demand)
STRING_GETTER(remedy, remedy)

GETTER(int, channel, channel, -1)
GETTER(int, severity, severity, -1)
GETTER(int, state, state, -1)
GETTER(int, decision, decision, -1)
GETTER(int, legitimacy, legitimacy, -1)
GETTER(int, satisfaction, satisfaction, -1)
GETTER(unsigned, reopen_count, reopen_count, 0)
GETTER(unsigned, escalation_count, escalation_count, 0)
GETTER(int, on_the_spot, on_the_spot, 0)

GETTER(int64_t, customer_value, customer_value, REDRESS_AMOUNT_UNKNOWN)
GETTER(int64_t, order_value, order_value, REDRESS_AMOUNT_UNKNOWN)
GETTER(int64_t, claimed_amount, claimed_amount, REDRESS_AMOUNT_UNKNOWN)
GETTER(int64_t, expectation, expectation, REDRESS_AMOUNT_UNKNOWN)
GETTER(int64_t, bottom_line, bottom_line, REDRESS_AMOUNT_UNKNOWN)
GETTER(int64_t, compensation, compensation, REDRESS_AMOUNT_UNKNOWN)
GETTER(int64_t, prior_compensation, prior_compensation, 0)
GETTER(uint32_t, prior_complaints, prior_complaints, 0)

GETTER(redress_time, received_at, received_at, 0)
GETTER(uint64_t, revision, revision, 0)
GETTER(size_t, event_count, n_events, 0)

redress_time redress_complaint_updated_at(const redress_complaint *c) {
  if (c == NULL || c->n_events == 0) return 0;
  return c->events[c->n_events - 1]->at;
}

const redress_event *redress_complaint_event(const redress_complaint *c, size_t index) {
  if (c == NULL || index >= c->n_events) return NULL;
  return c->events[index];
}

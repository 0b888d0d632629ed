/* The alarms a complaint has notified: a record that makes ticks exactly-once. */
#include "complaint/complaint.h"

int rd_complaint_add_alarm(redress_complaint *c, int kind, uint32_t anchor, int level,
                           redress_time at) {
  redress_desk *desk = c->desk;
  if (kind < 0 || kind >= REDRESS_DEADLINE_KIND_COUNT)
    return rd_fail(desk, REDRESS_ERR_INVALID, "alarm: unknown deadline kind %d", kind);
  if (level != REDRESS_ALARM_WARNING && level != REDRESS_ALARM_BREACH)
    return rd_fail(desk, REDRESS_ERR_INVALID, "alarm: unknown level %d", level);
  if (anchor == 0 || anchor > c->n_events)
    return rd_fail(desk, REDRESS_ERR_INVALID, "alarm: no event %u started a deadline", anchor);
  int rc = rd_check_time(desk, "alarm time", at);
  if (rc != REDRESS_OK) return rc;
  /* Unreachable for a valid complaint: each alarm is a distinct (deadline, level) of
   * its history, which owes at most REDRESS_MAX_ALARMS. Kept so that memory stays
   * bounded whatever the caller. */
  if (c->n_alarms >= (size_t)REDRESS_MAX_ALARMS)
    return rd_fail(desk, REDRESS_ERR_RANGE, "more than %d alarms", REDRESS_MAX_ALARMS);
  void *items = c->alarms;
  if (rd_reserve(rd_desk_alloc(desk), &items, &c->cap_alarms, c->n_alarms + 1, sizeof *c->alarms))
    return rd_fail(desk, REDRESS_ERR_NOMEM, "out of memory");
  c->alarms = items;
  c->alarms[c->n_alarms++] = (rd_alarm){kind, anchor, level, at};
  return REDRESS_OK;
}

/* Keep in step with on_contact and on_event in deadlines/deadline.c: an alarm whose
 * deadline its anchor does not start is refused by the decoder. At most two bits are ever set
 * (REDRESS_MAX_ALARMS_PER_EVENT): customer messages start NEXT_REPLY alone, since they
 * are not contact. */
unsigned rd_deadlines_started(const redress_event *ev) {
  unsigned m = 0;
  if (ev->visible && rd_state_is_open(ev->state)) m |= 1u << REDRESS_DEADLINE_UPDATE;
  switch (ev->kind) {
  case REDRESS_EVENT_CREATE:
    return m | 1u << REDRESS_DEADLINE_ACKNOWLEDGE | 1u << REDRESS_DEADLINE_RESOLVE;
  case REDRESS_EVENT_FULFILL:
  case REDRESS_EVENT_RESOLVE_ON_THE_SPOT: return m | 1u << REDRESS_DEADLINE_FOLLOW_UP;
  case REDRESS_EVENT_REOPEN:
    return m | 1u << REDRESS_DEADLINE_RESOLVE | 1u << REDRESS_DEADLINE_UPDATE;
  case REDRESS_EVENT_PROMISE: return m | 1u << REDRESS_DEADLINE_PROMISE;
  case REDRESS_EVENT_CUSTOMER_MESSAGE:
  case REDRESS_EVENT_CUSTOMER_REPLY: return m | 1u << REDRESS_DEADLINE_NEXT_REPLY;
  default: return m;
  }
}

/* Appending an event to a complaint's history: the time order, the lifecycle's
 * verdict (lifecycle.c), room in the history, then the derived state. Kept apart
 * from the lifecycle so that the table of states depends on no event code. */
#include "complaint/complaint.h"

int rd_complaint_append(redress_complaint *c, redress_event *ev) {
  redress_desk *desk = c->desk;
  int rc = REDRESS_OK;
  /* In the order of the precedence rule: arguments, state, room in the history. */
  if (c->n_events > 0 && ev->at < c->events[c->n_events - 1]->at)
    rc = rd_fail(desk, REDRESS_ERR_INVALID, "%s at %lld is earlier than the last event",
                 rd_enum_name(REDRESS_ENUM_EVENT_KIND, ev->kind), (long long)ev->at);
  if (rc == REDRESS_OK) rc = rd_lifecycle_check(desk, c, ev);
  if (rc == REDRESS_OK && c->n_events >= REDRESS_MAX_EVENTS)
    rc = rd_fail(desk, REDRESS_ERR_RANGE, "the history is full (%d events)", REDRESS_MAX_EVENTS);
  if (rc == REDRESS_OK) {
    void *items = c->events;
    rc = rd_reserve(rd_desk_alloc(desk), &items, &c->cap_events, c->n_events + 1, sizeof *c->events);
    c->events = items;
    if (rc != REDRESS_OK) rc = rd_fail(desk, rc, "out of memory");
  }
  /* the policy version an event chooses is recorded with it (pins.c) */
  rd_pin pin;
  if (rc == REDRESS_OK) rc = rd_complaint_prepare_pin(&pin, c, ev);
  if (rc != REDRESS_OK) {
    rd_event_free(rd_desk_alloc(desk), ev);
    return rc;
  }
  ev->seq = (uint32_t)c->n_events + 1;
  c->events[c->n_events++] = ev;
  rd_complaint_keep_pin(c, &pin, ev->seq);
  rd_lifecycle_apply(c, ev);
  ev->state = c->state;
  c->digest.policies = 0; /* the metrics digest no longer describes the history */
  return REDRESS_OK;
}

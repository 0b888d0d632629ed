/* A complaint as it stood at an instant, for the returns: whether it was closed then
 * and since when, the response that closed it, and its three-business-day limit.
 *
 * Closed means the company's answer was given and stood: the complaint reached
 * RESPONDED (the final response), RESOLVED (on the spot, or the remedy delivered),
 * CLOSED or WITHDRAWN and was not reopened since. The closing time is when it first
 * reached one of those after its last reopen, so a complaint answered, reopened and
 * answered again closes at the second answer. */
#include "experimental/returns.h"

#include "deadlines/policy.h"

#include <string.h>

static int closed_state(int state) {
  return state == REDRESS_STATE_RESPONDED || state == REDRESS_STATE_RESOLVED ||
         state == REDRESS_STATE_CLOSED || state == REDRESS_STATE_WITHDRAWN;
}

static void read_response(rd_return_facts *f, const redress_event *ev) {
  if (ev->kind != REDRESS_EVENT_RESPOND && ev->kind != REDRESS_EVENT_RESOLVE_ON_THE_SPOT) return;
  f->decision = rd_event_has(ev, REDRESS_FIELD_DECISION)
                    ? (int)rd_event_num(ev, REDRESS_FIELD_DECISION) : REDRESS_DECISION_NONE;
  f->compensation = rd_event_has(ev, REDRESS_FIELD_COMPENSATION)
                        ? rd_event_num(ev, REDRESS_FIELD_COMPENSATION) : REDRESS_AMOUNT_UNKNOWN;
}

/* The calendar of the policy the complaint was received under: the one its create
 * event chose (its pin), or for a history without pins the one the desk chooses. */
static int receipt_calendar(const redress_calendar **out, const redress_complaint *c) {
  const rd_policy *policy = NULL;
  const rd_pin *pin = rd_complaint_pin(c, 1);
  if (pin == NULL) policy = rd_policy_select_team(c, c->initial_severity, NULL);
  else {
    int rc = rd_policy_pinned(&policy, c, pin);
    if (rc != REDRESS_OK) return rc;
  }
  return rd_policy_calendar(out, c->desk, policy);
}

int rd_return_facts_of(rd_return_facts *out, const redress_complaint *c, redress_time until,
                       int want_days) {
  rd_return_facts f = {REDRESS_TIME_NEVER, 0, REDRESS_DECISION_NONE, REDRESS_AMOUNT_UNKNOWN,
                       REDRESS_TIME_NEVER};
  int was_closed = 0;
  for (size_t i = 0; i < c->n_events && c->events[i]->at < until; i++) {
    const redress_event *ev = c->events[i];
    read_response(&f, ev);
    int now_closed = closed_state(ev->state);
    if (now_closed && !was_closed) f.closed_at = ev->at;
    if (!now_closed) f.closed_at = REDRESS_TIME_NEVER;
    f.withdrawn = ev->state == REDRESS_STATE_WITHDRAWN;
    was_closed = now_closed;
  }
  if (want_days) {
    const redress_calendar *cal = NULL;
    int rc = receipt_calendar(&cal, c);
    if (rc == REDRESS_OK)
      rc = redress_calendar_add(&f.three_days, cal, c->received_at, 3, REDRESS_SPAN_BUSINESS_DAYS);
    if (rc != REDRESS_OK) {
      char why[RD_ERRMSG_BYTES];
      memcpy(why, rd_ctx_of(c->desk)->errmsg, sizeof why);
      return rd_fail(c->desk, rc, "return: complaint '%.64s': no three-business-day limit: %.300s",
                     c->id, why);
    }
  }
  *out = f;
  return REDRESS_OK;
}

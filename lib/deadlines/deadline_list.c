/* The public view of a deadline list: states as of the list's `now`. */
#include "deadlines/deadline.h"

int redress_complaint_deadlines(redress_deadlines **out, const redress_complaint *complaint,
                                redress_time now) {
  if (complaint == NULL) return REDRESS_ERR_INVALID;
  redress_desk *desk = complaint->desk;
  if (out == NULL) return rd_fail(desk, REDRESS_ERR_INVALID, "deadlines: out is required");
  rd_ok(desk);
  int rc = rd_check_time(desk, "now", now);
  if (rc != REDRESS_OK) return rc;
  return rd_deadlines_compute(out, complaint, now);
}

size_t redress_deadlines_count(const redress_deadlines *deadlines) {
  return deadlines != NULL ? deadlines->n : 0;
}

const char *redress_deadlines_policy(const redress_deadlines *deadlines) {
  return deadlines != NULL && deadlines->policy != NULL ? deadlines->policy->p.name : NULL;
}

unsigned redress_deadlines_policy_version(const redress_deadlines *deadlines) {
  return deadlines != NULL && deadlines->policy != NULL ? deadlines->policy->p.policy_version : 0u;
}

redress_time redress_deadlines_next_alarm(const redress_deadlines *deadlines) {
  return deadlines != NULL ? deadlines->next_alarm : REDRESS_TIME_NEVER;
}

static int plain_state(const redress_deadlines *l, const rd_deadline *d) {
  if (d->met_at != REDRESS_TIME_NEVER)
    return d->met_at <= d->due ? REDRESS_DEADLINE_MET : REDRESS_DEADLINE_MET_LATE;
  if (d->settled_breach) return REDRESS_DEADLINE_BREACHED;
  if (d->paused_now) return REDRESS_DEADLINE_PAUSED;
  return d->due <= l->now ? REDRESS_DEADLINE_BREACHED : REDRESS_DEADLINE_PENDING;
}

int rd_deadline_state(const redress_deadlines *l, const rd_deadline *d) {
  return rd_kind_state(d->kind, plain_state(l, d));
}

int redress_deadlines_get(redress_deadline *out, const redress_deadlines *deadlines, size_t i) {
  if (out == NULL || deadlines == NULL) return REDRESS_ERR_INVALID;
  if (out->version != REDRESS_DEADLINE_VERSION) return REDRESS_ERR_VERSION;
  if (i >= deadlines->n) return REDRESS_ERR_NOTFOUND;
  const rd_deadline *d = &deadlines->items[i];
  out->kind = d->kind;
  out->state = rd_deadline_state(deadlines, d);
  /* A paused clock has no due or warning time yet: the pause has no known end. */
  out->due = d->paused_now ? REDRESS_TIME_NEVER : d->due;
  out->warn_at = d->paused_now ? REDRESS_TIME_NEVER : d->warn_at;
  out->met_at = d->met_at;
  out->anchor = d->anchor;
  return REDRESS_OK;
}

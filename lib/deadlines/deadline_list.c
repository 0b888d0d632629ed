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
  return deadlines != NULL ? deadlines->policy : NULL;
}

redress_time redress_deadlines_next_alarm(const redress_deadlines *deadlines) {
  return deadlines != NULL ? deadlines->next_alarm : REDRESS_TIME_NEVER;
}

static const rd_deadline *item(const redress_deadlines *l, size_t i) {
  return l != NULL && i < l->n ? &l->items[i] : NULL;
}

int redress_deadlines_kind(const redress_deadlines *deadlines, size_t i) {
  const rd_deadline *d = item(deadlines, i);
  return d != NULL ? d->kind : -1;
}

int redress_deadlines_state(const redress_deadlines *deadlines, size_t i) {
  const rd_deadline *d = item(deadlines, i);
  if (d == NULL) return -1;
  if (d->met_at != REDRESS_TIME_NEVER)
    return d->met_at <= d->due ? REDRESS_DEADLINE_MET : REDRESS_DEADLINE_MET_LATE;
  if (d->settled_breach) return REDRESS_DEADLINE_BREACHED;
  if (d->paused_now) return REDRESS_DEADLINE_PAUSED;
  return d->due <= deadlines->now ? REDRESS_DEADLINE_BREACHED : REDRESS_DEADLINE_PENDING;
}

redress_time redress_deadlines_due(const redress_deadlines *deadlines, size_t i) {
  const rd_deadline *d = item(deadlines, i);
  if (d == NULL) return 0;
  return d->paused_now ? REDRESS_TIME_NEVER : d->due;
}

redress_time redress_deadlines_warn_at(const redress_deadlines *deadlines, size_t i) {
  const rd_deadline *d = item(deadlines, i);
  if (d == NULL) return 0;
  return d->paused_now ? REDRESS_TIME_NEVER : d->warn_at;
}

redress_time redress_deadlines_met_at(const redress_deadlines *deadlines, size_t i) {
  const rd_deadline *d = item(deadlines, i);
  return d != NULL ? d->met_at : 0;
}

uint32_t redress_deadlines_anchor(const redress_deadlines *deadlines, size_t i) {
  const rd_deadline *d = item(deadlines, i);
  return d != NULL ? d->anchor : 0;
}

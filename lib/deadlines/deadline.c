/* Deadlines of a complaint, derived by replaying its history against its policy. */
#include "deadlines/deadline.h"

#include <string.h>

typedef struct replay {
  redress_deadlines *list;
  const redress_complaint *c;
  redress_desk *desk;
  const rd_policy *policy;
  const redress_calendar *cal;
  int waiting[REDRESS_PAUSE_REASON_COUNT]; /* which waits are on (redress_pause_reason) */
  int severity; /* at the event being replayed */
  const char *team; /* at the event being replayed (the last assign's), NULL for none */
  /* per kind, the index before which no deadline of that kind is open: deadlines never
   * reopen, so contact meets only the newest ones, and replaying a history stays
   * linear in its length rather than quadratic */
  size_t first_open[REDRESS_DEADLINE_KIND_COUNT];
} replay;

int rd_deadline_open(const rd_deadline *d) {
  return d->met_at == REDRESS_TIME_NEVER && !d->settled_breach && !d->dropped;
}

/* The policy event ev chose: the version it recorded (pins.c), or for a history
 * written before policies had versions, the one the desk chooses today. */
static int select_policy(replay *r, const redress_event *ev, int severity) {
  const rd_pin *pin = rd_complaint_pin(r->c, ev->seq);
  if (pin == NULL) r->policy = rd_policy_select_team(r->c, severity, r->team);
  else {
    int rc = rd_policy_pinned(&r->policy, r->c, pin);
    if (rc != REDRESS_OK) return rc;
  }
  r->list->policy = r->policy;
  return rd_policy_calendar(&r->cal, r->desk, r->policy);
}

static redress_span target_of(const replay *r, const rd_deadline *d) {
  const redress_policy *p = &r->policy->p;
  switch (d->kind) {
  case REDRESS_DEADLINE_ACKNOWLEDGE: return p->acknowledge;
  case REDRESS_DEADLINE_UPDATE: return p->update_every;
  case REDRESS_DEADLINE_RESOLVE: return d->extended ? p->resolve_extended : p->resolve;
  case REDRESS_DEADLINE_FOLLOW_UP: return p->follow_up;
  case REDRESS_DEADLINE_NEXT_REPLY: return p->next_reply;
  case REDRESS_DEADLINE_SUMMARY_RESOLVE: return p->summary_resolve;
  default: return d->target;
  }
}

/* The percentages d warns at: its kind's levels, else the policy's warn_percent. */
static int warn_percents(const replay *r, const rd_deadline *d, int out[REDRESS_POLICY_WARN_LEVELS]) {
  const redress_policy *p = &r->policy->p;
  int n = 0;
  while (n < REDRESS_POLICY_WARN_LEVELS && p->warn_levels[d->kind][n] != 0) {
    out[n] = p->warn_levels[d->kind][n];
    n++;
  }
  if (n == 0 && p->warn_percent != 0) out[n++] = p->warn_percent;
  return n;
}

/* The instant `pct` percent of d's time has passed. */
static int warn_instant(const replay *r, const rd_deadline *d, int64_t pct, redress_time *out) {
  if (d->kind == REDRESS_DEADLINE_PROMISE || d->target.unit == REDRESS_SPAN_CALENDAR_SECONDS) {
    *out = d->start + (d->due - d->start) * pct / 100;
    return REDRESS_OK;
  }
  int64_t open = 0;
  int rc = redress_calendar_elapsed(&open, r->cal, d->start, d->due);
  if (rc == REDRESS_OK)
    rc = redress_calendar_add(out, r->cal, d->start, open * pct / 100,
                              REDRESS_SPAN_BUSINESS_SECONDS);
  return rc;
}

static int warn_time(const replay *r, rd_deadline *d) {
  int pcts[REDRESS_POLICY_WARN_LEVELS];
  int n = warn_percents(r, d, pcts);
  d->warn_at = REDRESS_TIME_NEVER;
  d->n_warns = 0;
  if (n == 0 || d->due <= d->start || !rd_kind_alarms(d->kind)) return REDRESS_OK;
  for (int i = 0; i < n; i++) {
    int rc = warn_instant(r, d, pcts[i], &d->warns[i]);
    if (rc != REDRESS_OK) return rc;
  }
  d->n_warns = n;
  d->warn_at = d->warns[0];
  return REDRESS_OK;
}

/* Due and warning times from start, target and time paused. */
static int schedule(const replay *r, rd_deadline *d) {
  if (d->kind != REDRESS_DEADLINE_PROMISE) {
    int rc = redress_calendar_add(&d->due, r->cal, d->start, d->target.amount, d->target.unit);
    if (rc == REDRESS_OK && d->paused > 0)
      rc = redress_calendar_add(&d->due, r->cal, d->due, d->paused, REDRESS_SPAN_BUSINESS_SECONDS);
    if (rc != REDRESS_OK)
      return rd_fail(r->desk, rc, "policy '%s': a %s deadline cannot be scheduled",
                     r->policy->p.name, rd_enum_name(REDRESS_ENUM_DEADLINE_KIND, d->kind));
  }
  return warn_time(r, d);
}

/* Whether a wait that is on (other than `except`) stops deadlines of this kind. */
static int stopped_by_a_wait(const replay *r, int kind, int except) {
  for (int reason = 0; reason < REDRESS_PAUSE_REASON_COUNT; reason++)
    if (reason != except && r->waiting[reason] &&
        (rd_pause_mask(&r->policy->p, reason) & (1u << kind)))
      return 1;
  return 0;
}

static int push(replay *r, int kind, const redress_event *ev, redress_span target,
                redress_time due) {
  if (target.amount == 0 && kind != REDRESS_DEADLINE_PROMISE) return REDRESS_OK;
  redress_deadlines *l = r->list;
  void *items = l->items;
  if (rd_reserve(&l->alloc, &items, &l->cap, l->n + 1, sizeof *l->items) != REDRESS_OK)
    return rd_fail(r->desk, REDRESS_ERR_NOMEM, "out of memory");
  l->items = items;
  rd_deadline *d = &l->items[l->n];
  memset(d, 0, sizeof *d);
  d->kind = kind;
  d->anchor = ev->seq;
  d->start = ev->at;
  d->target = target;
  d->due = due;
  d->met_at = REDRESS_TIME_NEVER;
  /* a deadline started during a wait that stops its kind starts stopped */
  d->stop_since = stopped_by_a_wait(r, kind, -1) ? d->start : REDRESS_TIME_NEVER;
  int rc = schedule(r, d);
  if (rc == REDRESS_OK) l->n++;
  return rc;
}


static void drop(replay *r, int kind) {
  for (size_t i = 0; i < r->list->n; i++) {
    rd_deadline *d = &r->list->items[i];
    if (d->kind == kind && rd_deadline_open(d)) d->dropped = 1;
  }
}

static int running(const replay *r, int kind) {
  for (size_t i = r->first_open[kind]; i < r->list->n; i++)
    if (r->list->items[i].kind == kind && rd_deadline_open(&r->list->items[i])) return 1;
  return 0;
}

/* A new RESOLVE from the reopen. UPDATE counts the time since the customer last
 * heard from the desk, one clock at a time: a reopen from RESPONDED keeps the one
 * the response started (else one silence would breach twice); from RESOLVED or
 * CLOSED none runs, and the reopen starts it. */
static int reopen(replay *r, const redress_event *ev) {
  const redress_policy *p = &r->policy->p;
  drop(r, REDRESS_DEADLINE_FOLLOW_UP);
  int rc = push(r, REDRESS_DEADLINE_RESOLVE, ev, p->resolve, 0);
  if (rc != REDRESS_OK || running(r, REDRESS_DEADLINE_UPDATE)) return rc;
  return push(r, REDRESS_DEADLINE_UPDATE, ev, p->update_every, 0);
}

/* The customer spoke: a reply is owed from the first message not yet answered. */
static int customer_spoke(replay *r, const redress_event *ev) {
  if (running(r, REDRESS_DEADLINE_NEXT_REPLY)) return REDRESS_OK;
  return push(r, REDRESS_DEADLINE_NEXT_REPLY, ev, r->policy->p.next_reply, 0);
}

/* Whether d's clock is stopped: a wait that stops its kind began before d was due.
 * Its due time then still lacks the pause, so every comparison of a time with it must
 * ask this first. */
static int stopped(const replay *r, const rd_deadline *d) {
  (void)r;
  return d->stop_since != REDRESS_TIME_NEVER;
}

/* Adds to d the open time lost since its clock stopped, up to at, and reschedules it. */
static int catch_up(replay *r, rd_deadline *d, redress_time at) {
  redress_time from = d->start > d->stop_since ? d->start : d->stop_since;
  int64_t lost = 0;
  int rc = redress_calendar_elapsed(&lost, r->cal, from, at);
  if (rc != REDRESS_OK) return rd_fail(r->desk, rc, "cannot measure the pause");
  d->paused += lost;
  d->stop_since = at;
  return schedule(r, d);
}

/* A deadline met while its clock is stopped is judged against its due time shifted
 * by the pause so far: the wait does not count against it. */
static int meet(replay *r, int kind, redress_time at) {
  for (size_t i = r->first_open[kind]; i < r->list->n; i++) {
    rd_deadline *d = &r->list->items[i];
    if (d->kind != kind || !rd_deadline_open(d)) continue;
    if (stopped(r, d)) {
      int rc = catch_up(r, d, at);
      if (rc != REDRESS_OK) return rc;
    }
    d->met_at = at;
  }
  r->first_open[kind] = r->list->n;
  return REDRESS_OK;
}

/* A wait begins (await_customer, await_third_party): the clocks of the kinds the
 * policy stops for it stop, for every deadline not yet due. NEXT_REPLY and the others
 * run on unless the policy says otherwise (the default stops RESOLVE and UPDATE for the
 * customer alone). */
static void begin_pause(replay *r, int reason, redress_time at) {
  uint32_t mask = rd_pause_mask(&r->policy->p, reason);
  r->waiting[reason] = 1;
  for (size_t i = 0; i < r->list->n; i++) {
    rd_deadline *d = &r->list->items[i];
    if (!rd_deadline_open(d) || stopped(r, d) || !(mask & (1u << d->kind))) continue;
    if (d->due > at) d->stop_since = at;
  }
}

/* A wait ends: every clock it stopped and no other wait still stops resumes, shifted by
 * the open time lost. */
static int end_pause(replay *r, int reason, redress_time at) {
  if (!r->waiting[reason]) return REDRESS_OK;
  for (size_t i = 0; i < r->list->n; i++) {
    rd_deadline *d = &r->list->items[i];
    if (!rd_deadline_open(d) || !stopped(r, d) || stopped_by_a_wait(r, d->kind, reason)) continue;
    int rc = catch_up(r, d, at);
    if (rc != REDRESS_OK) return rc;
    d->stop_since = REDRESS_TIME_NEVER;
  }
  r->waiting[reason] = 0;
  return REDRESS_OK;
}

/* Closed or withdrawn: what was already late stays breached, the rest is not owed. */
static void settle_at_close(replay *r, redress_time at) {
  for (size_t i = 0; i < r->list->n; i++) {
    rd_deadline *d = &r->list->items[i];
    if (!rd_deadline_open(d)) continue;
    if (d->due <= at && !stopped(r, d))
      d->settled_breach = 1;
    else
      d->dropped = 1;
  }
  memset(r->waiting, 0, sizeof r->waiting);
}

/* A new severity may select another policy: open deadlines run to its targets. */
static int reselect(replay *r, const redress_event *ev, int severity) {
  int rc = select_policy(r, ev, severity);
  for (size_t i = 0; rc == REDRESS_OK && i < r->list->n; i++) {
    rd_deadline *d = &r->list->items[i];
    if (!rd_deadline_open(d) || d->kind == REDRESS_DEADLINE_PROMISE) continue;
    /* a migration or a new team changes what is still to come: a breach it finds stays
     * a breach */
    if (ev->kind != REDRESS_EVENT_SET_SEVERITY && d->due <= ev->at && !stopped(r, d)) continue;
    d->target = target_of(r, d);
    if (d->target.amount == 0) d->dropped = 1;
    else rc = schedule(r, d);
  }
  return rc;
}

/* An assignment to another team chooses the policy again (a team's policy may match);
 * one that keeps the team changes no deadline (rd_event_chooses_policy_in). */
static int assign(replay *r, const redress_event *ev) {
  const char *team = rd_event_text(ev, RD_SLOT_TEAM);
  if (rd_same_team(team, r->team)) return REDRESS_OK;
  r->team = team;
  return reselect(r, ev, r->severity);
}

static int hold(replay *r, redress_time at) {
  for (size_t i = 0; i < r->list->n; i++) {
    rd_deadline *d = &r->list->items[i];
    if (d->kind != REDRESS_DEADLINE_RESOLVE || !rd_deadline_open(d) || d->extended) continue;
    /* "before it is due": a stopped clock is not due, whatever its due time says */
    if ((at >= d->due && !stopped(r, d)) || r->policy->p.resolve_extended.amount == 0)
      continue;
    d->extended = 1;
    d->target = r->policy->p.resolve_extended;
    int rc = schedule(r, d);
    if (rc != REDRESS_OK) return rc;
  }
  return REDRESS_OK;
}

/* A final response (respond, resolve_on_the_spot) meets RESOLVE and, within it, the
 * summary target; after the summary target passed, meeting it is what reads LAPSED. */
static int resolved(replay *r, redress_time at) {
  int rc = meet(r, REDRESS_DEADLINE_SUMMARY_RESOLVE, at);
  return rc != REDRESS_OK ? rc : meet(r, REDRESS_DEADLINE_RESOLVE, at);
}

static int on_contact(replay *r, const redress_event *ev, int state_after) {
  int rc = meet(r, REDRESS_DEADLINE_ACKNOWLEDGE, ev->at);
  if (rc == REDRESS_OK) rc = meet(r, REDRESS_DEADLINE_UPDATE, ev->at);
  if (rc == REDRESS_OK) rc = meet(r, REDRESS_DEADLINE_PROMISE, ev->at);
  if (rc == REDRESS_OK) rc = meet(r, REDRESS_DEADLINE_NEXT_REPLY, ev->at);
  if (rc != REDRESS_OK || !rd_state_is_open(state_after)) return rc;
  return push(r, REDRESS_DEADLINE_UPDATE, ev, r->policy->p.update_every, 0);
}

static int on_event(replay *r, const redress_event *ev) {
  const redress_policy *p = &r->policy->p;
  int rc = REDRESS_OK;
  switch (ev->kind) {
  case REDRESS_EVENT_CREATE:
    rc = push(r, REDRESS_DEADLINE_ACKNOWLEDGE, ev, p->acknowledge, 0);
    if (rc == REDRESS_OK) rc = push(r, REDRESS_DEADLINE_SUMMARY_RESOLVE, ev, p->summary_resolve, 0);
    if (rc == REDRESS_OK) rc = push(r, REDRESS_DEADLINE_RESOLVE, ev, p->resolve, 0);
    return rc;
  case REDRESS_EVENT_RESPOND: return resolved(r, ev->at);
  case REDRESS_EVENT_FULFILL: return push(r, REDRESS_DEADLINE_FOLLOW_UP, ev, p->follow_up, 0);
  case REDRESS_EVENT_RESOLVE_ON_THE_SPOT:
    rc = resolved(r, ev->at);
    return rc != REDRESS_OK ? rc : push(r, REDRESS_DEADLINE_FOLLOW_UP, ev, p->follow_up, 0);
  case REDRESS_EVENT_HOLD: return hold(r, ev->at);
  case REDRESS_EVENT_AWAIT_CUSTOMER:
    begin_pause(r, REDRESS_PAUSE_AWAITING_CUSTOMER, ev->at);
    return REDRESS_OK;
  case REDRESS_EVENT_CUSTOMER_REPLY:
    rc = end_pause(r, REDRESS_PAUSE_AWAITING_CUSTOMER, ev->at);
    return rc != REDRESS_OK ? rc : customer_spoke(r, ev);
  case REDRESS_EVENT_AWAIT_THIRD_PARTY:
    begin_pause(r, REDRESS_PAUSE_AWAITING_THIRD_PARTY, ev->at);
    return REDRESS_OK;
  case REDRESS_EVENT_THIRD_PARTY_REPLY:
    return end_pause(r, REDRESS_PAUSE_AWAITING_THIRD_PARTY, ev->at);
  case REDRESS_EVENT_CUSTOMER_MESSAGE: return customer_spoke(r, ev);
  case REDRESS_EVENT_REOPEN: return reopen(r, ev);
  case REDRESS_EVENT_CONFIRM:
  case REDRESS_EVENT_CLOSE:
    rc = meet(r, REDRESS_DEADLINE_FOLLOW_UP, ev->at);
    settle_at_close(r, ev->at);
    return rc;
  case REDRESS_EVENT_WITHDRAW: settle_at_close(r, ev->at); return REDRESS_OK;
  case REDRESS_EVENT_SET_SEVERITY:
    r->severity = (int)rd_event_num(ev, REDRESS_FIELD_SEVERITY);
    return reselect(r, ev, r->severity);
  case REDRESS_EVENT_MIGRATE_POLICY: return reselect(r, ev, r->severity);
  case REDRESS_EVENT_ASSIGN: return assign(r, ev);
  case REDRESS_EVENT_PROMISE:
    return push(r, REDRESS_DEADLINE_PROMISE, ev, (redress_span){0, REDRESS_SPAN_CALENDAR_SECONDS},
                rd_event_num(ev, REDRESS_FIELD_DUE));
  default: return REDRESS_OK;
  }
}

static int replay_history(replay *r) {
  const redress_complaint *c = r->c;
  r->severity = c->initial_severity;
  if (c->n_events == 0) return select_policy(r, &(redress_event){.seq = 0}, c->initial_severity);
  int rc = select_policy(r, c->events[0], c->initial_severity);
  for (size_t i = 0; rc == REDRESS_OK && i < c->n_events; i++) {
    const redress_event *ev = c->events[i];
    /* contact first: a promise or a response also meets what earlier contact owed;
     * ev->state is the lifecycle's state after the event */
    if (ev->visible) rc = on_contact(r, ev, ev->state);
    if (rc == REDRESS_OK) rc = on_event(r, ev);
  }
  return rc;
}

int rd_alarm_notified(const redress_complaint *c, const rd_deadline *d, int level) {
  for (size_t i = 0; i < c->n_alarms; i++) {
    const rd_alarm *a = &c->alarms[i];
    if (a->kind == d->kind && a->anchor == d->anchor && a->level == level) return 1;
  }
  return 0;
}

void rd_deadlines_refresh_alarm(redress_deadlines *l, const redress_complaint *c) {
  l->next_alarm = REDRESS_TIME_NEVER;
  for (size_t i = 0; i < l->n; i++) {
    const rd_deadline *d = &l->items[i];
    if (!rd_deadline_open(d) || d->paused_now || !rd_kind_alarms(d->kind)) continue;
    redress_time next = REDRESS_TIME_NEVER;
    for (int w = 0; w < d->n_warns && next == REDRESS_TIME_NEVER; w++)
      if (!rd_alarm_notified(c, d, rd_warning_level(w))) next = d->warns[w];
    if (next == REDRESS_TIME_NEVER && !rd_alarm_notified(c, d, REDRESS_ALARM_BREACH))
      next = d->due;
    if (next < l->next_alarm) l->next_alarm = next;
  }
}

/* Marks clocks stopped at the end and finds the earliest alarm still owed. */
static void finish(replay *r) {
  redress_deadlines *l = r->list;
  for (size_t i = 0; i < l->n; i++) {
    rd_deadline *d = &l->items[i];
    if (rd_deadline_open(d)) d->paused_now = stopped(r, d);
  }
  rd_deadlines_refresh_alarm(l, r->c);
}

/* Dropped deadlines are not owed any more: the list shows only the others. */
static void compact(redress_deadlines *l) {
  size_t kept = 0;
  for (size_t i = 0; i < l->n; i++)
    if (!l->items[i].dropped) l->items[kept++] = l->items[i];
  l->n = kept;
}

int rd_deadlines_replay(redress_deadlines *l, const redress_complaint *c, redress_time now) {
  l->n = 0;
  l->now = now;
  replay r;
  memset(&r, 0, sizeof r);
  r.list = l;
  r.c = c;
  r.desk = c->desk;
  int rc = replay_history(&r);
  if (rc != REDRESS_OK) return rc;
  finish(&r);
  compact(l);
  return REDRESS_OK;
}

void redress_deadlines_free(redress_deadlines *deadlines) {
  if (deadlines == NULL) return;
  redress_allocator a = deadlines->alloc;
  rd_free(&a, deadlines->items);
  rd_free(&a, deadlines);
}

int rd_deadlines_compute(redress_deadlines **out, const redress_complaint *c, redress_time now) {
  redress_desk *desk = c->desk;
  redress_deadlines *l = rd_alloc(rd_desk_alloc(desk), sizeof *l);
  if (l == NULL) return rd_fail(desk, REDRESS_ERR_NOMEM, "out of memory");
  memset(l, 0, sizeof *l);
  l->alloc = *rd_desk_alloc(desk);
  int rc = rd_deadlines_replay(l, c, now);
  if (rc != REDRESS_OK) {
    redress_deadlines_free(l);
    return rc;
  }
  *out = l;
  return REDRESS_OK;
}

int rd_next_alarm(redress_time *out, const redress_complaint *c) {
  redress_deadlines l;
  memset(&l, 0, sizeof l);
  l.alloc = *rd_desk_alloc(c->desk);
  int rc = rd_deadlines_replay(&l, c, rd_complaint_updated_at(c));
  if (rc == REDRESS_OK) *out = l.next_alarm;
  rd_free(&l.alloc, l.items);
  return rc;
}

/* Deadline lists: derived by deadline.c, read by the store record, the alarm tick and
 * the metrics. Not installed. */
#ifndef RD_DEADLINE_INTERNAL_H
#define RD_DEADLINE_INTERNAL_H

#include "deadlines/policy.h"

typedef struct rd_deadline {
  int kind;
  uint32_t anchor;        /* seq of the event that started it */
  redress_time start;     /* when its clock started */
  redress_span target;    /* the policy target it runs to (unused for PROMISE) */
  int64_t paused;         /* business seconds paused since start */
  redress_time due;
  redress_time warn_at;   /* the first warning; REDRESS_TIME_NEVER: no warning */
  /* every warning level's time, in level order (warns[0] == warn_at); n_warns of them */
  redress_time warns[REDRESS_POLICY_WARN_LEVELS];
  int n_warns;
  redress_time met_at;    /* REDRESS_TIME_NEVER: not met */
  int extended;           /* RESOLVE moved to resolve_extended by a holding reply */
  int settled_breach;     /* past due when the complaint was closed or withdrawn */
  int dropped;            /* no longer owed */
  int paused_now;         /* the clock is stopped at the end of the history */
  redress_time stop_since; /* when its clock stopped (a wait); REDRESS_TIME_NEVER: running */
} rd_deadline;

struct redress_deadlines {
  redress_allocator alloc;
  const rd_policy *policy; /* the policy it ran on, borrowed from the desk */
  redress_time now;
  rd_deadline *items;
  size_t n;
  size_t cap;
  redress_time next_alarm;
};

/* Derives the deadlines of c as they stand after its whole history. */
int rd_deadlines_compute(redress_deadlines **out, const redress_complaint *c, redress_time now);
/*
 * The same into a list the caller owns (zeroed before first use, its `alloc` set):
 * its items are replaced and its buffer reused, so that a caller deriving the
 * deadlines of many complaints (the metrics) allocates once rather than per
 * complaint. On failure the list's contents are unspecified; free its items with
 * rd_free(&l->alloc, l->items).
 */
int rd_deadlines_replay(redress_deadlines *l, const redress_complaint *c, redress_time now);
/* 1 when d still runs: not met, not settled, not dropped. */
int rd_deadline_open(const rd_deadline *d);
/* deadline_list.c: the redress_deadline_state of an item of l, at l's `now`. */
int rd_deadline_state(const redress_deadlines *l, const rd_deadline *d);
/* The earliest alarm not yet notified, or REDRESS_TIME_NEVER (for the store record). */
int rd_next_alarm(redress_time *out, const redress_complaint *c);
/* Recomputes l's next_alarm after c notified more alarms: l was derived from c's
 * history as it stands (alarms are not events, so the deadlines are still c's). */
void rd_deadlines_refresh_alarm(redress_deadlines *l, const redress_complaint *c);
/* The alarm level of warning i of a deadline: WARNING, then WARNING_2 .. WARNING_4. */
static inline int rd_warning_level(int i) { return i == 0 ? REDRESS_ALARM_WARNING : REDRESS_ALARM_WARNING_2 + i - 1; }
/* Whether a deadline of this kind raises alarms: a summary resolution target that
 * passes is no breach (the final response is still owed), so it raises none. */
static inline int rd_kind_alarms(int kind) { return kind != REDRESS_DEADLINE_SUMMARY_RESOLVE; }
/* The state a deadline of this kind reads: a SUMMARY_RESOLVE that passed unmet, or was
 * met after it passed, LAPSED rather than BREACHED or MET_LATE. */
static inline int rd_kind_state(int kind, int state) {
  if (kind == REDRESS_DEADLINE_SUMMARY_RESOLVE &&
      (state == REDRESS_DEADLINE_BREACHED || state == REDRESS_DEADLINE_MET_LATE))
    return REDRESS_DEADLINE_LAPSED;
  return state;
}
/* 1 when c already notified this alarm. */
int rd_alarm_notified(const redress_complaint *c, const rd_deadline *d, int level);

#endif

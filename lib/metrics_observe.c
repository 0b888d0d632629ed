/* Reading one complaint into what it contributes to the metrics (docs/metrics.md). */
#include "metrics.h"

#include <string.h>

/* What the history says beyond the derived state. */
typedef struct marks {
  int contacted;
  redress_time first_contact; /* the first customer-visible event */
  int resolved;
  redress_time resolved_at;   /* the fulfill or resolve_on_the_spot that stands */
} marks;

static marks read_history(const redress_complaint *c) {
  marks h = {0, 0, 0, 0};
  for (size_t i = 0; i < c->n_events; i++) {
    const redress_event *ev = c->events[i];
    if (ev->visible && !h.contacted) {
      h.contacted = 1;
      h.first_contact = ev->at;
    }
    if (ev->kind == REDRESS_EVENT_FULFILL || ev->kind == REDRESS_EVENT_RESOLVE_ON_THE_SPOT) {
      h.resolved = 1;
      h.resolved_at = ev->at;
    } else if (ev->kind == REDRESS_EVENT_REOPEN) {
      h.resolved = 0; /* that resolution no longer stands */
    }
  }
  return h;
}

/* A declined complaint is unresolved for the customer, however fast it was handled. */
static int outcome_of(const rd_observation *obs) {
  if (obs->decision == REDRESS_DECISION_DECLINED) return RD_OUTCOME_UNRESOLVED;
  if (obs->on_the_spot) return RD_OUTCOME_ON_THE_SPOT;
  if (obs->resolved) return RD_OUTCOME_RESOLVED;
  return RD_OUTCOME_UNRESOLVED;
}

static void read_outcome(rd_observation *obs, const redress_complaint *c, const marks *h) {
  obs->state = c->state;
  obs->decision = c->decision;
  obs->on_the_spot = c->on_the_spot;
  obs->resolved = h->resolved;
  obs->contacted = h->contacted;
  obs->reopens = c->reopen_count;
  obs->satisfaction = c->satisfaction;
  obs->customer_value = c->customer_value;
  obs->outcome = outcome_of(obs);
  obs->dissatisfied = obs->outcome == RD_OUTCOME_UNRESOLVED ||
                      (obs->satisfaction >= 1 && obs->satisfaction <= 2);
  if (h->resolved && c->compensation != REDRESS_AMOUNT_UNKNOWN)
    obs->compensation_paid = c->compensation;
}

/* Counts the deadlines by kind and state as of as_of; finds the policy's calendar. */
static int read_deadlines(rd_observation *obs, const redress_calendar **cal, redress_metrics *m,
                          const redress_complaint *c) {
  redress_deadlines *list = &m->scratch;
  int rc = rd_deadlines_replay(list, c, m->as_of);
  if (rc != REDRESS_OK) return rc;
  size_t n = redress_deadlines_count(list);
  for (size_t i = 0; i < n; i++) {
    int kind = redress_deadlines_kind(list, i), state = redress_deadlines_state(list, i);
    obs->deadlines[kind][state]++;
  }
  return rd_metrics_policy_calendar(cal, m->desk, redress_deadlines_policy(list));
}

/* cal NULL: always open, so the open time is the plain time. */
static int add_duration(rd_observation *obs, int set, const redress_calendar *cal,
                        redress_time from, redress_time to) {
  int64_t open = to - from;
  int rc = cal != NULL ? redress_calendar_elapsed(&open, cal, from, to) : REDRESS_OK;
  if (rc != REDRESS_OK) return rc;
  obs->has_sample[set] = obs->has_sample[set + 1] = 1;
  obs->sample[set] = to - from;
  obs->sample[set + 1] = open;
  return REDRESS_OK;
}

static int read_durations(rd_observation *obs, const redress_calendar *cal,
                          const redress_complaint *c, const marks *h) {
  int rc = REDRESS_OK;
  if (h->contacted)
    rc = add_duration(obs, RD_SAMPLES_ACK, cal, c->received_at, h->first_contact);
  if (rc == REDRESS_OK && h->resolved)
    rc = add_duration(obs, RD_SAMPLES_RESOLVE, cal, c->received_at, h->resolved_at);
  return rc;
}

static int read_group(rd_observation *obs, redress_metrics *m, const redress_complaint *c) {
  obs->group = -1;
  switch (m->group_by) {
  case REDRESS_GROUP_BY_CHANNEL: obs->group = c->channel; return REDRESS_OK;
  case REDRESS_GROUP_BY_SEVERITY: obs->group = c->severity; return REDRESS_OK;
  case REDRESS_GROUP_BY_LEGITIMACY: obs->group = c->legitimacy; return REDRESS_OK;
  case REDRESS_GROUP_BY_TEMPERAMENT: return rd_metrics_temperament(&obs->group, m->desk, c);
  case REDRESS_GROUP_BY_CATEGORY:
    obs->category = c->category != NULL ? c->category : "";
    return REDRESS_OK;
  default: return REDRESS_OK;
  }
}

int rd_metrics_observe(rd_observation *obs, redress_metrics *m, const redress_complaint *c) {
  memset(obs, 0, sizeof *obs);
  const redress_calendar *cal = NULL;
  int rc = read_deadlines(obs, &cal, m, c);
  if (rc != REDRESS_OK) return rc;
  marks h = read_history(c);
  read_outcome(obs, c, &h);
  rc = read_durations(obs, cal, c, &h);
  if (rc == REDRESS_OK) rc = read_group(obs, m, c);
  return rc;
}

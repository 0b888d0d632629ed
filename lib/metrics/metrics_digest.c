/* The metrics digest of a complaint (lib/internal.h, rd_digest): derived once after
 * each change by replaying the history, then read by every accumulator it is added
 * to, whatever its as_of. Replaying costs most of an add (the events are separate
 * allocations spread over the heap); reading the digest touches one object. */
#include "metrics/metrics.h"

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

/* A deadline as of no particular time: its state, or -1 when as_of decides it
 * (the order of the tests is that of rd_deadline_state). */
static int state_without_now(const rd_deadline *d) {
  if (d->met_at != REDRESS_TIME_NEVER)
    return rd_kind_state(d->kind, d->met_at <= d->due ? REDRESS_DEADLINE_MET
                                                      : REDRESS_DEADLINE_MET_LATE);
  if (d->settled_breach) return rd_kind_state(d->kind, REDRESS_DEADLINE_BREACHED);
  if (d->paused_now) return REDRESS_DEADLINE_PAUSED;
  return -1;
}

/* Splits the deadlines into counts and running ones; PARTIAL when they do not fit. */
static void summarize_deadlines(rd_digest *d, const redress_deadlines *l) {
  for (size_t i = 0; i < l->n; i++) {
    const rd_deadline *dl = &l->items[i];
    int state = state_without_now(dl);
    if (state >= 0 && d->final[dl->kind][state - 1] < UINT8_MAX) {
      d->final[dl->kind][state - 1]++;
    } else if (state < 0 && d->n_running < RD_DIGEST_RUNNING) {
      d->running_kind[d->n_running] = (uint8_t)dl->kind;
      d->running_due[d->n_running++] = dl->due;
    } else {
      d->n_running = RD_DIGEST_PARTIAL;
      return;
    }
  }
}

/* cal NULL: always open, so the open time is the plain time. */
static int duration(int64_t *plain, int64_t *open, const redress_calendar *cal,
                    redress_time from, redress_time to) {
  *plain = to - from;
  *open = to - from;
  return cal != NULL ? redress_calendar_elapsed(open, cal, from, to) : REDRESS_OK;
}

static int read_durations(rd_digest *d, const redress_calendar *cal, const redress_complaint *c) {
  marks h = read_history(c);
  d->contacted = (uint8_t)h.contacted;
  d->resolved = (uint8_t)h.resolved;
  int rc = REDRESS_OK;
  if (h.contacted) rc = duration(&d->ack, &d->ack_open, cal, c->received_at, h.first_contact);
  if (rc == REDRESS_OK && h.resolved)
    rc = duration(&d->resolve, &d->resolve_open, cal, c->received_at, h.resolved_at);
  return rc;
}

/* Copies of the derived state: enumeration values are small, so bytes hold them. */
static void copy_state(rd_digest *d, const redress_complaint *c) {
  d->reopens = c->reopen_count;
  d->state = (uint8_t)c->state;
  d->decision = (uint8_t)c->decision;
  d->on_the_spot = (uint8_t)c->on_the_spot;
  d->satisfaction = (uint8_t)c->satisfaction;
  d->channel = (uint8_t)c->channel;
  d->severity = (uint8_t)c->severity;
  d->legitimacy = (uint8_t)c->legitimacy;
  d->customer_value = c->customer_value;
  d->compensation = c->compensation;
}

/* Replays c into the accumulator's scratch list and reads what the metrics need. */
static int derive(rd_digest *d, redress_metrics *m, const redress_complaint *c) {
  memset(d, 0, sizeof *d);
  copy_state(d, c);
  redress_deadlines *l = &m->scratch;
  int rc = rd_deadlines_replay(l, c, m->as_of);
  if (rc != REDRESS_OK) return rc;
  summarize_deadlines(d, l);
  /* business durations run on the calendar of the policy the deadlines ran on
   * (NULL: always open, where open time is plain time) */
  return read_durations(d, l->policy->cal, c);
}

/* The key of digests derived under the desk's current policies; 0 (never kept) should
 * a desk ever hold 2^32 - 1 of them. */
static uint32_t current_key(const redress_desk *desk) {
  size_t n = rd_deadline_ctx_of_const(desk)->n_policies;
  return n < UINT32_MAX ? (uint32_t)n + 1 : 0;
}

int rd_metrics_digest(const rd_digest **out, redress_metrics *m, const redress_complaint *c) {
  uint32_t key = current_key(c->desk);
  if (key != 0 && c->digest.policies == key) {
    *out = &c->digest;
    return REDRESS_OK;
  }
  rd_digest *d = &m->digest;
  int rc = derive(d, m, c);
  if (rc != REDRESS_OK) return rc;
  d->policies = key;
  *out = d;
  if (key == 0 || d->n_running == RD_DIGEST_PARTIAL) return REDRESS_OK;
  /* The digest is the documented cache of redress_metrics_add() (redress/metrics.h): a
   * member no getter, save or JSON reads, so writing it through the complaint the
   * caller lent us changes nothing it can observe; the desk's thread rule covers it. */
  redress_complaint *cached = (redress_complaint *)(uintptr_t)c;
  cached->digest = *d;
  return REDRESS_OK;
}

void rd_metrics_digest_count(uint64_t counts[][REDRESS_DEADLINE_STATE_COUNT],
                             const rd_observation *obs) {
  const redress_deadlines *l = obs->replayed;
  if (l != NULL) {
    /* the replay that derived the digest left this complaint's deadlines in the
     * accumulator's scratch list, judged as of its as_of */
    for (size_t i = 0; i < l->n; i++)
      counts[l->items[i].kind][rd_deadline_state(l, &l->items[i])]++;
    return;
  }
  const rd_digest *d = obs->digest;
  for (int k = 0; k < REDRESS_DEADLINE_KIND_COUNT; k++)
    for (int s = 1; s < REDRESS_DEADLINE_STATE_COUNT; s++) counts[k][s] += d->final[k][s - 1];
  for (unsigned i = 0; i < d->n_running; i++) {
    int state = d->running_due[i] <= obs->as_of ? REDRESS_DEADLINE_BREACHED : REDRESS_DEADLINE_PENDING;
    counts[d->running_kind[i]][rd_kind_state(d->running_kind[i], state)]++;
  }
}

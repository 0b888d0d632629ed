/* Reading one complaint into what it contributes to the metrics (docs/metrics.md). */
#include "metrics/metrics.h"

/* A declined complaint is unresolved for the customer, however fast it was handled. */
static int outcome_of(const rd_observation *obs) {
  if (obs->decision == REDRESS_DECISION_DECLINED) return RD_OUTCOME_UNRESOLVED;
  if (obs->on_the_spot) return RD_OUTCOME_ON_THE_SPOT;
  if (obs->resolved) return RD_OUTCOME_RESOLVED;
  return RD_OUTCOME_UNRESOLVED;
}

static void read_outcome(rd_observation *obs, const rd_digest *d) {
  obs->state = d->state;
  obs->decision = d->decision;
  obs->on_the_spot = d->on_the_spot;
  obs->resolved = d->resolved;
  obs->contacted = d->contacted;
  obs->reopens = d->reopens;
  obs->satisfaction = d->satisfaction;
  obs->customer_value = d->customer_value;
  obs->outcome = outcome_of(obs);
  obs->dissatisfied = obs->outcome == RD_OUTCOME_UNRESOLVED ||
                      (obs->satisfaction >= 1 && obs->satisfaction <= 2);
  obs->compensation_paid =
      d->resolved && d->compensation != REDRESS_AMOUNT_UNKNOWN ? d->compensation : 0;
}

static void add_duration(rd_observation *obs, int set, int64_t plain, int64_t open) {
  obs->has_sample[set] = obs->has_sample[set + 1] = 1;
  obs->sample[set] = plain;
  obs->sample[set + 1] = open;
}

static void no_duration(rd_observation *obs, int set) {
  obs->has_sample[set] = obs->has_sample[set + 1] = 0;
  obs->sample[set] = obs->sample[set + 1] = 0;
}

static void read_durations(rd_observation *obs, const rd_digest *d) {
  if (d->contacted)
    add_duration(obs, RD_SAMPLES_ACK, d->ack, d->ack_open);
  else
    no_duration(obs, RD_SAMPLES_ACK);
  if (d->resolved)
    add_duration(obs, RD_SAMPLES_RESOLVE, d->resolve, d->resolve_open);
  else
    no_duration(obs, RD_SAMPLES_RESOLVE);
}

static int read_group(rd_observation *obs, redress_metrics *m, const redress_complaint *c,
                      const rd_digest *d) {
  obs->group = -1;
  obs->key = NULL;
  switch (m->group_by) {
  case REDRESS_GROUP_BY_CHANNEL: obs->group = d->channel; return REDRESS_OK;
  case REDRESS_GROUP_BY_SEVERITY: obs->group = d->severity; return REDRESS_OK;
  case REDRESS_GROUP_BY_LEGITIMACY: obs->group = d->legitimacy; return REDRESS_OK;
  case REDRESS_GROUP_BY_TEMPERAMENT: return rd_metrics_temperament(&obs->group, m->desk, c);
  case REDRESS_GROUP_BY_CATEGORY:
    obs->key = c->category != NULL ? c->category : "";
    return REDRESS_OK;
  case REDRESS_GROUP_BY_OWNER:
    obs->key = rd_complaint_owner(c) != NULL ? rd_complaint_owner(c) : "";
    return REDRESS_OK;
  case REDRESS_GROUP_BY_TEAM:
    obs->key = rd_complaint_team(c) != NULL ? rd_complaint_team(c) : "";
    return REDRESS_OK;
  case REDRESS_GROUP_BY_WEEK:
  case REDRESS_GROUP_BY_MONTH:
    rd_metrics_period_key(obs->period, sizeof obs->period, m->group_by, c->received_at);
    obs->key = obs->period;
    return REDRESS_OK;
  default: return REDRESS_OK;
  }
}

/* Every field is set one by one: clearing the whole observation first costs an add
 * more than reading it does. */
int rd_metrics_observe(rd_observation *obs, redress_metrics *m, const redress_complaint *c) {
  const rd_digest *d = NULL;
  int rc = rd_metrics_digest(&d, m, c);
  if (rc != REDRESS_OK) return rc;
  obs->digest = d;
  obs->replayed = d->n_running == RD_DIGEST_PARTIAL ? &m->scratch : NULL;
  obs->as_of = m->as_of;
  read_outcome(obs, d);
  read_durations(obs, d);
  return read_group(obs, m, c, d);
}

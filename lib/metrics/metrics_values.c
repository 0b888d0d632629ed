/* The metrics: their stable names and how each is computed from a group's tallies
 * and samples (formulas in docs/metrics.md). A metric is a family and an argument,
 * so a new metric is a new table row. */
#include "metrics/metrics.h"

#include <math.h>

typedef enum family {
  F_COMPLAINTS,
  F_STATE,            /* arg: redress_state */
  F_DECISION,         /* arg: redress_decision */
  F_ON_THE_SPOT,
  F_FIRST_CONTACT_RATE,
  F_RESOLVED,
  F_OUTCOME,          /* arg: RD_OUTCOME_* */
  F_DEADLINES,        /* arg: redress_deadline_kind */
  F_ON_TIME_RATE,     /* arg: redress_deadline_kind */
  F_BREACHES,         /* arg: redress_deadline_kind */
  F_LAPSED,           /* arg: redress_deadline_kind (SUMMARY_RESOLVE) */
  F_CONTACTED,
  F_MEAN,             /* arg: RD_SAMPLES_* */
  F_MEDIAN,           /* arg: RD_SAMPLES_* */
  F_P90,              /* arg: RD_SAMPLES_* */
  F_REOPENED,
  F_REOPENS,
  F_REOPEN_RATE,
  F_SATISFACTION_ANSWERS,
  F_SATISFACTION_MEAN,
  F_SATISFIED_SHARE,
  F_COMPENSATED,
  F_COMPENSATION_PAID,
  F_EXPECTED_RETAINED,
  F_EXPECTED_LOST,
  F_RETENTION_RATE,
  F_REVENUE_AT_RISK,
  F_VALUE_UNKNOWN,
  F_SILENT_DISSATISFIED,
  F_SILENT_LOST,
  F_DISSATISFIED,
  F_WORD_OF_MOUTH,
  F_CUSTOMERS_SAVED
} family;

typedef struct metric_info {
  const char *name;
  family fam;
  int arg;
} metric_info;

#define M(id, name, fam, arg) [REDRESS_METRIC_##id] = {name, fam, arg}
#define DEADLINE_METRICS(ID, name, kind)                               \
  M(ID##_DEADLINES, name "_deadlines", F_DEADLINES, kind),             \
  M(ID##_ON_TIME_RATE, name "_on_time_rate", F_ON_TIME_RATE, kind),    \
  M(ID##_BREACHES, name "_breaches", F_BREACHES, kind)
#define DURATION_METRICS(ID, name, set)                                \
  M(ID##_MEAN, name "_mean", F_MEAN, set),                             \
  M(ID##_MEDIAN, name "_median", F_MEDIAN, set),                       \
  M(ID##_P90, name "_p90", F_P90, set)

static const metric_info metrics[REDRESS_METRIC_COUNT] = {
    M(COMPLAINTS, "complaints", F_COMPLAINTS, 0),
    M(STATE_RECEIVED, "state_received", F_STATE, REDRESS_STATE_RECEIVED),
    M(STATE_ACKNOWLEDGED, "state_acknowledged", F_STATE, REDRESS_STATE_ACKNOWLEDGED),
    M(STATE_INVESTIGATING, "state_investigating", F_STATE, REDRESS_STATE_INVESTIGATING),
    M(STATE_AWAITING_CUSTOMER, "state_awaiting_customer", F_STATE,
      REDRESS_STATE_AWAITING_CUSTOMER),
    M(STATE_RESPONDED, "state_responded", F_STATE, REDRESS_STATE_RESPONDED),
    M(STATE_RESOLVED, "state_resolved", F_STATE, REDRESS_STATE_RESOLVED),
    M(STATE_CLOSED, "state_closed", F_STATE, REDRESS_STATE_CLOSED),
    M(STATE_WITHDRAWN, "state_withdrawn", F_STATE, REDRESS_STATE_WITHDRAWN),
    M(DECISION_NONE, "decision_none", F_DECISION, REDRESS_DECISION_NONE),
    M(DECISION_UPHELD, "decision_upheld", F_DECISION, REDRESS_DECISION_UPHELD),
    M(DECISION_PARTLY_UPHELD, "decision_partly_upheld", F_DECISION,
      REDRESS_DECISION_PARTLY_UPHELD),
    M(DECISION_DECLINED, "decision_declined", F_DECISION, REDRESS_DECISION_DECLINED),
    M(ON_THE_SPOT, "on_the_spot", F_ON_THE_SPOT, 0),
    M(FIRST_CONTACT_RESOLUTION_RATE, "first_contact_resolution_rate", F_FIRST_CONTACT_RATE, 0),
    M(RESOLVED, "resolved", F_RESOLVED, 0),
    M(OUTCOME_ON_THE_SPOT, "outcome_on_the_spot", F_OUTCOME, RD_OUTCOME_ON_THE_SPOT),
    M(OUTCOME_RESOLVED, "outcome_resolved", F_OUTCOME, RD_OUTCOME_RESOLVED),
    M(OUTCOME_UNRESOLVED, "outcome_unresolved", F_OUTCOME, RD_OUTCOME_UNRESOLVED),
    DEADLINE_METRICS(ACKNOWLEDGE, "acknowledge", REDRESS_DEADLINE_ACKNOWLEDGE),
    DEADLINE_METRICS(UPDATE, "update", REDRESS_DEADLINE_UPDATE),
    DEADLINE_METRICS(RESOLVE, "resolve", REDRESS_DEADLINE_RESOLVE),
    DEADLINE_METRICS(PROMISE, "promise", REDRESS_DEADLINE_PROMISE),
    DEADLINE_METRICS(FOLLOW_UP, "follow_up", REDRESS_DEADLINE_FOLLOW_UP),
    DEADLINE_METRICS(NEXT_REPLY, "next_reply", REDRESS_DEADLINE_NEXT_REPLY),
    M(CONTACTED, "contacted", F_CONTACTED, 0),
    DURATION_METRICS(TIME_TO_ACKNOWLEDGE, "time_to_acknowledge", RD_SAMPLES_ACK),
    DURATION_METRICS(TIME_TO_ACKNOWLEDGE_BUSINESS, "time_to_acknowledge_business",
                     RD_SAMPLES_ACK_BUSINESS),
    DURATION_METRICS(TIME_TO_RESOLVE, "time_to_resolve", RD_SAMPLES_RESOLVE),
    DURATION_METRICS(TIME_TO_RESOLVE_BUSINESS, "time_to_resolve_business",
                     RD_SAMPLES_RESOLVE_BUSINESS),
    M(REOPENED, "reopened", F_REOPENED, 0),
    M(REOPENS, "reopens", F_REOPENS, 0),
    M(REOPEN_RATE, "reopen_rate", F_REOPEN_RATE, 0),
    M(SATISFACTION_ANSWERS, "satisfaction_answers", F_SATISFACTION_ANSWERS, 0),
    M(SATISFACTION_MEAN, "satisfaction_mean", F_SATISFACTION_MEAN, 0),
    M(SATISFIED_SHARE, "satisfied_share", F_SATISFIED_SHARE, 0),
    M(COMPENSATED, "compensated", F_COMPENSATED, 0),
    M(COMPENSATION_PAID, "compensation_paid", F_COMPENSATION_PAID, 0),
    M(EXPECTED_RETAINED, "expected_retained", F_EXPECTED_RETAINED, 0),
    M(EXPECTED_LOST, "expected_lost", F_EXPECTED_LOST, 0),
    M(RETENTION_RATE, "retention_rate", F_RETENTION_RATE, 0),
    M(REVENUE_AT_RISK, "revenue_at_risk", F_REVENUE_AT_RISK, 0),
    M(VALUE_UNKNOWN, "value_unknown", F_VALUE_UNKNOWN, 0),
    M(SILENT_DISSATISFIED, "silent_dissatisfied", F_SILENT_DISSATISFIED, 0),
    M(SILENT_LOST, "silent_lost", F_SILENT_LOST, 0),
    M(DISSATISFIED_COMPLAINANTS, "dissatisfied_complainants", F_DISSATISFIED, 0),
    M(WORD_OF_MOUTH_REACH, "word_of_mouth_reach", F_WORD_OF_MOUTH, 0),
    M(CUSTOMERS_SAVED, "customers_saved", F_CUSTOMERS_SAVED, 0),
    M(SUMMARY_RESOLVE_DEADLINES, "summary_resolve_deadlines", F_DEADLINES,
      REDRESS_DEADLINE_SUMMARY_RESOLVE),
    M(SUMMARY_RESOLUTION_RATE, "summary_resolution_rate", F_ON_TIME_RATE,
      REDRESS_DEADLINE_SUMMARY_RESOLVE),
    M(SUMMARY_RESOLVE_LAPSED, "summary_resolve_lapsed", F_LAPSED, REDRESS_DEADLINE_SUMMARY_RESOLVE),
};

static const char *const group_by_names[REDRESS_GROUP_BY_COUNT] = {
    "none", "channel", "category", "temperament", "legitimacy", "severity", "owner", "team",
    "week", "month"};

const char *rd_group_by_name(int group_by) {
  if (group_by < 0 || group_by >= REDRESS_GROUP_BY_COUNT) return NULL;
  return group_by_names[group_by];
}

const char *rd_metric_name(int metric) {
  if (metric < 0 || metric >= REDRESS_METRIC_COUNT) return NULL;
  return metrics[metric].name;
}

/* A share with nothing to share is undefined: NaN, never a division by zero. */
static double ratio(uint64_t part, uint64_t whole) {
  return whole == 0 ? NAN : (double)part / (double)whole;
}

/* Met, met late, breached; for SUMMARY_RESOLVE, which never breaches, met or lapsed. */
static uint64_t decided(const rd_metrics_tally *t, int kind) {
  const uint64_t *s = t->deadlines[kind];
  return s[REDRESS_DEADLINE_MET] + s[REDRESS_DEADLINE_MET_LATE] + s[REDRESS_DEADLINE_BREACHED] +
         s[REDRESS_DEADLINE_LAPSED];
}

static uint64_t breaches(const rd_metrics_tally *t, int kind) {
  const uint64_t *s = t->deadlines[kind];
  return s[REDRESS_DEADLINE_MET_LATE] + s[REDRESS_DEADLINE_BREACHED];
}

/* Sum over the retention classes of the class's count times its probability. */
static double expected_retained(const redress_retention_model *model, const rd_metrics_tally *t) {
  double kept = 0.0;
  for (int o = 0; o < RD_OUTCOME_COUNT; o++)
    kept += (double)t->by_outcome[o] * rd_metrics_retention(model, o);
  return kept;
}

static double revenue_at_risk(const redress_retention_model *model, const rd_metrics_tally *t) {
  double risk = 0.0;
  for (int o = 0; o < RD_OUTCOME_COUNT; o++)
    risk += (1.0 - rd_metrics_retention(model, o)) * rd_wide_value(t->value_by_outcome[o]);
  return risk;
}

static double silent_dissatisfied(const redress_retention_model *model, const rd_metrics_tally *t) {
  return (double)t->complaints * (1.0 - model->voice_rate) / model->voice_rate;
}

static double customers_saved(const redress_retention_model *model, const rd_metrics_tally *t) {
  return expected_retained(model, t) - (double)t->complaints * model->retention_unresolved;
}

static double samples_value(rd_samples *s, family fam) {
  switch (fam) {
  case F_MEAN: return rd_samples_mean(s);
  case F_MEDIAN: return rd_quantile(s->v, s->n, 1, 2);
  default: return rd_quantile(s->v, s->n, 9, 10);
  }
}

static double counts_value(const rd_metrics_tally *t, family fam, int arg) {
  switch (fam) {
  case F_COMPLAINTS: return (double)t->complaints;
  case F_STATE: return (double)t->by_state[arg];
  case F_DECISION: return (double)t->by_decision[arg];
  case F_ON_THE_SPOT: return (double)t->on_the_spot;
  case F_FIRST_CONTACT_RATE: return ratio(t->on_the_spot, t->complaints);
  case F_RESOLVED: return (double)t->resolved;
  case F_OUTCOME: return (double)t->by_outcome[arg];
  case F_DEADLINES: return (double)decided(t, arg);
  case F_ON_TIME_RATE: return ratio(t->deadlines[arg][REDRESS_DEADLINE_MET], decided(t, arg));
  case F_BREACHES: return (double)breaches(t, arg);
  case F_LAPSED: return (double)t->deadlines[arg][REDRESS_DEADLINE_LAPSED];
  case F_CONTACTED: return (double)t->contacted;
  case F_REOPENED: return (double)t->reopened;
  case F_REOPENS: return (double)t->reopens;
  case F_REOPEN_RATE: return ratio(t->reopened, t->complaints);
  case F_SATISFACTION_ANSWERS: return (double)t->satisfaction_answers;
  case F_SATISFACTION_MEAN: return ratio(t->satisfaction_sum, t->satisfaction_answers);
  case F_SATISFIED_SHARE: return ratio(t->satisfied, t->satisfaction_answers);
  case F_COMPENSATED: return (double)t->compensated;
  case F_COMPENSATION_PAID: return rd_wide_value(t->compensation_paid);
  case F_VALUE_UNKNOWN: return (double)t->value_unknown;
  case F_DISSATISFIED: return (double)t->dissatisfied;
  default: return NAN;
  }
}

/* The whole-number metrics as they were counted: the counts, and the money summed
 * (rd_wide, which a double rounds past 2^53). 0 for the others: rates, durations and
 * the model's estimates have no exact whole value. */
static int counts_exact(const rd_metrics_tally *t, family fam, int arg, rd_wide *out) {
  uint64_t n;
  switch (fam) {
  case F_COMPENSATION_PAID: *out = t->compensation_paid; return 1;
  case F_COMPLAINTS: n = t->complaints; break;
  case F_STATE: n = t->by_state[arg]; break;
  case F_DECISION: n = t->by_decision[arg]; break;
  case F_ON_THE_SPOT: n = t->on_the_spot; break;
  case F_RESOLVED: n = t->resolved; break;
  case F_OUTCOME: n = t->by_outcome[arg]; break;
  case F_DEADLINES: n = decided(t, arg); break;
  case F_BREACHES: n = breaches(t, arg); break;
  case F_LAPSED: n = t->deadlines[arg][REDRESS_DEADLINE_LAPSED]; break;
  case F_CONTACTED: n = t->contacted; break;
  case F_REOPENED: n = t->reopened; break;
  case F_REOPENS: n = t->reopens; break;
  case F_SATISFACTION_ANSWERS: n = t->satisfaction_answers; break;
  case F_COMPENSATED: n = t->compensated; break;
  case F_VALUE_UNKNOWN: n = t->value_unknown; break;
  case F_DISSATISFIED: n = t->dissatisfied; break;
  default: return 0;
  }
  out->hi = 0;
  out->lo = n;
  return 1;
}

int rd_metrics_exact(const rd_mgroup *g, int metric, rd_wide *out) {
  return counts_exact(&g->tally, metrics[metric].fam, metrics[metric].arg, out);
}

static double model_value(const redress_retention_model *model, const rd_metrics_tally *t, family fam) {
  switch (fam) {
  case F_EXPECTED_RETAINED: return expected_retained(model, t);
  case F_EXPECTED_LOST: return (double)t->complaints - expected_retained(model, t);
  case F_RETENTION_RATE:
    return t->complaints == 0 ? NAN : expected_retained(model, t) / (double)t->complaints;
  case F_REVENUE_AT_RISK: return revenue_at_risk(model, t);
  case F_SILENT_DISSATISFIED: return silent_dissatisfied(model, t);
  case F_SILENT_LOST: return silent_dissatisfied(model, t) * model->silent_churn;
  case F_WORD_OF_MOUTH:
    return model->word_of_mouth * (silent_dissatisfied(model, t) + (double)t->dissatisfied);
  case F_CUSTOMERS_SAVED: return customers_saved(model, t);
  default: return counts_value(t, fam, 0);
  }
}

double rd_metrics_compute(redress_metrics *m, rd_mgroup *g, int metric) {
  const metric_info *info = &metrics[metric];
  switch (info->fam) {
  case F_MEAN:
  case F_MEDIAN:
  case F_P90: return samples_value(rd_samples_holder(g->samples, info->arg), info->fam);
  case F_EXPECTED_RETAINED:
  case F_EXPECTED_LOST:
  case F_RETENTION_RATE:
  case F_REVENUE_AT_RISK:
  case F_SILENT_DISSATISFIED:
  case F_SILENT_LOST:
  case F_WORD_OF_MOUTH:
  case F_CUSTOMERS_SAVED: return model_value(&m->model, &g->tally, info->fam);
  default: return counts_value(&g->tally, info->fam, info->arg);
  }
}

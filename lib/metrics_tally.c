/* Tallies and sample sets: counting one complaint, merging two accumulators. */
#include "metrics.h"

void rd_wide_add(rd_wide *sum, uint64_t x) {
  sum->lo += x;
  if (sum->lo < x) sum->hi++; /* the low word wrapped: carry */
}

void rd_wide_merge(rd_wide *sum, rd_wide x) {
  rd_wide_add(sum, x.lo);
  sum->hi += x.hi;
}

double rd_wide_value(rd_wide x) {
  return (double)x.hi * 18446744073709551616.0 + (double)x.lo;
}

static void observe_deadlines(rd_tally *t, const rd_observation *obs) {
  for (int k = 0; k < REDRESS_DEADLINE_KIND_COUNT; k++)
    for (int s = 0; s < REDRESS_DEADLINE_STATE_COUNT; s++) t->deadlines[k][s] += obs->deadlines[k][s];
}

static void observe_outcome(rd_tally *t, const rd_observation *obs) {
  t->by_outcome[obs->outcome]++;
  if (obs->customer_value == REDRESS_AMOUNT_UNKNOWN)
    t->value_unknown++;
  else
    rd_wide_add(&t->value_by_outcome[obs->outcome], (uint64_t)obs->customer_value);
  t->dissatisfied += obs->dissatisfied != 0;
}

void rd_tally_observe(rd_tally *t, const rd_observation *obs) {
  t->complaints++;
  t->by_state[obs->state]++;
  t->by_decision[obs->decision]++;
  observe_outcome(t, obs);
  t->on_the_spot += obs->on_the_spot != 0;
  t->resolved += obs->resolved != 0;
  t->contacted += obs->contacted != 0;
  observe_deadlines(t, obs);
  t->reopened += obs->reopens > 0;
  t->reopens += obs->reopens;
  if (obs->satisfaction > 0) {
    t->satisfaction_answers++;
    t->satisfaction_sum += (uint64_t)obs->satisfaction;
    t->satisfied += obs->satisfaction >= 4;
  }
  if (obs->compensation_paid > 0) {
    t->compensated++;
    rd_wide_add(&t->compensation_paid, (uint64_t)obs->compensation_paid);
  }
}

static void merge_counts(uint64_t *dst, const uint64_t *src, size_t n) {
  for (size_t i = 0; i < n; i++) dst[i] += src[i];
}

void rd_tally_merge(rd_tally *dst, const rd_tally *src) {
  dst->complaints += src->complaints;
  merge_counts(dst->by_state, src->by_state, REDRESS_STATE_COUNT);
  merge_counts(dst->by_decision, src->by_decision, REDRESS_DECISION_COUNT);
  merge_counts(dst->by_outcome, src->by_outcome, RD_OUTCOME_COUNT);
  for (int i = 0; i < RD_OUTCOME_COUNT; i++)
    rd_wide_merge(&dst->value_by_outcome[i], src->value_by_outcome[i]);
  dst->value_unknown += src->value_unknown;
  dst->on_the_spot += src->on_the_spot;
  dst->resolved += src->resolved;
  dst->contacted += src->contacted;
  for (int k = 0; k < REDRESS_DEADLINE_KIND_COUNT; k++)
    merge_counts(dst->deadlines[k], src->deadlines[k], REDRESS_DEADLINE_STATE_COUNT);
  dst->reopened += src->reopened;
  dst->reopens += src->reopens;
  dst->satisfaction_answers += src->satisfaction_answers;
  dst->satisfaction_sum += src->satisfaction_sum;
  dst->satisfied += src->satisfied;
  dst->dissatisfied += src->dissatisfied;
  dst->compensated += src->compensated;
  rd_wide_merge(&dst->compensation_paid, src->compensation_paid);
}

int rd_samples_reserve(const redress_allocator *a, rd_samples *sets, const size_t *more) {
  for (int i = 0; i < RD_SAMPLES_COUNT; i++) {
    rd_samples *s = &sets[i];
    if (more[i] == 0) continue;
    if (more[i] > SIZE_MAX - s->n) return REDRESS_ERR_NOMEM;
    void *v = s->v;
    int rc = rd_reserve(a, &v, &s->cap, s->n + more[i], sizeof *s->v);
    s->v = v;
    if (rc != REDRESS_OK) return rc; /* what grew stays grown: spare room changes nothing */
  }
  return REDRESS_OK;
}

static void push(rd_samples *s, int64_t x) {
  s->v[s->n++] = x;
  rd_wide_add(&s->sum, (uint64_t)x);
}

void rd_samples_observe(rd_samples *sets, const rd_observation *obs) {
  for (int i = 0; i < RD_SAMPLES_COUNT; i++)
    if (obs->has_sample[i]) push(&sets[i], obs->sample[i]);
}

void rd_samples_merge(rd_samples *dst, const rd_samples *src) {
  for (int i = 0; i < RD_SAMPLES_COUNT; i++)
    for (size_t j = 0; j < src[i].n; j++) push(&dst[i], src[i].v[j]);
}

void rd_mgroup_release(const redress_allocator *a, rd_mgroup *g) {
  for (int i = 0; i < RD_SAMPLES_COUNT; i++) rd_free(a, g->samples[i].v);
  if (g->key_owned) rd_free(a, (void *)(uintptr_t)g->key);
}

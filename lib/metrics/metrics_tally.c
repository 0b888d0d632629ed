/* Tallies and sample sets: counting one complaint, merging two accumulators. */
#include "metrics/metrics.h"

#include <string.h>

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

/* Divides x by 10 in place, by 32-bit limbs (no 128-bit type on every compiler); the
 * remainder. */
static unsigned wide_div10(rd_wide *x) {
  uint32_t limbs[4] = {(uint32_t)(x->hi >> 32), (uint32_t)x->hi, (uint32_t)(x->lo >> 32),
                       (uint32_t)x->lo};
  uint64_t rest = 0;
  for (int i = 0; i < 4; i++) {
    uint64_t part = rest << 32 | limbs[i];
    limbs[i] = (uint32_t)(part / 10);
    rest = part % 10;
  }
  x->hi = (uint64_t)limbs[0] << 32 | limbs[1];
  x->lo = (uint64_t)limbs[2] << 32 | limbs[3];
  return (unsigned)rest;
}

void rd_wide_decimal(char out[RD_WIDE_DIGITS + 1], rd_wide x) {
  char digits[RD_WIDE_DIGITS];
  size_t n = 0;
  do digits[n++] = (char)('0' + wide_div10(&x));
  while (x.hi != 0 || x.lo != 0);
  for (size_t i = 0; i < n; i++) out[i] = digits[n - 1 - i];
  out[n] = '\0';
}

static void observe_outcome(rd_metrics_tally *t, const rd_observation *obs) {
  t->by_outcome[obs->outcome]++;
  if (obs->customer_value == REDRESS_AMOUNT_UNKNOWN)
    t->value_unknown++;
  else
    rd_wide_add(&t->value_by_outcome[obs->outcome], (uint64_t)obs->customer_value);
  t->dissatisfied += obs->dissatisfied != 0;
}

void rd_metrics_tally_observe(rd_metrics_tally *t, const rd_observation *obs) {
  t->complaints++;
  t->by_state[obs->state]++;
  t->by_decision[obs->decision]++;
  observe_outcome(t, obs);
  t->on_the_spot += obs->on_the_spot != 0;
  t->resolved += obs->resolved != 0;
  t->contacted += obs->contacted != 0;
  rd_metrics_digest_count(t->deadlines, obs);
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

void rd_metrics_tally_merge(rd_metrics_tally *dst, const rd_metrics_tally *src) {
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

static int is_business(int set) {
  return set == RD_SAMPLES_ACK_BUSINESS || set == RD_SAMPLES_RESOLVE_BUSINESS;
}

static int shares(const rd_samples *sets, int set) {
  return is_business(set) && !sets[set].separate;
}

size_t rd_samples_count(const rd_samples *sets, int i) {
  return shares(sets, i) ? sets[i - 1].n : sets[i].n;
}

rd_samples *rd_samples_holder(rd_samples *sets, int i) {
  return shares(sets, i) ? &sets[i - 1] : &sets[i];
}

void rd_samples_own_for_observe(int *own, const rd_samples *sets, const rd_observation *obs) {
  for (int i = 0; i < RD_SAMPLES_COUNT; i++) {
    int shared = sets != NULL ? shares(sets, i) : is_business(i);
    own[i] = shared && obs->has_sample[i] && obs->sample[i] != obs->sample[i - 1];
  }
}

void rd_samples_own_for_merge(int *own, const rd_samples *dst, const rd_samples *src) {
  for (int i = 0; i < RD_SAMPLES_COUNT; i++) {
    int shared = dst != NULL ? shares(dst, i) : is_business(i);
    own[i] = shared && !shares(src, i);
  }
}

static int grow(const redress_allocator *a, rd_samples *s, size_t more) {
  if (more > SIZE_MAX - s->n) return REDRESS_ERR_NOMEM;
  void *v = s->v;
  int rc = rd_reserve(a, &v, &s->cap, s->n + more, sizeof *s->v);
  s->v = v;
  return rc;
}

/* A shared business set takes a copy of its plain set's samples (the same values,
 * so no metric changes), with room for `more`. */
static int separate(const redress_allocator *a, rd_samples *s, const rd_samples *plain,
                    size_t more) {
  if (more > SIZE_MAX - plain->n) return REDRESS_ERR_NOMEM;
  int rc = grow(a, s, plain->n + more); /* s is empty: n is 0 */
  if (rc != REDRESS_OK) return rc;
  if (plain->n > 0) memcpy(s->v, plain->v, plain->n * sizeof *s->v);
  s->n = plain->n;
  s->sum = plain->sum;
  s->separate = 1;
  return REDRESS_OK;
}

int rd_samples_reserve(const redress_allocator *a, rd_samples *sets, const size_t *more,
                       const int *own) {
  for (int i = 0; i < RD_SAMPLES_COUNT; i++) {
    int rc = REDRESS_OK;
    if (shares(sets, i)) {
      if (own != NULL && own[i]) rc = separate(a, &sets[i], &sets[i - 1], more[i]);
    } else if (more[i] != 0) {
      rc = grow(a, &sets[i], more[i]);
    }
    if (rc != REDRESS_OK) return rc; /* what grew stays grown: spare room changes nothing */
  }
  return REDRESS_OK;
}

int rd_samples_have_room(const rd_samples *sets, const rd_observation *obs) {
  for (int i = 0; i < RD_SAMPLES_COUNT; i++) {
    if (!obs->has_sample[i]) continue;
    if (shares(sets, i) ? obs->sample[i] != obs->sample[i - 1] : sets[i].n == sets[i].cap)
      return 0;
  }
  return 1;
}

static void push(rd_samples *s, int64_t x) {
  s->v[s->n++] = x;
  rd_wide_add(&s->sum, (uint64_t)x);
}

/* A shared business set takes nothing: the plain set's push holds its sample too. */
void rd_samples_observe(rd_samples *sets, const rd_observation *obs) {
  for (int i = 0; i < RD_SAMPLES_COUNT; i++)
    if (obs->has_sample[i] && !shares(sets, i)) push(&sets[i], obs->sample[i]);
}

void rd_samples_merge(rd_samples *dst, const rd_samples *src) {
  for (int i = 0; i < RD_SAMPLES_COUNT; i++) {
    if (shares(dst, i)) continue; /* so does src's (own_for_merge), merged with the plain set */
    const rd_samples *from = shares(src, i) ? &src[i - 1] : &src[i];
    for (size_t j = 0; j < from->n; j++) push(&dst[i], from->v[j]);
  }
}

void rd_mgroup_release(const redress_allocator *a, rd_mgroup *g) {
  for (int i = 0; i < RD_SAMPLES_COUNT; i++) rd_free(a, g->samples[i].v);
  if (g->key_owned) rd_free(a, (void *)(uintptr_t)g->key);
}

/* Merging one accumulator into another, all or nothing: every allocation (room for
 * samples, new keyed groups) is made first, and only then is anything counted. */
#include "metrics/metrics.h"

static void sample_counts(size_t *more, const rd_samples *sets) {
  for (int i = 0; i < RD_SAMPLES_COUNT; i++) more[i] = rd_samples_count(sets, i);
}

/* The group of m that src's group i goes to, or -1 if m has none yet. */
static long target_of(const redress_metrics *m, const redress_metrics *src, size_t i) {
  if (!rd_metrics_keyed(m->group_by)) return (long)i;
  return rd_metrics_group_lookup(m, src->groups[i].key);
}

/* Makes room for every sample of src and prepares the groups m lacks; on failure
 * releases what it prepared. *staged receives the number of groups prepared. */
static int prepare(redress_metrics *m, const redress_metrics *src, size_t *staged) {
  size_t more[RD_SAMPLES_COUNT];
  int own[RD_SAMPLES_COUNT];
  *staged = 0;
  sample_counts(more, src->total.samples);
  rd_samples_own_for_merge(own, m->total.samples, src->total.samples);
  int rc = rd_samples_reserve(&m->alloc, m->total.samples, more, own);
  if (rc == REDRESS_OK && rd_metrics_keyed(m->group_by))
    rc = rd_metrics_groups_reserve(m, src->n_groups);
  if (rc != REDRESS_OK) return rd_fail(m->desk, rc, "out of memory");
  for (size_t i = 0; rc == REDRESS_OK && i < src->n_groups; i++) {
    const rd_samples *from = src->groups[i].samples;
    sample_counts(more, from);
    long t = target_of(m, src, i);
    if (t < 0) {
      rd_samples_own_for_merge(own, NULL, from); /* a new group's sets all share */
      rc = rd_metrics_group_prepare(m, m->n_groups + *staged, src->groups[i].key, more, own);
      if (rc == REDRESS_OK) ++*staged;
      continue;
    }
    rd_samples_own_for_merge(own, m->groups[t].samples, from);
    if (rd_samples_reserve(&m->alloc, m->groups[t].samples, more, own) != REDRESS_OK) {
      rc = rd_fail(m->desk, REDRESS_ERR_NOMEM, "out of memory");
    }
  }
  if (rc != REDRESS_OK)
    for (size_t s = 0; s < *staged; s++) rd_mgroup_release(&m->alloc, &m->groups[m->n_groups + s]);
  return rc;
}

static void merge_group(rd_mgroup *dst, const rd_mgroup *src) {
  rd_metrics_tally_merge(&dst->tally, &src->tally);
  rd_samples_merge(dst->samples, src->samples);
}

int rd_metrics_merge(redress_metrics *m, const redress_metrics *src) {
  size_t staged = 0;
  int rc = prepare(m, src, &staged);
  if (rc != REDRESS_OK) return rc;
  /* every allocation is done: from here on nothing can fail */
  for (size_t s = 0; s < staged; s++) rd_metrics_group_commit(m);
  merge_group(&m->total, &src->total);
  for (size_t i = 0; i < src->n_groups; i++)
    merge_group(&m->groups[target_of(m, src, i)], &src->groups[i]);
  return REDRESS_OK;
}

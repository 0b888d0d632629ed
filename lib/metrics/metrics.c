/* The metrics accumulator: creation, adding complaints, reading values and groups. */
#include "metrics/metrics.h"

#include <string.h>

static int create(redress_metrics **out, redress_desk *desk, const redress_retention_model *model,
                  int group_by, redress_time as_of) {
  redress_metrics *m = rd_alloc(rd_desk_alloc(desk), sizeof *m);
  if (m == NULL) return rd_fail(desk, REDRESS_ERR_NOMEM, "out of memory");
  memset(m, 0, sizeof *m);
  m->desk = desk;
  m->alloc = *rd_desk_alloc(desk);
  m->model = *model;
  m->group_by = group_by;
  m->as_of = as_of;
  m->scratch.alloc = *rd_desk_alloc(desk);
  if (rd_metrics_groups_init(m) != REDRESS_OK) {
    rd_free(rd_desk_alloc(desk), m);
    return rd_fail(desk, REDRESS_ERR_NOMEM, "out of memory");
  }
  *out = m;
  return REDRESS_OK;
}

int redress_metrics_new(redress_metrics **out, redress_desk *desk,
                        const redress_retention_model *model, int group_by, redress_time as_of) {
  if (desk == NULL) return REDRESS_ERR_INVALID;
  if (out == NULL) return rd_fail(desk, REDRESS_ERR_INVALID, "metrics_new: out is required");
  rd_ok(desk);
  redress_retention_model defaults = REDRESS_RETENTION_MODEL_INIT;
  if (model == NULL) model = &defaults;
  int rc = rd_metrics_model_check(desk, model);
  if (rc != REDRESS_OK) return rc;
  if (group_by < 0 || group_by >= REDRESS_GROUP_BY_COUNT)
    return rd_fail(desk, REDRESS_ERR_INVALID, "metrics_new: unknown grouping %d", group_by);
  rc = rd_check_time(desk, "metrics as_of", as_of);
  if (rc != REDRESS_OK) return rc;
  return create(out, desk, model, group_by, as_of);
}

int rd_metrics_twin(redress_metrics **out, const redress_metrics *m) {
  return create(out, m->desk, &m->model, m->group_by, m->as_of);
}

void redress_metrics_free(redress_metrics *metrics) {
  if (metrics == NULL) return;
  redress_allocator a = metrics->alloc;
  rd_mgroup_release(&a, &metrics->total);
  rd_metrics_groups_free(metrics);
  rd_free(&a, metrics->scratch.items);
  rd_free(&a, metrics);
}

/* Finds the observation's group, preparing a new keyed group if needed. Sets
 * *fresh when the group is prepared in slot n_groups and awaits its commit. */
static int locate(rd_mgroup **out, int *fresh, redress_metrics *m, const rd_observation *obs,
                  const size_t *more, const int *own) {
  *fresh = 0;
  if (m->group_by == REDRESS_GROUP_BY_NONE) {
    *out = NULL;
    return REDRESS_OK;
  }
  if (!rd_metrics_keyed(m->group_by)) {
    *out = &m->groups[obs->group];
    return REDRESS_OK;
  }
  long found = rd_metrics_group_lookup(m, obs->key);
  if (found >= 0) {
    *out = &m->groups[found];
    return REDRESS_OK;
  }
  if (rd_metrics_groups_reserve(m, 1) != REDRESS_OK)
    return rd_fail(m->desk, REDRESS_ERR_NOMEM, "out of memory");
  int rc = rd_metrics_group_prepare(m, m->n_groups, obs->key, more, own);
  if (rc != REDRESS_OK) return rc;
  *fresh = 1;
  *out = &m->groups[m->n_groups];
  return REDRESS_OK;
}

static void count_into(rd_mgroup *g, const rd_observation *obs) {
  rd_metrics_tally_observe(&g->tally, obs);
  rd_samples_observe(g->samples, obs);
}

/* Room for the observation's samples in sets: see rd_samples_reserve. */
static int reserve_for(redress_metrics *m, rd_samples *sets, const rd_observation *obs,
                       const size_t *more) {
  int own[RD_SAMPLES_COUNT];
  rd_samples_own_for_observe(own, sets, obs);
  if (rd_samples_reserve(&m->alloc, sets, more, own) != REDRESS_OK)
    return rd_fail(m->desk, REDRESS_ERR_NOMEM, "out of memory");
  return REDRESS_OK;
}

/* The group of an enumeration grouping (NULL for none); 0 for the keyed groupings,
 * whose group may need creating. */
static int enumerated_group(rd_mgroup **out, redress_metrics *m, const rd_observation *obs) {
  *out = NULL;
  if (rd_metrics_keyed(m->group_by)) return 0;
  if (m->group_by != REDRESS_GROUP_BY_NONE) *out = &m->groups[obs->group];
  return 1;
}

/* The usual add: the group exists and every sample set has room, so nothing is
 * allocated and nothing can fail. Returns 0, having counted nothing, otherwise. */
static int add_in_place(redress_metrics *m, const rd_observation *obs) {
  rd_mgroup *g = NULL;
  if (!enumerated_group(&g, m, obs) || !rd_samples_have_room(m->total.samples, obs) ||
      (g != NULL && !rd_samples_have_room(g->samples, obs)))
    return 0;
  count_into(&m->total, obs);
  if (g != NULL) count_into(g, obs);
  return 1;
}

/* Any other add: room and groups are made first, all or nothing, then it counts. */
static int add_allocating(redress_metrics *m, const rd_observation *obs) {
  size_t more[RD_SAMPLES_COUNT];
  for (int i = 0; i < RD_SAMPLES_COUNT; i++) more[i] = (size_t)obs->has_sample[i];
  int rc = reserve_for(m, m->total.samples, obs, more);
  if (rc != REDRESS_OK) return rc;
  int fresh_own[RD_SAMPLES_COUNT]; /* for a new group, whose business sets all share */
  rd_samples_own_for_observe(fresh_own, NULL, obs);
  rd_mgroup *g = NULL;
  int fresh = 0;
  rc = locate(&g, &fresh, m, obs, more, fresh_own);
  if (rc == REDRESS_OK && g != NULL && !fresh) rc = reserve_for(m, g->samples, obs, more);
  if (rc != REDRESS_OK) return rc;
  /* every allocation is done: from here on nothing can fail */
  if (fresh) rd_metrics_group_commit(m);
  count_into(&m->total, obs);
  if (g != NULL) count_into(g, obs);
  return REDRESS_OK;
}

int rd_metrics_add(redress_metrics *m, const redress_complaint *c) {
  rd_observation obs;
  int rc = rd_metrics_observe(&obs, m, c);
  if (rc != REDRESS_OK) return rc;
  return add_in_place(m, &obs) ? REDRESS_OK : add_allocating(m, &obs);
}

int redress_metrics_add(redress_metrics *metrics, const redress_complaint *complaint) {
  if (metrics == NULL) return REDRESS_ERR_INVALID;
  redress_desk *desk = metrics->desk;
  if (complaint == NULL || complaint->desk != desk)
    return rd_fail(desk, REDRESS_ERR_INVALID,
                   "metrics_add: the complaint must belong to the accumulator's desk");
  rd_ok(desk);
  return rd_metrics_add(metrics, complaint);
}

static rd_mgroup *group_at(redress_metrics *m, int group) {
  if (group == REDRESS_METRICS_TOTAL) return &m->total;
  if (group < 0 || (size_t)group >= m->n_groups) return NULL;
  return &m->groups[group];
}

/* The checks value and exact share: who names the caller in the message, what its
 * output parameter. On success *g is the group to read. */
static int find_group(rd_mgroup **g, redress_metrics *metrics, const void *out, int group,
                      int metric, const char *who, const char *what) {
  if (metrics == NULL) return REDRESS_ERR_INVALID;
  redress_desk *desk = metrics->desk;
  if (out == NULL) return rd_fail(desk, REDRESS_ERR_INVALID, "%s: %s is required", who, what);
  if (metric < 0 || metric >= REDRESS_METRIC_COUNT)
    return rd_fail(desk, REDRESS_ERR_INVALID, "%s: unknown metric %d", who, metric);
  *g = group_at(metrics, group);
  if (*g == NULL)
    return rd_fail(desk, REDRESS_ERR_NOTFOUND, "%s: no group %d (%zu groups)", who, group,
                   metrics->n_groups);
  return REDRESS_OK;
}

int redress_metrics_value(double *out, redress_metrics *metrics, int group, int metric) {
  rd_mgroup *g = NULL;
  int rc = find_group(&g, metrics, out, group, metric, "metrics_value", "out");
  if (rc != REDRESS_OK) return rc;
  rd_ok(metrics->desk);
  *out = rd_metrics_compute(metrics, g, metric);
  return REDRESS_OK;
}

int redress_metrics_exact(char *buf, size_t size, redress_metrics *metrics, int group,
                          int metric) {
  rd_mgroup *g = NULL;
  int rc = find_group(&g, metrics, buf, group, metric, "metrics_exact", "buf");
  if (rc != REDRESS_OK) return rc;
  redress_desk *desk = metrics->desk;
  rd_wide value;
  if (!rd_metrics_exact(g, metric, &value))
    return rd_fail(desk, REDRESS_ERR_INVALID, "metrics_exact: %s is not a whole number",
                   rd_metric_name(metric));
  char digits[RD_WIDE_DIGITS + 1];
  rd_wide_decimal(digits, value);
  size_t n = strlen(digits);
  if (n >= size)
    return rd_fail(desk, REDRESS_ERR_RANGE, "metrics_exact: %zu bytes hold no %zu digits", size,
                   n);
  memcpy(buf, digits, n + 1);
  rd_ok(desk);
  return REDRESS_OK;
}

size_t redress_metrics_group_count(const redress_metrics *metrics) {
  return metrics != NULL ? metrics->n_groups : 0;
}

const char *redress_metrics_group_key(const redress_metrics *metrics, int group) {
  if (metrics == NULL || group < 0 || (size_t)group >= metrics->n_groups) return NULL;
  return metrics->groups[group].key;
}

int redress_metrics_group_find(int *out, const redress_metrics *metrics, const char *key) {
  if (metrics == NULL) return REDRESS_ERR_INVALID;
  if (out == NULL || key == NULL)
    return rd_fail(metrics->desk, REDRESS_ERR_INVALID, "metrics_group_find: out and key are required");
  long found = rd_metrics_group_lookup(metrics, key);
  if (found < 0)
    return rd_fail(metrics->desk, REDRESS_ERR_NOTFOUND, "metrics: no group '%.128s'", key);
  rd_ok(metrics->desk);
  *out = (int)found;
  return REDRESS_OK;
}

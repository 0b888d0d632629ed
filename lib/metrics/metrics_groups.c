/* The groups of an accumulator: fixed ones for enumeration groupings, and for the
 * keyed groupings (category, owner, team) a growing list indexed by a hash table, so that finding a
 * complaint's group costs O(1) however many categories there are. */
#include "metrics/metrics.h"

#include <string.h>

static const char *enum_key(int group_by, int value) {
  switch (group_by) {
  case REDRESS_GROUP_BY_CHANNEL: return rd_enum_name(REDRESS_ENUM_CHANNEL, value);
  case REDRESS_GROUP_BY_SEVERITY: return rd_enum_name(REDRESS_ENUM_SEVERITY, value);
  case REDRESS_GROUP_BY_LEGITIMACY: return rd_enum_name(REDRESS_ENUM_LEGITIMACY, value);
  case REDRESS_GROUP_BY_TEMPERAMENT: return rd_metrics_temperament_key(value);
  default: return NULL;
  }
}

static size_t enum_groups(int group_by) {
  switch (group_by) {
  case REDRESS_GROUP_BY_CHANNEL: return REDRESS_CHANNEL_COUNT;
  case REDRESS_GROUP_BY_SEVERITY: return REDRESS_SEVERITY_COUNT;
  case REDRESS_GROUP_BY_LEGITIMACY: return REDRESS_LEGITIMACY_COUNT;
  case REDRESS_GROUP_BY_TEMPERAMENT: return REDRESS_TEMPERAMENT_COUNT;
  default: return 0;
  }
}

int rd_metrics_groups_init(redress_metrics *m) {
  size_t n = enum_groups(m->group_by);
  if (n == 0) return REDRESS_OK;
  m->groups = rd_alloc(&m->alloc, n * sizeof *m->groups);
  if (m->groups == NULL) return REDRESS_ERR_NOMEM;
  memset(m->groups, 0, n * sizeof *m->groups);
  for (size_t i = 0; i < n; i++) m->groups[i].key = enum_key(m->group_by, (int)i);
  m->n_groups = m->cap_groups = n;
  return REDRESS_OK;
}

void rd_metrics_groups_free(redress_metrics *m) {
  for (size_t i = 0; i < m->n_groups; i++) rd_mgroup_release(&m->alloc, &m->groups[i]);
  rd_free(&m->alloc, m->groups);
  rd_free(&m->alloc, m->slots);
}

/* FNV-1a: short keys, no adversary worth a keyed hash (keys are the host's categories
 * and names). */
static uint64_t hash_key(const char *key) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (const unsigned char *p = (const unsigned char *)key; *p; p++)
    h = (h ^ *p) * 0x100000001b3ull;
  return h;
}

/* The slot holding key, or the empty slot where it would go. */
static size_t probe(const redress_metrics *m, const char *key) {
  size_t mask = m->n_slots - 1, i = (size_t)hash_key(key) & mask;
  while (m->slots[i] != 0 && strcmp(m->groups[m->slots[i] - 1].key, key) != 0)
    i = (i + 1) & mask;
  return i;
}

long rd_metrics_group_lookup(const redress_metrics *m, const char *key) {
  if (!rd_metrics_keyed(m->group_by)) {
    for (size_t i = 0; i < m->n_groups; i++)
      if (strcmp(m->groups[i].key, key) == 0) return (long)i;
    return -1;
  }
  if (m->n_slots == 0) return -1;
  uint32_t slot = m->slots[probe(m, key)];
  return slot == 0 ? -1 : (long)slot - 1;
}

static void index_group(redress_metrics *m, size_t group) {
  m->slots[probe(m, m->groups[group].key)] = (uint32_t)(group + 1);
}

/* A new, larger index holding every committed group. */
static int grow_index(redress_metrics *m, size_t n_slots) {
  uint32_t *slots = rd_alloc(&m->alloc, n_slots * sizeof *slots);
  if (slots == NULL) return REDRESS_ERR_NOMEM;
  memset(slots, 0, n_slots * sizeof *slots);
  rd_free(&m->alloc, m->slots);
  m->slots = slots;
  m->n_slots = n_slots;
  for (size_t i = 0; i < m->n_groups; i++) index_group(m, i);
  return REDRESS_OK;
}

int rd_metrics_groups_reserve(redress_metrics *m, size_t extra) {
  if (extra > REDRESS_MAX_METRIC_GROUPS) extra = REDRESS_MAX_METRIC_GROUPS;
  size_t need = m->n_groups + extra;
  void *groups = m->groups;
  int rc = rd_reserve(&m->alloc, &groups, &m->cap_groups, need, sizeof *m->groups);
  m->groups = groups;
  if (rc != REDRESS_OK) return rc;
  size_t n_slots = m->n_slots != 0 ? m->n_slots : 16;
  while (n_slots < 2 * need) n_slots *= 2; /* at most half full: short probes */
  return n_slots == m->n_slots ? REDRESS_OK : grow_index(m, n_slots);
}

int rd_metrics_group_prepare(redress_metrics *m, size_t slot, const char *key,
                             const size_t *more, const int *own) {
  if (slot >= REDRESS_MAX_METRIC_GROUPS)
    return rd_fail(m->desk, REDRESS_ERR_RANGE, "metrics: more than %d groups",
                   REDRESS_MAX_METRIC_GROUPS);
  rd_mgroup *g = &m->groups[slot];
  memset(g, 0, sizeof *g);
  g->key = rd_memdup(&m->alloc, key, strlen(key));
  if (g->key == NULL) return rd_fail(m->desk, REDRESS_ERR_NOMEM, "out of memory");
  g->key_owned = 1;
  if (more != NULL && rd_samples_reserve(&m->alloc, g->samples, more, own) != REDRESS_OK) {
    rd_mgroup_release(&m->alloc, g);
    memset(g, 0, sizeof *g);
    return rd_fail(m->desk, REDRESS_ERR_NOMEM, "out of memory");
  }
  return REDRESS_OK;
}

void rd_metrics_group_commit(redress_metrics *m) {
  index_group(m, m->n_groups);
  m->n_groups++;
}

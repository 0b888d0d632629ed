/* Precedents: stored complaints with a decision that resemble this one (same
 * category, shared cues), so that the agent can settle like cases alike. */
#include "classify/classify.h"

#include <stdlib.h>
#include <string.h>

#define SAME_CATEGORY 400 /* per-mille of similarity */
#define SHARED_CUES 600

typedef struct rd_precedent {
  char *id;
  char *remedy;
  int decision;
  int64_t compensation;
  int32_t similarity; /* per-mille */
} rd_precedent;

struct redress_precedents {
  redress_allocator alloc;
  rd_precedent *items;
  size_t count;
};

/* A text's cues as a sorted set of cue indices; modifiers and politeness say
 * nothing about what happened, so they are left out. */
typedef struct cue_set {
  uint32_t *ids;
  size_t count, cap;
} cue_set;

typedef struct prec_ctx {
  redress_desk *desk;
  const rd_matcher *m;
  const redress_complaint *c;
  cue_set mine, theirs;
  rd_matches scratch;
  redress_precedents *list;
  size_t max;
  int rc;
} prec_ctx;

static int cmp_u32(const void *a, const void *b) {
  uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
  return x < y ? -1 : x > y;
}

static int telling(const rd_cue *cue) {
  const rd_cue_class_info *ci = &rd_cue_classes[cue->cls];
  return ci->feeds != RD_FEEDS_MODIFIER && cue->cls != RD_CUE_POLITE;
}

static int cues_of(prec_ctx *p, const char *text, cue_set *set) {
  set->count = 0;
  int rc = rd_matcher_scan(p->m, rd_desk_alloc(p->desk), text, strlen(text), &p->scratch);
  if (rc == REDRESS_OK)
    rc = rd_reserve(rd_desk_alloc(p->desk), (void **)&set->ids, &set->cap, p->scratch.count + 1,
                    sizeof *set->ids);
  if (rc != REDRESS_OK) return rc;
  for (size_t i = 0; i < p->scratch.count; i++)
    if (telling(rd_matcher_cue(p->m, p->scratch.items[i].cue)))
      set->ids[set->count++] = p->scratch.items[i].cue;
  qsort(set->ids, set->count, sizeof *set->ids, cmp_u32);
  size_t n = 0;
  for (size_t i = 0; i < set->count; i++)
    if (n == 0 || set->ids[n - 1] != set->ids[i]) set->ids[n++] = set->ids[i];
  set->count = n;
  return REDRESS_OK;
}

/* Jaccard index of two sorted sets, in per-mille. */
static int32_t jaccard(const cue_set *a, const cue_set *b) {
  size_t i = 0, j = 0, both = 0;
  while (i < a->count && j < b->count) {
    if (a->ids[i] == b->ids[j]) both++, i++, j++;
    else if (a->ids[i] < b->ids[j]) i++;
    else j++;
  }
  size_t either = a->count + b->count - both;
  return either == 0 ? 0 : (int32_t)(both * 1000 / either);
}

static int32_t similarity(prec_ctx *p, const redress_complaint *other) {
  const char *mine = p->c->category, *theirs = other->category;
  int32_t s = mine != NULL && theirs != NULL && strcmp(mine, theirs) == 0 ? SAME_CATEGORY : 0;
  return s + jaccard(&p->mine, &p->theirs) * SHARED_CUES / 1000;
}

/* Best first; ties to the smaller id so that the order never depends on the store. */
static int better(int32_t sim, const char *id, const rd_precedent *than) {
  return sim != than->similarity ? sim > than->similarity : strcmp(id, than->id) < 0;
}

static void free_item(const redress_allocator *a, rd_precedent *it) {
  rd_free(a, it->id);
  rd_free(a, it->remedy);
}

static int make_item(rd_precedent *it, const redress_allocator *a, const redress_complaint *o,
                     int32_t sim) {
  const char *id = redress_complaint_id(o), *remedy = o->remedy;
  it->id = rd_memdup(a, id, strlen(id));
  it->remedy = remedy != NULL ? rd_memdup(a, remedy, strlen(remedy)) : NULL;
  it->decision = o->decision;
  it->compensation = o->compensation;
  it->similarity = sim;
  if (it->id != NULL && (remedy == NULL || it->remedy != NULL)) return REDRESS_OK;
  free_item(a, it);
  return REDRESS_ERR_NOMEM;
}

/* Keeps the list sorted and at most max long. */
static int offer(prec_ctx *p, const redress_complaint *o, int32_t sim) {
  redress_precedents *l = p->list;
  const char *id = redress_complaint_id(o);
  size_t pos = l->count;
  while (pos > 0 && better(sim, id, &l->items[pos - 1])) pos--;
  if (pos >= p->max) return REDRESS_OK;
  rd_precedent it;
  int rc = make_item(&it, &l->alloc, o, sim);
  if (rc != REDRESS_OK) return rc;
  if (l->count == p->max) free_item(&l->alloc, &l->items[--l->count]);
  memmove(&l->items[pos + 1], &l->items[pos], (l->count - pos) * sizeof *l->items);
  l->items[pos] = it;
  l->count++;
  return REDRESS_OK;
}

static int on_complaint(const redress_complaint *o, void *payload) {
  prec_ctx *p = payload;
  if (o->decision == REDRESS_DECISION_NONE ||
      strcmp(redress_complaint_id(o), p->c->id) == 0)
    return 0;
  p->rc = cues_of(p, o->text, &p->theirs);
  int32_t sim = p->rc == REDRESS_OK ? similarity(p, o) : 0;
  if (p->rc == REDRESS_OK && sim > 0) p->rc = offer(p, o, sim);
  return p->rc != REDRESS_OK;
}

void redress_precedents_free(redress_precedents *list) {
  if (list == NULL) return;
  redress_allocator a = list->alloc;
  for (size_t i = 0; i < list->count; i++) free_item(&a, &list->items[i]);
  rd_free(&a, list->items);
  rd_free(&a, list);
}

static int new_list(redress_precedents **out, const redress_allocator *a, size_t max) {
  redress_precedents *l = rd_alloc(a, sizeof *l);
  if (l == NULL) return REDRESS_ERR_NOMEM;
  memset(l, 0, sizeof *l);
  l->alloc = *a;
  l->items = rd_alloc(a, max * sizeof *l->items);
  if (l->items == NULL) {
    rd_free(a, l);
    return REDRESS_ERR_NOMEM;
  }
  *out = l;
  return REDRESS_OK;
}

static int search(prec_ctx *p) {
  int rc = cues_of(p, p->c->text != NULL ? p->c->text : "", &p->mine);
  if (rc != REDRESS_OK) return rc;
  rc = redress_desk_each(p->desk, on_complaint, p);
  return p->rc != REDRESS_OK ? p->rc : rc;
}

int redress_desk_precedents(redress_precedents **out, redress_desk *desk,
                            const redress_complaint *complaint, size_t max_count) {
  if (desk == NULL) return REDRESS_ERR_INVALID;
  if (out == NULL || complaint == NULL || max_count == 0 || max_count > REDRESS_MAX_PRECEDENTS)
    return rd_fail(desk, REDRESS_ERR_INVALID,
                   "precedents: out and complaint are required, max_count 1..%d",
                   REDRESS_MAX_PRECEDENTS);
  if (complaint->desk != desk)
    return rd_fail(desk, REDRESS_ERR_INVALID, "precedents: the complaint belongs to another desk");
  rd_classifier *cls = NULL;
  int rc = rd_classifier_ready(&cls, desk);
  if (rc != REDRESS_OK) return rc;
  prec_ctx p;
  memset(&p, 0, sizeof p);
  p.desk = desk;
  p.m = cls->matcher;
  p.c = complaint;
  p.max = max_count;
  rc = new_list(&p.list, rd_desk_alloc(desk), max_count);
  if (rc == REDRESS_OK) rc = search(&p);
  rd_free(rd_desk_alloc(desk), p.mine.ids);
  rd_free(rd_desk_alloc(desk), p.theirs.ids);
  rd_matches_free(&p.scratch, rd_desk_alloc(desk));
  if (rc != REDRESS_OK) {
    redress_precedents_free(p.list);
    if (rc == REDRESS_ERR_NOMEM) return rd_fail(desk, rc, "precedents: out of memory");
    return rc;
  }
  *out = p.list;
  rd_ok(desk);
  return REDRESS_OK;
}

size_t redress_precedents_count(const redress_precedents *l) { return l ? l->count : 0; }

int redress_precedents_get(redress_precedent *out, const redress_precedents *l, size_t i) {
  if (out == NULL || l == NULL) return REDRESS_ERR_INVALID;
  if (out->version != REDRESS_PRECEDENT_VERSION) return REDRESS_ERR_VERSION;
  if (i >= l->count) return REDRESS_ERR_NOTFOUND;
  const rd_precedent *it = &l->items[i];
  out->id = it->id;
  out->similarity = (double)it->similarity / 1000.0;
  out->decision = it->decision;
  out->remedy = it->remedy;
  out->compensation = it->compensation;
  return REDRESS_OK;
}

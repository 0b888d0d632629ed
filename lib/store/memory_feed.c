/* The memory store's change feed (see memory_feed.h). A save's changes share one
 * allocation: their complaint id and revision are kept once, and each change in 40
 * bytes, so a feed costs about 40 bytes per change plus one allocation per save. A
 * read finds the batch of its first cursor by bisection. */
#include "store/memory_feed.h"

#include <string.h>

static mentry entry_of(const redress_change *ch) {
  mentry e;
  e.at = ch->at;
  e.due = ch->due;
  e.event_seq = ch->event_seq;
  e.anchor = ch->anchor;
  e.kind = ch->kind;
  e.event_kind = ch->event_kind;
  e.deadline_kind = ch->deadline_kind;
  e.level = ch->level;
  return e;
}

static mbatch *batch_new(const redress_allocator *a, const char *id, uint64_t revision,
                         const redress_change *changes, size_t n) {
  size_t id_len = strlen(id);
  if (n > (SIZE_MAX - sizeof(mbatch) - id_len - 1) / sizeof(mentry)) return NULL;
  mbatch *b = rd_alloc(a, sizeof *b + n * sizeof(mentry) + id_len + 1);
  if (b == NULL) return NULL;
  b->first = 0;
  b->revision = revision; /* the record's, whatever the changes say */
  b->n = n;
  for (size_t i = 0; i < n; i++) b->entries[i] = entry_of(&changes[i]);
  char *text = (char *)(b->entries + n);
  memcpy(text, id, id_len + 1);
  b->id = text;
  return b;
}

int rd_mfeed_prepare(mfeed *f, const redress_allocator *a, const char *id, uint64_t revision,
                     const redress_change *changes, size_t n) {
  f->pending = NULL;
  if (n == 0) return REDRESS_OK;
  void *items = f->batches;
  int rc = rd_reserve(a, &items, &f->cap, f->n + 1, sizeof *f->batches);
  f->batches = items;
  if (rc != REDRESS_OK) return rc;
  f->pending = batch_new(a, id, revision, changes, n);
  return f->pending != NULL ? REDRESS_OK : REDRESS_ERR_NOMEM;
}

void rd_mfeed_commit(mfeed *f) {
  mbatch *b = f->pending;
  f->pending = NULL;
  if (b == NULL) return;
  b->first = f->last + 1;
  f->last += b->n;
  f->batches[f->n++] = b;
}

void rd_mfeed_discard(mfeed *f, const redress_allocator *a) {
  rd_free(a, f->pending);
  f->pending = NULL;
}

/* The index of the batch holding `cursor` (>= 1, <= last). */
static size_t batch_of(const mfeed *f, uint64_t cursor) {
  size_t lo = 0, hi = f->n - 1;
  while (lo < hi) {
    size_t mid = lo + (hi - lo + 1) / 2;
    if (f->batches[mid]->first <= cursor) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

static redress_change change_of(const mbatch *b, size_t i) {
  const mentry *e = &b->entries[i];
  redress_change ch = REDRESS_CHANGE_INIT;
  ch.cursor = b->first + i;
  ch.complaint_id = b->id;
  ch.revision = b->revision;
  ch.kind = e->kind;
  ch.event_kind = e->event_kind;
  ch.event_seq = e->event_seq;
  ch.deadline_kind = e->deadline_kind;
  ch.level = e->level;
  ch.anchor = e->anchor;
  ch.at = e->at;
  ch.due = e->due;
  return ch;
}

int rd_mfeed_read(const mfeed *f, uint64_t after, size_t limit, redress_change_cb cb,
                  void *payload) {
  if (after >= f->last || limit == 0) return 0;
  for (size_t k = batch_of(f, after + 1); k < f->n; k++) {
    const mbatch *b = f->batches[k];
    for (size_t i = after + 1 > b->first ? (size_t)(after + 1 - b->first) : 0; i < b->n; i++) {
      redress_change ch = change_of(b, i);
      if (cb(&ch, payload) != 0) return 1;
      if (--limit == 0) return 0;
    }
  }
  return 0;
}

void rd_mfeed_free(mfeed *f, const redress_allocator *a) {
  for (size_t i = 0; i < f->n; i++) rd_free(a, f->batches[i]);
  rd_free(a, f->batches);
  rd_free(a, f->pending);
  memset(f, 0, sizeof *f);
}

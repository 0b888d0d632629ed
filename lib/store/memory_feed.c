/* The memory store's change feed (see memory_feed.h). Cursors are positions: the
 * change with cursor k is items[k - 1], so a read starts in O(1) and a tenant's
 * cursors are consecutive by construction. */
#include "store/memory_feed.h"

#include <string.h>

static mchange *copy_change(const redress_allocator *a, const char *id, size_t id_len,
                            uint64_t revision, const redress_change *in) {
  mchange *m = rd_alloc(a, sizeof *m + id_len + 1);
  if (m == NULL) return NULL;
  m->ch = *in;
  m->ch.version = REDRESS_CHANGE_VERSION;
  m->ch.cursor = 0;
  m->ch.revision = revision; /* the record's, whatever the change says */
  memcpy(m->id, id, id_len + 1);
  m->ch.complaint_id = m->id;
  return m;
}

int rd_mfeed_prepare(mfeed *f, const redress_allocator *a, const char *id, uint64_t revision,
                  const redress_change *changes, size_t n) {
  if (n > SIZE_MAX / sizeof *f->items - f->n) return REDRESS_ERR_NOMEM;
  void *items = f->items;
  int rc = rd_reserve(a, &items, &f->cap, f->n + n, sizeof *f->items);
  f->items = items;
  if (rc != REDRESS_OK) return rc;
  size_t id_len = strlen(id);
  for (size_t i = 0; i < n; i++) {
    f->items[f->n + i] = copy_change(a, id, id_len, revision, &changes[i]);
    if (f->items[f->n + i] == NULL) {
      rd_mfeed_discard(f, a, i);
      return REDRESS_ERR_NOMEM;
    }
  }
  return REDRESS_OK;
}

void rd_mfeed_commit(mfeed *f, size_t n) {
  for (size_t i = 0; i < n; i++) {
    f->items[f->n]->ch.cursor = (uint64_t)f->n + 1;
    f->n++;
  }
}

void rd_mfeed_discard(mfeed *f, const redress_allocator *a, size_t n) {
  for (size_t i = 0; i < n; i++) rd_free(a, f->items[f->n + i]);
}

int rd_mfeed_read(const mfeed *f, uint64_t after, size_t limit, redress_change_cb cb,
               void *payload) {
  for (uint64_t k = after; k < (uint64_t)f->n && limit > 0; k++, limit--)
    if (cb(&f->items[k]->ch, payload) != 0) return 1;
  return 0;
}

void rd_mfeed_free(mfeed *f, const redress_allocator *a) {
  for (size_t i = 0; i < f->n; i++) rd_free(a, f->items[i]);
  rd_free(a, f->items);
  memset(f, 0, sizeof *f);
}

/* The memory store's change feed (memory_feed.c): one tenant's changes in cursor
 * order. Like the rest of the memory store, every allocation is made before anything
 * changes: rd_mfeed_prepare copies a save's changes into a batch and makes room for it,
 * rd_mfeed_commit makes it part of the feed. The caller holds the store's lock. Not
 * installed. */
#ifndef RD_STORE_MEMORY_FEED_H
#define RD_STORE_MEMORY_FEED_H

#include "store/store.h"

/* One change, without what its batch shares (the id, the revision, the cursor). */
typedef struct mentry {
  redress_time at;
  redress_time due;
  uint32_t event_seq;
  uint32_t anchor;
  int32_t kind;
  int32_t event_kind;
  int32_t deadline_kind;
  int32_t level;
} mentry;

/* The changes of one save (or removal), in one allocation: entries, then the id. */
typedef struct mbatch {
  uint64_t first;    /* the cursor of entries[0] */
  uint64_t revision;
  size_t n;
  const char *id;    /* after the entries */
  mentry entries[];
} mbatch;

typedef struct mfeed {
  mbatch **batches; /* by cursor; batches[i]->first grows with i */
  size_t n, cap;
  uint64_t last;    /* the last cursor given */
  mbatch *pending;  /* prepared, not committed */
} mfeed;

/* Copies changes[0..n) (of record `id` at `revision`) into a batch with room for it in
 * the feed, not yet part of it (nothing is prepared for n = 0). REDRESS_ERR_NOMEM leaves
 * f as it was. */
int rd_mfeed_prepare(mfeed *f, const redress_allocator *a, const char *id, uint64_t revision,
                     const redress_change *changes, size_t n);
/* Appends the prepared batch, numbered from the next cursor. */
void rd_mfeed_commit(mfeed *f);
/* Frees the prepared batch (the save did not happen). */
void rd_mfeed_discard(mfeed *f, const redress_allocator *a);
/* Calls cb for the changes after cursor `after`, at most limit; 1 when cb stopped. */
int rd_mfeed_read(const mfeed *f, uint64_t after, size_t limit, redress_change_cb cb,
                  void *payload);
void rd_mfeed_free(mfeed *f, const redress_allocator *a);

#endif

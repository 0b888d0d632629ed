/* The memory store's change feed (memory_feed.c): one tenant's changes in cursor
 * order, each with its complaint id. Like the rest of the memory store, every
 * allocation is made before anything changes: rd_mfeed_prepare copies a save's changes
 * into room past the end, rd_mfeed_commit makes them part of the feed. The caller holds
 * the store's lock. Not installed. */
#ifndef RD_STORE_MEMORY_FEED_H
#define RD_STORE_MEMORY_FEED_H

#include "store/store.h"

typedef struct mchange {
  redress_change ch; /* complaint_id points to id below; cursor set at commit */
  char id[];
} mchange;

typedef struct mfeed {
  mchange **items; /* items[k] has cursor k + 1 */
  size_t n, cap;
} mfeed;

/* Copies changes[0..n) (of record `id` at `revision`) into room after f's last item,
 * not yet part of f. REDRESS_ERR_NOMEM leaves f as it was. */
int rd_mfeed_prepare(mfeed *f, const redress_allocator *a, const char *id, uint64_t revision,
                  const redress_change *changes, size_t n);
/* Appends the n changes rd_mfeed_prepare copied, with the next n cursors. */
void rd_mfeed_commit(mfeed *f, size_t n);
/* Frees the n changes rd_mfeed_prepare copied (the save did not happen). */
void rd_mfeed_discard(mfeed *f, const redress_allocator *a, size_t n);
/* Calls cb for the changes after cursor `after`, at most limit; 1 when cb stopped. */
int rd_mfeed_read(const mfeed *f, uint64_t after, size_t limit, redress_change_cb cb,
               void *payload);
void rd_mfeed_free(mfeed *f, const redress_allocator *a);

#endif

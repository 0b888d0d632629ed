/* The conformance kit's helpers for the change feed (conformance_feed.c), shared by
 * its feed, tenant, desk and process clauses. */
#ifndef REDRESS_STORE_CONFORMANCE_FEED_H
#define REDRESS_STORE_CONFORMANCE_FEED_H

#include "conformance_kit.h"

/* A change the kit expects, or a copy of one a store handed back. */
typedef struct kc_change {
  redress_change ch; /* complaint_id points to id */
  char *id;
  int null_id;       /* the store handed back a NULL complaint_id */
} kc_change;

typedef struct kc_feed {
  kc_change *items;
  size_t n, cap;
  size_t stop_at; /* the reading callback stops at this call of a page (1-based); 0: never */
  size_t calls;
} kc_feed;

/* n changes of one save at `revision`, varied by seed (CREATED first at revision 1). */
void kc_make_changes(redress_change *out, size_t n, uint64_t revision, unsigned seed);
/* Saves `id` at `revision` (expected revision - 1) with the changes, through s, for
 * tenant (NULL: none given); the store's code. */
int kc_save_with(const redress_store *s, const char *tenant, const char *id, uint64_t revision,
                 const redress_change *changes, size_t n);
/* remove_logged of `id` at `revision` with its REMOVED change at `at`. */
int kc_remove_with(const redress_store *s, const char *id, uint64_t revision, redress_time at);

void kc_feed_add(kc_feed *f, const redress_change *ch, const char *id);
/* Appends what a save writes: its changes with the record's id and revision. */
void kc_feed_expect(kc_feed *f, const char *id, uint64_t revision,
                    const redress_change *changes, size_t n);
void kc_feed_free(kc_feed *f);
/* One call of the feed slot, appending to f; the slot's code. */
int kc_read_page(const redress_store *s, uint64_t after, size_t limit, kc_feed *f);
/* Everything after `after`, in pages of `limit`, appended to f; -1 (failed) or 0. */
int kc_read_feed(kc *c, const redress_store *s, const char *where, uint64_t after,
                 size_t limit, kc_feed *f);
/* got against want member by member, cursors consecutive from `first`; -1 or 0. */
int kc_same_feed(kc *c, const char *where, const kc_feed *got, const kc_feed *want,
                 uint64_t first);
/* The whole feed of s against want. */
int kc_expect_feed(kc *c, const redress_store *s, const char *where, const kc_feed *want);
/* 1 when the store has a feed; otherwise the clause is skipped. */
int kc_has_feed(kc *c);

#endif

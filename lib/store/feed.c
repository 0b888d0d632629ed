/* Reading the change feed: pages of changes copied out of the store, checked, then
 * handed to the host outside the store's iteration (so the host may use the desk). */
#include "store/store.h"

#include <stdio.h>
#include <string.h>

/* Changes asked of the store at once: bounded memory whatever the limit, few calls. */
#define FEED_PAGE 256

/* One page, copied: the changes with their ids in one block each. */
typedef struct page {
  redress_change items[FEED_PAGE];
  char *ids[FEED_PAGE];
  size_t n;
  size_t want;       /* what was asked of the store for this page */
  uint64_t last;     /* the cursor the page must continue from */
  int rc;            /* why the copy stopped the store */
  char why[160];     /* what was wrong with a change the store handed back */
  redress_desk *desk;
} page;

static void page_clear(page *p) {
  for (size_t i = 0; i < p->n; i++) rd_free(rd_desk_alloc(p->desk), p->ids[i]);
  p->n = 0;
}

/* A reader must never pass a change by: one skipped or repeated cursor, or a change it
 * cannot describe, stops the read before anything after it is delivered. */
static const char *malformed(const redress_change *ch, uint64_t last) {
  if (ch == NULL) return "a NULL change";
  if (ch->version < 1) return "a change of version 0";
  if (ch->cursor != last + 1) return "a cursor that does not follow the last one";
  if (ch->complaint_id == NULL) return "a change without a complaint id";
  if (ch->kind < 0 || ch->kind >= REDRESS_CHANGE_KIND_COUNT) return "a change of an unknown kind";
  return NULL;
}

static int copy_change(const redress_change *ch, void *payload) {
  page *p = payload;
  if (p->n == p->want) return 1; /* more than asked: left for the next page */
  const char *bad = malformed(ch, p->last);
  if (bad != NULL) {
    snprintf(p->why, sizeof p->why, "%s (cursor %llu after %llu)", bad,
             ch != NULL ? (unsigned long long)ch->cursor : 0ull, (unsigned long long)p->last);
    p->rc = REDRESS_ERR_STORE;
    return 1;
  }
  char *id = rd_memdup(rd_desk_alloc(p->desk), ch->complaint_id, strlen(ch->complaint_id));
  if (id == NULL) {
    p->rc = REDRESS_ERR_NOMEM;
    return 1;
  }
  redress_change *copy = &p->items[p->n];
  *copy = *ch; /* version 1, the struct this library knows, is the whole struct */
  copy->version = REDRESS_CHANGE_VERSION;
  copy->complaint_id = id;
  p->ids[p->n++] = id;
  p->last = ch->cursor;
  return 0;
}

/* Reads up to `want` changes after p->last into p. */
static int read_page(redress_desk *desk, page *p, size_t want) {
  const redress_store *s = &rd_store_ctx_of(desk)->store;
  p->rc = REDRESS_OK;
  p->want = want;
  int rc = s->feed(s->ud, p->last, want, copy_change, p);
  if (p->rc == REDRESS_ERR_NOMEM) return rd_fail(desk, p->rc, "desk_feed: out of memory");
  if (p->rc != REDRESS_OK)
    return rd_fail(desk, p->rc, "desk_feed: store.feed handed back %s", p->why);
  if (rc == REDRESS_ERR_USER && p->n == want) rc = REDRESS_OK;
  return rc == REDRESS_OK ? REDRESS_OK : rd_store_fail(desk, "desk_feed", "feed", rc);
}

static int has_feed(redress_desk *desk) {
  const redress_store *s = &rd_store_ctx_of(desk)->store;
  if (s->version >= 2 && s->feed != NULL) return REDRESS_OK;
  return rd_fail(desk, REDRESS_ERR_VERSION,
                 "desk_feed: the store keeps no change feed (a store of version %u%s)",
                 s->version, s->version >= 2 ? " without a feed slot" : "");
}

int redress_desk_feed(redress_desk *desk, uint64_t after, size_t limit, redress_change_cb cb,
                      void *payload) {
  if (desk == NULL) return REDRESS_ERR_INVALID;
  if (cb == NULL) return rd_fail(desk, REDRESS_ERR_INVALID, "desk_feed: cb is required");
  if (limit == 0) return rd_fail(desk, REDRESS_ERR_INVALID, "desk_feed: limit must be >= 1");
  rd_ok(desk);
  int rc = has_feed(desk);
  if (rc != REDRESS_OK) return rc;
  page *p = rd_alloc(rd_desk_alloc(desk), sizeof *p);
  if (p == NULL) return rd_fail(desk, REDRESS_ERR_NOMEM, "desk_feed: out of memory");
  memset(p, 0, sizeof *p);
  p->desk = desk;
  p->last = after;
  for (size_t left = limit; rc == REDRESS_OK && left > 0;) {
    size_t want = left < FEED_PAGE ? left : FEED_PAGE;
    rc = read_page(desk, p, want);
    size_t got = p->n;
    for (size_t i = 0; rc == REDRESS_OK && i < got; i++)
      if (cb(&p->items[i], payload) != 0)
        rc = rd_fail(desk, REDRESS_ERR_USER, "desk_feed: stopped by the callback");
    page_clear(p);
    if (got < want) break; /* caught up */
    left -= got;
  }
  rd_free(rd_desk_alloc(desk), p);
  return rc;
}

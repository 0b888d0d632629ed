/*
 * The conformance kit's clauses on the change feed (see conformance_kit.h): what a
 * save and a logged removal write, in order, with consecutive cursors; what refused
 * calls write (nothing); limits, stops and two readers with cursors of their own;
 * host transactions; odd ids. And the helpers the other feed clauses share.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conformance_feed.h"

/* ---- saving with changes ------------------------------------------------------- */

/* The changes of one save, varied by seed: a first save starts with CREATED as a
 * desk's does; the others mix events and alarms. */
void kc_make_changes(redress_change *out, size_t n, uint64_t revision, unsigned seed) {
  for (size_t i = 0; i < n; i++) {
    redress_change ch = REDRESS_CHANGE_INIT;
    unsigned v = seed * 31u + (unsigned)i * 7u;
    ch.revision = revision;
    ch.at = KC_T0 + (redress_time)(v % 100000u);
    if (revision == 1 && i == 0) {
      ch.kind = REDRESS_CHANGE_CREATED;
      ch.event_kind = REDRESS_EVENT_CREATE;
      ch.event_seq = 1;
    } else if (v % 3 == 0) {
      ch.kind = REDRESS_CHANGE_ALARM;
      ch.deadline_kind = (int)(v % REDRESS_DEADLINE_KIND_COUNT);
      ch.level = (int)(v % 2);
      ch.anchor = 1 + v % 9;
      ch.due = KC_T0 + 86400 + (redress_time)v;
    } else {
      ch.kind = REDRESS_CHANGE_EVENT;
      ch.event_kind = 1 + (int)(v % (REDRESS_EVENT_KIND_COUNT - 1));
      ch.event_seq = 2 + (uint32_t)i;
    }
    out[i] = ch;
  }
}

/* A record of `id` at `revision` for tenant (NULL: none given), its buffers scribbled
 * and freed once save returns, as the record clauses do. */
int kc_save_with(const redress_store *s, const char *tenant, const char *id, uint64_t revision,
                 const redress_change *changes, size_t n) {
  char doc[160];
  int len = snprintf(doc, sizeof doc, "{\"v\":1,\"id\":\"feed\",\"revision\":%llu}",
                     (unsigned long long)revision);
  char *id_copy = kc_strdup(id);
  char *doc_copy = kc_memdup(doc, (size_t)len);
  redress_change *ch_copy = kc_xmalloc((n > 0 ? n : 1) * sizeof *ch_copy);
  for (size_t i = 0; i < n; i++) {
    ch_copy[i] = changes[i];
    ch_copy[i].complaint_id = id_copy;
  }
  redress_record r;
  memset(&r, 0, sizeof r);
  r.version = REDRESS_RECORD_VERSION;
  r.id = id_copy;
  r.customer_id = "feed-cust";
  r.state = 1;
  r.severity = 1;
  r.received_at = KC_T0;
  r.updated_at = KC_T0 + (redress_time)revision;
  r.next_alarm = REDRESS_TIME_NEVER;
  r.revision = revision;
  r.doc = doc_copy;
  r.doc_len = (size_t)len;
  r.tenant = tenant;
  r.changes = n > 0 ? ch_copy : NULL;
  r.n_changes = n;
  int rc = s->save(s->ud, &r, revision - 1);
  size_t id_len = strlen(id) + 1;
  memset(ch_copy, 0x5A, (n > 0 ? n : 1) * sizeof *ch_copy);
  free(ch_copy);
  kc_scribble_free(id_copy, id_len);
  kc_scribble_free(doc_copy, (size_t)len + 1);
  return rc;
}

int kc_remove_with(const redress_store *s, const char *id, uint64_t revision,
                   redress_time at) {
  char *id_copy = kc_strdup(id);
  redress_change ch = REDRESS_CHANGE_INIT;
  ch.kind = REDRESS_CHANGE_REMOVED;
  ch.complaint_id = id_copy;
  ch.revision = revision;
  ch.at = at;
  int rc = s->remove_logged(s->ud, id_copy, revision, &ch);
  kc_scribble_free(id_copy, strlen(id) + 1);
  return rc;
}

/* ---- the kit's copy of a feed ----------------------------------------------------- */

void kc_feed_add(kc_feed *f, const redress_change *ch, const char *id) {
  if (f->n == f->cap) {
    f->cap = f->cap == 0 ? 64 : f->cap * 2;
    f->items = kc_xrealloc(f->items, f->cap * sizeof *f->items);
  }
  kc_change *k = &f->items[f->n++];
  k->ch = *ch;
  k->id = kc_strdup(id != NULL ? id : "(null)");
  k->null_id = id == NULL;
  k->ch.complaint_id = k->id;
}

/* Expected entries for a save: its changes, with the record's id and revision. */
void kc_feed_expect(kc_feed *f, const char *id, uint64_t revision,
                    const redress_change *changes, size_t n) {
  for (size_t i = 0; i < n; i++) {
    redress_change ch = changes[i];
    ch.revision = revision;
    kc_feed_add(f, &ch, id);
  }
}

void kc_feed_free(kc_feed *f) {
  for (size_t i = 0; i < f->n; i++) free(f->items[i].id);
  free(f->items);
  memset(f, 0, sizeof *f);
}

static int kc_copy_change(const redress_change *ch, void *payload) {
  kc_feed *f = payload;
  kc_feed_add(f, ch, ch->complaint_id);
  f->calls++;
  return f->stop_at != 0 && f->calls >= f->stop_at;
}

int kc_read_page(const redress_store *s, uint64_t after, size_t limit, kc_feed *f) {
  f->calls = 0;
  return s->feed(s->ud, after, limit, kc_copy_change, f);
}

int kc_read_feed(kc *c, const redress_store *s, const char *where, uint64_t after,
                 size_t limit, kc_feed *f) {
  for (;;) {
    size_t before = f->n;
    int rc = kc_read_page(s, after, limit, f);
    if (rc != REDRESS_OK)
      return kc_fail(c, "%s: feed(after %llu, limit %zu) returned %s", where,
                     (unsigned long long)after, limit, kc_code(rc));
    size_t got = f->n - before;
    if (got > limit)
      return kc_fail(c, "%s: feed(after %llu, limit %zu) handed back %zu changes", where,
                     (unsigned long long)after, limit, got);
    if (got < limit) return 0;
    after = f->items[f->n - 1].ch.cursor;
  }
}

#define KC_FEED_SAME(field, fmt, type)                                                        \
  do {                                                                                        \
    if (g->field != w->field)                                                                 \
      return kc_fail(c, "%s: change %zu (cursor %llu): " #field " is " fmt ", want " fmt,     \
                     where, i, (unsigned long long)g->cursor, (type)g->field, (type)w->field); \
  } while (0)

/* Every member of got against want, cursors first + 0, first + 1, ... */
int kc_same_feed(kc *c, const char *where, const kc_feed *got, const kc_feed *want,
                 uint64_t first) {
  size_t common = got->n < want->n ? got->n : want->n;
  for (size_t i = 0; i < common; i++) {
    const redress_change *g = &got->items[i].ch;
    const redress_change *w = &want->items[i].ch;
    if (g->cursor != first + i)
      return kc_fail(c, "%s: change %zu has cursor %llu, want %llu (cursors are consecutive)",
                     where, i, (unsigned long long)g->cursor, (unsigned long long)(first + i));
    if (got->items[i].null_id || strcmp(g->complaint_id, w->complaint_id) != 0)
      return kc_fail(c, "%s: change %zu (cursor %llu) is of \"%s\", want \"%s\"", where, i,
                     (unsigned long long)g->cursor, g->complaint_id, w->complaint_id);
    KC_FEED_SAME(version, "%u", unsigned);
    KC_FEED_SAME(revision, "%llu", unsigned long long);
    KC_FEED_SAME(kind, "%d", int);
    KC_FEED_SAME(event_kind, "%d", int);
    KC_FEED_SAME(event_seq, "%u", unsigned);
    KC_FEED_SAME(deadline_kind, "%d", int);
    KC_FEED_SAME(level, "%d", int);
    KC_FEED_SAME(anchor, "%u", unsigned);
    KC_FEED_SAME(at, "%lld", long long);
    KC_FEED_SAME(due, "%lld", long long);
  }
  if (got->n != want->n)
    return kc_fail(c, "%s: %zu changes, want %zu", where, got->n, want->n);
  return 0;
}

int kc_has_feed(kc *c) {
  if (c->s.version >= 2 && c->s.feed != NULL && c->s.remove_logged != NULL) return 1;
  kc_skip(c, "the store has no feed slot");
  return 0;
}

/* The whole feed of s against want. */
int kc_expect_feed(kc *c, const redress_store *s, const char *where, const kc_feed *want) {
  kc_feed got = {0};
  int res = kc_read_feed(c, s, where, 0, 1000, &got);
  if (res == 0) res = kc_same_feed(c, where, &got, want, 1);
  kc_feed_free(&got);
  return res;
}

static int kc_expect_rc(kc *c, const char *what, int rc, int want) {
  if (rc == want) return 0;
  return kc_fail(c, "%s returned %s, want %s", what, kc_code(rc), kc_code(want));
}

/* ---- clauses --------------------------------------------------------------------- */

void kc_clause_feed_records_changes(kc *c) {
  if (!kc_has_feed(c)) return;
  kc_feed want = {0};
  redress_change ch[4];
  int res = 0;
  kc_make_changes(ch, 1, 1, 1);
  res = res || kc_expect_rc(c, "save(f-1, 1 change)", kc_save_with(&c->s, NULL, "f-1", 1, ch, 1),
                            REDRESS_OK);
  kc_feed_expect(&want, "f-1", 1, ch, 1);
  res = res || kc_expect_feed(c, &c->s, "after one save", &want);
  kc_make_changes(ch, 3, 2, 2);
  res = res || kc_expect_rc(c, "save(f-1 revision 2, 3 changes)",
                            kc_save_with(&c->s, NULL, "f-1", 2, ch, 3), REDRESS_OK);
  kc_feed_expect(&want, "f-1", 2, ch, 3);
  kc_make_changes(ch, 2, 1, 3);
  res = res || kc_expect_rc(c, "save(f-2, 2 changes)", kc_save_with(&c->s, NULL, "f-2", 1, ch, 2),
                            REDRESS_OK);
  kc_feed_expect(&want, "f-2", 1, ch, 2);
  redress_change saved = REDRESS_CHANGE_INIT;
  saved.kind = REDRESS_CHANGE_SAVED;
  saved.at = KC_T0 + 7;
  res = res || kc_expect_rc(c, "save(f-1 revision 3, SAVED)",
                            kc_save_with(&c->s, NULL, "f-1", 3, &saved, 1), REDRESS_OK);
  kc_feed_expect(&want, "f-1", 3, &saved, 1);
  res = res || kc_expect_rc(c, "remove_logged(f-2, 1)", kc_remove_with(&c->s, "f-2", 1, KC_T0 + 9),
                            REDRESS_OK);
  redress_change removed = REDRESS_CHANGE_INIT;
  removed.kind = REDRESS_CHANGE_REMOVED;
  removed.at = KC_T0 + 9;
  kc_feed_expect(&want, "f-2", 1, &removed, 1);
  /* a save without changes (a desk never makes one) writes none */
  res = res || kc_expect_rc(c, "save(f-3, no changes)", kc_save_with(&c->s, NULL, "f-3", 1, ch, 0),
                            REDRESS_OK);
  if (!res) kc_expect_feed(c, &c->s, "after saves, updates and a removal", &want);
  kc_feed_free(&want);
}

/* Compare-and-swap refusals and failures leave the feed as it was, and the next
 * change takes the next cursor: a refused save burns none. */
void kc_clause_feed_refusals_write_nothing(kc *c) {
  if (!kc_has_feed(c)) return;
  kc_feed want = {0};
  redress_change ch[3];
  kc_make_changes(ch, 2, 1, 4);
  int res = kc_expect_rc(c, "save(r-1)", kc_save_with(&c->s, NULL, "r-1", 1, ch, 2), REDRESS_OK);
  kc_feed_expect(&want, "r-1", 1, ch, 2);
  kc_make_changes(ch, 3, 1, 5);
  res = res || kc_expect_rc(c, "save(r-1 again as new)", kc_save_with(&c->s, NULL, "r-1", 1, ch, 3),
                            REDRESS_ERR_CONFLICT);
  res = res || kc_expect_rc(c, "save(r-1 revision 3 over 1)",
                            kc_save_with(&c->s, NULL, "r-1", 3, ch, 3), REDRESS_ERR_CONFLICT);
  res = res || kc_expect_rc(c, "save(r-ghost revision 2)",
                            kc_save_with(&c->s, NULL, "r-ghost", 2, ch, 3), REDRESS_ERR_CONFLICT);
  res = res || kc_expect_rc(c, "remove_logged(r-1, revision 5)",
                            kc_remove_with(&c->s, "r-1", 5, KC_T0), REDRESS_ERR_CONFLICT);
  res = res || kc_expect_rc(c, "remove_logged(r-none)", kc_remove_with(&c->s, "r-none", 1, KC_T0),
                            REDRESS_ERR_NOTFOUND);
  if (res || kc_expect_feed(c, &c->s, "after refused saves and removals", &want)) {
    kc_feed_free(&want);
    return;
  }
  kc_make_changes(ch, 1, 2, 6);
  res = kc_expect_rc(c, "save(r-1 revision 2)", kc_save_with(&c->s, NULL, "r-1", 2, ch, 1),
                     REDRESS_OK);
  kc_feed_expect(&want, "r-1", 2, ch, 1);
  if (!res) kc_expect_feed(c, &c->s, "after the refusals, a save", &want);
  kc_feed_free(&want);
}

/* Windows of every size, a stop, a cursor past the end, and two readers interleaved
 * with writes: each reader sees every change once, in order. */
void kc_clause_feed_limits_and_two_readers(kc *c) {
  if (!kc_has_feed(c)) return;
  kc_feed want = {0};
  redress_change ch[3];
  for (unsigned i = 0; i < 40; i++) {
    char id[16];
    snprintf(id, sizeof id, "l-%02u", i % 13);
    uint64_t rev = i / 13 + 1;
    size_t n = 1 + i % 3;
    kc_make_changes(ch, n, rev, i);
    if (kc_expect_rc(c, "save", kc_save_with(&c->s, NULL, id, rev, ch, n), REDRESS_OK)) break;
    kc_feed_expect(&want, id, rev, ch, n);
  }
  const size_t limits[] = {1, 2, 7, 80, 1000};
  for (size_t k = 0; !c->failed && k < sizeof limits / sizeof limits[0]; k++) {
    kc_feed got = {0};
    char where[64];
    snprintf(where, sizeof where, "read in pages of %zu", limits[k]);
    if (kc_read_feed(c, &c->s, where, 0, limits[k], &got) == 0)
      kc_same_feed(c, where, &got, &want, 1);
    kc_feed_free(&got);
  }
  /* a window in the middle */
  kc_feed window = {0};
  int rc = c->failed ? REDRESS_OK : kc_read_page(&c->s, 10, 5, &window);
  if (!c->failed && rc != REDRESS_OK) kc_fail(c, "feed(after 10, limit 5) returned %s", kc_code(rc));
  if (!c->failed && (window.n != 5 || window.items[0].ch.cursor != 11 ||
                     window.items[4].ch.cursor != 15))
    kc_fail(c, "feed(after 10, limit 5) handed back %zu changes from cursor %llu, want 11..15",
            window.n, window.n > 0 ? (unsigned long long)window.items[0].ch.cursor : 0ull);
  kc_feed_free(&window);
  /* a stop */
  kc_feed stopped = {0};
  stopped.stop_at = 3;
  rc = c->failed ? REDRESS_ERR_USER : kc_read_page(&c->s, 0, 100, &stopped);
  if (!c->failed && (rc != REDRESS_ERR_USER || stopped.n != 3))
    kc_fail(c, "feed whose callback stops at the 3rd change returned %s after %zu changes, want "
               "REDRESS_ERR_USER after 3", kc_code(rc), stopped.n);
  kc_feed_free(&stopped);
  /* past the end */
  kc_feed none = {0};
  rc = c->failed ? REDRESS_OK : kc_read_page(&c->s, want.n, 10, &none);
  if (!c->failed && (rc != REDRESS_OK || none.n != 0))
    kc_fail(c, "feed(after the last cursor) returned %s with %zu changes, want none",
            kc_code(rc), none.n);
  kc_feed_free(&none);
  /* two readers, interleaved with more saves */
  kc_feed one = {0}, two = {0};
  uint64_t c1 = 0, c2 = 0;
  for (unsigned round = 0; !c->failed && round < 30; round++) {
    rc = kc_read_page(&c->s, c1, 3, &one);
    if (one.n > 0) c1 = one.items[one.n - 1].ch.cursor;
    if (rc == REDRESS_OK && round % 4 == 0) {
      char id[16];
      snprintf(id, sizeof id, "two-%02u", round);
      kc_make_changes(ch, 2, 1, round);
      rc = kc_save_with(&c->s, NULL, id, 1, ch, 2);
      kc_feed_expect(&want, id, 1, ch, 2);
    }
    if (rc == REDRESS_OK) rc = kc_read_page(&c->s, c2, 5, &two);
    if (two.n > 0) c2 = two.items[two.n - 1].ch.cursor;
    if (rc != REDRESS_OK) kc_fail(c, "two readers: a call returned %s", kc_code(rc));
  }
  if (!c->failed && kc_read_feed(c, &c->s, "reader 1", c1, 4, &one) == 0 &&
      kc_read_feed(c, &c->s, "reader 2", c2, 6, &two) == 0 &&
      kc_same_feed(c, "reader 1", &one, &want, 1) == 0)
    kc_same_feed(c, "reader 2", &two, &want, 1);
  kc_feed_free(&one);
  kc_feed_free(&two);
  kc_feed_free(&want);
}

/* Changes of a rolled-back transaction never appear, nor leave a gap. */
void kc_clause_feed_transactions(kc *c) {
  if (!kc_has_feed(c)) return;
  if (c->tx.begin == NULL || c->tx.commit == NULL || c->tx.rollback == NULL) {
    kc_skip(c, "the adapter has no begin/commit/rollback");
    return;
  }
  kc_feed want = {0};
  redress_change ch[2];
  kc_make_changes(ch, 1, 1, 8);
  int res = kc_expect_rc(c, "save(t-1)", kc_save_with(&c->s, NULL, "t-1", 1, ch, 1), REDRESS_OK);
  kc_feed_expect(&want, "t-1", 1, ch, 1);
  res = res || kc_expect_rc(c, "begin()", c->tx.begin(&c->s), REDRESS_OK);
  kc_make_changes(ch, 2, 2, 9);
  res = res || kc_expect_rc(c, "save(t-1 revision 2) in a transaction",
                            kc_save_with(&c->s, NULL, "t-1", 2, ch, 2), REDRESS_OK);
  res = res || kc_expect_rc(c, "remove_logged(t-1) in the transaction",
                            kc_remove_with(&c->s, "t-1", 2, KC_T0), REDRESS_OK);
  res = res || kc_expect_rc(c, "rollback()", c->tx.rollback(&c->s), REDRESS_OK);
  res = res || kc_expect_feed(c, &c->s, "after a rolled-back transaction", &want);
  res = res || kc_expect_rc(c, "begin()", c->tx.begin(&c->s), REDRESS_OK);
  kc_make_changes(ch, 2, 2, 10);
  res = res || kc_expect_rc(c, "save(t-1 revision 2) in a transaction",
                            kc_save_with(&c->s, NULL, "t-1", 2, ch, 2), REDRESS_OK);
  kc_feed_expect(&want, "t-1", 2, ch, 2);
  kc_make_changes(ch, 1, 1, 11);
  res = res || kc_expect_rc(c, "save(t-2) in the transaction",
                            kc_save_with(&c->s, NULL, "t-2", 1, ch, 1), REDRESS_OK);
  kc_feed_expect(&want, "t-2", 1, ch, 1);
  res = res || kc_expect_rc(c, "commit()", c->tx.commit(&c->s), REDRESS_OK);
  if (!res) kc_expect_feed(c, &c->s, "after a committed transaction", &want);
  kc_feed_free(&want);
}

/* The ids of the record clauses come back byte for byte in the feed too. */
void kc_clause_feed_odd_ids(kc *c) {
  if (!kc_has_feed(c)) return;
  char long_id[128];
  memset(long_id, 'x', sizeof long_id);
  memcpy(long_id + 120, "\xed\x95\x9c\xea\xb8\x80!", 7);
  long_id[127] = '\0';
  const char *ids[] = {
      "\xeb\xb6\x88\xeb\xa7\x8c-\xec\xa0\x91\xec\x88\x98-2026-000123",
      "\xf0\x9f\x98\xa1\xf0\x9f\x94\xa5\xf0\x9f\x93\x9e", long_id, "a%", "a_", "it's",
      "\"quoted\"", "back\\slash", "' OR '1'='1", "semi;colon --", "tab\there", "*",
  };
  kc_feed want = {0};
  redress_change ch[2];
  int res = 0;
  for (size_t i = 0; !res && i < sizeof ids / sizeof ids[0]; i++) {
    kc_make_changes(ch, 2, 1, (unsigned)i);
    res = kc_expect_rc(c, "save", kc_save_with(&c->s, NULL, ids[i], 1, ch, 2), REDRESS_OK);
    kc_feed_expect(&want, ids[i], 1, ch, 2);
  }
  res = res || kc_expect_rc(c, "remove_logged(\"a%\")", kc_remove_with(&c->s, "a%", 1, KC_T0),
                            REDRESS_OK);
  redress_change removed = REDRESS_CHANGE_INIT;
  removed.kind = REDRESS_CHANGE_REMOVED;
  removed.at = KC_T0;
  kc_feed_expect(&want, "a%", 1, &removed, 1);
  if (!res) kc_expect_feed(c, &c->s, "with odd UTF-8 and SQL-special ids", &want);
  kc_feed_free(&want);
}

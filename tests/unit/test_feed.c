/*
 * The change feed through the desk (redress_desk_feed) on the built-in memory store:
 * what each save, tick and removal writes, pages and limits, two readers, callbacks
 * that use the desk, bad arguments, stores that break the contract; and tenants: desks
 * of several tenants sharing one store never see each other's complaints or changes.
 * The conformance kit (tests/stores) checks the same contract on every store.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"

#define DAY ((redress_time)86400)

/* ---- reading the feed into a log ----------------------------------------------- */

typedef struct seen_change {
  redress_change ch;
  char id[REDRESS_MAX_ID_BYTES + 1];
} seen_change;

typedef struct feed_log {
  seen_change items[2048];
  size_t n;
  size_t stop_at; /* the callback stops on this change (1-based); 0: never */
} feed_log;

static int collect(const redress_change *ch, void *payload) {
  feed_log *l = payload;
  assert_true(l->n < sizeof l->items / sizeof l->items[0]);
  assert_int_equal(ch->version, REDRESS_CHANGE_VERSION);
  seen_change *s = &l->items[l->n++];
  s->ch = *ch;
  snprintf(s->id, sizeof s->id, "%s", ch->complaint_id);
  s->ch.complaint_id = s->id;
  return l->stop_at != 0 && l->n == l->stop_at;
}

/* Everything after `after`, in pages of `limit`, as a reader keeping its cursor does. */
static void read_all(redress_desk *desk, uint64_t after, size_t limit, feed_log *l) {
  for (;;) {
    size_t before = l->n;
    assert_int_equal(redress_desk_feed(desk, after, limit, collect, l), REDRESS_OK);
    if (l->n == before) return;
    after = l->items[l->n - 1].ch.cursor;
    if (l->n - before < limit) return;
  }
}

static void assert_consecutive(const feed_log *l, uint64_t first) {
  for (size_t i = 0; i < l->n; i++) assert_int_equal(l->items[i].ch.cursor, first + i);
}

static redress_complaint *create(redress_desk *desk, const char *id, redress_time at) {
  redress_complaint_fields in = th_full_init(id);
  in.received_at = at;
  redress_complaint *c = NULL;
  assert_int_equal(redress_complaint_create(&c, desk, &in), REDRESS_OK);
  return c;
}

static void save_new(redress_desk *desk, const char *id, redress_time at) {
  redress_complaint *c = create(desk, id, at);
  assert_int_equal(redress_desk_save(desk, c), REDRESS_OK);
  redress_complaint_free(c);
}

/* ---- what a save writes -------------------------------------------------------- */

typedef struct tick_log {
  int kind[64];
  int level[64];
  redress_time due[64];
  size_t n;
} tick_log;

static int on_alarm(const redress_complaint *c, int kind, int level, redress_time due,
                    void *payload) {
  (void)c;
  tick_log *t = payload;
  assert_true(t->n < 64);
  t->kind[t->n] = kind;
  t->level[t->n] = level;
  t->due[t->n++] = due;
  return 0;
}

static void every_change_once(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  redress_complaint *c = create(t.desk, "f-1", TH_T0);
  assert_int_equal(redress_desk_save(t.desk, c), REDRESS_OK);
  assert_int_equal(redress_complaint_acknowledge(c, TH_T0 + 60, "ann", NULL), REDRESS_OK);
  assert_int_equal(redress_complaint_investigate(c, TH_T0 + 120, "ann", NULL, "late", NULL),
                   REDRESS_OK);
  assert_int_equal(redress_desk_save(t.desk, c), REDRESS_OK);
  assert_int_equal(redress_complaint_set_attr(c, "crm", "case-7"), REDRESS_OK);
  t.clock.now = TH_T0 + 500;
  assert_int_equal(redress_desk_save(t.desk, c), REDRESS_OK);
  redress_complaint_free(c);

  feed_log l = {0};
  read_all(t.desk, 0, 100, &l);
  assert_int_equal(l.n, 4);
  assert_consecutive(&l, 1);
  const redress_change *ch = &l.items[0].ch;
  assert_int_equal(ch->kind, REDRESS_CHANGE_CREATED);
  assert_string_equal(ch->complaint_id, "f-1");
  assert_int_equal(ch->revision, 1);
  assert_int_equal(ch->event_kind, REDRESS_EVENT_CREATE);
  assert_int_equal(ch->event_seq, 1);
  assert_int_equal(ch->at, TH_T0);
  assert_int_equal(ch->deadline_kind, -1);
  assert_int_equal(ch->due, REDRESS_TIME_NEVER);
  ch = &l.items[1].ch;
  assert_int_equal(ch->kind, REDRESS_CHANGE_EVENT);
  assert_int_equal(ch->revision, 2);
  assert_int_equal(ch->event_kind, REDRESS_EVENT_ACKNOWLEDGE);
  assert_int_equal(ch->event_seq, 2);
  assert_int_equal(ch->at, TH_T0 + 60);
  ch = &l.items[2].ch;
  assert_int_equal(ch->kind, REDRESS_CHANGE_EVENT);
  assert_int_equal(ch->revision, 2);
  assert_int_equal(ch->event_kind, REDRESS_EVENT_INVESTIGATE);
  assert_int_equal(ch->event_seq, 3);
  ch = &l.items[3].ch;
  assert_int_equal(ch->kind, REDRESS_CHANGE_SAVED);
  assert_int_equal(ch->revision, 3);
  assert_int_equal(ch->event_kind, -1);
  assert_int_equal(ch->event_seq, 0);
  assert_int_equal(ch->at, TH_T0 + 500); /* the desk's clock */

  /* The tick's alarms: the feed has each, with what the callback was told. */
  tick_log ticked = {0};
  assert_int_equal(redress_desk_tick(t.desk, TH_T0 + 31 * DAY, on_alarm, &ticked), REDRESS_OK);
  assert_true(ticked.n >= 2);
  size_t before = l.n;
  read_all(t.desk, l.items[l.n - 1].ch.cursor, 100, &l);
  assert_int_equal(l.n - before, ticked.n);
  for (size_t i = 0; i < ticked.n; i++) {
    ch = &l.items[before + i].ch;
    assert_int_equal(ch->cursor, before + i + 1);
    assert_int_equal(ch->kind, REDRESS_CHANGE_ALARM);
    assert_int_equal(ch->revision, 4);
    assert_int_equal(ch->deadline_kind, ticked.kind[i]);
    assert_int_equal(ch->level, ticked.level[i]);
    assert_int_equal(ch->due, ticked.due[i]);
    assert_int_equal(ch->at, TH_T0 + 31 * DAY);
    assert_true(ch->anchor >= 1);
    assert_int_equal(ch->event_kind, -1);
  }
  /* A second tick records nothing, so writes nothing. */
  assert_int_equal(redress_desk_tick(t.desk, TH_T0 + 31 * DAY, NULL, NULL), REDRESS_OK);
  before = l.n;
  read_all(t.desk, l.items[l.n - 1].ch.cursor, 100, &l);
  assert_int_equal(l.n, before);

  t.clock.now = TH_T0 + 40 * DAY;
  assert_int_equal(redress_desk_remove(t.desk, "f-1", 4), REDRESS_OK);
  read_all(t.desk, l.items[l.n - 1].ch.cursor, 100, &l);
  assert_int_equal(l.n, before + 1);
  ch = &l.items[before].ch;
  assert_int_equal(ch->kind, REDRESS_CHANGE_REMOVED);
  assert_int_equal(ch->revision, 4);
  assert_int_equal(ch->at, TH_T0 + 40 * DAY);
  assert_string_equal(ch->complaint_id, "f-1");
  /* Refused changes write nothing. */
  assert_int_equal(redress_desk_remove(t.desk, "f-1", 4), REDRESS_ERR_NOTFOUND);
  save_new(t.desk, "f-2", TH_T0);
  redress_complaint *stale = create(t.desk, "f-2", TH_T0);
  assert_int_equal(redress_desk_save(t.desk, stale), REDRESS_ERR_EXISTS);
  redress_complaint_free(stale);
  assert_int_equal(redress_desk_remove(t.desk, "f-2", 7), REDRESS_ERR_CONFLICT);
  feed_log rest = {0};
  read_all(t.desk, before + 1, 100, &rest);
  assert_int_equal(rest.n, 1);
  assert_int_equal(rest.items[0].ch.kind, REDRESS_CHANGE_CREATED);
  th_desk_close(&t);
}

/* ---- pages, limits, two readers -------------------------------------------------- */

static void pages_limits_and_two_readers(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  enum { N = 300 }; /* each a created change and an event: more than a store page */
  for (int i = 0; i < N; i++) {
    char id[32];
    snprintf(id, sizeof id, "p-%03d", i);
    redress_complaint *c = create(t.desk, id, TH_T0);
    assert_int_equal(redress_desk_save(t.desk, c), REDRESS_OK);
    assert_int_equal(redress_complaint_acknowledge(c, TH_T0 + 1, "ann", NULL), REDRESS_OK);
    assert_int_equal(redress_desk_save(t.desk, c), REDRESS_OK);
    redress_complaint_free(c);
  }
  static feed_log whole, small, first, second;
  memset(&whole, 0, sizeof whole);
  memset(&small, 0, sizeof small);
  assert_int_equal(redress_desk_feed(t.desk, 0, 100000, collect, &whole), REDRESS_OK);
  assert_int_equal(whole.n, 2 * N);
  assert_consecutive(&whole, 1);
  read_all(t.desk, 0, 7, &small);
  assert_int_equal(small.n, 2 * N);
  for (size_t i = 0; i < whole.n; i++) {
    assert_int_equal(small.items[i].ch.cursor, whole.items[i].ch.cursor);
    assert_string_equal(small.items[i].id, whole.items[i].id);
    assert_int_equal(small.items[i].ch.kind, whole.items[i].ch.kind);
  }
  /* Two readers, each with its own cursor, interleaved with more saves: each sees
   * every change once, in order. */
  memset(&first, 0, sizeof first);
  memset(&second, 0, sizeof second);
  uint64_t c1 = 0, c2 = 0;
  for (int round = 0; round < 40; round++) {
    assert_int_equal(redress_desk_feed(t.desk, c1, 13, collect, &first), REDRESS_OK);
    if (first.n > 0) c1 = first.items[first.n - 1].ch.cursor;
    if (round % 3 == 0) {
      char id[32];
      snprintf(id, sizeof id, "q-%02d", round);
      save_new(t.desk, id, TH_T0);
    }
    assert_int_equal(redress_desk_feed(t.desk, c2, 29, collect, &second), REDRESS_OK);
    if (second.n > 0) c2 = second.items[second.n - 1].ch.cursor;
  }
  read_all(t.desk, c1, 50, &first);
  read_all(t.desk, c2, 50, &second);
  assert_int_equal(first.n, 2 * N + 14);
  assert_int_equal(second.n, first.n);
  assert_consecutive(&first, 1);
  assert_consecutive(&second, 1);
  /* Caught up: nothing after the last cursor; a cursor beyond the end reads nothing. */
  feed_log none = {0};
  assert_int_equal(redress_desk_feed(t.desk, first.n, 10, collect, &none), REDRESS_OK);
  assert_int_equal(redress_desk_feed(t.desk, UINT64_MAX, 10, collect, &none), REDRESS_OK);
  assert_int_equal(none.n, 0);
  th_desk_close(&t);
}

/* ---- the callback: stopping, and using the desk ---------------------------------- */

static void callback_stops(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  for (int i = 0; i < 5; i++) {
    char id[16];
    snprintf(id, sizeof id, "s-%d", i);
    save_new(t.desk, id, TH_T0);
  }
  feed_log l = {0};
  l.stop_at = 3;
  assert_int_equal(redress_desk_feed(t.desk, 0, 10, collect, &l), REDRESS_ERR_USER);
  assert_int_equal(l.n, 3);
  assert_non_null(strstr(redress_desk_errmsg(t.desk), "stopped"));
  l.stop_at = 0;
  assert_int_equal(redress_desk_feed(t.desk, 3, 10, collect, &l), REDRESS_OK);
  assert_int_equal(l.n, 5);
  assert_consecutive(&l, 1);
  th_desk_close(&t);
}

typedef struct mirror {
  redress_desk *desk;
  size_t loaded, missing, saved;
} mirror;

/* A reader that mirrors each complaint: it loads it, and notes on the first that it
 * was mirrored (a save from inside the callback). */
static int mirror_change(const redress_change *ch, void *payload) {
  mirror *m = payload;
  redress_complaint *c = NULL;
  int rc = redress_desk_load(&c, m->desk, ch->complaint_id);
  if (rc == REDRESS_ERR_NOTFOUND) {
    m->missing++;
    return 0;
  }
  assert_int_equal(rc, REDRESS_OK);
  m->loaded++;
  if (ch->cursor == 1) {
    assert_int_equal(redress_complaint_note(c, TH_T0 + 5, "mirror", "mirrored", 0), REDRESS_OK);
    assert_int_equal(redress_desk_save(m->desk, c), REDRESS_OK);
    m->saved++;
  }
  redress_complaint_free(c);
  return 0;
}

static void callback_may_use_the_desk(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  save_new(t.desk, "m-1", TH_T0);
  save_new(t.desk, "m-2", TH_T0);
  save_new(t.desk, "m-3", TH_T0);
  assert_int_equal(redress_desk_remove(t.desk, "m-3", 1), REDRESS_OK);
  mirror m = {t.desk, 0, 0, 0};
  assert_int_equal(redress_desk_feed(t.desk, 0, 100, mirror_change, &m), REDRESS_OK);
  assert_int_equal(m.saved, 1);
  /* m-1, m-2, m-3 (gone), its removal; the note saved meanwhile comes next time */
  assert_int_equal(m.loaded + m.missing, 4);
  assert_int_equal(m.missing, 2);
  feed_log l = {0};
  assert_int_equal(redress_desk_feed(t.desk, 4, 100, collect, &l), REDRESS_OK);
  assert_int_equal(l.n, 1);
  assert_int_equal(l.items[0].ch.cursor, 5);
  assert_int_equal(l.items[0].ch.event_kind, REDRESS_EVENT_NOTE);
  th_desk_close(&t);
}

static int never(const redress_change *ch, void *payload) {
  (void)ch;
  (void)payload;
  fail_msg("the callback must not be called");
  return 1;
}

static void bad_arguments(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  save_new(t.desk, "b-1", TH_T0);
  assert_int_equal(redress_desk_feed(NULL, 0, 10, never, NULL), REDRESS_ERR_INVALID);
  assert_int_equal(redress_desk_feed(t.desk, 0, 10, NULL, NULL), REDRESS_ERR_INVALID);
  assert_non_null(strstr(redress_desk_errmsg(t.desk), "cb"));
  assert_int_equal(redress_desk_feed(t.desk, 0, 0, never, NULL), REDRESS_ERR_INVALID);
  assert_non_null(strstr(redress_desk_errmsg(t.desk), "limit"));
  assert_string_equal(redress_enum_name(REDRESS_ENUM_CHANGE_KIND, REDRESS_CHANGE_CREATED),
                      "created");
  assert_string_equal(redress_enum_name(REDRESS_ENUM_CHANGE_KIND, REDRESS_CHANGE_EVENT), "event");
  assert_string_equal(redress_enum_name(REDRESS_ENUM_CHANGE_KIND, REDRESS_CHANGE_ALARM), "alarm");
  assert_string_equal(redress_enum_name(REDRESS_ENUM_CHANGE_KIND, REDRESS_CHANGE_SAVED), "saved");
  assert_string_equal(redress_enum_name(REDRESS_ENUM_CHANGE_KIND, REDRESS_CHANGE_REMOVED),
                      "removed");
  assert_null(redress_enum_name(REDRESS_ENUM_CHANGE_KIND, REDRESS_CHANGE_KIND_COUNT));
  assert_null(redress_enum_name(REDRESS_ENUM_CHANGE_KIND, -1));
  th_desk_close(&t);
}

/* ---- what a complaint brings: from JSON, clones ------------------------------------ */

/* A complaint decoded from JSON was never saved here: its first save writes the whole
 * history, and the alarms the document holds, with their due times. */
static void first_save_from_json(void **state) {
  (void)state;
  th_desk a;
  th_desk_open(&a);
  redress_complaint *c = create(a.desk, "j-1", TH_T0);
  assert_int_equal(redress_complaint_acknowledge(c, TH_T0 + 60, "ann", NULL), REDRESS_OK);
  assert_int_equal(redress_desk_save(a.desk, c), REDRESS_OK);
  redress_complaint_free(c);
  tick_log ticked = {0};
  assert_int_equal(redress_desk_tick(a.desk, TH_T0 + 31 * DAY, on_alarm, &ticked), REDRESS_OK);
  assert_true(ticked.n > 0);
  assert_int_equal(redress_desk_load(&c, a.desk, "j-1"), REDRESS_OK);
  char *json = NULL;
  size_t len = 0;
  assert_int_equal(redress_complaint_to_json(&json, &len, c), REDRESS_OK);
  redress_complaint_free(c);

  th_desk b;
  th_desk_open(&b);
  assert_int_equal(redress_complaint_from_json(&c, b.desk, json, len), REDRESS_OK);
  redress_free(json);
  assert_int_equal(redress_desk_save(b.desk, c), REDRESS_OK);
  redress_complaint_free(c);
  feed_log l = {0};
  read_all(b.desk, 0, 100, &l);
  assert_int_equal(l.n, 2 + ticked.n);
  assert_int_equal(l.items[0].ch.kind, REDRESS_CHANGE_CREATED);
  assert_int_equal(l.items[1].ch.kind, REDRESS_CHANGE_EVENT);
  for (size_t i = 0; i < ticked.n; i++) {
    assert_int_equal(l.items[2 + i].ch.kind, REDRESS_CHANGE_ALARM);
    assert_int_equal(l.items[2 + i].ch.deadline_kind, ticked.kind[i]);
    assert_int_equal(l.items[2 + i].ch.due, ticked.due[i]);
    assert_int_equal(l.items[2 + i].ch.revision, 1);
  }
  th_desk_close(&b);
  th_desk_close(&a);
}

/* A clone knows what its original's stored revision holds. */
static void clone_saves_only_what_is_new(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  save_new(t.desk, "k-1", TH_T0);
  redress_complaint *c = NULL, *copy = NULL;
  assert_int_equal(redress_desk_load(&c, t.desk, "k-1"), REDRESS_OK);
  assert_int_equal(redress_complaint_clone(&copy, c), REDRESS_OK);
  redress_complaint_free(c);
  assert_int_equal(redress_complaint_acknowledge(copy, TH_T0 + 60, "ann", NULL), REDRESS_OK);
  assert_int_equal(redress_desk_save(t.desk, copy), REDRESS_OK);
  redress_complaint_free(copy);
  feed_log l = {0};
  read_all(t.desk, 1, 100, &l);
  assert_int_equal(l.n, 1);
  assert_int_equal(l.items[0].ch.event_kind, REDRESS_EVENT_ACKNOWLEDGE);
  th_desk_close(&t);
}

/* ---- tenants ----------------------------------------------------------------------- */

typedef struct ids_seen {
  char ids[16][32];
  size_t n;
} ids_seen;

static int note_id(const redress_complaint *c, void *payload) {
  ids_seen *s = payload;
  assert_true(s->n < 16);
  snprintf(s->ids[s->n++], sizeof s->ids[0], "%s", redress_complaint_id(c));
  return 0;
}

static const char *customer_of(redress_desk *desk, const char *id) {
  static char out[64];
  redress_complaint *c = NULL;
  assert_int_equal(redress_desk_load(&c, desk, id), REDRESS_OK);
  snprintf(out, sizeof out, "%s", redress_complaint_string(c, REDRESS_FIELD_CUSTOMER_ID));
  redress_complaint_free(c);
  return out;
}

/* The same id in three tenants of one memory store: three complaints. */
static void save_as(redress_desk *desk, const char *id, const char *customer) {
  redress_complaint_fields in = th_full_init(id);
  in.customer_id = customer;
  redress_complaint *c = NULL;
  assert_int_equal(redress_complaint_create(&c, desk, &in), REDRESS_OK);
  assert_int_equal(redress_desk_save(desk, c), REDRESS_OK);
  redress_complaint_free(c);
}

static void tenants_share_one_store(void **state) {
  (void)state;
  redress_store root = REDRESS_STORE_INIT;
  assert_int_equal(redress_memory_store_new(&root, NULL), REDRESS_OK);
  redress_store shared = root;
  shared.destroy = NULL; /* the default tenant's desk owns it */
  th_desk home, acme, globex;
  th_desk_open_tenant(&home, &root, NULL);
  th_desk_open_tenant(&acme, &shared, "acme");
  th_desk_open_tenant(&globex, &shared, "globex");
  save_as(home.desk, "c-1", "home-cust");
  save_as(acme.desk, "c-1", "acme-cust");
  save_as(acme.desk, "c-2", "acme-cust");
  save_as(globex.desk, "c-1", "globex-cust");
  assert_string_equal(customer_of(home.desk, "c-1"), "home-cust");
  assert_string_equal(customer_of(acme.desk, "c-1"), "acme-cust");
  assert_string_equal(customer_of(globex.desk, "c-1"), "globex-cust");
  redress_complaint *c = NULL;
  assert_int_equal(redress_desk_load(&c, globex.desk, "c-2"), REDRESS_ERR_NOTFOUND);
  assert_int_equal(redress_desk_load(&c, home.desk, "c-2"), REDRESS_ERR_NOTFOUND);
  ids_seen seen = {0};
  assert_int_equal(redress_desk_each(acme.desk, note_id, &seen), REDRESS_OK);
  assert_int_equal(seen.n, 2);
  memset(&seen, 0, sizeof seen);
  assert_int_equal(redress_desk_each(globex.desk, note_id, &seen), REDRESS_OK);
  assert_int_equal(seen.n, 1);
  /* Each tenant's feed: its own changes, numbered from 1. */
  feed_log l = {0};
  read_all(acme.desk, 0, 100, &l);
  assert_int_equal(l.n, 2);
  assert_consecutive(&l, 1);
  memset(&l, 0, sizeof l);
  read_all(globex.desk, 0, 100, &l);
  assert_int_equal(l.n, 1);
  assert_int_equal(l.items[0].ch.cursor, 1);
  /* The tick of one tenant raises its own alarms only. */
  tick_log ticked = {0};
  assert_int_equal(redress_desk_tick(acme.desk, TH_T0 + 31 * DAY, on_alarm, &ticked),
                   REDRESS_OK);
  size_t acme_alarms = ticked.n;
  assert_true(acme_alarms > 0);
  memset(&l, 0, sizeof l);
  read_all(globex.desk, 0, 100, &l);
  assert_int_equal(l.n, 1);
  memset(&ticked, 0, sizeof ticked);
  assert_int_equal(redress_desk_tick(globex.desk, TH_T0 + 31 * DAY, on_alarm, &ticked),
                   REDRESS_OK);
  assert_int_equal(ticked.n, acme_alarms / 2); /* one complaint against acme's two */
  /* Metrics over the store count the tenant's complaints. */
  redress_metrics *m = NULL;
  assert_int_equal(redress_metrics_new(&m, acme.desk, NULL, REDRESS_GROUP_BY_NONE, TH_T0),
                   REDRESS_OK);
  assert_int_equal(redress_metrics_add_store(m, REDRESS_METRICS_FROM_ALL, REDRESS_METRICS_TO_ALL),
                   REDRESS_OK);
  double count = 0;
  assert_int_equal(redress_metrics_value(&count, m, REDRESS_METRICS_TOTAL, REDRESS_METRIC_COMPLAINTS),
                   REDRESS_OK);
  assert_true(count == 2.0);
  redress_metrics_free(m);
  /* Removing in one tenant leaves the others alone. */
  assert_int_equal(redress_desk_remove(acme.desk, "c-1", 2), REDRESS_OK);
  assert_string_equal(customer_of(home.desk, "c-1"), "home-cust");
  assert_string_equal(customer_of(globex.desk, "c-1"), "globex-cust");
  th_desk_close(&globex);
  th_desk_close(&acme);
  /* A later desk of a tenant finds what earlier desks of it saved. */
  th_desk again;
  th_desk_open_tenant(&again, &shared, "acme");
  assert_int_equal(redress_desk_load(&c, again.desk, "c-2"), REDRESS_OK);
  redress_complaint_free(c);
  th_desk_close(&again);
  th_desk_close(&home); /* destroys the store */
}

static void tenant_names_are_ids(void **state) {
  (void)state;
  redress_desk_options o = REDRESS_DESK_OPTIONS_INIT;
  redress_desk *desk = NULL;
  o.tenant = "bad\ttenant";
  assert_int_equal(redress_desk_open(&desk, &o), REDRESS_ERR_INVALID);
  o.tenant = "\xff\xfe";
  assert_int_equal(redress_desk_open(&desk, &o), REDRESS_ERR_INVALID);
  char longest[REDRESS_MAX_ID_BYTES + 2];
  memset(longest, 't', sizeof longest);
  longest[REDRESS_MAX_ID_BYTES + 1] = '\0';
  o.tenant = longest;
  assert_int_equal(redress_desk_open(&desk, &o), REDRESS_ERR_RANGE);
  assert_null(desk);
  longest[REDRESS_MAX_ID_BYTES] = '\0';
  assert_int_equal(redress_desk_open(&desk, &o), REDRESS_OK);
  redress_desk_close(desk);
  o.tenant = "\xea\xb3\xa0\xea\xb0\x9d-7"; /* Korean is fine */
  assert_int_equal(redress_desk_open(&desk, &o), REDRESS_OK);
  redress_desk_close(desk);
}

/* ---- stores that break the contract ------------------------------------------------ */

/* Over a memory store: for_tenant hands back the default tenant's own store (a store
 * that ignores tenants), or the feed skips a cursor. */
typedef struct broken {
  redress_store inner;
  int skip_after; /* feed: add one to every cursor after this one (0: never) */
  redress_change_cb cb;
  void *payload;
} broken;

static int broken_load(void *ud, const char *id, redress_record_cb cb, void *payload) {
  broken *b = ud;
  return b->inner.load(b->inner.ud, id, cb, payload);
}
static int broken_save(void *ud, const redress_record *r, uint64_t expected) {
  broken *b = ud;
  redress_record copy = *r;
  copy.tenant = NULL; /* files every tenant's record under the default tenant */
  return b->inner.save(b->inner.ud, &copy, expected);
}
static int broken_remove(void *ud, const char *id, uint64_t expected) {
  broken *b = ud;
  return b->inner.remove(b->inner.ud, id, expected);
}
static int broken_remove_logged(void *ud, const char *id, uint64_t expected,
                                const redress_change *ch) {
  broken *b = ud;
  return b->inner.remove_logged(b->inner.ud, id, expected, ch);
}
static int broken_scan(void *ud, redress_record_cb cb, void *payload) {
  broken *b = ud;
  return b->inner.scan(b->inner.ud, cb, payload);
}
static int shifted(const redress_change *ch, void *payload) {
  broken *b = payload;
  redress_change copy = *ch;
  if (b->skip_after != 0 && ch->cursor > (uint64_t)b->skip_after) copy.cursor++;
  return b->cb(&copy, b->payload);
}
static int broken_feed(void *ud, uint64_t after, size_t limit, redress_change_cb cb,
                       void *payload) {
  broken *b = ud;
  b->cb = cb;
  b->payload = payload;
  return b->inner.feed(b->inner.ud, after, limit, shifted, b);
}
static int broken_for_tenant(void *ud, const char *tenant, redress_store *out);

static redress_store broken_vtable(broken *b) {
  redress_store s = REDRESS_STORE_INIT;
  s.ud = b;
  s.load = broken_load;
  s.save = broken_save;
  s.remove = broken_remove;
  s.scan = broken_scan;
  s.feed = broken_feed;
  s.remove_logged = broken_remove_logged;
  s.for_tenant = broken_for_tenant;
  return s;
}
static int broken_for_tenant(void *ud, const char *tenant, redress_store *out) {
  (void)tenant;
  *out = broken_vtable(ud); /* no destroy: nothing was made */
  return REDRESS_OK;
}

static void store_mixing_tenants_is_refused(void **state) {
  (void)state;
  broken b;
  memset(&b, 0, sizeof b);
  assert_int_equal(redress_memory_store_new(&b.inner, NULL), REDRESS_OK);
  redress_store s = broken_vtable(&b);
  th_desk acme;
  th_desk_open_tenant(&acme, &s, "acme");
  save_as(acme.desk, "x-1", "cust");
  redress_complaint *c = NULL;
  assert_int_equal(redress_desk_load(&c, acme.desk, "x-1"), REDRESS_ERR_STORE);
  assert_null(c);
  assert_non_null(strstr(redress_desk_errmsg(acme.desk), "tenant ''"));
  assert_non_null(strstr(redress_desk_errmsg(acme.desk), "tenant 'acme'"));
  ids_seen seen = {0};
  assert_int_equal(redress_desk_each(acme.desk, note_id, &seen), REDRESS_ERR_STORE);
  assert_int_equal(seen.n, 0);
  assert_int_equal(redress_desk_tick(acme.desk, TH_T0 + 31 * DAY, NULL, NULL), REDRESS_ERR_STORE);
  th_desk_close(&acme);
  b.inner.destroy(b.inner.ud);
}

static void feed_with_a_gap_is_refused(void **state) {
  (void)state;
  broken b;
  memset(&b, 0, sizeof b);
  assert_int_equal(redress_memory_store_new(&b.inner, NULL), REDRESS_OK);
  redress_store s = broken_vtable(&b);
  th_desk t;
  th_desk_open_tenant(&t, &s, NULL);
  for (int i = 0; i < 4; i++) {
    char id[16];
    snprintf(id, sizeof id, "g-%d", i);
    save_as(t.desk, id, "cust");
  }
  b.skip_after = 2;
  feed_log l = {0};
  assert_int_equal(redress_desk_feed(t.desk, 0, 10, collect, &l), REDRESS_ERR_STORE);
  assert_int_equal(l.n, 0); /* nothing of the page is delivered */
  assert_non_null(strstr(redress_desk_errmsg(t.desk), "cursor 4 after 2"));
  assert_int_equal(redress_desk_feed(t.desk, 0, 2, collect, &l), REDRESS_OK);
  assert_int_equal(l.n, 2);
  /* a reader at 2 would be handed 4: refused, not skipped */
  assert_int_equal(redress_desk_feed(t.desk, 2, 10, collect, &l), REDRESS_ERR_STORE);
  assert_int_equal(l.n, 2);
  th_desk_close(&t);
  b.inner.destroy(b.inner.ud);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(every_change_once),
      cmocka_unit_test(pages_limits_and_two_readers),
      cmocka_unit_test(callback_stops),
      cmocka_unit_test(callback_may_use_the_desk),
      cmocka_unit_test(bad_arguments),
      cmocka_unit_test(first_save_from_json),
      cmocka_unit_test(clone_saves_only_what_is_new),
      cmocka_unit_test(tenants_share_one_store),
      cmocka_unit_test(tenant_names_are_ids),
      cmocka_unit_test(store_mixing_tenants_is_refused),
      cmocka_unit_test(feed_with_a_gap_is_refused),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * The conformance kit's clauses through a desk (see conformance_kit.h): an ambiguous
 * commit, where the store committed a save but the desk saw an error (a connection
 * that broke after the commit, before its answer arrived). The store under test sits
 * behind a wrapper that commits for real and then answers REDRESS_ERR_STORE. The feed
 * must hold the save's changes exactly once, whatever the desk was told: for a tick,
 * that is what makes alarm delivery exactly-once although the tick's callback never
 * heard of the alarms.
 */
#include <stdio.h>
#include <string.h>

#include "conformance_feed.h"

/* The store under test, with the answer of the next save lost. */
typedef struct kd_lossy {
  redress_store inner;
  int lose_saves;  /* saves still to lose (each commits, then answers STORE) */
  int lost;        /* saves lost so far */
} kd_lossy;

static int kd_load(void *ud, const char *id, redress_record_cb cb, void *payload) {
  kd_lossy *l = ud;
  return l->inner.load(l->inner.ud, id, cb, payload);
}
static int kd_save(void *ud, const redress_record *r, uint64_t expected) {
  kd_lossy *l = ud;
  int rc = l->inner.save(l->inner.ud, r, expected);
  if (rc != REDRESS_OK || l->lose_saves == 0) return rc;
  l->lose_saves--;
  l->lost++;
  return REDRESS_ERR_STORE; /* committed: only the answer is lost */
}
static int kd_remove(void *ud, const char *id, uint64_t expected) {
  kd_lossy *l = ud;
  return l->inner.remove(l->inner.ud, id, expected);
}
static int kd_scan(void *ud, redress_record_cb cb, void *payload) {
  kd_lossy *l = ud;
  return l->inner.scan(l->inner.ud, cb, payload);
}
static int kd_due(void *ud, redress_time until, redress_record_cb cb, void *payload) {
  kd_lossy *l = ud;
  return l->inner.due(l->inner.ud, until, cb, payload);
}
static int kd_feed(void *ud, uint64_t after, size_t limit, redress_change_cb cb, void *payload) {
  kd_lossy *l = ud;
  return l->inner.feed(l->inner.ud, after, limit, cb, payload);
}
static int kd_remove_logged(void *ud, const char *id, uint64_t expected,
                            const redress_change *change) {
  kd_lossy *l = ud;
  return l->inner.remove_logged(l->inner.ud, id, expected, change);
}

static redress_store kd_vtable(kd_lossy *l, const redress_store *inner) {
  memset(l, 0, sizeof *l);
  l->inner = *inner;
  redress_store s = REDRESS_STORE_INIT;
  s.ud = l;
  s.load = kd_load;
  s.save = kd_save;
  s.remove = kd_remove;
  s.scan = kd_scan;
  s.due = inner->due != NULL ? kd_due : NULL;
  s.feed = kd_feed;
  s.remove_logged = kd_remove_logged;
  return s; /* no destroy: the kit destroys the store under test */
}

static redress_time kd_clock(void *ud) {
  (void)ud;
  return KC_T0 + 600;
}

static int kd_open(kc *c, redress_desk **out, const redress_store *s) {
  redress_desk_options o = REDRESS_DESK_OPTIONS_INIT;
  o.store = s;
  o.clock = kd_clock;
  int rc = redress_desk_open(out, &o);
  if (rc == REDRESS_OK) return 0;
  return kc_fail(c, "redress_desk_open returned %s", kc_code(rc));
}

typedef struct kd_seen {
  size_t n;
  size_t alarms;
  uint64_t last;
  int gap;
  char ids[32][32];
  int kinds[32];
  uint64_t revisions[32];
} kd_seen;

static int kd_change(const redress_change *ch, void *payload) {
  kd_seen *k = payload;
  if (ch->cursor != k->last + 1) k->gap = 1;
  k->last = ch->cursor;
  if (k->n < 32) {
    snprintf(k->ids[k->n], sizeof k->ids[0], "%s", ch->complaint_id);
    k->kinds[k->n] = ch->kind;
    k->revisions[k->n] = ch->revision;
  }
  k->alarms += ch->kind == REDRESS_CHANGE_ALARM;
  k->n++;
  return 0;
}

static int kd_read(kc *c, redress_desk *desk, kd_seen *k, const char *when) {
  memset(k, 0, sizeof *k);
  int rc = redress_desk_feed(desk, 0, 1000, kd_change, k);
  if (rc != REDRESS_OK) return kc_fail(c, "%s: desk_feed returned %s", when, kc_code(rc));
  if (k->gap) return kc_fail(c, "%s: the feed's cursors have a gap", when);
  return 0;
}

static int kd_new(kc *c, redress_desk *desk, redress_complaint **out, const char *id) {
  redress_complaint_fields in = REDRESS_COMPLAINT_FIELDS_INIT;
  in.id = id;
  in.customer_id = "cust-amb";
  in.text = "Charged twice.";
  in.received_at = KC_T0;
  int rc = redress_complaint_create(out, desk, &in);
  if (rc == REDRESS_OK) rc = redress_desk_save(desk, *out);
  if (rc == REDRESS_OK) return 0;
  return kc_fail(c, "creating \"%s\" returned %s", id, kc_code(rc));
}

static void kd_save_lost(kc *c, kd_lossy *lossy, redress_desk *desk) {
  redress_complaint *cp = NULL;
  if (kd_new(c, desk, &cp, "amb-1")) return;
  int rc = redress_complaint_acknowledge(cp, KC_T0 + 60, "ann", NULL);
  lossy->lose_saves = 1;
  if (rc == REDRESS_OK) rc = redress_desk_save(desk, cp);
  if (rc != REDRESS_ERR_STORE) {
    kc_fail(c, "a save whose answer was lost returned %s, want REDRESS_ERR_STORE", kc_code(rc));
  } else {
    /* the complaint keeps its old revision: saving it again is a conflict */
    rc = redress_desk_save(desk, cp);
    if (rc != REDRESS_ERR_CONFLICT)
      kc_fail(c, "saving again after a lost answer returned %s, want REDRESS_ERR_CONFLICT",
              kc_code(rc));
  }
  redress_complaint_free(cp);
  kd_seen k;
  if (c->failed || kd_read(c, desk, &k, "after a save whose answer was lost")) return;
  if (k.n != 2 || k.kinds[0] != REDRESS_CHANGE_CREATED || k.kinds[1] != REDRESS_CHANGE_EVENT ||
      k.revisions[1] != 2)
    {
      kc_fail(c, "after a save whose answer was lost the feed has %zu changes, want "
                            "created (revision 1) and the acknowledge (revision 2), once each",
                         k.n);
      return;
    }
  /* the reload shows what was committed; saving on from it takes the next cursor */
  if (redress_desk_load(&cp, desk, "amb-1") != REDRESS_OK)
    {
      kc_fail(c, "loading \"amb-1\" failed: %s", redress_desk_errmsg(desk));
      return;
    }
  rc = redress_complaint_investigate(cp, KC_T0 + 120, "ann", NULL, "double charge", NULL);
  if (rc == REDRESS_OK) rc = redress_desk_save(desk, cp);
  redress_complaint_free(cp);
  if (rc != REDRESS_OK) {
      kc_fail(c, "saving on after the reload returned %s", kc_code(rc));
      return;
    }
  if (kd_read(c, desk, &k, "after saving on") == 0 && (k.n != 3 || k.revisions[2] != 3))
    kc_fail(c, "after saving on the feed has %zu changes, want 3 (the last of revision 3)", k.n);
}

void kc_clause_ambiguous_save(kc *c) {
  if (!kc_has_feed(c)) return;
  kd_lossy lossy;
  redress_store s = kd_vtable(&lossy, &c->s);
  redress_desk *desk = NULL;
  if (kd_open(c, &desk, &s) == 0) kd_save_lost(c, &lossy, desk);
  redress_desk_close(desk);
}

typedef struct kd_alarms {
  size_t n;
} kd_alarms;

static int kd_alarm(const redress_complaint *cp, int kind, int level, redress_time due,
                    void *payload) {
  (void)cp;
  (void)kind;
  (void)level;
  (void)due;
  ((kd_alarms *)payload)->n++;
  return 0;
}

static void kd_tick_lost(kc *c, kd_lossy *lossy, redress_desk *desk) {
  redress_complaint *cp = NULL;
  if (kd_new(c, desk, &cp, "amb-2")) return;
  redress_complaint_free(cp);
  /* Thirty-one days on, the default policy's deadlines are breached: the tick records
   * the alarms, commits, and its answer is lost, so its callback hears of none. */
  kd_alarms heard = {0};
  lossy->lose_saves = 1;
  int rc = redress_desk_tick(desk, KC_T0 + 31 * 86400, kd_alarm, &heard);
  if (rc != REDRESS_ERR_STORE || heard.n != 0 || lossy->lost != 1)
    {
      kc_fail(c, "a tick whose save's answer was lost returned %s after %zu alarms, "
                            "want REDRESS_ERR_STORE after none", kc_code(rc), heard.n);
      return;
    }
  kd_seen k;
  if (kd_read(c, desk, &k, "after a tick whose answer was lost")) return;
  if (k.alarms == 0 || k.n != 1 + k.alarms)
    {
      kc_fail(c, "after a tick whose answer was lost the feed has %zu changes, %zu of "
                            "them alarms; want the creation and at least one alarm", k.n, k.alarms);
      return;
    }
  size_t alarms = k.alarms;
  /* The next tick finds them recorded: quiet, and the feed keeps them once. */
  rc = redress_desk_tick(desk, KC_T0 + 31 * 86400, kd_alarm, &heard);
  if (rc != REDRESS_OK || heard.n != 0)
    {
      kc_fail(c, "the tick after returned %s after %zu alarms, want REDRESS_OK after "
                            "none", kc_code(rc), heard.n);
      return;
    }
  if (kd_read(c, desk, &k, "after the next tick") == 0 && (k.alarms != alarms || k.n != 1 + alarms))
    kc_fail(c, "after the next tick the feed has %zu alarms, want %zu", k.alarms, alarms);
}

void kc_clause_ambiguous_tick(kc *c) {
  if (!kc_has_feed(c)) return;
  kd_lossy lossy;
  redress_store s = kd_vtable(&lossy, &c->s);
  redress_desk *desk = NULL;
  if (kd_open(c, &desk, &s) == 0) kd_tick_lost(c, &lossy, desk);
  redress_desk_close(desk);
}

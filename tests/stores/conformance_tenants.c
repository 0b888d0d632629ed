/*
 * The conformance kit's clauses on tenants (see conformance_kit.h): the stores
 * for_tenant makes keep each tenant's records, revisions and feed apart from every
 * other's, on one storage; and desks of several tenants over one store never see each
 * other's complaints or changes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conformance_feed.h"

static int kt_has_tenants(kc *c) {
  if (c->s.version >= 2 && c->s.for_tenant != NULL) return 1;
  kc_skip(c, "the store has no for_tenant slot");
  return 0;
}

static int kt_feed_slot(const redress_store *s) { return s->version >= 2 && s->feed != NULL; }

/* A store for tenant, checked; -1 when for_tenant failed. */
static int kt_scope(kc *c, const char *tenant, redress_store *out) {
  redress_store made = REDRESS_STORE_INIT;
  made.version = 0;
  int rc = c->s.for_tenant(c->s.ud, tenant, &made);
  if (rc != REDRESS_OK)
    return kc_fail(c, "for_tenant(\"%s\") returned %s, want REDRESS_OK", tenant, kc_code(rc));
  if (made.version < 2 || made.load == NULL || made.save == NULL || made.remove == NULL ||
      made.scan == NULL)
    return kc_fail(c, "for_tenant(\"%s\") gave a store of version %u without every *must* slot",
                   tenant, made.version);
  *out = made;
  return 0;
}

static void kt_release(redress_store *s) {
  if (s->destroy != NULL) s->destroy(s->ud);
  s->destroy = NULL;
}

/* What a load, scan, due or by_customer handed back: how many records, whether one
 * was of another tenant, and the documents. */
typedef struct kt_seen {
  const char *tenant; /* the tenant every record must carry */
  size_t n;
  int foreign;
  char foreign_tenant[160];
  char docs[8][96];
} kt_seen;

static int kt_collect(const redress_record *r, void *payload) {
  kt_seen *s = payload;
  const char *tenant = r->version >= 2 && r->tenant != NULL ? r->tenant : "";
  if (strcmp(tenant, s->tenant) != 0 && !s->foreign) {
    s->foreign = 1;
    snprintf(s->foreign_tenant, sizeof s->foreign_tenant, "%s", tenant);
  }
  if (s->n < 8) snprintf(s->docs[s->n], sizeof s->docs[0], "%.*s", (int)r->doc_len, r->doc);
  s->n++;
  return 0;
}

/* A record whose document names its tenant, so a record shown to the wrong tenant is
 * plain to see; one change, so that the feeds fill too. */
static int kt_save(const redress_store *s, const char *tenant, const char *id, uint64_t rev,
                   redress_time alarm) {
  char doc[96];
  int len = snprintf(doc, sizeof doc, "{\"tenant\":\"%s\",\"id\":\"%s\",\"rev\":%llu}",
                     tenant != NULL ? tenant : "", id, (unsigned long long)rev);
  redress_change ch = REDRESS_CHANGE_INIT;
  ch.kind = rev == 1 ? REDRESS_CHANGE_CREATED : REDRESS_CHANGE_SAVED;
  ch.complaint_id = id;
  ch.revision = rev;
  ch.at = KC_T0;
  redress_record r;
  memset(&r, 0, sizeof r);
  r.version = REDRESS_RECORD_VERSION;
  r.id = id;
  r.customer_id = "same-customer";
  r.received_at = KC_T0;
  r.updated_at = KC_T0;
  r.next_alarm = alarm;
  r.revision = rev;
  r.doc = doc;
  r.doc_len = (size_t)len;
  r.tenant = tenant;
  r.changes = &ch;
  r.n_changes = 1;
  return s->save(s->ud, &r, rev - 1);
}

static int kt_expect(kc *c, const char *what, int rc, int want) {
  if (rc == want) return 0;
  return kc_fail(c, "%s returned %s, want %s", what, kc_code(rc), kc_code(want));
}

/* load(id) through s: found (with the tenant's document) or not. */
static int kt_expect_load(kc *c, const redress_store *s, const char *tenant, const char *id,
                          int found) {
  kt_seen seen = {tenant, 0, 0, "", {{0}}};
  int rc = s->load(s->ud, id, kt_collect, &seen);
  char what[200];
  snprintf(what, sizeof what, "tenant \"%s\": load(\"%s\")", tenant, id);
  if (!found) return kt_expect(c, what, rc, REDRESS_ERR_NOTFOUND);
  if (kt_expect(c, what, rc, REDRESS_OK)) return -1;
  if (seen.foreign)
    return kc_fail(c, "%s handed back a record of tenant \"%s\"", what, seen.foreign_tenant);
  char tag[64];
  snprintf(tag, sizeof tag, "\"tenant\":\"%s\"", tenant);
  if (seen.n != 1 || strstr(seen.docs[0], tag) == NULL)
    return kc_fail(c, "%s handed back %zu records, the first \"%s\"; want the tenant's own", what,
                   seen.n, seen.docs[0]);
  return 0;
}

typedef int (*kt_list_fn)(const redress_store *s, kt_seen *seen);
static int kt_scan(const redress_store *s, kt_seen *seen) {
  return s->scan(s->ud, kt_collect, seen);
}
static int kt_due(const redress_store *s, kt_seen *seen) {
  return s->due != NULL ? s->due(s->ud, REDRESS_TIME_MAX, kt_collect, seen) : REDRESS_OK;
}
static int kt_customer(const redress_store *s, kt_seen *seen) {
  return s->by_customer != NULL ? s->by_customer(s->ud, "same-customer", kt_collect, seen)
                                : REDRESS_OK;
}

/* A listing through s hands back n records, all of the tenant (skipped without slot). */
static int kt_expect_list(kc *c, const redress_store *s, const char *tenant, const char *name,
                          kt_list_fn fn, size_t n) {
  if ((fn == kt_due && s->due == NULL) || (fn == kt_customer && s->by_customer == NULL)) return 0;
  kt_seen seen = {tenant, 0, 0, "", {{0}}};
  int rc = fn(s, &seen);
  char what[160];
  snprintf(what, sizeof what, "tenant \"%s\": %s", tenant, name);
  if (kt_expect(c, what, rc, REDRESS_OK)) return -1;
  if (seen.foreign)
    return kc_fail(c, "%s handed back a record of tenant \"%s\"", what, seen.foreign_tenant);
  if (seen.n != n) return kc_fail(c, "%s handed back %zu records, want %zu", what, seen.n, n);
  return 0;
}

static int kt_expect_lists(kc *c, const redress_store *s, const char *tenant, size_t n) {
  return kt_expect_list(c, s, tenant, "scan()", kt_scan, n) ||
         kt_expect_list(c, s, tenant, "due()", kt_due, n) ||
         kt_expect_list(c, s, tenant, "by_customer()", kt_customer, n);
}

/* The feed through s holds exactly the ids listed, with cursors from 1. */
static int kt_expect_feed(kc *c, const redress_store *s, const char *tenant, const char *const *ids,
                          size_t n) {
  if (!kt_feed_slot(s)) return 0;
  kc_feed got = {0};
  char where[160];
  snprintf(where, sizeof where, "tenant \"%s\": the feed", tenant);
  int res = kc_read_feed(c, s, where, 0, 100, &got);
  if (res == 0 && got.n != n) res = kc_fail(c, "%s has %zu changes, want %zu", where, got.n, n);
  for (size_t i = 0; res == 0 && i < n; i++) {
    if (got.items[i].ch.cursor != i + 1 || strcmp(got.items[i].id, ids[i]) != 0)
      res = kc_fail(c, "%s: change %zu is cursor %llu of \"%s\", want cursor %zu of \"%s\"", where, i,
                    (unsigned long long)got.items[i].ch.cursor, got.items[i].id, i + 1, ids[i]);
  }
  kc_feed_free(&got);
  return res;
}

static void kt_apart(kc *c, redress_store *acme, redress_store *globex) {
  const redress_store *home = &c->s;
  if (kt_expect(c, "save(c-1) for the default tenant", kt_save(home, NULL, "c-1", 1, KC_T0),
                REDRESS_OK) ||
      kt_expect(c, "save(c-1) for acme", kt_save(acme, "acme", "c-1", 1, KC_T0 + 1), REDRESS_OK) ||
      kt_expect(c, "save(c-2) for acme", kt_save(acme, "acme", "c-2", 1, KC_T0 + 2), REDRESS_OK) ||
      kt_expect(c, "save(c-1) for globex", kt_save(globex, "globex", "c-1", 1, KC_T0 + 3),
                REDRESS_OK))
    return;
  if (kt_expect_load(c, home, "", "c-1", 1) || kt_expect_load(c, acme, "acme", "c-1", 1) ||
      kt_expect_load(c, globex, "globex", "c-1", 1) || kt_expect_load(c, acme, "acme", "c-2", 1) ||
      kt_expect_load(c, globex, "globex", "c-2", 0) || kt_expect_load(c, home, "", "c-2", 0))
    return;
  if (kt_expect_lists(c, home, "", 1) || kt_expect_lists(c, acme, "acme", 2) ||
      kt_expect_lists(c, globex, "globex", 1))
    return;
  /* Revisions are the tenant's own: acme's c-1 moves on, globex's stays at 1. */
  if (kt_expect(c, "save(c-1 revision 2) for acme", kt_save(acme, "acme", "c-1", 2, KC_T0),
                REDRESS_OK) ||
      kt_expect(c, "save(c-1 revision 3 over 2) for globex",
                kt_save(globex, "globex", "c-1", 3, KC_T0), REDRESS_ERR_CONFLICT) ||
      kt_expect(c, "save(c-1 revision 2) for globex", kt_save(globex, "globex", "c-1", 2, KC_T0),
                REDRESS_OK))
    return;
  /* A record of another tenant handed to a tenant's store is refused, and lands nowhere. */
  if (kt_save(acme, "globex", "c-9", 1, KC_T0) == REDRESS_OK)
    {
      kc_fail(c, "acme's store took a record of tenant \"globex\"");
      return;
    }
  if (kt_expect_load(c, acme, "acme", "c-9", 0) || kt_expect_load(c, globex, "globex", "c-9", 0))
    return;
  if (kt_expect(c, "remove(c-2) for acme", acme->remove(acme->ud, "c-2", 1), REDRESS_OK) ||
      kt_expect(c, "remove(c-2) for globex", globex->remove(globex->ud, "c-2", 1),
                REDRESS_ERR_NOTFOUND) ||
      kt_expect_load(c, home, "", "c-1", 1) || kt_expect_lists(c, acme, "acme", 1))
    return;
  const char *home_ids[] = {"c-1"};
  const char *acme_ids[] = {"c-1", "c-2", "c-1"};
  const char *globex_ids[] = {"c-1", "c-1"};
  if (kt_expect_feed(c, home, "", home_ids, 1) || kt_expect_feed(c, acme, "acme", acme_ids, 3) ||
      kt_expect_feed(c, globex, "globex", globex_ids, 2))
    return;
  /* A second store for acme is the same tenant: its records and its feed. */
  redress_store again = REDRESS_STORE_INIT;
  if (kt_scope(c, "acme", &again)) return;
  if (kt_expect_load(c, &again, "acme", "c-1", 1) == 0)
    kt_expect_feed(c, &again, "acme", acme_ids, 3);
  kt_release(&again);
  if (!c->failed) kt_expect_load(c, acme, "acme", "c-1", 1);
}

void kc_clause_tenants_apart(kc *c) {
  if (!kt_has_tenants(c)) return;
  redress_store acme = REDRESS_STORE_INIT, globex = REDRESS_STORE_INIT;
  if (kt_scope(c, "acme", &acme)) return;
  if (kt_scope(c, "globex", &globex) == 0) {
    kt_apart(c, &acme, &globex);
    kt_release(&globex);
  }
  kt_release(&acme);
}

/* ---- desks of several tenants on one store ------------------------------------------ */

static redress_time kt_clock(void *ud) {
  (void)ud;
  return KC_T0 + 600;
}

static int kt_open(kc *c, redress_desk **out, const redress_store *shared, const char *tenant) {
  redress_desk_options o = REDRESS_DESK_OPTIONS_INIT;
  o.store = shared;
  o.clock = kt_clock;
  o.tenant = tenant;
  int rc = redress_desk_open(out, &o);
  if (rc == REDRESS_OK) return 0;
  return kc_fail(c, "redress_desk_open(tenant \"%s\") returned %s", tenant != NULL ? tenant : "",
                 kc_code(rc));
}

static int kt_file(kc *c, redress_desk *desk, const char *id, const char *customer, int ack) {
  redress_complaint_fields in = REDRESS_COMPLAINT_FIELDS_INIT;
  in.id = id;
  in.customer_id = customer;
  in.text = "The parcel arrived broken.";
  in.received_at = KC_T0;
  redress_complaint *cp = NULL;
  int rc = redress_complaint_create(&cp, desk, &in);
  if (rc == REDRESS_OK && ack) rc = redress_complaint_acknowledge(cp, KC_T0 + 60, "ann", NULL);
  if (rc == REDRESS_OK) rc = redress_desk_save(desk, cp);
  redress_complaint_free(cp);
  if (rc == REDRESS_OK) return 0;
  return kc_fail(c, "saving \"%s\" for customer \"%s\" returned %s: %s", id, customer,
                 kc_code(rc), redress_desk_errmsg(desk));
}

/* load(id): the customer of the tenant's complaint, or "" when there is none. */
static const char *kt_customer_of(redress_desk *desk, const char *id, char *out, size_t size) {
  redress_complaint *cp = NULL;
  out[0] = '\0';
  if (redress_desk_load(&cp, desk, id) != REDRESS_OK) return out;
  snprintf(out, size, "%s", redress_complaint_string(cp, REDRESS_FIELD_CUSTOMER_ID));
  redress_complaint_free(cp);
  return out;
}

typedef struct kt_count {
  size_t n;
  const char *prefix; /* every complaint's customer starts with it */
  int stranger;
} kt_count;

static int kt_each(const redress_complaint *cp, void *payload) {
  kt_count *k = payload;
  k->n++;
  const char *customer = redress_complaint_string(cp, REDRESS_FIELD_CUSTOMER_ID);
  if (strncmp(customer, k->prefix, strlen(k->prefix)) != 0) k->stranger = 1;
  return 0;
}

static int kt_alarm(const redress_complaint *cp, int kind, int level, redress_time due,
                    void *payload) {
  (void)kind;
  (void)level;
  (void)due;
  kt_count *k = payload;
  k->n++;
  const char *customer = redress_complaint_string(cp, REDRESS_FIELD_CUSTOMER_ID);
  if (strncmp(customer, k->prefix, strlen(k->prefix)) != 0) k->stranger = 1;
  return 0;
}

typedef struct kt_changes {
  size_t n;
  uint64_t last;
  int gap;
  char ids[16][32];
} kt_changes;

static int kt_change(const redress_change *ch, void *payload) {
  kt_changes *k = payload;
  if (ch->cursor != k->last + 1) k->gap = 1;
  k->last = ch->cursor;
  if (k->n < 16) snprintf(k->ids[k->n], sizeof k->ids[0], "%s", ch->complaint_id);
  k->n++;
  return 0;
}

/* What one tenant's desk sees: its complaints, its alarms, its feed. */
static int kt_desk_sees(kc *c, redress_desk *desk, const char *tenant, const char *prefix,
                        size_t complaints, size_t changes) {
  kt_count each = {0, prefix, 0};
  int rc = redress_desk_each(desk, kt_each, &each);
  if (rc != REDRESS_OK || each.n != complaints || each.stranger)
    return kc_fail(c, "tenant \"%s\": desk_each returned %s with %zu complaints%s, want %zu",
                   tenant, kc_code(rc), each.n, each.stranger ? " (one a stranger's)" : "",
                   complaints);
  kt_count alarms = {0, prefix, 0};
  rc = redress_desk_tick(desk, KC_T0 + 31 * 86400, kt_alarm, &alarms);
  if (rc != REDRESS_OK || alarms.stranger || alarms.n < complaints)
    return kc_fail(c, "tenant \"%s\": the tick returned %s with %zu alarms%s, want one or more "
                      "for each of its %zu complaints", tenant, kc_code(rc), alarms.n,
                   alarms.stranger ? " (one a stranger's)" : "", complaints);
  if (!kt_feed_slot(&c->s)) return 0;
  kt_changes k;
  memset(&k, 0, sizeof k);
  rc = redress_desk_feed(desk, 0, 1000, kt_change, &k);
  if (rc != REDRESS_OK || k.gap || k.n != changes + alarms.n)
    return kc_fail(c, "tenant \"%s\": desk_feed returned %s with %zu changes (cursors %s), want "
                      "%zu saved and %zu alarms", tenant, kc_code(rc), k.n,
                   k.gap ? "with a gap" : "1, 2, ...", changes, alarms.n);
  return 0;
}

static void kt_three_desks(kc *c, redress_desk *home, redress_desk *acme, redress_desk *globex) {
  if (kt_file(c, home, "c-1", "home-1", 0) || kt_file(c, acme, "c-1", "acme-1", 1) ||
      kt_file(c, acme, "c-2", "acme-2", 0) || kt_file(c, globex, "c-1", "globex-1", 0))
    return;
  char who[64];
  if (strcmp(kt_customer_of(home, "c-1", who, sizeof who), "home-1") != 0 ||
      strcmp(kt_customer_of(acme, "c-1", who, sizeof who), "acme-1") != 0 ||
      strcmp(kt_customer_of(globex, "c-1", who, sizeof who), "globex-1") != 0)
    {
      kc_fail(c, "desks of three tenants loaded another tenant's \"c-1\"");
      return;
    }
  if (kt_customer_of(globex, "c-2", who, sizeof who)[0] != '\0' ||
      kt_customer_of(home, "c-2", who, sizeof who)[0] != '\0')
    {
      kc_fail(c, "a desk loaded acme's \"c-2\" for another tenant");
      return;
    }
  /* acme: created c-1 with its acknowledge (2 changes), created c-2 */
  if (kt_desk_sees(c, home, "", "home-", 1, 1) || kt_desk_sees(c, acme, "acme", "acme-", 2, 3) ||
      kt_desk_sees(c, globex, "globex", "globex-", 1, 1))
    return;
  int rc = redress_desk_remove(globex, "c-2", 1);
  if (rc != REDRESS_ERR_NOTFOUND)
    {
      kc_fail(c, "globex removing acme's \"c-2\" returned %s, want REDRESS_ERR_NOTFOUND",
                         kc_code(rc));
      return;
    }
  if (strcmp(kt_customer_of(acme, "c-2", who, sizeof who), "acme-2") != 0)
    kc_fail(c, "acme's \"c-2\" is gone after globex tried to remove it");
}

void kc_clause_tenants_two_desks(kc *c) {
  if (!kt_has_tenants(c)) return;
  redress_store shared = c->s;
  shared.destroy = NULL; /* the kit destroys the store after the clause */
  redress_desk *home = NULL, *acme = NULL, *globex = NULL;
  if (kt_open(c, &home, &shared, NULL) == 0 && kt_open(c, &acme, &shared, "acme") == 0 &&
      kt_open(c, &globex, &shared, "globex") == 0)
    kt_three_desks(c, home, acme, globex);
  redress_desk_close(globex);
  redress_desk_close(acme);
  redress_desk_close(home);
}

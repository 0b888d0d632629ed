/*
 * Store conformance kit (see store_conformance.h).
 *
 * Each clause gets a fresh store, drives it through the vtable with records the
 * kit builds, and checks every answer against a model the kit keeps itself. The
 * first thing that goes wrong is reported, with the call, the values and the
 * expectation, so an adapter's author can act on the line alone.
 */
#include "conformance_kit.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define KC_BIG_DOC_BYTES ((size_t)4 * 1024 * 1024)
#define KC_MANY 10000u

/* A record owned by the kit: a model of what should be stored, or a copy made in
 * a callback. `live` marks models currently expected in the store. */
typedef struct kc_rec {
  unsigned version;
  const char *id;
  const char *customer_id;
  int state;
  int severity;
  int channel;
  redress_time received_at;
  redress_time updated_at;
  redress_time next_alarm;
  uint64_t revision;
  const char *doc;
  size_t doc_len;
  const char *owner; /* NULL: none; version 2 */
  const char *team;
  const char *tenant; /* version 2: the tenant the record must come back with */
  int live;
} kc_rec;

/* What a callback received, copied during the call. */
typedef struct kc_list {
  kc_rec *items;
  size_t n;
  size_t cap;
  size_t stop_at; /* the callback returns 1 on this call (1-based); 0: never */
} kc_list;

/* ---- memory: the kit's own allocations abort on failure ----------------- */

void *kc_xmalloc(size_t n) {
  void *p = malloc(n == 0 ? 1 : n);
  if (p == NULL) {
    fputs("store conformance kit: out of memory\n", stderr);
    abort();
  }
  return p;
}

void *kc_xrealloc(void *p, size_t n) {
  void *q = realloc(p, n == 0 ? 1 : n);
  if (q == NULL) {
    fputs("store conformance kit: out of memory\n", stderr);
    abort();
  }
  return q;
}

char *kc_memdup(const char *s, size_t n) {
  char *copy = kc_xmalloc(n + 1);
  if (n > 0) memcpy(copy, s, n);
  copy[n] = '\0';
  return copy;
}

char *kc_strdup(const char *s) { return s == NULL ? NULL : kc_memdup(s, strlen(s)); }

/* Memory freed when the clause ends, so that clauses may return at any point. */
void *kc_keep(kc *c, void *p) {
  if (c->n_pool == c->cap_pool) {
    c->cap_pool = c->cap_pool == 0 ? 64 : c->cap_pool * 2;
    c->pool = kc_xrealloc(c->pool, c->cap_pool * sizeof *c->pool);
  }
  c->pool[c->n_pool++] = p;
  return p;
}

static void kc_release(kc *c) {
  for (size_t i = 0; i < c->n_pool; i++) free(c->pool[i]);
  free(c->pool);
  c->pool = NULL;
  c->n_pool = c->cap_pool = 0;
}

uint64_t kc_rand(kc *c) {
  c->rng ^= c->rng << 13;
  c->rng ^= c->rng >> 7;
  c->rng ^= c->rng << 17;
  return c->rng;
}

/* ---- reporting ----------------------------------------------------------- */

/* Keeps the first failure of the clause; returns -1 so callers can `return`. */
int kc_fail(kc *c, const char *fmt, ...) {
  if (!c->failed) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->why, sizeof c->why, fmt, ap);
    va_end(ap);
    c->failed = 1;
  }
  return -1;
}

void kc_skip(kc *c, const char *why) { c->skip = why; }

const char *kc_code(int rc) {
  switch (rc) {
  case REDRESS_OK: return "REDRESS_OK";
  case REDRESS_ERR_INVALID: return "REDRESS_ERR_INVALID";
  case REDRESS_ERR_NOMEM: return "REDRESS_ERR_NOMEM";
  case REDRESS_ERR_NOTFOUND: return "REDRESS_ERR_NOTFOUND";
  case REDRESS_ERR_EXISTS: return "REDRESS_ERR_EXISTS";
  case REDRESS_ERR_CONFLICT: return "REDRESS_ERR_CONFLICT";
  case REDRESS_ERR_STATE: return "REDRESS_ERR_STATE";
  case REDRESS_ERR_STORE: return "REDRESS_ERR_STORE";
  case REDRESS_ERR_PARSE: return "REDRESS_ERR_PARSE";
  case REDRESS_ERR_RANGE: return "REDRESS_ERR_RANGE";
  case REDRESS_ERR_VERSION: return "REDRESS_ERR_VERSION";
  case REDRESS_ERR_USER: return "REDRESS_ERR_USER";
  default: return "a code outside redress_error";
  }
}

const char *kc_s(const char *s) { return s != NULL ? s : "(null)"; }

/* ---- models ---------------------------------------------------------------- */

const char *kc_text(kc *c, const char *s) { return kc_keep(c, kc_strdup(s)); }

/* A document that differs with the revision and the tag, so updates are visible. */
static void kc_set_doc(kc *c, kc_rec *m, const char *tag) {
  const char *fmt = "{\"v\":1,\"id\":\"%s\",\"customer\":\"%s\",\"revision\":%llu,\"tag\":\"%s\"}";
  unsigned long long rev = (unsigned long long)m->revision;
  int n = snprintf(NULL, 0, fmt, m->id, m->customer_id, rev, tag);
  char *doc = kc_keep(c, kc_xmalloc((size_t)n + 1));
  snprintf(doc, (size_t)n + 1, fmt, m->id, m->customer_id, rev, tag);
  m->doc = doc;
  m->doc_len = (size_t)n;
}

static kc_rec kc_model(kc *c, const char *id, const char *customer, redress_time alarm) {
  kc_rec m;
  memset(&m, 0, sizeof m);
  m.version = REDRESS_RECORD_VERSION;
  m.id = kc_text(c, id);
  m.customer_id = kc_text(c, customer);
  m.state = 1;
  m.severity = 2;
  m.channel = (int)(strlen(id) % 10);
  m.received_at = KC_T0 - 86400;
  m.updated_at = KC_T0;
  m.next_alarm = alarm;
  m.revision = 1;
  m.live = 1;
  kc_set_doc(c, &m, "first");
  return m;
}

/* The next revision of m, as a desk would save it after a change. */
static kc_rec kc_revise(kc *c, const kc_rec *m, redress_time alarm, const char *tag) {
  kc_rec next = *m;
  next.revision = m->revision + 1;
  next.state = (m->state + 1) % 8;
  next.severity = (m->severity + 1) % 4;
  next.channel = m->channel + 1;
  next.updated_at = m->updated_at + 60;
  next.next_alarm = alarm;
  kc_set_doc(c, &next, tag);
  return next;
}

/* ---- calling the store ------------------------------------------------------ */

void kc_scribble_free(char *p, size_t n) {
  memset(p, 0x5A, n);
  free(p);
}

/*
 * Saves m from scratch buffers that are overwritten and freed as soon as save()
 * returns: the store must have copied what it keeps.
 */
static int kc_save(kc *c, const kc_rec *m, uint64_t expected) {
  char *id = kc_strdup(m->id);
  char *customer = kc_strdup(m->customer_id);
  char *doc = kc_memdup(m->doc, m->doc_len);
  char *owner = m->owner != NULL ? kc_strdup(m->owner) : NULL;
  char *team = m->team != NULL ? kc_strdup(m->team) : NULL;
  redress_record r;
  memset(&r, 0, sizeof r);
  r.version = m->version;
  r.id = id;
  r.customer_id = customer;
  r.state = m->state;
  r.severity = m->severity;
  r.channel = m->channel;
  r.received_at = m->received_at;
  r.updated_at = m->updated_at;
  r.next_alarm = m->next_alarm;
  r.revision = m->revision;
  r.doc = doc;
  r.doc_len = m->doc_len;
  r.tenant = m->tenant;
  r.owner = owner;
  r.team = team;
  int rc = c->s.save(c->s.ud, &r, expected);
  if (owner != NULL) kc_scribble_free(owner, strlen(owner) + 1);
  if (team != NULL) kc_scribble_free(team, strlen(team) + 1);
  kc_scribble_free(id, strlen(m->id) + 1);
  kc_scribble_free(customer, strlen(m->customer_id) + 1);
  kc_scribble_free(doc, m->doc_len + 1);
  return rc;
}

static int kc_collect(const redress_record *r, void *payload) {
  kc_list *l = payload;
  if (l->n == l->cap) {
    l->cap = l->cap == 0 ? 16 : l->cap * 2;
    l->items = kc_xrealloc(l->items, l->cap * sizeof *l->items);
  }
  kc_rec *copy = &l->items[l->n++];
  memset(copy, 0, sizeof *copy);
  copy->version = r->version;
  copy->id = kc_strdup(r->id);
  copy->customer_id = kc_strdup(r->customer_id);
  copy->state = r->state;
  copy->severity = r->severity;
  copy->channel = r->channel;
  copy->received_at = r->received_at;
  copy->updated_at = r->updated_at;
  copy->next_alarm = r->next_alarm;
  copy->revision = r->revision;
  copy->doc = r->doc != NULL ? kc_memdup(r->doc, r->doc_len) : NULL;
  copy->doc_len = r->doc_len;
  copy->tenant = r->version >= 2 ? kc_strdup(r->tenant != NULL ? r->tenant : "") : NULL;
  copy->owner = r->version >= 2 && r->owner != NULL ? kc_strdup(r->owner) : NULL;
  copy->team = r->version >= 2 && r->team != NULL ? kc_strdup(r->team) : NULL;
  return l->stop_at != 0 && l->n >= l->stop_at;
}

static void kc_list_init(kc_list *l, size_t stop_at) {
  memset(l, 0, sizeof *l);
  l->stop_at = stop_at;
}

/* The copies' strings were allocated by kc_collect, hence the casts. */
static void kc_list_free(kc_list *l) {
  for (size_t i = 0; i < l->n; i++) {
    free((void *)(uintptr_t)l->items[i].id);
    free((void *)(uintptr_t)l->items[i].customer_id);
    free((void *)(uintptr_t)l->items[i].doc);
    free((void *)(uintptr_t)l->items[i].tenant);
    free((void *)(uintptr_t)l->items[i].owner);
    free((void *)(uintptr_t)l->items[i].team);
  }
  free(l->items);
  memset(l, 0, sizeof *l);
}

/* ---- comparing ---------------------------------------------------------------- */

static int kc_diff_doc(kc *c, const char *where, const kc_rec *got, const kc_rec *want) {
  if (got->doc_len != want->doc_len)
    return kc_fail(c, "%s: doc_len is %zu, want %zu", where, got->doc_len, want->doc_len);
  if (want->doc_len == 0) return 0;
  if (got->doc == NULL) return kc_fail(c, "%s: doc is NULL, want %zu bytes", where, want->doc_len);
  for (size_t i = 0; i < want->doc_len; i++) {
    if (got->doc[i] != want->doc[i])
      return kc_fail(c, "%s: doc differs at byte %zu of %zu (0x%02x, want 0x%02x)", where, i,
                     want->doc_len, (unsigned)(unsigned char)got->doc[i],
                     (unsigned)(unsigned char)want->doc[i]);
  }
  return 0;
}

#define KC_SAME(field, fmt, type)                                                                  \
  do {                                                                                             \
    if (got->field != want->field)                                                                 \
      return kc_fail(c, "%s: " #field " is " fmt ", want " fmt, where, (type)got->field,           \
                     (type)want->field);                                                           \
  } while (0)

/* Every field of a record a callback received against the model. */
static int kc_diff(kc *c, const char *where, const kc_rec *got, const kc_rec *want) {
  if (got->version < 1 || got->version > REDRESS_RECORD_VERSION)
    return kc_fail(c, "%s: record version is %u, want 1 to %u", where, got->version,
                   REDRESS_RECORD_VERSION);
  /* a store of version 2 tells the desk whose record it is */
  const char *tenant = want->tenant != NULL ? want->tenant : "";
  if (c->s.version >= 2 && got->version < 2)
    return kc_fail(c, "%s: a store of version 2 handed back a record of version %u", where,
                   got->version);
  if (got->version >= 2 && strcmp(got->tenant, tenant) != 0)
    return kc_fail(c, "%s: tenant is \"%s\", want \"%s\"", where, got->tenant, tenant);
  if (got->id == NULL || strcmp(got->id, want->id) != 0)
    return kc_fail(c, "%s: id is \"%s\", want \"%s\"", where, kc_s(got->id), want->id);
  if (got->customer_id == NULL || strcmp(got->customer_id, want->customer_id) != 0)
    return kc_fail(c, "%s: customer_id is \"%s\", want \"%s\"", where, kc_s(got->customer_id),
                   want->customer_id);
  KC_SAME(revision, "%llu", unsigned long long);
  KC_SAME(state, "%d", int);
  KC_SAME(severity, "%d", int);
  KC_SAME(channel, "%d", int);
  KC_SAME(received_at, "%lld", long long);
  KC_SAME(updated_at, "%lld", long long);
  KC_SAME(next_alarm, "%lld", long long);
  /* a version-1 record carries no owner or team: they read back as none */
  const char *owner = want->version >= 2 ? want->owner : NULL;
  const char *team = want->version >= 2 ? want->team : NULL;
  if ((got->owner == NULL) != (owner == NULL) || (owner != NULL && strcmp(got->owner, owner) != 0))
    return kc_fail(c, "%s: owner is %s%s%s, want %s%s%s", where, got->owner ? "\"" : "",
                   got->owner ? got->owner : "NULL", got->owner ? "\"" : "", owner ? "\"" : "",
                   owner ? owner : "NULL", owner ? "\"" : "");
  if ((got->team == NULL) != (team == NULL) || (team != NULL && strcmp(got->team, team) != 0))
    return kc_fail(c, "%s: team is %s, want %s", where, kc_s(got->team), team ? team : "NULL");
  return kc_diff_doc(c, where, got, want);
}

static int kc_cmp_id(const void *a, const void *b) {
  const kc_rec *x = a;
  const kc_rec *y = b;
  return strcmp(kc_s(x->id), kc_s(y->id));
}

static int kc_cmp_id_ptr(const void *a, const void *b) {
  const kc_rec *const *x = a;
  const kc_rec *const *y = b;
  return strcmp((*x)->id, (*y)->id);
}

/* due() order: next_alarm, then id in byte order (strcmp compares unsigned bytes). */
static int kc_cmp_due_ptr(const void *a, const void *b) {
  const kc_rec *const *x = a;
  const kc_rec *const *y = b;
  if ((*x)->next_alarm != (*y)->next_alarm) return (*x)->next_alarm < (*y)->next_alarm ? -1 : 1;
  return strcmp((*x)->id, (*y)->id);
}

static int kc_null_ids(kc *c, const char *where, const kc_list *got) {
  for (size_t i = 0; i < got->n; i++) {
    if (got->items[i].id == NULL || got->items[i].customer_id == NULL)
      return kc_fail(c, "%s: the callback got a record with a NULL id or customer_id", where);
  }
  return 0;
}

/*
 * got against want[0..n): in the given order when `ordered`, else as sets (both
 * sorted by id first). Names the first missing, extra, repeated or differing record.
 */
static int kc_same_list(kc *c, const char *where, kc_list *got, const kc_rec **want, size_t n,
                        int ordered) {
  if (kc_null_ids(c, where, got)) return -1;
  if (!ordered) {
    if (got->n > 1) qsort(got->items, got->n, sizeof *got->items, kc_cmp_id);
    for (size_t i = 1; i < got->n; i++) {
      if (strcmp(got->items[i].id, got->items[i - 1].id) == 0)
        return kc_fail(c, "%s: record \"%s\" was passed %s", where, got->items[i].id,
                       "more than once");
    }
  }
  size_t common = got->n < n ? got->n : n;
  for (size_t i = 0; i < common; i++) {
    const kc_rec *g = &got->items[i];
    if (strcmp(g->id, want[i]->id) != 0)
      return kc_fail(c, "%s: %s %zu is \"%s\", want \"%s\" (%zu records, want %zu)", where,
                     ordered ? "position" : "sorted position", i, g->id, want[i]->id, got->n, n);
    char at[768];
    snprintf(at, sizeof at, "%s: record \"%s\"", where, g->id);
    if (kc_diff(c, at, g, want[i])) return -1;
  }
  if (got->n > n)
    return kc_fail(c, "%s: %zu records, want %zu (extra: \"%s\")", where, got->n, n,
                   got->items[n].id);
  if (got->n < n)
    return kc_fail(c, "%s: %zu records, want %zu (missing: \"%s\")", where, got->n, n,
                   want[got->n]->id);
  return 0;
}

/* Live models of set[0..n) that pass keep(), sorted by cmp. Kept in the pool. */
static const kc_rec **kc_select(kc *c, const kc_rec *set, size_t n, size_t *out_n,
                                int (*keep)(const kc_rec *m, const void *arg), const void *arg,
                                int (*cmp)(const void *, const void *)) {
  const kc_rec **sel = kc_keep(c, kc_xmalloc((n + 1) * sizeof *sel));
  size_t k = 0;
  for (size_t i = 0; i < n; i++) {
    if (set[i].live && keep(&set[i], arg)) sel[k++] = &set[i];
  }
  if (k > 1) qsort(sel, k, sizeof *sel, cmp);
  *out_n = k;
  return sel;
}

static int kc_keep_all(const kc_rec *m, const void *arg) {
  (void)m;
  (void)arg;
  return 1;
}

static int kc_keep_due(const kc_rec *m, const void *arg) {
  redress_time until = *(const redress_time *)arg;
  return m->next_alarm != REDRESS_TIME_NEVER && m->next_alarm <= until;
}

static int kc_keep_customer(const kc_rec *m, const void *arg) {
  return strcmp(m->customer_id, (const char *)arg) == 0;
}

/* ---- expectations ------------------------------------------------------------- */

static int kc_expect_save(kc *c, const kc_rec *m, uint64_t expected, int want) {
  int rc = kc_save(c, m, expected);
  if (rc == want) return 0;
  return kc_fail(c, "save(\"%s\", revision %llu, expected_revision %llu) returned %s, want %s",
                 m->id, (unsigned long long)m->revision, (unsigned long long)expected, kc_code(rc),
                 kc_code(want));
}

static int kc_expect_remove(kc *c, const char *id, uint64_t expected, int want) {
  int rc = c->s.remove(c->s.ud, id, expected);
  if (rc == want) return 0;
  return kc_fail(c, "remove(\"%s\", expected_revision %llu) returned %s, want %s", id,
                 (unsigned long long)expected, kc_code(rc), kc_code(want));
}

/* load(want->id) calls back exactly once with exactly `want`. */
static int kc_expect_load(kc *c, const kc_rec *want, const char *when) {
  char where[768];
  snprintf(where, sizeof where, "%s: load(\"%s\")", when, want->id);
  kc_list l;
  kc_list_init(&l, 0);
  int rc = c->s.load(c->s.ud, want->id, kc_collect, &l);
  int res = 0;
  if (rc != REDRESS_OK)
    res = kc_fail(c, "%s returned %s, want REDRESS_OK", where, kc_code(rc));
  else if (l.n != 1)
    res = kc_fail(c, "%s called the callback %zu times, want once", where, l.n);
  else
    res = kc_diff(c, where, &l.items[0], want);
  kc_list_free(&l);
  return res;
}

static int kc_expect_missing(kc *c, const char *id, const char *when) {
  kc_list l;
  kc_list_init(&l, 0);
  int rc = c->s.load(c->s.ud, id, kc_collect, &l);
  size_t calls = l.n;
  kc_list_free(&l);
  if (rc != REDRESS_ERR_NOTFOUND)
    return kc_fail(c, "%s: load(\"%s\") returned %s, want REDRESS_ERR_NOTFOUND", when, id,
                   kc_code(rc));
  if (calls != 0)
    return kc_fail(c, "%s: load(\"%s\") of a missing id called the callback %zu times", when, id,
                   calls);
  return 0;
}

static int kc_expect_scan(kc *c, const char *when, const kc_rec *set, size_t n) {
  size_t k = 0;
  const kc_rec **want = kc_select(c, set, n, &k, kc_keep_all, NULL, kc_cmp_id_ptr);
  char where[256];
  snprintf(where, sizeof where, "%s: scan()", when);
  kc_list l;
  kc_list_init(&l, 0);
  int rc = c->s.scan(c->s.ud, kc_collect, &l);
  int res = rc != REDRESS_OK ? kc_fail(c, "%s returned %s", where, kc_code(rc))
                             : kc_same_list(c, where, &l, want, k, 0);
  kc_list_free(&l);
  return res;
}

/* Does nothing when the store has no due slot (clauses about due() skip instead). */
static int kc_expect_due(kc *c, const char *when, const kc_rec *set, size_t n, redress_time until) {
  if (c->s.due == NULL) return 0;
  size_t k = 0;
  const kc_rec **want = kc_select(c, set, n, &k, kc_keep_due, &until, kc_cmp_due_ptr);
  char where[256];
  snprintf(where, sizeof where, "%s: due(%lld)", when, (long long)until);
  kc_list l;
  kc_list_init(&l, 0);
  int rc = c->s.due(c->s.ud, until, kc_collect, &l);
  int res = rc != REDRESS_OK ? kc_fail(c, "%s returned %s", where, kc_code(rc))
                             : kc_same_list(c, where, &l, want, k, 1);
  kc_list_free(&l);
  return res;
}

/* Does nothing when the store has no by_customer slot. */
static int kc_expect_customer(kc *c, const char *when, const kc_rec *set, size_t n,
                              const char *customer) {
  if (c->s.by_customer == NULL) return 0;
  size_t k = 0;
  const kc_rec **want = kc_select(c, set, n, &k, kc_keep_customer, customer, kc_cmp_id_ptr);
  char where[512];
  snprintf(where, sizeof where, "%s: by_customer(\"%s\")", when, customer);
  kc_list l;
  kc_list_init(&l, 0);
  int rc = c->s.by_customer(c->s.ud, customer, kc_collect, &l);
  int res = rc != REDRESS_OK ? kc_fail(c, "%s returned %s", where, kc_code(rc))
                             : kc_same_list(c, where, &l, want, k, 0);
  kc_list_free(&l);
  return res;
}

/* Saves every model of set[0..n) as a first revision. */
static int kc_insert_all(kc *c, const kc_rec *set, size_t n) {
  for (size_t i = 0; i < n; i++) {
    if (kc_expect_save(c, &set[i], 0, REDRESS_OK)) return -1;
  }
  return 0;
}

/* ---- clauses: insert, load, compare-and-swap, remove -------------------------- */

static void clause_insert_load(kc *c) {
  kc_rec a = kc_model(c, "c-1", "cust-1", KC_T0 + 3600);
  kc_rec b = kc_model(c, "c-2", "cust-2", REDRESS_TIME_NEVER);
  b.state = 7;
  b.severity = 3;
  b.received_at = 0;
  if (kc_expect_save(c, &a, 0, REDRESS_OK) || kc_expect_save(c, &b, 0, REDRESS_OK)) return;
  if (kc_expect_load(c, &a, "after insert")) return;
  kc_expect_load(c, &b, "after insert");
}

static void clause_insert_existing(kc *c) {
  kc_rec set[1] = {kc_model(c, "c-1", "cust-1", KC_T0 + 3600)};
  kc_rec other = kc_model(c, "c-1", "cust-2", KC_T0 + 60);
  kc_set_doc(c, &other, "intruder");
  if (kc_expect_save(c, &set[0], 0, REDRESS_OK)) return;
  if (kc_expect_save(c, &other, 0, REDRESS_ERR_CONFLICT)) return;
  const char *when = "after a second insert of the same id was refused";
  if (kc_expect_load(c, &set[0], when) || kc_expect_scan(c, when, set, 1)) return;
  if (kc_expect_due(c, when, set, 1, KC_T0 + 3600)) return;
  kc_expect_customer(c, when, set, 1, "cust-2");
}

static void clause_cas_update(kc *c) {
  kc_rec v1 = kc_model(c, "c-1", "cust-1", KC_T0 + 100);
  kc_rec v2 = kc_revise(c, &v1, KC_T0 + 200, "second");
  kc_rec rival = kc_revise(c, &v1, KC_T0 + 50, "rival");
  kc_rec future = kc_revise(c, &v2, KC_T0 + 10, "future");
  future.revision = 6;
  kc_rec v3 = kc_revise(c, &v2, KC_T0 + 300, "third");
  if (kc_expect_save(c, &v1, 0, REDRESS_OK) || kc_expect_save(c, &v2, 1, REDRESS_OK)) return;
  if (kc_expect_load(c, &v2, "after an update with the right revision")) return;
  if (kc_expect_save(c, &rival, 1, REDRESS_ERR_CONFLICT)) return;
  if (kc_expect_load(c, &v2, "after an update with a stale revision was refused")) return;
  if (kc_expect_save(c, &future, 5, REDRESS_ERR_CONFLICT)) return;
  if (kc_expect_load(c, &v2, "after an update with a future revision was refused")) return;
  if (kc_expect_due(c, "after refused updates", &v2, 1, KC_T0 + 250)) return;
  if (kc_expect_save(c, &v3, 2, REDRESS_OK)) return;
  if (kc_expect_load(c, &v3, "after a second update")) return;
  kc_rec ghost = kc_model(c, "c-ghost", "cust-1", KC_T0);
  ghost.revision = 2;
  if (kc_expect_save(c, &ghost, 1, REDRESS_ERR_CONFLICT)) return;
  kc_expect_missing(c, "c-ghost", "after an update of a missing id was refused");
}

static void clause_load_missing(kc *c) {
  if (kc_expect_missing(c, "nobody", "on an empty store")) return;
  kc_rec a = kc_model(c, "c-1", "cust-1", KC_T0);
  if (kc_expect_save(c, &a, 0, REDRESS_OK)) return;
  const char *ids[] = {"c-2", "c-", "c-10", "C-1", "c-1 ", ""};
  for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
    if (kc_expect_missing(c, ids[i], "with only \"c-1\" stored")) return;
  }
}

static void clause_remove_wrong_revision(kc *c) {
  kc_rec v1 = kc_model(c, "c-1", "cust-1", KC_T0 + 100);
  kc_rec v2 = kc_revise(c, &v1, KC_T0 + 200, "second");
  if (kc_expect_save(c, &v1, 0, REDRESS_OK) || kc_expect_save(c, &v2, 1, REDRESS_OK)) return;
  const uint64_t wrong[] = {1, 3, 0};
  for (size_t i = 0; i < sizeof wrong / sizeof wrong[0]; i++) {
    if (kc_expect_remove(c, "c-1", wrong[i], REDRESS_ERR_CONFLICT)) return;
  }
  const char *when = "after removes with wrong revisions were refused";
  if (kc_expect_load(c, &v2, when) || kc_expect_scan(c, when, &v2, 1)) return;
  if (kc_expect_due(c, when, &v2, 1, KC_T0 + 200)) return;
  kc_expect_customer(c, when, &v2, 1, "cust-1");
}

static void clause_remove_then_load(kc *c) {
  kc_rec set[2] = {kc_model(c, "c-1", "cust-1", KC_T0 + 100),
                   kc_model(c, "c-2", "cust-1", KC_T0 + 150)};
  kc_rec v2 = kc_revise(c, &set[0], KC_T0 + 200, "second");
  if (kc_insert_all(c, set, 2) || kc_expect_save(c, &v2, 1, REDRESS_OK)) return;
  set[0] = v2;
  if (kc_expect_remove(c, "c-1", 2, REDRESS_OK)) return;
  set[0].live = 0;
  const char *when = "after remove(\"c-1\", 2)";
  if (kc_expect_missing(c, "c-1", when) || kc_expect_scan(c, when, set, 2)) return;
  if (kc_expect_due(c, when, set, 2, REDRESS_TIME_MAX)) return;
  if (kc_expect_customer(c, when, set, 2, "cust-1")) return;
  if (kc_expect_remove(c, "c-1", 2, REDRESS_ERR_NOTFOUND)) return;
  /* A removed id is free again: it starts over at revision 1. */
  kc_rec again = kc_model(c, "c-1", "cust-9", KC_T0 + 5);
  if (kc_expect_save(c, &again, 0, REDRESS_OK)) return;
  kc_expect_load(c, &again, "after inserting the removed id again");
}

static void clause_remove_missing(kc *c) {
  if (kc_expect_remove(c, "nobody", 0, REDRESS_ERR_NOTFOUND)) return;
  if (kc_expect_remove(c, "nobody", 1, REDRESS_ERR_NOTFOUND)) return;
  kc_rec set[2] = {kc_model(c, "c-1", "cust-1", KC_T0), kc_model(c, "c-10", "cust-1", KC_T0)};
  if (kc_insert_all(c, set, 2)) return;
  if (kc_expect_remove(c, "c-", 1, REDRESS_ERR_NOTFOUND)) return;
  if (kc_expect_remove(c, "c-2", 1, REDRESS_ERR_NOTFOUND)) return;
  kc_expect_scan(c, "after removes of missing ids", set, 2);
}

/* ---- clauses: iteration ------------------------------------------------------- */

static void clause_scan_each_once(kc *c) {
  if (kc_expect_scan(c, "on an empty store", NULL, 0)) return;
  enum { N = 300 };
  kc_rec *set = kc_keep(c, kc_xmalloc(N * sizeof *set));
  for (unsigned i = 0; i < N; i++) {
    char id[32];
    char customer[32];
    snprintf(id, sizeof id, "s-%03u", (i * 37u) % N);
    snprintf(customer, sizeof customer, "cust-%u", i % 7);
    set[i] = kc_model(c, id, customer, i % 4 == 0 ? REDRESS_TIME_NEVER : KC_T0 + i);
  }
  if (kc_insert_all(c, set, N)) return;
  for (unsigned i = 0; i < N; i += 3) {
    kc_rec next = kc_revise(c, &set[i], KC_T0 - (redress_time)i, "updated");
    if (kc_expect_save(c, &next, 1, REDRESS_OK)) return;
    set[i] = next;
  }
  kc_expect_scan(c, "after 300 inserts and 100 updates", set, N);
}

/* A callback that stops after `stop_at` calls makes `slot` return USER. */
static int kc_expect_stop(kc *c, const char *call, int rc, const kc_list *l, size_t stop_at) {
  if (rc != REDRESS_ERR_USER)
    return kc_fail(c, "%s with a callback that stops at call %zu returned %s, want %s", call,
                   stop_at, kc_code(rc), "REDRESS_ERR_USER");
  if (l->n != stop_at)
    return kc_fail(c, "%s called the callback %zu times after it asked to stop at call %zu", call,
                   l->n, stop_at);
  return 0;
}

static int kc_insert_three(kc *c, kc_rec *set) {
  set[0] = kc_model(c, "t-b", "cust-1", KC_T0 + 20);
  set[1] = kc_model(c, "t-a", "cust-1", KC_T0 + 10);
  set[2] = kc_model(c, "t-c", "cust-1", KC_T0 + 30);
  return kc_insert_all(c, set, 3);
}

static void clause_scan_stops(kc *c) {
  kc_list l;
  kc_list_init(&l, 1);
  int rc = c->s.scan(c->s.ud, kc_collect, &l);
  kc_list_free(&l);
  if (rc != REDRESS_OK) {
    kc_fail(c, "scan() of an empty store returned %s, want REDRESS_OK", kc_code(rc));
    return;
  }
  kc_rec set[3];
  if (kc_insert_three(c, set)) return;
  for (size_t stop = 1; stop <= 3; stop++) {
    kc_list_init(&l, stop);
    rc = c->s.scan(c->s.ud, kc_collect, &l);
    int bad = kc_expect_stop(c, "scan()", rc, &l, stop);
    kc_list_free(&l);
    if (bad) return;
  }
}

static void clause_load_stops(kc *c) {
  kc_rec set[3];
  if (kc_insert_three(c, set)) return;
  kc_list l;
  kc_list_init(&l, 1);
  int rc = c->s.load(c->s.ud, "t-a", kc_collect, &l);
  kc_expect_stop(c, "load(\"t-a\")", rc, &l, 1);
  kc_list_free(&l);
}

static void clause_due_stops(kc *c) {
  if (c->s.due == NULL) {
    kc_skip(c, "the store has no due slot");
    return;
  }
  kc_rec set[3];
  if (kc_insert_three(c, set)) return;
  kc_list l;
  kc_list_init(&l, 1);
  int rc = c->s.due(c->s.ud, KC_T0 + 30, kc_collect, &l);
  int bad = kc_expect_stop(c, "due()", rc, &l, 1);
  if (!bad && strcmp(kc_s(l.items[0].id), "t-a") != 0)
    kc_fail(c, "due() passed \"%s\" first, want \"t-a\" (the earliest alarm)", kc_s(l.items[0].id));
  kc_list_free(&l);
  if (bad || c->failed) return;
  kc_list_init(&l, 2);
  rc = c->s.due(c->s.ud, KC_T0 + 30, kc_collect, &l);
  kc_expect_stop(c, "due()", rc, &l, 2);
  kc_list_free(&l);
}

static void clause_by_customer_stops(kc *c) {
  if (c->s.by_customer == NULL) {
    kc_skip(c, "the store has no by_customer slot");
    return;
  }
  kc_rec set[3];
  if (kc_insert_three(c, set)) return;
  for (size_t stop = 1; stop <= 2; stop++) {
    kc_list l;
    kc_list_init(&l, stop);
    int rc = c->s.by_customer(c->s.ud, "cust-1", kc_collect, &l);
    int bad = kc_expect_stop(c, "by_customer(\"cust-1\")", rc, &l, stop);
    kc_list_free(&l);
    if (bad) return;
  }
}

/* ---- clauses: the due index ---------------------------------------------------- */

static void clause_due_order(kc *c) {
  if (c->s.due == NULL) {
    kc_skip(c, "the store has no due slot");
    return;
  }
  kc_rec set[] = {
      kc_model(c, "d-d", "cust-1", KC_T0 + 30),
      kc_model(c, "d-b", "cust-1", KC_T0 + 20),
      kc_model(c, "d-e", "cust-2", REDRESS_TIME_NEVER),
      kc_model(c, "d-h", "cust-2", KC_T0 + 20),
      kc_model(c, "d-a", "cust-3", KC_T0 + 10),
      kc_model(c, "d-f", "cust-3", REDRESS_TIME_MIN),
      kc_model(c, "d-g", "cust-4", REDRESS_TIME_MAX),
      kc_model(c, "d-c", "cust-4", KC_T0 + 20),
  };
  size_t n = sizeof set / sizeof set[0];
  if (kc_expect_due(c, "on an empty store", NULL, 0, REDRESS_TIME_MAX)) return;
  if (kc_insert_all(c, set, n)) return;
  /* Each bound exactly, one second before it, and the extremes. */
  const redress_time untils[] = {-1,
                                 REDRESS_TIME_MIN,
                                 KC_T0 + 9,
                                 KC_T0 + 10,
                                 KC_T0 + 19,
                                 KC_T0 + 20,
                                 KC_T0 + 21,
                                 KC_T0 + 29,
                                 KC_T0 + 30,
                                 REDRESS_TIME_MAX - 1,
                                 REDRESS_TIME_MAX,
                                 REDRESS_TIME_NEVER - 1,
                                 REDRESS_TIME_NEVER};
  for (size_t i = 0; i < sizeof untils / sizeof untils[0]; i++) {
    if (kc_expect_due(c, "with 8 records", set, n, untils[i])) return;
  }
}

/* Ties on next_alarm are ordered by id bytes, not by a locale's collation. */
static void clause_due_ties(kc *c) {
  if (c->s.due == NULL) {
    kc_skip(c, "the store has no due slot");
    return;
  }
  const char *ids[] = {"b", "\xed\x95\x9c",     "a_", "Z", "\xc3\xa9", "aa", "a-",
                       "A", "\xf0\x9f\x98\x80", "a",  "B", "a b"};
  enum { N = sizeof ids / sizeof ids[0] };
  kc_rec set[N];
  for (size_t i = 0; i < N; i++) set[i] = kc_model(c, ids[i], "cust-1", KC_T0);
  if (kc_insert_all(c, set, N)) return;
  kc_expect_due(c, "with 12 records due at the same second", set, N, KC_T0);
}

static void clause_due_follows_changes(kc *c) {
  if (c->s.due == NULL) {
    kc_skip(c, "the store has no due slot");
    return;
  }
  kc_rec set[] = {
      kc_model(c, "u-1", "cust-1", KC_T0 + 10), kc_model(c, "u-2", "cust-1", KC_T0 + 20),
      kc_model(c, "u-3", "cust-1", KC_T0 + 30), kc_model(c, "u-4", "cust-1", REDRESS_TIME_NEVER),
      kc_model(c, "u-5", "cust-1", KC_T0 + 50)};
  const size_t n = sizeof set / sizeof set[0];
  if (kc_insert_all(c, set, n) || kc_expect_due(c, "after inserts", set, n, KC_T0 + 100)) return;
  /* (index, new alarm): later, earlier, to never, from never. */
  const struct {
    size_t i;
    redress_time alarm;
    const char *what;
  } moves[] = {
      {0, KC_T0 + 40, "after moving u-1 later"},
      {2, KC_T0 + 5, "after moving u-3 earlier"},
      {1, REDRESS_TIME_NEVER, "after clearing the alarm of u-2"},
      {3, KC_T0 + 20, "after setting an alarm on u-4"},
      {0, KC_T0 + 40, "after an update that keeps u-1's alarm"},
  };
  for (size_t k = 0; k < sizeof moves / sizeof moves[0]; k++) {
    kc_rec next = kc_revise(c, &set[moves[k].i], moves[k].alarm, moves[k].what);
    if (kc_expect_save(c, &next, set[moves[k].i].revision, REDRESS_OK)) return;
    set[moves[k].i] = next;
    if (kc_expect_due(c, moves[k].what, set, n, KC_T0 + 45)) return;
    if (kc_expect_due(c, moves[k].what, set, n, REDRESS_TIME_MAX)) return;
  }
  kc_rec refused = kc_revise(c, &set[4], KC_T0 + 1, "refused");
  refused.revision = set[4].revision + 7;
  if (kc_expect_save(c, &refused, set[4].revision + 6, REDRESS_ERR_CONFLICT)) return;
  if (kc_expect_due(c, "after a refused update of u-5", set, n, KC_T0 + 100)) return;
  if (kc_expect_remove(c, "u-3", set[2].revision, REDRESS_OK)) return;
  set[2].live = 0;
  kc_expect_due(c, "after removing u-3", set, n, KC_T0 + 100);
}

/* ---- clauses: by customer ------------------------------------------------------ */

static void clause_by_customer(kc *c) {
  if (c->s.by_customer == NULL) {
    kc_skip(c, "the store has no by_customer slot");
    return;
  }
  kc_rec set[] = {kc_model(c, "b-1", "cust-1", KC_T0),
                  kc_model(c, "b-2", "cust-2", KC_T0),
                  kc_model(c, "b-3", "cust-1", KC_T0),
                  kc_model(c, "b-4", "cust-10", KC_T0),
                  kc_model(c, "b-5", "cust-1", REDRESS_TIME_NEVER),
                  kc_model(c, "b-6", "Cust-1", KC_T0)};
  const size_t n = sizeof set / sizeof set[0];
  if (kc_insert_all(c, set, n)) return;
  const char *customers[] = {"cust-1", "cust-2", "cust-10", "Cust-1", "cust-3", "cust-", ""};
  for (size_t i = 0; i < sizeof customers / sizeof customers[0]; i++) {
    if (kc_expect_customer(c, "with 6 records of 4 customers", set, n, customers[i])) return;
  }
}

static void clause_by_customer_follows_changes(kc *c) {
  if (c->s.by_customer == NULL) {
    kc_skip(c, "the store has no by_customer slot");
    return;
  }
  kc_rec set[] = {kc_model(c, "b-1", "cust-1", KC_T0), kc_model(c, "b-2", "cust-1", KC_T0),
                  kc_model(c, "b-3", "cust-2", KC_T0)};
  const size_t n = sizeof set / sizeof set[0];
  if (kc_insert_all(c, set, n)) return;
  kc_rec moved = kc_revise(c, &set[0], KC_T0, "moved");
  moved.customer_id = kc_text(c, "cust-2");
  kc_set_doc(c, &moved, "moved");
  if (kc_expect_save(c, &moved, 1, REDRESS_OK)) return;
  set[0] = moved;
  const char *when = "after b-1 moved from cust-1 to cust-2";
  if (kc_expect_customer(c, when, set, n, "cust-1") ||
      kc_expect_customer(c, when, set, n, "cust-2"))
    return;
  kc_rec refused = kc_revise(c, &set[1], KC_T0, "refused");
  refused.customer_id = kc_text(c, "cust-3");
  refused.revision = 9;
  if (kc_expect_save(c, &refused, 8, REDRESS_ERR_CONFLICT)) return;
  when = "after a refused move of b-2 to cust-3";
  if (kc_expect_customer(c, when, set, n, "cust-3") ||
      kc_expect_customer(c, when, set, n, "cust-1"))
    return;
  if (kc_expect_remove(c, "b-3", 1, REDRESS_OK)) return;
  set[2].live = 0;
  kc_expect_customer(c, "after removing b-3", set, n, "cust-2");
}

/* ---- clauses: transactions ----------------------------------------------------- */

static int kc_has_transactions(kc *c) {
  int given = (c->tx.begin != NULL) + (c->tx.commit != NULL) + (c->tx.rollback != NULL);
  if (given == 0) {
    kc_skip(c, "the adapter has no begin/commit/rollback");
    return 0;
  }
  if (given != 3) {
    kc_fail(c, "the adapter has only some of begin/commit/rollback (all or none)");
    return 0;
  }
  return 1;
}

static int kc_tx(kc *c, int (*slot)(const redress_store *store), const char *name) {
  int rc = slot(&c->s);
  if (rc == REDRESS_OK) return 0;
  return kc_fail(c, "%s() returned %s, want REDRESS_OK", name, kc_code(rc));
}

static void clause_transaction_rollback(kc *c) {
  if (!kc_has_transactions(c)) return;
  kc_rec set[2] = {kc_model(c, "x-1", "cust-1", KC_T0 + 10),
                   kc_model(c, "x-2", "cust-1", KC_T0 + 5)};
  kc_rec v2 = kc_revise(c, &set[0], KC_T0 + 1, "in the transaction");
  if (kc_expect_save(c, &set[0], 0, REDRESS_OK)) return;
  set[1].live = 0;
  if (kc_tx(c, c->tx.begin, "begin")) return;
  if (kc_expect_save(c, &set[1], 0, REDRESS_OK) || kc_expect_save(c, &v2, 1, REDRESS_OK)) return;
  if (kc_tx(c, c->tx.rollback, "rollback")) return;
  const char *when = "after rolling back an insert and an update";
  if (kc_expect_load(c, &set[0], when) || kc_expect_missing(c, "x-2", when)) return;
  if (kc_expect_scan(c, when, set, 2) || kc_expect_due(c, when, set, 2, KC_T0 + 100)) return;
  if (kc_tx(c, c->tx.begin, "begin") || kc_expect_remove(c, "x-1", 1, REDRESS_OK)) return;
  if (kc_tx(c, c->tx.rollback, "rollback")) return;
  kc_expect_load(c, &set[0], "after rolling back a remove");
}

static void clause_transaction_commit(kc *c) {
  if (!kc_has_transactions(c)) return;
  kc_rec set[2] = {kc_model(c, "x-1", "cust-1", KC_T0 + 10),
                   kc_model(c, "x-2", "cust-1", KC_T0 + 5)};
  kc_rec v2 = kc_revise(c, &set[0], KC_T0 + 1, "committed");
  if (kc_expect_save(c, &set[0], 0, REDRESS_OK)) return;
  if (kc_tx(c, c->tx.begin, "begin")) return;
  if (kc_expect_save(c, &set[1], 0, REDRESS_OK) || kc_expect_save(c, &v2, 1, REDRESS_OK)) return;
  if (kc_tx(c, c->tx.commit, "commit")) return;
  set[0] = v2;
  const char *when = "after committing an insert and an update";
  if (kc_expect_load(c, &set[0], when) || kc_expect_load(c, &set[1], when)) return;
  if (kc_expect_due(c, when, set, 2, KC_T0 + 100)) return;
  if (kc_tx(c, c->tx.begin, "begin") || kc_expect_remove(c, "x-2", 1, REDRESS_OK)) return;
  if (kc_tx(c, c->tx.commit, "commit")) return;
  set[1].live = 0;
  when = "after committing a remove";
  if (kc_expect_missing(c, "x-2", when)) return;
  kc_expect_scan(c, when, set, 2);
}

/* ---- clauses: the store's reason ------------------------------------------------ */

/* errmsg() returns NULL or a string; the kit reads it whole (ASan sees overruns). */
static const char *kc_reason(kc *c) {
  const char *why = c->s.errmsg(c->s.ud);
  return why != NULL ? kc_text(c, why) : "";
}

/*
 * A store with an errmsg slot explains a refusal that is not a contract answer: a
 * save whose record revision does not follow expected_revision breaks the slot's
 * precondition. A store that accepts it anyway has nothing to explain (not a
 * failure of this clause; the store keeps the record).
 */
static void clause_errmsg_explains(kc *c) {
  if (c->s.version < 2 || c->s.errmsg == NULL) {
    kc_skip(c, "the store has no errmsg slot");
    return;
  }
  if (kc_expect_missing(c, "e-0", "an empty store")) return;
  (void)kc_reason(c); /* after a contract answer: any string, or NULL */
  kc_rec bad = kc_model(c, "e-1", "cust-1", KC_T0);
  bad.revision = 3;
  int rc = kc_save(c, &bad, 0);
  if (rc == REDRESS_OK || rc == REDRESS_ERR_CONFLICT || rc == REDRESS_ERR_NOTFOUND ||
      rc == REDRESS_ERR_USER)
    return;
  const char *why = kc_reason(c);
  if (why[0] == '\0')
    kc_fail(c, "save(\"e-1\", revision 3, expected_revision 0) returned %s and errmsg() gave "
               "no reason",
            kc_code(rc));
}

/* ---- clauses: copies, documents and ids ------------------------------------- */

/* kc_save frees its buffers at once; here many records also go through the same
 * sizes of scratch memory, so a store that kept pointers would show mixed-up data. */
static void clause_copies_input(kc *c) {
  enum { N = 40 };
  kc_rec set[N];
  for (unsigned i = 0; i < N; i++) {
    char id[16];
    char customer[16];
    snprintf(id, sizeof id, "k-%02u", i);
    snprintf(customer, sizeof customer, "cust-%02u", i % 3);
    set[i] = kc_model(c, id, customer, KC_T0 + (redress_time)(N - i));
  }
  if (kc_insert_all(c, set, N)) return;
  for (unsigned i = 0; i < N; i += 2) {
    kc_rec next = kc_revise(c, &set[i], KC_T0 + (redress_time)i, "again");
    if (kc_expect_save(c, &next, 1, REDRESS_OK)) return;
    set[i] = next;
  }
  const char *when = "after saving from buffers freed right after each save";
  for (unsigned i = 0; i < N; i++) {
    if (kc_expect_load(c, &set[i], when)) return;
  }
  if (kc_expect_scan(c, when, set, N) || kc_expect_due(c, when, set, N, KC_T0 + N)) return;
  kc_expect_customer(c, when, set, N, "cust-01");
}

/* Owner and team (record version 2) come back as saved, NULL for none; an update
 * replaces them; a version-1 record, whose struct ends before them, stores none. */
static void clause_owner_and_team(kc *c) {
  kc_rec a = kc_model(c, "o-1", "cust-1", KC_T0);
  a.owner = kc_text(c, "ann");
  a.team = kc_text(c, "billing \xc3\xa9quipe");
  kc_rec b = kc_model(c, "o-2", "cust-1", KC_T0);
  b.team = kc_text(c, "care");
  if (kc_expect_save(c, &a, 0, REDRESS_OK) || kc_expect_save(c, &b, 0, REDRESS_OK)) return;
  if (kc_expect_load(c, &a, "after insert") || kc_expect_load(c, &b, "after insert")) return;
  kc_rec a2 = kc_revise(c, &a, KC_T0, "reassigned");
  a2.owner = kc_text(c, "bob");
  a2.team = NULL;
  if (kc_expect_save(c, &a2, 1, REDRESS_OK) || kc_expect_load(c, &a2, "after reassigning")) return;
  kc_rec set[2] = {a2, b};
  if (kc_expect_scan(c, "after reassigning", set, 2)) return;
  kc_rec old = kc_revise(c, &b, KC_T0, "from a version-1 host");
  old.version = 1;
  if (kc_expect_save(c, &old, 1, REDRESS_OK)) return;
  kc_expect_load(c, &old, "after a version-1 save");
}

static char *kc_random_bytes(kc *c, size_t n) {
  char *p = kc_keep(c, kc_xmalloc(n));
  for (size_t i = 0; i < n; i++) p[i] = (char)(kc_rand(c) >> 56);
  for (size_t i = 0; i < n; i += 4093) p[i] = '\0'; /* certainly some NULs */
  return p;
}

static void clause_large_document(kc *c) {
  kc_rec set[1] = {kc_model(c, "big-1", "cust-1", KC_T0)};
  set[0].doc = kc_random_bytes(c, KC_BIG_DOC_BYTES);
  set[0].doc_len = KC_BIG_DOC_BYTES;
  if (kc_expect_save(c, &set[0], 0, REDRESS_OK)) return;
  if (kc_expect_load(c, &set[0], "after saving a 4 MiB document")) return;
  kc_rec small = kc_revise(c, &set[0], KC_T0, "small");
  if (kc_expect_save(c, &small, 1, REDRESS_OK)) return;
  if (kc_expect_load(c, &small, "after shrinking the 4 MiB document")) return;
  kc_rec big = kc_revise(c, &small, KC_T0, "big");
  big.doc = kc_random_bytes(c, KC_BIG_DOC_BYTES + 1);
  big.doc_len = KC_BIG_DOC_BYTES + 1;
  if (kc_expect_save(c, &big, 2, REDRESS_OK)) return;
  set[0] = big;
  if (kc_expect_load(c, &big, "after growing it back")) return;
  kc_expect_scan(c, "with a 4 MiB document", set, 1);
}

static void clause_document_bytes(kc *c) {
  static const struct {
    const char *bytes;
    size_t len;
  } docs[] = {
      {"", 0}, {"\0", 1}, {"{\"a\":\"x\0y\"}", 11}, {"{}\0\0\0", 5}, {"\0\0{\"v\":1}", 9},
  };
  enum { N = sizeof docs / sizeof docs[0] };
  kc_rec set[N];
  for (unsigned i = 0; i < N; i++) {
    char id[16];
    snprintf(id, sizeof id, "doc-%u", i);
    set[i] = kc_model(c, id, "cust-1", KC_T0);
    set[i].doc = docs[i].bytes;
    set[i].doc_len = docs[i].len;
  }
  if (kc_insert_all(c, set, N)) return;
  for (unsigned i = 0; i < N; i++) {
    if (kc_expect_load(c, &set[i], "documents with NUL bytes")) return;
  }
  kc_expect_scan(c, "documents with NUL bytes", set, N);
}

static const char *kc_id_127(kc *c) {
  char id[128];
  memset(id, 'x', sizeof id);
  memcpy(id, "long-", 5);
  memcpy(id + 120, "\xed\x95\x9c\xea\xb8\x80!", 7); /* ends with a two-syllable word and '!' */
  id[127] = '\0';
  return kc_text(c, id);
}

static void clause_odd_ids(kc *c) {
  const char *ids[] = {
      "\xeb\xb6\x88\xeb\xa7\x8c-\xec\xa0\x91\xec\x88\x98-2026-000123", /* Korean */
      "\xf0\x9f\x98\xa1\xf0\x9f\x94\xa5\xf0\x9f\x93\x9e",              /* emoji */
      kc_id_127(c),
      "abc",
      "a_c",
      "a%",
      "100%",
      "a_",
      "it's",
      "\"quoted\"",
      "back\\slash",
      "back\\\\slash",
      "' OR '1'='1",
      "semi;colon --",
      "tab\there",
      "space id",
      "*",
      "[x]?",
  };
  const char *customers[] = {"\xea\xb3\xa0\xea\xb0\x9d_%", "cust\\1", "cust'1", "cx", "c%", "c_"};
  enum { N = sizeof ids / sizeof ids[0], NC = sizeof customers / sizeof customers[0] };
  if (strlen(ids[2]) != 127) {
    kc_fail(c, "kit bug: the long id is %zu bytes", strlen(ids[2]));
    return;
  }
  kc_rec set[N];
  for (size_t i = 0; i < N; i++)
    set[i] = kc_model(c, ids[i], customers[i % NC], KC_T0 + (redress_time)(i % 2));
  if (kc_insert_all(c, set, N)) return;
  const char *when = "with odd UTF-8 and SQL-special ids";
  for (size_t i = 0; i < N; i++) {
    if (kc_expect_load(c, &set[i], when)) return;
  }
  /* What LIKE or a regex would match, and prefixes: none of them is stored. */
  const char *absent[] = {"%",     "_bc", "ab%",    "a",  "100",
                          "a\\_c", "ab",  "back\\", ".*", "\xeb\xb6\x88\xeb\xa7\x8c"};
  for (size_t i = 0; i < sizeof absent / sizeof absent[0]; i++) {
    if (kc_expect_missing(c, absent[i], when)) return;
  }
  if (kc_expect_scan(c, when, set, N) || kc_expect_due(c, when, set, N, KC_T0 + 1)) return;
  for (size_t i = 0; i < NC; i++) {
    if (kc_expect_customer(c, when, set, N, customers[i])) return;
  }
  if (kc_expect_customer(c, when, set, N, "c") || kc_expect_customer(c, when, set, N, "%")) return;
  if (kc_expect_remove(c, "%", 1, REDRESS_ERR_NOTFOUND)) return;
  if (kc_expect_remove(c, "a%", 1, REDRESS_OK)) return;
  set[5].live = 0;
  when = "after removing \"a%\"";
  if (kc_expect_scan(c, when, set, N)) return;
  kc_expect_remove(c, "a_", 2, REDRESS_ERR_CONFLICT);
}

/* ---- clause: many records ------------------------------------------------------ */

static redress_time kc_alarm(kc *c) {
  uint64_t r = kc_rand(c);
  return r % 7 == 0 ? REDRESS_TIME_NEVER : KC_T0 + (redress_time)(r % 5000);
}

static int kc_many_changes(kc *c, kc_rec *set, size_t n) {
  for (size_t i = 0; i < n; i += 3) {
    kc_rec next = kc_revise(c, &set[i], kc_alarm(c), "changed");
    if (kc_expect_save(c, &next, 1, REDRESS_OK)) return -1;
    set[i] = next;
  }
  for (size_t i = 0; i < n; i += 5) {
    if (kc_expect_remove(c, set[i].id, set[i].revision, REDRESS_OK)) return -1;
    set[i].live = 0;
  }
  return 0;
}

static void clause_many_records(kc *c) {
  const size_t n = KC_MANY;
  kc_rec *set = kc_keep(c, kc_xmalloc(n * sizeof *set));
  for (size_t i = 0; i < n; i++) {
    char id[32];
    char customer[32];
    snprintf(id, sizeof id, "m-%05zu", (i * 7919) % n); /* not in id order */
    snprintf(customer, sizeof customer, "mc-%zu", i % 257);
    set[i] = kc_model(c, id, customer, kc_alarm(c));
  }
  if (kc_insert_all(c, set, n)) return;
  const char *when = "with 10000 records";
  if (kc_expect_scan(c, when, set, n) || kc_expect_due(c, when, set, n, KC_T0 + 2500)) return;
  if (kc_many_changes(c, set, n)) return;
  when = "with 10000 records after updating a third and removing a fifth";
  if (kc_expect_scan(c, when, set, n)) return;
  const redress_time untils[] = {KC_T0 - 1, KC_T0, KC_T0 + 2500, REDRESS_TIME_MAX};
  for (size_t i = 0; i < sizeof untils / sizeof untils[0]; i++) {
    if (kc_expect_due(c, when, set, n, untils[i])) return;
  }
  for (size_t i = 0; i < n; i += 97) {
    int bad =
        set[i].live ? kc_expect_load(c, &set[i], when) : kc_expect_missing(c, set[i].id, when);
    if (bad) return;
  }
  const char *customers[] = {"mc-0", "mc-128", "mc-256"};
  for (size_t i = 0; i < 3; i++) {
    if (kc_expect_customer(c, when, set, n, customers[i])) return;
  }
}

/* ---- the runner ------------------------------------------------------------- */

typedef struct kc_clause {
  const char *name;
  void (*run)(kc *c);
} kc_clause;

static const kc_clause kc_clauses[] = {
    {"insert-then-load", clause_insert_load},
    {"insert-existing-conflicts", clause_insert_existing},
    {"update-compare-and-swap", clause_cas_update},
    {"load-missing", clause_load_missing},
    {"remove-wrong-revision-conflicts", clause_remove_wrong_revision},
    {"remove-then-load", clause_remove_then_load},
    {"remove-missing", clause_remove_missing},
    {"scan-visits-each-once", clause_scan_each_once},
    {"scan-stops-with-user", clause_scan_stops},
    {"load-stops-with-user", clause_load_stops},
    {"due-stops-with-user", clause_due_stops},
    {"by-customer-stops-with-user", clause_by_customer_stops},
    {"due-order-and-bounds", clause_due_order},
    {"due-ties-by-id-bytes", clause_due_ties},
    {"due-follows-updates-and-removals", clause_due_follows_changes},
    {"by-customer", clause_by_customer},
    {"by-customer-follows-updates", clause_by_customer_follows_changes},
    {"transaction-rollback", clause_transaction_rollback},
    {"transaction-commit", clause_transaction_commit},
    {"errmsg-explains-refusals", clause_errmsg_explains},
    {"save-copies-its-input", clause_copies_input},
    {"large-document", clause_large_document},
    {"document-nul-bytes", clause_document_bytes},
    {"odd-ids", clause_odd_ids},
    {"many-records", clause_many_records},
    {"owner-and-team", clause_owner_and_team},
    {"feed-records-changes", kc_clause_feed_records_changes},
    {"feed-refusals-write-nothing", kc_clause_feed_refusals_write_nothing},
    {"feed-limits-and-two-readers", kc_clause_feed_limits_and_two_readers},
    {"feed-transactions", kc_clause_feed_transactions},
    {"feed-odd-ids", kc_clause_feed_odd_ids},
    {"tenants-apart", kc_clause_tenants_apart},
    {"tenants-two-desks", kc_clause_tenants_two_desks},
    {"ambiguous-commit-save", kc_clause_ambiguous_save},
    {"ambiguous-commit-tick", kc_clause_ambiguous_tick},
    {"feed-several-writers", kc_clause_several_writers},
    {"feed-writer-killed", kc_clause_writer_killed},
    {"feed-ticker-killed", kc_clause_ticker_killed},
};

static const char *kc_missing_slot(const redress_store *s) {
  if (s->version < 1 || s->version > REDRESS_STORE_VERSION) return "a valid version";
  if (s->load == NULL) return "load";
  if (s->save == NULL) return "save";
  if (s->remove == NULL) return "remove";
  if (s->scan == NULL) return "scan";
  return NULL;
}

static void kc_run_clause(kc *c, const kc_clause *clause, const rd_conformance_adapter *a) {
  redress_store s = REDRESS_STORE_INIT;
  rd_conformance_tx tx = {NULL, NULL, NULL};
  c->adapter = a;
  int rc = a->make(&s, &tx, a->arg);
  if (rc != 0) {
    kc_fail(c, "make() returned %d", rc);
    return;
  }
  const char *missing = kc_missing_slot(&s);
  c->s = s;
  c->tx = tx;
  if (missing != NULL)
    kc_fail(c, "the store lacks %s", missing);
  else
    clause->run(c);
  if (s.destroy != NULL) s.destroy(s.ud);
}

int rd_conformance_run(const char *store_name, rd_conformance_make make, void *arg, FILE *report) {
  rd_conformance_adapter a = {make, NULL, 0, arg};
  return rd_conformance_run_with(store_name, &a, report);
}

int rd_conformance_run_with(const char *store_name, const rd_conformance_adapter *adapter,
                            FILE *report) {
  FILE *out = report != NULL ? report : stdout;
  const size_t n = sizeof kc_clauses / sizeof kc_clauses[0];
  int failed = 0;
  for (size_t i = 0; i < n; i++) {
    kc c;
    memset(&c, 0, sizeof c);
    c.rng = UINT64_C(0x9e3779b97f4a7c15) + i;
    kc_run_clause(&c, &kc_clauses[i], adapter);
    kc_release(&c);
    if (c.failed)
      fprintf(out, "FAIL %s: %s\n", kc_clauses[i].name, c.why);
    else if (c.skip != NULL)
      fprintf(out, "ok   %s # skip: %s\n", kc_clauses[i].name, c.skip);
    else
      fprintf(out, "ok   %s\n", kc_clauses[i].name);
    failed += c.failed;
  }
  fprintf(out, "# %s: %zu clauses, %d failed\n", store_name != NULL ? store_name : "store", n,
          failed);
  fflush(out);
  return failed;
}

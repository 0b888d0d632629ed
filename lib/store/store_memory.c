/*
 * The built-in memory store: complaint records kept in RAM, shareable between
 * desks in different threads.
 *
 * Layout. Each stored record is one allocation, struct mrec followed by the id,
 * the customer id, the owner, the team and the document (each NUL-terminated; an
 * owner or team that is none is an empty string, with a flag), so that a stored
 * complaint costs its own bytes plus about 120 bytes of bookkeeping. Three indexes
 * point into the records:
 *   - ids:       open-addressed hash table (linear probing), id -> record;
 *   - customers: open-addressed hash table, customer id -> the first record of
 *                that customer; a customer's records form a doubly linked list;
 *                both tables keep each key's hash beside its pointer, so probing
 *                and growing read the table only, not the records (cache misses);
 *   - alarms:    AVL tree ordered by (next_alarm, id) holding the records whose
 *                next_alarm is not REDRESS_TIME_NEVER, so that due() costs
 *                O(log n + records due).
 * An update allocates the new record first and then swaps it for the old one in
 * every index. Every allocation happens before anything changes, so a failed
 * allocation leaves the store exactly as it was.
 *
 * Tenants and the feed. Each tenant has an mstore of its own (its indexes and its
 * change feed, memory_feed.c); the default tenant's is the root, whose vtable the
 * host holds, and the others hang off it, made by for_tenant on first use and kept
 * until the root is destroyed (so a tenant's vtable has no destroy). One mutex, the
 * root's, guards them all. A save appends the record's changes to its tenant's feed
 * under that mutex, so cursors follow the order of the saves.
 *
 * Threads. One mutex guards the whole store, and it stays held while a callback
 * runs: that is what keeps the record handed to the callback alive and unchanged
 * while other threads save and remove. The rule for callers therefore is:
 *
 *   A callback of load, scan, due or by_customer must not call back into the same
 *   store. Copy what you need and act after the iteration has returned.
 *
 * The mutex is of the error-checking kind, so a callback that breaks the rule
 * gets REDRESS_ERR_STORE from the nested call instead of deadlocking.
 * Allocation happens under the mutex too, so the store's allocator is never
 * called from two threads at once.
 */
#include "store/memory_feed.h"
#include "store/store.h"

#include <pthread.h>
#include <stddef.h>
#include <string.h>

typedef struct mrec {
  struct mrec *left, *right;  /* alarm tree */
  struct mrec *cprev, *cnext; /* the customer's other records */
  uint64_t revision;
  redress_time received_at;
  redress_time updated_at;
  redress_time next_alarm;
  size_t doc_len;
  int state;
  int severity;
  int channel;
  signed char bal; /* AVL balance: height(right) - height(left) */
  unsigned char has_owner, has_team;
  char text[];     /* id NUL customer_id NUL owner NUL team NUL doc NUL */
} mrec;

typedef struct mtable {
  mrec **slots;     /* one block: cap pointers, then cap hashes */
  uint32_t *hashes; /* hashes[i]: hash of the key of slots[i] */
  size_t cap;       /* 0, or a power of two >= 16 */
  size_t count;
} mtable;

typedef struct mstore {
  redress_allocator alloc;
  pthread_mutex_t lock; /* the root's guards every tenant's mstore */
  uint32_t seed; /* per store, so that colliding ids cannot be prepared in advance */
  mtable ids;
  mtable customers;
  mrec *alarms;
  mfeed feed;
  struct mstore *root;    /* the default tenant's mstore (itself for the root) */
  struct mstore *tenants; /* root: the first other tenant; others: the next one */
  const char *tenant;     /* "" for the root */
  unsigned record_version; /* of the records handed back: 1 for a 1.0 vtable */
} mstore;

typedef const char *(*key_fn)(const mrec *r);

/* ---- records ------------------------------------------------------------ */

static const char *rec_id(const mrec *r) { return r->text; }

static const char *rec_customer(const mrec *r) { return r->text + strlen(r->text) + 1; }

static const char *after(const char *s) { return s + strlen(s) + 1; }

static const char *rec_owner(const mrec *r) { return after(rec_customer(r)); }

static const char *rec_team(const mrec *r) { return after(rec_owner(r)); }

static const char *rec_doc(const mrec *r) { return after(rec_team(r)); }

/* The record's owner and team, of a version-2 record; none for a version-1 one. */
static const char *record_owner(const redress_record *in) {
  return in->version >= 2 && in->owner != NULL ? in->owner : NULL;
}

static const char *record_team(const redress_record *in) {
  return in->version >= 2 && in->team != NULL ? in->team : NULL;
}

static char *put_text(char *p, const char *text) {
  size_t n = text != NULL ? strlen(text) : 0;
  if (n > 0) memcpy(p, text, n);
  p[n] = '\0';
  return p + n + 1;
}

static uint32_t hash_text(uint32_t seed, const char *s) {
  uint64_t h = UINT64_C(0xcbf29ce484222325) ^ seed; /* FNV-1a, then a final mix */
  for (; *s != '\0'; s++) {
    h ^= (unsigned char)*s;
    h *= UINT64_C(0x100000001b3);
  }
  h ^= h >> 33;
  h *= UINT64_C(0xff51afd7ed558ccd);
  h ^= h >> 33;
  return (uint32_t)h;
}

/* A copy of `in` in one allocation; NULL when out of memory. */
static mrec *rec_new(mstore *s, const redress_record *in) {
  const char *owner = record_owner(in), *team = record_team(in);
  size_t names = (owner != NULL ? strlen(owner) : 0) + (team != NULL ? strlen(team) : 0);
  size_t fixed = offsetof(mrec, text) + strlen(in->id) + strlen(in->customer_id) + names + 5;
  if (in->doc_len > SIZE_MAX - fixed) return NULL;
  mrec *r = rd_alloc(&s->alloc, fixed + in->doc_len);
  if (r == NULL) return NULL;
  memset(r, 0, offsetof(mrec, text));
  r->revision = in->revision;
  r->received_at = in->received_at;
  r->updated_at = in->updated_at;
  r->next_alarm = in->next_alarm;
  r->doc_len = in->doc_len;
  r->state = in->state;
  r->severity = in->severity;
  r->channel = in->channel;
  r->has_owner = owner != NULL;
  r->has_team = team != NULL;
  char *p = put_text(r->text, in->id);
  p = put_text(p, in->customer_id);
  p = put_text(p, owner);
  p = put_text(p, team);
  if (in->doc_len > 0) memcpy(p, in->doc, in->doc_len);
  p[in->doc_len] = '\0';
  return r;
}

/* The view handed to callbacks; it points into r, valid while the lock is held. */
static void rec_view(redress_record *out, const mstore *s, const mrec *r) {
  memset(out, 0, sizeof *out);
  out->version = s->record_version;
  out->tenant = s->tenant;
  out->id = r->text;
  out->customer_id = rec_customer(r);
  out->state = r->state;
  out->severity = r->severity;
  out->channel = r->channel;
  out->received_at = r->received_at;
  out->updated_at = r->updated_at;
  out->next_alarm = r->next_alarm;
  out->revision = r->revision;
  out->doc = rec_doc(r);
  out->doc_len = r->doc_len;
  out->owner = r->has_owner ? rec_owner(r) : NULL;
  out->team = r->has_team ? rec_team(r) : NULL;
}

/* 1 when the callback asked to stop. */
static int emit(const mstore *s, const mrec *r, redress_record_cb cb, void *payload) {
  redress_record view;
  rec_view(&view, s, r);
  return cb(&view, payload) != 0;
}

/* ---- hash tables -------------------------------------------------------- */

static size_t table_limit(size_t cap) { return cap / 4 * 3; }

/* Makes room for `need` entries; on failure the table is unchanged. */
static int table_reserve(mstore *s, mtable *t, size_t need) {
  if (need <= table_limit(t->cap)) return REDRESS_OK;
  const size_t per_slot = sizeof(mrec *) + sizeof(uint32_t);
  size_t cap = t->cap == 0 ? 16 : t->cap;
  while (need > table_limit(cap)) {
    if (cap > SIZE_MAX / 2 / per_slot) return REDRESS_ERR_NOMEM;
    cap *= 2;
  }
  mrec **slots = rd_alloc(&s->alloc, cap * per_slot);
  if (slots == NULL) return REDRESS_ERR_NOMEM;
  uint32_t *hashes = (uint32_t *)(void *)(slots + cap);
  memset(slots, 0, cap * sizeof *slots);
  for (size_t i = 0; i < t->cap; i++) {
    if (t->slots[i] == NULL) continue;
    size_t j = t->hashes[i] & (cap - 1);
    while (slots[j] != NULL) j = (j + 1) & (cap - 1);
    slots[j] = t->slots[i];
    hashes[j] = t->hashes[i];
  }
  rd_free(&s->alloc, t->slots);
  t->slots = slots;
  t->hashes = hashes;
  t->cap = cap;
  return REDRESS_OK;
}

/* The slot holding key, or the empty slot where it would go. Needs cap > 0. */
static size_t table_slot(const mtable *t, uint32_t hash, const char *key, key_fn key_of) {
  size_t mask = t->cap - 1;
  size_t i = hash & mask;
  while (t->slots[i] != NULL && (t->hashes[i] != hash || strcmp(key_of(t->slots[i]), key) != 0))
    i = (i + 1) & mask;
  return i;
}

static mrec *table_find(const mtable *t, uint32_t hash, const char *key, key_fn key_of) {
  if (t->cap == 0) return NULL;
  return t->slots[table_slot(t, hash, key, key_of)];
}

/* Fills the empty slot i; the caller reserved room. */
static void table_fill(mtable *t, size_t i, mrec *r, uint32_t hash) {
  t->slots[i] = r;
  t->hashes[i] = hash;
  t->count++;
}

/*
 * Empties slot i by shifting later members of its cluster back, so that lookups
 * never need tombstones and the table never degrades after many removals.
 */
static void table_delete(mtable *t, size_t i) {
  size_t mask = t->cap - 1;
  for (size_t j = (i + 1) & mask; t->slots[j] != NULL; j = (j + 1) & mask) {
    size_t home = t->hashes[j] & mask;
    /* The member at j may fill the hole unless its home lies after the hole. */
    if (((j - home) & mask) >= ((j - i) & mask)) {
      t->slots[i] = t->slots[j];
      t->hashes[i] = t->hashes[j];
      i = j;
    }
  }
  t->slots[i] = NULL;
  t->count--;
}

static mrec *customer_find(const mstore *s, const char *customer) {
  return table_find(&s->customers, hash_text(s->seed, customer), customer, rec_customer);
}

static void customer_link(mstore *s, mrec *r) {
  const char *customer = rec_customer(r);
  uint32_t hash = hash_text(s->seed, customer);
  size_t i = table_slot(&s->customers, hash, customer, rec_customer);
  mrec *first = s->customers.slots[i];
  r->cprev = NULL;
  r->cnext = first;
  if (first == NULL) {
    table_fill(&s->customers, i, r, hash);
    return;
  }
  first->cprev = r;
  s->customers.slots[i] = r;
}

static void customer_unlink(mstore *s, mrec *r) {
  if (r->cprev != NULL) {
    r->cprev->cnext = r->cnext;
    if (r->cnext != NULL) r->cnext->cprev = r->cprev;
    return;
  }
  const char *customer = rec_customer(r);
  size_t i = table_slot(&s->customers, hash_text(s->seed, customer), customer, rec_customer);
  if (r->cnext != NULL) {
    r->cnext->cprev = NULL;
    s->customers.slots[i] = r->cnext;
  } else {
    table_delete(&s->customers, i);
  }
}

/* ---- alarm index: AVL tree on (next_alarm, id) -------------------------- */

static int alarm_cmp(const mrec *a, const mrec *b) {
  if (a->next_alarm != b->next_alarm) return a->next_alarm < b->next_alarm ? -1 : 1;
  return strcmp(a->text, b->text); /* byte order: strcmp compares unsigned chars */
}

/* t->bal == -2: rotate right (once or twice). */
static mrec *fix_left_heavy(mrec *t) {
  mrec *l = t->left;
  if (l->bal <= 0) {
    t->left = l->right;
    l->right = t;
    t->bal = (signed char)(l->bal == 0 ? -1 : 0);
    l->bal = (signed char)(l->bal == 0 ? 1 : 0);
    return l;
  }
  mrec *m = l->right;
  l->right = m->left;
  t->left = m->right;
  m->left = l;
  m->right = t;
  t->bal = (signed char)(m->bal < 0 ? 1 : 0);
  l->bal = (signed char)(m->bal > 0 ? -1 : 0);
  m->bal = 0;
  return m;
}

/* t->bal == +2: rotate left (once or twice). */
static mrec *fix_right_heavy(mrec *t) {
  mrec *r = t->right;
  if (r->bal >= 0) {
    t->right = r->left;
    r->left = t;
    t->bal = (signed char)(r->bal == 0 ? 1 : 0);
    r->bal = (signed char)(r->bal == 0 ? -1 : 0);
    return r;
  }
  mrec *m = r->left;
  r->left = m->right;
  t->right = m->left;
  m->left = t;
  m->right = r;
  t->bal = (signed char)(m->bal > 0 ? -1 : 0);
  r->bal = (signed char)(m->bal < 0 ? 1 : 0);
  m->bal = 0;
  return m;
}

static mrec *rebalance(mrec *t) { return t->bal < 0 ? fix_left_heavy(t) : fix_right_heavy(t); }

/* The subtree on `side` (-1 left, +1 right) of t grew by one level. */
static mrec *after_growth(mrec *t, int side, int *grew) {
  t->bal = (signed char)(t->bal + side);
  if (t->bal == 0) {
    *grew = 0;
    return t;
  }
  if (t->bal == side) return t;
  *grew = 0; /* a rotation after an insertion restores the old height */
  return rebalance(t);
}

/* The subtree on `side` of t lost one level. */
static mrec *after_shrink(mrec *t, int side, int *shrunk) {
  t->bal = (signed char)(t->bal - side);
  if (t->bal == -side) {
    *shrunk = 0;
    return t;
  }
  if (t->bal == 0) return t;
  t = rebalance(t);
  *shrunk = t->bal == 0;
  return t;
}

static mrec *avl_insert(mrec *t, mrec *n, int *grew) {
  if (t == NULL) {
    n->left = n->right = NULL;
    n->bal = 0;
    *grew = 1;
    return n;
  }
  if (alarm_cmp(n, t) < 0) {
    t->left = avl_insert(t->left, n, grew);
    return *grew ? after_growth(t, -1, grew) : t;
  }
  t->right = avl_insert(t->right, n, grew);
  return *grew ? after_growth(t, 1, grew) : t;
}

static mrec *avl_pop_min(mrec *t, mrec **min, int *shrunk) {
  if (t->left == NULL) {
    *min = t;
    *shrunk = 1;
    return t->right;
  }
  t->left = avl_pop_min(t->left, min, shrunk);
  return *shrunk ? after_shrink(t, -1, shrunk) : t;
}

/* Removes t itself from its subtree; returns the new subtree root. */
static mrec *avl_unlink_root(mrec *t, int *shrunk) {
  if (t->left == NULL || t->right == NULL) {
    *shrunk = 1;
    return t->left != NULL ? t->left : t->right;
  }
  mrec *min = NULL;
  mrec *right = avl_pop_min(t->right, &min, shrunk);
  min->left = t->left;
  min->right = right;
  min->bal = t->bal;
  return *shrunk ? after_shrink(min, 1, shrunk) : min;
}

static mrec *avl_remove(mrec *t, const mrec *n, int *shrunk) {
  if (t == NULL) {
    *shrunk = 0;
    return NULL;
  }
  int c = alarm_cmp(n, t);
  if (c < 0) {
    t->left = avl_remove(t->left, n, shrunk);
    return *shrunk ? after_shrink(t, -1, shrunk) : t;
  }
  if (c > 0) {
    t->right = avl_remove(t->right, n, shrunk);
    return *shrunk ? after_shrink(t, 1, shrunk) : t;
  }
  return avl_unlink_root(t, shrunk);
}

static void alarm_add(mstore *s, mrec *r) {
  int grew = 0;
  if (r->next_alarm != REDRESS_TIME_NEVER) s->alarms = avl_insert(s->alarms, r, &grew);
}

static void alarm_drop(mstore *s, const mrec *r) {
  int shrunk = 0;
  if (r->next_alarm != REDRESS_TIME_NEVER) s->alarms = avl_remove(s->alarms, r, &shrunk);
}

/* In-order walk of the records due by `until`: O(log n + visited). 1 = stopped. */
static int due_walk(const mstore *s, const mrec *t, redress_time until, redress_record_cb cb,
                    void *payload) {
  while (t != NULL) {
    if (t->next_alarm > until) {
      t = t->left;
      continue;
    }
    if (due_walk(s, t->left, until, cb, payload) || emit(s, t, cb, payload)) return 1;
    t = t->right;
  }
  return 0;
}

/* ---- changes: every allocation is made before these run ----------------- */

/* hash: of r's id. */
static void store_insert(mstore *s, mrec *r, uint32_t hash) {
  table_fill(&s->ids, table_slot(&s->ids, hash, r->text, rec_id), r, hash);
  customer_link(s, r);
  alarm_add(s, r);
}

/* hash: of the id, which old and r share. */
static void store_replace(mstore *s, mrec *old, mrec *r, uint32_t hash) {
  s->ids.slots[table_slot(&s->ids, hash, old->text, rec_id)] = r;
  customer_unlink(s, old);
  customer_link(s, r);
  alarm_drop(s, old);
  alarm_add(s, r);
  rd_free(&s->alloc, old);
}

static void store_delete(mstore *s, mrec *r, uint32_t hash) {
  table_delete(&s->ids, table_slot(&s->ids, hash, r->text, rec_id));
  customer_unlink(s, r);
  alarm_drop(s, r);
  rd_free(&s->alloc, r);
}

/* ---- slots --------------------------------------------------------------- */

static int store_lock(mstore *s) {
  /* Fails (EDEADLK) when a callback calls back into the store. */
  return pthread_mutex_lock(&s->root->lock) == 0 ? REDRESS_OK : REDRESS_ERR_STORE;
}

static void store_unlock(mstore *s) { (void)pthread_mutex_unlock(&s->root->lock); }

/* A record of another tenant, or changes without their array, would file data where
 * no reader of this tenant looks for it. */
static int check_v2(const mstore *s, const redress_record *in) {
  if (in->version < 2) return s->tenant[0] == '\0' ? REDRESS_OK : REDRESS_ERR_INVALID;
  const char *tenant = in->tenant != NULL ? in->tenant : "";
  if (strcmp(tenant, s->tenant) != 0) return REDRESS_ERR_INVALID;
  if (in->changes == NULL && in->n_changes > 0) return REDRESS_ERR_INVALID;
  return REDRESS_OK;
}

static int check_record(const mstore *s, const redress_record *in, uint64_t expected) {
  if (in == NULL || in->id == NULL || in->customer_id == NULL) return REDRESS_ERR_INVALID;
  if (in->version < 1 || in->version > REDRESS_RECORD_VERSION) return REDRESS_ERR_VERSION;
  if (in->doc == NULL && in->doc_len > 0) return REDRESS_ERR_INVALID;
  /* Revisions only ever grow by one; anything else would break compare-and-swap. */
  if (expected == UINT64_MAX || in->revision != expected + 1) return REDRESS_ERR_INVALID;
  return check_v2(s, in);
}

/* The changes of a record: none in a record of version 1, which ends before them. */
static size_t changes_of(const redress_record *in) {
  return in->version >= 2 ? in->n_changes : 0;
}
static const redress_change *changes_in(const redress_record *in) {
  return in->version >= 2 ? in->changes : NULL;
}

/* Room in both tables for in, before anything changes. */
static int reserve_for(mstore *s, const redress_record *in, const mrec *old) {
  if (old == NULL) {
    int rc = table_reserve(s, &s->ids, s->ids.count + 1);
    if (rc != REDRESS_OK) return rc;
  }
  if (customer_find(s, in->customer_id) != NULL) return REDRESS_OK;
  return table_reserve(s, &s->customers, s->customers.count + 1);
}

/* Room for in's changes in the feed, then for in in the tables. */
static int prepare_save(mstore *s, const redress_record *in, const mrec *old, mrec **made) {
  size_t n = changes_of(in);
  int rc = rd_mfeed_prepare(&s->feed, &s->alloc, in->id, in->revision, changes_in(in), n);
  if (rc != REDRESS_OK) return rc;
  *made = rec_new(s, in);
  rc = *made == NULL ? REDRESS_ERR_NOMEM : reserve_for(s, in, old);
  if (rc == REDRESS_OK) return REDRESS_OK;
  rd_free(&s->alloc, *made);
  rd_mfeed_discard(&s->feed, &s->alloc);
  return rc;
}

static int save_locked(mstore *s, const redress_record *in, uint64_t expected) {
  uint32_t hash = hash_text(s->seed, in->id);
  mrec *old = table_find(&s->ids, hash, in->id, rec_id);
  if ((old != NULL ? old->revision : 0) != expected) return REDRESS_ERR_CONFLICT;
  mrec *r = NULL;
  int rc = prepare_save(s, in, old, &r);
  if (rc != REDRESS_OK) return rc;
  if (old != NULL)
    store_replace(s, old, r, hash);
  else
    store_insert(s, r, hash);
  rd_mfeed_commit(&s->feed);
  return REDRESS_OK;
}

static int mem_save(void *ud, const redress_record *record, uint64_t expected_revision) {
  mstore *s = ud;
  int rc = check_record(s, record, expected_revision);
  if (rc == REDRESS_OK) rc = store_lock(s);
  if (rc != REDRESS_OK) return rc;
  rc = save_locked(s, record, expected_revision);
  store_unlock(s);
  return rc;
}

/* Removes id, and appends `change` to the feed when given. */
static int remove_locked(mstore *s, const char *id, uint64_t expected,
                         const redress_change *change) {
  uint32_t hash = hash_text(s->seed, id);
  mrec *r = table_find(&s->ids, hash, id, rec_id);
  if (r == NULL) return REDRESS_ERR_NOTFOUND;
  if (r->revision != expected) return REDRESS_ERR_CONFLICT;
  size_t n = change != NULL ? 1 : 0;
  int rc = rd_mfeed_prepare(&s->feed, &s->alloc, id, expected, change, n);
  if (rc != REDRESS_OK) return rc;
  store_delete(s, r, hash);
  rd_mfeed_commit(&s->feed);
  return REDRESS_OK;
}

static int mem_remove_logged(void *ud, const char *id, uint64_t expected_revision,
                             const redress_change *change) {
  mstore *s = ud;
  if (id == NULL) return REDRESS_ERR_INVALID;
  int rc = store_lock(s);
  if (rc != REDRESS_OK) return rc;
  rc = remove_locked(s, id, expected_revision, change);
  store_unlock(s);
  return rc;
}

static int mem_remove(void *ud, const char *id, uint64_t expected_revision) {
  return mem_remove_logged(ud, id, expected_revision, NULL);
}

static int mem_feed(void *ud, uint64_t after, size_t limit, redress_change_cb cb,
                    void *payload) {
  mstore *s = ud;
  if (cb == NULL || limit == 0) return REDRESS_ERR_INVALID;
  int rc = store_lock(s);
  if (rc != REDRESS_OK) return rc;
  if (rd_mfeed_read(&s->feed, after, limit, cb, payload)) rc = REDRESS_ERR_USER;
  store_unlock(s);
  return rc;
}

static int mem_load(void *ud, const char *id, redress_record_cb cb, void *payload) {
  mstore *s = ud;
  if (id == NULL || cb == NULL) return REDRESS_ERR_INVALID;
  int rc = store_lock(s);
  if (rc != REDRESS_OK) return rc;
  const mrec *r = table_find(&s->ids, hash_text(s->seed, id), id, rec_id);
  if (r == NULL)
    rc = REDRESS_ERR_NOTFOUND;
  else if (emit(s, r, cb, payload))
    rc = REDRESS_ERR_USER;
  store_unlock(s);
  return rc;
}

static int mem_scan(void *ud, redress_record_cb cb, void *payload) {
  mstore *s = ud;
  if (cb == NULL) return REDRESS_ERR_INVALID;
  int rc = store_lock(s);
  if (rc != REDRESS_OK) return rc;
  for (size_t i = 0; i < s->ids.cap; i++) {
    const mrec *r = s->ids.slots[i];
    if (r != NULL && emit(s, r, cb, payload)) {
      rc = REDRESS_ERR_USER;
      break;
    }
  }
  store_unlock(s);
  return rc;
}

static int mem_due(void *ud, redress_time until, redress_record_cb cb, void *payload) {
  mstore *s = ud;
  if (cb == NULL) return REDRESS_ERR_INVALID;
  int rc = store_lock(s);
  if (rc != REDRESS_OK) return rc;
  if (due_walk(s, s->alarms, until, cb, payload)) rc = REDRESS_ERR_USER;
  store_unlock(s);
  return rc;
}

static int mem_by_customer(void *ud, const char *customer_id, redress_record_cb cb, void *payload) {
  mstore *s = ud;
  if (customer_id == NULL || cb == NULL) return REDRESS_ERR_INVALID;
  int rc = store_lock(s);
  if (rc != REDRESS_OK) return rc;
  for (const mrec *r = customer_find(s, customer_id); r != NULL; r = r->cnext) {
    if (emit(s, r, cb, payload)) {
      rc = REDRESS_ERR_USER;
      break;
    }
  }
  store_unlock(s);
  return rc;
}

/* One tenant's records, indexes and feed. */
static void part_free(mstore *s) {
  for (size_t i = 0; i < s->ids.cap; i++) rd_free(&s->alloc, s->ids.slots[i]);
  rd_free(&s->alloc, s->ids.slots);
  rd_free(&s->alloc, s->customers.slots);
  rd_mfeed_free(&s->feed, &s->alloc);
}

/* Called once, on the root, when no other thread uses the store any more: no locking. */
static void mem_destroy(void *ud) {
  mstore *s = ud;
  if (s == NULL) return;
  redress_allocator alloc = s->alloc;
  for (mstore *t = s->tenants, *next = NULL; t != NULL; t = next) {
    next = t->tenants;
    part_free(t);
    rd_free(&alloc, t);
  }
  part_free(s);
  (void)pthread_mutex_destroy(&s->lock);
  rd_free(&alloc, s);
}

/* ---- tenants ------------------------------------------------------------- */

static int mem_for_tenant(void *ud, const char *tenant, redress_store *out);

static redress_store vtable_of(mstore *s) {
  redress_store st = REDRESS_STORE_INIT;
  st.ud = s;
  st.load = mem_load;
  st.save = mem_save;
  st.remove = mem_remove;
  st.scan = mem_scan;
  st.due = mem_due;
  st.by_customer = mem_by_customer;
  st.destroy = s == s->root ? mem_destroy : NULL; /* a tenant lives as long as the root */
  st.feed = mem_feed;
  st.remove_logged = mem_remove_logged;
  st.for_tenant = mem_for_tenant;
  return st;
}

/* The tenant's mstore, made on first use; the lock is held. */
static mstore *tenant_part(mstore *root, const char *tenant) {
  for (mstore *t = root->tenants; t != NULL; t = t->tenants)
    if (strcmp(t->tenant, tenant) == 0) return t;
  size_t len = strlen(tenant);
  mstore *t = rd_alloc(&root->alloc, sizeof *t + len + 1);
  if (t == NULL) return NULL;
  memset(t, 0, sizeof *t);
  t->alloc = root->alloc;
  t->seed = hash_text(root->seed, tenant);
  t->root = root;
  char *name = (char *)(t + 1);
  memcpy(name, tenant, len + 1);
  t->tenant = name;
  t->record_version = REDRESS_RECORD_VERSION;
  t->tenants = root->tenants;
  root->tenants = t;
  return t;
}

static int mem_for_tenant(void *ud, const char *tenant, redress_store *out) {
  mstore *root = ((mstore *)ud)->root;
  if (tenant == NULL || tenant[0] == '\0' || out == NULL) return REDRESS_ERR_INVALID;
  int rc = store_lock(root);
  if (rc != REDRESS_OK) return rc;
  mstore *t = tenant_part(root, tenant);
  store_unlock(root);
  if (t == NULL) return REDRESS_ERR_NOMEM;
  *out = vtable_of(t);
  return REDRESS_OK;
}

/* ---- creation ------------------------------------------------------------ */

static int lock_init(pthread_mutex_t *lock) {
  pthread_mutexattr_t attr;
  if (pthread_mutexattr_init(&attr) != 0) return -1;
  int rc = pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_ERRORCHECK);
  if (rc == 0) rc = pthread_mutex_init(lock, &attr);
  (void)pthread_mutexattr_destroy(&attr);
  return rc;
}

static int memory_store_new(redress_store *out, const redress_allocator *a,
                            unsigned record_version) {
  mstore *s = rd_alloc(a, sizeof *s);
  if (s == NULL) return REDRESS_ERR_NOMEM;
  memset(s, 0, sizeof *s);
  s->alloc = *a;
  if (lock_init(&s->lock) != 0) {
    rd_free(a, s);
    return REDRESS_ERR_NOMEM;
  }
  s->seed = hash_text((uint32_t)(uintptr_t)s, "redress");
  s->root = s;
  s->tenant = "";
  s->record_version = record_version;
  *out = vtable_of(s);
  return REDRESS_OK;
}

int rd_memory_store_new(redress_store *out, const redress_allocator *a) {
  return memory_store_new(out, a, REDRESS_RECORD_VERSION);
}

static int check_allocator(redress_allocator *a, const redress_allocator *given) {
  *a = rd_default_allocator();
  if (given == NULL) return REDRESS_OK;
  int rc = rd_allocator_check(given);
  if (rc == REDRESS_OK) *a = *given;
  return rc;
}

/* redress_memory_store_new() of the 1.1 header: a vtable of version 2. */
RD_SYMVER_IMPL int rd_memory_store_new_1_1(redress_store *out, const redress_allocator *allocator);
int rd_memory_store_new_1_1(redress_store *out, const redress_allocator *allocator) {
  if (out == NULL) return REDRESS_ERR_INVALID;
  redress_allocator a;
  int rc = check_allocator(&a, allocator);
  return rc == REDRESS_OK ? rd_memory_store_new(out, &a) : rc;
}
RD_SYMVER_DEFAULT(rd_memory_store_new_1_1, redress_memory_store_new, "REDRESS_1.1");
#if !RD_HAVE_SYMVER
int redress_memory_store_new(redress_store *out, const redress_allocator *allocator) {
  return rd_memory_store_new_1_1(out, allocator);
}
#endif

/* The 1.0 function: a program built against that header has room for a vtable of
 * version 1 (up to errmsg) and reads version-1 records; the store has neither feed nor
 * tenants for it. */
RD_SYMVER_IMPL int rd_memory_store_new_1_0(void *out, const redress_allocator *allocator);
int rd_memory_store_new_1_0(void *out, const redress_allocator *allocator) {
  if (out == NULL) return REDRESS_ERR_INVALID;
  redress_allocator a;
  int rc = check_allocator(&a, allocator);
  redress_store full;
  if (rc == REDRESS_OK) rc = memory_store_new(&full, &a, 1);
  if (rc != REDRESS_OK) return rc;
  full.version = 1;
  memcpy(out, &full, offsetof(redress_store, feed));
  return REDRESS_OK;
}
RD_SYMVER_OLD(rd_memory_store_new_1_0, redress_memory_store_new, "REDRESS_1.0");

/* Versioned input structs (include/redress.h, docs/abi.md): for each of them the
 * static initialiser and its function twin agree, every version the library ever
 * shipped is accepted, and versions it does not know (0, newest + 1) are refused
 * with REDRESS_ERR_VERSION by the function that takes the struct, changing nothing. */
#define _GNU_SOURCE /* dlvsym: the 1.0 symbol of redress_policy_init */
#include <dlfcn.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"

/* The newest version of each struct this test knows. When a struct gains a version,
 * newest_versions_are_known fails until the test below learns it: keep a case for
 * every older version (docs/abi.md, "Adding a member to an input struct"). */
#define KNOWN_ALLOCATOR 1u
#define KNOWN_STORE 2u
#define KNOWN_RECORD 2u
#define KNOWN_DESK_OPTIONS 2u
#define KNOWN_CHANGE 1u
#define KNOWN_COMPLAINT_FIELDS 2u
#define KNOWN_POLICY 5u
#define KNOWN_RETENTION_MODEL 1u
#define KNOWN_CLASSIFIER_OPTIONS 1u
#define KNOWN_NEGOTIATION 1u
#define KNOWN_DEADLINE 1u
#define KNOWN_VERDICT_SUMMARY 2u
#define KNOWN_REASON 1u
#define KNOWN_PRECEDENT 1u

/* Versions no library knows: 0 (a struct never initialised) and one past the newest. */
#define UNKNOWN_VERSIONS(newest) {0u, (newest) + 1u}

/* A struct as a program built against an older header hands it over: a heap block of
 * exactly that header's size, so that ASan and valgrind report any read past it.
 * For a struct still at version 1 that size is the current one; for one that gained
 * a version, its frozen 1.0 layout below gives the size. */
static void *older_header_copy(const void *src, size_t size) {
  void *copy = malloc(size);
  assert_non_null(copy);
  memcpy(copy, src, size);
  return copy;
}

/* ---- the 1.0 layouts, frozen: what a program built against the 1.0 header has ---- */

typedef struct store_v1 {
  unsigned version;
  void *ud;
  int (*load)(void *ud, const char *id, redress_record_cb cb, void *payload);
  int (*save)(void *ud, const redress_record *record, uint64_t expected_revision);
  int (*remove)(void *ud, const char *id, uint64_t expected_revision);
  int (*scan)(void *ud, redress_record_cb cb, void *payload);
  int (*due)(void *ud, redress_time until, redress_record_cb cb, void *payload);
  int (*by_customer)(void *ud, const char *customer_id, redress_record_cb cb, void *payload);
  void (*destroy)(void *ud);
  const char *(*errmsg)(void *ud);
} store_v1;

typedef struct record_v1 {
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
} record_v1;

typedef struct desk_options_v1 {
  unsigned version;
  const redress_allocator *allocator;
  redress_clock_fn clock;
  void *clock_ud;
  const redress_store *store;
  const char *zoneinfo_dir;
} desk_options_v1;

/* redress_complaint_fields as the 1.0 header declared it (version 1), frozen. */
typedef struct complaint_fields_v1 {
  unsigned version;
  const char *id, *customer_id, *customer_tier;
  int64_t customer_value;
  int channel;
  const char *category;
  int severity;
  const char *text;
  redress_time received_at;
  int64_t order_value, claimed_amount;
  const char *requested_remedy;
  int64_t expectation, bottom_line;
  uint32_t prior_complaints;
  int64_t prior_compensation;
} complaint_fields_v1;

/* Later versions only append: each 1.0 layout is the prefix of the current one. */
typedef char complaint_fields_v1_is_a_prefix
    [offsetof(redress_complaint_fields, product) == sizeof(complaint_fields_v1) ? 1 : -1];
typedef char store_v1_is_a_prefix[offsetof(redress_store, feed) == sizeof(store_v1) ? 1 : -1];
typedef char record_v1_is_a_prefix[offsetof(redress_record, owner) == sizeof(record_v1) ? 1
                                                                                         : -1];
typedef char options_v1_is_a_prefix
    [offsetof(redress_desk_options, tenant) == sizeof(desk_options_v1) ? 1 : -1];

/* The 1.0 implementations of the functions that hand back a struct that grew, as a
 * program linked against libredress 1.0 calls them (symbol version REDRESS_1.0). */
#if defined(__GNUC__) && defined(__ELF__)
#  define HAVE_OLD_SYMBOLS 1
store_v1 store_init_1_0(void);
int memory_store_new_1_0(store_v1 *out, const redress_allocator *allocator);
desk_options_v1 desk_options_init_1_0(void);
complaint_fields_v1 complaint_fields_init_1_0(void);
__asm__(".symver complaint_fields_init_1_0, redress_complaint_fields_init@REDRESS_1.0");
__asm__(".symver store_init_1_0, redress_store_init@REDRESS_1.0");
__asm__(".symver memory_store_new_1_0, redress_memory_store_new@REDRESS_1.0");
__asm__(".symver desk_options_init_1_0, redress_desk_options_init@REDRESS_1.0");
#else
#  define HAVE_OLD_SYMBOLS 0
#endif

/* A malloc allocator for stores and desks opened without the counting helpers. */
static void *plain_alloc(size_t size, void *ud) {
  (void)ud;
  return malloc(size);
}
static void *plain_realloc(void *ptr, size_t size, void *ud) {
  (void)ud;
  return realloc(ptr, size);
}
static void plain_free(void *ptr, void *ud) {
  (void)ud;
  free(ptr);
}
static redress_allocator plain_allocator(void) {
  redress_allocator a = REDRESS_ALLOCATOR_INIT;
  a.alloc = plain_alloc;
  a.realloc = plain_realloc;
  a.free = plain_free;
  return a;
}

static void assert_message_names_version(const redress_desk *desk) {
  assert_non_null(strstr(redress_desk_errmsg(desk), "version"));
}

static void newest_versions_are_known(void **state) {
  (void)state;
  assert_int_equal(REDRESS_ALLOCATOR_VERSION, KNOWN_ALLOCATOR);
  assert_int_equal(REDRESS_STORE_VERSION, KNOWN_STORE);
  assert_int_equal(REDRESS_RECORD_VERSION, KNOWN_RECORD);
  assert_int_equal(REDRESS_DESK_OPTIONS_VERSION, KNOWN_DESK_OPTIONS);
  assert_int_equal(REDRESS_COMPLAINT_FIELDS_VERSION, KNOWN_COMPLAINT_FIELDS);
  assert_int_equal(REDRESS_POLICY_VERSION, KNOWN_POLICY);
  assert_int_equal(REDRESS_RETENTION_MODEL_VERSION, KNOWN_RETENTION_MODEL);
  assert_int_equal(REDRESS_CLASSIFIER_OPTIONS_VERSION, KNOWN_CLASSIFIER_OPTIONS);
  assert_int_equal(REDRESS_NEGOTIATION_VERSION, KNOWN_NEGOTIATION);
  assert_int_equal(REDRESS_DEADLINE_VERSION, KNOWN_DEADLINE);
  assert_int_equal(REDRESS_VERDICT_SUMMARY_VERSION, KNOWN_VERDICT_SUMMARY);
  assert_int_equal(REDRESS_REASON_VERSION, KNOWN_REASON);
  assert_int_equal(REDRESS_PRECEDENT_VERSION, KNOWN_PRECEDENT);
  assert_int_equal(REDRESS_CHANGE_VERSION, KNOWN_CHANGE);
}

/* ---- the static initialisers and their function twins agree ----------------- */
/* Member by member: padding bytes of the two are unspecified. */

static void same_allocator(const redress_allocator *a, const redress_allocator *b) {
  assert_int_equal(a->version, b->version);
  assert_true(a->alloc == b->alloc);
  assert_true(a->realloc == b->realloc);
  assert_true(a->free == b->free);
  assert_ptr_equal(a->ud, b->ud);
}

static void same_store(const redress_store *a, const redress_store *b) {
  assert_int_equal(a->version, b->version);
  assert_ptr_equal(a->ud, b->ud);
  assert_true(a->load == b->load);
  assert_true(a->save == b->save);
  assert_true(a->remove == b->remove);
  assert_true(a->scan == b->scan);
  assert_true(a->due == b->due);
  assert_true(a->by_customer == b->by_customer);
  assert_true(a->destroy == b->destroy);
  assert_true(a->errmsg == b->errmsg);
  assert_true(a->feed == b->feed);
  assert_true(a->remove_logged == b->remove_logged);
  assert_true(a->for_tenant == b->for_tenant);
}

static void same_desk_options(const redress_desk_options *a, const redress_desk_options *b) {
  assert_int_equal(a->version, b->version);
  assert_ptr_equal(a->allocator, b->allocator);
  assert_true(a->clock == b->clock);
  assert_ptr_equal(a->clock_ud, b->clock_ud);
  assert_ptr_equal(a->store, b->store);
  assert_ptr_equal(a->zoneinfo_dir, b->zoneinfo_dir);
  assert_ptr_equal(a->tenant, b->tenant);
}

static void same_complaint_init(const redress_complaint_fields *a, const redress_complaint_fields *b) {
  assert_int_equal(a->version, b->version);
  assert_ptr_equal(a->id, b->id);
  assert_ptr_equal(a->customer_id, b->customer_id);
  assert_ptr_equal(a->customer_tier, b->customer_tier);
  assert_int_equal(a->customer_value, b->customer_value);
  assert_int_equal(a->channel, b->channel);
  assert_ptr_equal(a->category, b->category);
  assert_int_equal(a->severity, b->severity);
  assert_ptr_equal(a->text, b->text);
  assert_int_equal(a->received_at, b->received_at);
  assert_int_equal(a->order_value, b->order_value);
  assert_int_equal(a->claimed_amount, b->claimed_amount);
  assert_ptr_equal(a->requested_remedy, b->requested_remedy);
  assert_int_equal(a->expectation, b->expectation);
  assert_int_equal(a->bottom_line, b->bottom_line);
  assert_int_equal(a->prior_complaints, b->prior_complaints);
  assert_int_equal(a->prior_compensation, b->prior_compensation);
  assert_ptr_equal(a->product, b->product);
  assert_ptr_equal(a->cause, b->cause);
}

static void same_span(redress_span a, redress_span b) {
  assert_int_equal(a.amount, b.amount);
  assert_int_equal(a.unit, b.unit);
}

static void same_policy(const redress_policy *a, const redress_policy *b) {
  assert_int_equal(a->version, b->version);
  assert_ptr_equal(a->name, b->name);
  assert_int_equal(a->channels, b->channels);
  assert_int_equal(a->min_severity, b->min_severity);
  assert_ptr_equal(a->category, b->category);
  assert_ptr_equal(a->customer_tier, b->customer_tier);
  assert_ptr_equal(a->calendar, b->calendar);
  same_span(a->acknowledge, b->acknowledge);
  same_span(a->update_every, b->update_every);
  same_span(a->resolve, b->resolve);
  same_span(a->resolve_extended, b->resolve_extended);
  same_span(a->follow_up, b->follow_up);
  assert_int_equal(a->policy_version, b->policy_version);
  assert_int_equal(a->warn_percent, b->warn_percent);
  assert_int_equal(a->pause_when_awaiting_customer, b->pause_when_awaiting_customer);
  assert_int_equal(a->min_compensation, b->min_compensation);
  assert_int_equal(a->max_compensation, b->max_compensation);
  same_span(a->next_reply, b->next_reply);
  same_span(a->summary_resolve, b->summary_resolve);
  assert_ptr_equal(a->team, b->team);
}

static void same_retention_model(const redress_retention_model *a,
                                 const redress_retention_model *b) {
  assert_int_equal(a->version, b->version);
  assert_true(a->voice_rate == b->voice_rate);
  assert_true(a->silent_churn == b->silent_churn);
  assert_true(a->retention_on_the_spot == b->retention_on_the_spot);
  assert_true(a->retention_resolved == b->retention_resolved);
  assert_true(a->retention_unresolved == b->retention_unresolved);
  assert_true(a->word_of_mouth == b->word_of_mouth);
}

static void same_negotiation(const redress_negotiation *a, const redress_negotiation *b) {
  assert_int_equal(a->version, b->version);
  assert_int_equal(a->expectation, b->expectation);
  assert_int_equal(a->bottom_line, b->bottom_line);
  assert_int_equal(a->policy_min, b->policy_min);
  assert_int_equal(a->policy_max, b->policy_max);
  assert_int_equal(a->offer_permille, b->offer_permille);
}

static void init_functions_match_macros(void **state) {
  (void)state;
  const redress_allocator allocator = REDRESS_ALLOCATOR_INIT;
  redress_allocator allocator_fn = redress_allocator_init();
  same_allocator(&allocator, &allocator_fn);
  const redress_store store = REDRESS_STORE_INIT;
  redress_store store_fn = redress_store_init();
  same_store(&store, &store_fn);
  const redress_desk_options options = REDRESS_DESK_OPTIONS_INIT;
  redress_desk_options options_fn = redress_desk_options_init();
  same_desk_options(&options, &options_fn);
  const redress_complaint_fields init = REDRESS_COMPLAINT_FIELDS_INIT;
  redress_complaint_fields init_fn = redress_complaint_fields_init();
  same_complaint_init(&init, &init_fn);
  const redress_policy policy = REDRESS_POLICY_INIT;
  redress_policy policy_fn = redress_policy_init();
  same_policy(&policy, &policy_fn);
  const redress_retention_model model = REDRESS_RETENTION_MODEL_INIT;
  redress_retention_model model_fn = redress_retention_model_init();
  same_retention_model(&model, &model_fn);
  const redress_classifier_options classifier = REDRESS_CLASSIFIER_OPTIONS_INIT;
  redress_classifier_options classifier_fn = redress_classifier_options_init();
  th_assert_same_classifier_options(&classifier, &classifier_fn);
  const redress_negotiation negotiation = REDRESS_NEGOTIATION_INIT;
  redress_negotiation negotiation_fn = redress_negotiation_init();
  same_negotiation(&negotiation, &negotiation_fn);
}

/* Each initialiser carries the newest version; a struct that forgot it would be refused. */
static void initialisers_carry_the_newest_version(void **state) {
  (void)state;
  assert_int_equal(redress_allocator_init().version, REDRESS_ALLOCATOR_VERSION);
  assert_int_equal(redress_store_init().version, REDRESS_STORE_VERSION);
  assert_int_equal(redress_desk_options_init().version, REDRESS_DESK_OPTIONS_VERSION);
  assert_int_equal(redress_complaint_fields_init().version, REDRESS_COMPLAINT_FIELDS_VERSION);
  assert_int_equal(redress_policy_init().version, REDRESS_POLICY_VERSION);
  assert_int_equal(redress_retention_model_init().version, REDRESS_RETENTION_MODEL_VERSION);
  assert_int_equal(redress_classifier_options_init().version, REDRESS_CLASSIFIER_OPTIONS_VERSION);
  assert_int_equal(redress_negotiation_init().version, REDRESS_NEGOTIATION_VERSION);
}

/* ---- allocator: redress_memory_store_new() and redress_desk_open() ----------- */

static void allocator_versions(void **state) {
  (void)state;
  redress_allocator v1 = plain_allocator();
  redress_allocator *older = older_header_copy(&v1, sizeof v1);
  redress_store store = REDRESS_STORE_INIT;
  assert_int_equal(redress_memory_store_new(&store, older), REDRESS_OK);
  store.destroy(store.ud);
  redress_desk_options o = REDRESS_DESK_OPTIONS_INIT;
  o.allocator = older;
  redress_desk *desk = NULL;
  assert_int_equal(redress_desk_open(&desk, &o), REDRESS_OK);
  redress_desk_close(desk);

  const unsigned unknown[] = UNKNOWN_VERSIONS(REDRESS_ALLOCATOR_VERSION);
  for (size_t i = 0; i < 2; i++) {
    redress_allocator bad = plain_allocator();
    bad.version = unknown[i];
    redress_store untouched = REDRESS_STORE_INIT;
    assert_int_equal(redress_memory_store_new(&untouched, &bad), REDRESS_ERR_VERSION);
    assert_null(untouched.ud);
    assert_null(untouched.destroy);
    o.allocator = &bad;
    desk = NULL;
    assert_int_equal(redress_desk_open(&desk, &o), REDRESS_ERR_VERSION);
    assert_null(desk);
  }
  free(older);
}

/* ---- store vtable: redress_desk_open() -------------------------------------- */

typedef struct watched_store {
  redress_store inner;
  int destroyed;
} watched_store;

static int watched_load(void *ud, const char *id, redress_record_cb cb, void *payload) {
  watched_store *w = ud;
  return w->inner.load(w->inner.ud, id, cb, payload);
}
static int watched_save(void *ud, const redress_record *r, uint64_t expected) {
  watched_store *w = ud;
  return w->inner.save(w->inner.ud, r, expected);
}
static int watched_remove(void *ud, const char *id, uint64_t expected) {
  watched_store *w = ud;
  return w->inner.remove(w->inner.ud, id, expected);
}
static int watched_scan(void *ud, redress_record_cb cb, void *payload) {
  watched_store *w = ud;
  return w->inner.scan(w->inner.ud, cb, payload);
}
static void watched_destroy(void *ud) {
  watched_store *w = ud;
  w->destroyed++;
  w->inner.destroy(w->inner.ud);
}

/* A host store over the memory store that counts its destruction. */
static redress_store watched_vtable(watched_store *w) {
  memset(w, 0, sizeof *w);
  assert_int_equal(redress_memory_store_new(&w->inner, NULL), REDRESS_OK);
  redress_store s = REDRESS_STORE_INIT;
  s.ud = w;
  s.load = watched_load;
  s.save = watched_save;
  s.remove = watched_remove;
  s.scan = watched_scan;
  s.destroy = watched_destroy;
  return s;
}

static void store_versions(void **state) {
  (void)state;
  assert_null(redress_store_init().errmsg);
  watched_store w;
  redress_desk_options o = REDRESS_DESK_OPTIONS_INIT;
  redress_desk *desk = NULL;
  const unsigned unknown[] = UNKNOWN_VERSIONS(REDRESS_STORE_VERSION);
  for (size_t i = 0; i < 2; i++) {
    redress_store bad = watched_vtable(&w);
    bad.version = unknown[i];
    o.store = &bad;
    desk = NULL;
    assert_int_equal(redress_desk_open(&desk, &o), REDRESS_ERR_VERSION);
    assert_null(desk);
    assert_int_equal(w.destroyed, 0); /* a refused store stays the host's */
    w.inner.destroy(w.inner.ud);
  }
}

/* ---- record: the memory store's save slot ----------------------------------- */

static redress_record sample_record(void) {
  static const char doc[] = "{}";
  redress_record r;
  memset(&r, 0, sizeof r);
  r.version = REDRESS_RECORD_VERSION;
  r.id = "c-rec";
  r.customer_id = "cust-1";
  r.received_at = TH_T0;
  r.updated_at = TH_T0;
  r.next_alarm = REDRESS_TIME_NEVER;
  r.revision = 1;
  r.doc = doc;
  r.doc_len = sizeof doc - 1;
  return r;
}

static int count_record(const redress_record *rec, void *payload) {
  (void)rec;
  ++*(int *)payload;
  return 0;
}

typedef struct assigned {
  char *owner, *team;
  int calls;
} assigned;

static char *copy_or_null(const char *s) {
  if (s == NULL) return NULL;
  char *copy = malloc(strlen(s) + 1);
  assert_non_null(copy);
  return strcpy(copy, s);
}

static int read_assignment(const redress_record *rec, void *payload) {
  assigned *a = payload;
  assert_int_equal(rec->version, REDRESS_RECORD_VERSION);
  a->owner = copy_or_null(rec->owner);
  a->team = copy_or_null(rec->team);
  a->calls++;
  return 0;
}

static void record_versions(void **state) {
  (void)state;
  redress_store s = REDRESS_STORE_INIT;
  assert_int_equal(redress_memory_store_new(&s, NULL), REDRESS_OK);
  const unsigned unknown[] = UNKNOWN_VERSIONS(REDRESS_RECORD_VERSION);
  for (size_t i = 0; i < 2; i++) {
    redress_record bad = sample_record();
    bad.version = unknown[i];
    assert_int_equal(s.save(s.ud, &bad, 0), REDRESS_ERR_VERSION);
  }
  int seen = 0;
  assert_int_equal(s.scan(s.ud, count_record, &seen), REDRESS_OK);
  assert_int_equal(seen, 0);
  /* version 1: a heap block that ends before owner and team */
  redress_record v1 = sample_record();
  v1.version = 1;
  redress_record *older = older_header_copy(&v1, sizeof(record_v1));
  assert_int_equal(s.save(s.ud, older, 0), REDRESS_OK);
  assert_int_equal(s.scan(s.ud, count_record, &seen), REDRESS_OK);
  assert_int_equal(seen, 1);
  /* A record of version 1 has no tenant: the default tenant's, refused by another's. */
  redress_store acme = REDRESS_STORE_INIT;
  assert_int_equal(s.for_tenant(s.ud, "acme", &acme), REDRESS_OK);
  assert_int_equal(acme.save(acme.ud, older, 0), REDRESS_ERR_INVALID);
  free(older);
  assigned view = {NULL, NULL, 0};
  assert_int_equal(s.load(s.ud, "c-rec", read_assignment, &view), REDRESS_OK);
  assert_int_equal(view.calls, 1);
  assert_null(view.owner);
  assert_null(view.team);
  /* version 2 keeps them */
  redress_record v2 = sample_record();
  v2.revision = 2;
  v2.owner = "ann";
  v2.team = "billing";
  assert_int_equal(s.save(s.ud, &v2, 1), REDRESS_OK);
  assert_int_equal(s.load(s.ud, "c-rec", read_assignment, &view), REDRESS_OK);
  assert_string_equal(view.owner, "ann");
  assert_string_equal(view.team, "billing");
  free(view.owner);
  free(view.team);
  /* and carries the tenant, which must be the vtable's */
  v2 = sample_record();
  v2.tenant = "globex"; /* not the tenant of either vtable */
  assert_int_equal(acme.save(acme.ud, &v2, 0), REDRESS_ERR_INVALID);
  v2.id = "c-rec-2";
  assert_int_equal(s.save(s.ud, &v2, 0), REDRESS_ERR_INVALID);
  v2.tenant = "acme";
  assert_int_equal(acme.save(acme.ud, &v2, 0), REDRESS_OK);
  seen = 0;
  assert_int_equal(acme.scan(acme.ud, count_record, &seen), REDRESS_OK);
  assert_int_equal(seen, 1);
  s.destroy(s.ud);
}

/* ---- desk options: redress_desk_open() -------------------------------------- */

static int count_change(const redress_change *ch, void *payload) {
  (void)ch;
  ++*(int *)payload;
  return 0;
}

static void desk_options_versions(void **state) {
  (void)state;
  redress_desk_options v1 = REDRESS_DESK_OPTIONS_INIT;
  v1.version = 1;
  redress_desk_options *older = older_header_copy(&v1, sizeof(desk_options_v1));
  redress_desk *desk = NULL;
  assert_int_equal(redress_desk_open(&desk, older), REDRESS_OK);
  redress_desk_close(desk);
  free(older);
  /* version 2 reads the tenant; "" is the default tenant, as NULL is */
  redress_desk_options v2 = REDRESS_DESK_OPTIONS_INIT;
  v2.tenant = "";
  assert_int_equal(redress_desk_open(&desk, &v2), REDRESS_OK);
  redress_desk_close(desk);
  v2.tenant = "acme";
  assert_int_equal(redress_desk_open(&desk, &v2), REDRESS_OK);
  redress_desk_close(desk);

  const unsigned unknown[] = UNKNOWN_VERSIONS(REDRESS_DESK_OPTIONS_VERSION);
  for (size_t i = 0; i < 2; i++) {
    watched_store w;
    redress_store store = watched_vtable(&w);
    redress_desk_options bad = REDRESS_DESK_OPTIONS_INIT;
    bad.version = unknown[i];
    bad.store = &store;
    desk = NULL;
    assert_int_equal(redress_desk_open(&desk, &bad), REDRESS_ERR_VERSION);
    assert_null(desk);
    assert_int_equal(w.destroyed, 0);
    w.inner.destroy(w.inner.ud);
  }
}

/* A store built against the 1.0 header: the desk reads its ten members only, hands it
 * records of version 1, serves the default tenant over it and reads no feed from it. */
static void store_version_1(void **state) {
  (void)state;
  watched_store w;
  redress_store full = watched_vtable(&w);
  full.version = 1;
  store_v1 *older = older_header_copy(&full, sizeof(store_v1));
  redress_desk_options o = REDRESS_DESK_OPTIONS_INIT;
  o.store = (const redress_store *)(void *)older;
  o.tenant = "acme";
  redress_desk *desk = NULL;
  assert_int_equal(redress_desk_open(&desk, &o), REDRESS_ERR_INVALID);
  assert_null(desk);
  assert_int_equal(w.destroyed, 0);
  o.tenant = NULL;
  assert_int_equal(redress_desk_open(&desk, &o), REDRESS_OK);
  redress_complaint_fields in = th_full_init("c-v1-store");
  redress_complaint *c = NULL;
  assert_int_equal(redress_complaint_create(&c, desk, &in), REDRESS_OK);
  assert_int_equal(redress_desk_save(desk, c), REDRESS_OK);
  redress_complaint_free(c);
  assert_int_equal(redress_desk_load(&c, desk, "c-v1-store"), REDRESS_OK);
  redress_complaint_free(c);
  int n = 0;
  assert_int_equal(redress_desk_feed(desk, 0, 10, count_change, &n), REDRESS_ERR_VERSION);
  assert_non_null(strstr(redress_desk_errmsg(desk), "version 1"));
  assert_int_equal(n, 0);
  assert_int_equal(redress_desk_remove(desk, "c-v1-store", 1), REDRESS_OK);
  redress_desk_close(desk);
  assert_int_equal(w.destroyed, 1);
  free(older);
}

/* Programs linked against 1.0 call the 1.0 implementations: they write and return the
 * 1.0 layouts (a heap block of that size each, so a byte written past it shows). */
static void old_symbols_keep_the_1_0_layouts(void **state) {
  (void)state;
#if HAVE_OLD_SYMBOLS
  store_v1 init = store_init_1_0();
  assert_int_equal(init.version, 1);
  assert_null(init.load);
  assert_null(init.errmsg);
  desk_options_v1 defaults = desk_options_init_1_0();
  assert_int_equal(defaults.version, 1);
  assert_null(defaults.store);
  complaint_fields_v1 fields = complaint_fields_init_1_0();
  assert_int_equal(fields.version, 1);
  assert_null(fields.customer_id);
  assert_int_equal(fields.customer_value, REDRESS_AMOUNT_UNKNOWN);
  assert_int_equal(fields.expectation, REDRESS_AMOUNT_UNKNOWN);
  assert_int_equal(fields.prior_compensation, 0);
  store_v1 *mem = older_header_copy(&init, sizeof init);
  assert_int_equal(memory_store_new_1_0(mem, NULL), REDRESS_OK);
  assert_int_equal(mem->version, 1);
  assert_non_null(mem->due);
  assert_non_null(mem->destroy);
  desk_options_v1 *o = older_header_copy(&defaults, sizeof defaults);
  o->store = (const redress_store *)(void *)mem;
  redress_desk *desk = NULL;
  assert_int_equal(redress_desk_open(&desk, (const redress_desk_options *)(void *)o),
                   REDRESS_OK);
  redress_complaint_fields in = th_full_init("c-1-0");
  redress_complaint *c = NULL;
  assert_int_equal(redress_complaint_create(&c, desk, &in), REDRESS_OK);
  assert_int_equal(redress_desk_save(desk, c), REDRESS_OK);
  redress_complaint_free(c);
  assert_int_equal(redress_desk_load(&c, desk, "c-1-0"), REDRESS_OK);
  redress_complaint_free(c);
  int n = 0;
  assert_int_equal(redress_desk_feed(desk, 0, 10, count_change, &n), REDRESS_ERR_VERSION);
  redress_desk_close(desk); /* destroys the memory store */
  free(o);
  free(mem);
#else
  skip();
#endif
}

/* A store whose feed would miss removals is refused. */
static void feed_needs_remove_logged(void **state) {
  (void)state;
  redress_store mem = REDRESS_STORE_INIT;
  assert_int_equal(redress_memory_store_new(&mem, NULL), REDRESS_OK);
  redress_store half = mem;
  half.remove_logged = NULL;
  redress_desk_options o = REDRESS_DESK_OPTIONS_INIT;
  o.store = &half;
  redress_desk *desk = NULL;
  assert_int_equal(redress_desk_open(&desk, &o), REDRESS_ERR_INVALID);
  assert_null(desk);
  mem.destroy(mem.ud);
}

/* The change struct: version 1 is this header's; the initialiser marks every member
 * that belongs to another kind. */
static void change_init(void **state) {
  (void)state;
  const redress_change ch = REDRESS_CHANGE_INIT;
  assert_int_equal(ch.version, REDRESS_CHANGE_VERSION);
  assert_int_equal(ch.cursor, 0);
  assert_null(ch.complaint_id);
  assert_int_equal(ch.event_kind, -1);
  assert_int_equal(ch.deadline_kind, -1);
  assert_int_equal(ch.level, -1);
  assert_int_equal(ch.due, REDRESS_TIME_NEVER);
}

/* ---- complaint init: redress_complaint_create() ----------------------------- */

static void complaint_init_versions(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  /* version 1 (1.0): a heap block of the 1.0 size, so a read of product or cause
   * past it shows; they are absent */
  redress_complaint_fields v1 = th_full_init("c-init-v1");
  v1.version = 1;
  redress_complaint_fields *older = older_header_copy(&v1, sizeof(complaint_fields_v1));
  redress_complaint *c = NULL;
  assert_int_equal(redress_complaint_create(&c, t.desk, older), REDRESS_OK);
  assert_string_equal(redress_complaint_id(c), "c-init-v1");
  assert_int_equal(th_number(c, REDRESS_FIELD_PRIOR_COMPENSATION), v1.prior_compensation);
  assert_null(redress_complaint_string(c, REDRESS_FIELD_PRODUCT));
  assert_null(redress_complaint_string(c, REDRESS_FIELD_CAUSE));
  redress_complaint_free(c);
  free(older);

  /* version 2 (1.1): product and cause */
  redress_complaint_fields v2 = th_full_init("c-init-v2");
  assert_int_equal(v2.version, 2);
  assert_null(v2.product); /* the initialiser's default */
  assert_null(v2.cause);
  v2.product = "cards";
  v2.cause = "fees";
  assert_int_equal(redress_complaint_create(&c, t.desk, &v2), REDRESS_OK);
  assert_string_equal(redress_complaint_string(c, REDRESS_FIELD_PRODUCT), "cards");
  assert_string_equal(redress_complaint_string(c, REDRESS_FIELD_CAUSE), "fees");
  redress_complaint_free(c);

  const unsigned unknown[] = UNKNOWN_VERSIONS(REDRESS_COMPLAINT_FIELDS_VERSION);
  for (size_t i = 0; i < 2; i++) {
    redress_complaint_fields bad = th_full_init("c-init-bad");
    bad.version = unknown[i];
    c = NULL;
    assert_int_equal(redress_complaint_create(&c, t.desk, &bad), REDRESS_ERR_VERSION);
    assert_null(c);
    assert_message_names_version(t.desk);
  }
  th_desk_close(&t);
}

/* ---- policy: redress_desk_add_policy() -------------------------------------- */

/* redress_policy as the 1.0 header declared it (version 1), frozen. */
typedef struct policy_v1 {
  unsigned version;
  const char *name;
  uint32_t channels;
  int min_severity;
  const char *category, *customer_tier, *calendar;
  redress_span acknowledge, update_every, resolve, resolve_extended, follow_up;
  int warn_percent;
  int pause_when_awaiting_customer;
  int64_t min_compensation, max_compensation;
} policy_v1;

/* A program built against 1.0 calls the 1.0 symbol of redress_policy_init, which
 * returns the version-1 layout (a larger struct would overrun the caller's). Only a
 * shared build keeps that symbol; a static one has the newest alone. */
static void policy_init_keeps_its_1_0_symbol(void **state) {
  (void)state;
  if (dlsym(RTLD_DEFAULT, "redress_policy_init") == NULL) skip();
  policy_v1 (*init_1_0)(void) = NULL;
  void *sym = dlvsym(RTLD_DEFAULT, "redress_policy_init", "REDRESS_1.0");
  assert_non_null(sym);
  memcpy(&init_1_0, &sym, sizeof sym);
  policy_v1 old = init_1_0();
  assert_int_equal(old.version, 1);
  assert_null(old.name);
  assert_int_equal(old.min_compensation, REDRESS_AMOUNT_UNKNOWN);
  assert_int_equal(old.max_compensation, REDRESS_AMOUNT_UNKNOWN);
  assert_int_equal(old.acknowledge.unit, REDRESS_SPAN_CALENDAR_SECONDS);
  /* and the desk takes what it returned, as the 1.0 program hands it over */
  th_desk t;
  th_desk_open(&t);
  old.name = "from-1.0";
  policy_v1 *heap = older_header_copy(&old, sizeof old);
  assert_int_equal(redress_desk_add_policy(t.desk, (const redress_policy *)(void *)heap), REDRESS_OK);
  free(heap);
  th_desk_close(&t);
}

/* A version-2 policy (a heap block of its exact size, before policy_version) is
 * policy version 1 of its name. */
static void policy_version_2_is_policy_version_one(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  redress_policy p = REDRESS_POLICY_INIT;
  p.name = "two";
  p.version = 2;
  size_t v2_size = offsetof(redress_policy, policy_version);
  void *older = older_header_copy(&p, v2_size);
  assert_int_equal(redress_desk_add_policy(t.desk, older), REDRESS_OK);
  free(older);
  redress_policy back;
  assert_int_equal(redress_desk_policy(&back, t.desk, "two", 0), REDRESS_OK);
  assert_int_equal(back.policy_version, 1u);
  assert_int_equal(back.version, REDRESS_POLICY_VERSION);
  th_desk_close(&t);
}

/* A version-3 policy (a heap block of its exact size, before summary_resolve) has no
 * summary target: no SUMMARY_RESOLVE deadline. */
static void policy_version_3_has_no_summary_target(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  redress_policy p = REDRESS_POLICY_INIT;
  p.name = "three";
  p.version = 3;
  p.resolve = (redress_span){86400, REDRESS_SPAN_CALENDAR_SECONDS};
  size_t v3_size = offsetof(redress_policy, summary_resolve);
  void *older = older_header_copy(&p, v3_size);
  assert_int_equal(redress_desk_add_policy(t.desk, older), REDRESS_OK);
  free(older);
  redress_policy back;
  assert_int_equal(redress_desk_policy(&back, t.desk, "three", 0), REDRESS_OK);
  assert_int_equal(back.summary_resolve.amount, 0);
  assert_int_equal(back.resolve.amount, 86400);
  th_desk_close(&t);
}

/* A version-4 policy (a heap block of its exact size, before team) matches any team. */
static void policy_version_4_matches_any_team(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  redress_policy p = REDRESS_POLICY_INIT;
  p.name = "four";
  p.version = 4;
  p.resolve = (redress_span){86400, REDRESS_SPAN_CALENDAR_SECONDS};
  void *older = older_header_copy(&p, offsetof(redress_policy, team));
  assert_int_equal(redress_desk_add_policy(t.desk, older), REDRESS_OK);
  free(older);
  redress_policy back;
  assert_int_equal(redress_desk_policy(&back, t.desk, "four", 0), REDRESS_OK);
  assert_null(back.team);
  assert_int_equal(back.version, REDRESS_POLICY_VERSION);
  th_desk_close(&t);
}

static redress_policy sample_policy(const char *name) {
  redress_policy p = REDRESS_POLICY_INIT;
  p.name = name;
  p.acknowledge.amount = 3600;
  p.resolve.amount = 86400;
  return p;
}

static void policy_versions(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  const unsigned unknown[] = UNKNOWN_VERSIONS(REDRESS_POLICY_VERSION);
  for (size_t i = 0; i < 2; i++) {
    redress_policy bad = sample_policy("fast");
    bad.version = unknown[i];
    assert_int_equal(redress_desk_add_policy(t.desk, &bad), REDRESS_ERR_VERSION);
    assert_message_names_version(t.desk);
  }
  /* The refused policies were not added: the name is still free. A version-1 policy
   * (a heap block of its exact size) has no next_reply: none is owed. */
  redress_policy newest = sample_policy("fast");
  policy_v1 v1;
  memcpy(&v1, &newest, sizeof v1);
  v1.version = 1;
  policy_v1 *older = older_header_copy(&v1, sizeof v1);
  assert_int_equal(redress_desk_add_policy(t.desk, (const redress_policy *)(void *)older), REDRESS_OK);
  free(older);
  redress_complaint_fields in = th_full_init("c-policy");
  redress_complaint *c = NULL;
  assert_int_equal(redress_complaint_create(&c, t.desk, &in), REDRESS_OK);
  assert_int_equal(redress_complaint_customer_message(c, TH_T0 + 60, "cust", "hello?"), REDRESS_OK);
  redress_deadlines *d = NULL;
  assert_int_equal(redress_complaint_deadlines(&d, c, TH_T0 + 60), REDRESS_OK);
  assert_string_equal(redress_deadlines_policy(d), "fast");
  for (size_t i = 0; i < redress_deadlines_count(d); i++) {
    redress_deadline dl = REDRESS_DEADLINE_INIT;
    assert_int_equal(redress_deadlines_get(&dl, d, i), REDRESS_OK);
    assert_int_not_equal(dl.kind, REDRESS_DEADLINE_NEXT_REPLY);
  }
  redress_deadlines_free(d);
  redress_complaint_free(c);
  /* version 2 reads next_reply (a desk of its own: "fast" matches every complaint) */
  th_desk_close(&t);
  th_desk_open(&t);
  redress_policy v2 = sample_policy("replies");
  v2.next_reply.amount = 600;
  assert_int_equal(redress_desk_add_policy(t.desk, &v2), REDRESS_OK);
  in = th_full_init("c-policy-2");
  assert_int_equal(redress_complaint_create(&c, t.desk, &in), REDRESS_OK);
  assert_int_equal(redress_complaint_customer_message(c, TH_T0 + 60, "cust", "hello?"), REDRESS_OK);
  assert_int_equal(redress_complaint_deadlines(&d, c, TH_T0 + 60), REDRESS_OK);
  assert_string_equal(redress_deadlines_policy(d), "replies");
  redress_deadline last = REDRESS_DEADLINE_INIT;
  assert_int_equal(redress_deadlines_get(&last, d, redress_deadlines_count(d) - 1), REDRESS_OK);
  assert_int_equal(last.kind, REDRESS_DEADLINE_NEXT_REPLY);
  assert_int_equal(last.due, TH_T0 + 660);
  redress_deadlines_free(d);
  redress_complaint_free(c);
  v2 = sample_policy("bad-reply");
  v2.next_reply.amount = -1;
  assert_int_equal(redress_desk_add_policy(t.desk, &v2), REDRESS_ERR_INVALID);
  th_desk_close(&t);
}

/* ---- retention model: redress_metrics_new() --------------------------------- */

static void retention_model_versions(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  redress_retention_model v1 = REDRESS_RETENTION_MODEL_INIT;
  v1.word_of_mouth = 9.0;
  redress_retention_model *older = older_header_copy(&v1, sizeof v1);
  redress_metrics *m = NULL;
  assert_int_equal(redress_metrics_new(&m, t.desk, older, REDRESS_GROUP_BY_NONE, TH_T0),
                   REDRESS_OK);
  free(older);
  redress_metrics_free(m);

  const unsigned unknown[] = UNKNOWN_VERSIONS(REDRESS_RETENTION_MODEL_VERSION);
  for (size_t i = 0; i < 2; i++) {
    redress_retention_model bad = REDRESS_RETENTION_MODEL_INIT;
    bad.version = unknown[i];
    m = NULL;
    assert_int_equal(redress_metrics_new(&m, t.desk, &bad, REDRESS_GROUP_BY_NONE, TH_T0),
                     REDRESS_ERR_VERSION);
    assert_null(m);
    assert_message_names_version(t.desk);
  }
  th_desk_close(&t);
}

/* ---- classifier options: redress_desk_set_classifier() ---------------------- */

static void classifier_options_versions(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  const redress_classifier_options defaults = REDRESS_CLASSIFIER_OPTIONS_INIT;
  redress_classifier_options got;
  const unsigned unknown[] = UNKNOWN_VERSIONS(REDRESS_CLASSIFIER_OPTIONS_VERSION);
  for (size_t i = 0; i < 2; i++) {
    redress_classifier_options bad = REDRESS_CLASSIFIER_OPTIONS_INIT;
    bad.version = unknown[i];
    bad.history_days = 30;
    assert_int_equal(redress_desk_set_classifier(t.desk, &bad), REDRESS_ERR_VERSION);
    assert_message_names_version(t.desk);
    assert_int_equal(redress_desk_classifier(&got, t.desk), REDRESS_OK);
    th_assert_same_classifier_options(&got, &defaults);
  }
  redress_classifier_options v1 = REDRESS_CLASSIFIER_OPTIONS_INIT;
  v1.history_days = 30;
  redress_classifier_options *older = older_header_copy(&v1, sizeof v1);
  assert_int_equal(redress_desk_set_classifier(t.desk, older), REDRESS_OK);
  free(older);
  assert_int_equal(redress_desk_classifier(&got, t.desk), REDRESS_OK);
  th_assert_same_classifier_options(&got, &v1);
  th_desk_close(&t);
}

/* ---- negotiation: redress_settle() ------------------------------------------ */

static void negotiation_versions(void **state) {
  (void)state;
  redress_negotiation v1 = REDRESS_NEGOTIATION_INIT;
  v1.expectation = 1000;
  v1.bottom_line = 200;
  redress_negotiation *older = older_header_copy(&v1, sizeof v1);
  int outcome = -1;
  int64_t offer = -1, low = -1, high = -1;
  assert_int_equal(redress_settle(&outcome, &offer, &low, &high, older), REDRESS_OK);
  free(older);
  assert_int_equal(outcome, REDRESS_SETTLEMENT_OFFER);
  assert_int_equal(low, 200);
  assert_int_equal(high, 1000);
  assert_int_equal(offer, 600);

  const unsigned unknown[] = UNKNOWN_VERSIONS(REDRESS_NEGOTIATION_VERSION);
  for (size_t i = 0; i < 2; i++) {
    redress_negotiation bad = v1;
    bad.version = unknown[i];
    outcome = -1;
    offer = low = high = -1;
    assert_int_equal(redress_settle(&outcome, &offer, &low, &high, &bad), REDRESS_ERR_VERSION);
    assert_int_equal(outcome, -1);
    assert_int_equal(offer, -1);
    assert_int_equal(low, -1);
    assert_int_equal(high, -1);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(newest_versions_are_known),
      cmocka_unit_test(init_functions_match_macros),
      cmocka_unit_test(initialisers_carry_the_newest_version),
      cmocka_unit_test(allocator_versions),
      cmocka_unit_test(store_versions),
      cmocka_unit_test(store_version_1),
      cmocka_unit_test(old_symbols_keep_the_1_0_layouts),
      cmocka_unit_test(feed_needs_remove_logged),
      cmocka_unit_test(change_init),
      cmocka_unit_test(record_versions),
      cmocka_unit_test(desk_options_versions),
      cmocka_unit_test(complaint_init_versions),
      cmocka_unit_test(policy_versions),
      cmocka_unit_test(policy_version_2_is_policy_version_one),
      cmocka_unit_test(policy_version_3_has_no_summary_target),
      cmocka_unit_test(policy_version_4_matches_any_team),
      cmocka_unit_test(policy_init_keeps_its_1_0_symbol),
      cmocka_unit_test(retention_model_versions),
      cmocka_unit_test(classifier_options_versions),
      cmocka_unit_test(negotiation_versions),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

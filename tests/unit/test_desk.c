/* The desk: options, errors, version, and persistence through the memory store. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "helpers.h"

static void version_and_errors(void **state) {
  (void)state;
  assert_string_equal(redress_version(), REDRESS_VERSION_STRING);
  assert_int_equal(redress_version_number(), REDRESS_VERSION_NUMBER);
  char text[32];
  snprintf(text, sizeof text, "%u.%u.%u", redress_version_number() / 10000,
           redress_version_number() / 100 % 100, redress_version_number() % 100);
  assert_string_equal(text, redress_version());
  const int codes[] = {REDRESS_OK, REDRESS_ERR_INVALID, REDRESS_ERR_NOMEM, REDRESS_ERR_NOTFOUND,
                       REDRESS_ERR_EXISTS, REDRESS_ERR_CONFLICT, REDRESS_ERR_STATE,
                       REDRESS_ERR_STORE, REDRESS_ERR_PARSE, REDRESS_ERR_RANGE,
                       REDRESS_ERR_VERSION, REDRESS_ERR_USER};
  const char *names[] = {"REDRESS_OK", "REDRESS_ERR_INVALID", "REDRESS_ERR_NOMEM",
                         "REDRESS_ERR_NOTFOUND", "REDRESS_ERR_EXISTS", "REDRESS_ERR_CONFLICT",
                         "REDRESS_ERR_STATE", "REDRESS_ERR_STORE", "REDRESS_ERR_PARSE",
                         "REDRESS_ERR_RANGE", "REDRESS_ERR_VERSION", "REDRESS_ERR_USER"};
  for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
    assert_ptr_equal(strstr(redress_strerror(codes[i]), names[i]), redress_strerror(codes[i]));
  assert_string_equal(redress_strerror(1), "unknown error");
  assert_string_equal(redress_strerror(-12), "unknown error");
}

static void open_with_defaults(void **state) {
  (void)state;
  redress_desk *desk = NULL;
  assert_int_equal(redress_desk_open(&desk, NULL), REDRESS_OK);
  /* The default clock is the host's: bracketed by it, whatever the date is. */
  time_t before = time(NULL);
  redress_time now = redress_desk_now(desk);
  time_t after = time(NULL);
  assert_true(before != (time_t)-1 && after != (time_t)-1);
  assert_true((redress_time)before <= now && now <= (redress_time)after);
  assert_string_equal(redress_desk_errmsg(desk), "");
  redress_desk_close(desk);
  redress_desk_close(NULL);
  assert_string_equal(redress_desk_errmsg(NULL), "no desk");
  assert_int_equal(redress_desk_now(NULL), 0);
}

static void clock_is_the_hosts(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  assert_int_equal(redress_desk_now(t.desk), TH_T0);
  t.clock.now = TH_T0 + 99;
  assert_int_equal(redress_desk_now(t.desk), TH_T0 + 99);
  th_desk_close(&t);
}

static int dummy_load(void *ud, const char *id, redress_record_cb cb, void *p) {
  (void)ud, (void)id, (void)cb, (void)p;
  return REDRESS_ERR_NOTFOUND;
}
static int dummy_save(void *ud, const redress_record *r, uint64_t rev) {
  (void)ud, (void)r, (void)rev;
  return REDRESS_ERR_STORE;
}
static int dummy_remove(void *ud, const char *id, uint64_t rev) {
  (void)ud, (void)id, (void)rev;
  return REDRESS_ERR_STORE;
}
static int dummy_scan(void *ud, redress_record_cb cb, void *p) {
  (void)ud, (void)cb, (void)p;
  return REDRESS_ERR_STORE;
}

static redress_store dummy_store(void) {
  redress_store s = REDRESS_STORE_INIT;
  s.load = dummy_load;
  s.save = dummy_save;
  s.remove = dummy_remove;
  s.scan = dummy_scan;
  return s;
}

static void expect_open_fails(const redress_desk_options *o, int want) {
  redress_desk *desk = (redress_desk *)(uintptr_t)0x1;
  assert_int_equal(redress_desk_open(&desk, o), want);
  assert_ptr_equal(desk, (redress_desk *)(uintptr_t)0x1);
}

static void bad_options_are_refused(void **state) {
  (void)state;
  th_counter counter = {0};
  redress_allocator alloc = th_counting_allocator(&counter);
  redress_desk_options o = REDRESS_DESK_OPTIONS_INIT;
  assert_int_equal(redress_desk_open(NULL, &o), REDRESS_ERR_INVALID);
  o.version = 99;
  expect_open_fails(&o, REDRESS_ERR_VERSION);
  o = redress_desk_options_init();
  redress_allocator bad_alloc = alloc;
  bad_alloc.version = 7;
  o.allocator = &bad_alloc;
  expect_open_fails(&o, REDRESS_ERR_VERSION);
  bad_alloc = alloc;
  bad_alloc.free = NULL;
  expect_open_fails(&o, REDRESS_ERR_INVALID);
  o.allocator = &alloc;
  redress_store s = dummy_store();
  s.version = REDRESS_STORE_VERSION + 1;
  o.store = &s;
  expect_open_fails(&o, REDRESS_ERR_VERSION);
  s = dummy_store();
  s.scan = NULL;
  expect_open_fails(&o, REDRESS_ERR_INVALID);
  s = dummy_store();
  redress_desk *desk = NULL;
  assert_int_equal(redress_desk_open(&desk, &o), REDRESS_OK);
  redress_desk_close(desk);
  assert_int_equal(counter.allocs, counter.frees);
}

static redress_complaint *new_complaint(redress_desk *desk, const char *id) {
  redress_complaint_fields in = th_full_init(id);
  redress_complaint *c = NULL;
  assert_int_equal(redress_complaint_create(&c, desk, &in), REDRESS_OK);
  return c;
}

static void save_load_remove(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  redress_complaint *c = new_complaint(t.desk, "c-1");
  assert_int_equal(redress_complaint_set_attr(c, "region", "north"), REDRESS_OK);
  assert_int_equal(redress_desk_save(t.desk, c), REDRESS_OK);
  assert_int_equal(((uint64_t)th_number(c, REDRESS_FIELD_REVISION)), 1);
  assert_int_equal(redress_complaint_acknowledge(c, TH_T0 + 5, "ann", NULL), REDRESS_OK);
  assert_int_equal(redress_desk_save(t.desk, c), REDRESS_OK);
  assert_int_equal(((uint64_t)th_number(c, REDRESS_FIELD_REVISION)), 2);

  redress_complaint *loaded = NULL;
  assert_int_equal(redress_desk_load(&loaded, t.desk, "c-1"), REDRESS_OK);
  assert_int_equal(((uint64_t)th_number(loaded, REDRESS_FIELD_REVISION)), 2);
  assert_int_equal(redress_complaint_state(loaded), REDRESS_STATE_ACKNOWLEDGED);
  assert_string_equal(redress_complaint_attr(loaded, "region"), "north");
  char *a = NULL, *b = NULL;
  assert_int_equal(redress_complaint_to_json(&a, NULL, c), REDRESS_OK);
  assert_int_equal(redress_complaint_to_json(&b, NULL, loaded), REDRESS_OK);
  assert_string_equal(a, b);
  redress_free(a);
  redress_free(b);
  redress_complaint_free(loaded);

  redress_complaint *twin = new_complaint(t.desk, "c-1");
  assert_int_equal(redress_desk_save(t.desk, twin), REDRESS_ERR_EXISTS);
  assert_int_equal(((uint64_t)th_number(twin, REDRESS_FIELD_REVISION)), 0);
  redress_complaint_free(twin);

  assert_int_equal(redress_desk_load(&loaded, t.desk, "nope"), REDRESS_ERR_NOTFOUND);
  assert_non_null(strstr(redress_desk_errmsg(t.desk), "nope"));
  assert_int_equal(redress_desk_remove(t.desk, "c-1", 1), REDRESS_ERR_CONFLICT);
  assert_int_equal(redress_desk_remove(t.desk, "c-1", 2), REDRESS_OK);
  assert_int_equal(redress_desk_remove(t.desk, "c-1", 2), REDRESS_ERR_NOTFOUND);
  assert_int_equal(redress_desk_load(&loaded, t.desk, "c-1"), REDRESS_ERR_NOTFOUND);
  redress_complaint_free(c);
  th_desk_close(&t);
}

static void persistence_bad_input(void **state) {
  (void)state;
  th_desk t, other;
  th_desk_open(&t);
  th_desk_open(&other);
  redress_complaint *c = new_complaint(t.desk, "c-1");
  redress_complaint *out = NULL;
  assert_int_equal(redress_desk_save(NULL, c), REDRESS_ERR_INVALID);
  assert_int_equal(redress_desk_save(t.desk, NULL), REDRESS_ERR_INVALID);
  assert_int_equal(redress_desk_save(other.desk, c), REDRESS_ERR_INVALID);
  assert_int_equal(redress_desk_load(NULL, t.desk, "c-1"), REDRESS_ERR_INVALID);
  assert_int_equal(redress_desk_load(&out, NULL, "c-1"), REDRESS_ERR_INVALID);
  assert_int_equal(redress_desk_load(&out, t.desk, NULL), REDRESS_ERR_INVALID);
  assert_int_equal(redress_desk_remove(NULL, "c-1", 1), REDRESS_ERR_INVALID);
  assert_int_equal(redress_desk_remove(t.desk, NULL, 1), REDRESS_ERR_INVALID);
  assert_int_equal(redress_desk_each(NULL, NULL, NULL), REDRESS_ERR_INVALID);
  assert_int_equal(redress_desk_each(t.desk, NULL, NULL), REDRESS_ERR_INVALID);
  assert_null(out);
  redress_complaint_free(c);
  th_desk_close(&other);
  th_desk_close(&t);
}

/* An id no complaint can have is refused before the store is asked, as create refuses
 * it, and none of its bytes reaches the message. */
static void ids_are_checked_before_the_store(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  redress_complaint *out = NULL;
  char long_id[REDRESS_MAX_ID_BYTES + 2];
  memset(long_id, 'a', sizeof long_id - 1);
  long_id[sizeof long_id - 1] = '\0';
  const char *invalid[] = {"", "\xc3", "a\nb", "x\x1b[2J"};
  for (size_t i = 0; i < sizeof invalid / sizeof invalid[0]; i++) {
    assert_int_equal(redress_desk_load(&out, t.desk, invalid[i]), REDRESS_ERR_INVALID);
    assert_null(strchr(redress_desk_errmsg(t.desk), '\n'));
    assert_null(strchr(redress_desk_errmsg(t.desk), '\x1b'));
    assert_non_null(strstr(redress_desk_errmsg(t.desk), "desk_load: id"));
    assert_int_equal(redress_desk_remove(t.desk, invalid[i], 1), REDRESS_ERR_INVALID);
    assert_non_null(strstr(redress_desk_errmsg(t.desk), "desk_remove: id"));
  }
  assert_int_equal(redress_desk_load(&out, t.desk, long_id), REDRESS_ERR_RANGE);
  assert_int_equal(redress_desk_remove(t.desk, long_id, 1), REDRESS_ERR_RANGE);
  long_id[REDRESS_MAX_ID_BYTES] = '\0'; /* at the limit: a valid id, not stored */
  assert_int_equal(redress_desk_load(&out, t.desk, long_id), REDRESS_ERR_NOTFOUND);
  assert_null(out);
  th_desk_close(&t);
}

typedef struct seen {
  int count;
  int stop_after;
  char ids[8][16];
} seen;

static int collect(const redress_complaint *c, void *payload) {
  seen *s = payload;
  snprintf(s->ids[s->count], sizeof s->ids[0], "%s", redress_complaint_id(c));
  s->count++;
  return s->stop_after != 0 && s->count >= s->stop_after;
}

static int compare_ids(const void *a, const void *b) { return strcmp(a, b); }

static void each_visits_every_complaint(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  const char *ids[] = {"c-3", "c-1", "c-2"};
  for (int i = 0; i < 3; i++) {
    redress_complaint *c = new_complaint(t.desk, ids[i]);
    assert_int_equal(redress_desk_save(t.desk, c), REDRESS_OK);
    redress_complaint_free(c);
  }
  seen s = {0};
  assert_int_equal(redress_desk_each(t.desk, collect, &s), REDRESS_OK);
  assert_int_equal(s.count, 3);
  qsort(s.ids, 3, sizeof s.ids[0], compare_ids);
  assert_string_equal(s.ids[0], "c-1");
  assert_string_equal(s.ids[2], "c-3");
  seen stop = {0, 2, {{0}}};
  assert_int_equal(redress_desk_each(t.desk, collect, &stop), REDRESS_ERR_USER);
  assert_int_equal(stop.count, 2);
  th_desk_close(&t);
}

/* Two desks on one memory store: the second writer must reload, never overwrite. */
static void cas_conflict_between_two_desks(void **state) {
  (void)state;
  th_counter counter = {0};
  redress_allocator alloc = th_counting_allocator(&counter);
  redress_store shared;
  assert_int_equal(redress_memory_store_new(&shared, &alloc), REDRESS_OK);
  redress_store borrowed = shared;
  borrowed.destroy = NULL;
  redress_desk_options o1 = REDRESS_DESK_OPTIONS_INIT, o2 = REDRESS_DESK_OPTIONS_INIT;
  o1.allocator = o2.allocator = &alloc;
  o1.store = &shared;
  o2.store = &borrowed;
  redress_desk *d1 = NULL, *d2 = NULL;
  assert_int_equal(redress_desk_open(&d1, &o1), REDRESS_OK);
  assert_int_equal(redress_desk_open(&d2, &o2), REDRESS_OK);

  redress_complaint *c = new_complaint(d1, "shared-1");
  assert_int_equal(redress_desk_save(d1, c), REDRESS_OK);
  redress_complaint *a = NULL, *b = NULL;
  assert_int_equal(redress_desk_load(&a, d1, "shared-1"), REDRESS_OK);
  assert_int_equal(redress_desk_load(&b, d2, "shared-1"), REDRESS_OK);
  assert_int_equal(redress_complaint_acknowledge(a, TH_T0 + 10, "ann", "from desk 1"), REDRESS_OK);
  assert_int_equal(redress_complaint_note(b, TH_T0 + 20, "bob", "from desk 2", 0), REDRESS_OK);
  assert_int_equal(redress_desk_save(d1, a), REDRESS_OK);
  assert_int_equal(redress_desk_save(d2, b), REDRESS_ERR_CONFLICT);
  assert_int_equal(((uint64_t)th_number(b, REDRESS_FIELD_REVISION)), 1);
  /* the loser reloads, reapplies, and wins the next round */
  redress_complaint_free(b);
  assert_int_equal(redress_desk_load(&b, d2, "shared-1"), REDRESS_OK);
  assert_int_equal(redress_complaint_note(b, TH_T0 + 20, "bob", "from desk 2", 0), REDRESS_OK);
  assert_int_equal(redress_desk_save(d2, b), REDRESS_OK);
  redress_complaint *final = NULL;
  assert_int_equal(redress_desk_load(&final, d1, "shared-1"), REDRESS_OK);
  assert_int_equal(((uint64_t)th_number(final, REDRESS_FIELD_REVISION)), 3);
  assert_int_equal(redress_complaint_event_count(final), 3);
  assert_int_equal(redress_complaint_state(final), REDRESS_STATE_ACKNOWLEDGED);
  redress_complaint_free(final);
  redress_complaint_free(a);
  redress_complaint_free(b);
  redress_complaint_free(c);
  redress_desk_close(d2);
  redress_desk_close(d1);
  assert_int_equal(counter.allocs, counter.frees);
}

/* A store whose document is corrupt: load reports PARSE, nothing leaks. */
static int corrupt_load(void *ud, const char *id, redress_record_cb cb, void *p) {
  (void)ud;
  redress_record r = {REDRESS_RECORD_VERSION, id, "k", 0, 0, 0, 0, 0, REDRESS_TIME_NEVER, 1,
                      "{\"v\":1,", 7, NULL, NULL, NULL, NULL, 0};
  return cb(&r, p) ? REDRESS_ERR_USER : REDRESS_OK;
}

static int failing_scan(void *ud, redress_record_cb cb, void *p) {
  (void)ud, (void)cb, (void)p;
  return REDRESS_ERR_STORE;
}

static void store_failures_are_reported(void **state) {
  (void)state;
  th_counter counter = {0};
  redress_allocator alloc = th_counting_allocator(&counter);
  redress_store s = dummy_store();
  s.load = corrupt_load;
  s.scan = failing_scan;
  redress_desk_options o = REDRESS_DESK_OPTIONS_INIT;
  o.allocator = &alloc;
  o.store = &s;
  redress_desk *desk = NULL;
  assert_int_equal(redress_desk_open(&desk, &o), REDRESS_OK);
  redress_complaint *c = NULL;
  assert_int_equal(redress_desk_load(&c, desk, "x"), REDRESS_ERR_PARSE);
  assert_null(c);
  c = new_complaint(desk, "c-1");
  assert_int_equal(redress_desk_save(desk, c), REDRESS_ERR_STORE);
  assert_int_equal(((uint64_t)th_number(c, REDRESS_FIELD_REVISION)), 0);
  assert_non_null(strstr(redress_desk_errmsg(desk), "store.save"));
  assert_int_equal(redress_desk_remove(desk, "c-1", 1), REDRESS_ERR_STORE);
  seen s2 = {0};
  assert_int_equal(redress_desk_each(desk, collect, &s2), REDRESS_ERR_STORE);
  redress_complaint_free(c);
  redress_desk_close(desk);
  assert_int_equal(counter.allocs, counter.frees);
}

/* A store that fails every call and says why through its errmsg slot. */
static int failing_load(void *ud, const char *id, redress_record_cb cb, void *p) {
  (void)ud, (void)id, (void)cb, (void)p;
  return REDRESS_ERR_STORE;
}
static int failing_save(void *ud, const redress_record *r, uint64_t expected) {
  (void)ud, (void)r, (void)expected;
  return REDRESS_ERR_STORE;
}
static int failing_remove(void *ud, const char *id, uint64_t expected) {
  (void)ud, (void)id, (void)expected;
  return REDRESS_ERR_STORE;
}
static const char *reason(void *ud) { return ud; }

/* Each desk verb's message: the slot, the code, then the store's reason. */
static void expect_reason(redress_desk *desk, const char *slot) {
  char want[200];
  snprintf(want, sizeof want, "store.%s failed: REDRESS_ERR_STORE: store failure: disk full",
           slot);
  const char *got = redress_desk_errmsg(desk);
  if (strstr(got, want) == NULL) fail_msg("got \"%s\", want it to contain \"%s\"", got, want);
}

static void store_reason_reaches_the_desk(void **state) {
  (void)state;
  redress_store s = REDRESS_STORE_INIT;
  s.ud = (void *)(uintptr_t)"disk full";
  s.load = failing_load;
  s.save = failing_save;
  s.remove = failing_remove;
  s.scan = failing_scan;
  s.errmsg = reason;
  th_desk t;
  th_desk_open_store(&t, &s);
  redress_complaint *c = new_complaint(t.desk, "c-1");
  assert_int_equal(redress_desk_save(t.desk, c), REDRESS_ERR_STORE);
  expect_reason(t.desk, "save");
  redress_complaint_free(c);
  c = NULL;
  assert_int_equal(redress_desk_load(&c, t.desk, "c-1"), REDRESS_ERR_STORE);
  expect_reason(t.desk, "load");
  assert_int_equal(redress_desk_remove(t.desk, "c-1", 1), REDRESS_ERR_STORE);
  expect_reason(t.desk, "remove");
  seen s2 = {0};
  assert_int_equal(redress_desk_each(t.desk, collect, &s2), REDRESS_ERR_STORE);
  expect_reason(t.desk, "scan");
  assert_int_equal(redress_desk_tick(t.desk, TH_T0, NULL, NULL), REDRESS_ERR_STORE);
  expect_reason(t.desk, "scan");
  /* the layers above the desk's verbs word their store failures alike */
  redress_metrics *m = NULL;
  assert_int_equal(redress_metrics_new(&m, t.desk, NULL, REDRESS_GROUP_BY_NONE, TH_T0), REDRESS_OK);
  assert_int_equal(redress_metrics_add_store(m, 0, TH_T0), REDRESS_ERR_STORE);
  expect_reason(t.desk, "scan");
  redress_metrics_free(m);
  c = new_complaint(t.desk, "c-2");
  redress_verdict *v = NULL;
  assert_int_equal(redress_classify(&v, t.desk, c), REDRESS_ERR_STORE);
  assert_null(v);
  expect_reason(t.desk, "scan");
  redress_complaint_free(c);
  th_desk_close(&t);
}

/* A store that hands the tick a due record without an id, or runs out of memory. */
static int idless_scan(void *ud, redress_record_cb cb, void *p) {
  (void)ud;
  redress_record r = {REDRESS_RECORD_VERSION, NULL, "k", 0, 0, 0, TH_T0, TH_T0, TH_T0, 1, "{}", 2, NULL, NULL, NULL, NULL, 0};
  return cb(&r, p) ? REDRESS_ERR_USER : REDRESS_OK;
}
static int nomem_scan(void *ud, redress_record_cb cb, void *p) {
  (void)ud, (void)cb, (void)p;
  return REDRESS_ERR_NOMEM;
}

static void tick_reads_the_store_like_the_others(void **state) {
  (void)state;
  redress_store s = dummy_store();
  s.scan = idless_scan;
  th_desk t;
  th_desk_open_store(&t, &s);
  assert_int_equal(redress_desk_tick(t.desk, TH_T0, NULL, NULL), REDRESS_ERR_STORE);
  assert_string_equal(redress_desk_errmsg(t.desk), "tick: store.scan gave a record without an id");
  th_desk_close(&t);
  s.scan = nomem_scan;
  th_desk_open_store(&t, &s);
  assert_int_equal(redress_desk_tick(t.desk, TH_T0, NULL, NULL), REDRESS_ERR_NOMEM);
  assert_string_equal(redress_desk_errmsg(t.desk), "tick: store.scan: out of memory");
  th_desk_close(&t);
}

/* A reason of "" (or no errmsg slot) leaves the desk's own message as it was. */
static const char *no_reason(void *ud) {
  (void)ud;
  return "";
}

static void empty_store_reason_adds_nothing(void **state) {
  (void)state;
  redress_store s = dummy_store();
  s.scan = failing_scan;
  s.errmsg = no_reason;
  th_desk t;
  th_desk_open_store(&t, &s);
  seen s2 = {0};
  assert_int_equal(redress_desk_each(t.desk, collect, &s2), REDRESS_ERR_STORE);
  assert_string_equal(redress_desk_errmsg(t.desk),
                      "store.scan failed: REDRESS_ERR_STORE: store failure");
  th_desk_close(&t);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(version_and_errors),
      cmocka_unit_test(open_with_defaults),
      cmocka_unit_test(clock_is_the_hosts),
      cmocka_unit_test(bad_options_are_refused),
      cmocka_unit_test(save_load_remove),
      cmocka_unit_test(persistence_bad_input),
      cmocka_unit_test(ids_are_checked_before_the_store),
      cmocka_unit_test(each_visits_every_complaint),
      cmocka_unit_test(cas_conflict_between_two_desks),
      cmocka_unit_test(store_failures_are_reported),
      cmocka_unit_test(store_reason_reaches_the_desk),
      cmocka_unit_test(tick_reads_the_store_like_the_others),
      cmocka_unit_test(empty_store_reason_adds_nothing),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

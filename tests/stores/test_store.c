/*
 * The built-in memory store: the conformance kit, bad input, every allocation
 * failing in turn, threads sharing one store, and the cost per record.
 * Also the store contract checks a desk applies to a host's vtable.
 */
#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"
#include "store_conformance.h"

/* ---- a small model of what the store should hold ----------------------------- */

#define M_IDS 48

typedef struct model {
  int live[M_IDS];
  uint64_t revision[M_IDS];
  redress_time alarm[M_IDS];
  char customer[M_IDS][16];
} model;

static void m_id(char *out, size_t size, size_t i) { snprintf(out, size, "o-%02zu", i); }

static size_t m_index(const char *id) { return (size_t)strtoul(id + 2, NULL, 10); }

/* The record a desk would save for model entry i (revision = stored + 1). */
static redress_record m_record(const model *m, size_t i, char *id, size_t id_size, char *doc,
                               size_t doc_size, uint64_t revision) {
  m_id(id, id_size, i);
  int n = snprintf(doc, doc_size, "{\"v\":1,\"id\":\"%s\",\"rev\":%llu}", id,
                   (unsigned long long)revision);
  redress_record r;
  memset(&r, 0, sizeof r);
  r.version = REDRESS_RECORD_VERSION;
  r.id = id;
  r.customer_id = m->customer[i];
  r.received_at = TH_T0;
  r.updated_at = TH_T0 + (redress_time)revision;
  r.next_alarm = m->alarm[i];
  r.revision = revision;
  r.doc = doc;
  r.doc_len = (size_t)n;
  return r;
}

typedef struct seen {
  const model *m;
  int ordered; /* due(): (alarm, id) must ascend; scan and by_customer: any order */
  size_t n;
  int bad;
  redress_time last_alarm;
  char last_id[16];
} seen;

/* Each record must match the model entry of its id. */
static int check_seen(const redress_record *r, void *payload) {
  seen *s = payload;
  size_t i = m_index(r->id);
  if (i >= M_IDS || !s->m->live[i] || r->revision != s->m->revision[i] ||
      r->next_alarm != s->m->alarm[i] || strcmp(r->customer_id, s->m->customer[i]) != 0)
    s->bad = 1;
  if (s->ordered && s->n > 0 &&
      (r->next_alarm < s->last_alarm ||
       (r->next_alarm == s->last_alarm && strcmp(r->id, s->last_id) <= 0)))
    s->bad = 2;
  s->last_alarm = r->next_alarm;
  snprintf(s->last_id, sizeof s->last_id, "%s", r->id);
  s->n++;
  return 0;
}

/* Live entries due by `until`, or (customer != NULL) of that customer. */
static size_t m_count(const model *m, redress_time until, const char *customer) {
  size_t n = 0;
  for (size_t i = 0; i < M_IDS; i++) {
    if (!m->live[i]) continue;
    if (customer != NULL && strcmp(m->customer[i], customer) != 0) continue;
    if (customer == NULL && (m->alarm[i] == REDRESS_TIME_NEVER || m->alarm[i] > until)) continue;
    n++;
  }
  return n;
}

static size_t m_live(const model *m) {
  size_t n = 0;
  for (size_t i = 0; i < M_IDS; i++) n += (size_t)m->live[i];
  return n;
}

/* The store holds exactly the model: scan, load, due at three bounds, by_customer. */
static void m_assert_same(const redress_store *st, const model *m) {
  seen all = {m, 0, 0, 0, 0, ""};
  assert_int_equal(st->scan(st->ud, check_seen, &all), REDRESS_OK);
  assert_int_equal(all.bad, 0);
  assert_int_equal(all.n, m_live(m));
  for (size_t i = 0; i < M_IDS; i++) {
    char id[16];
    m_id(id, sizeof id, i);
    seen one = {m, 0, 0, 0, 0, ""};
    int rc = st->load(st->ud, id, check_seen, &one);
    assert_int_equal(rc, m->live[i] ? REDRESS_OK : REDRESS_ERR_NOTFOUND);
    assert_int_equal(one.n, (size_t)m->live[i]);
    assert_int_equal(one.bad, 0);
  }
  const redress_time untils[] = {TH_T0 + 10, TH_T0 + 25, REDRESS_TIME_MAX};
  for (size_t k = 0; k < 3; k++) {
    seen due = {m, 1, 0, 0, 0, ""};
    assert_int_equal(st->due(st->ud, untils[k], check_seen, &due), REDRESS_OK);
    assert_int_equal(due.bad, 0);
    assert_int_equal(due.n, m_count(m, untils[k], NULL));
  }
  const char *customers[] = {"oc-0", "oc-5", "ocx-1"};
  for (size_t k = 0; k < 3; k++) {
    seen by = {m, 0, 0, 0, 0, ""};
    assert_int_equal(st->by_customer(st->ud, customers[k], check_seen, &by), REDRESS_OK);
    assert_int_equal(by.bad, 0);
    assert_int_equal(by.n, m_count(m, 0, customers[k]));
  }
}

/* ---- the conformance kit --------------------------------------------------------- */

static int make_default(redress_store *out, rd_conformance_tx *tx, void *arg) {
  (void)arg;
  (void)tx; /* the memory store has no transactions */
  return redress_memory_store_new(out, NULL);
}

static int make_counted(redress_store *out, rd_conformance_tx *tx, void *arg) {
  (void)tx;
  redress_allocator *a = arg;
  return redress_memory_store_new(out, a);
}

static void conformance_default_allocator(void **state) {
  (void)state;
  /* one vtable is shared by threads: the several-writers clause runs them as threads */
  rd_conformance_adapter adapter = {make_default, NULL, 1, NULL};
  assert_int_equal(rd_conformance_run_with("memory store", &adapter, stdout), 0);
}

static void conformance_counting_allocator(void **state) {
  (void)state;
  th_counter counter = {0};
  redress_allocator a = th_counting_allocator(&counter);
  assert_int_equal(rd_conformance_run("memory store, counting allocator", make_counted, &a, stdout),
                   0);
  assert_true(counter.allocs > 10000);
  assert_int_equal(counter.allocs, counter.frees);
}

/* ---- creation and the vtable ------------------------------------------------------ */

static void new_refuses_bad_input(void **state) {
  (void)state;
  th_counter counter = {0};
  redress_allocator good = th_counting_allocator(&counter);
  redress_store out;
  memset(&out, 0x5A, sizeof out);
  redress_store before = out;
  assert_int_equal(redress_memory_store_new(NULL, NULL), REDRESS_ERR_INVALID);
  assert_int_equal(redress_memory_store_new(NULL, &good), REDRESS_ERR_INVALID);
  redress_allocator bad = good;
  bad.alloc = NULL;
  assert_int_equal(redress_memory_store_new(&out, &bad), REDRESS_ERR_INVALID);
  bad = good;
  bad.realloc = NULL;
  assert_int_equal(redress_memory_store_new(&out, &bad), REDRESS_ERR_INVALID);
  bad = good;
  bad.free = NULL;
  assert_int_equal(redress_memory_store_new(&out, &bad), REDRESS_ERR_INVALID);
  bad = good;
  bad.version = REDRESS_ALLOCATOR_VERSION + 1;
  assert_int_equal(redress_memory_store_new(&out, &bad), REDRESS_ERR_VERSION);
  bad.version = 0;
  assert_int_equal(redress_memory_store_new(&out, &bad), REDRESS_ERR_VERSION);
  assert_memory_equal(&out, &before, sizeof out);
  assert_int_equal(counter.calls, 0);
}

static void new_fills_the_vtable(void **state) {
  (void)state;
  redress_store s;
  assert_int_equal(redress_memory_store_new(&s, NULL), REDRESS_OK);
  assert_int_equal(s.version, REDRESS_STORE_VERSION);
  assert_non_null(s.ud);
  assert_non_null(s.load);
  assert_non_null(s.save);
  assert_non_null(s.remove);
  assert_non_null(s.scan);
  assert_non_null(s.due);
  assert_non_null(s.by_customer);
  assert_non_null(s.destroy);
  s.destroy(s.ud);
  s.destroy(NULL); /* harmless */
}

static void new_out_of_memory(void **state) {
  (void)state;
  th_counter counter = {0};
  counter.fail_at = 1;
  redress_allocator a = th_counting_allocator(&counter);
  redress_store s = REDRESS_STORE_INIT;
  assert_int_equal(redress_memory_store_new(&s, &a), REDRESS_ERR_NOMEM);
  assert_null(s.ud);
  assert_int_equal(counter.allocs, counter.frees);
}

static void store_init_matches_macro(void **state) {
  (void)state;
  redress_store a = redress_store_init();
  redress_store b = REDRESS_STORE_INIT;
  assert_int_equal(a.version, REDRESS_STORE_VERSION);
  assert_null(a.ud);
  assert_null(a.load);
  assert_null(a.save);
  assert_null(a.remove);
  assert_null(a.scan);
  assert_null(a.due);
  assert_null(a.by_customer);
  assert_null(a.destroy);
  assert_int_equal(b.version, a.version);
}

/* ---- the desk's checks of a host vtable (store.c) -------------------------------- */

static int destroyed;
static void count_destroy(void *ud) {
  (void)ud;
  destroyed++;
}
static void open_with(redress_store s, int want) {
  redress_desk_options o = REDRESS_DESK_OPTIONS_INIT;
  o.store = &s;
  redress_desk *desk = NULL;
  destroyed = 0;
  assert_int_equal(redress_desk_open(&desk, &o), want);
  if (want != REDRESS_OK) {
    assert_null(desk);
    assert_int_equal(destroyed, 0); /* a refused store is the host's to release */
    return;
  }
  redress_desk_close(desk);
  assert_int_equal(destroyed, 1);
}

static void desk_checks_host_stores(void **state) {
  (void)state;
  redress_store mem;
  assert_int_equal(redress_memory_store_new(&mem, NULL), REDRESS_OK);
  redress_store base = mem;
  base.destroy = count_destroy;
  open_with(base, REDRESS_OK);
  redress_store s = base;
  s.version = REDRESS_STORE_VERSION + 1;
  open_with(s, REDRESS_ERR_VERSION);
  s.version = 0;
  open_with(s, REDRESS_ERR_VERSION);
  for (int slot = 0; slot < 4; slot++) {
    s = base;
    if (slot == 0) s.load = NULL;
    if (slot == 1) s.save = NULL;
    if (slot == 2) s.remove = NULL;
    if (slot == 3) s.scan = NULL;
    open_with(s, REDRESS_ERR_INVALID);
  }
  s = base;
  s.due = NULL;
  s.by_customer = NULL;
  open_with(s, REDRESS_OK); /* *may* slots */
  mem.destroy(mem.ud);
}

/* ---- bad arguments to the slots -------------------------------------------------- */

static int never_called(const redress_record *r, void *payload) {
  (void)r;
  (*(int *)payload)++;
  return 0;
}

static void slots_refuse_bad_input(void **state) {
  (void)state;
  redress_store s;
  assert_int_equal(redress_memory_store_new(&s, NULL), REDRESS_OK);
  model m;
  memset(&m, 0, sizeof m);
  snprintf(m.customer[0], sizeof m.customer[0], "oc-0");
  m.alarm[0] = TH_T0 + 5;
  char id[16];
  char doc[64];
  redress_record r = m_record(&m, 0, id, sizeof id, doc, sizeof doc, 1);
  assert_int_equal(s.save(s.ud, &r, 0), REDRESS_OK);
  m.live[0] = 1;
  m.revision[0] = 1;
  assert_int_equal(s.save(s.ud, NULL, 0), REDRESS_ERR_INVALID);
  redress_record bad = m_record(&m, 1, id, sizeof id, doc, sizeof doc, 1);
  bad.id = NULL;
  assert_int_equal(s.save(s.ud, &bad, 0), REDRESS_ERR_INVALID);
  bad = m_record(&m, 1, id, sizeof id, doc, sizeof doc, 1);
  bad.customer_id = NULL;
  assert_int_equal(s.save(s.ud, &bad, 0), REDRESS_ERR_INVALID);
  bad = m_record(&m, 1, id, sizeof id, doc, sizeof doc, 1);
  bad.doc = NULL;
  assert_int_equal(s.save(s.ud, &bad, 0), REDRESS_ERR_INVALID);
  bad = m_record(&m, 1, id, sizeof id, doc, sizeof doc, 1);
  bad.version = REDRESS_RECORD_VERSION + 1;
  assert_int_equal(s.save(s.ud, &bad, 0), REDRESS_ERR_VERSION);
  bad = m_record(&m, 1, id, sizeof id, doc, sizeof doc, 3); /* revision must be expected + 1 */
  assert_int_equal(s.save(s.ud, &bad, 0), REDRESS_ERR_INVALID);
  bad = m_record(&m, 0, id, sizeof id, doc, sizeof doc, 0);
  assert_int_equal(s.save(s.ud, &bad, UINT64_MAX), REDRESS_ERR_INVALID);
  int calls = 0;
  assert_int_equal(s.load(s.ud, NULL, never_called, &calls), REDRESS_ERR_INVALID);
  assert_int_equal(s.load(s.ud, "o-00", NULL, &calls), REDRESS_ERR_INVALID);
  assert_int_equal(s.scan(s.ud, NULL, &calls), REDRESS_ERR_INVALID);
  assert_int_equal(s.due(s.ud, REDRESS_TIME_MAX, NULL, &calls), REDRESS_ERR_INVALID);
  assert_int_equal(s.by_customer(s.ud, NULL, never_called, &calls), REDRESS_ERR_INVALID);
  assert_int_equal(s.by_customer(s.ud, "oc-0", NULL, &calls), REDRESS_ERR_INVALID);
  assert_int_equal(s.remove(s.ud, NULL, 1), REDRESS_ERR_INVALID);
  assert_int_equal(calls, 0);
  m_assert_same(&s, &m);
  /* A document may be empty, even with a NULL pointer. */
  redress_record empty = m_record(&m, 1, id, sizeof id, doc, sizeof doc, 1);
  empty.doc = NULL;
  empty.doc_len = 0;
  assert_int_equal(s.save(s.ud, &empty, 0), REDRESS_OK);
  s.destroy(s.ud);
}

/* ---- every allocation failing in turn ------------------------------------------- */

typedef struct sweep {
  th_counter counter;
  redress_allocator alloc;
  redress_store s;
  model m;
  int injected; /* the failure point was reached in this run */
} sweep;

/* One change; on NOMEM the store must be exactly as before, and a retry succeeds. */
static void sweep_save(sweep *w, size_t i, const char *customer, redress_time alarm) {
  model next = w->m;
  snprintf(next.customer[i], sizeof next.customer[i], "%s", customer);
  next.alarm[i] = alarm;
  char id[16];
  char doc[64];
  uint64_t expected = w->m.live[i] ? w->m.revision[i] : 0;
  redress_record r = m_record(&next, i, id, sizeof id, doc, sizeof doc, expected + 1);
  int rc = w->s.save(w->s.ud, &r, expected);
  if (rc == REDRESS_ERR_NOMEM) {
    w->injected = 1;
    m_assert_same(&w->s, &w->m);
    rc = w->s.save(w->s.ud, &r, expected);
  }
  assert_int_equal(rc, REDRESS_OK);
  next.live[i] = 1;
  next.revision[i] = expected + 1;
  w->m = next;
}

static void sweep_remove(sweep *w, size_t i) {
  char id[16];
  m_id(id, sizeof id, i);
  assert_int_equal(w->s.remove(w->s.ud, id, w->m.revision[i]), REDRESS_OK);
  w->m.live[i] = 0;
  w->m.revision[i] = 0;
}

/* Inserts (growing both tables), updates moving alarms and customers, removes. */
static void sweep_script(sweep *w) {
  char customer[16];
  for (size_t i = 0; i < M_IDS; i++) {
    snprintf(customer, sizeof customer, "oc-%zu", i % 13);
    sweep_save(w, i, customer, i % 5 == 0 ? REDRESS_TIME_NEVER : TH_T0 + (redress_time)(i % 30));
  }
  for (size_t i = 0; i < M_IDS; i += 2) {
    snprintf(customer, sizeof customer, i % 4 == 0 ? "ocx-%zu" : "oc-%zu", i % 7);
    sweep_save(w, i, customer, i % 3 == 0 ? REDRESS_TIME_NEVER : TH_T0 + (redress_time)(i % 20));
  }
  for (size_t i = 0; i < M_IDS; i += 3) sweep_remove(w, i);
  for (size_t i = 0; i < M_IDS; i += 6) sweep_save(w, i, "ocx-1", TH_T0 + 1);
}

static void nomem_sweep(void **state) {
  (void)state;
  for (size_t k = 1;; k++) {
    sweep *w = calloc(1, sizeof *w);
    assert_non_null(w);
    w->alloc = th_counting_allocator(&w->counter);
    assert_int_equal(redress_memory_store_new(&w->s, &w->alloc), REDRESS_OK);
    w->counter.fail_at = w->counter.calls + k;
    sweep_script(w);
    m_assert_same(&w->s, &w->m);
    w->s.destroy(w->s.ud);
    assert_int_equal(w->counter.allocs, w->counter.frees);
    int injected = w->injected;
    free(w);
    if (!injected) {
      assert_true(k > 50); /* the script allocates often enough to be worth sweeping */
      break;
    }
  }
}

/* ---- randomised changes against the model ------------------------------------------- */

static void random_changes_match_model(void **state) {
  (void)state;
  sweep *w = calloc(1, sizeof *w);
  assert_non_null(w);
  assert_int_equal(redress_memory_store_new(&w->s, NULL), REDRESS_OK);
  uint64_t x = 12345;
  for (int step = 0; step < 20000; step++) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    size_t i = (size_t)(x % M_IDS);
    char customer[16];
    snprintf(customer, sizeof customer, (x >> 8) % 2 ? "oc-%u" : "ocx-%u",
             (unsigned)((x >> 9) % 8));
    redress_time alarm =
        (x >> 12) % 6 == 0 ? REDRESS_TIME_NEVER : TH_T0 + (redress_time)((x >> 16) % 40);
    if (w->m.live[i] && (x >> 20) % 3 == 0)
      sweep_remove(w, i);
    else
      sweep_save(w, i, customer, alarm);
    if (step % 500 == 0) m_assert_same(&w->s, &w->m);
  }
  m_assert_same(&w->s, &w->m);
  w->s.destroy(w->s.ud);
  free(w);
}

/* ---- callbacks must not re-enter the store ------------------------------------- */

typedef struct reentry {
  const redress_store *s;
  int rc;
} reentry;

static int save_from_callback(const redress_record *r, void *payload) {
  reentry *re = payload;
  redress_record copy = *r;
  copy.revision = r->revision + 1;
  re->rc = re->s->save(re->s->ud, &copy, r->revision);
  return 0;
}

static void reentry_is_refused_not_deadlocked(void **state) {
  (void)state;
  redress_store s;
  assert_int_equal(redress_memory_store_new(&s, NULL), REDRESS_OK);
  model m;
  memset(&m, 0, sizeof m);
  snprintf(m.customer[3], sizeof m.customer[3], "oc-0");
  m.alarm[3] = TH_T0;
  char id[16];
  char doc[64];
  redress_record r = m_record(&m, 3, id, sizeof id, doc, sizeof doc, 1);
  assert_int_equal(s.save(s.ud, &r, 0), REDRESS_OK);
  m.live[3] = 1;
  m.revision[3] = 1;
  reentry re = {&s, REDRESS_OK};
  assert_int_equal(s.scan(s.ud, save_from_callback, &re), REDRESS_OK);
  assert_int_equal(re.rc, REDRESS_ERR_STORE);
  re.rc = REDRESS_OK;
  assert_int_equal(s.due(s.ud, TH_T0, save_from_callback, &re), REDRESS_OK);
  assert_int_equal(re.rc, REDRESS_ERR_STORE);
  m_assert_same(&s, &m);
  s.destroy(s.ud);
}

/* ---- threads sharing one store -------------------------------------------------- */

#define T_THREADS 4
#define T_ROUNDS 1500

typedef struct worker {
  const redress_store *s;
  pthread_barrier_t *start;
  int index;
  int errors;
  unsigned long conflicts;
} worker;

typedef struct counter_view {
  uint64_t revision;
  unsigned long value;
} counter_view;

static int read_counter(const redress_record *r, void *payload) {
  counter_view *v = payload;
  char text[32];
  size_t n = r->doc_len < sizeof text - 1 ? r->doc_len : sizeof text - 1;
  memcpy(text, r->doc, n);
  text[n] = '\0';
  v->revision = r->revision;
  v->value = strtoul(text, NULL, 10);
  return 0;
}

static redress_record counter_record(char *doc, size_t size, const counter_view *v) {
  redress_record r;
  memset(&r, 0, sizeof r);
  r.version = REDRESS_RECORD_VERSION;
  r.id = "counter";
  r.customer_id = "shared";
  r.next_alarm = TH_T0 + (redress_time)(v->value % 100);
  r.revision = v->revision + 1;
  r.doc = doc;
  r.doc_len = (size_t)snprintf(doc, size, "%lu", v->value + 1);
  return r;
}

/* Load, add one, save with the loaded revision; on conflict start again. */
static void increment(worker *w) {
  for (;;) {
    counter_view v = {0, 0};
    if (w->s->load(w->s->ud, "counter", read_counter, &v) != REDRESS_OK) {
      w->errors++;
      return;
    }
    char doc[32];
    redress_record r = counter_record(doc, sizeof doc, &v);
    (void)sched_yield(); /* widen the window in which another thread saves first */
    int rc = w->s->save(w->s->ud, &r, v.revision);
    if (rc == REDRESS_OK) return;
    if (rc != REDRESS_ERR_CONFLICT) {
      w->errors++;
      return;
    }
    w->conflicts++;
  }
}

/* Each round also inserts a record of the thread's own, so the tables grow meanwhile. */
static void *work(void *arg) {
  worker *w = arg;
  (void)pthread_barrier_wait(w->start); /* all threads race from the first round */
  for (int i = 0; i < T_ROUNDS; i++) {
    increment(w);
    char id[32];
    char doc[32];
    snprintf(id, sizeof id, "t%d-%d", w->index, i);
    counter_view v = {0, (unsigned long)i};
    redress_record r = counter_record(doc, sizeof doc, &v);
    r.id = id;
    if (w->s->save(w->s->ud, &r, 0) != REDRESS_OK) w->errors++;
  }
  return NULL;
}

static int count_records(const redress_record *r, void *payload) {
  (void)r;
  (*(size_t *)payload)++;
  return 0;
}

static void threads_lose_no_update(void **state) {
  (void)state;
  redress_store s;
  assert_int_equal(redress_memory_store_new(&s, NULL), REDRESS_OK);
  counter_view zero = {0, 0};
  char doc[32];
  redress_record first = counter_record(doc, sizeof doc, &zero);
  first.doc_len = (size_t)snprintf(doc, sizeof doc, "0");
  assert_int_equal(s.save(s.ud, &first, 0), REDRESS_OK);
  pthread_t threads[T_THREADS];
  worker workers[T_THREADS];
  pthread_barrier_t start;
  assert_int_equal(pthread_barrier_init(&start, NULL, T_THREADS), 0);
  for (int i = 0; i < T_THREADS; i++) {
    workers[i] = (worker){&s, &start, i, 0, 0};
    assert_int_equal(pthread_create(&threads[i], NULL, work, &workers[i]), 0);
  }
  unsigned long conflicts = 0;
  for (int i = 0; i < T_THREADS; i++) {
    assert_int_equal(pthread_join(threads[i], NULL), 0);
    assert_int_equal(workers[i].errors, 0);
    conflicts += workers[i].conflicts;
  }
  (void)pthread_barrier_destroy(&start);
  counter_view v = {0, 0};
  assert_int_equal(s.load(s.ud, "counter", read_counter, &v), REDRESS_OK);
  assert_int_equal(v.value, T_THREADS * T_ROUNDS);
  assert_int_equal(v.revision, T_THREADS * T_ROUNDS + 1);
  size_t n = 0;
  assert_int_equal(s.scan(s.ud, count_records, &n), REDRESS_OK);
  assert_int_equal(n, T_THREADS * T_ROUNDS + 1);
  print_message("%d threads x %d increments, %lu compare-and-swap retries\n", T_THREADS, T_ROUNDS,
                conflicts);
  s.destroy(s.ud);
}

/* ---- memory per record ----------------------------------------------------------- */

/* Counts the bytes requested and still held (each block remembers its size). */
typedef struct bytes {
  size_t live;
  size_t peak;
} bytes;

static void *b_alloc(size_t size, void *ud) {
  bytes *b = ud;
  size_t *p = malloc(sizeof(size_t) * 2 + size);
  if (p == NULL) return NULL;
  p[0] = size;
  b->live += size;
  if (b->live > b->peak) b->peak = b->live;
  return p + 2;
}

static void b_free(void *ptr, void *ud) {
  if (ptr == NULL) return;
  bytes *b = ud;
  size_t *p = (size_t *)ptr - 2;
  b->live -= p[0];
  free(p);
}

static void *b_realloc(void *ptr, size_t size, void *ud) {
  void *q = b_alloc(size, ud);
  if (q == NULL) return NULL;
  size_t old = ((size_t *)ptr - 2)[0];
  memcpy(q, ptr, old < size ? old : size);
  b_free(ptr, ud);
  return q;
}

static void memory_per_record(void **state) {
  (void)state;
  enum { N = 100000, DOC = 600 };
  bytes b = {0, 0};
  redress_allocator a = {REDRESS_ALLOCATOR_VERSION, b_alloc, b_realloc, b_free, &b};
  redress_store s;
  assert_int_equal(redress_memory_store_new(&s, &a), REDRESS_OK);
  size_t empty = b.live;
  static char doc[DOC];
  memset(doc, '{', sizeof doc);
  size_t text = 0;
  for (unsigned i = 0; i < N; i++) {
    char id[32];
    char customer[32];
    redress_record r;
    memset(&r, 0, sizeof r);
    r.version = REDRESS_RECORD_VERSION;
    snprintf(id, sizeof id, "C-2026-%08u", i);
    snprintf(customer, sizeof customer, "cust-%06u", i / 3);
    r.id = id;
    r.customer_id = customer;
    r.next_alarm = i % 4 == 0 ? REDRESS_TIME_NEVER : TH_T0 + (redress_time)(i % 86400);
    r.revision = 1;
    r.doc = doc;
    r.doc_len = DOC;
    assert_int_equal(s.save(s.ud, &r, 0), REDRESS_OK);
    text += strlen(id) + strlen(customer) + DOC;
  }
  double overhead = (double)(b.live - empty - text) / N;
  print_message("memory store: %.1f bytes of bookkeeping per record beyond id, customer id "
                "and document (%zu bytes held for %d records)\n",
                overhead, b.live, N);
  assert_true(overhead < 160.0);
  s.destroy(s.ud);
  assert_int_equal(b.live, 0);
}

/* The feed's cost: changes of one save share their id and revision. */
static void memory_per_change(void **state) {
  (void)state;
  enum { N = 20000, PER_SAVE = 8 };
  bytes b = {0, 0};
  redress_allocator a = {REDRESS_ALLOCATOR_VERSION, b_alloc, b_realloc, b_free, &b};
  redress_store s;
  assert_int_equal(redress_memory_store_new(&s, &a), REDRESS_OK);
  redress_change changes[PER_SAVE];
  for (int i = 0; i < PER_SAVE; i++) {
    redress_change ch = REDRESS_CHANGE_INIT;
    ch.kind = i == 0 ? REDRESS_CHANGE_CREATED : REDRESS_CHANGE_EVENT;
    ch.event_kind = i;
    ch.event_seq = (uint32_t)i + 1;
    ch.at = TH_T0 + i;
    changes[i] = ch;
  }
  size_t without = 0, with = 0;
  for (int pass = 0; pass < 2; pass++) {
    size_t before = b.live;
    for (unsigned i = 0; i < N; i++) {
      char id[32];
      snprintf(id, sizeof id, "C-%d-%08u", pass, i);
      redress_record r;
      memset(&r, 0, sizeof r);
      r.version = REDRESS_RECORD_VERSION;
      r.id = id;
      r.customer_id = "cust";
      r.next_alarm = REDRESS_TIME_NEVER;
      r.revision = 1;
      r.doc = "{}";
      r.doc_len = 2;
      r.changes = pass == 1 ? changes : NULL;
      r.n_changes = pass == 1 ? PER_SAVE : 0;
      assert_int_equal(s.save(s.ud, &r, 0), REDRESS_OK);
    }
    *(pass == 0 ? &without : &with) = b.live - before;
  }
  double per_change = (double)(with - without) / (N * PER_SAVE);
  print_message("memory store: %.1f bytes per change of the feed (%d changes per save)\n",
                per_change, PER_SAVE);
  assert_true(per_change < 56.0);
  s.destroy(s.ud);
  assert_int_equal(b.live, 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(conformance_default_allocator),
      cmocka_unit_test(conformance_counting_allocator),
      cmocka_unit_test(new_refuses_bad_input),
      cmocka_unit_test(new_fills_the_vtable),
      cmocka_unit_test(new_out_of_memory),
      cmocka_unit_test(store_init_matches_macro),
      cmocka_unit_test(desk_checks_host_stores),
      cmocka_unit_test(slots_refuse_bad_input),
      cmocka_unit_test(nomem_sweep),
      cmocka_unit_test(random_changes_match_model),
      cmocka_unit_test(reentry_is_refused_not_deadlocked),
      cmocka_unit_test(threads_lose_no_update),
      cmocka_unit_test(memory_per_record),
      cmocka_unit_test(memory_per_change),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * The thread rules of redress.h, exercised: many desks in many threads at once.
 *
 * - Independent desks: each thread opens its own desk (own memory store) and runs the
 *   same deterministic workload (lifecycle, JSON, classification, runtime cues,
 *   metrics, tick); every thread must end with exactly what one thread alone computes.
 * - One shared memory store (documented as safe to share between desks): each thread's
 *   desk saves its own complaints into it, and all of them race to annotate one shared
 *   complaint with compare-and-swap saves (reload and retry on CONFLICT): no update is
 *   lost. Then every desk ticks the shared store at once: each alarm is reported exactly
 *   once in all.
 * - One shared calendar: redress_calendar_add/elapsed/is_open on one calendar from
 *   every thread (documented as allowed), with the results of one thread alone.
 * - Functions without a desk (strerror, version, enum names, settle) from every thread.
 *
 * Run it under ThreadSanitizer (docs/reliability.md):
 *   meson setup /tmp/build-tsan -Db_sanitize=thread -Dexamples=false
 *   ninja -C /tmp/build-tsan tests/test_threads
 *   meson test -C /tmp/build-tsan --no-rebuild threads
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"

#define THREADS 8
#define ROUNDS 6      /* complaints per thread in the independent workload */
#define NOTES 25      /* notes each thread adds to the shared complaint */
#define HOUR ((redress_time)3600)
#define DAY (24 * HOUR)

/* ---- a deterministic workload on one desk --------------------------------------------- */

static const char *const texts[] = {
    "I am FURIOUS!!! Charged twice for order #A-1001. I will post this on twitter.",
    "Could you please check invoice 2231? The amount seems wrong, thank you.",
    "정말 화났어요 ㅠㅠ 환불해 주세요. 주문번호 12345",
    "我要投诉到消协！已经等了三个星期了。",
    "The parcel never arrived and nobody answers. I am cancelling my contract.",
    "Your agent was rude. I want an apology and a refund of 49.90 EUR.",
};
#define N_TEXTS (sizeof texts / sizeof texts[0])

typedef struct outcome {
  unsigned long long digest; /* of every JSON document, verdict and metric value */
  int alarms;
} outcome;

static unsigned long long mix(unsigned long long h, const void *data, size_t n) {
  const unsigned char *p = data;
  for (size_t i = 0; i < n; i++) h = (h ^ p[i]) * 1099511628211ull;
  return h;
}

static unsigned long long mix_text(unsigned long long h, const char *s) {
  return mix(h, s, strlen(s) + 1);
}

static int fail_rc(const char *what, int rc) {
  fprintf(stderr, "%s: %s\n", what, redress_strerror(rc));
  return rc;
}
#define TRY(what, call)                         \
  do {                                          \
    int rc_ = (call);                           \
    if (rc_ != REDRESS_OK) return fail_rc(what, rc_); \
  } while (0)

static int add_office(redress_desk *desk) {
  static const char office[] = "tz=CET-1CEST,M3.5.0,M10.5.0/3\nmon-fri 09:00-12:30,13:30-18:00\n"
                               "holiday 2026-12-25\n";
  TRY("add_calendar", redress_desk_add_calendar(desk, "office", office, sizeof office - 1));
  redress_policy p = REDRESS_POLICY_INIT;
  p.name = "office";
  p.calendar = "office";
  p.acknowledge = (redress_span){4 * HOUR, REDRESS_SPAN_BUSINESS_SECONDS};
  p.update_every = (redress_span){2, REDRESS_SPAN_BUSINESS_DAYS};
  p.resolve = (redress_span){10, REDRESS_SPAN_BUSINESS_DAYS};
  p.warn_percent = 75;
  p.pause_when_awaiting_customer = 1;
  TRY("add_policy", redress_desk_add_policy(desk, &p));
  static const char cues[] = "chargeback\tlegal\t2\nparcel\ttopic\t0.5\n";
  TRY("add_cues", redress_desk_add_cues(desk, cues, sizeof cues - 1));
  return REDRESS_OK;
}

/* Complaint i of a thread: a path through the lifecycle that depends on i. */
static int walk(redress_complaint *c, int i, redress_time t) {
  TRY("acknowledge", redress_complaint_acknowledge(c, t + HOUR, "ann", "sorry"));
  if (i % 3 == 0) return REDRESS_OK; /* left open: its deadlines will breach */
  TRY("investigate", redress_complaint_investigate(c, t + 2 * HOUR, "ann", NULL, "point", "refund"));
  TRY("promise", redress_complaint_promise(c, t + 3 * HOUR, "ann", NULL, t + 2 * DAY));
  TRY("await", redress_complaint_await_customer(c, t + 4 * HOUR, "ann", NULL));
  TRY("reply", redress_complaint_customer_reply(c, t + DAY, "cust", NULL));
  TRY("respond", redress_complaint_respond(c, t + DAY + HOUR, "lead", NULL,
                                           REDRESS_DECISION_UPHELD, "refund", 100 * i));
  if (i % 3 == 1) return REDRESS_OK;
  TRY("fulfill", redress_complaint_fulfill(c, t + 2 * DAY, "ops", NULL));
  return redress_complaint_confirm(c, t + 3 * DAY, "cust", NULL, 1 + i % 5);
}

static int json_round_trip(redress_desk *desk, const redress_complaint *c,
                           unsigned long long *digest) {
  char *a = NULL, *b = NULL;
  size_t a_len = 0, b_len = 0;
  redress_complaint *back = NULL;
  TRY("to_json", redress_complaint_to_json(&a, &a_len, c));
  int rc = redress_complaint_from_json(&back, desk, a, a_len);
  if (rc == REDRESS_OK) rc = redress_complaint_to_json(&b, &b_len, back);
  if (rc == REDRESS_OK && (a_len != b_len || memcmp(a, b, a_len) != 0)) rc = REDRESS_ERR_PARSE;
  if (rc == REDRESS_OK) *digest = mix(*digest, a, a_len);
  redress_free(a);
  redress_free(b);
  redress_complaint_free(back);
  return rc;
}

static int classify(redress_desk *desk, const redress_complaint *c, unsigned long long *digest) {
  redress_verdict *v = NULL;
  TRY("classify", redress_classify(&v, desk, c));
  int vals[4] = {th_summary(v).temperament, th_summary(v).legitimacy,
                 (int)th_summary(v).risks, (int)th_summary(v).playbook};
  double scores[2] = {th_summary(v).rational, th_summary(v).emotional};
  *digest = mix(*digest, vals, sizeof vals);
  *digest = mix(*digest, scores, sizeof scores);
  for (size_t i = 0; i < th_summary(v).reason_count; i++)
    *digest = mix_text(*digest, th_reason(v, i).rule);
  redress_verdict_free(v);
  return REDRESS_OK;
}

static int metrics(redress_desk *desk, unsigned long long *digest) {
  redress_metrics *m = NULL;
  TRY("metrics_new", redress_metrics_new(&m, desk, NULL, REDRESS_GROUP_BY_TEMPERAMENT,
                                         TH_T0 + 30 * DAY));
  int rc = redress_metrics_add_store(m, REDRESS_METRICS_FROM_ALL, REDRESS_METRICS_TO_ALL);
  for (int g = REDRESS_METRICS_TOTAL; rc == REDRESS_OK && g < (int)redress_metrics_group_count(m); g++)
    for (int k = 0; rc == REDRESS_OK && k < REDRESS_METRIC_COUNT; k++) {
      double v = 0;
      rc = redress_metrics_value(&v, m, g, k);
      *digest = mix(*digest, &v, sizeof v);
    }
  redress_metrics_free(m);
  return rc == REDRESS_OK ? REDRESS_OK : fail_rc("metrics", rc);
}

static int count_alarm(const redress_complaint *c, int kind, int level, redress_time due,
                       void *payload) {
  outcome *o = payload;
  o->digest = mix_text(o->digest, redress_complaint_id(c));
  int v[2] = {kind, level};
  o->digest = mix(o->digest, v, sizeof v);
  o->digest = mix(o->digest, &due, sizeof due);
  o->alarms++;
  return 0;
}

/* The whole workload on a desk of its own. */
static int workload(outcome *o) {
  redress_desk *desk = NULL;
  TRY("desk_open", redress_desk_open(&desk, NULL));
  int rc = add_office(desk);
  for (int i = 0; rc == REDRESS_OK && i < ROUNDS; i++) {
    redress_complaint_fields in = REDRESS_COMPLAINT_FIELDS_INIT;
    char id[32];
    snprintf(id, sizeof id, "c-%02d", i);
    in.id = id;
    in.customer_id = i % 2 ? "cust-1" : "cust-2";
    in.customer_value = 10000 * (i + 1);
    in.channel = i % REDRESS_CHANNEL_COUNT;
    in.category = i % 2 ? "billing" : "delivery";
    in.text = texts[(size_t)i % N_TEXTS];
    in.received_at = TH_T0 + i * HOUR;
    redress_complaint *c = NULL;
    rc = redress_complaint_create(&c, desk, &in);
    if (rc == REDRESS_OK) rc = walk(c, i, in.received_at);
    if (rc == REDRESS_OK) rc = json_round_trip(desk, c, &o->digest);
    if (rc == REDRESS_OK) rc = classify(desk, c, &o->digest);
    if (rc == REDRESS_OK) rc = redress_desk_save(desk, c);
    redress_complaint_free(c);
  }
  if (rc == REDRESS_OK) rc = metrics(desk, &o->digest);
  if (rc == REDRESS_OK) rc = redress_desk_tick(desk, TH_T0 + 20 * DAY, count_alarm, o);
  redress_desk_close(desk);
  return rc;
}

/* ---- threads ---------------------------------------------------------------------------- */

typedef struct job {
  int index;
  int (*fn)(struct job *j);
  int rc;
  outcome out;
  const redress_store *shared;      /* a copy of the shared store's vtable, destroy NULL */
  const redress_calendar *calendar; /* read only */
  pthread_barrier_t *start;
} job;

static void *thread_main(void *arg) {
  job *j = arg;
  (void)pthread_barrier_wait(j->start); /* everyone starts together */
  j->rc = j->fn(j);
  return NULL;
}

static void run_threads(job *jobs, int n) {
  pthread_t tid[THREADS];
  pthread_barrier_t start;
  assert_int_equal(pthread_barrier_init(&start, NULL, (unsigned)n), 0);
  for (int i = 0; i < n; i++) {
    jobs[i].index = i;
    jobs[i].start = &start;
    assert_int_equal(pthread_create(&tid[i], NULL, thread_main, &jobs[i]), 0);
  }
  for (int i = 0; i < n; i++) assert_int_equal(pthread_join(tid[i], NULL), 0);
  pthread_barrier_destroy(&start);
}

static int job_workload(job *j) { return workload(&j->out); }

static void independent_desks(void **state) {
  (void)state;
  outcome alone = {14695981039346656037ull, 0};
  assert_int_equal(workload(&alone), REDRESS_OK);
  assert_true(alone.alarms > 0);
  job jobs[THREADS];
  memset(jobs, 0, sizeof jobs);
  for (int i = 0; i < THREADS; i++) {
    jobs[i].fn = job_workload;
    jobs[i].out.digest = 14695981039346656037ull;
  }
  run_threads(jobs, THREADS);
  for (int i = 0; i < THREADS; i++) {
    assert_int_equal(jobs[i].rc, REDRESS_OK);
    assert_int_equal(jobs[i].out.alarms, alone.alarms);
    assert_true(jobs[i].out.digest == alone.digest);
  }
  printf("threads: %d desks x %d complaints (lifecycle, JSON, classify, metrics, tick)\n",
         THREADS, ROUNDS);
}

/* ---- one store shared by every desk -------------------------------------------------------- */

static redress_desk *open_on(const redress_store *store) {
  redress_desk_options o = REDRESS_DESK_OPTIONS_INIT;
  o.store = store;
  redress_desk *desk = NULL;
  return redress_desk_open(&desk, &o) == REDRESS_OK ? desk : NULL;
}

/* Adds NOTES notes to "shared", each with compare-and-swap: on CONFLICT reload and
 * retry, as redress_desk_save() tells hosts to. */
static int annotate_shared(redress_desk *desk, int index) {
  for (int n = 0; n < NOTES; n++) {
    for (;;) {
      redress_complaint *c = NULL;
      TRY("load shared", redress_desk_load(&c, desk, "shared"));
      char note[64];
      snprintf(note, sizeof note, "thread %d note %d", index, n);
      size_t last = redress_complaint_event_count(c) - 1;
      redress_time at = th_event_number(redress_complaint_event(c, last), REDRESS_FIELD_AT);
      int rc = redress_complaint_note(c, at, "agent", note, 0);
      if (rc == REDRESS_OK) rc = redress_desk_save(desk, c);
      redress_complaint_free(c);
      if (rc == REDRESS_OK) break;
      if (rc != REDRESS_ERR_CONFLICT) return fail_rc("annotate", rc);
    }
  }
  return REDRESS_OK;
}

/* Each desk saves complaints of its own into the shared store, then annotates the
 * shared complaint. */
static int job_shared_store(job *j) {
  redress_desk *desk = open_on(j->shared);
  if (desk == NULL) return REDRESS_ERR_NOMEM;
  int rc = REDRESS_OK;
  for (int i = 0; rc == REDRESS_OK && i < 4; i++) {
    redress_complaint_fields in = th_full_init(NULL);
    in.received_at = TH_T0 + i * HOUR;
    in.text = texts[(size_t)(j->index + i) % N_TEXTS];
    redress_complaint *c = NULL;
    rc = redress_complaint_create(&c, desk, &in);
    if (rc == REDRESS_OK) rc = redress_desk_save(desk, c);
    redress_complaint_free(c);
  }
  if (rc == REDRESS_OK) rc = annotate_shared(desk, j->index);
  redress_desk_close(desk);
  return rc;
}

typedef struct tally {
  pthread_mutex_t lock;
  char seen[THREADS * 64][48]; /* "id kind level" of every alarm reported */
  int n;
  int duplicates;
} tally;

static tally alarms_seen;

static int record_alarm(const redress_complaint *c, int kind, int level, redress_time due,
                        void *payload) {
  (void)due;
  (void)payload;
  char key[48];
  snprintf(key, sizeof key, "%.32s %d %d", redress_complaint_id(c), kind, level);
  pthread_mutex_lock(&alarms_seen.lock);
  for (int i = 0; i < alarms_seen.n; i++)
    if (strcmp(alarms_seen.seen[i], key) == 0) alarms_seen.duplicates++;
  if (alarms_seen.n < THREADS * 64) snprintf(alarms_seen.seen[alarms_seen.n++], 48, "%s", key);
  pthread_mutex_unlock(&alarms_seen.lock);
  return 0;
}

static int job_tick_shared(job *j) {
  redress_desk *desk = open_on(j->shared);
  if (desk == NULL) return REDRESS_ERR_NOMEM;
  int rc = redress_desk_tick(desk, TH_T0 + 60 * DAY, record_alarm, NULL);
  redress_desk_close(desk);
  return rc;
}

static int count_complaints(const redress_complaint *c, void *payload) {
  (void)c;
  ++*(int *)payload;
  return 0;
}

static void shared_store(void **state) {
  (void)state;
  redress_store store;
  assert_int_equal(redress_memory_store_new(&store, NULL), REDRESS_OK);
  redress_desk *owner = open_on(&store); /* closes (destroys) the store last */
  assert_non_null(owner);
  redress_store borrowed = store;
  borrowed.destroy = NULL;
  redress_complaint_fields in = th_full_init("shared");
  redress_complaint *c = NULL;
  assert_int_equal(redress_complaint_create(&c, owner, &in), REDRESS_OK);
  assert_int_equal(redress_desk_save(owner, c), REDRESS_OK);
  redress_complaint_free(c);

  job jobs[THREADS];
  memset(jobs, 0, sizeof jobs);
  for (int i = 0; i < THREADS; i++) {
    jobs[i].fn = job_shared_store;
    jobs[i].shared = &borrowed;
  }
  run_threads(jobs, THREADS);
  for (int i = 0; i < THREADS; i++) assert_int_equal(jobs[i].rc, REDRESS_OK);

  /* No update was lost: every note of every thread is in the history. */
  assert_int_equal(redress_desk_load(&c, owner, "shared"), REDRESS_OK);
  assert_int_equal(redress_complaint_event_count(c), 1 + THREADS * NOTES);
  assert_int_equal(((uint64_t)th_number(c, REDRESS_FIELD_REVISION)), 1 + THREADS * NOTES);
  redress_complaint_free(c);
  int stored = 0;
  assert_int_equal(redress_desk_each(owner, count_complaints, &stored), REDRESS_OK);
  assert_int_equal(stored, 1 + THREADS * 4);

  /* Every desk ticks the shared store at once: each alarm is reported once in all. */
  memset(&alarms_seen, 0, sizeof alarms_seen);
  assert_int_equal(pthread_mutex_init(&alarms_seen.lock, NULL), 0);
  for (int i = 0; i < THREADS; i++) jobs[i].fn = job_tick_shared;
  run_threads(jobs, THREADS);
  for (int i = 0; i < THREADS; i++) assert_int_equal(jobs[i].rc, REDRESS_OK);
  assert_int_equal(alarms_seen.duplicates, 0);
  assert_true(alarms_seen.n >= 2 * (1 + THREADS * 4)); /* acknowledge: warning and breach */
  int again = alarms_seen.n;
  assert_int_equal(redress_desk_tick(owner, TH_T0 + 60 * DAY, record_alarm, NULL), REDRESS_OK);
  assert_int_equal(alarms_seen.n, again); /* nothing left to report */
  pthread_mutex_destroy(&alarms_seen.lock);
  redress_desk_close(owner);
  printf("threads: %d desks on one store: %d compare-and-swap notes, %d alarms once each\n",
         THREADS, THREADS * NOTES, again);
}

/* ---- one calendar read by every thread ------------------------------------------------------ */

#define PROBES 200

static unsigned long long calendar_digest(const redress_calendar *cal) {
  unsigned long long h = 14695981039346656037ull;
  for (int i = 0; i < PROBES; i++) {
    redress_time t = TH_T0 + (redress_time)i * 7919 * 61;
    redress_time due[3] = {0, 0, 0};
    int64_t open = 0;
    int64_t amount[3] = {1 + (i % 40) * 3600, 1 + (i % 40) * 3600, 1 + i % 40};
    for (int unit = 0; unit < 3; unit++)
      if (redress_calendar_add(&due[unit], cal, t, amount[unit], unit) != REDRESS_OK) return 0;
    if (redress_calendar_elapsed(&open, cal, t, t + i * DAY) != REDRESS_OK) return 0;
    int is_open = redress_calendar_is_open(cal, t);
    h = mix(h, due, sizeof due);
    h = mix(h, &open, sizeof open);
    h = mix(h, &is_open, sizeof is_open);
  }
  return h;
}

static int job_calendar(job *j) {
  j->out.digest = calendar_digest(j->calendar);
  /* Functions without a desk, at the same time. */
  for (int code = 0; code >= -12; code--)
    if (redress_strerror(code) == NULL) return REDRESS_ERR_INVALID;
  if (redress_version() == NULL || redress_enum_name(REDRESS_ENUM_STATE, 3) == NULL)
    return REDRESS_ERR_INVALID;
  redress_negotiation n = REDRESS_NEGOTIATION_INIT;
  n.expectation = 5000;
  n.bottom_line = 1000 + j->index;
  int settlement = 0;
  int64_t offer = 0;
  return redress_settle(&settlement, &offer, NULL, NULL, &n);
}

static void shared_calendar(void **state) {
  (void)state;
  th_desk t;
  th_desk_open(&t);
  static const char spec[] = "tz=GMT0BST,M3.5.0/1,M10.5.0\nmon-fri 08:00-12:00,13:00-17:30\nsat 09:00-13:00\n"
                             "holiday 2026-12-25\nholiday 2026-12-24 12:00-17:30\n";
  redress_calendar *cal = NULL;
  assert_int_equal(redress_calendar_parse(&cal, t.desk, spec, sizeof spec - 1), REDRESS_OK);
  unsigned long long alone = calendar_digest(cal);
  assert_true(alone != 0);
  job jobs[THREADS];
  memset(jobs, 0, sizeof jobs);
  for (int i = 0; i < THREADS; i++) {
    jobs[i].fn = job_calendar;
    jobs[i].calendar = cal;
  }
  run_threads(jobs, THREADS);
  for (int i = 0; i < THREADS; i++) {
    assert_int_equal(jobs[i].rc, REDRESS_OK);
    assert_true(jobs[i].out.digest == alone);
  }
  redress_calendar_free(cal);
  th_desk_close(&t);
  printf("threads: %d threads x %d probes on one calendar\n", THREADS, PROBES);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(independent_desks),
      cmocka_unit_test(shared_store),
      cmocka_unit_test(shared_calendar),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}

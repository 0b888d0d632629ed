#include "helpers.h"

#include <setjmp.h>
#include <stdio.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static int should_fail(th_counter *c) {
  c->calls++;
  if (c->fail_at == 0) return 0;
  if (c->calls == c->fail_at) return 1;
  return c->fail_forever && c->calls > c->fail_at;
}

static void *count_alloc(size_t size, void *ud) {
  th_counter *c = ud;
  if (should_fail(c)) return NULL;
  void *p = malloc(size);
  if (p != NULL) c->allocs++;
  return p;
}

static void *count_realloc(void *ptr, size_t size, void *ud) {
  th_counter *c = ud;
  if (should_fail(c)) return NULL;
  return realloc(ptr, size);
}

static void count_free(void *ptr, void *ud) {
  th_counter *c = ud;
  if (ptr != NULL) c->frees++;
  free(ptr);
}

redress_allocator th_counting_allocator(th_counter *c) {
  redress_allocator a = REDRESS_ALLOCATOR_INIT;
  a.alloc = count_alloc;
  a.realloc = count_realloc;
  a.free = count_free;
  a.ud = c;
  return a;
}

redress_time th_clock_read(void *ud) { return ((th_clock *)ud)->now; }

void th_data_path(char *buf, size_t size, const char *name) {
  const char *dir = getenv("REDRESS_TEST_DATA");
  int n = snprintf(buf, size, "%s/%s", dir != NULL ? dir : "tests/data", name);
  assert_true(n > 0 && (size_t)n < size);
}

static void open_desk_as(th_desk *t, const redress_store *store, const char *zoneinfo_dir,
                         const char *tenant) {
  memset(t, 0, sizeof *t);
  t->alloc = th_counting_allocator(&t->counter);
  t->clock.now = TH_T0;
  redress_desk_options o = REDRESS_DESK_OPTIONS_INIT;
  o.allocator = &t->alloc;
  o.clock = th_clock_read;
  o.clock_ud = &t->clock;
  o.store = store;
  o.zoneinfo_dir = zoneinfo_dir; /* the desk keeps a copy */
  o.tenant = tenant;
  assert_int_equal(redress_desk_open(&t->desk, &o), REDRESS_OK);
}

static void open_desk(th_desk *t, const redress_store *store, const char *zoneinfo_dir) {
  open_desk_as(t, store, zoneinfo_dir, NULL);
}

void th_desk_open_tenant(th_desk *t, const redress_store *store, const char *tenant) {
  char zones[1024];
  th_data_path(zones, sizeof zones, "zoneinfo");
  open_desk_as(t, store, zones, tenant);
}

void th_desk_open_store(th_desk *t, const redress_store *store) {
  char zones[1024];
  th_data_path(zones, sizeof zones, "zoneinfo");
  open_desk(t, store, zones);
}

void th_desk_open(th_desk *t) { th_desk_open_store(t, NULL); }

void th_desk_open_zoneinfo(th_desk *t, const char *zoneinfo_dir) {
  open_desk(t, NULL, zoneinfo_dir);
}

void th_desk_close(th_desk *t) {
  redress_desk_close(t->desk);
  t->desk = NULL;
  assert_int_equal(t->counter.allocs, t->counter.frees);
}

redress_complaint_fields th_full_init(const char *id) {
  redress_complaint_fields in = REDRESS_COMPLAINT_FIELDS_INIT;
  in.id = id;
  in.customer_id = "cust-42";
  in.customer_tier = "gold";
  in.customer_value = 250000;
  in.channel = REDRESS_CHANNEL_EMAIL;
  in.category = "billing";
  in.severity = REDRESS_SEVERITY_HIGH;
  in.text = "I was charged twice for order #A-1001. Please refund 49.90 EUR.";
  in.received_at = TH_T0;
  in.order_value = 4990;
  in.claimed_amount = 4990;
  in.requested_remedy = "refund";
  in.expectation = 4990;
  in.bottom_line = 2500;
  in.prior_complaints = 2;
  in.prior_compensation = 1000;
  return in;
}

void th_assert_same_classifier_options(const redress_classifier_options *a,
                                       const redress_classifier_options *b) {
  assert_int_equal(a->version, b->version);
  assert_true(a->emotional_threshold == b->emotional_threshold);
  assert_true(a->rational_threshold == b->rational_threshold);
  assert_true(a->mixed_ratio == b->mixed_ratio);
  assert_true(a->claim_ratio_max == b->claim_ratio_max);
  assert_int_equal(a->max_compensation, b->max_compensation);
  assert_int_equal(a->min_compensation, b->min_compensation);
  assert_int_equal(a->serial_min_count, b->serial_min_count);
  assert_true(a->serial_min_ratio == b->serial_min_ratio);
  assert_int_equal(a->repeat_min_count, b->repeat_min_count);
  assert_int_equal(a->history_days, b->history_days);
  assert_int_equal(a->use_store_history, b->use_store_history);
}

int th_leap_year(int y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int64_t th_days_from_epoch(int y, int m, int d) {
  static const int len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int64_t n = 0;
  for (int yy = 1970; yy < y; yy++) n += th_leap_year(yy) ? 366 : 365;
  for (int mm = 1; mm < m; mm++) n += len[mm - 1] + (mm == 2 && th_leap_year(y) ? 1 : 0);
  return n + d - 1;
}

redress_time th_utc(int y, int m, int d, int hh, int mi, int ss) {
  return th_days_from_epoch(y, m, d) * 86400 + (redress_time)hh * 3600 + mi * 60 + ss;
}

redress_deadline th_deadline_of(const redress_complaint *c, int kind, redress_time now) {
  redress_deadlines *l = NULL;
  assert_int_equal(redress_complaint_deadlines(&l, c, now), REDRESS_OK);
  redress_deadline found = REDRESS_DEADLINE_INIT;
  int seen = 0;
  for (size_t i = 0; i < redress_deadlines_count(l); i++) {
    redress_deadline d = REDRESS_DEADLINE_INIT;
    assert_int_equal(redress_deadlines_get(&d, l, i), REDRESS_OK);
    if (d.kind == kind) {
      found = d;
      seen = 1;
    }
  }
  redress_deadlines_free(l);
  if (!seen) fail_msg("no deadline of kind %d", kind);
  return found;
}

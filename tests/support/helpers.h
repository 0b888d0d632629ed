/* Shared test helpers: counting and failing allocators, a settable clock, fixtures. */
#ifndef REDRESS_TEST_HELPERS_H
#define REDRESS_TEST_HELPERS_H

#include <stddef.h>
#include <stdint.h>

#include "redress.h"
#include "read.h"
#include "redress/sys/store.h"

/* Counts allocations and frees; fails the fail_at-th allocation (1-based) when set. */
typedef struct th_counter {
  size_t allocs;     /* successful alloc + realloc(NULL) calls */
  size_t frees;      /* free calls with a non-NULL pointer */
  size_t calls;      /* alloc and realloc calls, failed ones included */
  size_t fail_at;    /* 0: never fail */
  int fail_forever;  /* once failing, fail every later call too */
} th_counter;

/* An allocator over malloc that counts into c. */
redress_allocator th_counting_allocator(th_counter *c);

/* A clock whose time the test sets. */
typedef struct th_clock {
  redress_time now;
} th_clock;
redress_time th_clock_read(void *ud);

/* Opens a desk on a counting allocator and a settable clock (memory store). */
typedef struct th_desk {
  th_counter counter;
  redress_allocator alloc;
  th_clock clock;
  redress_desk *desk;
} th_desk;
/* Its zone files come from tests/data/zoneinfo (th_data_path), never from the host,
 * whose tz release, and so every answer about a zone, may be any. */
void th_desk_open(th_desk *t);
/* The same over a host store (the desk takes it over: closing the desk destroys it). */
void th_desk_open_store(th_desk *t, const redress_store *store);
/* The same for a tenant (NULL: the default tenant) of a host store the desk does not
 * take over when its copy has no destroy: several desks may share one store this way. */
void th_desk_open_tenant(th_desk *t, const redress_store *store, const char *tenant);
/* The same with the desk's zoneinfo_dir option set to zoneinfo_dir (NULL: the
 * library's default, the host's /usr/share/zoneinfo; for tests of that path only). */
void th_desk_open_zoneinfo(th_desk *t, const char *zoneinfo_dir);
/* Closes the desk and asserts every allocation was freed. */
void th_desk_close(th_desk *t);

/* Writes the path of tests/data/NAME to buf (size bytes): under $REDRESS_TEST_DATA,
 * which meson sets, else relative to the source root. Fails the test if it does not fit. */
void th_data_path(char *buf, size_t size, const char *name);

/* Civil dates counted plainly, independent of the library's own date formula and of any
 * host time zone: whether y is a leap year, the days from 1970-01-01 to y-m-d (y >= 1970),
 * and the instant of a UTC date and time. */
int th_leap_year(int y);
int64_t th_days_from_epoch(int y, int m, int d);
redress_time th_utc(int y, int m, int d, int hh, int mi, int ss);

/* The complaint's deadline of a kind as of `now` (the last of that kind); the test fails
 * when there is none. */
redress_deadline th_deadline_of(const redress_complaint *c, int kind, redress_time now);

/* A complaint init with every field set (strings are static). */
redress_complaint_fields th_full_init(const char *id);

/* Asserts two classifier options are equal member by member (padding bytes are
 * unspecified, so the structs are not compared as memory). */
void th_assert_same_classifier_options(const redress_classifier_options *a,
                                       const redress_classifier_options *b);

/* 2026-11-23T09:00:00Z, a Monday: the base time of the test scenarios. */
#define TH_T0 ((redress_time)1795424400)

#endif

/* Reading the library's outputs in tests: one call per value, for assertions.
 * The library reads numbers, deadlines, verdicts and precedents through calls that
 * return a status; these wrappers return the value itself and stop the test program
 * with a message when the status is not REDRESS_OK, since a test that reads a value
 * expects it to be there. */
#ifndef REDRESS_TESTS_READ_H
#define REDRESS_TESTS_READ_H

#include <stdio.h>
#include <stdlib.h>

#include "redress.h"
#include "redress/experimental.h"

static inline void th_read_failed(const char *what, int rc) {
  fprintf(stderr, "%s: %s\n", what, redress_strerror(rc));
  abort();
}

static inline int64_t th_number(const redress_complaint *c, int field) {
  int64_t v = 0;
  int rc = redress_complaint_number(&v, c, field);
  if (rc != REDRESS_OK) th_read_failed("redress_complaint_number", rc);
  return v;
}

static inline int64_t th_event_number(const redress_event *e, int field) {
  int64_t v = 0;
  int rc = redress_event_number(&v, e, field);
  if (rc != REDRESS_OK) th_read_failed("redress_event_number", rc);
  return v;
}

static inline redress_deadline th_deadline(const redress_deadlines *l, size_t i) {
  redress_deadline d = REDRESS_DEADLINE_INIT;
  int rc = redress_deadlines_get(&d, l, i);
  if (rc != REDRESS_OK) th_read_failed("redress_deadlines_get", rc);
  return d;
}

static inline redress_verdict_summary th_summary(const redress_verdict *v) {
  redress_verdict_summary s = REDRESS_VERDICT_SUMMARY_INIT;
  int rc = redress_verdict_get(&s, v);
  if (rc != REDRESS_OK) th_read_failed("redress_verdict_get", rc);
  return s;
}

static inline redress_reason th_reason(const redress_verdict *v, size_t i) {
  redress_reason r = REDRESS_REASON_INIT;
  int rc = redress_verdict_reason(&r, v, i);
  if (rc != REDRESS_OK) th_read_failed("redress_verdict_reason", rc);
  return r;
}

static inline redress_precedent th_precedent(const redress_precedents *l, size_t i) {
  redress_precedent p = REDRESS_PRECEDENT_INIT;
  int rc = redress_precedents_get(&p, l, i);
  if (rc != REDRESS_OK) th_read_failed("redress_precedents_get", rc);
  return p;
}

#endif

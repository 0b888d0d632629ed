/* Adding an array of complaints to an accumulator.
 *
 * Over many complaints, an add is bound by memory, not by work: the first read of
 * each complaint (its desk and digest, on its first two cache lines) misses the
 * caches and the TLB, and one add is too long for the processor to reach the next
 * complaint's read while it waits. Knowing the whole array, this asks for the
 * complaint a few places ahead while it counts the current one, so the waits
 * overlap (docs/performance.md has the figures). */
#include "metrics/metrics.h"

#include <string.h>

/* How far ahead to fetch: enough adds to cover a miss to memory. */
#define PREFETCH_DISTANCE 8

static void fetch_ahead(redress_complaint *const *complaints, size_t count, size_t i) {
  if (i + PREFETCH_DISTANCE >= count) return;
  const redress_complaint *ahead = complaints[i + PREFETCH_DISTANCE];
  RD_PREFETCH(ahead);
  RD_PREFETCH((const char *)ahead + 64); /* the rest of the digest */
}

/* The failed add's message, with the index of the complaint that failed. */
static int fail_at(redress_desk *desk, int rc, size_t i) {
  char why[RD_ERRMSG_BYTES];
  memcpy(why, rd_ctx_of(desk)->errmsg, sizeof why);
  return rd_fail(desk, rc, "metrics_add_many: complaint %zu: %s", i,
                 why[0] != '\0' ? why : redress_strerror(rc));
}

static int check_one(const redress_metrics *m, const redress_complaint *c, size_t i) {
  if (c == NULL || c->desk != m->desk)
    return rd_fail(m->desk, REDRESS_ERR_INVALID,
                   "metrics_add_many: complaint %zu is %s", i,
                   c == NULL ? "NULL" : "of another desk");
  return REDRESS_OK;
}

int redress_metrics_add_many(size_t *added, redress_metrics *metrics,
                             redress_complaint *const *complaints, size_t count) {
  if (added != NULL) *added = 0;
  if (metrics == NULL) return REDRESS_ERR_INVALID;
  redress_desk *desk = metrics->desk;
  if (complaints == NULL && count > 0)
    return rd_fail(desk, REDRESS_ERR_INVALID, "metrics_add_many: complaints is NULL");
  rd_ok(desk);
  for (size_t i = 0; i < count; i++) {
    fetch_ahead(complaints, count, i);
    int rc = check_one(metrics, complaints[i], i);
    if (rc != REDRESS_OK) return rc;
    rc = rd_metrics_add(metrics, complaints[i]);
    if (rc != REDRESS_OK) return fail_at(desk, rc, i);
    if (added != NULL) *added = i + 1;
  }
  return REDRESS_OK;
}

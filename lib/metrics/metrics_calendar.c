/* The business calendar behind a deadline list: business durations are measured on
 * the calendar of the policy the complaint's deadlines ran on, so that "time to
 * acknowledge in business seconds" and the acknowledgement target use one clock. */
#include "metrics/metrics.h"

#include <string.h>

/* A deadline list borrows its policy name from the desk: the pointer identifies it.
 * The name comparison is the fallback, should a list ever carry a copy. */
static const rd_policy *find_policy(const redress_desk *desk, const char *name) {
  const rd_deadline_ctx *dx = rd_deadline_ctx_of_const(desk);
  if (name == dx->fallback.p.name) return &dx->fallback;
  for (size_t i = 0; i < dx->n_policies; i++)
    if (dx->policies[i].p.name == name) return &dx->policies[i];
  if (strcmp(name, dx->fallback.p.name) == 0) return &dx->fallback;
  for (size_t i = 0; i < dx->n_policies; i++)
    if (strcmp(dx->policies[i].p.name, name) == 0) return &dx->policies[i];
  return NULL;
}

int rd_metrics_policy_calendar(const redress_calendar **out, redress_desk *desk,
                               const char *policy) {
  const rd_policy *p = policy != NULL ? find_policy(desk, policy) : NULL;
  if (p == NULL)
    return rd_fail(desk, REDRESS_ERR_NOTFOUND, "metrics: no policy '%s' in the desk",
                   policy != NULL ? policy : "(null)");
  *out = p->cal; /* NULL: always open, where open time is plain time (no arithmetic needed) */
  return REDRESS_OK;
}

/* Policies and the named calendars they run on (policy.c): the part of the desk the
 * deadlines layer owns, and how a complaint finds its policy. Not installed. */
#ifndef RD_POLICY_INTERNAL_H
#define RD_POLICY_INTERNAL_H

#include "complaint/complaint.h"

/* A policy as the desk keeps it: strings owned, calendar resolved (NULL: always open). */
typedef struct rd_policy {
  redress_policy p;
  const redress_calendar *cal;
} rd_policy;

typedef struct rd_named_calendar {
  char *name;
  redress_calendar *cal;
} rd_named_calendar;

/* The part of the desk this layer owns (base/base.h explains the chain). */
typedef struct rd_deadline_ctx {
  rd_complaint_ctx complaint;
  rd_named_calendar *calendars;
  size_t n_calendars;
  /* each allocated apart and never moved or removed while the desk is open, so that
   * a deadline list may point at the policy it ran on */
  rd_policy **policies;
  size_t n_policies;
  rd_policy fallback;            /* the built-in "default" policy */
  redress_calendar *always_open; /* parsed on first use */
} rd_deadline_ctx;

static inline rd_deadline_ctx *rd_deadline_ctx_of(redress_desk *desk) {
  return (rd_deadline_ctx *)(void *)desk;
}
static inline const rd_deadline_ctx *rd_deadline_ctx_of_const(const redress_desk *desk) {
  return (const rd_deadline_ctx *)(const void *)desk;
}

/* Sets up the desk's built-in default policy (desk_open). */
void rd_policies_init(redress_desk *desk);
/* The policy that applies to c if its severity were `severity`. Never NULL. */
const rd_policy *rd_policy_select(const redress_complaint *c, int severity);
/* The calendar a policy runs on; parses the always-open one on first use. */
int rd_policy_calendar(const redress_calendar **out, redress_desk *desk, const rd_policy *p);
void rd_policies_free(redress_desk *desk);

#endif

/* Policies and the named calendars they run on; first match wins. */
#include "deadlines/policy.h"

#include <stddef.h>
#include <string.h>

#define DAY ((int64_t)86400)
#define ALL_CHANNELS ((1u << REDRESS_CHANNEL_COUNT) - 1u)

/*
 * redress_policy_init() returns the struct by value, so a program built against the
 * 1.0 header has room for a version-1 policy only: that program keeps the 1.0 symbol,
 * which returns the version-1 layout, and programs linked since get the newest
 * (docs/abi.md, "Add a member to an input struct", step 4).
 */
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
/* the version-2 struct starts with the version-1 one, member for member */
typedef char policy_v1_is_a_prefix[sizeof(policy_v1) == offsetof(redress_policy, next_reply) ? 1 : -1];

REDRESS_API policy_v1 rd_policy_init_v1(void);
REDRESS_API redress_policy rd_policy_init_v2(void);

redress_policy rd_policy_init_v2(void) {
  redress_policy p = REDRESS_POLICY_INIT;
  return p;
}
RD_SYMVER_DEFAULT(rd_policy_init_v2, redress_policy_init, "REDRESS_1.1");
#if !RD_HAVE_SYMVER
redress_policy redress_policy_init(void) { return rd_policy_init_v2(); }
#endif

policy_v1 rd_policy_init_v1(void) {
  redress_policy p = REDRESS_POLICY_INIT;
  policy_v1 old;
  memcpy(&old, &p, sizeof old); /* the same members, in the same places */
  old.version = 1;
  return old;
}
RD_SYMVER_OLD(rd_policy_init_v1, redress_policy_init, "REDRESS_1.0");

/* The caller's policy by its version: a version-1 struct ends before next_reply, which
 * then takes its default (no NEXT_REPLY deadline). Never read past the caller's struct. */
static redress_policy policy_of_version(const redress_policy *in) {
  redress_policy p = REDRESS_POLICY_INIT;
  memcpy(&p, in, in->version >= 2 ? sizeof p : offsetof(redress_policy, next_reply));
  p.version = REDRESS_POLICY_VERSION;
  return p;
}

/* The targets a desk falls back on when no host policy matches (see redress.h). */
static redress_policy default_policy(void) {
  redress_policy p = REDRESS_POLICY_INIT;
  p.name = "default";
  p.acknowledge.amount = DAY;
  p.update_every.amount = 7 * DAY;
  p.resolve.amount = 30 * DAY;
  p.resolve_extended.amount = 56 * DAY;
  p.follow_up.amount = 7 * DAY;
  p.warn_percent = 75;
  p.pause_when_awaiting_customer = 1;
  return p;
}

void rd_policies_init(redress_desk *desk) {
  rd_deadline_ctx *dx = rd_deadline_ctx_of(desk);
  dx->fallback.p = default_policy();
  dx->fallback.cal = NULL;
}

static const rd_named_calendar *find_calendar(const redress_desk *desk, const char *name) {
  const rd_deadline_ctx *dx = rd_deadline_ctx_of_const(desk);
  for (size_t i = 0; i < dx->n_calendars; i++)
    if (strcmp(dx->calendars[i].name, name) == 0) return &dx->calendars[i];
  return NULL;
}

int redress_desk_add_calendar(redress_desk *desk, const char *name, const char *spec,
                              size_t len) {
  rd_deadline_ctx *dx = rd_deadline_ctx_of(desk);
  if (desk == NULL) return REDRESS_ERR_INVALID;
  rd_ok(desk);
  int rc = rd_check_name(desk, "calendar name", name, REDRESS_MAX_NAME_BYTES, true);
  if (rc != REDRESS_OK) return rc;
  if (find_calendar(desk, name) != NULL)
    return rd_fail(desk, REDRESS_ERR_EXISTS, "calendar '%s' already exists", name);
  void *items = dx->calendars;
  size_t cap = dx->n_calendars;
  if (rd_reserve(rd_desk_alloc(desk), &items, &cap, dx->n_calendars + 1, sizeof *dx->calendars))
    return rd_fail(desk, REDRESS_ERR_NOMEM, "out of memory");
  dx->calendars = items; /* the array now has room; its count grows only on success */
  redress_calendar *cal = NULL;
  rc = redress_calendar_parse(&cal, desk, spec, len);
  if (rc != REDRESS_OK) return rc;
  char *copy = rd_memdup(rd_desk_alloc(desk), name, strlen(name));
  if (copy == NULL) {
    redress_calendar_free(cal);
    return rd_fail(desk, REDRESS_ERR_NOMEM, "out of memory");
  }
  dx->calendars[dx->n_calendars].name = copy;
  dx->calendars[dx->n_calendars].cal = cal;
  dx->n_calendars++;
  return REDRESS_OK;
}

static int check_span(redress_desk *desk, const char *what, redress_span s) {
  if (s.amount < 0) return rd_fail(desk, REDRESS_ERR_INVALID, "policy: %s is negative", what);
  if (s.unit < REDRESS_SPAN_CALENDAR_SECONDS || s.unit > REDRESS_SPAN_BUSINESS_DAYS)
    return rd_fail(desk, REDRESS_ERR_INVALID, "policy: %s has unknown unit %d", what, s.unit);
  return REDRESS_OK;
}

static int check_spans(redress_desk *desk, const redress_policy *p) {
  int rc = check_span(desk, "acknowledge", p->acknowledge);
  if (rc == REDRESS_OK) rc = check_span(desk, "update_every", p->update_every);
  if (rc == REDRESS_OK) rc = check_span(desk, "resolve", p->resolve);
  if (rc == REDRESS_OK) rc = check_span(desk, "resolve_extended", p->resolve_extended);
  if (rc == REDRESS_OK) rc = check_span(desk, "follow_up", p->follow_up);
  if (rc == REDRESS_OK) rc = check_span(desk, "next_reply", p->next_reply);
  return rc;
}

static int check_numbers(redress_desk *desk, const redress_policy *p) {
  if (p->channels & ~ALL_CHANNELS)
    return rd_fail(desk, REDRESS_ERR_INVALID, "policy: channels has unknown bits");
  if (p->min_severity < 0 || p->min_severity >= REDRESS_SEVERITY_COUNT)
    return rd_fail(desk, REDRESS_ERR_INVALID, "policy: min_severity %d is not a severity",
                   p->min_severity);
  if (p->warn_percent < 0 || p->warn_percent > 99)
    return rd_fail(desk, REDRESS_ERR_INVALID, "policy: warn_percent must be 0..99");
  if (p->pause_when_awaiting_customer != 0 && p->pause_when_awaiting_customer != 1)
    return rd_fail(desk, REDRESS_ERR_INVALID, "policy: pause_when_awaiting_customer must be 0 or 1");
  int rc = rd_check_amount(desk, "policy min_compensation", p->min_compensation);
  if (rc == REDRESS_OK) rc = rd_check_amount(desk, "policy max_compensation", p->max_compensation);
  if (rc == REDRESS_OK && p->min_compensation != REDRESS_AMOUNT_UNKNOWN &&
      p->max_compensation != REDRESS_AMOUNT_UNKNOWN && p->min_compensation > p->max_compensation)
    rc = rd_fail(desk, REDRESS_ERR_INVALID, "policy: min_compensation is above max_compensation");
  return rc;
}

/* Complaints keep an empty category or tier as none, so an empty filter could never
 * match: refused, so that a host does not add a policy that silently never applies. */
static int check_filter(redress_desk *desk, const char *what, const char *filter) {
  int rc = rd_check_name(desk, what, filter, REDRESS_MAX_NAME_BYTES, false);
  if (rc == REDRESS_OK && filter != NULL && filter[0] == '\0')
    rc = rd_fail(desk, REDRESS_ERR_INVALID, "%s is empty (pass NULL to match any)", what);
  return rc;
}

static int check_policy(redress_desk *desk, const redress_policy *p) {
  int rc = rd_check_name(desk, "policy name", p->name, REDRESS_MAX_NAME_BYTES, true);
  if (rc == REDRESS_OK) rc = check_filter(desk, "policy category", p->category);
  if (rc == REDRESS_OK) rc = check_filter(desk, "policy customer_tier", p->customer_tier);
  if (rc == REDRESS_OK)
    rc = rd_check_name(desk, "policy calendar", p->calendar, REDRESS_MAX_NAME_BYTES, false);
  if (rc == REDRESS_OK) rc = check_numbers(desk, p);
  if (rc == REDRESS_OK) rc = check_spans(desk, p);
  return rc;
}

static int name_taken(const redress_desk *desk, const char *name) {
  const rd_deadline_ctx *dx = rd_deadline_ctx_of_const(desk);
  if (strcmp(name, dx->fallback.p.name) == 0) return 1;
  for (size_t i = 0; i < dx->n_policies; i++)
    if (strcmp(dx->policies[i]->p.name, name) == 0) return 1;
  return 0;
}

static char *dup_or_null(const redress_allocator *a, const char *s, int *failed) {
  if (s == NULL) return NULL;
  char *copy = rd_memdup(a, s, strlen(s));
  if (copy == NULL) *failed = 1;
  return copy;
}

static void free_policy_strings(const redress_allocator *a, redress_policy *p) {
  rd_free(a, (void *)(uintptr_t)p->name);
  rd_free(a, (void *)(uintptr_t)p->category);
  rd_free(a, (void *)(uintptr_t)p->customer_tier);
  rd_free(a, (void *)(uintptr_t)p->calendar);
}

static int copy_policy(rd_policy *out, redress_desk *desk, const redress_policy *p,
                       const redress_calendar *cal) {
  int failed = 0;
  out->p = *p;
  out->cal = cal;
  out->p.name = dup_or_null(rd_desk_alloc(desk), p->name, &failed);
  out->p.category = dup_or_null(rd_desk_alloc(desk), p->category, &failed);
  out->p.customer_tier = dup_or_null(rd_desk_alloc(desk), p->customer_tier, &failed);
  out->p.calendar = dup_or_null(rd_desk_alloc(desk), p->calendar, &failed);
  if (!failed) return REDRESS_OK;
  free_policy_strings(rd_desk_alloc(desk), &out->p);
  return rd_fail(desk, REDRESS_ERR_NOMEM, "out of memory");
}

int redress_desk_add_policy(redress_desk *desk, const redress_policy *policy) {
  rd_deadline_ctx *dx = rd_deadline_ctx_of(desk);
  if (desk == NULL) return REDRESS_ERR_INVALID;
  if (policy == NULL) return rd_fail(desk, REDRESS_ERR_INVALID, "add_policy: policy is required");
  rd_ok(desk);
  if (policy->version < 1 || policy->version > REDRESS_POLICY_VERSION)
    return rd_fail(desk, REDRESS_ERR_VERSION, "policy version %u is not 1..%u", policy->version,
                   REDRESS_POLICY_VERSION);
  redress_policy given = policy_of_version(policy);
  policy = &given;
  int rc = check_policy(desk, policy);
  if (rc != REDRESS_OK) return rc;
  if (name_taken(desk, policy->name))
    return rd_fail(desk, REDRESS_ERR_EXISTS, "policy '%s' already exists", policy->name);
  const rd_named_calendar *cal = NULL;
  if (policy->calendar != NULL && (cal = find_calendar(desk, policy->calendar)) == NULL)
    return rd_fail(desk, REDRESS_ERR_NOTFOUND, "policy '%s': no calendar '%s'", policy->name,
                   policy->calendar);
  void *items = dx->policies;
  size_t cap = dx->n_policies;
  if (rd_reserve(rd_desk_alloc(desk), &items, &cap, dx->n_policies + 1, sizeof *dx->policies))
    return rd_fail(desk, REDRESS_ERR_NOMEM, "out of memory");
  dx->policies = items;
  rd_policy *added = rd_alloc(rd_desk_alloc(desk), sizeof *added);
  if (added == NULL) return rd_fail(desk, REDRESS_ERR_NOMEM, "out of memory");
  rc = copy_policy(added, desk, policy, cal ? cal->cal : NULL);
  if (rc != REDRESS_OK) {
    rd_free(rd_desk_alloc(desk), added);
    return rc;
  }
  dx->policies[dx->n_policies++] = added;
  return REDRESS_OK;
}

void rd_policies_free(redress_desk *desk) {
  rd_deadline_ctx *dx = rd_deadline_ctx_of(desk);
  for (size_t i = 0; i < dx->n_policies; i++) {
    free_policy_strings(rd_desk_alloc(desk), &dx->policies[i]->p);
    rd_free(rd_desk_alloc(desk), dx->policies[i]);
  }
  rd_free(rd_desk_alloc(desk), dx->policies);
  for (size_t i = 0; i < dx->n_calendars; i++) {
    rd_free(rd_desk_alloc(desk), dx->calendars[i].name);
    redress_calendar_free(dx->calendars[i].cal);
  }
  rd_free(rd_desk_alloc(desk), dx->calendars);
  redress_calendar_free(dx->always_open);
}

static int optional_equal(const char *want, const char *have) {
  return want == NULL || (have != NULL && strcmp(want, have) == 0);
}

static int matches(const redress_policy *p, const redress_complaint *c, int severity) {
  if (p->channels != 0 && !(p->channels & (1u << c->channel))) return 0;
  if (severity < p->min_severity) return 0;
  return optional_equal(p->category, c->category) &&
         optional_equal(p->customer_tier, c->customer_tier);
}

const rd_policy *rd_policy_select(const redress_complaint *c, int severity) {
  const rd_deadline_ctx *dx = rd_deadline_ctx_of_const(c->desk);
  for (size_t i = 0; i < dx->n_policies; i++)
    if (matches(&dx->policies[i]->p, c, severity)) return dx->policies[i];
  return &dx->fallback;
}

int rd_policy_calendar(const redress_calendar **out, redress_desk *desk, const rd_policy *p) {
  rd_deadline_ctx *dx = rd_deadline_ctx_of(desk);
  if (p->cal != NULL) {
    *out = p->cal;
    return REDRESS_OK;
  }
  if (dx->always_open == NULL) {
    int rc = redress_calendar_parse(&dx->always_open, desk, "24x7", 4);
    if (rc != REDRESS_OK) return rc;
  }
  *out = dx->always_open;
  return REDRESS_OK;
}

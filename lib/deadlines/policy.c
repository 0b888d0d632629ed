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
/* the newest struct starts with the version-1 one, member for member */
typedef char policy_v1_is_a_prefix[sizeof(policy_v1) == offsetof(redress_policy, next_reply) ? 1 : -1];

RD_SYMVER_IMPL policy_v1 rd_policy_init_1_0(void);
RD_SYMVER_IMPL redress_policy rd_policy_init_1_1(void);

redress_policy rd_policy_init_1_1(void) {
  redress_policy p = REDRESS_POLICY_INIT;
  return p;
}
RD_SYMVER_DEFAULT(rd_policy_init_1_1, redress_policy_init, "REDRESS_1.1");
#if !RD_HAVE_SYMVER
redress_policy redress_policy_init(void) { return rd_policy_init_1_1(); }
#endif

policy_v1 rd_policy_init_1_0(void) {
  redress_policy p = REDRESS_POLICY_INIT;
  policy_v1 old;
  memcpy(&old, &p, sizeof old); /* the same members, in the same places */
  old.version = 1;
  return old;
}
RD_SYMVER_OLD(rd_policy_init_1_0, redress_policy_init, "REDRESS_1.0");

/* Where each version of the struct ends. */
static size_t policy_size(unsigned version) {
  switch (version) {
  case 1: return offsetof(redress_policy, next_reply);
  case 2: return offsetof(redress_policy, policy_version);
  case 3: return offsetof(redress_policy, summary_resolve);
  case 4: return offsetof(redress_policy, team);
  default: return sizeof(redress_policy);
  }
}

/* The caller's policy by its version: members a version lacks take their defaults (no
 * NEXT_REPLY deadline, policy version 1). Never read past the caller's struct. */
redress_policy rd_policy_of_version(const redress_policy *in) {
  redress_policy p = REDRESS_POLICY_INIT;
  memcpy(&p, in, policy_size(in->version));
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

static int choose_policy(rd_pin *out, const redress_complaint *c, int severity,
                         const char *team);
static uint64_t fingerprint_of(const redress_policy *p, const redress_calendar *cal, int *failed,
                               const redress_allocator *a);

void rd_policies_init(redress_desk *desk) {
  rd_deadline_ctx *dx = rd_deadline_ctx_of(desk);
  int failed = 0;
  dx->fallback.p = default_policy();
  dx->fallback.cal = NULL;
  dx->fallback.current = 1;
  /* without memory the fingerprint stays 0: complaints then pin 0, checked alike */
  dx->fallback.fingerprint = fingerprint_of(&dx->fallback.p, NULL, &failed, rd_desk_alloc(desk));
  rd_complaint_ctx_of(desk)->choose_policy = choose_policy;
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
  if (rc == REDRESS_OK) rc = check_span(desk, "summary_resolve", p->summary_resolve);
  return rc;
}

/* Each row strictly ascending in 1..99, then zeros; rows of kinds that do not exist
 * empty, so that a level is never set where no deadline would raise it. */
static int check_warn_levels(redress_desk *desk, const redress_policy *p) {
  for (int k = 0; k < REDRESS_POLICY_KIND_SLOTS; k++) {
    const int *row = p->warn_levels[k];
    for (int i = 0; i < REDRESS_POLICY_WARN_LEVELS; i++) {
      if (row[i] == 0) {
        for (int j = i + 1; j < REDRESS_POLICY_WARN_LEVELS; j++)
          if (row[j] != 0)
            return rd_fail(desk, REDRESS_ERR_INVALID, "policy: warn_levels[%d] has a level after a 0", k);
        break;
      }
      if (k >= REDRESS_DEADLINE_KIND_COUNT)
        return rd_fail(desk, REDRESS_ERR_INVALID, "policy: warn_levels[%d] is no deadline kind", k);
      /* a summary target that passes is no breach, so nothing warns of it */
      if (k == REDRESS_DEADLINE_SUMMARY_RESOLVE)
        return rd_fail(desk, REDRESS_ERR_INVALID,
                       "policy: summary-resolve raises no alarms, so it has no warning levels");
      if (row[i] < 1 || row[i] > 99 || (i > 0 && row[i] <= row[i - 1]))
        return rd_fail(desk, REDRESS_ERR_INVALID,
                       "policy: warn_levels[%d] must ascend strictly within 1..99", k);
    }
  }
  return REDRESS_OK;
}

uint32_t rd_pause_mask(const redress_policy *p, int reason) {
  uint32_t mask = p->pause_stops[reason];
  if (reason == REDRESS_PAUSE_AWAITING_CUSTOMER && p->pause_when_awaiting_customer)
    mask |= 1u << REDRESS_DEADLINE_RESOLVE | 1u << REDRESS_DEADLINE_UPDATE;
  return mask;
}

/* Known kinds only, never PROMISE (its due is a date, not a target that can shift), and
 * no row for a reason that does not exist. */
static int check_pause_stops(redress_desk *desk, const redress_policy *p) {
  const uint32_t kinds = (1u << REDRESS_DEADLINE_KIND_COUNT) - 1u;
  for (int r = 0; r < REDRESS_POLICY_PAUSE_SLOTS; r++) {
    uint32_t m = p->pause_stops[r];
    if (m != 0 && r >= REDRESS_PAUSE_REASON_COUNT)
      return rd_fail(desk, REDRESS_ERR_INVALID, "policy: pause_stops[%d] is no pause reason", r);
    if (m & ~kinds)
      return rd_fail(desk, REDRESS_ERR_INVALID, "policy: pause_stops[%d] has unknown kind bits", r);
    if (m & (1u << REDRESS_DEADLINE_PROMISE))
      return rd_fail(desk, REDRESS_ERR_INVALID, "policy: a promise's clock cannot pause");
  }
  return REDRESS_OK;
}

static int check_numbers(redress_desk *desk, const redress_policy *p) {
  if (p->channels & ~ALL_CHANNELS)
    return rd_fail(desk, REDRESS_ERR_INVALID, "policy: channels has unknown bits");
  if (p->min_severity < 0 || p->min_severity >= REDRESS_SEVERITY_COUNT)
    return rd_fail(desk, REDRESS_ERR_INVALID, "policy: min_severity %d is not a severity",
                   p->min_severity);
  if (p->warn_percent < 0 || p->warn_percent > 99)
    return rd_fail(desk, REDRESS_ERR_INVALID, "policy: warn_percent must be 0..99");
  int rc = check_warn_levels(desk, p);
  if (rc == REDRESS_OK) rc = check_pause_stops(desk, p);
  if (rc != REDRESS_OK) return rc;
  if (p->policy_version == 0)
    return rd_fail(desk, REDRESS_ERR_INVALID, "policy: policy_version must be 1 or more");
  if (p->pause_when_awaiting_customer != 0 && p->pause_when_awaiting_customer != 1)
    return rd_fail(desk, REDRESS_ERR_INVALID, "policy: pause_when_awaiting_customer must be 0 or 1");
  rc = rd_check_amount(desk, "policy min_compensation", p->min_compensation);
  if (rc == REDRESS_OK) rc = rd_check_amount(desk, "policy max_compensation", p->max_compensation);
  if (rc == REDRESS_OK && p->min_compensation != REDRESS_AMOUNT_UNKNOWN &&
      p->max_compensation != REDRESS_AMOUNT_UNKNOWN && p->min_compensation > p->max_compensation)
    rc = rd_fail(desk, REDRESS_ERR_INVALID, "policy: min_compensation is above max_compensation");
  return rc;
}

/* Complaints keep an empty category, tier or team as none, so an empty filter could never
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
  if (rc == REDRESS_OK) rc = check_filter(desk, "policy team", p->team);
  if (rc == REDRESS_OK)
    rc = rd_check_name(desk, "policy calendar", p->calendar, REDRESS_MAX_NAME_BYTES, false);
  if (rc == REDRESS_OK) rc = check_numbers(desk, p);
  if (rc == REDRESS_OK) rc = check_spans(desk, p);
  return rc;
}

const rd_policy *rd_policy_find(const redress_desk *desk, const char *name, unsigned version) {
  const rd_deadline_ctx *dx = rd_deadline_ctx_of_const(desk);
  const rd_policy *found = NULL;
  if (strcmp(name, dx->fallback.p.name) == 0 && version <= 1) return &dx->fallback;
  for (size_t i = 0; i < dx->n_policies; i++) {
    const rd_policy *q = dx->policies[i];
    if (strcmp(q->p.name, name) != 0) continue;
    if (version == 0 ? q->current : q->p.policy_version == version) found = q;
  }
  return found;
}

/* FNV-1a: a stable 64-bit digest, the same on every platform. */
static uint64_t fnv1a(uint64_t h, const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    h ^= (unsigned char)s[i];
    h *= 0x100000001b3ull;
  }
  return h;
}

/* What a pin checks: the policy's canonical spec and its calendar's spec, so that a
 * version edited in place (or its calendar) is noticed rather than applied. */
static uint64_t fingerprint_of(const redress_policy *p, const redress_calendar *cal, int *failed,
                               const redress_allocator *a) {
  rd_text t = {a, NULL, 0, 0, 0};
  rd_policy_print(&t, p);
  uint64_t h = 0xcbf29ce484222325ull;
  if (t.buf != NULL) h = fnv1a(h, t.buf, t.len);
  const char *spec = cal != NULL ? redress_calendar_spec(cal) : "";
  h = fnv1a(h, "\n\0calendar\n", 11);
  h = fnv1a(h, spec, strlen(spec));
  *failed = t.failed;
  rd_free(a, t.buf);
  return h;
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
  rd_free(a, (void *)(uintptr_t)p->team);
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
  out->p.team = dup_or_null(rd_desk_alloc(desk), p->team, &failed);
  out->p.calendar = dup_or_null(rd_desk_alloc(desk), p->calendar, &failed);
  if (!failed) return REDRESS_OK;
  free_policy_strings(rd_desk_alloc(desk), &out->p);
  return rd_fail(desk, REDRESS_ERR_NOMEM, "out of memory");
}

/* The newest version of a name is the one new complaints may choose. */
static void mark_current(redress_desk *desk, rd_policy *added) {
  rd_deadline_ctx *dx = rd_deadline_ctx_of(desk);
  added->current = 1;
  for (size_t i = 0; i < dx->n_policies; i++) {
    rd_policy *q = dx->policies[i];
    if (q == added || strcmp(q->p.name, added->p.name) != 0) continue;
    if (q->p.policy_version > added->p.policy_version) added->current = 0;
    else q->current = 0;
  }
}

void rd_policy_remove_last(redress_desk *desk) {
  rd_deadline_ctx *dx = rd_deadline_ctx_of(desk);
  rd_policy *last = dx->policies[--dx->n_policies];
  if (last->current) {
    /* the newest remaining version of its name is current again */
    rd_policy *newest = NULL;
    for (size_t i = 0; i < dx->n_policies; i++) {
      rd_policy *q = dx->policies[i];
      if (strcmp(q->p.name, last->p.name) == 0 &&
          (newest == NULL || q->p.policy_version > newest->p.policy_version))
        newest = q;
    }
    if (newest != NULL) newest->current = 1;
  }
  free_policy_strings(rd_desk_alloc(desk), &last->p);
  rd_free(rd_desk_alloc(desk), last);
}

int redress_desk_add_policy(redress_desk *desk, const redress_policy *policy) {
  if (desk == NULL) return REDRESS_ERR_INVALID;
  if (policy == NULL) return rd_fail(desk, REDRESS_ERR_INVALID, "add_policy: policy is required");
  rd_ok(desk);
  if (policy->version < 1 || policy->version > REDRESS_POLICY_VERSION)
    return rd_fail(desk, REDRESS_ERR_VERSION, "policy version %u is not 1..%u", policy->version,
                   REDRESS_POLICY_VERSION);
  redress_policy given = rd_policy_of_version(policy);
  return rd_policy_add(desk, &given);
}

int rd_policy_check(redress_desk *desk, const redress_policy *policy) {
  if (policy->version < 1 || policy->version > REDRESS_POLICY_VERSION)
    return rd_fail(desk, REDRESS_ERR_VERSION, "policy version %u is not 1..%u", policy->version,
                   REDRESS_POLICY_VERSION);
  redress_policy given = rd_policy_of_version(policy);
  return check_policy(desk, &given);
}

int rd_policy_add(redress_desk *desk, const redress_policy *policy) {
  rd_deadline_ctx *dx = rd_deadline_ctx_of(desk);
  int rc = check_policy(desk, policy);
  if (rc != REDRESS_OK) return rc;
  if (rd_policy_find(desk, policy->name, policy->policy_version) != NULL)
    return rd_fail(desk, REDRESS_ERR_EXISTS, "policy '%s' version %u already exists",
                   policy->name, policy->policy_version);
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
  int failed = 0;
  if (rc == REDRESS_OK) {
    added->fingerprint = fingerprint_of(&added->p, added->cal, &failed, rd_desk_alloc(desk));
    if (failed) {
      free_policy_strings(rd_desk_alloc(desk), &added->p);
      rc = rd_fail(desk, REDRESS_ERR_NOMEM, "out of memory");
    }
  }
  if (rc != REDRESS_OK) {
    rd_free(rd_desk_alloc(desk), added);
    return rc;
  }
  dx->policies[dx->n_policies++] = added;
  mark_current(desk, added);
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

static int matches(const redress_policy *p, const redress_complaint *c, int severity,
                   const char *team) {
  if (p->channels != 0 && !(p->channels & (1u << c->channel))) return 0;
  if (severity < p->min_severity) return 0;
  return optional_equal(p->category, c->category) &&
         optional_equal(p->customer_tier, c->customer_tier) && optional_equal(p->team, team);
}

const rd_policy *rd_policy_select_team(const redress_complaint *c, int severity, const char *team) {
  const rd_deadline_ctx *dx = rd_deadline_ctx_of_const(c->desk);
  for (size_t i = 0; i < dx->n_policies; i++)
    if (dx->policies[i]->current && matches(&dx->policies[i]->p, c, severity, team))
      return dx->policies[i];
  return &dx->fallback;
}

const rd_policy *rd_policy_select(const redress_complaint *c, int severity) {
  return rd_policy_select_team(c, severity, rd_complaint_team(c));
}

/* The built-in "default" is the library's, documented and never edited by a host: a
 * complaint that falls back on it records nothing, and its documents stay as they were. */
static int choose_policy(rd_pin *out, const redress_complaint *c, int severity,
                         const char *team) {
  const rd_policy *p = rd_policy_select_team(c, severity, team);
  if (p == &rd_deadline_ctx_of_const(c->desk)->fallback) return REDRESS_OK;
  out->version = p->p.policy_version;
  out->fingerprint = p->fingerprint;
  out->name = (char *)(uintptr_t)p->p.name;
  out->calendar = (char *)(uintptr_t)p->p.calendar;
  return REDRESS_OK;
}

int rd_policy_pinned(const rd_policy **out, const redress_complaint *c, const rd_pin *pin) {
  const rd_policy *p = rd_policy_find(c->desk, pin->name, pin->version);
  if (p == NULL)
    return rd_fail(c->desk, REDRESS_ERR_NOTFOUND,
                   "complaint '%.64s' runs under policy '%.64s' version %u, which this desk "
                   "does not have", c->id, pin->name, pin->version);
  if (p->fingerprint != pin->fingerprint)
    return rd_fail(c->desk, REDRESS_ERR_NOTFOUND,
                   "complaint '%.64s' runs under policy '%.64s' version %u, which this desk "
                   "holds edited (or its calendar): add the edit as a new version",
                   c->id, pin->name, pin->version);
  *out = p;
  return REDRESS_OK;
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

int redress_desk_policy(redress_policy *out, redress_desk *desk, const char *name,
                        unsigned policy_version) {
  if (desk == NULL) return REDRESS_ERR_INVALID;
  if (out == NULL || name == NULL)
    return rd_fail(desk, REDRESS_ERR_INVALID, "desk_policy: out and name are required");
  rd_ok(desk);
  const rd_policy *p = rd_policy_find(desk, name, policy_version);
  if (p == NULL)
    return rd_fail(desk, REDRESS_ERR_NOTFOUND, "no policy '%.64s' version %u", name,
                   policy_version);
  *out = p->p;
  return REDRESS_OK;
}

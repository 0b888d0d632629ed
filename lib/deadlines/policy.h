/* Policies and the named calendars they run on (policy.c): the part of the desk the
 * deadlines layer owns, and how a complaint finds its policy. Not installed. */
#ifndef RD_POLICY_INTERNAL_H
#define RD_POLICY_INTERNAL_H

#include "complaint/complaint.h"

/* A policy as the desk keeps it: strings owned, calendar resolved (NULL: always open). */
typedef struct rd_policy {
  redress_policy p;
  const redress_calendar *cal;
  uint64_t fingerprint; /* of its canonical spec and its calendar's spec (rd_pin) */
  int current;          /* the newest version of its name: new complaints may choose it */
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

/* The deadline kinds (bits 1u << kind) a wait of `reason` stops under policy p. */
uint32_t rd_pause_mask(const redress_policy *p, int reason);
/* Sets up the desk's built-in default policy (desk_open). */
void rd_policies_init(redress_desk *desk);
/* The policy that applies to c if its severity and team were `severity` and `team`
 * (NULL: none). Never NULL. */
const rd_policy *rd_policy_select_team(const redress_complaint *c, int severity, const char *team);
/* The same with c's current team. */
const rd_policy *rd_policy_select(const redress_complaint *c, int severity);
/* The calendar a policy runs on; parses the always-open one on first use. */
int rd_policy_calendar(const redress_calendar **out, redress_desk *desk, const rd_policy *p);
void rd_policies_free(redress_desk *desk);
/* The policy a pin names, checked against its fingerprint; NOTFOUND (with a message
 * naming the complaint) when the desk lacks that version or holds an edited one. */
int rd_policy_pinned(const rd_policy **out, const redress_complaint *c, const rd_pin *pin);
/* policy.c: adds a checked policy (spec loading adds several, then may take them back). */
int rd_policy_add(redress_desk *desk, const redress_policy *policy);
void rd_policy_remove_last(redress_desk *desk);
/* The caller's struct of any known version as the newest; and the checks of add_policy
 * (VERSION, INVALID) without adding. */
redress_policy rd_policy_of_version(const redress_policy *in);
int rd_policy_check(redress_desk *desk, const redress_policy *policy);
/* A desk policy by name and version (0: the newest), or NULL. */
const rd_policy *rd_policy_find(const redress_desk *desk, const char *name, unsigned version);

/* ---- policy specs (policy_print.c, policy_parse.c, policy_clauses.c) ---- */

/* A growing NUL-terminated text; `failed` once an allocation failed. */
typedef struct rd_text {
  const redress_allocator *alloc;
  char *buf;
  size_t len, cap;
  int failed;
} rd_text;
void rd_text_put(rd_text *t, const char *s, size_t n);

/* One word of a clause: unescaped when it was quoted; col counts bytes from 1. */
typedef struct rd_token {
  const char *s;
  size_t n;
  size_t col;
} rd_token;

/* Policies parsed from a spec: their strings allocated with the desk's allocator. */
typedef struct rd_policy_list {
  redress_policy *items;
  size_t n, cap;
} rd_policy_list;

void rd_policy_print(rd_text *t, const redress_policy *p);
void rd_policy_print_warnings(rd_text *t, const redress_policy *p);
void rd_policy_print_pauses(rd_text *t, const redress_policy *p);
int rd_span_unit_parse(redress_span *out, const char *word, size_t n, int64_t amount);
int rd_policy_spec_parse(rd_policy_list *out, redress_desk *desk, const char *spec, size_t len);
void rd_policy_list_free(redress_desk *desk, rd_policy_list *l);
int rd_policy_fail_at(redress_desk *desk, size_t line, size_t col, const char *expected);
/* A deadline kind as the spec spells it ("follow-up"), or NULL; a pause reason too. */
const char *rd_kind_word(int kind);
const char *rd_reason_word(int reason);
/* The "warn" and "pause" clauses of policy p (toks[0] is the keyword). */
int rd_policy_parse_warn(redress_desk *desk, redress_policy *p, size_t line, const rd_token *toks,
                         size_t n);
int rd_policy_parse_pause(redress_desk *desk, redress_policy *p, size_t line,
                          const rd_token *toks, size_t n);

#endif

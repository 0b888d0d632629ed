/* The policy versions a complaint's events chose: the record that keeps its deadlines
 * as they were when the desk's policies change (docs/deadlines.md, "Policy versions"). */
#include "complaint/complaint.h"

#include <string.h>

int rd_event_chooses_policy(int kind) {
  return kind == REDRESS_EVENT_CREATE || kind == REDRESS_EVENT_SET_SEVERITY ||
         kind == REDRESS_EVENT_MIGRATE_POLICY || kind == REDRESS_EVENT_ASSIGN;
}

int rd_same_team(const char *a, const char *b) {
  return a == b || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/* An assignment to another team chooses again, as a change of severity does (a team's
 * policy then applies); one that keeps the team, or only changes the owner, does not,
 * so that it never moves a complaint to a newer version of its policy. ev is about to
 * be appended to c: c's team is still the one before it. */
int rd_event_chooses_policy_in(const redress_complaint *c, const redress_event *ev) {
  if (ev->kind != REDRESS_EVENT_ASSIGN) return rd_event_chooses_policy(ev->kind);
  return !rd_same_team(rd_event_text(ev, RD_SLOT_TEAM), rd_complaint_team(c));
}

const rd_pin *rd_complaint_pin(const redress_complaint *c, uint32_t seq) {
  for (size_t i = 0; i < c->n_pins; i++)
    if (c->pins[i].seq == seq) return &c->pins[i];
  return NULL;
}

static void free_pin(const redress_allocator *a, rd_pin *pin) {
  rd_free(a, pin->name);
  rd_free(a, pin->calendar);
  pin->name = pin->calendar = NULL;
}

void rd_complaint_free_pins(redress_complaint *c) {
  const redress_allocator *a = rd_desk_alloc(c->desk);
  for (size_t i = 0; i < c->n_pins; i++) free_pin(a, &c->pins[i]);
  rd_free(a, c->pins);
  c->pins = NULL;
  c->n_pins = c->cap_pins = 0;
}

/* Copies the strings of a borrowed pin and makes room for it in c. */
static int own_pin(rd_pin *out, redress_complaint *c, const rd_pin *borrowed) {
  const redress_allocator *a = rd_desk_alloc(c->desk);
  *out = *borrowed;
  out->name = rd_memdup(a, borrowed->name, strlen(borrowed->name));
  out->calendar =
      borrowed->calendar ? rd_memdup(a, borrowed->calendar, strlen(borrowed->calendar)) : NULL;
  void *items = c->pins;
  int failed = out->name == NULL || (borrowed->calendar != NULL && out->calendar == NULL) ||
               rd_reserve(a, &items, &c->cap_pins, c->n_pins + 1, sizeof *c->pins) != REDRESS_OK;
  c->pins = items;
  if (!failed) return REDRESS_OK;
  free_pin(a, out);
  return rd_fail(c->desk, REDRESS_ERR_NOMEM, "out of memory");
}

static const char *team_chosen_by(const redress_complaint *c, const redress_event *ev) {
  return ev->kind == REDRESS_EVENT_ASSIGN ? rd_event_text(ev, RD_SLOT_TEAM) : rd_complaint_team(c);
}

static int severity_chosen_by(const redress_complaint *c, const redress_event *ev) {
  switch (ev->kind) {
  case REDRESS_EVENT_CREATE: return c->initial_severity;
  case REDRESS_EVENT_SET_SEVERITY: return (int)rd_event_num(ev, REDRESS_FIELD_SEVERITY);
  default: return c->severity;
  }
}

int rd_complaint_prepare_pin(rd_pin *out, redress_complaint *c, const redress_event *ev) {
  memset(out, 0, sizeof *out);
  rd_policy_chooser choose = rd_complaint_ctx_of(c->desk)->choose_policy;
  /* the decoder's replay takes the pins the document recorded, not today's choice */
  if (choose == NULL || c->decoding || !rd_event_chooses_policy_in(c, ev)) return REDRESS_OK;
  rd_pin borrowed;
  memset(&borrowed, 0, sizeof borrowed);
  int rc = choose(&borrowed, c, severity_chosen_by(c, ev), team_chosen_by(c, ev));
  if (rc != REDRESS_OK || borrowed.name == NULL) return rc; /* the built-in default: none */
  return own_pin(out, c, &borrowed);
}

void rd_complaint_keep_pin(redress_complaint *c, rd_pin *pin, uint32_t seq) {
  if (pin->name == NULL) return;
  pin->seq = seq;
  c->pins[c->n_pins++] = *pin;
}

int rd_complaint_add_pin(redress_complaint *c, const rd_pin *pin) {
  redress_desk *desk = c->desk;
  if (pin->seq == 0 || pin->seq > c->n_events ||
      !rd_event_chooses_policy(c->events[pin->seq - 1]->kind))
    return rd_fail(desk, REDRESS_ERR_INVALID, "policy pin: event %u chooses no policy", pin->seq);
  if (c->n_pins > 0 && c->pins[c->n_pins - 1].seq >= pin->seq)
    return rd_fail(desk, REDRESS_ERR_INVALID, "policy pin: event %u is out of order or repeated",
                   pin->seq);
  int rc = rd_check_name(desk, "policy pin name", pin->name, REDRESS_MAX_NAME_BYTES, true);
  if (rc == REDRESS_OK)
    rc = rd_check_name(desk, "policy pin calendar", pin->calendar, REDRESS_MAX_NAME_BYTES, false);
  if (rc == REDRESS_OK && pin->version == 0)
    rc = rd_fail(desk, REDRESS_ERR_INVALID, "policy pin: version 0");
  if (rc != REDRESS_OK) return rc;
  rd_pin owned;
  rc = own_pin(&owned, c, pin);
  if (rc == REDRESS_OK) c->pins[c->n_pins++] = owned;
  return rc;
}
